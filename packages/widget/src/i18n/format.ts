// Messages, plurals, numbers, dates and language names through Intl.
import type { Catalogue, PluralForms } from './types.js';

/** Fills `{name}` placeholders. */
export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/**
 * Picks the plural form for `n` with `Intl.PluralRules` and formats `n` with `Intl.NumberFormat`;
 * `more` fills other numeric placeholders, formatted the same way.
 */
export function plural(cat: Catalogue, forms: PluralForms, n: number, more: Record<string, number> = {}): string {
  const form = forms[new Intl.PluralRules(cat.locale).select(n)] ?? forms.other;
  const number = new Intl.NumberFormat(cat.locale);
  return format(form, Object.fromEntries(Object.entries({ ...more, n }).map(([k, v]) => [k, number.format(v)])));
}

/** A date (`YYYY-MM-DD` or ISO instant) in the catalogue's language, e.g. "3 de noviembre de 2026". */
export function formatDate(cat: Catalogue, iso: string): string {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(cat.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

/** The name of language `target` in the catalogue's language ("inglés", "Spanish"). */
export function languageName(cat: Catalogue, target: string): string {
  try {
    return new Intl.DisplayNames([cat.locale], { type: 'language' }).of(target) ?? target;
  } catch {
    return target;
  }
}
