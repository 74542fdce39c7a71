// Lookups that must not read a whole table (docs/performance.md, "Lookups at scale"): each is
// run through the real store function on PostgreSQL, its statements captured on the driver, and
// each statement's plan (EXPLAIN ANALYZE, sequential scans disabled so a small table cannot hide
// a missing index) must read few rows of the table it looks in, although thousands of rows it
// does not want are there. Without the migration's indexes and rewrites these read them all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { like, sql, TransactionRollbackError } from 'drizzle-orm';
import pg from 'pg';
import { OPEN_STATUSES } from '@ayuda/core';
import type { Database } from './client.js';
import { fastlaneOrders } from './schema.js';
import { createTestDatabase } from '../testing/db.js';
import { captureStatements } from '../testing/statements.js';
import * as caseStore from '../cases/store.js';
import * as fastlaneStore from '../fastlane/store.js';
import { purgeErasureMail } from '../mail/outbox.js';

/** Rows of the table that are not wanted: a page or a job that reads them all fails below. */
const DECOYS = 3000;
/** Open cases of the standard lane, of which a page wants the first few. */
const OPEN_CASES = 1500;
/** What a lookup may read of its table: the rows it wants and a little slack. */
const MAX_READ = 100;

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

describe.runIf(process.env.DATABASE_URL)('lookups at scale, on postgres', () => {
  let database: Database;
  const now = new Date('2026-06-15T12:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const exec = (q: ReturnType<typeof sql>) => database.db.execute(q);
    await exec(sql`insert into customers (email, name, locale, created_at) values ('escala@example.com', 'Escala', 'es', now())`);
    // Closed fast-lane cases answered in time, each with its paid incident, and their mail: the
    // history that grows for good. Then a few cases a page or a job does want.
    await exec(sql`insert into cases (reference, tracking_hash, tracking_token_enc, customer_id, subject, locale, status, lane, channel, created_at, updated_at, lane_changed_at, first_response_due, first_responded_at, closed_at)
      select 'HX-' || lpad(g::text, 6, '0'), 'hx-' || g, 'x', c.id, 'Antiguo', 'es', 'closed', 'fast', 'web', ${now}::timestamptz - interval '300 days', ${now}::timestamptz - interval '299 days',
        ${now}::timestamptz - interval '300 days', ${now}::timestamptz - interval '299 days', ${now}::timestamptz - interval '299 days 2 hours', ${now}::timestamptz - interval '290 days'
      from generate_series(1, ${DECOYS}) as g, customers c where c.email = 'escala@example.com'`);
    await exec(sql`insert into fastlane_orders (customer_id, plan_key, kind, case_id, amount, currency, status, checkout_session_id, created_at, paid_at, updated_at)
      select customer_id, 'incident', 'incident', id, 1500, 'eur', 'paid', 'cs_hx_' || id, created_at, created_at, created_at from cases where reference like 'HX-%'`);
    await exec(sql`insert into mail_outbox (to_address, locale, template, subject, text, html, status, next_attempt_at, created_at)
      select 'escala@example.com', 'es', 'case_created', 'Caso', 'texto', '<p>texto</p>', 'sent', created_at, created_at from cases where reference like 'HX-%'`);
    // Wanted: open standard-lane cases (many: enough that sorting them all looks dearer to the
    // planner than walking the queue's order, which then meets every closed fast-lane case
    // first), and two fast-lane cases whose first response is late.
    await exec(sql`insert into cases (reference, tracking_hash, tracking_token_enc, customer_id, subject, locale, status, lane, channel, created_at, updated_at, first_response_due)
      select 'ST-' || lpad(g::text, 6, '0'), 'st-' || g, 'x', c.id, 'Abierto', 'es', 'open', 'standard', 'web', ${now}::timestamptz - interval '1 day', ${now}::timestamptz - interval '1 day', ${now}::timestamptz + (g || ' hours')::interval
      from generate_series(1, ${OPEN_CASES}) as g, customers c where c.email = 'escala@example.com'`);
    await exec(sql`insert into cases (reference, tracking_hash, tracking_token_enc, customer_id, subject, locale, status, lane, channel, created_at, updated_at, lane_changed_at, first_response_due)
      select 'LT-' || lpad(g::text, 6, '0'), 'lt-' || g, 'x', c.id, 'Tarde', 'es', 'open', 'fast', 'web', ${now}::timestamptz - interval '1 day', ${now}::timestamptz - interval '1 day', ${now}::timestamptz - interval '1 day', ${now}::timestamptz - interval '2 hours'
      from generate_series(1, 2) as g, customers c where c.email = 'escala@example.com'`);
    await exec(sql`insert into fastlane_orders (customer_id, plan_key, kind, case_id, amount, currency, status, checkout_session_id, created_at, paid_at, updated_at)
      select customer_id, 'incident', 'incident', id, 1500, 'eur', 'paid', 'cs_lt_' || id, created_at, created_at, created_at from cases where reference like 'LT-%'`);
    await exec(sql`analyze`);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  /** The statements `fn` sends through the driver (texts and values), BEGIN/COMMIT left out. */
  const captured = async (fn: () => Promise<unknown>): Promise<Array<{ text: string; values: unknown[] }>> =>
    (await captureStatements(fn)).sent.filter((s) => !/^\s*(begin|commit|rollback)/i.test(s.text));

  /**
   * How many rows of `table` the statement's plan read (kept or filtered out), run in a
   * transaction rolled back; with sequential scans disabled, unless `planner` is 'free' (to see
   * the plan PostgreSQL itself picks at this size).
   */
  const rowsRead = async (statement: { text: string; values: unknown[] }, table: string, planner: 'no seqscan' | 'free' = 'no seqscan'): Promise<{ read: number; plan: string }> => {
    const client = await (database.db as unknown as { $client: pg.Pool }).$client.connect();
    try {
      await client.query('begin');
      if (planner === 'no seqscan') await client.query('set local enable_seqscan = off');
      const res = await client.query(`explain (analyze, format json) ${statement.text}`, statement.values);
      await client.query('rollback');
      const root = (res.rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]!.Plan;
      let read = 0;
      const walk = (n: PlanNode) => {
        if (n['Relation Name'] === table) read += (Number(n['Actual Rows'] ?? 0) + Number(n['Rows Removed by Filter'] ?? 0) + Number(n['Rows Removed by Index Recheck'] ?? 0)) * Number(n['Actual Loops'] ?? 1);
        n.Plans?.forEach(walk);
      };
      walk(root);
      return { read, plan: JSON.stringify(root) };
    } finally {
      client.release();
    }
  };

  const expectFewRead = async (statements: Array<{ text: string; values: unknown[] }>, match: RegExp, table: string, planner?: 'free') => {
    const wanted = statements.filter((s) => match.test(s.text));
    expect(wanted.length, statements.map((s) => s.text).join('\n')).toBeGreaterThan(0);
    for (const s of wanted) {
      const { read, plan } = await rowsRead(s, table, planner);
      expect(read, `${s.text}\n${plan}`).toBeLessThan(MAX_READ);
    }
  };

  it('pages the open cases of the standard lane without reading the closed fast-lane ones', async () => {
    let page: Awaited<ReturnType<typeof caseStore.queue>> | undefined;
    const statements = await captured(async () => {
      page = await caseStore.queue(database.db, { statuses: OPEN_STATUSES, lane: 'standard' }, { limit: 3 });
    });
    expect(page!.rows.map((r) => r.case.reference)).toEqual(['ST-000001', 'ST-000002', 'ST-000003']);
    expect(page!.total).toBe(OPEN_CASES);
    await expectFewRead(statements.filter((s) => /order by/i.test(s.text)), /"cases"/, 'cases');
  });

  it('pages the closed cases newest first from the finished cases\' index, not by sorting them all', async () => {
    let page: Awaited<ReturnType<typeof caseStore.queue>> | undefined;
    const first = await captured(async () => {
      page = await caseStore.queue(database.db, { statuses: ['closed'] }, { limit: 3 });
    });
    // Closed on one day, all of them: newest reference first.
    expect(page!.rows.map((r) => r.case.reference)).toEqual(['HX-003000', 'HX-002999', 'HX-002998']);
    expect(page!.total).toBe(DECOYS);
    await expectFewRead(first.filter((s) => /order by/i.test(s.text)), /"cases"/, 'cases', 'free');
    const after = caseStore.finishedKeyOf(page!.rows.at(-1)!.case);
    const next = await captured(async () => {
      page = await caseStore.queue(database.db, { statuses: ['solved', 'closed'], lane: 'fast' }, { limit: 3, after });
    });
    expect(page!.rows.map((r) => r.case.reference)).toEqual(['HX-002997', 'HX-002996', 'HX-002995']);
    await expectFewRead(next.filter((s) => /order by/i.test(s.text)), /"cases"/, 'cases', 'free');
  });

  it('finds the SLA guarantee candidates from the late fast-lane cases, not from every paid order', async () => {
    let found: Awaited<ReturnType<typeof fastlaneStore.guaranteeCandidates>> = [];
    const statements = await captured(async () => {
      found = await fastlaneStore.guaranteeCandidates(database.db, now);
    });
    expect(found.map((f) => f.case.reference).sort()).toEqual(['LT-000001', 'LT-000002']);
    await expectFewRead(statements, /fastlane_orders/, 'fastlane_orders');
    await expectFewRead(statements, /fastlane_orders/, 'cases');
  });

  // Rows given as JSON count as 100 to the planner, which at a few thousand rows would rather
  // read the whole table than look 100 up (db/expressions.ts, byKeysOf): with sequential scans
  // allowed, these statements must still look their rows up by key.
  it('writes a group of paid orders, and moves their cases, by key, not by reading every order and case', async () => {
    const picked = await database.db
      .select({ id: fastlaneOrders.id, caseId: fastlaneOrders.caseId })
      .from(fastlaneOrders)
      .where(like(fastlaneOrders.checkoutSessionId, 'cs_hx_%'))
      .orderBy(fastlaneOrders.id)
      .limit(8);
    expect(picked).toHaveLength(8);
    const moves = caseStore.laneMoves(picked.map((p) => ({ id: p.caseId!, lane: 'fast', firstResponseDue: now, resolutionDue: null, event: { from: 'standard', to: 'fast' } })), 'system', now, []);
    const statements = await captured(() =>
      database.db
        .transaction(async (tx) => {
          const orders = picked.map((p) => ({ id: p.id, status: 'paid', paymentIntentId: `pi_${p.id}`, subscriptionId: null, stripeCustomerId: null }));
          await fastlaneStore.markManyPaid(tx, orders, now, [], picked.map((p) => ({ id: `evt_hx_${p.id}`, type: 'checkout.session.completed', note: null })), moves);
          await caseStore.setDueTimes(tx, picked.map((p) => ({ id: p.caseId!, firstResponseDue: now, resolutionDue: null })));
          tx.rollback();
        })
        .catch((err: unknown) => {
          if (!(err instanceof TransactionRollbackError)) throw err;
        }),
    );
    await expectFewRead(statements, /update fastlane_orders/, 'fastlane_orders', 'free');
    await expectFewRead(statements, /update cases|update "cases"/, 'cases', 'free');
  });

  it('purges sent erasure confirmations without reading all mail', async () => {
    const statements = await captured(() => purgeErasureMail(database));
    await expectFewRead(statements, /mail_outbox/, 'mail_outbox');
  });

  it('counts the cases entering the fast lane in a period without reading all cases', async () => {
    let summary: Awaited<ReturnType<typeof fastlaneStore.summary>> | undefined;
    const statements = await captured(async () => {
      summary = await fastlaneStore.summary(database.db, new Date('2026-06-01T00:00:00Z'), new Date('2026-07-01T00:00:00Z'), 'eur');
    });
    expect(summary).toBeDefined();
    await expectFewRead(statements.filter((s) => /from "cases"/.test(s.text)), /lane/, 'cases');
  });
});
