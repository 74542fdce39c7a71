// The audit log: every staff action, who did it, from which IP and when. Sign-in and account
// changes are recorded by the staff service; every other successful mutating request of the
// staff API is recorded by the staff middleware, named after its endpoint (see auditAction).
import { and, desc, eq, like, lt, or, type SQL } from 'drizzle-orm';
import { API_PREFIX, ENDPOINTS, type AuditEntry, type AuditQuery, type Endpoint } from '@ayuda/core';
import type { Database, Db, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import { auditLog } from '../db/schema.js';
import { actorKey, type StaffActor } from './actor.js';

/** Who acts, for the log: a staff actor, or someone not (yet) known (`anonymous`, `system`). */
export type AuditActor = StaffActor | { key: 'anonymous' | 'system'; name: string };

export interface AuditRecord {
  actor: AuditActor;
  action: string;
  target?: string | null;
  data?: Record<string, unknown>;
  ip: string | null;
}

const keyOf = (a: AuditActor) => ('key' in a ? a.key : actorKey(a));

// Names longer than these come from nowhere we control (a typed email, a route's value): kept short.
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export class AuditLog {
  constructor(private readonly deps: { db: Database; clock: Clock }) {}

  /** Writes one entry, in the caller's transaction when given one. */
  async record(e: AuditRecord, q: Db | Tx = this.deps.db.db): Promise<void> {
    await q.insert(auditLog).values({
      actor: keyOf(e.actor),
      actorName: clip(e.actor.name, 254),
      action: e.action,
      target: e.target ? clip(e.target, 300) : null,
      data: e.data ?? {},
      ip: e.ip,
      createdAt: this.deps.clock.now(),
    });
  }

  /** Newest first, `limit` at a time; `next` continues below the last entry shown. */
  async list(q: { actor?: string | undefined; action?: string | undefined; target?: string | undefined; before?: string | undefined; limit: number }): Promise<{ entries: AuditEntry[]; next: string | null }> {
    const where: SQL[] = [];
    if (q.actor) where.push(eq(auditLog.actor, q.actor));
    if (q.action) where.push(or(eq(auditLog.action, q.action), like(auditLog.action, `${escapeLike(q.action)}.%`))!);
    if (q.target) where.push(eq(auditLog.target, q.target));
    if (q.before) where.push(lt(auditLog.id, Number(q.before)));
    const rows = await this.deps.db.db
      .select()
      .from(auditLog)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    return {
      entries: page.map((r) => ({ id: r.id, actor: r.actor, actorName: r.actorName, action: r.action, target: r.target, data: r.data, ip: r.ip, createdAt: r.createdAt.toISOString() })),
      next: rows.length > q.limit ? String(page.at(-1)!.id) : null,
    };
  }
}

export type { AuditQuery };

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

// ---- naming an action after the endpoint it came through ----

/** Endpoints whose derived name reads worse than a chosen one. */
const ACTION_NAMES: Record<string, string> = {
  staffReply: 'case.reply',
  staffAssign: 'case.assign',
  staffKbSaveDraft: 'kb.draft.save',
  staffKbDiscardDraft: 'kb.draft.discard',
  staffKbPublish: 'kb.publish',
  staffKbUnpublish: 'kb.unpublish',
  staffKbRestore: 'kb.revision.restore',
  staffKbCreateCategory: 'kb.category.create',
  staffKbUpdateCategory: 'kb.category.update',
  staffKbOrderCategories: 'kb.category.order',
  staffKbReplaceSynonyms: 'kb.synonyms.replace',
};

/**
 * Requests not recorded: those that change nothing anyone needs to account for later
 * (presence, previews, a timer's heartbeat), and the weekly pulse's answer, which is anonymous:
 * an audit entry would name its author and keep what they said.
 */
const NOT_AUDITED = /\/(?:presence|preview|heartbeat|pulse)$/;

interface Route {
  name: string;
  method: string;
  path: string;
  re: RegExp;
  params: string[];
}

let routes: Route[] | null = null;
function staffRoutes(): Route[] {
  routes ??= (Object.entries(ENDPOINTS) as Array<[string, Endpoint]>)
    .filter(([, e]) => e.path.startsWith('/staff/') && e.method !== 'get')
    .map(([name, e]) => {
      const params = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const re = new RegExp(`^${API_PREFIX}${e.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '([^/]+)')}$`);
      return { name, method: e.method.toUpperCase(), path: e.path, re, params };
    });
  return routes;
}

const VERBS: Record<string, string> = { POST: 'create', PUT: 'replace', PATCH: 'update', DELETE: 'delete' };
/** `cases` → `case`, `opportunities` → `opportunity`; `status`, `access` stay. */
const singular = (w: string) => (/ies$/.test(w) ? w.replace(/ies$/, 'y') : /(?:ss|us)$/.test(w) || !w.endsWith('s') ? w : w.slice(0, -1));

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * The audit action and target of a staff API request, from the endpoint it matches: the noun
 * before the first path parameter names the target (`/staff/cases/{reference}/lane` →
 * `case.lane` on `case:NF-000123`; `/staff/fastlane/refunds/{id}/approve` → `refund.approve`
 * on `refund:4`), and an endpoint without a sub-action takes its method's verb
 * (`PATCH /staff/time/{id}` → `time.update`). Null for requests that are not recorded.
 */
export function auditAction(method: string, path: string): { action: string; target: string | null } | null {
  if (NOT_AUDITED.test(path)) return null;
  const m = method.toUpperCase();
  for (const r of staffRoutes()) {
    if (r.method !== m) continue;
    const match = r.re.exec(path);
    if (!match) continue;
    const segments = r.path.split('/').slice(2); // past '' and 'staff'
    const at = segments.findIndex((s) => s.startsWith('{'));
    const noun = singular(at > 0 ? segments[at - 1]! : at === 0 ? 'staff' : segments.at(-1)!);
    const rest = at >= 0 ? segments.slice(at + 1).filter((s) => !s.startsWith('{')).map(singular) : [];
    const action = ACTION_NAMES[r.name] ?? [noun, ...(rest.length ? rest : [VERBS[m] ?? m.toLowerCase()])].join('.');
    const target = at >= 0 && match[1] !== undefined ? `${noun}:${decode(match[1])}` : null;
    return { action, target };
  }
  // A staff endpoint the contract does not declare: recorded by method and path all the same.
  return { action: `request.${VERBS[m] ?? m.toLowerCase()}`, target: path.slice(API_PREFIX.length) };
}
