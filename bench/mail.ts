// The mail outbox against a real SMTP server: a burst of mails queued at once, drained by one
// MailWorker with its default concurrency over the pooled SMTP transport, to a local SMTP
// server that answers each message after 100 ms, as a hosted mail service does. What limits
// real sending is the SMTP server's answer time; this shows how much sending in parallel hides.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { migrate, openDatabase, type Database } from '../packages/server/src/db/client.js';
import { systemClock } from '../packages/server/src/clock.js';
import { createLogger } from '../packages/server/src/http/logger.js';
import { mailOutbox } from '../packages/server/src/db/schema.js';
import { MAIL_DEFAULTS, MailWorker, messageIdDomain, smtpTransport } from '../packages/server/src/mail/outbox.js';
import { renderMail } from '../packages/server/src/mail/templates.js';
import { startTestSmtpServer } from '../packages/server/src/testing/smtp.js';
import { findPostgres, redact, withFreshDatabase } from './portal.js';
import { log, round } from './stats.js';

/** The burst the issue names: 7,000 mails, an SMTP server answering each in 100 ms. */
export const SMTP_DRAIN_DEFAULTS = { mails: 7_000, answerAfterMs: 100 } as const;

const FROM = 'Nubefibra <soporte@nubefibra.es>';

export interface SmtpDrainResult {
  mails: number;
  seconds: number;
  perS: number;
  /** The most messages the SMTP server held unanswered at one moment. */
  maxInFlight: number;
}

/** Queues `mails` distinct `case_received` mails, due now, in a few multi-row inserts. */
async function queueBurst(database: Database, mails: number): Promise<void> {
  const now = systemClock.now();
  await database.db.transaction(async (tx) => {
    for (let from = 0; from < mails; from += 500) {
      const rows = [];
      for (let i = from; i < Math.min(mails, from + 500); i++) {
        const locale = i % 2 === 0 ? 'es' : 'en';
        const vars = { company: 'Nubefibra', name: `Cliente ${i}`, reference: `NF-${String(800_000 + i).padStart(6, '0')}`, subject: 'Sin conexión', trackingUrl: `https://help.example.com/help/${locale}/cases/t${i}`, firstResponseDue: now.toISOString() };
        const r = renderMail(locale, { template: 'case_received', vars });
        rows.push({ toAddress: `smtp${i}@example.com`, locale, template: 'case_received', subject: r.subject, text: r.text, html: r.html, nextAttemptAt: now, createdAt: now });
      }
      await tx.insert(mailOutbox).values(rows);
    }
  });
}

/**
 * Times a fresh worker draining a burst of mails into a local SMTP server, and checks that the
 * server accepted every mail exactly once (by Message-ID) and none is left pending.
 */
export async function benchSmtpDrain(database: Database, opts: { mails?: number; answerAfterMs?: number } = {}): Promise<SmtpDrainResult> {
  const mails = opts.mails ?? SMTP_DRAIN_DEFAULTS.mails;
  await queueBurst(database, mails);
  const smtp = await startTestSmtpServer({ answerAfterMs: opts.answerAfterMs ?? SMTP_DRAIN_DEFAULTS.answerAfterMs });
  const transport = smtpTransport(smtp.url, FROM, { maxConnections: MAIL_DEFAULTS.concurrency });
  try {
    const worker = new MailWorker({ db: database, clock: systemClock, transport, logger: createLogger('silent'), messageIdDomain: messageIdDomain(FROM, 'https://help.example.com') });
    const t0 = performance.now();
    const sent = await worker.drainAll(mails + 1_000);
    const seconds = (performance.now() - t0) / 1000;
    const [left] = await database.db.select({ n: count() }).from(mailOutbox).where(eq(mailOutbox.status, 'pending'));
    const distinct = new Set(smtp.delivered.map((m) => m.messageId)).size;
    if (sent !== mails || smtp.delivered.length !== mails || distinct !== mails || Number(left?.n ?? 0) !== 0) {
      throw new Error(`bench: SMTP drain sent ${sent} of ${mails} mails (the SMTP server accepted ${smtp.delivered.length}, ${distinct} distinct Message-IDs; ${left?.n} still pending)`);
    }
    return { mails, seconds, perS: mails / seconds, maxInFlight: smtp.maxInFlight };
  } finally {
    transport.close?.();
    await smtp.close();
  }
}

/**
 * The figures for `npm run bench`, on PostgreSQL when one answers (production's database), else
 * on PGlite: the SMTP server's answer time, not the database, bounds this drain, so one run says
 * what it has to say. `failed` is true when the drain failed or lost or doubled a mail.
 */
export async function benchMail(): Promise<{ results: Record<string, number | string>; failed: boolean }> {
  const { mails, answerAfterMs } = SMTP_DRAIN_DEFAULTS;
  const pgServer = await findPostgres();
  const kind = pgServer.url === null ? 'pglite' : 'postgres';
  log(`mail: ${mails} mails queued at once, drained through ${MAIL_DEFAULTS.concurrency} pooled SMTP connections to a local server answering each in ${answerAfterMs} ms, on ${kind}`);
  const run = async (database: Database) => {
    await migrate(database);
    return benchSmtpDrain(database);
  };
  let dataDir: string | null = null;
  try {
    let r: SmtpDrainResult;
    if (pgServer.url !== null) {
      r = await withFreshDatabase(pgServer.url, async (url) => {
        const database = await openDatabase({ kind: 'postgres', url });
        try {
          return await run(database);
        } finally {
          await database.close();
        }
      });
    } else {
      dataDir = await mkdtemp(join(tmpdir(), 'ayuda-bench-mail-'));
      const database = await openDatabase({ kind: 'pglite', dataDir });
      try {
        r = await run(database);
      } finally {
        await database.close();
      }
    }
    log(`  ${kind}: ${r.mails} mails in ${r.seconds.toFixed(1)} s, ${r.perS.toFixed(0)}/s, at most ${r.maxInFlight} at once at the SMTP server; one at a time would take ${((r.mails * answerAfterMs) / 60_000).toFixed(0)} minutes`);
    return {
      results: {
        outbox_drain_smtp_per_s: round(r.perS, 1),
        outbox_drain_smtp_seconds: round(r.seconds, 1),
        outbox_drain_smtp_mails: r.mails,
        outbox_drain_smtp_max_in_flight: r.maxInFlight,
        outbox_drain_smtp_database: kind,
      },
      failed: false,
    };
  } catch (e) {
    log(`  ${kind}${pgServer.url ? ` (${redact(pgServer.url)})` : ''}: FAILED: ${(e as Error).stack ?? String(e)}`);
    return { results: {}, failed: true };
  } finally {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}
