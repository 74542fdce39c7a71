import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue, startHarness, type Harness } from './test-support.js';

let h: Harness;
let prices: Awaited<ReturnType<typeof catalogue>>;
beforeAll(async () => {
  h = await startHarness();
  prices = await catalogue(h.stripe);
});
afterAll(() => h.close());

async function paidIntent(): Promise<Stripe.PaymentIntent> {
  const s = await h.stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price: prices.incident.id, quantity: 2 }],
    success_url: 'https://shop.example/ok',
    customer_email: 'r@example.com',
  });
  const result = h.emulator.payCheckoutSession(s.id, '4242424242424242');
  if (!result.ok) throw new Error(result.error.message);
  return h.stripe.paymentIntents.retrieve(result.session.payment_intent as string);
}

describe('refunds', () => {
  it('refunds partially by payment_intent, then the rest by charge', async () => {
    const pi = await paidIntent();
    const partial = await h.stripe.refunds.create({ payment_intent: pi.id, amount: 1000, reason: 'requested_by_customer', metadata: { ayuda_refund: 'r1' } });
    expect(partial).toMatchObject({ object: 'refund', amount: 1000, status: 'succeeded', charge: pi.latest_charge, payment_intent: pi.id, reason: 'requested_by_customer', metadata: { ayuda_refund: 'r1' } });
    expect(partial.id).toMatch(/^re_/);
    let charge = await h.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 1000, refunded: false });
    const rest = await h.stripe.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(2000);
    charge = await h.stripe.charges.retrieve(charge.id, { expand: ['refunds'] });
    expect(charge).toMatchObject({ amount_refunded: 3000, refunded: true });
    expect(charge.refunds?.data.map((r) => r.id).sort()).toEqual([partial.id, rest.id].sort());
    expect((await h.stripe.refunds.retrieve(partial.id)).amount).toBe(1000);
    expect((await h.stripe.refunds.list({ payment_intent: pi.id })).data).toHaveLength(2);
    const refunded = h.emulator.events('charge.refunded').filter((e) => (e.data.object as { id: string }).id === charge.id);
    expect(refunded).toHaveLength(2);
    expect(refunded[1]?.data.previous_attributes).toEqual({ amount_refunded: 1000, refunded: false });
    expect(h.emulator.events('refund.created').some((e) => (e.data.object as { id: string }).id === rest.id)).toBe(true);
  });

  it('refuses an over-refund, a second full refund and bad input, with Stripe error codes', async () => {
    const pi = await paidIntent();
    const over = await h.stripe.refunds.create({ payment_intent: pi.id, amount: 3001 }).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(over).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });
    await h.stripe.refunds.create({ payment_intent: pi.id });
    await expect(h.stripe.refunds.create({ payment_intent: pi.id, amount: 1 })).rejects.toMatchObject({ code: 'charge_already_refunded' });
    await expect(h.stripe.refunds.create({})).rejects.toMatchObject({ statusCode: 400 });
    await expect(h.stripe.refunds.create({ payment_intent: 'pi_nope' })).rejects.toMatchObject({ statusCode: 404, param: 'payment_intent' });
    await expect(h.stripe.refunds.create({ payment_intent: pi.id, reason: 'because' as 'duplicate' })).rejects.toMatchObject({ statusCode: 400, param: 'reason' });
  });

  it('refuses to refund a payment that never succeeded', async () => {
    const s = await h.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price: prices.incident.id, quantity: 1 }],
      success_url: 'https://shop.example/ok',
      customer_email: 'r@example.com',
    });
    h.emulator.payCheckoutSession(s.id, '4000000000000002');
    const pi = (await h.stripe.checkout.sessions.retrieve(s.id)).payment_intent as string;
    await expect(h.stripe.refunds.create({ payment_intent: pi })).rejects.toMatchObject({ code: 'charge_not_refundable' });
  });
});

describe('disputes', () => {
  it('opens a dispute on a charge (charge.dispute.created) and blocks refunds of it', async () => {
    const pi = await paidIntent();
    const res = await fetch(`${h.emulator.url}/_emulator/charges/${pi.latest_charge as string}/dispute`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.emulator.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'fraudulent' }),
    });
    expect(res.status).toBe(200);
    const dispute = (await res.json()) as { id: string; status: string; amount: number };
    expect(dispute).toMatchObject({ status: 'needs_response', amount: 3000 });
    expect(dispute.id).toMatch(/^dp_/);
    expect((await h.stripe.charges.retrieve(pi.latest_charge as string)).disputed).toBe(true);
    expect(h.emulator.events('charge.dispute.created').at(-1)?.data.object).toMatchObject({ id: dispute.id, charge: pi.latest_charge });
    expect((await h.stripe.disputes.retrieve(dispute.id)).reason).toBe('fraudulent');
    await expect(h.stripe.refunds.create({ payment_intent: pi.id })).rejects.toMatchObject({ code: 'charge_disputed' });
  });
});
