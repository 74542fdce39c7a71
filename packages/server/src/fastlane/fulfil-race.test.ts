// Two payments for one thing applied at the same moment, in two transactions (two server
// processes, or a group and a lone event of one process): the second must see the first and
// be kept as a duplicate payment (and refunded), never paid for the same case or subscription
// as the first. PostgreSQL only: PGlite has one connection, so its transactions never overlap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { startFastlaneServer } from '../testing/fastlane.js';
import { entitlements, fastlaneOrders } from '../db/schema.js';
import type { SessionObject, WebhookResult } from './webhooks.js';

type T = Awaited<ReturnType<typeof startFastlaneServer>>;
type Tx = Parameters<Parameters<T['database']['db']['transaction']>[0]>[0];

describe.skipIf(!process.env.DATABASE_URL)('payments for one thing applied at once, on PostgreSQL', () => {
  let t: T;
  let n = 0;
  beforeAll(async () => {
    t = await startFastlaneServer('postgres');
    t.emulator.webhooks.pause();
  });
  afterAll(() => t?.close());

  const checkout = async (token: string, body: Record<string, unknown>) => {
    const res = await t.api('/api/v1/fastlane/checkout', { json: { locale: 'es', ...body }, bearer: token, headers: { 'Idempotency-Key': `carrera-${++n}` } });
    expect(res.status).toBe(201);
    const out = (await res.json()) as { sessionId: string; orderId: number };
    expect(t.emulator.payCheckoutSession(out.sessionId, '4242424242424242').ok).toBe(true);
    const event = t.emulator.events('checkout.session.completed').find((e) => (e.data.object as { id: string }).id === out.sessionId)!;
    return { ...out, session: event.data.object as unknown as SessionObject, event: { id: event.id, type: event.type } };
  };
  type Paid = Awaited<ReturnType<typeof checkout>>;

  const checkouts = () => t.server.ayuda.fastlane.checkouts;
  const many = (tx: Tx, p: Paid) => checkouts().fulfilMany(tx, [{ session: p.session, event: p.event }], t.clock.now(), { queued: false }).then((r) => r.results[0]);
  const one = (tx: Tx, p: Paid) => checkouts().fulfil(tx, p.session, null, t.clock.now(), { queued: false });
  const apply = { many, one };

  /** Transactions of this database waiting for a lock another holds. */
  const waiting = async () => {
    const rows = await t.database.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    return Number((rows as unknown as { rows: Array<{ n: number }> }).rows?.[0]?.n ?? (rows as unknown as Array<{ n: number }>)[0]?.n);
  };

  /**
   * `first` applied in a transaction that stays open until `second`, in another, is waiting for
   * one of its locks; then the first commits and the second goes on.
   */
  async function race(first: (tx: Tx) => Promise<WebhookResult | null | undefined>, second: (tx: Tx) => Promise<WebhookResult | null | undefined>) {
    let applied!: () => void;
    const firstApplied = new Promise<void>((r) => (applied = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const a = t.database.db.transaction(async (tx) => {
      const r = await first(tx);
      applied();
      await released;
      return r;
    });
    await firstApplied;
    const b = t.database.db.transaction((tx) => second(tx));
    // The second must wait for the first: it reads what the first is writing.
    const until = Date.now() + 10_000;
    while ((await waiting()) === 0) {
      if (Date.now() > until) {
        release();
        throw new Error('the second transaction never waited for the first');
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    release();
    return Promise.all([a, b]);
  }

  const status = async (id: number) => (await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, id)))[0]!.status;

  describe.each([
    ['a group', 'a group', 'many', 'many'],
    ['a group', 'a lone event', 'many', 'one'],
    ['a lone event', 'a group', 'one', 'many'],
    ['a lone event', 'a lone event', 'one', 'one'],
  ] as const)('a case paid twice, in %s and in %s', (_a, _b, x, y) => {
    it('keeps the second payment as a duplicate, so it is refunded, whichever way each is applied', async () => {
      const email = `carrera-${++n}@example.com`;
      const token = await t.signIn(email);
      const c = await t.submitCase(email);
      // Two tabs: two checkouts for the case, both paid before either completion is applied.
      const p1 = await checkout(token, { plan: 'incident', trackingToken: c.trackingToken });
      const p2 = await checkout(token, { plan: 'incident', trackingToken: c.trackingToken });
      const [r1, r2] = await race((tx) => apply[x](tx, p1), (tx) => apply[y](tx, p2));
      expect(r1).toMatchObject({ kind: 'applied', orderId: p1.orderId });
      // A group hands what it does not apply to the lone path (null): there it is a duplicate too.
      if (r2 === null) expect(await t.database.db.transaction((tx) => one(tx, p2))).toMatchObject({ kind: 'duplicate-payment', orderId: p2.orderId });
      else expect(r2).toMatchObject({ kind: 'duplicate-payment', orderId: p2.orderId });
      expect(await status(p1.orderId)).toBe('paid');
    });
  });

  it('keeps a second subscription paid at the same moment as a duplicate: one entitlement, not two', async () => {
    const email = `carrera-${++n}@example.com`;
    const token = await t.signIn(email);
    const s1 = await checkout(token, { plan: 'monthly' });
    const s2 = await checkout(token, { plan: 'monthly' });
    const prefetched = async (p: Paid) => ({ subscription: await t.dev.gateway.stripe.subscriptions.retrieve(String(p.session.subscription)), paymentIntentId: null });
    const [f1, f2] = [await prefetched(s1), await prefetched(s2)];
    const [r1, r2] = await race(
      (tx) => checkouts().fulfil(tx, s1.session, f1 as never, t.clock.now(), { queued: false }),
      (tx) => checkouts().fulfil(tx, s2.session, f2 as never, t.clock.now(), { queued: false }),
    );
    expect(r1).toMatchObject({ kind: 'applied', orderId: s1.orderId });
    expect(r2).toMatchObject({ kind: 'duplicate-payment', orderId: s2.orderId });
    const customerId = (await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, s1.orderId)))[0]!.customerId;
    expect((await t.database.db.select().from(entitlements).where(eq(entitlements.customerId, customerId))).length).toBe(1);
  });
});
