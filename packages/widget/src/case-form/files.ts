// What both case components know about files and problem details: the limits, sizes in words,
// the browser-side checks (the server checks again, against each file's content), and the
// mapping from an API error's `errors[].field` to a form field.
import type { Catalogue } from '../i18n/index.js';
import { format } from '../i18n/format.js';

import { CASE_LIMITS } from '@ayuda/core/limits';

/** The server's limits, from the zod-free entry of @ayuda/core. */
export const CASE_FORM_LIMITS = CASE_LIMITS;

/** Milliseconds without typing before the suggestions are searched again. */
export const SUGGEST_DEBOUNCE_MS = 300;
/** Suggestions shown while the customer types. */
export const SUGGESTION_LIMIT = 3;

/** "10 MB", "1,2 kB" in the catalogue's language. */
export function fileSize(cat: Catalogue, bytes: number): string {
  const [n, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'megabyte'] : bytes >= 1024 ? [bytes / 1024, 'kilobyte'] : [bytes, 'byte'];
  return new Intl.NumberFormat(cat.locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: n < 10 ? 1 : 0 }).format(n);
}

/** The problem with one file, in words, or '' when it may be sent. */
export function fileProblem(cat: Catalogue, f: File): string {
  const c = cat.cases;
  const name = f.name;
  if (!f.size) return format(c.errFileEmpty, { name });
  if (f.size > CASE_FORM_LIMITS.attachmentBytesMax) return format(c.errFileLarge, { name, size: fileSize(cat, CASE_FORM_LIMITS.attachmentBytesMax) });
  // The browser's claimed type is only a first check (the server looks at the content); an
  // unknown type (empty string) is left to the server.
  if (f.type && !(CASE_FORM_LIMITS.attachmentTypes as readonly string[]).includes(f.type)) return format(c.errFileType, { name });
  return '';
}

/** `body.email` → `email`; `body.attachments.2` → `attachments.2`; `header.Idempotency-Key` → ''. */
export function fieldOf(apiField: string): string {
  return apiField.startsWith('body.') ? apiField.slice(5) : '';
}

export const ACCEPT = CASE_FORM_LIMITS.attachmentTypes.join(',');
