import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInterval } from './engine.js';
import { catalogue, DAY, startHarness, submitCheckoutForm, type Harness } from './test-support.js';

let h: Harness;
let prices: Awaited<ReturnType<typeof catalogue>>;
// A fixed start: 31 January, so monthly renewals show month-end clamping.
const START = new Date('2031-01-31T10:00:00Z');
beforeAll(async () => {
  h = await startHarness({ clock: { now: () => START } });
  prices = await catalogue(h.stripe);
});
afterAll(() => h.close());

async function subscribe(card = '4242424242424242', price = prices.monthly.id): Promise<{ session: Stripe.Checkout.Session; sub: Stripe.Subscription }> {
  const session = await h.stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price, quantity: 1 }],
    success_url: 'https://shop.example/ok',
    customer_email: `sub-${Math.random().toString(36).slice(2)}@example.com`,
    subscription_data: { metadata: { ayuda_plan: 'monthly' } },
  });
  const result = h.emulator.payCheckoutSession(session.id, card);
  expect(result.ok).toBe(true);
  const done = await h.stripe.checkout.sessions.retrieve(session.id);
  const sub = await h.stripe.subscriptions.retrieve(done.subscription as string);
  return { session: done, sub };
}

describe('period arithmetic', () => {
  it('clamps month ends to the anchor day, like Stripe', () => {
    const jan31 = Date.UTC(2031, 0, 31) / 1000;
    const feb28 = addInterval(jan31, { interval: 'month', interval_count: 1 }, jan31);
    expect(new Date(feb28 * 1000).toISOString().slice(0, 10)).toBe('2031-02-28');
    const mar31 = addInterval(feb28, { interval: 'month', interval_count: 1 }, jan31);
    expect(new Date(mar31 * 1000).toISOString().slice(0, 10)).toBe('2031-03-31');
    expect(addInterval(jan31, { interval: 'year', interval_count: 1 }, jan31) - jan31).toBe(365 * DAY);
  });
});

describe('subscriptions through checkout', () => {
  it('creates a customer, an active subscription and a paid first invoice', async () => {
    const { session, sub } = await subscribe();
    expect(session).toMatchObject({ status: 'complete', payment_status: 'paid', payment_intent: null });
    expect(session.customer).toMatch(/^cus_/);
    expect(sub).toMatchObject({ object: 'subscription', status: 'active', customer: session.customer, cancel_at_period_end: false, metadata: { ayuda_plan: 'monthly' } });
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    expect(item.price.id).toBe(prices.monthly.id);
    expect(item.current_period_start).toBe(START.getTime() / 1000);
    expect(new Date(item.current_period_end * 1000).toISOString()).toBe('2031-02-28T10:00:00.000Z');
    const invoice = await h.stripe.invoices.retrieve(sub.latest_invoice as string, { expand: ['payments'] });
    expect(invoice).toMatchObject({ object: 'invoice', status: 'paid', amount_paid: 2900, billing_reason: 'subscription_create', customer: session.customer });
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    const pi = invoice.payments?.data[0]?.payment.payment_intent as string;
    expect((await h.stripe.paymentIntents.retrieve(pi)).status).toBe('succeeded');
    expect((await h.stripe.invoicePayments.list({ invoice: invoice.id })).data).toHaveLength(1);
    const listed = await h.stripe.subscriptions.list({ customer: session.customer as string });
    expect(listed.data.map((s) => s.id)).toEqual([sub.id]);
    expect((await h.stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(1);
    const types = h.emulator.events().map((e) => e.type);
    for (const t of ['customer.created', 'customer.subscription.created', 'invoice.paid', 'payment_intent.succeeded', 'charge.succeeded', 'checkout.session.completed']) expect(types).toContain(t);
  });

  it('a decline on the subscription checkout page creates nothing', async () => {
    const before = h.emulator.state.subscriptions.size;
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: prices.monthly.id, quantity: 1 }],
      success_url: 'https://shop.example/ok',
    });
    const res = await submitCheckoutForm(session.url as string, { card: '4000000000009995', email: 'poor@example.com' });
    expect(res.status).toBe(402);
    expect(h.emulator.state.subscriptions.size).toBe(before);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });

  it('the test clock renews at period end, charging the saved card', async () => {
    const { sub } = await subscribe();
    const end = (sub.items.data[0] as Stripe.SubscriptionItem).current_period_end;
    const events = h.emulator.advanceClock(end - Math.floor(h.emulator.now().getTime() / 1000));
    const renewed = await h.stripe.subscriptions.retrieve(sub.id);
    expect(renewed.status).toBe('active');
    expect(renewed.latest_invoice).not.toBe(sub.latest_invoice);
    expect((renewed.items.data[0] as Stripe.SubscriptionItem).current_period_start).toBe(end);
    const invoice = await h.stripe.invoices.retrieve(renewed.latest_invoice as string);
    expect(invoice).toMatchObject({ status: 'paid', billing_reason: 'subscription_cycle', amount_paid: 2900 });
    const mine = events.filter((e) => JSON.stringify(e.data.object).includes(sub.id));
    expect(mine.map((e) => e.type)).toEqual(expect.arrayContaining(['invoice.created', 'invoice.paid', 'customer.subscription.updated']));
    expect(events.find((e) => e.type === 'invoice.paid')?.created).toBe(end);
  });

  it('4000 0000 0000 0341 pays at checkout, then the renewal fails: invoice.payment_failed and past_due; a new card recovers it', async () => {
    const { sub, session } = await subscribe('4000000000000341');
    expect(sub.status).toBe('active');
    const end = (sub.items.data[0] as Stripe.SubscriptionItem).current_period_end;
    const events = h.emulator.advanceClock(end - Math.floor(h.emulator.now().getTime() / 1000) + 60);
    const failed = events.find((e) => e.type === 'invoice.payment_failed' && (e.data.object as { customer?: string }).customer === session.customer);
    expect(failed).toBeDefined();
    const updated = events.find((e) => e.type === 'customer.subscription.updated' && (e.data.object as { id: string }).id === sub.id);
    expect(updated?.data.previous_attributes).toMatchObject({ status: 'active' });
    const pastDue = await h.stripe.subscriptions.retrieve(sub.id);
    expect(pastDue.status).toBe('past_due');
    const invoice = await h.stripe.invoices.retrieve(pastDue.latest_invoice as string);
    expect(invoice).toMatchObject({ status: 'open', attempt_count: 1, amount_paid: 0 });
    await expect(h.stripe.invoices.pay(invoice.id)).rejects.toMatchObject({ statusCode: 402, type: 'StripeCardError' });
    h.emulator.setCustomerCard(session.customer as string, '4242424242424242');
    const paid = await h.stripe.invoices.pay(invoice.id);
    expect(paid.status).toBe('paid');
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('cancel_at_period_end ends the subscription at period end (customer.subscription.deleted)', async () => {
    const { sub } = await subscribe();
    const updated = await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true, cancellation_details: { comment: 'Too slow' } });
    const end = (sub.items.data[0] as Stripe.SubscriptionItem).current_period_end;
    expect(updated).toMatchObject({ cancel_at_period_end: true, status: 'active', cancel_at: end, cancellation_details: { comment: 'Too slow' } });
    const events = h.emulator.advanceClock(end - Math.floor(h.emulator.now().getTime() / 1000));
    expect(events.some((e) => e.type === 'customer.subscription.deleted' && (e.data.object as { id: string }).id === sub.id)).toBe(true);
    const ended = await h.stripe.subscriptions.retrieve(sub.id);
    expect(ended).toMatchObject({ status: 'canceled', ended_at: end });
    expect((await h.stripe.subscriptions.list({ customer: sub.customer as string })).data).toHaveLength(0);
    expect((await h.stripe.subscriptions.list({ customer: sub.customer as string, status: 'canceled' })).data).toHaveLength(1);
  });

  it('DELETE cancels at once; prorate credits unused time to the balance and invoice_now puts it on a final invoice', async () => {
    const { sub } = await subscribe();
    h.emulator.advanceClock(7 * DAY);
    const canceled = await h.stripe.subscriptions.cancel(sub.id, { prorate: true, invoice_now: true, cancellation_details: { feedback: 'too_expensive' } });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_details: { feedback: 'too_expensive', reason: 'cancellation_requested' } });
    const customer = (await h.stripe.customers.retrieve(sub.customer as string)) as Stripe.Customer;
    expect(customer.balance).toBeLessThan(0);
    expect(customer.balance).toBeGreaterThan(-2900);
    const final = await h.stripe.invoices.retrieve(canceled.latest_invoice as string);
    expect(final.total).toBe(customer.balance);
    await expect(h.stripe.subscriptions.cancel(sub.id)).rejects.toMatchObject({ statusCode: 400 });
    const plain = (await subscribe()).sub;
    const now = await h.stripe.subscriptions.cancel(plain.id);
    expect(now.status).toBe('canceled');
    expect(((await h.stripe.customers.retrieve(plain.customer as string)) as Stripe.Customer).balance).toBe(0);
  });
});

describe('billing portal', () => {
  it('creates a session whose page lists subscriptions and invoices and cancels at period end', async () => {
    const { sub } = await subscribe();
    const portal = await h.stripe.billingPortal.sessions.create({ customer: sub.customer as string, return_url: 'https://shop.example/account' });
    expect(portal).toMatchObject({ object: 'billing_portal.session', customer: sub.customer, return_url: 'https://shop.example/account' });
    expect(portal.id).toMatch(/^bps_/);
    const page = await (await fetch(portal.url)).text();
    expect(page).toContain('Priority support');
    expect(page).toContain('Cancel subscription');
    expect(page).toContain('href="https://shop.example/account"');
    const res = await fetch(`${portal.url}/subscriptions/${sub.id}/cancel`, { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(true);
    expect(res.headers.get('location')).toBe(`/billing_portal/${portal.id}?done=canceled`);
    const after = await (await fetch(`${portal.url}?done=canceled`)).text();
    expect(after).toContain('Don&#39;t cancel');
    expect(after).toContain('<p role="status">Your subscription has been canceled.');
    await expect(h.stripe.billingPortal.sessions.create({ customer: 'cus_nope' })).rejects.toMatchObject({ statusCode: 404 });
  });

  it("without a locale, uses the customer's preferred_locales, then the browser's; the invoice page too", async () => {
    const { sub } = await subscribe();
    const customer = sub.customer as string;
    const portal = await h.stripe.billingPortal.sessions.create({ customer });
    const lang = async (url: string, acceptLanguage?: string) =>
      /<html lang="(\w+)">/.exec(await (await fetch(url, acceptLanguage ? { headers: { 'accept-language': acceptLanguage } } : {})).text())?.[1];
    expect(await lang(portal.url)).toBe('en');
    expect(await lang(portal.url, 'es-ES,es;q=0.9')).toBe('es');
    const invoiceUrl = (await h.stripe.invoices.retrieve(sub.latest_invoice as string)).hosted_invoice_url as string;
    expect(await lang(invoiceUrl, 'es')).toBe('es');
    await h.stripe.customers.update(customer, { preferred_locales: ['es-ES', 'en'] });
    expect(await lang(portal.url, 'en-US')).toBe('es');
    const invoice = await (await fetch(invoiceUrl, { headers: { 'accept-language': 'en' } })).text();
    expect(invoice).toMatch(/<h1>Factura [A-Z0-9]+-\d+<\/h1>/);
    expect(invoice).toContain('<strong>Pagada</strong>');
    expect(invoice).toContain('<th scope="row">Total</th><td class="num"><strong>29,00\u00a0€</strong>');
    expect((await fetch(`${h.emulator.url}/billing_portal/bps_nope`, { headers: { 'accept-language': 'es' } }).then((r) => r.text()))).toContain('<h1>No encontrado</h1>');
  });
});

describe("the billing portal in the portal session's language", () => {
  it('shows subscriptions, dates, money, invoice statuses and notices in Spanish, or in English', async () => {
    // A harness of its own, so that no other test has moved the clock: the dates are known.
    const f = await startHarness({ clock: { now: () => START } });
    try {
      const own = await catalogue(f.stripe);
      const session = await f.stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: own.monthly.id, quantity: 1 }],
        success_url: 'https://shop.example/ok',
        customer_email: 'ana@example.com',
      });
      expect(f.emulator.payCheckoutSession(session.id, '4242424242424242').ok).toBe(true);
      const sub = await f.stripe.subscriptions.retrieve((await f.stripe.checkout.sessions.retrieve(session.id)).subscription as string);
      const portal = await f.stripe.billingPortal.sessions.create({ customer: sub.customer as string, locale: 'es', return_url: 'https://shop.example/account' });
      const page = await (await fetch(portal.url, { headers: { 'accept-language': 'en' } })).text();
      expect(page).toContain('<html lang="es">');
      expect(page).toContain('<h2>Suscripciones</h2>');
      expect(page).toContain('29,00\u00a0€ / mes');
      // 31 January 2031 plus a month, clamped to the month's end.
      expect(page).toContain('<td>Se renueva el 28 feb 2031</td>');
      expect(page).toContain('<button type="submit" class="secondary">Cancelar suscripción</button>');
      expect(page).toMatch(/<td>31 ene 2031<\/td><td class="num">29,00\u00a0€<\/td><td>Pagada<\/td>/);
      expect(page).toContain('<a href="https://shop.example/account">Volver a Ayuda demo</a>');
      expect(page).not.toMatch(/Cancel subscription|[Rr]enews on|<h2>Subscriptions/);

      const res = await fetch(`${portal.url}/subscriptions/${sub.id}/cancel`, { method: 'POST', redirect: 'manual' });
      expect(res.status).toBe(303);
      const canceled = await (await fetch(new URL(res.headers.get('location') as string, portal.url))).text();
      expect(canceled).toContain('<p role="status">Has cancelado tu suscripción. Seguirá activa hasta el final del periodo actual.</p>');
      expect(canceled).toContain('<td>Finaliza el 28 feb 2031</td>');
      expect(canceled).toContain('<button type="submit" class="secondary">No cancelar</button>');
      const renewed = await fetch(`${portal.url}/subscriptions/${sub.id}/renew`, { method: 'POST', redirect: 'manual' });
      expect(await (await fetch(new URL(renewed.headers.get('location') as string, portal.url))).text()).toContain('<p role="status">Tu suscripción se renovará como siempre.</p>');

      const english = await f.stripe.billingPortal.sessions.create({ customer: sub.customer as string, locale: 'en' });
      const englishPage = await (await fetch(english.url, { headers: { 'accept-language': 'es' } })).text();
      expect(englishPage).toContain('<td>Renews on Feb 28, 2031</td>');
      expect(englishPage).toContain('€29.00 / month');
    } finally {
      await f.close();
    }
  });
});
