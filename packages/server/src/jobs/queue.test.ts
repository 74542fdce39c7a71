import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases } from '../testing/db.js';
import { fixedClock } from '../clock.js';
import { createLogger } from '../http/logger.js';
import type { Database, Tx } from '../db/client.js';
import { jobs, rateLimits } from '../db/schema.js';
import { JOB_DEFAULTS, JobWorker, enqueueJob, purgeDoneJobs, schedulePeriodic, type JobHandler } from './queue.js';

describe.each(testDatabases())('the job queue on %s', (kind) => {
  let database: Database;
  const clock = fixedClock('2026-11-20T10:00:00Z');
  const logger = createLogger('silent');
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  const queue = (kind: string, payload: unknown, opts: { dedupeKey?: string } = {}) => database.db.transaction((tx) => enqueueJob(tx, clock.now(), kind, payload, opts));
  // A handler's writes: a row in rate_limits named after the payload, so the test can count them.
  const write: JobHandler = async (tx: Tx, payload) => {
    await tx.insert(rateLimits).values({ key: `job:${String((payload as { n: number }).n)}`, windowStart: clock.now(), count: 1 });
  };
  const written = async (prefix: string) => (await database.db.select().from(rateLimits)).filter((r) => r.key.startsWith(prefix)).length;

  it('runs each job once even when two workers race for 40 jobs', async () => {
    for (let n = 0; n < 40; n++) await queue('race', { n: 1000 + n });
    const a = new JobWorker({ db: database, clock, logger, handlers: { race: write } });
    const b = new JobWorker({ db: database, clock, logger, handlers: { race: write } });
    const [ra, rb] = await Promise.all([a.drainAll(), b.drainAll()]);
    expect(ra + rb).toBe(40);
    expect(await written('job:1')).toBe(40);
    expect((await database.db.select().from(jobs).where(eq(jobs.kind, 'race'))).every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
  });

  it('rolls a failed job back with its writes and retries it later, giving up after the last attempt', async () => {
    await queue('flaky', { n: 2000 });
    let calls = 0;
    const flaky: JobHandler = async (tx, payload) => {
      calls++;
      await write(tx, payload);
      if (calls < 3) throw new Error('Stripe did not answer');
    };
    const w = new JobWorker({ db: database, clock, logger, handlers: { flaky } });
    expect(await w.runDue()).toBe(0);
    expect(await written('job:2000')).toBe(0);
    const [row] = await database.db.select().from(jobs).where(eq(jobs.kind, 'flaky'));
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Stripe did not answer' });
    // Not before its backoff.
    expect(await w.runDue()).toBe(0);
    expect(calls).toBe(1);
    clock.advance(JOB_DEFAULTS.firstRetryMs);
    expect(await w.runDue()).toBe(0);
    clock.advance(2 * JOB_DEFAULTS.firstRetryMs);
    expect(await w.runDue()).toBe(1);
    expect(await written('job:2000')).toBe(1);

    await queue('hopeless', { n: 2001 });
    const hopeless = new JobWorker({ db: database, clock, logger, handlers: { hopeless: async () => Promise.reject(new Error('no')) } });
    for (let i = 0; i < JOB_DEFAULTS.maxAttempts; i++) {
      await hopeless.runDue();
      clock.advance(JOB_DEFAULTS.maxRetryMs);
    }
    const [gaveUp] = await database.db.select().from(jobs).where(eq(jobs.kind, 'hopeless'));
    expect(gaveUp).toMatchObject({ status: 'failed', attempts: JOB_DEFAULTS.maxAttempts });
  });

  it('takes back a job whose claimer died once its lease ends, not before', async () => {
    await queue('orphan', { n: 3000 });
    // A process claims it and dies: the claim is made, the job never finishes.
    const dead = new JobWorker({ db: database, clock, logger, handlers: { orphan: write } });
    expect(await dead.claim()).toHaveLength(1);
    const alive = new JobWorker({ db: database, clock, logger, handlers: { orphan: write } });
    expect(await alive.runDue()).toBe(0);
    clock.advance(JOB_DEFAULTS.leaseMs);
    expect(await alive.runDue()).toBe(1);
    expect(await written('job:3000')).toBe(1);
  });

  it('stopped mid-batch: finishes the job running, gives back the ones claimed behind it untouched, and claims no more', async () => {
    for (let n = 0; n < 3; n++) await queue('batch', { n: 4000 + n });
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const worker = new JobWorker({
      db: database,
      clock,
      logger,
      handlers: {
        batch: async (tx, payload) => {
          started();
          await new Promise<void>((resolve) => (release = resolve));
          await write(tx, payload);
        },
      },
    });
    worker.start();
    await running;
    expect(worker.running()).toEqual([{ id: expect.any(Number), kind: 'batch' }]);
    const stopped = worker.stop();
    release();
    await stopped;
    expect(worker.running()).toEqual([]);
    const rows = await database.db.select().from(jobs).where(eq(jobs.kind, 'batch')).orderBy(jobs.id);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([['done', 1], ['pending', 0], ['pending', 0]]);
    // Due now for another process, not after the lease.
    for (const r of rows.slice(1)) expect(r.runAt.getTime()).toBe(clock.now().getTime());
    expect(await written('job:400')).toBe(1);
    expect(await new JobWorker({ db: database, clock, logger, handlers: { batch: write } }).runDue()).toBe(2);
  });

  it('queues a job with a dedupe key once', async () => {
    await queue('daily', { n: 4000 }, { dedupeKey: 'daily:2026-11-20' });
    await queue('daily', { n: 4001 }, { dedupeKey: 'daily:2026-11-20' });
    expect(await database.db.select().from(jobs).where(eq(jobs.kind, 'daily'))).toHaveLength(1);
  });

  it('forgets finished jobs after a week and keeps failed ones', async () => {
    clock.advance(JOB_DEFAULTS.keepDoneMs + 1000);
    expect(await purgeDoneJobs(database, clock.now())).toBeGreaterThan(0);
    const left = await database.db.select().from(jobs);
    expect(left.some((j) => j.status === 'done')).toBe(false);
    expect(left.some((j) => j.status === 'failed')).toBe(true);
  });
});

describe.each(testDatabases())('periodic and standalone jobs on %s', (kind) => {
  let database: Database;
  const clock = fixedClock('2026-11-20T10:00:10Z');
  const logger = createLogger('silent');
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  it('queues a periodic job once per period however many processes ask, and one worker runs it', async () => {
    const periodic = [{ kind: 'tick', everyMs: 60_000 }];
    await Promise.all([schedulePeriodic(database, clock.now(), periodic), schedulePeriodic(database, clock.now(), periodic), schedulePeriodic(database, clock.now(), periodic)]);
    expect(await database.db.select().from(jobs).where(eq(jobs.kind, 'tick'))).toHaveLength(1);
    let runs = 0;
    const handlers = { tick: { standalone: async () => void runs++ } };
    const [a, b] = [new JobWorker({ db: database, clock, logger, handlers }), new JobWorker({ db: database, clock, logger, handlers })];
    await Promise.all([a.drainAll(), b.drainAll()]);
    expect(runs).toBe(1);
    clock.advance(60_000);
    await schedulePeriodic(database, clock.now(), periodic);
    await a.drainAll();
    expect(runs).toBe(2);
  });

  it('runs a standalone job again after its runner died, and not while it is alive', async () => {
    await database.db.transaction((tx) => enqueueJob(tx, clock.now(), 'long', { v: 1 }));
    let runs = 0;
    const worker = new JobWorker({ db: database, clock, logger, handlers: { long: { standalone: async () => void runs++ } } });
    // The first runner claimed it and died.
    expect(await worker.claim()).toHaveLength(1);
    expect(await worker.runDue()).toBe(0);
    clock.advance(JOB_DEFAULTS.leaseMs);
    expect(await worker.runDue()).toBe(1);
    expect(runs).toBe(1);
  });

  it('gives back the claim of a standalone job still running when the shutdown cannot wait, and stops renewing its lease', async () => {
    await database.db.transaction((tx) => enqueueJob(tx, clock.now(), 'stuck', { v: 1 }));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const worker = new JobWorker({ db: database, clock, logger, handlers: { stuck: { standalone: () => (started(), new Promise<void>(() => {})) } } });
    void worker.runDue();
    await running;
    const [claimed] = await database.db.select().from(jobs).where(eq(jobs.kind, 'stuck'));
    expect(claimed!.runAt.getTime()).toBe(clock.now().getTime() + JOB_DEFAULTS.leaseMs);
    await worker.abandonRunning();
    const [given] = await database.db.select().from(jobs).where(eq(jobs.kind, 'stuck'));
    // Due now, the unfinished run counted as an attempt.
    expect(given).toMatchObject({ status: 'pending', attempts: 1 });
    expect(given!.runAt.getTime()).toBe(clock.now().getTime());
  });
});
