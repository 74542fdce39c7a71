// Work done after the request that asked for it (or on a schedule), by whichever process
// claims it first. A job is queued in the same transaction as what asked for it; a worker
// claims due jobs with FOR UPDATE SKIP LOCKED under a short lease, then runs each in its own
// transaction that also marks it done, so a job's writes happen once even across a crash:
// a process that dies mid-job rolls back, and another takes the job when the lease ends.
import { and, asc, eq, inArray, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../http/logger.js';
import { jobs } from '../db/schema.js';
import { Poller } from './poller.js';

export const JOB_DEFAULTS = {
  /** How often a worker looks for due jobs when nothing woke it. */
  pollMs: 2000,
  /** Jobs claimed at once. */
  batch: 20,
  /** How long a claim lasts; a process that died holding a job loses it after this. */
  leaseMs: 30_000,
  maxAttempts: 8,
  firstRetryMs: 10_000,
  maxRetryMs: 3_600_000,
  /** Finished jobs are deleted after this long (failed ones are kept for a person to look at). */
  keepDoneMs: 7 * 86_400_000,
} as const;

/** Runs one job inside the transaction that marks it done. Throwing rolls both back and retries later. */
export type JobHandler = (tx: Tx, payload: unknown) => Promise<void>;

/**
 * A job that opens its own transactions or calls other services (Stripe), so it cannot run in
 * the one that marks it done. It must be safe to run again after a crash (each of its steps
 * idempotent); its lease is renewed while it runs, so a long run is not taken over.
 */
export interface StandaloneJob {
  standalone: (payload: unknown) => Promise<void>;
}

export interface ClaimedJob {
  id: number;
  kind: string;
  payload: unknown;
  /** Attempts including this one. */
  attempts: number;
}

export async function enqueueJob(tx: Tx, now: Date, kind: string, payload: unknown, opts: { runAt?: Date; dedupeKey?: string } = {}): Promise<void> {
  await tx
    .insert(jobs)
    .values({ kind, payload, runAt: opts.runAt ?? now, createdAt: now, ...(opts.dedupeKey ? { dedupeKey: opts.dedupeKey } : {}) })
    .onConflictDoNothing();
}

export function jobRetryDelayMs(attempts: number): number {
  return Math.min(JOB_DEFAULTS.maxRetryMs, JOB_DEFAULTS.firstRetryMs * 2 ** Math.max(0, attempts - 1));
}

export class JobWorker {
  readonly #poller: Poller;

  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      logger: Logger;
      handlers: Record<string, JobHandler | StandaloneJob>;
      /** Called after a job committed (it may have queued mail). */
      onJobDone?: () => void;
      pollMs?: number;
    },
  ) {
    this.#poller = new Poller({ run: () => this.#drain(true), pollMs: deps.pollMs ?? JOB_DEFAULTS.pollMs, onError: (err) => deps.logger.error('jobs: worker failed', { error: String(err) }) });
  }

  /** The jobs this worker is running now (one at a time). */
  readonly #running = new Set<ClaimedJob>();
  /** Running standalone jobs whose claim was given back (abandonRunning): their lease is no longer renewed. */
  readonly #abandoned = new Set<ClaimedJob>();

  /** Runs the jobs due now, up to `limit`; returns how many finished. */
  runDue(limit: number = JOB_DEFAULTS.batch): Promise<number> {
    return this.#runDue(limit, false);
  }

  /**
   * Runs the jobs due now. In the background worker's runs, once stop() is called the claimed
   * jobs not yet started are released, so another process runs them at once instead of after
   * the lease; a run the caller asked for (runDue, drainAll) is theirs to finish.
   */
  async #runDue(limit: number, background: boolean): Promise<number> {
    let done = 0;
    const claimed = await this.claim(limit);
    for (let i = 0; i < claimed.length; i++) {
      if (background && this.#poller.stopped) {
        await this.#release(claimed.slice(i));
        break;
      }
      const job = claimed[i]!;
      this.#running.add(job);
      try {
        if (await this.#run(job)) done++;
      } finally {
        this.#running.delete(job);
        this.#abandoned.delete(job);
      }
    }
    return done;
  }

  /** The jobs running now, for the shutdown's last word when it cannot wait for them. */
  running(): { id: number; kind: string }[] {
    return [...this.#running].map((j) => ({ id: j.id, kind: j.kind }));
  }

  /**
   * For a shutdown that cannot wait any longer: gives back the claims of the standalone jobs
   * still running, so another process starts them now rather than after the lease. They are
   * safe to run again (StandaloneJob); the unfinished run counts as an attempt. A job running
   * in a transaction keeps its claim: the row is locked until the transaction ends, which it
   * does, rolled back, when the process exits; another process takes it after the lease.
   */
  async abandonRunning(): Promise<void> {
    const standalone = [...this.#running].filter((j) => typeof this.deps.handlers[j.kind] !== 'function');
    if (!standalone.length) return;
    for (const job of standalone) this.#abandoned.add(job);
    try {
      for (const job of standalone) {
        await this.deps.db.db
          .update(jobs)
          .set({ runAt: this.deps.clock.now() })
          .where(and(eq(jobs.id, job.id), eq(jobs.status, 'pending'), eq(jobs.attempts, job.attempts)));
      }
      this.deps.logger.warn('jobs: jobs still running at shutdown given back to other processes', { ids: standalone.map((j) => j.id) });
    } catch (err) {
      this.deps.logger.warn('jobs: giving back running jobs failed', { ids: standalone.map((j) => j.id), error: String(err) });
    }
  }

  /** Gives claimed jobs back untouched: due now, and the claim not counted as an attempt. */
  async #release(claimed: ClaimedJob[]): Promise<void> {
    try {
      for (const job of claimed) {
        await this.deps.db.db
          .update(jobs)
          .set({ attempts: sql`${jobs.attempts} - 1`, runAt: this.deps.clock.now() })
          .where(and(eq(jobs.id, job.id), eq(jobs.status, 'pending'), eq(jobs.attempts, job.attempts)));
      }
      this.deps.logger.info('jobs: claimed jobs released at stop', { ids: claimed.map((j) => j.id) });
    } catch (err) {
      // Their lease runs out and another process takes them then.
      this.deps.logger.warn('jobs: releasing claimed jobs failed', { ids: claimed.map((j) => j.id), error: String(err) });
    }
  }

  /**
   * Claims up to `limit` due jobs for JOB_DEFAULTS.leaseMs: no other worker takes them until
   * the lease ends. (A process that dies after this leaves exactly such claims behind.)
   */
  async claim(limit: number = JOB_DEFAULTS.batch): Promise<ClaimedJob[]> {
    const kinds = Object.keys(this.deps.handlers);
    if (!kinds.length) return [];
    const now = this.deps.clock.now();
    return this.deps.db.db.transaction(async (tx) => {
      const rows = await tx
        .select({ id: jobs.id, kind: jobs.kind, payload: jobs.payload, attempts: jobs.attempts })
        .from(jobs)
        .where(and(eq(jobs.status, 'pending'), lte(jobs.runAt, now), inArray(jobs.kind, kinds)))
        .orderBy(asc(jobs.runAt), asc(jobs.id))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (rows.length) {
        await tx
          .update(jobs)
          .set({ attempts: sql`${jobs.attempts} + 1`, runAt: new Date(now.getTime() + JOB_DEFAULTS.leaseMs) })
          .where(inArray(jobs.id, rows.map((r) => r.id)));
      }
      return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
    });
  }

  /** Runs one claimed job; true when it finished. */
  async #run(job: ClaimedJob): Promise<boolean> {
    const { db, clock, logger } = this.deps;
    const handler = this.deps.handlers[job.kind]!;
    try {
      const ran = typeof handler === 'function' ? await this.#runInTransaction(job, handler) : await this.#runStandalone(job, handler);
      if (ran) this.deps.onJobDone?.();
      return ran;
    } catch (err) {
      const giveUp = job.attempts >= JOB_DEFAULTS.maxAttempts;
      await db.db
        .update(jobs)
        .set({ status: giveUp ? 'failed' : 'pending', lastError: String((err as Error)?.message ?? err).slice(0, 500), runAt: new Date(clock.now().getTime() + jobRetryDelayMs(job.attempts)) })
        .where(and(eq(jobs.id, job.id), eq(jobs.attempts, job.attempts)));
      logger.warn('jobs: a job failed', { id: job.id, kind: job.kind, attempts: job.attempts, giveUp, error: String(err) });
      return false;
    }
  }

  #runInTransaction(job: ClaimedJob, handler: JobHandler): Promise<boolean> {
    return this.deps.db.db.transaction(async (tx) => {
      // Still ours? A claim whose lease ran out may have passed to another process; the
      // row lock held from here keeps that process off it until this transaction ends.
      const [mine] = await tx
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(eq(jobs.id, job.id), eq(jobs.status, 'pending'), eq(jobs.attempts, job.attempts)))
        .for('update', { skipLocked: true });
      if (!mine) return false;
      await handler(tx, job.payload);
      await tx.update(jobs).set({ status: 'done', doneAt: this.deps.clock.now(), lastError: null }).where(eq(jobs.id, job.id));
      return true;
    });
  }

  async #runStandalone(job: ClaimedJob, handler: StandaloneJob): Promise<boolean> {
    const { db, clock } = this.deps;
    const ours = and(eq(jobs.id, job.id), eq(jobs.status, 'pending'), eq(jobs.attempts, job.attempts));
    const renew = setInterval(() => {
      if (this.#abandoned.has(job)) return;
      db.db
        .update(jobs)
        .set({ runAt: new Date(clock.now().getTime() + JOB_DEFAULTS.leaseMs) })
        .where(ours)
        .catch(() => {});
    }, JOB_DEFAULTS.leaseMs / 3);
    renew.unref();
    try {
      await handler.standalone(job.payload);
    } finally {
      clearInterval(renew);
    }
    const done = await db.db.update(jobs).set({ status: 'done', doneAt: clock.now(), lastError: null }).where(ours).returning({ id: jobs.id });
    return done.length > 0;
  }

  /** Runs due jobs until none is left (or `max`). */
  drainAll(max = 10_000): Promise<number> {
    return this.#drain(false, max);
  }

  /** The background worker's runs end once it is stopped; a caller's drain runs to the end. */
  async #drain(background: boolean, max = 10_000): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.#runDue(JOB_DEFAULTS.batch, background);
      total += n;
      if (n === 0 || total >= max || (background && this.#poller.stopped)) return total;
    }
  }

  /** Asks for a run soon (after a commit that queued a job). */
  kick(): void {
    this.#poller.kick();
  }

  /** Resolves once no run started by kick() is under way (tests, shutdown). */
  idle(): Promise<void> {
    return this.#poller.idle();
  }

  start(): void {
    this.#poller.start();
  }

  /** Stops claiming and waits for the job under way; the others it claimed are released (runDue). */
  stop(): Promise<void> {
    return this.#poller.stop();
  }
}

/**
 * Deletes finished jobs past JOB_DEFAULTS.keepDoneMs, and finished runs of periodic jobs after
 * a day (their dedupe key is only needed while their period lasts); returns how many.
 */
export async function purgeDoneJobs(database: Database, now: Date): Promise<number> {
  const gone = await database.db
    .delete(jobs)
    .where(
      and(
        eq(jobs.status, 'done'),
        or(lt(jobs.doneAt, new Date(now.getTime() - JOB_DEFAULTS.keepDoneMs)), and(isNotNull(jobs.dedupeKey), lt(jobs.doneAt, new Date(now.getTime() - 86_400_000)))),
      ),
    )
    .returning({ id: jobs.id });
  return gone.length;
}

export interface PeriodicJob {
  kind: string;
  everyMs: number;
}

/**
 * Queues each periodic job once per period, whichever process asks first: the period's start
 * is the job's dedupe key, so every process may call this every minute and one run is queued.
 */
export async function schedulePeriodic(database: Database, now: Date, periodic: PeriodicJob[]): Promise<void> {
  await database.db.transaction(async (tx) => {
    for (const p of periodic) {
      const period = Math.floor(now.getTime() / p.everyMs);
      await enqueueJob(tx, now, p.kind, { v: 1 }, { dedupeKey: `${p.kind}@${period}` });
    }
  });
}
