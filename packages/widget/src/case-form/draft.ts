// The case draft kept in localStorage until the server confirms the case: the fields (not the
// files, which storage cannot hold) and the Idempotency-Key of this draft, so a retry after a
// lost answer never makes a second case. One draft per server and locale.

export const DRAFT_VERSION = 1;

export interface DraftFields {
  name: string;
  email: string;
  subject: string;
  description: string;
  category: string;
}

export interface Draft {
  v: typeof DRAFT_VERSION;
  /** The Idempotency-Key of every attempt to send this draft. */
  key: string;
  fields: DraftFields;
}

export const EMPTY_FIELDS: DraftFields = { name: '', email: '', subject: '', description: '', category: '' };

export const draftKey = (server: string, locale: string): string => `ayuda:case-draft:${server}:${locale}`;

export { newIdempotencyKey } from '@ayuda/client';

/** The stored draft, or null (none, unreadable, or another version). Storage may be off (private mode): then null. */
export function loadDraft(key: string): Draft | null {
  try {
    const d = JSON.parse(localStorage.getItem(key) ?? 'null') as Draft | null;
    if (!d || d.v !== DRAFT_VERSION || typeof d.key !== 'string' || typeof d.fields !== 'object') return null;
    return { v: DRAFT_VERSION, key: d.key, fields: { ...EMPTY_FIELDS, ...pickStrings(d.fields) } };
  } catch {
    return null;
  }
}

export function saveDraft(key: string, draft: Draft | null): void {
  try {
    if (draft) localStorage.setItem(key, JSON.stringify(draft));
    else localStorage.removeItem(key);
  } catch {
    /* storage full or disabled: the form still works, only without the safety net */
  }
}

function pickStrings(o: object): Partial<DraftFields> {
  const out: Partial<DraftFields> = {};
  for (const k of Object.keys(EMPTY_FIELDS) as Array<keyof DraftFields>) {
    const v = (o as Record<string, unknown>)[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}
