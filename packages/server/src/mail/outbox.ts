// The mail outbox: mail is written in the same transaction as what caused it, then sent by a
// worker that claims rows with FOR UPDATE SKIP LOCKED (so several processes can run it),
// sends several at once, retries with exponential backoff and gives up only after
// MAIL_DEFAULTS.maxAttempts. Delivery is at least once: see "Delivery guarantees" in
// docs/cases.md.
import nodemailer from 'nodemailer';
import { and, asc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { Locale } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../http/logger.js';
import { mailOutbox, type MailAttachmentRow } from '../db/schema.js';
import { mailDomainOf } from '../config.js';
import { Poller } from '../jobs/poller.js';
import { renderMail, type MailTemplate } from './templates.js';

export const MAIL_DEFAULTS = {
  /** How often an idle worker looks for due mail (it is also woken after each commit that queues mail). */
  pollMs: 2000,
  /**
   * Mails one process sends at once, and the connections of its SMTP pool
   * (`AYUDA_MAIL_CONCURRENCY`). An SMTP server answering in 100 ms then takes about 160 mails a
   * second from each process instead of 10.
   */
  concurrency: 16,
  /**
   * How long a claim holds a row. A live worker renews it while it sends; a process that died
   * holding rows loses them at most this long after its last renewal, and another sends them.
   */
  leaseMs: 30_000,
  /** How often a worker renews the lease of the rows it holds: a third of the lease, so one failed renewal costs nothing. */
  renewEveryMs: 10_000,
  maxAttempts: 8,
  firstRetryMs: 30_000,
  maxRetryMs: 3_600_000,
} as const;

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The same for every attempt of one outbox row, so a receiver can drop a copy sent twice (see messageIdOf). */
  messageId: string;
  /** The case's reply address (mail/reply-address.ts), for a case mail while replies by email are on. */
  replyTo?: string | undefined;
  /** An automatic answer to a mail (RFC 3834): sent with `Auto-Submitted: auto-replied`, so the other side's autoresponders stay quiet. */
  autoReply?: boolean | undefined;
  /** Files sent with the mail (an appointment's .ics). */
  attachments?: MailAttachment[] | undefined;
}

/**
 * A file sent with a mail. Small generated files only (an .ics is a few kilobytes): the content
 * is kept in the outbox row, so every attempt sends the same bytes.
 */
export interface MailAttachment {
  filename: string;
  /** With its parameters, e.g. `text/calendar; charset=utf-8; method=REQUEST`. */
  contentType: string;
  content: Buffer;
}

/** The most one mail's attachments may weigh in all: they live in the outbox row. */
export const MAIL_ATTACHMENTS_MAX_BYTES = 256 * 1024;

/** Templates that answer a mail by themselves (see OutgoingMail.autoReply). */
const AUTO_REPLY_TEMPLATES = new Set(['email_reply_refused']);

export interface MailTransport {
  readonly name: 'smtp' | 'dev-mailbox' | string;
  send(mail: OutgoingMail): Promise<void>;
  /** Lets go of open connections; called once nothing is being sent any more. */
  close?(): void;
}

/**
 * Sends through SMTP with nodemailer, over a pool of up to `maxConnections` connections kept
 * open between mails (a TLS handshake per mail would cost more than the mail). Options in the
 * URL's query (`?maxConnections=4`) take precedence.
 */
export function smtpTransport(url: string, from: string | (() => string), opts: { maxConnections?: number } = {}): MailTransport {
  const t = nodemailer.createTransport({ url, pool: true, maxConnections: opts.maxConnections ?? MAIL_DEFAULTS.concurrency });
  return {
    name: 'smtp',
    send: async (m) =>
      void (await t.sendMail({
        from: typeof from === 'function' ? from() : from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: m.messageId,
        ...(m.replyTo ? { replyTo: m.replyTo } : {}),
        ...(m.autoReply ? { headers: { 'Auto-Submitted': 'auto-replied' } } : {}),
        ...(m.attachments?.length ? { attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })) } : {}),
      })),
    close: () => t.close(),
  };
}

/** Development: "sending" only marks the row; /dev/mailbox shows it. */
export const devMailboxTransport: MailTransport = { name: 'dev-mailbox', send: async () => {} };

/**
 * The domain of Message-IDs: the From address's, so replies and bounces point back to the
 * sender's own domain; the public URL's host when the From address has none that is usable.
 */
export function messageIdDomain(from: string, publicUrl: string): string {
  return mailDomainOf(from, publicUrl);
}

/**
 * The Message-ID of an outbox row, derived from the row so every attempt, by any process,
 * carries the same one. The creation time is in it because ids start again at 1 in a new
 * database (a development one, a restore), and a Message-ID must never be reused.
 */
export function messageIdOf(row: { id: number; createdAt: Date }, domain: string): string {
  return `<ayuda.${row.id}.${row.createdAt.getTime()}@${domain}>`;
}

/** What ties a mail to a case: the case, and its reply address when replies by email are on; and the files it carries. */
export interface CaseMailOptions {
  caseId?: number | undefined;
  replyTo?: string | null | undefined;
  attachments?: MailAttachment[] | undefined;
}

/** Attachments as the outbox row keeps them. */
export function attachmentRows(files: MailAttachment[] | undefined): MailAttachmentRow[] | null {
  if (!files?.length) return null;
  const bytes = files.reduce((n, f) => n + f.content.length, 0);
  if (bytes > MAIL_ATTACHMENTS_MAX_BYTES) throw new Error(`Ayuda: a mail's attachments weigh ${bytes} bytes, more than the outbox keeps (${MAIL_ATTACHMENTS_MAX_BYTES}); send a link instead.`);
  return files.map((f) => ({ filename: f.filename, contentType: f.contentType, content: f.content.toString('base64') }));
}

/** The files of an outbox row, as sent. */
export function attachmentsOf(rows: MailAttachmentRow[] | null): MailAttachment[] {
  return (rows ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content, 'base64') }));
}

/** The domain of the addresses that erased customers keep (account/service.ts): no mail is ever queued to one. */
export const ERASED_ADDRESS_DOMAIN = 'erased.invalid';

/**
 * The outbox row of a mail, rendered; null when there is nobody to send it to: a customer who
 * had their data deleted is a pseudonym, and a later mail (a subscription ending, a refund)
 * has nobody to go to.
 */
export function mailRow(now: Date, to: string, locale: Locale, mail: MailTemplate, opts: CaseMailOptions = {}): typeof mailOutbox.$inferInsert | null {
  if (to.endsWith(`@${ERASED_ADDRESS_DOMAIN}`)) return null;
  const r = renderMail(locale, mail);
  return { toAddress: to, locale, template: mail.template, subject: r.subject, text: r.text, html: r.html, nextAttemptAt: now, createdAt: now, caseId: opts.caseId ?? null, replyTo: opts.replyTo ?? null, attachments: attachmentRows(opts.attachments) };
}

export async function enqueueMail(tx: Tx, now: Date, to: string, locale: Locale, mail: MailTemplate, opts: CaseMailOptions = {}): Promise<void> {
  const row = mailRow(now, to, locale, mail, opts);
  if (row) await tx.insert(mailOutbox).values(row);
}

/**
 * The confirmation of a deletion is the one row that still names an erased customer's address:
 * once sent (or given up on), it goes.
 */
export async function purgeErasureMail(db: Database): Promise<void> {
  await db.db.delete(mailOutbox).where(and(eq(mailOutbox.template, 'account_deleted'), inArray(mailOutbox.status, ['sent', 'failed'])));
}

export function retryDelayMs(attempts: number): number {
  return Math.min(MAIL_DEFAULTS.maxRetryMs, MAIL_DEFAULTS.firstRetryMs * 2 ** Math.max(0, attempts - 1));
}

export interface MailWorkerOptions {
  db: Database;
  clock: Clock;
  transport: MailTransport | null;
  logger: Logger;
  /** The domain of the stable Message-IDs (messageIdDomain). */
  messageIdDomain: string;
  /** These four default to MAIL_DEFAULTS; the app sets `concurrency` from AYUDA_MAIL_CONCURRENCY. */
  pollMs?: number;
  concurrency?: number;
  leaseMs?: number;
  renewEveryMs?: number;
}

type Row = typeof mailOutbox.$inferSelect;

export class MailWorker {
  readonly #poller: Poller;
  /** Every drain under way, so stop() can wait for the mail they are sending. */
  readonly #drains = new Set<Promise<number>>();
  /**
   * The rows this worker holds, by id: the attempt count its claim set, and when its lease ends
   * as far as this worker knows. The count fences the lease: a row whose lease ran out and that
   * another process claimed has a higher count, so this worker's renewals and failure reports
   * leave it alone.
   */
  readonly #held = new Map<number, { attempts: number; until: number }>();
  #renewal: NodeJS.Timeout | null = null;
  readonly #concurrency: number;
  readonly #leaseMs: number;
  readonly #renewEveryMs: number;

  constructor(private readonly deps: MailWorkerOptions) {
    this.#poller = new Poller({ run: () => this.drainAll(), pollMs: deps.pollMs ?? MAIL_DEFAULTS.pollMs, onError: (err) => deps.logger.error('mail: worker failed', { error: String(err) }) });
    this.#concurrency = Math.max(1, deps.concurrency ?? MAIL_DEFAULTS.concurrency);
    this.#leaseMs = deps.leaseMs ?? MAIL_DEFAULTS.leaseMs;
    this.#renewEveryMs = deps.renewEveryMs ?? MAIL_DEFAULTS.renewEveryMs;
  }

  /**
   * Sends what is due, claiming at most `limit` rows; returns how many were sent. Up to
   * `concurrency` mails are in flight at once. Rows are claimed in short transactions that
   * lease them, then sent outside any transaction, so a slow SMTP server holds no lock; the
   * lease is renewed while they are sent.
   */
  drain(limit: number = this.#concurrency): Promise<number> {
    const run = this.#pump(limit);
    this.#drains.add(run);
    void run.finally(() => this.#drains.delete(run)).catch(() => {});
    return run;
  }

  /** Drains until nothing is due (or `max` rows were claimed). */
  drainAll(max = 10_000): Promise<number> {
    return this.drain(max);
  }

  /**
   * Keeps up to `concurrency` sends in flight until nothing is due. Rows are claimed ahead of
   * the free slots, up to `concurrency` of them, so a slot that frees takes the next mail at
   * once instead of waiting for a claim's round trip (which, against an SMTP server answering
   * in 100 ms, left a third of the slots idle); a claim is made once half of them are used, so
   * claims stay batches rather than a transaction per mail. Rows claimed ahead are leased and
   * renewed like the ones being sent; on stop they are given back.
   */
  async #pump(limit: number): Promise<number> {
    if (!this.deps.transport) return 0;
    const c = this.#concurrency;
    const ready: Row[] = [];
    const sending = new Set<Promise<void>>();
    let claiming: Promise<void> | null = null;
    let claimed = 0;
    let sent = 0;
    let dry = false;
    try {
      for (;;) {
        while (!this.#poller.stopped && sending.size < c && ready.length) {
          const row = ready.shift()!;
          // Its lease ran out while it waited (the process stalled): another process may have it.
          if (this.deps.clock.now().getTime() >= (this.#held.get(row.id)?.until ?? 0)) {
            this.#release(row.id);
            continue;
          }
          const p: Promise<void> = this.#send(row).then((ok) => {
            if (ok) sent++;
            sending.delete(p);
          });
          sending.add(p);
        }
        if (!claiming && !dry && !this.#poller.stopped && claimed < limit && ready.length <= c / 2) {
          const n = Math.min(c - ready.length, limit - claimed);
          claiming = this.#claim(n)
            .then((rows) => {
              claimed += rows.length;
              ready.push(...rows);
              // Fewer than asked: nothing more is due; finish what was claimed.
              if (rows.length < n) dry = true;
            })
            .finally(() => {
              claiming = null;
            });
        }
        if (!sending.size && !claiming && (!ready.length || this.#poller.stopped)) break;
        await Promise.race(claiming ? [...sending, claiming] : sending);
      }
    } finally {
      await Promise.allSettled([claiming]);
      if (ready.length) await this.#giveBack(ready.splice(0));
      await Promise.all(sending);
    }
    return sent;
  }

  /** Returns rows claimed but never handed to the transport: due again, and not an attempt. */
  async #giveBack(rows: Row[]): Promise<void> {
    for (const r of rows) this.#release(r.id);
    try {
      await this.deps.db.db
        .update(mailOutbox)
        .set({ attempts: sql`${mailOutbox.attempts} - 1`, nextAttemptAt: this.deps.clock.now() })
        .where(and(eq(mailOutbox.status, 'pending'), or(...rows.map((r) => and(eq(mailOutbox.id, r.id), eq(mailOutbox.attempts, r.attempts))))));
    } catch (err) {
      // Their lease runs out and they are sent all the same, one attempt shorter.
      this.deps.logger.warn('mail: giving back claimed mail failed', { ids: rows.map((r) => r.id), error: String(err) });
    }
  }

  async #claim(n: number): Promise<Row[]> {
    const now = this.deps.clock.now();
    const rows = await this.deps.db.db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.nextAttemptAt, now)))
        .orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id))
        .limit(n)
        .for('update', { skipLocked: true });
      if (due.length) {
        await tx
          .update(mailOutbox)
          .set({ attempts: sql`${mailOutbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + this.#leaseMs) })
          .where(inArray(mailOutbox.id, due.map((r) => r.id)));
      }
      return due.map((r) => ({ ...r, attempts: r.attempts + 1 }));
    });
    for (const r of rows) this.#held.set(r.id, { attempts: r.attempts, until: now.getTime() + this.#leaseMs });
    if (rows.length && !this.#renewal) {
      this.#renewal = setInterval(() => void this.#renew(), this.#renewEveryMs);
      this.#renewal.unref();
    }
    return rows;
  }

  /** Sends one claimed row and records the outcome; true when it was sent. */
  async #send(row: Row): Promise<boolean> {
    const { transport, clock, logger, db } = this.deps;
    try {
      await transport!.send({ to: row.toAddress, subject: row.subject, text: row.text, html: row.html, messageId: messageIdOf(row, this.deps.messageIdDomain), replyTo: row.replyTo ?? undefined, autoReply: AUTO_REPLY_TEMPLATES.has(row.template), attachments: attachmentsOf(row.attachments) });
    } catch (err) {
      this.#release(row.id);
      const giveUp = row.attempts >= MAIL_DEFAULTS.maxAttempts;
      try {
        // Only while the row is still this claim's: a late failure must not undo the work of a
        // process that took the row over after this one's lease ran out.
        await db.db
          .update(mailOutbox)
          .set({ lastError: String((err as Error)?.message ?? err).slice(0, 500), status: giveUp ? 'failed' : 'pending', nextAttemptAt: new Date(clock.now().getTime() + retryDelayMs(row.attempts)) })
          .where(and(eq(mailOutbox.id, row.id), eq(mailOutbox.attempts, row.attempts), eq(mailOutbox.status, 'pending')));
      } catch (dbErr) {
        // The lease runs out and the row is tried again, sooner than the backoff would have.
        logger.error('mail: recording a failed send failed', { id: row.id, error: String(dbErr) });
      }
      logger.warn('mail: sending failed', { id: row.id, attempts: row.attempts, giveUp, error: String(err) });
      return false;
    }
    this.#release(row.id);
    try {
      // Whoever holds the lease now, the mail has gone: record it.
      await db.db.update(mailOutbox).set({ status: 'sent', sentAt: clock.now(), transport: transport!.name, lastError: null }).where(eq(mailOutbox.id, row.id));
    } catch (err) {
      // The lease runs out and the mail is sent again: the duplicate that "at least once" allows.
      logger.error('mail: recording a sent mail failed; it will be sent again', { id: row.id, error: String(err) });
    }
    return true;
  }

  #release(id: number): void {
    this.#held.delete(id);
    if (this.#held.size === 0 && this.#renewal) {
      clearInterval(this.#renewal);
      this.#renewal = null;
    }
  }

  /**
   * Pushes the lease of every row still held to a full lease from now. `greatest` because a
   * renewal may land just after a failed send set a longer backoff, which it must not shorten.
   */
  async #renew(): Promise<void> {
    const held = [...this.#held];
    if (!held.length) return;
    const until = new Date(this.deps.clock.now().getTime() + this.#leaseMs);
    try {
      const renewed = await this.deps.db.db
        .update(mailOutbox)
        .set({ nextAttemptAt: sql`greatest(${mailOutbox.nextAttemptAt}, ${until.toISOString()}::timestamptz)` })
        .where(and(eq(mailOutbox.status, 'pending'), or(...held.map(([id, { attempts }]) => and(eq(mailOutbox.id, id), eq(mailOutbox.attempts, attempts))))))
        .returning({ id: mailOutbox.id });
      const kept = new Set(renewed.map((r) => r.id));
      for (const id of kept) {
        const h = this.#held.get(id);
        if (h) h.until = Math.max(h.until, until.getTime());
      }
      // A row whose send ended meanwhile is no longer held; one still held and not renewed was lost.
      const lost = held.filter(([id]) => !kept.has(id) && this.#held.has(id)).map(([id]) => id);
      // Not to be sent if it is still waiting for a slot.
      for (const id of lost) this.#held.get(id)!.until = 0;
      if (lost.length) this.deps.logger.warn('mail: lease lost; another process may send these too', { ids: lost });
    } catch (err) {
      this.deps.logger.warn('mail: renewing the lease failed; trying again', { error: String(err) });
    }
  }

  /** The outbox rows this worker holds a claim on (being sent, or next in line). */
  claimed(): number[] {
    return [...this.#held.keys()];
  }

  /** Asks for a drain soon (after a commit that queued mail). */
  kick(): void {
    this.#poller.kick();
  }

  start(): void {
    this.#poller.start();
  }

  /** Stops claiming and waits for the mail in flight to be sent and recorded. */
  async stop(): Promise<void> {
    await this.#poller.stop();
    await Promise.allSettled([...this.#drains]);
  }
}
