// What applying one Stripe event costs the database: the statements a paid incident's
// `checkout.session.completed` sends to PostgreSQL (each one a round trip), counted on the
// driver; and that its redelivery, rolled back, changes nothing; and that completions arriving
// together are applied in groups whose statements do not grow with their size. The webhook bench (bench/fastlane.ts)
// measures the rate; this keeps the count from creeping back up unnoticed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { signPayload } from '@ayuda/stripe-emulator';
import { startFastlaneServer } from '../testing/fastlane.js';
import { captureStatements } from '../testing/statements.js';
import { DEV_WEBHOOK_SECRET } from '../billing/dev-stripe.js';
import { cases, fastlaneOrders, mailOutbox } from '../db/schema.js';
import { describeResult } from './webhooks.js';

type T = Awaited<ReturnType<typeof startFastlaneServer>>;

/** The statements a paid incident's completion may send, BEGIN and COMMIT included (a group of one). */
const MAX_STATEMENTS = 4;
/** What a group of paid incidents' completions sends, whatever its size. */
const GROUP_STATEMENTS = 4;

describe.runIf(process.env.DATABASE_URL)('the cost of one webhook on postgres', () => {
  let t: T;
  beforeAll(async () => {
    t = await startFastlaneServer('postgres');
  });
  afterAll(() => t?.close());

  /**
   * Runs `fn` and returns the SQL text of every statement sent meanwhile by the pool's clients
   * that touched the fast lane's tables (the background workers' own clients are left out).
   */
  const counted = async <R>(fn: () => Promise<R>): Promise<{ result: R; statements: string[] }> => {
    const { result, sent } = await captureStatements(fn);
    const ours = new Set(sent.filter((s) => /\b(stripe_events|fastlane_orders)\b/.test(s.text)).map((s) => s.client));
    return { result, statements: sent.filter((s) => ours.has(s.client)).map((s) => s.text) };
  };

  const post = async (body: string) => {
    const res = await t.api('/api/v1/stripe/webhook', { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signPayload(body, DEV_WEBHOOK_SECRET, Math.floor(Date.now() / 1000)) } });
    return { status: res.status, result: ((await res.json()) as { result: string }).result };
  };

  /** A paid incident's checkout.session.completed, held by the emulator (the test posts it). */
  const paidIncident = async (email: string) => {
    const token = await t.signIn(email);
    const c = await t.submitCase(email);
    const res = await t.api('/api/v1/fastlane/checkout', { json: { locale: 'es', plan: 'incident', trackingToken: c.trackingToken }, bearer: token, headers: { 'Idempotency-Key': `coste-${email}` } });
    expect(res.status).toBe(201);
    const { sessionId, orderId } = (await res.json()) as { sessionId: string; orderId: number };
    t.emulator.webhooks.pause();
    // Deliveries sent before the pause (the checkout's own events) finish first: their statements are not this event's.
    await t.emulator.webhooks.waitForIdle();
    expect(t.emulator.payCheckoutSession(sessionId, '4242424242424242').ok).toBe(true);
    const event = t.emulator.events('checkout.session.completed').find((e) => (e.data.object as { id: string }).id === sessionId)!;
    return { event, orderId, reference: c.reference };
  };

  it(`pays an incident in at most ${MAX_STATEMENTS} statements, and its redelivery changes nothing`, async () => {
    const email = 'coste@example.com';
    // The emulator holds its delivery: the event is posted here, once counted, then again.
    const { event, orderId, reference } = await paidIncident(email);
    const body = JSON.stringify(event);

    const first = await counted(() => post(body));
    expect(first.result).toEqual({ status: 200, result: `order ${orderId} paid` });
    expect(first.statements.length, first.statements.join('\n')).toBeLessThanOrEqual(MAX_STATEMENTS);

    const again = await counted(() => post(body));
    expect(again.result).toEqual({ status: 200, result: 'duplicate' });
    expect(again.statements.at(-1)).toBe('rollback');

    // Applied once: paid, one receipt, the case in the fast lane.
    const [order] = await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, orderId));
    expect(order?.status).toBe('paid');
    expect((await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.template, 'fastlane_receipt'))).filter((m) => m.toAddress === email)).toHaveLength(1);
    expect((await t.database.db.select().from(cases).where(eq(cases.reference, reference)))[0]?.lane).toBe('fast');
  });

  it(`applies 8 paid incidents arriving together in two groups: at most ${2 * GROUP_STATEMENTS} statements for all, not 8 × ${MAX_STATEMENTS}`, async () => {
    const paid: Array<Awaited<ReturnType<typeof paidIncident>>> = [];
    for (let i = 0; i < 8; i++) paid.push(await paidIncident(`grupo-${i}@example.com`));
    // Called in one turn of the event loop: the first starts a group alone, the other seven
    // arrive while it is applied and make the next group.
    const { result, statements } = await counted(() => Promise.all(paid.map((p) => t.server.ayuda.fastlane.applyEvent(p.event))));
    expect(result.map(describeResult)).toEqual(paid.map((p) => `order ${p.orderId} paid`));
    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(2 * GROUP_STATEMENTS);
    expect(statements.filter((s) => /^begin/i.test(s))).toHaveLength(2);
    for (const p of paid) {
      const [order] = await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, p.orderId));
      expect(order?.status).toBe('paid');
      expect((await t.database.db.select().from(cases).where(eq(cases.reference, p.reference)))[0]?.lane).toBe('fast');
    }
  });

  it('finds the orders a paid incident locks by index, not by reading every order', async () => {
    const { event, orderId } = await paidIncident('indice@example.com');
    const sessionId = (event.data.object as { id: string }).id;
    const [order] = await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, orderId));
    // Orders of other times: enough that reading them all is the plan's choice only if it has no other.
    await t.database.db.execute(sql`insert into fastlane_orders (customer_id, plan_key, kind, amount, currency, status, checkout_session_id, created_at, updated_at)
      select ${order!.customerId}, 'incident', 'incident', 1500, 'eur', 'expired', 'cs_old_' || g, now(), now() from generate_series(1, 20000) as g`);
    await t.database.db.execute(sql`analyze fastlane_orders`);
    const { statements } = await counted(() => post(JSON.stringify(event)));
    const lock = statements.find((s) => s.includes('group_orders'));
    expect(lock, statements.join('\n')).toBeDefined();
    const explained = await t.database.db.execute(sql.raw(`explain (analyze, format json) ${lock!.replaceAll('$1', `array['${sessionId}']`)}`));
    const rows = ((explained as unknown as { rows?: unknown[] }).rows ?? explained) as Array<Record<string, unknown>>;
    type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };
    const nodes: PlanNode[] = [];
    const walk = (n: PlanNode) => (nodes.push(n), n.Plans?.forEach(walk));
    walk((rows[0]!['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]!.Plan);
    const onOrders = nodes.filter((n) => n['Relation Name'] === 'fastlane_orders');
    expect(onOrders.length).toBeGreaterThan(0);
    for (const n of onOrders) {
      expect(n['Node Type'], JSON.stringify(n)).not.toBe('Seq Scan');
      expect(Number(n['Rows Removed by Filter'] ?? 0), JSON.stringify(n)).toBeLessThan(10);
    }
  });
});
