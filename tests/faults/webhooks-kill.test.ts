// The server killed with SIGKILL while Stripe's webhooks are applied: paid incident checkouts'
// `checkout.session.completed` events are posted signed, the server is killed mid-way and
// started again, and every event not acknowledged is sent again, as Stripe does. Each event's
// effect exists once: its order paid, its case moved to the fast lane once, its amount counted
// once in the revenue, its id recorded once. The Stripe emulator runs in the test, so it
// outlives the server like Stripe would.
import { randomUUID } from 'node:crypto';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPayload, startStripeEmulator, type StripeEmulator } from '@ayuda/stripe-emulator';
import { ayudaOnOwnPostgres, query, report, skipReason } from './harness.js';

const reason = skipReason();
if (reason) console.log(reason);

const EVENTS = 30;
const CONCURRENCY = 6;
const WEBHOOK_SECRET = 'whsec_ayuda_faults_suite';

describe.skipIf(reason !== null)('faults: SIGKILL while webhooks are applied', () => {
  let emulator: StripeEmulator;
  beforeAll(async () => {
    emulator = await startStripeEmulator();
  });
  afterAll(() => emulator?.close());
  const s = ayudaOnOwnPostgres(() => ({ STRIPE_SECRET_KEY: emulator.secretKey, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: emulator.url, AYUDA_CAPTCHA_MAX_NUMBER: '50' }));

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${s.ayuda.url}${path}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers }, signal: AbortSignal.timeout(20_000) });

  async function expectStatus(res: Response, status: number): Promise<unknown> {
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(status);
    return JSON.parse(text) as unknown;
  }

  /** The fast lane's sign-in: a solved captcha, then the code from the mail in the outbox. */
  async function signIn(email: string): Promise<string> {
    const challenge = (await (await fetch(`${s.ayuda.url}/api/v1/captcha/challenge?purpose=fastlane`)).json()) as Challenge;
    const solution = await solveChallenge({ challenge, deriveKey });
    await expectStatus(await post('/api/v1/fastlane/login', { email, locale: 'es', captcha: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64') }), 202);
    const [mail] = await query<{ text: string }>(s.postgres.url(), `select text from mail_outbox where to_address = $1 order by id desc limit 1`, [email]);
    const code = /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1];
    expect(code).toBeDefined();
    return ((await expectStatus(await post('/api/v1/fastlane/verify', { email, code, locale: 'es' }), 200)) as { token: string }).token;
  }

  it('applies every webhook once across a kill and Stripe resending what was not acknowledged', async () => {
    const run = randomUUID().slice(0, 8);
    const email = `pagos-${run}@example.com`;
    const token = await signIn(email);
    // One paid incident per case: a case, its checkout, paid in the emulator.
    const orders: Array<{ orderId: number; sessionId: string }> = [];
    for (let i = 0; i < EVENTS; i++) {
      const kase = (await expectStatus(await post('/api/v1/cases', { name: 'Cliente', email, subject: `Pago ${run} ${i}`, description: 'El router parpadea en rojo desde ayer y no tengo conexión.', locale: 'es' }, { 'Idempotency-Key': `case-${run}-${i}` }), 201)) as { trackingToken: string };
      const order = (await expectStatus(await post('/api/v1/fastlane/checkout', { locale: 'es', plan: 'incident', trackingToken: kase.trackingToken }, { Authorization: `Bearer ${token}`, 'Idempotency-Key': `checkout-${run}-${i}` }), 201)) as { orderId: number; sessionId: string };
      const paid = emulator.payCheckoutSession(order.sessionId, '4242424242424242');
      expect(paid.ok).toBe(true);
      orders.push(order);
    }
    const bySession = new Map(emulator.events('checkout.session.completed').map((ev) => [(ev.data.object as { id: string }).id, ev]));
    const events = orders.map((o) => bySession.get(o.sessionId)!);
    expect(events.every(Boolean)).toBe(true);
    const bodies = events.map((ev) => JSON.stringify(ev));
    const deliver = (i: number) =>
      post('/api/v1/stripe/webhook', bodies[i]!, { 'Stripe-Signature': signPayload(bodies[i]!, WEBHOOK_SECRET, Math.floor(Date.now() / 1000)) })
        .then(async (r) => ({ status: r.status, result: r.ok ? ((await r.json()) as { result?: string }).result : undefined }))
        .catch(() => ({ status: 0, result: undefined }));

    // Delivered from a few loops, as Stripe does; the server is killed once a few are acknowledged.
    const acked = new Set<number>();
    let killed: Promise<void> | null = null;
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < EVENTS && !killed; i = next++) {
          if ((await deliver(i)).status === 200) acked.add(i);
          if (acked.size >= 5) killed ??= s.ayuda.kill();
        }
      }),
    );
    await (killed ?? s.ayuda.kill());
    const ackedBeforeKill = acked.size;
    expect(ackedBeforeKill).toBeLessThan(EVENTS);

    await s.ayuda.start();
    // Stripe sends again every event it got no 2xx for.
    const resent = [...Array(EVENTS).keys()].filter((i) => !acked.has(i));
    let alreadyApplied = 0;
    for (const i of resent) {
      const answer = await deliver(i);
      if (answer.status === 200) acked.add(i);
      // Applied before the kill, its answer lost with the process.
      if (answer.result === 'duplicate') alreadyApplied++;
    }

    const sessions = orders.map((o) => o.sessionId);
    const paidOrders = await query<{ id: number; status: string; amount: number; case_id: number }>(s.postgres.url(), `select id, status, amount, case_id from fastlane_orders where checkout_session_id = any($1)`, [sessions]);
    const recorded = await query<{ id: string }>(s.postgres.url(), `select id from stripe_events where id = any($1)`, [events.map((e) => e.id)]);
    const laneChanges = await query<{ case_id: number; n: string }>(s.postgres.url(), `select case_id, count(*) as n from case_events where type = 'lane_changed' and data->>'to' = 'fast' and case_id = any($1) group by case_id`, [paidOrders.map((o) => o.case_id)]);
    const revenue = await query<{ total: string }>(s.postgres.url(), `select coalesce(sum(revenue), 0) as total from fastlane_money_months`);
    const notPaid = paidOrders.filter((o) => o.status !== 'paid').length;
    const lost = EVENTS - paidOrders.length + notPaid;
    const duplicated = laneChanges.filter((l) => Number(l.n) > 1).length;
    report('webhooks_sigkill', {
      tried: EVENTS,
      acknowledged: acked.size,
      acknowledged_before_kill: ackedBeforeKill,
      resent: resent.length,
      applied_but_unanswered_at_kill: alreadyApplied,
      lost,
      duplicated,
    });
    expect(acked.size).toBe(EVENTS);
    expect({ lost, duplicated, recorded: recorded.length, casesInFastLane: laneChanges.length }).toEqual({ lost: 0, duplicated: 0, recorded: EVENTS, casesInFastLane: EVENTS });
    // The money: each payment counted once in the month's revenue.
    expect(Number(revenue[0]!.total)).toBe(paidOrders.reduce((s, o) => s + o.amount, 0));
  }, 180_000);
});
