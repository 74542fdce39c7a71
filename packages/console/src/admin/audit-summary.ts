// What an audit entry says, in the admin's language: the action's name, a few short lines of its
// details (a draft's save: the article's title and which fields changed; other actions: the
// values they set) and where what it acted on is in the console. Pure: the lines are made as the
// settings history makes its own (history-diff.ts), the words come from the admin's catalogue.
import type { AuditEntry } from '@ayuda/client/staff';
import { changeLine, diffValues, fieldLabel, leaves, showValue, type FieldOf, type HistoryField, type HistoryWords, type Path } from '../settings/history-diff.js';
import { parseRoute, routeHref, type Route } from '../internal/router.js';

/** The catalogue's words the summaries are made of (AdminStrings.audit has them all). */
export interface AuditWords extends HistoryWords {
  /** Actions by their dotted name (`case.reply`); one not named here shows as its name. */
  actions: Readonly<Record<string, string>>;
  /** Labels of the keys the requests and entries carry (`status`, `reason`, an article's `title`). */
  fields: Readonly<Record<string, string>>;
  /** The article a draft's save was about, by its title. */
  article: (title: string) => string;
  newArticle: string;
  /** A draft's text changed (never shown: the log does not keep it). */
  textChanged: string;
  savedUnchanged: string;
  /** A draft's save recorded before the log kept which fields changed. */
  changesNotKept: string;
  /** A request too long to keep whole (`{ truncated: true, json }`). */
  truncated: string;
}

export interface AuditSummary {
  /** The action in words, or its dotted name when the catalogue has none. */
  action: string;
  lines: string[];
  /** Lines left out after AUDIT_LINES_MAX. */
  more: number;
}

/** Detail lines shown per entry before "and N more" (the full JSON is folded beside them). */
export const AUDIT_LINES_MAX = 4;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A key is named by the catalogue; a path of several (a settings value's) by its last labelled one. */
const fieldsOf =
  (w: AuditWords, format?: (key: string) => HistoryField['format']): FieldOf =>
  (path: Path) => {
    const key = path.at(-1)!;
    const label = w.fields[key];
    if (!label) return undefined;
    const f = format?.(key);
    return f ? { label, format: f } : { label };
  };

/** A draft's save: the article's title, then what changed (old entries kept the whole request instead). */
function draftSave(data: Obj, w: AuditWords, field: FieldOf): string[] {
  const changed: unknown = data.changed;
  if (Array.isArray(changed)) {
    const head = w.article(String(data.title ?? ''));
    if (data.created === true) return [head, w.newArticle];
    if (!changed.length) return [head, w.savedUnchanged];
    // In the order of `changed` (the form's): the database keeps an object's keys in its own order.
    const order = (c: { path: Path }) => changed.indexOf(c.path[0]);
    const lines = diffValues(data.before ?? {}, data.after ?? {})
      .sort((a, b) => order(a) - order(b))
      .map((c) => changeLine(c, field, w));
    return [head, ...lines, ...(changed.includes('body') ? [w.textChanged] : [])];
  }
  const body = isObj(data.body) ? data.body : {};
  return [...(typeof body.title === 'string' ? [w.article(body.title)] : []), w.changesNotKept];
}

/** The request's values (then the entry's own), as "Label: value" lines, each cut short. */
function values(data: Obj, w: AuditWords, field: FieldOf): string[] {
  const { body, ...rest } = data;
  const out: string[] = [];
  if (isObj(body) && body.truncated === true) out.push(w.truncated);
  else if (body !== undefined) out.push(...leaves(body).map((l) => w.valueLine(fieldLabel(l.path, field), showValue(l.value, w, field(l.path)?.format))));
  out.push(...leaves(rest).map((l) => w.valueLine(fieldLabel(l.path, field), showValue(l.value, w, field(l.path)?.format))));
  return out.filter((line) => line.trim());
}

/**
 * An entry in words. `format` shows a key's values as the console does elsewhere (a status by
 * its name); `max` caps the lines.
 */
export function summariseAudit(entry: Pick<AuditEntry, 'action' | 'data'>, w: AuditWords, o: { format?: (key: string) => HistoryField['format']; max?: number } = {}): AuditSummary {
  const field = fieldsOf(w, o.format);
  const data = entry.data;
  const lines = Object.keys(data).length === 0 ? [] : entry.action === 'kb.draft.save' ? draftSave(data, w, field) : values(data, w, field);
  const max = o.max ?? AUDIT_LINES_MAX;
  return { action: w.actions[entry.action] ?? entry.action, lines: lines.slice(0, max), more: Math.max(0, lines.length - max) };
}

/** Where the console shows an entry's target (`case:NF-000123` → its case), or null. */
export function targetHref(target: string | null): string | null {
  const m = /^([a-z-]+):(.+)$/.exec(target ?? '');
  if (!m) return null;
  const [, kind, id] = m as unknown as [string, string, string];
  const want: Partial<Record<string, Route['name']>> = { case: 'case', kb: 'kb', setting: 'settings', settings: 'settings' };
  const name = want[kind];
  if (!name) return null;
  const hash = kind === 'case' ? `#/cases/${encodeURIComponent(id)}` : kind === 'kb' ? `#/kb/${id.split('/').map(encodeURIComponent).join('/')}` : `#/settings/${encodeURIComponent(id)}`;
  // Only what the console would open as that very page (a malformed target is just text).
  const route = parseRoute(hash);
  if (route.name !== name || (route.name === 'kb' && route.page.view !== 'article') || (route.name === 'settings' && !route.section)) return null;
  return routeHref(route);
}
