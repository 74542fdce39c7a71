// The reminder mail, 24 hours before each booked appointment, sent once: a run claims the due
// appointments by setting `reminder_sent_at` where it is still null, and writes their mails in
// the same transaction, so two runs at once (two processes) never send one twice, and a run that
// fails sends nothing and leaves them for the next. Run every minute as a housekeeping job
// (app.ts); a process that was down sends the reminders it missed, until the appointment starts.
import { and, asc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import { appointmentMoves, appointments } from '../db/schema.js';
import type { AppointmentMailer } from './notifier.js';
import type { AppointmentTokens } from './tokens.js';
import { appointmentsByIds } from './records.js';

export const REMINDER_DEFAULTS = {
  /** How long before the start the reminder goes. */
  beforeMs: 24 * 3_600_000,
  /** Appointments claimed per transaction. */
  batch: 100,
} as const;

export interface ReminderDeps {
  db: Database;
  clock: Clock;
  mailer: Pick<AppointmentMailer, 'reminder'>;
  tokens: AppointmentTokens;
  /** Called after a run queued mail (wakes the mail worker). */
  onMailQueued?: () => void;
  beforeMs?: number;
  batch?: number;
}

export class AppointmentReminders {
  readonly #beforeMs: number;
  readonly #batch: number;

  constructor(private readonly deps: ReminderDeps) {
    this.#beforeMs = deps.beforeMs ?? REMINDER_DEFAULTS.beforeMs;
    this.#batch = deps.batch ?? REMINDER_DEFAULTS.batch;
  }

  /**
   * Sends the reminders due now; returns how many. Due: booked, not reminded, starting within
   * `beforeMs` and not yet started. Not for one booked, or last moved, less than `beforeMs`
   * before its start: its confirmation or change mail has just said the same.
   */
  async run(): Promise<number> {
    const { db, clock, mailer, tokens } = this.deps;
    const before = sql`(${this.#beforeMs} * interval '1 millisecond')`;
    let total = 0;
    for (;;) {
      const sent = await db.db.transaction(async (tx) => {
        const now = clock.now();
        const due = tx
          .select({ id: appointments.id })
          .from(appointments)
          .where(
            and(
              eq(appointments.status, 'booked'),
              isNull(appointments.reminderSentAt),
              gt(appointments.startsAt, now),
              lte(appointments.startsAt, new Date(now.getTime() + this.#beforeMs)),
              sql`${appointments.createdAt} <= ${appointments.startsAt} - ${before}`,
              sql`not exists (select 1 from ${appointmentMoves} where ${appointmentMoves.appointmentId} = ${appointments.id} and ${appointmentMoves.at} > ${appointments.startsAt} - ${before})`,
            ),
          )
          .orderBy(asc(appointments.startsAt))
          .limit(this.#batch)
          // A concurrent run passes over what this one holds instead of waiting for it.
          .for('update', { skipLocked: true });
        const claimed = await tx
          .update(appointments)
          .set({ reminderSentAt: now })
          .where(and(inArray(appointments.id, due), isNull(appointments.reminderSentAt)))
          .returning({ id: appointments.id });
        for (const a of await appointmentsByIds(tx, claimed.map((c) => c.id))) await mailer.reminder(tx, a, tokens.manage(a.id));
        return claimed.length;
      });
      total += sent;
      if (sent < this.#batch) break;
    }
    if (total) this.deps.onMailQueued?.();
    return total;
  }
}
