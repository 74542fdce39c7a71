// Case queries. Only this file knows the tables' shape.
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import { stem } from '@ayuda/core';
import { byKeysOf, queueDue, queueFinished, queueLaneRank, searchVector } from '../db/expressions.js';
import type { Db, Tx } from '../db/client.js';
import { run, statement, timestampOf, type Statement } from '../db/statements.js';
import { caseAttachments, caseEvents, caseMessages, caseReferenceSeq, cases, customers, LIVE_ENTITLEMENT_STATUSES, type mailOutbox } from '../db/schema.js';
import type { CheckedFile } from './attachments.js';

type Q = Db | Tx;
export type CaseRow = typeof cases.$inferSelect;
export type MessageRow = typeof caseMessages.$inferSelect;
export type AttachmentInfo = Omit<typeof caseAttachments.$inferSelect, 'data'>;

/**
 * The next case reference, `PREFIX-000123` (six digits at least), numbered by the sequence
 * within the insert that uses it rather than in a round trip of its own.
 */
export const nextReference = (prefix: string) =>
  sql<string>`(select ${prefix} || '-' || lpad(n::text, greatest(6, length(n::text)), '0') from nextval(${caseReferenceSeq.seqName}) as n)`;


/** What a submission learns in its first statement (see startSubmission). */
export interface SubmissionStart {
  /** The answer stored under the Idempotency-Key, when the key was used before. */
  stored: { requestHash: string; status: number; body: unknown } | null;
  /** When the case that fills the address's hourly limit was submitted; null while under it. */
  fullSince: Date | null;
  /** The customer, created or brought up to date; null when the submission stops here (stored, full). */
  customerId: number | null;
  /** Whether the customer holds an active subscription (their case starts in the fast lane). */
  subscribed: boolean;
  /** The new case's id and reference, reserved when asked for and the submission goes on. */
  caseId: number | null;
  reference: string | null;
}

const reservedNumbers = (prefix: string) =>
  sql`select nextval(pg_get_serial_sequence('cases', 'id'))::int as id, ${prefix} || '-' || lpad(n::text, greatest(6, length(n::text)), '0') as reference from nextval(${caseReferenceSeq.seqName}) as n`;

const sqlText = (v: string) => `'${v.replaceAll("'", "''")}'`;
const REFERENCE_SEQ = sqlText(caseReferenceSeq.seqName!);
const LIVE_STATUSES = LIVE_ENTITLEMENT_STATUSES.map(sqlText).join(', ');

/** startSubmission's statement, per variant: $1 scope, $2 key, $3 email, $4 since, $5 offset, $6 name, $7 locale, $8 now, $9 the case prefix (with `reserve`). */
const startStatements = new Map<string, Statement>();
function startStatement(entitlements: boolean, reserve: boolean): Statement {
  const variant = `${entitlements ? 'e' : ''}${reserve ? 'r' : ''}`;
  let st = startStatements.get(variant);
  if (st) return st;
  const subscribed = entitlements ? `exists (select 1 from entitlements where customer_id = (select id from customer) and status in (${LIVE_STATUSES}))` : 'false';
  const numbers = reserve
    ? `, numbers as (select nextval(pg_get_serial_sequence('cases', 'id'))::int as id, $9::text || '-' || lpad(n::text, greatest(6, length(n::text)), '0') as reference from nextval(${REFERENCE_SEQ}) as n where exists (select 1 from go))`
    : '';
  st = statement(
    `ayuda_submission_start_${variant || 'plain'}`,
    `with stored as (
      select request_hash, status, body from idempotency_keys where scope = $1 and key = $2
    ), full_since as (
      select cs.created_at from cases cs join customers cu on cu.id = cs.customer_id
      where cu.email = $3 and cs.created_at >= $4::timestamptz
      order by cs.created_at desc offset $5 limit 1
    ), go as (
      select 1 where not exists (select 1 from stored) and not exists (select 1 from full_since)
    ), customer as (
      insert into customers (email, name, locale, created_at) select $3, $6, $7, $8::timestamptz from go
      on conflict (email) do update set name = excluded.name, locale = excluded.locale
      returning id
    )${numbers}
    select (select json_build_object('requestHash', request_hash, 'status', status, 'body', body) from stored) as stored,
      (select created_at from full_since) as full_since,
      (select id from customer) as customer_id,
      ${subscribed} as subscribed,
      ${reserve ? '(select id from numbers) as case_id, (select reference from numbers) as reference' : 'null::int as case_id, null::text as reference'}`,
  );
  startStatements.set(variant, st);
  return st;
}

/**
 * The reads and the first write of a case submission, in one round trip (the caller holds the
 * key's and the address's locks, taken in a statement before, so this one sees every submission
 * that held them before): the answer stored under the Idempotency-Key; the address's hourly
 * limit; only when neither stops it, the customer upserted (name and language brought up to
 * date), whether they are subscribed, and, with `reserve`, the case's id and reference.
 */
export async function startSubmission(
  tx: Tx,
  a: { scope: string; key: string; email: string; name: string; locale: string; now: Date; since: Date; limit: number; casePrefix: string; entitlements: boolean; reserve: boolean },
): Promise<SubmissionStart> {
  const values: unknown[] = [a.scope, a.key, a.email, a.since.toISOString(), Math.max(0, a.limit - 1), a.name, a.locale, a.now.toISOString()];
  if (a.reserve) values.push(a.casePrefix);
  const row = (await run(tx, startStatement(a.entitlements, a.reserve), values))[0]!;
  const stored = row.stored as SubmissionStart['stored'] | string | null;
  return {
    // json: node-postgres and PGlite parse it; kept readable if a driver leaves it as text.
    stored: typeof stored === 'string' ? (JSON.parse(stored) as SubmissionStart['stored']) : (stored ?? null),
    fullSince: row.full_since == null ? null : new Date(row.full_since as string | Date),
    customerId: (row.customer_id as number | null) ?? null,
    subscribed: row.subscribed === true,
    caseId: (row.case_id as number | null) ?? null,
    reference: (row.reference as string | null) ?? null,
  };
}

/** The next case's id and reference, when startSubmission was not asked for them (a check ran between). */
export async function reserveCase(tx: Tx, casePrefix: string): Promise<{ id: number; reference: string }> {
  const row = rowsOf(await tx.execute(reservedNumbers(casePrefix)))[0]!;
  return { id: row.id as number, reference: row.reference as string };
}

/**
 * Writes a submitted case and everything that comes with it in one statement: the case (with
 * its reserved id and reference), the customer's first message, the `created` event, the
 * confirmation mail (when there is one to send) and the answer stored under the Idempotency-Key.
 * One statement is all or nothing. (The console hears of the case once it is committed: the
 * service announces it on the live bus.)
 */
export async function writeSubmission(
  tx: Tx,
  w: {
    case: { id: number; reference: string; trackingHash: string; trackingTokenEnc: string; customerId: number; subject: string; category: string | null; locale: string; lane: string; channel: string; firstResponseDue: Date | null; resolutionDue: Date | null };
    now: Date;
    authorName: string;
    body: string;
    eventData: Record<string, unknown>;
    mail: (typeof mailOutbox.$inferInsert) | null;
    idempotency: { scope: string; key: string; requestHash: string; status: number; body: unknown };
  },
): Promise<{ messageId: number }> {
  const c = w.case;
  const m = w.mail;
  const values: unknown[] = [
    c.id, c.reference, c.trackingHash, c.trackingTokenEnc, c.customerId, c.subject, c.category, c.locale, c.lane, c.channel, w.now.toISOString(), c.firstResponseDue?.toISOString() ?? null, c.resolutionDue?.toISOString() ?? null,
    w.authorName, w.body, JSON.stringify(w.eventData),
    w.idempotency.scope, w.idempotency.key, w.idempotency.requestHash, w.idempotency.status, JSON.stringify(w.idempotency.body),
  ];
  if (m) values.push(m.toAddress, m.locale, m.template, m.subject, m.text, m.html, m.nextAttemptAt.toISOString(), m.createdAt.toISOString(), m.replyTo ?? null, m.attachments ? JSON.stringify(m.attachments) : null);
  const row = (await run(tx, m ? WRITE_SUBMISSION_WITH_MAIL : WRITE_SUBMISSION, values))[0]!;
  return { messageId: row.message_id as number };
}

/** writeSubmission's statement: $1–$13 the case, $14–$16 message and event, $17–$21 the key's answer, $22–$31 the mail. */
const writeSubmissionText = (mail: boolean) => `
    with c as (
      insert into cases (id, reference, tracking_hash, tracking_token_enc, customer_id, subject, category, locale, status, lane, channel, created_at, updated_at, first_response_due, resolution_due)
      values ($1, $2, $3, $4, $5, $6, $7, $8, 'new', $9, $10, $11::timestamptz, $11::timestamptz, $12::timestamptz, $13::timestamptz)
      returning id
    ), message as (
      insert into case_messages (case_id, author, author_name, body, created_at) select id, 'customer', $14, $15, $11::timestamptz from c returning id
    ), event as (
      insert into case_events (case_id, type, actor, data, created_at) select id, 'created', 'customer', $16::jsonb, $11::timestamptz from c
    )${
      mail
        ? `, mail as (
      insert into mail_outbox (to_address, locale, template, subject, text, html, next_attempt_at, created_at, case_id, reply_to, attachments)
      select $22, $23, $24, $25, $26, $27, $28::timestamptz, $29::timestamptz, id, $30, $31::jsonb from c
    )`
        : ''
    }, answer as (
      insert into idempotency_keys (scope, key, request_hash, status, body, created_at)
      select $17, $18, $19, $20, $21::jsonb, $11::timestamptz from c
    )
    select (select id from message) as message_id`;
const WRITE_SUBMISSION = statement('ayuda_submission_write', writeSubmissionText(false));
const WRITE_SUBMISSION_WITH_MAIL = statement('ayuda_submission_write_mail', writeSubmissionText(true));

/** Rows of `execute`: node-postgres and PGlite both answer `{ rows }`. */
const rowsOf = (r: unknown) => (r as { rows: Array<Record<string, unknown>> }).rows;

/** Whether any case exists (the demo adds its cases to an empty database only). */
export async function hasAnyCase(db: Q): Promise<boolean> {
  return (await db.select({ id: cases.id }).from(cases).limit(1)).length > 0;
}

export async function insertCase(tx: Tx, values: PgInsertValue<typeof cases>): Promise<CaseRow> {
  const [row] = await tx.insert(cases).values(values).returning();
  return row!;
}

export async function updateCase(tx: Tx, id: number, set: Partial<typeof cases.$inferInsert>): Promise<CaseRow> {
  const [row] = await tx.update(cases).set(set).where(eq(cases.id, id)).returning();
  return row!;
}

export async function insertMessage(tx: Tx, values: typeof caseMessages.$inferInsert): Promise<MessageRow> {
  const [row] = await tx.insert(caseMessages).values(values).returning();
  return row!;
}

export async function insertAttachments(tx: Tx, caseId: number, messageId: number, files: CheckedFile[], now: Date) {
  if (!files.length) return;
  await tx.insert(caseAttachments).values(
    files.map((f) => ({ caseId, messageId, publicId: f.publicId, filename: f.filename, contentType: f.contentType, size: f.size, sha256: f.sha256, data: f.data, createdAt: now })),
  );
}

export async function insertEvent(tx: Tx, caseId: number, type: string, actor: string, data: Record<string, unknown>, now: Date) {
  await tx.insert(caseEvents).values({ caseId, type, actor, data, createdAt: now });
}

/** The origin the case was submitted from, when the server allowed it then (recorded in its `created` event). */
export async function submittedOrigin(db: Q, caseId: number): Promise<string | null> {
  const [row] = await db
    .select({ origin: sql<string | null>`${caseEvents.data}->>'origin'` })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'created')))
    .limit(1);
  return row?.origin ?? null;
}

export async function caseByTrackingHash(db: Q, hash: string) {
  const [row] = await db.select().from(cases).where(eq(cases.trackingHash, hash));
  return row;
}

export async function caseByReference(db: Q, reference: string) {
  const [row] = await db.select().from(cases).where(eq(cases.reference, reference));
  return row;
}

/** Locks the case row for the rest of the transaction, so concurrent changes apply one after the other. */
/** Up to `limit` cases still being worked (not solved or closed) with an id above `afterId`, in id order, locked until the transaction ends. */
export async function lockOpenCasesAfter(tx: Tx, afterId: number, limit: number): Promise<CaseRow[]> {
  return tx
    .select()
    .from(cases)
    .where(and(inArray(cases.status, ['new', 'open', 'pending_customer']), sql`${cases.id} > ${afterId}`))
    .orderBy(asc(cases.id))
    .limit(limit)
    .for('update');
}

/** Sets the due times of many cases in one statement. */
export async function setDueTimes(tx: Tx, rows: Array<{ id: number; firstResponseDue: Date | null; resolutionDue: Date | null }>): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map((r) => ({ id: r.id, f: r.firstResponseDue?.toISOString() ?? null, r: r.resolutionDue?.toISOString() ?? null })));
  await tx.execute(
    sql`with due_v as (select * from jsonb_to_recordset(${json}::jsonb) as v(id integer, f timestamptz, r timestamptz))
      update ${cases} set first_response_due = v.f, resolution_due = v.r from due_v as v where ${sql.raw(byKeysOf('cases.id', 'due_v'))}`,
  );
}

/**
 * Locks many cases for the rest of the transaction, in id order (as every batch locks them, so
 * two never wait on each other), each with the origin it was submitted from (see submittedOrigin).
 */
export async function lockCasesWithOrigin(tx: Tx, ids: number[]): Promise<CaseWithOrigin[]> {
  if (ids.length === 0) return [];
  const rows = await run(tx, lockCasesWithOriginStatement, [ids]);
  return rows.map(caseWithOriginOf);
}

export interface CaseWithOrigin {
  row: CaseRow;
  origin: string | null;
}

// Every column of `cases c`, and the origin its tracking link needs.
const CASE_WITH_ORIGIN_COLUMNS = `c.id, c.reference, c.tracking_hash, c.tracking_token_enc, c.customer_id, c.subject, c.category, c.locale, c.status, c.lane, c.channel,
    c.assignee, c.assignee_id, c.created_at, c.updated_at, c.lane_changed_at, c.first_response_due, c.resolution_due, c.first_responded_at,
    c.solved_at, c.closed_at, c.pauses, (select e.data->>'origin' from case_events as e where e.case_id = c.id and e.type = 'created' limit 1) as origin`;

// lockCasesWithOrigin's statement: one text whatever the number of cases ($1, an array), prepared
// once per connection on PostgreSQL, its rows mapped by hand (drizzle built the select and mapped
// the rows again for every group of paid incidents).
const lockCasesWithOriginStatement = statement(
  'ayuda_cases_lock_with_origin',
  `select ${CASE_WITH_ORIGIN_COLUMNS}
  from cases c where c.id = any($1::int[]) order by c.id for update of c`,
);

/**
 * lockCasesWithOrigin as a CTE named `name` of another statement (the fast lane's group locks its
 * orders and their cases in one): the cases whose ids the SQL `ids` selects, locked in id order.
 * Materialized, so the cases are locked once, after whatever `ids` reads, and read as locked.
 * Its rows, aggregated as JSON (`json_agg(name order by id)`), map with caseWithOriginOf.
 */
export const lockCasesWithOriginCte = (name: string, ids: string) =>
  `${name} as materialized (select ${CASE_WITH_ORIGIN_COLUMNS} from cases c where c.id in (${ids}) order by c.id for update of c)`;

/** A row of lockCasesWithOrigin's columns, as the driver gives them or as JSON (timestamps as text). */
export function caseWithOriginOf(r: Record<string, unknown>): CaseWithOrigin {
  return { row: caseRowOf(r), origin: (r.origin as string | null) ?? null };
}

/** A case's row from a statement's snake_case columns (every column of `cases`). */
function caseRowOf(r: Record<string, unknown>): CaseRow {
  return {
    id: Number(r.id),
    reference: r.reference as string,
    trackingHash: r.tracking_hash as string,
    trackingTokenEnc: r.tracking_token_enc as string,
    customerId: Number(r.customer_id),
    subject: r.subject as string,
    category: (r.category as string | null) ?? null,
    locale: r.locale as string,
    status: r.status as string,
    lane: r.lane as string,
    channel: r.channel as string,
    assignee: (r.assignee as string | null) ?? null,
    assigneeId: r.assignee_id === null || r.assignee_id === undefined ? null : Number(r.assignee_id),
    createdAt: timestampOf(r.created_at)!,
    updatedAt: timestampOf(r.updated_at)!,
    laneChangedAt: timestampOf(r.lane_changed_at),
    firstResponseDue: timestampOf(r.first_response_due),
    resolutionDue: timestampOf(r.resolution_due),
    firstRespondedAt: timestampOf(r.first_responded_at),
    solvedAt: timestampOf(r.solved_at),
    closedAt: timestampOf(r.closed_at),
    pauses: (typeof r.pauses === 'string' ? JSON.parse(r.pauses) : r.pauses) as CaseRow['pauses'],
  };
}

/**
 * Cases moved to a lane, as values for the parts of a statement (laneMovesCtes and
 * laneMovesSelect), whose text does not depend on them: the statement is prepared once.
 */
export interface LaneMoves {
  /** The cases' rows (lane, due times, event), as JSON for `jsonb_to_recordset`. */
  rows: string;
  actor: string;
  /** When, as ISO text. */
  at: string;
  /** The console's notifications, as JSON `[{ c: channel, p: payload }]`. */
  notify: string;
  /** How many cases `lanes_moved` must count; fewer: some were not found, and the transaction must roll back. */
  count: number;
}

/** No case moves: the parts of the statement write nothing. */
export const NO_LANE_MOVES: Omit<LaneMoves, 'count'> = { rows: '[]', actor: '', at: new Date(0).toISOString(), notify: '[]' };

/**
 * The CTEs that move cases to a lane, with their parameters' places (`$n`) given: each case's
 * lane and due times (`rows`), its `lane_changed` event by `actor`, at `at`. Empty rows: no-ops.
 * The cases are found by `byKeysOf` (db/expressions.ts): by their primary key, never by reading
 * every case.
 */
export const laneMovesCtes = (rows: string, actor: string, at: string) => `lane_v as (select * from jsonb_to_recordset(${rows}::jsonb) as v(id integer, l text, f timestamptz, r timestamptz, e jsonb)),
    lane_moved as (
      update cases set lane = v.l, lane_changed_at = ${at}::timestamptz, updated_at = ${at}::timestamptz, first_response_due = v.f, resolution_due = v.r
      from lane_v as v where ${byKeysOf('cases.id', 'lane_v')} returning cases.id
    ), lane_event as (
      insert into case_events (case_id, type, actor, data, created_at) select v.id, 'lane_changed', ${actor}::text, v.e, ${at}::timestamptz from lane_v as v
    )`;

/**
 * The select items that count the moved cases (`lanes_moved`) and send the console's
 * notifications (`notify`), for a main select of one row (so each is sent once).
 */
export const laneMovesSelect = (notify: string) =>
  `(select count(*) from lane_moved)::int as lanes_moved, (select count(pg_notify(n.c, n.p)) from jsonb_to_recordset(${notify}::jsonb) as n(c text, p text))::int as lanes_notified`;

/**
 * Moving many locked cases to a lane, as values for the parts another statement carries (the
 * fast lane's group of payments writes its orders in the same one): each case's lane and due
 * times, its `lane_changed` event, and (`notify`) the console's notifications. Null for no case.
 */
export function laneMoves(
  rows: Array<{ id: number; lane: string; firstResponseDue: Date | null; resolutionDue: Date | null; event: Record<string, unknown> }>,
  actor: string,
  now: Date,
  notify: Array<{ channel: string; payload: string }>,
): LaneMoves | null {
  if (rows.length === 0) return null;
  return {
    rows: JSON.stringify(rows.map((r) => ({ id: r.id, l: r.lane, f: r.firstResponseDue?.toISOString() ?? null, r: r.resolutionDue?.toISOString() ?? null, e: r.event }))),
    actor,
    at: now.toISOString(),
    notify: JSON.stringify(notify.map((n) => ({ c: n.channel, p: n.payload }))),
    count: rows.length,
  };
}

/** Throws unless the statement that carried `moves` moved every case (its `lanes_moved`). */
export function checkLaneMoves(moves: LaneMoves, row: Record<string, unknown> | undefined): void {
  const moved = Number(row?.lanes_moved ?? 0);
  if (moved !== moves.count) throw new Error(`Ayuda: ${moves.count - moved} of ${moves.count} cases were not found while moving them to a lane.`);
}

const WRITE_LANE_MOVES = statement('ayuda_cases_write_lane_moves', `with ${laneMovesCtes('$1', '$2', '$3')} select ${laneMovesSelect('$4')}`);

/** Runs `moves` as a statement of their own, and checks it. */
export async function writeLaneMoves(tx: Tx, moves: LaneMoves): Promise<void> {
  const rows = await run(tx, WRITE_LANE_MOVES, [moves.rows, moves.actor, moves.at, moves.notify]);
  checkLaneMoves(moves, rows[0]);
}


export async function lockCase(tx: Tx, id: number): Promise<CaseRow> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
  return row!;
}

/** Who wrote the case's latest public message (`customer`, `staff`), or null with none. */
export async function lastPublicAuthorOf(db: Q, caseId: number): Promise<string | null> {
  const [row] = await db.select({ author: caseMessages.author }).from(caseMessages).where(and(eq(caseMessages.caseId, caseId), eq(caseMessages.internal, false))).orderBy(desc(caseMessages.id)).limit(1);
  return row?.author ?? null;
}

export async function messagesOf(db: Q, caseId: number, includeInternal: boolean) {
  return db
    .select()
    .from(caseMessages)
    .where(and(eq(caseMessages.caseId, caseId), includeInternal ? undefined : eq(caseMessages.internal, false)))
    .orderBy(asc(caseMessages.id));
}

export async function attachmentsOf(db: Q, caseId: number): Promise<AttachmentInfo[]> {
  return db
    .select({
      id: caseAttachments.id,
      caseId: caseAttachments.caseId,
      messageId: caseAttachments.messageId,
      publicId: caseAttachments.publicId,
      filename: caseAttachments.filename,
      contentType: caseAttachments.contentType,
      size: caseAttachments.size,
      sha256: caseAttachments.sha256,
      createdAt: caseAttachments.createdAt,
    })
    .from(caseAttachments)
    .where(eq(caseAttachments.caseId, caseId))
    .orderBy(asc(caseAttachments.id));
}

export async function attachmentData(db: Q, caseId: number, publicId: string) {
  const [row] = await db
    .select()
    .from(caseAttachments)
    .where(and(eq(caseAttachments.caseId, caseId), eq(caseAttachments.publicId, publicId)));
  return row;
}

export async function eventsOf(db: Q, caseId: number) {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id));
}

export async function casesOfEmail(db: Q, email: string, since: Date) {
  return db
    .select({ case: cases, customer: customers })
    .from(cases)
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .where(and(eq(customers.email, email), gte(cases.updatedAt, since)))
    .orderBy(desc(cases.id))
    .limit(20);
}

/** What the queue lists: statuses, filters and search words (each already folded, see `fold`). */
export interface QueueFilter {
  statuses: readonly string[];
  lane?: string | undefined;
  category?: string | undefined;
  /** The assignee's name. */
  assignee?: string | undefined;
  /** A staff user, or null for cases nobody is assigned to (neither a user nor a name). */
  assigneeId?: number | null | undefined;
  /** Each word must appear in the subject, a message or the customer's email (case and accents ignored). */
  words?: readonly SearchWord[] | undefined;
}

/** A search word, folded (lower case, no diacritics) and as typed but lower-cased. */
export interface SearchWord {
  word: string;
  raw: string;
}

/** A case's place in the queue's order: fast lane first, then the next due time (none last), then reference. */
export interface QueueKey {
  lane: 0 | 1;
  /** ISO instant, or null for a case with no due time (solved, or waiting for the customer with time left). */
  due: string | null;
  reference: string;
}

/** A finished case's place in a list of finished cases alone: when it was finished (ISO), newest first, then reference descending. */
export interface FinishedKey {
  finished: string;
  reference: string;
}

const FINISHED_STATUSES: ReadonlySet<string> = new Set(['solved', 'closed']);
/** Whether a list of these statuses holds finished cases alone, and so is ordered newest first (`FinishedKey`). */
export const finishedOnly = (statuses: readonly string[]) => statuses.length > 0 && statuses.every((s) => FINISHED_STATUSES.has(s));

/** The order's expressions; the index cases_queue_order (see docs/console.md) holds them, so a page is read in order, not sorted. */
export const QUEUE_LANE_RANK = queueLaneRank(cases.lane);
export const QUEUE_DUE = queueDue(cases);
/** The finished cases' order; the index cases_queue_finished_order holds it. */
export const QUEUE_FINISHED = queueFinished(cases);

/** The queue key of a case, as QUEUE_LANE_RANK and QUEUE_DUE compute it in SQL. */
export function queueKeyOf(row: Pick<CaseRow, 'lane' | 'status' | 'firstRespondedAt' | 'firstResponseDue' | 'resolutionDue' | 'reference'>): QueueKey {
  const due = row.status === 'solved' || row.status === 'closed' ? null : row.firstRespondedAt === null ? row.firstResponseDue : row.resolutionDue;
  return { lane: row.lane === 'fast' ? 0 : 1, due: due ? due.toISOString() : null, reference: row.reference };
}

/** The finished key of a case, as QUEUE_FINISHED computes it in SQL. */
export function finishedKeyOf(row: Pick<CaseRow, 'solvedAt' | 'closedAt' | 'createdAt' | 'reference'>): FinishedKey {
  return { finished: (row.solvedAt ?? row.closedAt ?? row.createdAt).toISOString(), reference: row.reference };
}

const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const REFERENCE = /^[a-z]{1,10}-\d{6,}$/;

/**
 * The tsquery of one lexeme: words starting with it, or with its Spanish or English stem, so
 * that "facturas" finds "factura" and "facturación", and "invoices" finds "invoice" (a case's
 * language is not known, so both stems are asked for). A stem shorter than four letters is not
 * used ("pagos" would otherwise find "página"): the lexeme itself is still looked for.
 */
export function prefixQuery(lexeme: string): string {
  const prefixes = new Set([lexeme]);
  if (!/^\d+$/.test(lexeme)) for (const locale of ['es', 'en'] as const) {
    const s = stem(lexeme, locale);
    if (s.length >= 4 && /^[\p{L}\p{N}]+$/u.test(s)) prefixes.add(s);
  }
  // A prefix another one starts with adds nothing: `factur:*` already finds `factura`.
  const kept = [...prefixes].filter((p) => ![...prefixes].some((o) => o !== p && p.startsWith(o)));
  return kept.length === 1 ? `'${kept[0]}':*` : `(${kept.map((p) => `'${p}':*`).join(' | ')})`;
}

/**
 * Cases where a search word appears: a word of the subject or of any message starting with it
 * (full-text search over folded text, served by GIN indexes), the customer's email containing
 * it, or the case's reference. Each part is a set of ids, so each can use its own index.
 */
function wordMatches({ word, raw }: SearchWord): SQL {
  const parts: SQL[] = [];
  // Prefix queries of the word's letters and digits: `wi-fi` looks for words starting `wi` and `fi`.
  const lexemes = word.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (lexemes.length) {
    const query = sql`to_tsquery('simple', ${lexemes.map(prefixQuery).join(' & ')})`;
    parts.push(sql`${cases.id} in (select s.id from ${cases} s where ${searchVector(sql.raw('s.subject'))} @@ ${query})`);
    parts.push(sql`${cases.id} in (select ${caseMessages.caseId} from ${caseMessages} where ${searchVector(caseMessages.body)} @@ ${query})`);
  }
  // Emails are stored lower-cased; the word is folded too, so both forms are looked for.
  const emails = [...new Set([word, raw])].map((w) => sql`p.email like ${likePattern(w)}`);
  parts.push(sql`${cases.customerId} in (select p.id from ${customers} p where ${sql.join(emails, sql` or `)})`);
  if (REFERENCE.test(word)) parts.push(sql`${cases.reference} = ${word.toUpperCase()}`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

function queueWhere(f: QueueFilter): SQL | undefined {
  return and(
    inArray(cases.status, [...f.statuses]),
    f.lane ? eq(cases.lane, f.lane) : undefined,
    f.category ? eq(cases.category, f.category) : undefined,
    f.assignee !== undefined ? eq(cases.assignee, f.assignee) : undefined,
    f.assigneeId === null ? and(isNull(cases.assigneeId), isNull(cases.assignee)) : f.assigneeId !== undefined ? eq(cases.assigneeId, f.assigneeId) : undefined,
    ...(f.words ?? []).map(wordMatches),
  );
}

/**
 * Who wrote a case's latest public message (internal notes aside): `customer` (they wait for an
 * answer), `staff`, or null with none. Read through case_messages_case, a few rows a case.
 */
const LAST_PUBLIC_AUTHOR = sql<string | null>`(select m.author from ${caseMessages} m where m.case_id = ${cases.id} and not m.internal order by m.id desc limit 1)`;

/**
 * One page of the queue in its order, after `after` (keyset: the page costs the same however
 * deep it is) or after `offset` rows, and how many cases match in all. A list of finished cases
 * alone (`finishedOnly`) is in their order, newest first, and pages by a `FinishedKey`; any
 * other by a `QueueKey`.
 */
export async function queue(db: Q, f: QueueFilter, page: { limit: number; after?: QueueKey | FinishedKey | undefined; offset?: number | undefined }) {
  const where = queueWhere(f);
  const finished = finishedOnly(f.statuses);
  const a = page.after;
  const after =
    a === undefined
      ? undefined
      : 'finished' in a
        ? sql`(${QUEUE_FINISHED}, ${cases.reference}) < (${a.finished}::timestamptz, ${a.reference})`
        : sql`(${QUEUE_LANE_RANK}, ${QUEUE_DUE}, ${cases.reference}) > (${a.lane}, ${a.due === null ? sql`'infinity'::timestamptz` : sql`${a.due}::timestamptz`}, ${a.reference})`;
  const columns = { case: cases, customer: { name: customers.name, email: customers.email }, lastPublicAuthor: LAST_PUBLIC_AUTHOR };
  const order = finished ? ([desc(QUEUE_FINISHED), desc(cases.reference)] as const) : ([QUEUE_LANE_RANK, QUEUE_DUE, asc(cases.reference)] as const);
  const countAll = async () => Number((await db.select({ n: count() }).from(cases).where(where))[0]?.n ?? 0);
  if (!f.words?.length) {
    // Without search the page is read in order from cases_queue_order (or the finished cases'
    // index) and the count is cheap: two queries side by side.
    const [rows, total] = await Promise.all([
      db.select(columns).from(cases).innerJoin(customers, eq(customers.id, cases.customerId)).where(and(where, after)).orderBy(...order).limit(page.limit).offset(page.offset ?? 0),
      countAll(),
    ]);
    return { rows, total };
  }
  // A search finds its cases once (the full-text lookups are most of the work), in a CTE that
  // both the page and the count read.
  const matched = db.$with('matched').as(db.select({ id: cases.id }).from(cases).where(where));
  const rows = await db
    .with(matched)
    .select({ ...columns, total: sql<number>`(select count(*) from ${matched})`.mapWith(Number) })
    .from(cases)
    .innerJoin(matched, eq(matched.id, cases.id))
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .where(after)
    .orderBy(...order)
    .limit(page.limit)
    .offset(page.offset ?? 0);
  // Past the last page no row carries the count.
  return { rows, total: rows[0]?.total ?? (await countAll()) };
}

/** The customer's cases but one, newest first. */
export async function otherCasesOf(db: Q, customerId: number, exceptId: number, limit: number) {
  return db
    .select({ reference: cases.reference, subject: cases.subject, status: cases.status, lane: cases.lane, createdAt: cases.createdAt })
    .from(cases)
    .where(and(eq(cases.customerId, customerId), ne(cases.id, exceptId)))
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(limit);
}

/** References of cases by id. */
export async function referencesOf(db: Q, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: cases.id, reference: cases.reference }).from(cases).where(inArray(cases.id, ids));
  return new Map(rows.map((r) => [r.id, r.reference]));
}

/** Closes solved cases whose reopen window has passed; returns them. */
export async function closeSolvedBefore(tx: Tx, before: Date, now: Date): Promise<Array<{ id: number; reference: string }>> {
  return tx
    .update(cases)
    .set({ status: 'closed', closedAt: now, updatedAt: now })
    .where(and(eq(cases.status, 'solved'), lt(cases.solvedAt, before)))
    .returning({ id: cases.id, reference: cases.reference });
}

/** A customer's cases still being worked on, optionally in one lane. */
export async function openCasesOf(db: Q, customerId: number, lane?: string): Promise<CaseRow[]> {
  return db
    .select()
    .from(cases)
    .where(and(eq(cases.customerId, customerId), inArray(cases.status, ['new', 'open', 'pending_customer']), lane ? eq(cases.lane, lane) : undefined));
}

/** A case by id, without a lock (reads outside a transaction). */
export async function caseById(db: Q, id: number): Promise<CaseRow | null> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row ?? null;
}
