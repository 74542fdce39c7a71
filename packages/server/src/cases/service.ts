// Support cases: submission (idempotent, rate-limited, spam-checked), the customer's view and
// replies through a private tracking link, staff replies, notes, status and assignment. Every
// change is one transaction that also writes the case's history and any mail to send.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import {
  CASE_LIMITS,
  OPEN_STATUSES,
  PROBLEM_TYPES,
  fold,
  type CaseChange,
  type CaseCreated,
  type CasePayment,
  type CaseLane,
  type CaseStatus,
  type CaseView,
  type Locale,
  type PresenceState,
  type QueueView,
  type StaffCase,
  type StaffCaseSummary,
  type StaffCustomer,
  type StaffQueue,
  type StaffSla,
} from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { AppError, notFound, validationError } from '../http/problem.js';
import { hashRequest, isUniqueViolation, replayOf, storedAnswer } from '../http/idempotency.js';
import { lockSubjects } from '../db/locks.js';
import { enforce, tooManyRequests } from '../http/rate-limit.js';
import { linkBase } from '../http/origin.js';
import { enqueueJob } from '../jobs/queue.js';
import { z } from 'zod';
import { enqueueMail, outboxRow, type CaseMailOptions } from '../mail/outbox.js';
import type { ReplyAddresses } from '../mail/reply-address.js';
import { checkFiles, type CheckedFile, type IncomingFile } from './attachments.js';
import type { CaseTimes, DueTimes, SlaEngine } from './sla.js';
import * as store from './store.js';
import type { SurveyMail } from '../surveys/service.js';
import type { CaseCustomers } from '../customers/service.js';
import { actorKey, type StaffActor } from '../staff/actor.js';
import type { StaffEventInput, StaffEventPublisher } from '../live/bus.js';

export interface SubmitInput {
  name: string;
  email: string;
  subject: string;
  description: string;
  category?: string | undefined;
  locale: Locale;
}

/**
 * What cases need of payments (the fast lane's ledger provides it): staff see what a case paid.
 * Its presence also says the fast lane is wired, so a subscriber's new cases start in it: the
 * submission reads the subscription in its own first statement (store.startSubmission).
 */
export interface CaseFinance {
  /** What the case paid and had refunded, for staff. */
  ofCase(caseId: number): Promise<CasePayment[]>;
  /** The customer's payments (with the case each paid for), subscription and refunds, for staff. */
  ofCustomer(customerId: number): Promise<CustomerFinance>;
}

export interface CustomerFinance {
  orders: Array<CasePayment & { kind: string; createdAt: string; caseId: number | null }>;
  subscription: StaffCustomer['fastlane']['subscription'];
  refunds: StaffCustomer['fastlane']['refunds'];
}

/** What assignment needs of staff accounts: an active staff user's name. */
export interface CaseAssignees {
  activeUser(tx: Tx, id: number): Promise<{ id: number; name: string } | null>;
}

/** What a case's category is checked against: the knowledge base's categories. */
export interface CaseCategories {
  hasCategory(key: string): Promise<boolean>;
}

/** The survey a solved case's customer is asked (the surveys capability). */
export interface CaseSurveys {
  /** Records the questions asked in the solving transaction; the mail's one-click links, or null when all were answered. */
  invite(tx: Tx, c: { id: number; lane: string; customerId: number; locale: string }, base: string, now: Date): Promise<SurveyMail | null>;
}

/** The queue's request, parsed (see StaffQueueQuerySchema). */
export interface QueueRequest {
  view: QueueView;
  status?: CaseStatus[] | undefined;
  lane?: CaseLane | undefined;
  category?: string | undefined;
  assignee?: string | undefined;
  assigneeId?: number | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
  offset?: number | undefined;
}

export type CaseRow = store.CaseRow;
export type { LaneMoves } from './store.js';
export { caseWithOriginOf, checkLaneMoves, laneMovesCtes, laneMovesSelect, lockCasesWithOriginCte, NO_LANE_MOVES, type CaseWithOrigin } from './store.js';

/** Cases about to move to a lane (PaidCases.lanesToWrite). */
export interface LanesToWrite {
  /** The cases as they are left, with their tracking links, by id. */
  moved: Map<number, { row: CaseRow; link: string }>;
  /** The statement's parts that move them; null when none moves. */
  write: store.LaneMoves | null;
  /** To call once the statement ran, in the same transaction. */
  written(tx: Tx): Promise<void>;
}

/**
 * What the fast lane needs of cases: the case a payment is for, its lane and due times, its
 * link for mails, and a line in its history. Runs in the caller's transaction where one is given.
 */
export interface PaidCases {
  caseOfToken(token: string): Promise<CaseRow | null>;
  byId(id: number): Promise<CaseRow | null>;
  /** Locks the case until the transaction ends. */
  lock(tx: Tx, id: number): Promise<CaseRow>;
  openCasesOf(tx: Tx, customerId: number, lane: CaseLane): Promise<CaseRow[]>;
  moveToLane(tx: Tx, caseId: number, lane: CaseLane, actor: string, reason: string): Promise<CaseRow>;
  /** moveToLane for many cases in two statements whatever their number: the cases as they are left, with their tracking links (linkOf), by id. */
  moveManyToLane(tx: Tx, caseIds: number[], lane: CaseLane, actor: string, reason: string): Promise<Map<number, { row: CaseRow; link: string }>>;
  /**
   * moveManyToLane in one statement, the write left to the caller: the cases are locked and read
   * here, and `write` (null: none moves) joins a statement of the caller's, which must then check
   * it (checkLaneMoves) and call `written` in the same transaction.
   */
  lanesToWrite(tx: Tx, caseIds: number[], lane: CaseLane, actor: string, reason: string): Promise<LanesToWrite>;
  /**
   * lanesToWrite for cases the caller locked and read in a statement of its own, with
   * lockCasesWithOriginCte (mapped with caseWithOriginOf), still in `tx`.
   */
  lanesOfLocked(tx: Tx, locked: readonly store.CaseWithOrigin[], lane: CaseLane, actor: string, reason: string): Promise<LanesToWrite>;
  noteEvent(tx: Tx, caseId: number, type: string, actor: string, data: Record<string, unknown>, now: Date): Promise<void>;
  dueOf(row: CaseRow): ReturnType<SlaEngine['dueTimes']>;
  trackingUrl(locale: string, token: string, origin?: string | null): string;
  linkOf(tx: Tx, row: CaseRow): Promise<string>;
  /** What ties a mail to the case: its id and, while replies by email are on, its reply address. */
  mailOptionsOf(row: Pick<CaseRow, 'id'>): CaseMailOptions;
}

/** A case as a reply by email sees it (see CaseService.emailReplyTarget). */
export interface EmailReplyTarget {
  id: number;
  reference: string;
  subject: string;
  locale: Locale;
  /** Lower-cased. */
  customerEmail: string;
  canReply: boolean;
}

export type { StaffActor };

/** The job kind that mails a customer's tracking links. */
export const RESEND_LINKS_JOB = 'cases.resend_links';
/** `origin`: where the customer asked from, for the links (checked against the allowed origins again when the mail is written). */
const ResendLinksJobSchema = z.object({ v: z.literal(1), email: z.string(), locale: z.enum(['es', 'en']), origin: z.string().max(300).optional() });
type ResendLinksJob = z.infer<typeof ResendLinksJobSchema>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(24).toString('base64url');

/**
 * The queue's cursor: the last row's place in the order, opaque to callers (base64url JSON,
 * versioned): lane, due time and reference in the SLA order; finishing time and reference in a
 * list of finished cases alone.
 */
const CursorSchema = z.union([
  z.object({ v: z.literal(1), l: z.union([z.literal(0), z.literal(1)]), d: z.iso.datetime().nullable(), r: z.string().min(1).max(40) }),
  z.object({ v: z.literal(1), f: z.iso.datetime(), r: z.string().min(1).max(40) }),
]);
const encodeCursor = (k: store.QueueKey | store.FinishedKey) =>
  Buffer.from(JSON.stringify('finished' in k ? { v: 1, f: k.finished, r: k.reference } : { v: 1, l: k.lane, d: k.due, r: k.reference })).toString('base64url');
/** The cursor's key; one of the other order (a cursor kept across a change of filters) is refused like any stranger. */
function decodeCursor(cursor: string, finished: boolean): store.QueueKey | store.FinishedKey {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = null;
  }
  const r = CursorSchema.safeParse(raw);
  const key = !r.success ? null : 'f' in r.data ? { finished: r.data.f, reference: r.data.r } : { lane: r.data.l, due: r.data.d, reference: r.data.r };
  if (!key || 'finished' in key !== finished) throw validationError([{ field: 'query.cursor', message: 'not a cursor this server gave for this list (the `next` of a page); start again without it' }]);
  return key;
}

/** Where a case stands against its next target (see StaffSlaSchema). At risk: under this share of the target left. */
const AT_RISK_SHARE = 0.25;
export function slaOf(row: Pick<store.CaseRow, 'status' | 'firstRespondedAt'>, due: DueTimes): StaffSla {
  if (row.status === 'solved' || row.status === 'closed') return { target: null, dueAt: null, remainingMinutes: null, totalMinutes: null, state: 'none' };
  const first = row.firstRespondedAt === null;
  const dueAt = first ? due.firstResponseDue : due.resolutionDue;
  const remaining = first ? due.firstResponseRemainingMinutes : due.resolutionRemainingMinutes;
  const total = first ? due.firstResponseTargetMinutes : due.resolutionTargetMinutes;
  const breached = first ? due.firstResponseBreached : due.resolutionBreached;
  // Only the resolution clock stops while the case waits for the customer.
  const state = breached ? 'breached' : !first && due.paused ? 'paused' : remaining < total * AT_RISK_SHARE ? 'at_risk' : 'ok';
  return { target: first ? 'first_response' : 'resolution', dueAt: iso(dueAt), remainingMinutes: Math.floor(remaining), totalMinutes: Math.round(total), state };
}

/** The columns of a case the SLA engine reads. */
type CaseTimesRow = Pick<store.CaseRow, 'createdAt' | 'lane' | 'pauses' | 'firstRespondedAt' | 'solvedAt' | 'laneChangedAt'>;

/** What the SLA engine reads of a case. */
const caseTimes = (row: CaseTimesRow): CaseTimes => ({
  createdAt: row.createdAt,
  lane: row.lane as CaseLane,
  pauses: row.pauses.map((p) => ({ from: new Date(p.from), ...(p.to ? { to: new Date(p.to) } : {}) })),
  firstRespondedAt: row.firstRespondedAt,
  resolvedAt: row.solvedAt,
  laneChangedAt: row.laneChangedAt,
});

/** Seals tracking tokens so mails can repeat a case's link without storing it in clear. */
export class TokenBox {
  readonly #key: Buffer;
  constructor(secret: string) {
    this.#key = createHash('sha256').update(`ayuda:tracking-token:${secret}`).digest();
  }
  seal(token: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([c.update(token, 'utf8'), c.final()]);
    return [iv, c.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  }
  /** The token, or null when it was sealed with another secret. */
  open(sealed: string): string | null {
    try {
      const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
      const d = createDecipheriv('aes-256-gcm', this.#key, iv!);
      d.setAuthTag(tag!);
      return Buffer.concat([d.update(body!), d.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

/** Attachment ids are base64url (attachments.ts makes them); anything else names no file, and may hold what the database cannot compare (NUL). */
const ATTACHMENT_ID = /^[\w-]{1,64}$/;

/**
 * A closed case stays closed for staff: moving it back to another status would let a reply
 * reach a case the customer can no longer answer (the customer opens a new case instead).
 */
function staysClosed(current: string, next: CaseStatus | undefined): void {
  if (current === 'closed' && next !== undefined && next !== 'closed') {
    throw new AppError(409, PROBLEM_TYPES.conflict, 'Case closed', 'This case is closed and stays closed; ask the customer to open a new case.');
  }
}

export class CaseService implements PaidCases {
  readonly #tokens: TokenBox;

  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      config: Config;
      sla: SlaEngine;
      customers: CaseCustomers;
      /** Subscriptions and payments, from the fast lane; none when it is not wired (tests of cases alone). */
      finance?: CaseFinance;
      /** Staff users, for assignment by id; without it only names can be assigned. */
      assignees?: CaseAssignees;
      /** Knowledge-base categories; without it any well-formed key is accepted. */
      categories?: CaseCategories;
      /** Live updates for the console: every change is published in its transaction, except a submission's, announced after its commit. */
      events?: StaffEventPublisher;
      /** Called after a commit that queued mail. */
      onMailQueued?: () => void;
      /** Called after a commit that queued a job. */
      onJobQueued?: () => void;
      /** Staff messages (markdown) as sanitised HTML in the case's language; without it they are shown as text only. */
      replyHtml?: (markdown: string, locale: Locale) => string;
      /** The survey asked when a case is solved (its one-click links go into the mail); none without it. */
      surveys?: CaseSurveys;
      /** Reply addresses for case mails (replies by email); without it case mails carry none. */
      replyAddresses?: ReplyAddresses;
    },
  ) {
    this.#tokens = new TokenBox(deps.config.secret);
  }

  /**
   * The case's tracking link; a new token if the stored one cannot be opened (secret changed).
   * On the origin the customer is at (`origin`), else the one they submitted the case from,
   * while the server allows it; else the public URL.
   */
  async #linkOf(tx: Tx, row: store.CaseRow, origin?: string): Promise<string> {
    let token = this.#tokens.open(row.trackingTokenEnc);
    if (!token || tokenHash(token) !== row.trackingHash) {
      token = newToken();
      await store.updateCase(tx, row.id, { trackingHash: tokenHash(token), trackingTokenEnc: this.#tokens.seal(token) });
    }
    return this.trackingUrl(row.locale, token, origin ?? (await store.submittedOrigin(tx, row.id)));
  }

  /** Asks the survey of a case being solved, with links on the origin its tracking links use. */
  async #invite(tx: Tx, row: store.CaseRow, now: Date) {
    if (!this.deps.surveys) return null;
    return this.deps.surveys.invite(tx, row, linkBase(this.deps.config, await store.submittedOrigin(tx, row.id)), now);
  }

  mailOptionsOf(row: Pick<store.CaseRow, 'id'>): CaseMailOptions {
    return { caseId: row.id, replyTo: this.deps.replyAddresses?.of(row.id) ?? null };
  }

  /** The template variable that tells the customer a mail can be answered by email. */
  #replyByMail(): { replyByMail?: true } {
    return this.deps.replyAddresses?.enabled ? { replyByMail: true } : {};
  }

  /** A tracking link on `origin` when it is an allowed origin (read now), else on the public URL. */
  trackingUrl(locale: string, token: string, origin?: string | null): string {
    return `${linkBase(this.deps.config, origin)}/help/${locale}/cases/${token}`;
  }

  #due(row: CaseTimesRow) {
    return this.deps.sla.dueTimes(caseTimes(row), this.deps.clock.now());
  }

  /** #due's two due times alone, for a change that only stores them. */
  #dueDates(row: CaseTimesRow) {
    return this.deps.sla.dueDates(caseTimes(row), this.deps.clock.now());
  }

  /** Tells the console's live streams, in `tx`: nothing is sent if the transaction rolls back. */
  async #publish(tx: Tx, reference: string, change: CaseChange, by: string, now: Date): Promise<void> {
    await this.deps.events?.publish(tx, { event: 'case', data: { reference, change, by, at: now.toISOString() } });
  }

  async #afterCommit<T>(work: Promise<T>, mail: boolean): Promise<T> {
    const r = await work;
    if (mail) this.deps.onMailQueued?.();
    return r;
  }

  /** Submits a case. A retry with the same Idempotency-Key answers the first result. */
  async submit(
    input: SubmitInput,
    files: IncomingFile[],
    opts: {
      idempotencyKey: string;
      channel: string;
      /** Checks a first submission (the captcha); a retry answered from the key skips it. */
      check?: (tx: Tx) => Promise<void>;
      /** The origin the customer reached the server at (`originReached`): links use it while it is an allowed origin. */
      origin?: string | undefined;
    },
  ): Promise<{ status: number; body: CaseCreated; replayed: boolean }> {
    const { files: checked, errors } = checkFiles(files);
    if (errors.length) throw validationError(errors, 422);
    const now = this.deps.clock.now();
    const requestHash = hashRequest(
      JSON.stringify([input.name, input.email, input.subject, input.description, input.category ?? null, input.locale]),
      ...checked.map((f) => `${f.filename}:${f.sha256}`),
    );
    const answer = await this.#submitOnce(input, checked, opts, requestHash, now);
    if (!answer.replayed) {
      this.deps.onMailQueued?.();
      // After the commit, not in it: a notifying transaction's commit waits for every other
      // one's. Awaited, so the caller's next change reaches the console after this one.
      await this.deps.events?.announce({ event: 'case', data: { reference: answer.body.reference, change: 'created', by: 'customer', at: now.toISOString() } });
    }
    return answer;
  }

  /**
   * A submission in five round trips whatever it carries (the rate limit's is the sixth): begin;
   * the key's and the address's locks; the stored answer, the address's limit, the customer's
   * upsert and subscription and the case's numbers (store.startSubmission); every write
   * (store.writeSubmission); commit. A retry with the key answers the stored result, as once()
   * does for other creates: within the locks, so a retry racing with its first try waits for it.
   */
  async #submitOnce(
    input: SubmitInput,
    checked: CheckedFile[],
    opts: { idempotencyKey: string; channel: string; check?: (tx: Tx) => Promise<void>; origin?: string | undefined },
    requestHash: string,
    now: Date,
  ): Promise<{ status: number; body: CaseCreated; replayed: boolean }> {
    const scope = 'cases:create';
    const key = opts.idempotencyKey;
    const { config } = this.deps;
    try {
      return await this.deps.db.db.transaction(async (tx) => {
        // Requests racing with one key wait here for each other, and so do submissions from one
        // address (the limit's count is then exact in every process); the statement after
        // this one sees whatever the holders before committed.
        await lockSubjects(tx, [[`idempotency:${scope}`, key], ['cases:email', input.email]]);
        const start = await store.startSubmission(tx, {
          scope,
          key,
          email: input.email,
          name: input.name,
          locale: input.locale,
          now,
          since: new Date(now.getTime() - 3_600_000),
          limit: config.caseEmailLimitPerHour,
          casePrefix: config.casePrefix,
          entitlements: this.deps.finance !== undefined,
          // A check between (the captcha) could still refuse the case: its numbers are taken after it.
          reserve: !opts.check,
        });
        // Limits and checks apply to new submissions only: a retry gets its first answer.
        if (start.stored) return replayOf<CaseCreated>(start.stored, requestHash);
        if (start.fullSince) {
          // The window frees a place when the oldest of the counted cases is an hour old.
          const retryS = (start.fullSince.getTime() + 3_600_000 - now.getTime()) / 1000;
          throw tooManyRequests('Too many cases from this email address in the last hour; please wait or reply to an open case.', retryS);
        }
        await opts.check?.(tx);
        const numbers = start.caseId !== null && start.reference !== null ? { id: start.caseId, reference: start.reference } : await store.reserveCase(tx, config.casePrefix);
        const customerId = start.customerId!;
        const token = newToken();
        // An active subscriber's cases start in the fast lane.
        const lane: CaseLane = start.subscribed ? 'fast' : 'standard';
        const due = this.#due({ createdAt: now, lane, pauses: [], firstRespondedAt: null, solvedAt: null, laneChangedAt: null });
        const reference = numbers.reference;
        // An allowed origin other than the public URL's is kept, for the links of later mails.
        const origin = opts.origin && linkBase(config, opts.origin) !== config.publicUrl ? opts.origin : undefined;
        const trackingUrl = this.trackingUrl(input.locale, token, origin);
        const body: CaseCreated = { reference, status: 'new', lane, trackingToken: token, trackingUrl, createdAt: now.toISOString(), firstResponseDue: iso(due.firstResponseDue), resolutionDue: iso(due.resolutionDue) };
        const { messageId } = await store.writeSubmission(tx, {
          case: { id: numbers.id, reference, trackingHash: tokenHash(token), trackingTokenEnc: this.#tokens.seal(token), customerId, subject: input.subject, category: input.category ?? null, locale: input.locale, lane, channel: opts.channel, firstResponseDue: due.firstResponseDue, resolutionDue: due.resolutionDue },
          now,
          authorName: input.name,
          body: input.description,
          eventData: { channel: opts.channel, lane, attachments: checked.length, ...(origin ? { origin } : {}) },
          mail: outboxRow(
            now,
            input.email,
            input.locale,
            {
              template: 'case_received',
              vars: { company: config.companyName, name: input.name, reference, subject: input.subject, trackingUrl, firstResponseDue: iso(due.firstResponseDue), timeZone: this.deps.sla.config.hours.timeZone, ...this.#replyByMail() },
            },
            this.mailOptionsOf({ id: numbers.id }),
          ),
          idempotency: { scope, key, requestHash, status: 201, body },
        });
        await store.insertAttachments(tx, numbers.id, messageId, checked, now);
        return { status: 201, body, replayed: false };
      });
    } catch (err) {
      // The key's primary key is the last guard against a race the locks did not see.
      if (!isUniqueViolation(err)) throw err;
      const winner = await storedAnswer<CaseCreated>(this.deps.db.db, scope, key, requestHash);
      if (winner) return winner;
      throw err;
    }
  }

  async #byToken(token: string): Promise<store.CaseRow> {
    const row = await store.caseByTrackingHash(this.deps.db.db, tokenHash(token));
    // Unknown, forged and replaced tokens all look the same.
    if (!row) throw notFound('No case at this link. Ask for your links again by email if you lost the right one.');
    return row;
  }

  #reopenableUntil(row: store.CaseRow): Date | null {
    if (row.status !== 'solved' || !row.solvedAt) return null;
    return new Date(row.solvedAt.getTime() + this.deps.config.reopenDays * 86_400_000);
  }

  #canReply(row: store.CaseRow): boolean {
    if (row.status === 'closed') return false;
    const until = this.#reopenableUntil(row);
    return until === null || until > this.deps.clock.now();
  }

  /**
   * Who the customer is told wrote a staff message: the person who wrote it (their name, set
   * per staff member), or the company for a reply made with an API token, whose name is a
   * label for staff ("crm-sync", "import 2026") and never shown to customers.
   */
  #customerFacingAuthor(m: { author: string; authorName: string; staffTokenId: number | null }): string {
    return m.author === 'staff' && m.staffTokenId !== null ? this.deps.config.companyName : m.authorName;
  }

  async #messages(row: store.CaseRow, audience: 'customer' | 'staff', attachmentUrl: (publicId: string) => string) {
    const [messages, attachments] = await Promise.all([store.messagesOf(this.deps.db.db, row.id, audience === 'staff'), store.attachmentsOf(this.deps.db.db, row.id)]);
    return messages.map((m) => ({
      id: m.id,
      author: m.author as 'customer' | 'staff' | 'system',
      authorName: audience === 'customer' ? this.#customerFacingAuthor(m) : m.authorName,
      body: m.body,
      html: m.author === 'staff' && this.deps.replyHtml ? this.deps.replyHtml(m.body, row.locale as Locale) : null,
      internal: m.internal,
      createdAt: m.createdAt.toISOString(),
      attachments: attachments
        .filter((a) => a.messageId === m.id)
        .map((a) => ({ id: a.publicId, filename: a.filename, contentType: a.contentType, size: a.size, url: attachmentUrl(a.publicId) })),
    }));
  }

  async view(token: string): Promise<CaseView> {
    const row = await this.#byToken(token);
    const due = this.#due(row);
    const messages = (await this.#messages(row, 'customer', (id) => `/api/v1/cases/track/${token}/attachments/${id}`)).map(({ internal: _i, ...m }) => m);
    return {
      reference: row.reference,
      subject: row.subject,
      status: row.status as CaseStatus,
      lane: row.lane as CaseLane,
      locale: row.locale as Locale,
      category: row.category,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      firstResponseDue: iso(due.firstResponseDue),
      resolutionDue: iso(due.resolutionDue),
      firstRespondedAt: iso(row.firstRespondedAt),
      solvedAt: iso(row.solvedAt),
      closedAt: iso(row.closedAt),
      reopenableUntil: iso(this.#reopenableUntil(row)),
      canReply: this.#canReply(row),
      messages,
      timeZone: this.deps.sla.config.hours.timeZone,
    };
  }

  async attachment(token: string, publicId: string) {
    const row = await this.#byToken(token);
    if (!ATTACHMENT_ID.test(publicId)) throw notFound('No such file.');
    const file = await store.attachmentData(this.deps.db.db, row.id, publicId);
    if (!file) throw notFound('No such file.');
    return file;
  }

  /** Sets status-dependent fields and the SLA pause, recomputes due times, records the change. */
  async #setStatus(tx: Tx, row: store.CaseRow, status: CaseStatus, actor: string, now: Date): Promise<store.CaseRow> {
    if (row.status === status) return row;
    const pauses = [...row.pauses];
    const open = pauses.at(-1);
    if (row.status === 'pending_customer' && open && !open.to) pauses[pauses.length - 1] = { ...open, to: now.toISOString() };
    if (status === 'pending_customer') pauses.push({ from: now.toISOString() });
    const next = {
      ...row,
      status,
      pauses,
      updatedAt: now,
      solvedAt: status === 'solved' ? now : status === 'closed' ? row.solvedAt : null,
      closedAt: status === 'closed' ? now : null,
    };
    const due = this.#due(next);
    const saved = await store.updateCase(tx, row.id, {
      status,
      pauses,
      updatedAt: now,
      solvedAt: next.solvedAt,
      closedAt: next.closedAt,
      firstResponseDue: due.firstResponseDue,
      resolutionDue: due.resolutionDue,
    });
    await store.insertEvent(tx, row.id, 'status_changed', actor, { from: row.status, to: status }, now);
    return saved;
  }

  async reply(token: string, body: string, files: IncomingFile[]): Promise<CaseView> {
    const { files: checked, errors } = checkFiles(files);
    if (errors.length) throw validationError(errors, 422);
    const found = await this.#byToken(token);
    await this.deps.db.db.transaction(async (tx) => {
      const row = await store.lockCase(tx, found.id);
      if (!this.#canReply(row)) {
        throw new AppError(409, PROBLEM_TYPES.conflict, 'Case closed', 'This case is closed and cannot take replies; please open a new case.');
      }
      const customer = await this.#customer(tx, row.customerId);
      await this.#addCustomerReply(tx, row, customer.name, body, checked, {});
    });
    return this.view(token);
  }

  /**
   * A customer's reply, however it came (the tracking page, the widget, an email): the message
   * and its files, the history, the console's live update, and the status it moves the case to
   * (a solved case reopens), so every channel behaves the same. Answers the message's id and
   * whether the case was reopened.
   */
  async #addCustomerReply(tx: Tx, row: store.CaseRow, name: string, body: string, checked: CheckedFile[], data: Record<string, unknown>): Promise<{ messageId: number; reopened: boolean }> {
    const now = this.deps.clock.now();
    const message = await store.insertMessage(tx, { caseId: row.id, author: 'customer', authorName: name, body, createdAt: now });
    await store.insertAttachments(tx, row.id, message.id, checked, now);
    await store.insertEvent(tx, row.id, 'customer_replied', 'customer', { attachments: checked.length, ...data }, now);
    // One event per change: the reply's (a status it reopens comes with it).
    await this.#publish(tx, row.reference, 'customer_replied', 'customer', now);
    const status: CaseStatus = row.status === 'new' ? 'new' : 'open';
    const updated = await this.#setStatus(tx, row, status, 'customer', now);
    if (updated === row) await store.updateCase(tx, row.id, { updatedAt: now });
    return { messageId: message.id, reopened: row.status === 'solved' };
  }

  /**
   * The case a reply by email is for, locked until the transaction ends (mail/inbound.ts
   * decides in it whether the reply is added): who its customer is, and whether it takes
   * replies (open, or solved inside the reopen window). Null when no case has this id.
   */
  async emailReplyTarget(tx: Tx, caseId: number): Promise<EmailReplyTarget | null> {
    if (!(await store.caseById(tx, caseId))) return null;
    const row = await store.lockCase(tx, caseId);
    const customer = await this.#customer(tx, row.customerId);
    return { id: row.id, reference: row.reference, subject: row.subject, locale: row.locale as Locale, customerEmail: customer.email.toLowerCase(), canReply: this.#canReply(row) };
  }

  /** Adds a reply by email as the customer's, exactly as a reply from the tracking page (a solved case reopens). */
  async addEmailReply(tx: Tx, caseId: number, body: string, files: CheckedFile[]): Promise<{ messageId: number; reopened: boolean }> {
    const row = await store.lockCase(tx, caseId);
    const customer = await this.#customer(tx, row.customerId);
    return this.#addCustomerReply(tx, row, customer.name, body, files, { channel: 'email' });
  }

  /** The tracking link of case `caseId` for a mail about it (the refusal of a reply by email). */
  async linkOfCase(tx: Tx, caseId: number): Promise<string> {
    return this.#linkOf(tx, await store.lockCase(tx, caseId));
  }

  /** Whether a case with this id exists (the inbound SMTP server's check of a recipient). */
  async exists(caseId: number): Promise<boolean> {
    return (await store.caseById(this.deps.db.db, caseId)) !== null;
  }

  async close(token: string): Promise<CaseView> {
    const found = await this.#byToken(token);
    await this.deps.db.db.transaction(async (tx) => {
      const row = await store.lockCase(tx, found.id);
      if (row.status === 'closed') return;
      const now = this.deps.clock.now();
      await this.#setStatus(tx, row, 'closed', 'customer', now);
      await this.#publish(tx, row.reference, 'status', 'customer', now);
    });
    return this.view(token);
  }

  /** Mails the customer the links to their recent cases. Answers the same whether or not the address has cases. */
  /**
   * Queues a mail with the address's tracking links. The request does the same work whether
   * or not the address has cases (count it against the per-address cap, queue a job), so
   * neither its answer nor its timing tells who wrote to support; the job looks the cases up.
   */
  async resendLinks(email: string, locale: Locale, origin?: string): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.db.db.transaction(async (tx) => {
      await enforce(tx, { name: 'cases:links-email', limit: this.deps.config.linksEmailLimitPerHour, windowMs: 3_600_000 }, email, now, 'Too many requests for the links of this address in the last hour; check your mail or wait.', 'body.email');
      await enqueueJob(tx, now, RESEND_LINKS_JOB, { v: 1, email, locale, ...(origin ? { origin } : {}) } satisfies ResendLinksJob);
    });
    this.deps.onJobQueued?.();
  }

  /** The job behind resendLinks: mails the links of the address's cases of the last 180 days, if any. */
  readonly sendLinksJob = async (tx: Tx, payload: unknown): Promise<void> => {
    const job = ResendLinksJobSchema.parse(payload);
    const now = this.deps.clock.now();
    const found = await store.casesOfEmail(tx, job.email, new Date(now.getTime() - 180 * 86_400_000));
    if (!found.length) return;
    const links = [];
    for (const { case: c } of found) {
      await store.insertEvent(tx, c.id, 'tracking_link_resent', 'customer', {}, now);
      links.push({ reference: c.reference, subject: c.subject, trackingUrl: await this.#linkOf(tx, c, job.origin) });
    }
    await enqueueMail(tx, now, job.email, job.locale, { template: 'tracking_links', vars: { company: this.deps.config.companyName, name: found[0]!.customer.name, cases: links } });
  };

  /**
   * Moves a case to another lane (paid, refunded, subscription ended) and recomputes its due
   * times from now under the new lane's targets. Runs in the caller's transaction.
   */
  async moveToLane(tx: Tx, caseId: number, lane: CaseLane, actor: string, reason: string): Promise<store.CaseRow> {
    const row = await store.lockCase(tx, caseId);
    if (row.lane === lane) return row;
    const now = this.deps.clock.now();
    const next = { ...row, lane, laneChangedAt: now };
    const due = this.#dueDates(next);
    const saved = await store.updateCase(tx, row.id, { lane, laneChangedAt: now, updatedAt: now, firstResponseDue: due.firstResponseDue, resolutionDue: due.resolutionDue });
    await store.insertEvent(tx, row.id, 'lane_changed', actor, { from: row.lane, to: lane, reason }, now);
    await this.#publish(tx, row.reference, 'lane', actor, now);
    return saved;
  }

  async moveManyToLane(tx: Tx, caseIds: number[], lane: CaseLane, actor: string, reason: string): Promise<Map<number, { row: store.CaseRow; link: string }>> {
    const { moved, write, written } = await this.lanesToWrite(tx, caseIds, lane, actor, reason);
    if (write) await store.writeLaneMoves(tx, write);
    await written(tx);
    return moved;
  }

  async lanesToWrite(tx: Tx, caseIds: number[], lane: CaseLane, actor: string, reason: string): Promise<LanesToWrite> {
    return this.lanesOfLocked(tx, await store.lockCasesWithOrigin(tx, [...new Set(caseIds)]), lane, actor, reason);
  }

  async lanesOfLocked(tx: Tx, locked: readonly store.CaseWithOrigin[], lane: CaseLane, actor: string, reason: string): Promise<LanesToWrite> {
    const now = this.deps.clock.now();
    const out = new Map<number, { row: store.CaseRow; link: string }>();
    const moves: Parameters<typeof store.laneMoves>[0] = [];
    const events: StaffEventInput[] = [];
    for (const { row, origin } of locked) {
      let left = row;
      if (row.lane !== lane) {
        const next = { ...row, lane, laneChangedAt: now, updatedAt: now };
        const due = this.#dueDates(next);
        left = { ...next, firstResponseDue: due.firstResponseDue, resolutionDue: due.resolutionDue };
        moves.push({ id: row.id, lane, firstResponseDue: due.firstResponseDue, resolutionDue: due.resolutionDue, event: { from: row.lane, to: lane, reason } });
        events.push({ event: 'case', data: { reference: row.reference, change: 'lane', by: actor, at: now.toISOString() } });
      }
      const token = this.#tokens.open(row.trackingTokenEnc);
      // A token that no longer opens (the secret changed) gets a new one, as linkOf does.
      const link = token && tokenHash(token) === row.trackingHash ? this.trackingUrl(row.locale, token, origin) : await this.#linkOf(tx, row);
      out.set(row.id, { row: left, link });
    }
    return {
      moved: out,
      write: store.laneMoves(moves, actor, now, this.deps.events?.notifyPayloads?.(events) ?? []),
      written: async (t) => {
        // A publisher that cannot join the statement publishes each on its own, as moveToLane does.
        if (this.deps.events && !this.deps.events.notifyPayloads) for (const m of moves) await this.#publish(t, out.get(m.id)!.row.reference, 'lane', actor, now);
      },
    };
  }

  async #customer(tx: Tx | null, id: number) {
    const c = await this.deps.customers.byId(tx, id);
    if (!c) throw new Error(`Ayuda: case customer ${id} is missing; the customers table lost a row that cases reference.`);
    return c;
  }

  /**
   * Recomputes the stored due times (the queue's order) of up to `limit` open cases with an id
   * above `afterId` under the SLA rules in effect, in one transaction; answers the last id it
   * looked at, or null when none were left. Cases whose due times did not move are not written.
   */
  async recomputeDueTimes(afterId: number, limit: number): Promise<{ lastId: number | null; changed: number }> {
    return this.deps.db.db.transaction(async (tx) => {
      const rows = await store.lockOpenCasesAfter(tx, afterId, limit);
      const moved = rows.flatMap((row) => {
        const due = this.#due(row);
        const same = due.firstResponseDue?.getTime() === row.firstResponseDue?.getTime() && due.resolutionDue?.getTime() === row.resolutionDue?.getTime();
        return same ? [] : [{ id: row.id, firstResponseDue: due.firstResponseDue, resolutionDue: due.resolutionDue }];
      });
      await store.setDueTimes(tx, moved);
      return { lastId: rows.at(-1)?.id ?? null, changed: moved.length };
    });
  }

  /** A case by id, or null. */
  byId(id: number): Promise<store.CaseRow | null> {
    return store.caseById(this.deps.db.db, id);
  }

  lock(tx: Tx, id: number): Promise<store.CaseRow> {
    return store.lockCase(tx, id);
  }

  openCasesOf(tx: Tx, customerId: number, lane: CaseLane): Promise<store.CaseRow[]> {
    return store.openCasesOf(tx, customerId, lane);
  }

  noteEvent(tx: Tx, caseId: number, type: string, actor: string, data: Record<string, unknown>, now: Date): Promise<void> {
    return store.insertEvent(tx, caseId, type, actor, data, now);
  }

  /** Whether the database holds any case at all (the demo seeds an empty one only). */
  hasAnyCase(): Promise<boolean> {
    return store.hasAnyCase(this.deps.db.db);
  }

  /** The case a tracking token opens (for the fast lane's upgrade), or null. */
  async caseOfToken(token: string): Promise<store.CaseRow | null> {
    return (await store.caseByTrackingHash(this.deps.db.db, tokenHash(token))) ?? null;
  }

  /** A case by id, or null (for the surveys, whose tokens name the case by id). */
  caseById(id: number): Promise<store.CaseRow | null> {
    return store.caseById(this.deps.db.db, id);
  }

  /** Due times of a case now (for the SLA guarantee). */
  dueOf(row: store.CaseRow) {
    return this.#due(row);
  }

  /** The case's tracking link, for mails sent by other capabilities. */
  linkOf(tx: Tx, row: store.CaseRow): Promise<string> {
    return this.#linkOf(tx, row);
  }

  /** Closes solved cases nobody reopened within AYUDA_REOPEN_DAYS. Safe to run from several processes. */
  async closeStale(): Promise<number> {
    const now = this.deps.clock.now();
    const before = new Date(now.getTime() - this.deps.config.reopenDays * 86_400_000);
    return this.deps.db.db.transaction(async (tx) => {
      const closed = await store.closeSolvedBefore(tx, before, now);
      for (const c of closed) {
        await store.insertEvent(tx, c.id, 'status_changed', 'system', { from: 'solved', to: 'closed', reason: 'reopen_window_passed' }, now);
        await this.#publish(tx, c.reference, 'status', 'system', now);
      }
      return closed.length;
    });
  }

  // ---- staff ----

  #summary(row: store.CaseRow, customer: { name: string; email: string }, lastPublicAuthor: string | null): StaffCaseSummary {
    const due = this.#due(row);
    return {
      reference: row.reference,
      subject: row.subject,
      status: row.status as CaseStatus,
      lane: row.lane as CaseLane,
      locale: row.locale as Locale,
      category: row.category,
      customer: { name: customer.name, email: customer.email },
      assignee: row.assignee,
      assigneeId: row.assigneeId,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      firstResponseDue: iso(due.firstResponseDue),
      resolutionDue: iso(due.resolutionDue),
      firstResponseBreached: due.firstResponseBreached,
      resolutionBreached: due.resolutionBreached,
      sla: slaOf(row, due),
      lastPublicAuthor: lastPublicAuthor === 'customer' || lastPublicAuthor === 'staff' ? lastPublicAuthor : null,
    };
  }

  /**
   * The queue: a view (which statuses, whose cases), filters and search, fast lane first, then
   * by the due time of each case's next SLA target, then by reference; one page after the cursor.
   */
  async queue(q: QueueRequest, staff: StaffActor): Promise<StaffQueue> {
    if (q.view === 'mine' && staff.kind !== 'user') {
      throw validationError([{ field: 'query.view', message: '`mine` lists the cases of a signed-in staff user; an API token is nobody, so ask for assigneeId=<id> instead' }]);
    }
    const statuses: readonly CaseStatus[] = q.status ?? (q.view === 'pending' ? ['pending_customer'] : q.view === 'solved' ? ['solved'] : OPEN_STATUSES);
    const assigneeId = q.view === 'mine' ? staff.id : q.view === 'unassigned' ? null : undefined;
    if (q.assigneeId !== undefined && assigneeId !== undefined && q.assigneeId !== assigneeId) return { total: 0, next: null, cases: [] };
    const words = (q.q ?? '').split(/\s+/).filter(Boolean).map((w) => ({ word: fold(w), raw: w.toLowerCase() }));
    const finished = store.finishedOnly(statuses);
    const after = q.cursor ? decodeCursor(q.cursor, finished) : undefined;
    const { rows, total } = await store.queue(
      this.deps.db.db,
      { statuses, lane: q.lane, category: q.category, assignee: q.assignee, assigneeId: q.assigneeId ?? assigneeId, words },
      // One more than asked tells whether another page follows.
      { limit: q.limit + 1, after, offset: q.offset },
    );
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      total,
      next: rows.length > q.limit && last ? encodeCursor(finished ? store.finishedKeyOf(last.case) : store.queueKeyOf(last.case)) : null,
      cases: page.map((r) => this.#summary(r.case, r.customer, r.lastPublicAuthor)),
    };
  }

  async #byReference(reference: string) {
    const row = await store.caseByReference(this.deps.db.db, reference);
    if (!row) throw notFound(`No case ${reference}.`);
    return row;
  }

  async #customerBlock(row: store.CaseRow): Promise<StaffCustomer> {
    const db = this.deps.db.db;
    const [customer, others, finance] = await Promise.all([
      this.#customer(null, row.customerId),
      store.otherCasesOf(db, row.customerId, row.id, 20),
      this.deps.finance?.ofCustomer(row.customerId) ?? Promise.resolve<CustomerFinance>({ orders: [], subscription: null, refunds: [] }),
    ]);
    const refs = await store.referencesOf(db, [...new Set(finance.orders.flatMap((o) => (o.caseId === null ? [] : [o.caseId])))]);
    return {
      id: customer.id,
      name: customer.name,
      email: customer.email,
      locale: customer.locale === 'en' ? 'en' : 'es',
      cases: others.map((c) => ({ reference: c.reference, subject: c.subject, status: c.status as CaseStatus, lane: c.lane as CaseLane, createdAt: c.createdAt.toISOString() })),
      fastlane: {
        orders: finance.orders.map(({ caseId, ...o }) => ({ ...o, caseReference: caseId === null ? null : (refs.get(caseId) ?? null) })),
        subscription: finance.subscription,
        refunds: finance.refunds,
      },
    };
  }

  async staffView(reference: string): Promise<StaffCase> {
    const row = await this.#byReference(reference);
    const [customer, events, messages, payments] = await Promise.all([
      this.#customerBlock(row),
      store.eventsOf(this.deps.db.db, row.id),
      this.#messages(row, 'staff', (id) => `/api/v1/staff/cases/${row.reference}/attachments/${id}`),
      this.deps.finance ? this.deps.finance.ofCase(row.id) : Promise.resolve([]),
    ]);
    return {
      ...this.#summary(row, customer, messages.findLast((m) => !m.internal)?.author ?? null),
      channel: row.channel,
      firstRespondedAt: iso(row.firstRespondedAt),
      solvedAt: iso(row.solvedAt),
      closedAt: iso(row.closedAt),
      messages,
      payments,
      events: events.map((e) => ({ type: e.type, actor: e.actor, data: e.data, createdAt: e.createdAt.toISOString() })),
      customer,
      timeZone: this.deps.sla.config.hours.timeZone,
    };
  }

  async staffAttachment(reference: string, publicId: string) {
    const row = await this.#byReference(reference);
    if (!ATTACHMENT_ID.test(publicId)) throw notFound('No such file.');
    const file = await store.attachmentData(this.deps.db.db, row.id, publicId);
    if (!file) throw notFound('No such file.');
    return file;
  }

  /**
   * A staff reply (mailed to the customer; by default the case then waits for the customer)
   * or an internal note (never shown to the customer). A closed case takes notes, not replies.
   */
  async staffReply(reference: string, staff: StaffActor, input: { body: string; internal: boolean; status?: CaseStatus | undefined }): Promise<StaffCase> {
    const found = await this.#byReference(reference);
    const actor = actorKey(staff);
    const mailed = await this.deps.db.db.transaction(async (tx) => {
      let row = await store.lockCase(tx, found.id);
      if (!input.internal && row.status === 'closed') {
        throw new AppError(409, PROBLEM_TYPES.conflict, 'Case closed', 'This case is closed: the customer can no longer answer it. Add an internal note, or ask the customer to open a new case.');
      }
      staysClosed(row.status, input.status);
      const now = this.deps.clock.now();
      await store.insertMessage(tx, { caseId: row.id, author: 'staff', authorName: staff.name, staffTokenId: staff.kind === 'token' ? staff.id : null, staffUserId: staff.kind === 'user' ? staff.id : null, internal: input.internal, body: input.body, createdAt: now });
      await store.insertEvent(tx, row.id, input.internal ? 'note_added' : 'staff_replied', actor, {}, now);
      await this.#publish(tx, row.reference, input.internal ? 'note_added' : 'staff_replied', actor, now);
      if (input.internal) {
        if (input.status) await this.#setStatus(tx, row, input.status, actor, now);
        else await store.updateCase(tx, row.id, { updatedAt: now });
        return false;
      }
      if (!row.firstRespondedAt) row = await store.updateCase(tx, row.id, { firstRespondedAt: now });
      // A person who answers a case nobody has takes it (it leaves the Unassigned view, so a
      // colleague does not answer it again); a token's reply is a script's, and assigns nobody.
      if (staff.kind === 'user' && row.assignee === null && row.assigneeId === null) row = await this.#assign(tx, row, { assignee: staff.name, assigneeId: staff.id }, actor, now);
      row = await this.#setStatus(tx, row, input.status ?? 'pending_customer', actor, now);
      await store.updateCase(tx, row.id, { updatedAt: now });
      const customer = await this.#customer(tx, row.customerId);
      const common = { company: this.deps.config.companyName, name: customer.name, reference: row.reference, subject: row.subject, trackingUrl: await this.#linkOf(tx, row) };
      // A reply that solves the case says so, with the reopen window, in the same mail.
      const solved = row.status === 'solved' ? { reopenDays: this.deps.config.reopenDays, survey: await this.#invite(tx, row, now) } : {};
      await enqueueMail(tx, now, customer.email, row.locale as Locale, { template: 'agent_replied', vars: { ...common, agent: this.#customerFacingAuthor({ author: 'staff', authorName: staff.name, staffTokenId: staff.kind === 'token' ? staff.id : null }), body: input.body, ...(this.deps.replyHtml ? { bodyHtml: this.deps.replyHtml(input.body, row.locale as Locale) } : {}), ...solved, ...this.#replyByMail() } }, this.mailOptionsOf(row));
      return true;
    });
    if (mailed) this.deps.onMailQueued?.();
    return this.staffView(reference);
  }

  /** Changes the status; solving a case mails the customer. */
  /**
   * Changes the status. With `ifLastPublicAuthor`, only while the latest public message is still
   * that author's (checked under the case's lock, so a message arriving meanwhile waits for it or
   * is seen): 412 otherwise, and nothing changes.
   */
  async staffSetStatus(reference: string, staff: StaffActor, status: CaseStatus, ifLastPublicAuthor?: 'customer' | 'staff'): Promise<StaffCase> {
    const found = await this.#byReference(reference);
    const mailed = await this.deps.db.db.transaction(async (tx) => {
      const row = await store.lockCase(tx, found.id);
      staysClosed(row.status, status);
      if (ifLastPublicAuthor) {
        const last = await store.lastPublicAuthorOf(tx, row.id);
        if (last !== ifLastPublicAuthor) {
          throw new AppError(412, PROBLEM_TYPES.preconditionFailed, 'Precondition failed', last === 'customer' ? `The customer wrote to ${row.reference} after the last answer: its status was not changed.` : `The latest public message of ${row.reference} is not by ${ifLastPublicAuthor} (it is ${last ? `by ${last}` : 'missing'}): its status was not changed.`);
        }
      }
      const now = this.deps.clock.now();
      const saved = await this.#setStatus(tx, row, status, actorKey(staff), now);
      if (saved === row) return false;
      await this.#publish(tx, row.reference, 'status', actorKey(staff), now);
      if (status !== 'solved') return false;
      const customer = await this.#customer(tx, row.customerId);
      await enqueueMail(tx, now, customer.email, row.locale as Locale, {
        template: 'case_solved',
        vars: { company: this.deps.config.companyName, name: customer.name, reference: row.reference, subject: row.subject, trackingUrl: await this.#linkOf(tx, saved), reopenDays: this.deps.config.reopenDays, survey: await this.#invite(tx, saved, now), ...this.#replyByMail() },
      }, this.mailOptionsOf(row));
      return true;
    });
    if (mailed) this.deps.onMailQueued?.();
    return this.staffView(reference);
  }

  /** Gives the locked case to `next`, with its `assigned` event and the consoles' live update. */
  async #assign(tx: Tx, row: store.CaseRow, next: { assignee: string | null; assigneeId: number | null }, actor: string, now: Date): Promise<store.CaseRow> {
    const saved = await store.updateCase(tx, row.id, { ...next, updatedAt: now });
    await store.insertEvent(tx, row.id, 'assigned', actor, { from: row.assignee, to: next.assignee, fromId: row.assigneeId, toId: next.assigneeId }, now);
    await this.#publish(tx, row.reference, 'assignee', actor, now);
    return saved;
  }

  /**
   * Assigns a staff user by id (an active one; their name is recorded with it) or, for scripts,
   * a name alone; null for either unassigns.
   */
  async staffAssign(reference: string, staff: StaffActor, to: { assigneeId?: number | null | undefined; assignee?: string | null | undefined }): Promise<StaffCase> {
    const found = await this.#byReference(reference);
    await this.deps.db.db.transaction(async (tx) => {
      let next: { assignee: string | null; assigneeId: number | null };
      if (to.assigneeId !== undefined && to.assigneeId !== null) {
        const user = this.deps.assignees ? await this.deps.assignees.activeUser(tx, to.assigneeId) : null;
        if (!user) throw validationError([{ field: 'body.assigneeId', message: 'no active staff user has this id' }], 422);
        next = { assignee: user.name, assigneeId: user.id };
      } else {
        next = { assignee: to.assignee ?? null, assigneeId: null };
      }
      const row = await store.lockCase(tx, found.id);
      if (row.assignee === next.assignee && row.assigneeId === next.assigneeId) return;
      await this.#assign(tx, row, next, actorKey(staff), this.deps.clock.now());
    });
    return this.staffView(reference);
  }

  /** Moves the case to another lane (goodwill, or a mistake put right); its due times count again from now. */
  async staffSetLane(reference: string, staff: StaffActor, lane: CaseLane, reason: string): Promise<StaffCase> {
    const found = await this.#byReference(reference);
    await this.deps.db.db.transaction(async (tx) => {
      const row = await store.lockCase(tx, found.id);
      if (row.status === 'closed') throw new AppError(409, PROBLEM_TYPES.conflict, 'Case closed', 'A closed case stays in its lane.');
      await this.moveToLane(tx, row.id, lane, actorKey(staff), reason);
    });
    return this.staffView(reference);
  }

  /** Sets the category: a knowledge-base category's key, or null. */
  async staffSetCategory(reference: string, staff: StaffActor, category: string | null): Promise<StaffCase> {
    const found = await this.#byReference(reference);
    if (category !== null && this.deps.categories && !(await this.deps.categories.hasCategory(category))) {
      throw validationError([{ field: 'body.category', message: 'no knowledge-base category has this key' }], 422);
    }
    await this.deps.db.db.transaction(async (tx) => {
      const row = await store.lockCase(tx, found.id);
      if (row.category === category) return;
      const now = this.deps.clock.now();
      await store.updateCase(tx, row.id, { category, updatedAt: now });
      await store.insertEvent(tx, row.id, 'category_changed', actorKey(staff), { from: row.category, to: category }, now);
      await this.#publish(tx, row.reference, 'category', actorKey(staff), now);
    });
    return this.staffView(reference);
  }

  /** Tells the other staff who is viewing or typing in a case. Not stored. */
  async presence(reference: string, staff: StaffActor, state: PresenceState): Promise<void> {
    await this.#byReference(reference);
    await this.deps.events?.publish(null, {
      event: 'presence',
      data: { reference, user: { id: staff.id, name: staff.name }, by: actorKey(staff), state, at: this.deps.clock.now().toISOString() },
    });
  }
}

export { CASE_LIMITS };
