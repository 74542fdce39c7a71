// The mail outbox: mail is written in the same transaction as what caused it, then sent by a
// worker that claims rows with FOR UPDATE SKIP LOCKED (so several processes can run it),
// retries with exponential backoff and gives up only after MAIL_DEFAULTS.maxAttempts.
import nodemailer from 'nodemailer';
import { and, asc, eq, lte, inArray, sql } from 'drizzle-orm';
import type { Locale } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../http/logger.js';
import { mailOutbox } from '../db/schema.js';
import { renderMail, type MailTemplate } from './templates.js';

export const MAIL_DEFAULTS = { pollMs: 2000, batch: 20, maxAttempts: 8, firstRetryMs: 30_000, maxRetryMs: 3_600_000, leaseMs: 300_000 } as const;

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  readonly name: 'smtp' | 'dev-mailbox' | string;
  send(mail: OutgoingMail): Promise<void>;
}

/** Sends through SMTP with nodemailer. */
export function smtpTransport(url: string, from: string): MailTransport {
  // A pool keeps SMTP connections open between mails.
  const t = nodemailer.createTransport(url, { pool: true } as never);
  return { name: 'smtp', send: async (m) => void (await t.sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html })) };
}

/** Development: "sending" only marks the row; /dev/mailbox shows it. */
export const devMailboxTransport: MailTransport = { name: 'dev-mailbox', send: async () => {} };

export async function enqueueMail(tx: Tx, now: Date, to: string, locale: Locale, mail: MailTemplate): Promise<void> {
  const r = renderMail(locale, mail);
  await tx.insert(mailOutbox).values({ toAddress: to, locale, template: mail.template, subject: r.subject, text: r.text, html: r.html, nextAttemptAt: now, createdAt: now });
}

export function retryDelayMs(attempts: number): number {
  return Math.min(MAIL_DEFAULTS.maxRetryMs, MAIL_DEFAULTS.firstRetryMs * 2 ** Math.max(0, attempts - 1));
}

export class MailWorker {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;
  #stopped = false;

  constructor(private readonly deps: { db: Database; clock: Clock; transport: MailTransport | null; logger: Logger; pollMs?: number }) {}

  /**
   * Sends what is due, up to `limit` rows; returns how many were sent. Rows are claimed in a
   * short transaction that leases them (a crashed sender's lease runs out and another process
   * retries), then sent outside any transaction, so a slow SMTP server holds no lock.
   */
  async drain(limit: number = MAIL_DEFAULTS.batch): Promise<number> {
    const { transport, clock, logger } = this.deps;
    if (!transport) return 0;
    const now = clock.now();
    const claimed = await this.deps.db.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.nextAttemptAt, now)))
        .orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (rows.length) {
        await tx
          .update(mailOutbox)
          .set({ attempts: sql`${mailOutbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + MAIL_DEFAULTS.leaseMs) })
          .where(inArray(mailOutbox.id, rows.map((r) => r.id)));
      }
      return rows;
    });
    let sent = 0;
    for (const row of claimed) {
      const attempts = row.attempts + 1;
      try {
        await transport.send({ to: row.toAddress, subject: row.subject, text: row.text, html: row.html });
        await this.deps.db.db.update(mailOutbox).set({ status: 'sent', sentAt: clock.now(), transport: transport.name, lastError: null }).where(eq(mailOutbox.id, row.id));
        sent++;
      } catch (err) {
        const giveUp = attempts >= MAIL_DEFAULTS.maxAttempts;
        await this.deps.db.db
          .update(mailOutbox)
          .set({ lastError: String((err as Error)?.message ?? err).slice(0, 500), status: giveUp ? 'failed' : 'pending', nextAttemptAt: new Date(clock.now().getTime() + retryDelayMs(attempts)) })
          .where(eq(mailOutbox.id, row.id));
        logger.warn('mail: sending failed', { id: row.id, attempts, giveUp, error: String(err) });
      }
    }
    return sent;
  }

  /** Drains until nothing is due (or `max` rows). */
  async drainAll(max = 10_000): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.drain();
      total += n;
      if (n === 0 || total >= max) return total;
    }
  }

  /** Asks for a drain soon (after a commit that queued mail). */
  kick(): void {
    if (this.#stopped || this.#running) return;
    this.#running = this.drainAll()
      .catch((err) => {
        this.deps.logger.error('mail: worker failed', { error: String(err) });
        return 0;
      })
      .finally(() => {
        this.#running = null;
      });
  }

  start(): void {
    this.#stopped = false;
    const loop = () => {
      this.kick();
      this.#timer = setTimeout(loop, this.deps.pollMs ?? MAIL_DEFAULTS.pollMs);
      this.#timer.unref();
    };
    loop();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }
}
