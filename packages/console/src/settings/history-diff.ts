// What each revision of a settings section changed, as short lines in the admin's language
// ("Company name: Nube → Nubefibra Telecom"), for the history under the form. Pure: the labels
// come from the section's form (SectionForm.historyField), the words from the screen's catalogue.

/** A place in a section's value: its keys, list positions as digits (`['hours', 'week', 'mon', '0', 'from']`). */
export type Path = readonly string[];

/** One difference between two values of a section. */
export type Change =
  | { kind: 'changed'; path: Path; before: unknown; after: unknown }
  /** A list item or a key that is new; `path` is the item's own (its list's, plus its position). */
  | { kind: 'added'; path: Path; value: unknown; item: boolean }
  | { kind: 'removed'; path: Path; value: unknown; item: boolean };

/** How a form names a path and shows its values (both optional: the history falls back on the keys). */
export interface HistoryField {
  label?: string;
  format?: (value: unknown) => string | undefined;
}
export type FieldOf = (path: Path) => HistoryField | undefined;

/** The catalogue's words the lines are made of (SettingsStrings has them all). */
export interface HistoryWords {
  yes: string;
  no: string;
  none: string;
  empty: string;
  entries: (n: number) => string;
  changeLine: (label: string, before: string, after: string) => string;
  addedLine: (label: string, value: string) => string;
  removedLine: (label: string, value: string) => string;
  valueLine: (label: string, value: string) => string;
}

export type RevisionSummary =
  /** Back to the start value (the revision's value is null). */
  | { kind: 'start' }
  /** Saved again as it was. */
  | { kind: 'same' }
  | { kind: 'changes'; lines: string[]; more: number }
  /** Nothing earlier to compare with: the values it set. */
  | { kind: 'set'; lines: string[]; more: number };

export interface RevisionLike {
  version: number;
  value: Record<string, unknown> | null;
}

/** Changes listed per revision before "and N more". */
export const HISTORY_LINES_MAX = 8;
/** Characters of a value shown before an ellipsis. */
export const HISTORY_VALUE_MAX = 60;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || (typeof v !== 'object' && typeof v !== 'function');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Lists of objects with a unique string `key` (the fast lane's plans) are matched by it, not by position. */
function keys(list: readonly unknown[]): string[] | null {
  const ks = list.map((x) => (isObj(x) && typeof x.key === 'string' ? x.key : null));
  return ks.every((k): k is string => k !== null) && new Set(ks).size === ks.length ? ks : null;
}

/** What changed from `before` to `after`, in the order of `after`'s keys (then those gone). */
export function diffValues(before: unknown, after: unknown, path: Path = []): Change[] {
  if (same(before, after)) return [];
  if (isObj(before) && isObj(after)) {
    const out: Change[] = [];
    for (const k of Object.keys(after)) {
      if (after[k] === undefined) continue;
      if (!Object.hasOwn(before, k) || before[k] === undefined) out.push({ kind: 'added', path: [...path, k], value: after[k], item: false });
      else out.push(...diffValues(before[k], after[k], [...path, k]));
    }
    for (const k of Object.keys(before)) {
      if (before[k] !== undefined && (!Object.hasOwn(after, k) || after[k] === undefined)) out.push({ kind: 'removed', path: [...path, k], value: before[k], item: false });
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.every(isScalar) && after.every(isScalar)) {
      const gone = before.filter((x) => !after.some((y) => same(x, y)));
      const come = after.filter((x) => !before.some((y) => same(x, y)));
      // Only the order (or how often an item is there) changed: the whole list, before and after.
      if (!gone.length && !come.length) return [{ kind: 'changed', path, before, after }];
      return [
        ...come.map((value): Change => ({ kind: 'added', path: [...path, String(after.indexOf(value))], value, item: true })),
        ...gone.map((value): Change => ({ kind: 'removed', path: [...path, String(before.indexOf(value))], value, item: true })),
      ];
    }
    const bk = keys(before);
    const ak = keys(after);
    if (bk && ak) {
      const out: Change[] = [];
      ak.forEach((k, i) => {
        const j = bk.indexOf(k);
        if (j < 0) out.push({ kind: 'added', path: [...path, String(i)], value: after[i], item: true });
        else out.push(...diffValues(before[j], after[i], [...path, String(i)]));
      });
      bk.forEach((k, j) => {
        if (!ak.includes(k)) out.push({ kind: 'removed', path: [...path, String(j)], value: before[j], item: true });
      });
      const kept = (ks: string[], other: string[]) => ks.filter((k) => other.includes(k));
      if (!same(kept(bk, ak), kept(ak, bk))) out.push({ kind: 'changed', path, before: bk, after: ak });
      return out;
    }
    const out: Change[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      const p = [...path, String(i)];
      if (i >= before.length) out.push({ kind: 'added', path: p, value: after[i], item: true });
      else if (i >= after.length) out.push({ kind: 'removed', path: p, value: before[i], item: true });
      else out.push(...diffValues(before[i], after[i], p));
    }
    return out;
  }
  return [{ kind: 'changed', path, before, after }];
}

/** The leaves of a value, each as a change from nothing (for a revision with nothing before it; an audit entry's request). */
export function leaves(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  if (isObj(value)) return Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : leaves(v, [...path, k])));
  if (Array.isArray(value) && !value.every(isScalar)) return value.flatMap((v, i) => leaves(v, [...path, String(i)]));
  return [{ path, value }];
}

/** `caseOverheadMinor` → "Case overhead minor"; a list position `2` → "3". */
function humanise(key: string): string {
  if (/^\d+$/.test(key)) return String(Number(key) + 1);
  const words = key.replace(/([a-z\d])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return /^\d{4}-\d{2}-\d{2}$/.test(key) ? key : words.charAt(0).toUpperCase() + words.slice(1);
}

/** The form's label for the longest labelled start of the path, then the rest of its keys made readable. */
export function fieldLabel(path: Path, field: FieldOf): string {
  for (let n = path.length; n > 0; n--) {
    const label = field(path.slice(0, n))?.label;
    if (label) return [label, ...path.slice(n).map(humanise)].join(' › ');
  }
  return path.map(humanise).join(' › ');
}

const cut = (s: string, max = HISTORY_VALUE_MAX) => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s);

/** A value as an admin reads it: yes/no, lists joined, objects summarised, long ones cut. */
export function showValue(value: unknown, w: HistoryWords, format?: HistoryField['format']): string {
  const formatted = format?.(value);
  if (formatted !== undefined) return cut(formatted);
  return cut(plain(value, w, 1));
}

function plain(value: unknown, w: HistoryWords, depth: number): string {
  if (value === null || value === undefined) return w.none;
  if (typeof value === 'boolean') return value ? w.yes : w.no;
  if (typeof value === 'string') return value === '' ? w.empty : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : w.none;
  if (Array.isArray(value)) {
    if (value.length === 0) return w.none;
    return value.every(isScalar) ? value.map((v) => plain(v, w, depth)).join(', ') : w.entries(value.length);
  }
  if (isObj(value)) {
    if (depth <= 0) return '…';
    const parts = Object.entries(value).filter(([, v]) => v !== undefined);
    return parts.length ? parts.map(([k, v]) => `${humanise(k)}: ${plain(v, w, depth - 1)}`).join(', ') : w.none;
  }
  return String(value);
}

/** One change as a line: "<label>: <old> → <new>", "<label>: added <value>". */
export function changeLine(c: Change, field: FieldOf, w: HistoryWords): string {
  const own = field(c.path);
  if (c.kind === 'changed') return w.changeLine(fieldLabel(c.path, field), showValue(c.before, w, own?.format), showValue(c.after, w, own?.format));
  // An item is named by its list; its value shown as the item's own path would show it.
  const label = fieldLabel(c.item ? c.path.slice(0, -1) : c.path, field);
  const value = showValue(c.value, w, own?.format);
  return c.kind === 'added' ? w.addedLine(label, value) : w.removedLine(label, value);
}

/**
 * Each revision (newest first, as the history lists them) against the one before it, the next
 * older in the list: null there is the start value. The oldest listed is compared with the
 * start value only when it is the first change ever (version 1); a longer history was cut,
 * so nothing known came before it and it lists the values it set.
 */
export function summariseHistory(revisions: readonly RevisionLike[], start: unknown, o: { field: FieldOf; words: HistoryWords; max?: number }): RevisionSummary[] {
  const max = o.max ?? HISTORY_LINES_MAX;
  const capped = (lines: string[]) => ({ lines: lines.slice(0, max), more: Math.max(0, lines.length - max) });
  return revisions.map((r, i) => {
    if (r.value === null) return { kind: 'start' };
    const older = revisions[i + 1];
    const before = older ? (older.value ?? start) : r.version === 1 ? start : undefined;
    if (before === undefined) return { kind: 'set', ...capped(leaves(r.value).map((l) => o.words.valueLine(fieldLabel(l.path, o.field), showValue(l.value, o.words, o.field(l.path)?.format)))) };
    const changes = diffValues(before, r.value);
    return changes.length ? { kind: 'changes', ...capped(changes.map((c) => changeLine(c, o.field, o.words))) } : { kind: 'same' };
  });
}
