// Test-only hooks for the shutdown tests of `ayuda start` (AYUDA_TEST_HOOKS=1): a request and
// jobs that take as long as asked, so a test can have them in flight when the signal comes.
// Never in production: loadTestHooks refuses it.
import { Hono } from 'hono';
import { z } from 'zod';
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../http/logger.js';
import type { AppEnv } from '../http/env.js';
import { parseOrThrow } from '../http/problem.js';
import { enqueueJob, type StandaloneJob } from '../jobs/queue.js';

export const SLOW_JOB = 'test.slow';

const Ms = z.coerce.number().int().min(0).max(60_000);

/** What the app mounts: the routes first, before any other, and the job kind among its handlers. */
export type TestHooks = (ctx: { db: Database; clock: Clock; logger: Logger; kickJobs: () => void }) => { routes: Hono<AppEnv>; jobs: Record<string, StandaloneJob> };

/** The hooks when AYUDA_TEST_HOOKS is `1`; a ConfigError in production. */
export function loadTestHooks(config: Config, value: string | undefined): TestHooks | undefined {
  if (value === undefined || value === '' || value === '0') return undefined;
  if (value !== '1') throw new ConfigError(`Ayuda: invalid configuration. Fix these environment variables:\n  AYUDA_TEST_HOOKS=${JSON.stringify(value)}: 1 or unset (it is for Ayuda's own tests)`);
  if (config.production) throw new ConfigError('Ayuda: invalid configuration. Fix these environment variables:\n  AYUDA_TEST_HOOKS: not in production (it adds test-only endpoints); unset it');
  return ({ db, clock, logger, kickJobs }) => ({
    routes: new Hono<AppEnv>()
      // GET /__test/slow?ms=N answers after N milliseconds.
      .get('/__test/slow', async (c) => {
        const { ms } = parseOrThrow(z.object({ ms: Ms }), c.req.query(), 'query');
        logger.info('test hook: slow request started', { ms });
        await new Promise((resolve) => setTimeout(resolve, ms));
        return c.text('slow request done');
      })
      // POST /__test/jobs?count=N&ms=M queues N jobs that each take M milliseconds.
      .post('/__test/jobs', async (c) => {
        const { count, ms } = parseOrThrow(z.object({ count: z.coerce.number().int().min(1).max(20), ms: Ms }), c.req.query(), 'query');
        // One time for all: a claim whose `now` was read between two of the jobs' times (it is
        // read before its transaction, which may then wait for this one's commit) would find
        // only the first due, and the shutdown test's "claimed together" would not hold.
        const now = clock.now();
        await db.db.transaction(async (tx) => {
          for (let i = 0; i < count; i++) await enqueueJob(tx, now, SLOW_JOB, { ms });
        });
        kickJobs();
        return c.json({ queued: count }, 202);
      }),
    jobs: {
      [SLOW_JOB]: {
        standalone: async (payload) => {
          const { ms } = payload as { ms: number };
          logger.info('test hook: slow job started', { ms });
          await new Promise((resolve) => setTimeout(resolve, ms));
        },
      },
    },
  });
}
