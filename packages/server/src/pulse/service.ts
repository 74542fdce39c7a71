// The agent pulse (issue 15, item 2): a weekly anonymous question to staff, "how was your week
// with the queue?" (1-5, optional comment), asked in the console. Who answered (to ask once a
// week) and what was answered are written to two tables that share nothing but the week; a
// week's figures are shown only from PULSE_LIMITS.floor answers, next to that week's workload.
import { PROBLEM_TYPES, PULSE_LIMITS, pulseWeekOf, type PulseAnswer, type PulseState, type PulseSummary, type PulseWeek } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import { AppError, validationError } from '../http/problem.js';
import * as store from './store.js';

const DAY = 86_400_000;
const mondayOf = (date: string) => {
  const ms = Date.parse(`${date}T00:00:00Z`);
  const day = Math.floor(ms / DAY);
  return new Date((day - ((day + 3) % 7)) * DAY).toISOString().slice(0, 10);
};
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

export class PulseService {
  constructor(private readonly deps: { db: Database; clock: Clock; timeZone: () => string }) {}

  #week() {
    return pulseWeekOf(this.deps.clock.now().getTime(), this.deps.timeZone());
  }

  async state(staffUserId: number): Promise<PulseState> {
    const w = this.#week();
    return { week: w.week, weekStart: w.start.toISOString(), weekEnd: w.end.toISOString(), answered: await store.hasAnswered(this.deps.db.db, staffUserId, w.week) };
  }

  /** Records this week's answer of a staff member; 409 when they answered this week already. */
  async answer(staffUserId: number, input: PulseAnswer): Promise<PulseState> {
    const w = this.#week();
    const db = this.deps.db.db;
    // Two transactions, so the rows share no transaction: who answered first (once a week,
    // atomically), then what, undone if the answer cannot be stored.
    const first = await db.transaction((tx) => store.participate(tx, staffUserId, w.week));
    if (!first) throw new AppError(409, PROBLEM_TYPES.conflict, 'Already answered', 'You answered this week’s pulse already; the next one opens on Monday.');
    try {
      await db.transaction((tx) => store.insertAnswer(tx, w.week, input.score, input.comment ?? null));
    } catch (err) {
      await store.forget(db, staffUserId, w.week).catch(() => undefined);
      throw err;
    }
    return { week: w.week, weekStart: w.start.toISOString(), weekEnd: w.end.toISOString(), answered: true };
  }

  /**
   * Weeks from `from` to `to` (dates in the company's zone; default the last 12 weeks), newest
   * first: answers, and for ended weeks at or above the floor their mean, spread and comments;
   * the workload beside. The week under way shows only its count: an admin reading the figures
   * before and after one person answered would otherwise read that person's answer.
   */
  async summary(q: { from?: string | undefined; to?: string | undefined }): Promise<PulseSummary> {
    const timeZone = this.deps.timeZone();
    const thisWeek = this.#week().week;
    const last = mondayOf(q.to ?? thisWeek);
    const first = mondayOf(q.from ?? addDays(last, -7 * 11));
    const weeks = Math.round((Date.parse(last) - Date.parse(first)) / (7 * DAY)) + 1;
    if (weeks > PULSE_LIMITS.maxWeeks) throw validationError([{ field: 'query.from', message: `a summary covers at most ${PULSE_LIMITS.maxWeeks} weeks` }], 422);
    const end = addDays(last, 7);
    const db = this.deps.db.db;
    const start = pulseWeekOf(Date.parse(`${first}T12:00:00Z`), timeZone).start;
    const stop = pulseWeekOf(Date.parse(`${end}T12:00:00Z`), timeZone).start;
    const [answers, load] = await Promise.all([store.answersByWeek(db, first, end), store.workloadByWeek(db, start, stop, timeZone)]);
    const byWeek = new Map(answers.map((a) => [a.week, a]));
    const count = (rows: Array<{ week: string; n: number }>) => new Map(rows.map((r) => [r.week, r.n]));
    const created = count(load.created);
    const solved = count(load.solved);
    const replies = count(load.replies);
    const out: PulseWeek[] = [];
    for (let i = 0; i < weeks; i++) {
      const week = addDays(last, -7 * i);
      const a = byWeek.get(week);
      const n = a?.answers ?? 0;
      const open = week >= thisWeek;
      const shown = !!a && n >= PULSE_LIMITS.floor && !open;
      out.push({
        week,
        open,
        answers: n,
        mean: shown ? Math.round((a.sum / n) * 100) / 100 : null,
        distribution: shown ? [a.s1, a.s2, a.s3, a.s4, a.s5] : null,
        comments: shown ? (a.comments ?? []) : null,
        workload: { casesCreated: created.get(week) ?? 0, casesSolved: solved.get(week) ?? 0, staffReplies: replies.get(week) ?? 0 },
      });
    }
    return { floor: PULSE_LIMITS.floor, timeZone, weeks: out };
  }
}
