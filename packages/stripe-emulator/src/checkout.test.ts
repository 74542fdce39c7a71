import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CARDS } from './cards.js';
import { catalogue, DAY, startHarness, submitCheckoutForm, type Harness } from './test-support.js';

let h: Harness;
let prices: Awaited<ReturnType<typeof catalogue>>;
beforeAll(async () => {
  h = await startHarness();
  prices = await catalogue(h.stripe);
});
afterAll(() => h.close());

const paymentSession = (extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
  h.stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price: prices.incident.id, quantity: 1 }],
    success_url: 'https://shop.example/paid?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://shop.example/cancelled',
    customer_email: 'ana@example.com',
    client_reference_id: 'case_123',
    metadata: { ayuda_case: 'case_123' },
    payment_intent_data: { metadata: { ayuda_case: 'case_123' } },
    ...extra,
  });

describe('checkout sessions through the API', () => {
  it('creates a hosted payment session shaped like Stripe', async () => {
    const s = await paymentSession();
    expect(s.id).toMatch(/^cs_test_/);
    expect(s).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 1500,
      currency: 'eur',
      client_reference_id: 'case_123',
      metadata: { ayuda_case: 'case_123' },
      ui_mode: 'hosted_page',
      payment_intent: null,
      livemode: false,
      client_secret: null,
    });
    expect(s.url).toBe(`${h.emulator.url}/checkout/${s.id}`);
    expect(s.expires_at - s.created).toBe(DAY);
    const items = await h.stripe.checkout.sessions.listLineItems(s.id);
    expect(items.data).toHaveLength(1);
    expect(items.data[0]).toMatchObject({ object: 'item', quantity: 1, amount_total: 1500, price: { id: prices.incident.id } });
    const withItems = await h.stripe.checkout.sessions.retrieve(s.id, { expand: ['line_items'] });
    expect(withItems.line_items?.data[0]?.price?.id).toBe(prices.incident.id);
  });

  it('creates an embedded session with a client secret and a return URL', async () => {
    const s = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      ui_mode: 'embedded_page',
      line_items: [{ price: prices.monthly.id, quantity: 1 }],
      return_url: 'https://shop.example/return?session={CHECKOUT_SESSION_ID}',
      subscription_data: { metadata: { ayuda_customer: 'c1' } },
    });
    expect(s.client_secret).toMatch(new RegExp(`^${s.id}_secret_`));
    expect(s).toMatchObject({ ui_mode: 'embedded_page', url: null, return_url: 'https://shop.example/return?session={CHECKOUT_SESSION_ID}' });
  });

  it('rejects what Stripe rejects', async () => {
    await expect(paymentSession({ line_items: [{ price: prices.monthly.id, quantity: 1 }] })).rejects.toMatchObject({ statusCode: 400, param: 'line_items[0][price]' });
    await expect(paymentSession({ ui_mode: 'embedded' as Stripe.Checkout.SessionCreateParams.UiMode })).rejects.toMatchObject({ statusCode: 400, param: 'ui_mode', message: expect.stringContaining('embedded_page') });
    await expect(paymentSession({ expires_at: Math.floor(h.emulator.now().getTime() / 1000) + 60 })).rejects.toMatchObject({ param: 'expires_at' });
    await expect(paymentSession({ customer: 'cus_missing', customer_email: undefined })).rejects.toMatchObject({ statusCode: 404, param: 'customer' });
    await expect(paymentSession({ success_url: undefined })).rejects.toMatchObject({ code: 'parameter_missing', param: 'success_url' });
    await expect(paymentSession({ subscription_data: { metadata: { a: 'b' } } })).rejects.toMatchObject({ param: 'subscription_data' });
  });

  it('expires an open session on request and refuses to expire it twice', async () => {
    const s = await paymentSession();
    const expired = await h.stripe.checkout.sessions.expire(s.id);
    expect(expired).toMatchObject({ status: 'expired', url: null });
    await expect(h.stripe.checkout.sessions.expire(s.id)).rejects.toMatchObject({ statusCode: 400 });
    const page = await fetch(s.url as string);
    expect(page.status).toBe(410);
    expect(h.emulator.events('checkout.session.expired').some((e) => (e.data.object as { id: string }).id === s.id)).toBe(true);
  });

  it('expires sessions past expires_at when the test clock moves', async () => {
    // A frozen base clock: on the system clock a second can pass between reading `now` and
    // moving the clock, and the session would expire one step early (seen on a slow CI run).
    const frozen = new Date('2026-03-02T10:00:00Z');
    const f = await startHarness({ clock: { now: () => frozen } });
    try {
      const own = await catalogue(f.stripe);
      const now = Math.floor(frozen.getTime() / 1000);
      const s = await f.stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [{ price: own.incident.id, quantity: 1 }],
        success_url: 'https://shop.example/paid',
        expires_at: now + 3600,
      });
      const events = f.emulator.advanceClock(3599);
      expect(events.some((e) => e.type === 'checkout.session.expired' && (e.data.object as { id: string }).id === s.id)).toBe(false);
      const more = f.emulator.advanceClock(1);
      const expiredEvent = more.find((e) => e.type === 'checkout.session.expired' && (e.data.object as { id: string }).id === s.id);
      expect(expiredEvent).toBeDefined();
      expect((await f.stripe.checkout.sessions.retrieve(s.id)).status).toBe('expired');
      const open = await f.stripe.checkout.sessions.list({ status: 'open', limit: 100 });
      expect(open.data.some((x) => x.id === s.id)).toBe(false);
    } finally {
      await f.close();
    }
  });
});

describe('the hosted checkout page', () => {
  it('is an accessible form with no scripts and no external resources, and a cancel link', async () => {
    const s = await paymentSession();
    const res = await fetch(s.url as string);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<label for="card-number">Card number</label>');
    expect(page).toContain('autocomplete="cc-number"');
    expect(page).toContain('€15.00');
    expect(page).toContain('href="https://shop.example/cancelled"');
    expect(page).not.toMatch(/<script|https?:\/\/(?!shop\.example)[^"]*\.(js|css)/);
  });

  it('4242 pays: PaymentIntent and Charge succeed and the browser goes to success_url', async () => {
    const s = await paymentSession();
    const res = await submitCheckoutForm(s.url as string, { card: '4242 4242 4242 4242' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`https://shop.example/paid?session=${s.id}`);
    const done = await h.stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent.latest_charge'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', customer_details: { email: 'ana@example.com' } });
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount: 1500, amount_received: 1500, metadata: { ayuda_case: 'case_123' } });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({ object: 'charge', status: 'succeeded', paid: true, amount: 1500, amount_refunded: 0, refunded: false });
    expect(charge.payment_method_details?.card?.last4).toBe('4242');
    expect((await h.stripe.paymentIntents.retrieve(pi.id)).id).toBe(pi.id);
    expect((await h.stripe.charges.list({ payment_intent: pi.id })).data.map((c) => c.id)).toEqual([charge.id]);
    expect((await h.stripe.paymentIntents.list({ limit: 100 })).data.some((x) => x.id === pi.id)).toBe(true);
    const again = await fetch(s.url as string);
    expect(await again.text()).toContain('Already paid');
  });

  it.each([
    ['4000 0000 0000 0002', 'card_declined', 'generic_decline', 'Your card was declined.'],
    ['4000 0000 0000 9995', 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.'],
  ])('%s is declined: the page shows the error and nothing is paid', async (card, code, declineCode, message) => {
    const s = await paymentSession();
    const res = await submitCheckoutForm(s.url as string, { card });
    expect(res.status).toBe(402);
    const page = await res.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain(message.replace("'", '&#39;'));
    const after = await h.stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent'] });
    expect(after).toMatchObject({ status: 'open', payment_status: 'unpaid' });
    const pi = after.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.last_payment_error).toMatchObject({ code, decline_code: declineCode });
    // A second try with a good card reuses the PaymentIntent.
    const retry = await submitCheckoutForm(s.url as string, { card: '4242424242424242' });
    expect(retry.status).toBe(303);
    const paid = await h.stripe.checkout.sessions.retrieve(s.id);
    expect(paid).toMatchObject({ status: 'complete', payment_intent: pi.id });
  });

  it('rejects a malformed card number or expiry without charging', async () => {
    const s = await paymentSession();
    const bad = await submitCheckoutForm(s.url as string, { card: '4242 4242 4242 4241' });
    expect(bad.status).toBe(402);
    expect(await bad.text()).toContain('Your card number is incorrect.');
    const badExpiry = await submitCheckoutForm(s.url as string, { card: '4242424242424242', expiry: '13' });
    expect(badExpiry.status).toBe(400);
    expect((await h.stripe.checkout.sessions.retrieve(s.id)).payment_intent).toBeNull();
  });

  it('asks for an email when the session has no customer', async () => {
    const s = await paymentSession({ customer_email: undefined });
    const page = await (await fetch(s.url as string)).text();
    expect(page).toContain('<label for="email">Email</label>');
    const missing = await submitCheckoutForm(s.url as string, { card: '4242424242424242' });
    expect(missing.status).toBe(400);
    const ok = await submitCheckoutForm(s.url as string, { card: '4242424242424242', email: 'new@example.com' });
    expect(ok.status).toBe(303);
    expect((await h.stripe.checkout.sessions.retrieve(s.id)).customer_details?.email).toBe('new@example.com');
  });

  it('an embedded session returns to return_url', async () => {
    const s = await h.stripe.checkout.sessions.create({
      mode: 'payment',
      ui_mode: 'embedded_page',
      line_items: [{ price: prices.incident.id, quantity: 2 }],
      return_url: 'https://shop.example/return?session={CHECKOUT_SESSION_ID}',
      customer_email: 'e@example.com',
    });
    const res = await submitCheckoutForm(`${h.emulator.url}/checkout/${s.id}`, { card: '4242424242424242' });
    expect(res.headers.get('location')).toBe(`https://shop.example/return?session=${s.id}`);
    expect((await h.stripe.checkout.sessions.retrieve(s.id)).amount_total).toBe(3000);
  });
});

describe('the hosted pages in the session\'s language', () => {
  // Intl puts a no-break space between the amount and the euro sign in Spanish.
  const EUR_15_ES = '15,00\u00a0€';

  it("a session with locale 'es' is shown in Spanish, its money as Spanish writes it", async () => {
    const s = await paymentSession({ locale: 'es', customer_email: undefined });
    // The browser's language does not override the session's, as on Stripe.
    const page = await (await fetch(s.url as string, { headers: { 'accept-language': 'en-US,en;q=0.9' } })).text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('<label for="card-number">Número de tarjeta</label>');
    expect(page).toContain('<label for="card-expiry">Caducidad (MM / AA)</label>');
    expect(page).toContain('<label for="email">Correo electrónico</label>');
    expect(page).toContain(`<button type="submit">Pagar ${EUR_15_ES}</button>`);
    expect(page).toContain('<table aria-label="Resumen del pedido">');
    expect(page).toContain('Total a pagar hoy');
    expect(page).toContain('Cancelar y volver a Ayuda demo');
    expect(page).toContain('<strong>Emulador de Stripe</strong>');
    expect(page).not.toMatch(/Card number|Total due today|€15\.00|Cancel and return/);
  });

  it("a session with locale 'en' stays in English whatever the browser's language", async () => {
    const s = await paymentSession({ locale: 'en' });
    const page = await (await fetch(s.url as string, { headers: { 'accept-language': 'es-ES,es;q=0.9' } })).text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<label for="card-number">Card number</label>');
    expect(page).toContain('<button type="submit">Pay €15.00</button>');
    expect(page).toContain('<p>Paying as <strong>ana@example.com</strong></p>');
    expect(page).not.toContain(EUR_15_ES);
  });

  it("'auto' or no locale follows the browser's Accept-Language, then English", async () => {
    const lang = async (locale: 'auto' | undefined, acceptLanguage?: string) => {
      const s = await paymentSession(locale ? { locale } : {});
      const page = await (await fetch(s.url as string, acceptLanguage ? { headers: { 'accept-language': acceptLanguage } } : {})).text();
      return /<html lang="(\w+)">/.exec(page)?.[1];
    };
    expect(await lang('auto', 'es-ES,es;q=0.9,en;q=0.8')).toBe('es');
    expect(await lang(undefined, 'es-419')).toBe('es');
    expect(await lang('auto', 'fr-FR,fr;q=0.9,es;q=0.5,en;q=0.4')).toBe('es');
    expect(await lang('auto', 'de, en;q=0.7, es;q=0.3')).toBe('en');
    expect(await lang(undefined, 'fr, es;q=0')).toBe('en');
    expect(await lang(undefined)).toBe('en');
  });

  it('a recurring price shows its interval in the page\'s language, with plurals', async () => {
    const quarterly = await h.stripe.prices.create({ product: prices.product.id, currency: 'eur', unit_amount: 7500, recurring: { interval: 'month', interval_count: 3 } });
    const subscription = (price: string, locale: 'es' | 'en') =>
      h.stripe.checkout.sessions.create({ mode: 'subscription', locale, line_items: [{ price, quantity: 1 }], success_url: 'https://shop.example/ok', customer_email: 'ana@example.com' });
    const page = async (price: string, locale: 'es' | 'en') => (await fetch((await subscription(price, locale)).url as string)).text();
    const monthlyEs = await page(prices.monthly.id, 'es');
    expect(monthlyEs).toContain('29,00\u00a0€ / mes</td>');
    expect(monthlyEs).toContain('<button type="submit">Suscribirse 29,00\u00a0€</button>');
    expect(await page(quarterly.id, 'es')).toContain('75,00\u00a0€ / 3 meses</td>');
    expect(await page(prices.yearly.id, 'es')).toContain('290,00\u00a0€ / año</td>');
    expect(await page(prices.monthly.id, 'en')).toContain('€29.00 / month</td>');
    expect(await page(quarterly.id, 'en')).toContain('€75.00 / 3 months</td>');
  });

  it('a declined card is explained in Spanish on a Spanish page; the API keeps Stripe\'s English message', async () => {
    const s = await paymentSession({ locale: 'es' });
    const res = await submitCheckoutForm(s.url as string, { card: '4000 0000 0000 0002', name: 'Ana García' });
    expect(res.status).toBe(402);
    const page = await res.text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('<div class="error" id="payment-error" role="alert">Tu tarjeta ha sido rechazada.</div>');
    expect(page).toMatch(/id="card-number"[^>]*aria-describedby="payment-error" aria-invalid="true"/);
    expect(page).toContain('value="Ana García"');
    const after = await h.stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent'] });
    expect((after.payment_intent as Stripe.PaymentIntent).last_payment_error?.message).toBe('Your card was declined.');
    const funds = await submitCheckoutForm(s.url as string, { card: '4000 0000 0000 9995' });
    expect(await funds.text()).toContain('role="alert">Tu tarjeta no tiene fondos suficientes.</div>');
  });

  it('shows the form\'s other errors in Spanish: card number, expiry, CVC, email', async () => {
    const s = await paymentSession({ locale: 'es', customer_email: undefined });
    const alert = async (fields: Parameters<typeof submitCheckoutForm>[1]) => /role="alert">([^<]*)</.exec(await (await submitCheckoutForm(s.url as string, fields)).text())?.[1];
    expect(await alert({ card: '4242 4242 4242 4241', email: 'ana@example.com' })).toBe('El número de tu tarjeta es incorrecto.');
    expect(await alert({ card: '4242424242424242', expiry: '13', email: 'ana@example.com' })).toBe('La fecha de caducidad de tu tarjeta está incompleta.');
    expect(await alert({ card: '4242424242424242', expiry: '13 / 40', email: 'ana@example.com' })).toBe('El mes de caducidad de tu tarjeta no es válido.');
    expect(await alert({ card: '4242424242424242', expiry: '12 / 20', email: 'ana@example.com' })).toBe('El año de caducidad de tu tarjeta no es válido.');
    expect(await alert({ card: '4242424242424242', cvc: '12a', email: 'ana@example.com' })).toBe('El código de seguridad de tu tarjeta no es válido.');
    expect(await alert({ card: '4242424242424242' })).toBe('Introduce tu correo electrónico.');
    expect(await alert({ card: '4242424242424242', email: 'ana@' })).toBe('Introduce un correo electrónico válido.');
    expect(await alert({ card: '4000 0000 0000 0069', email: 'ana@example.com' })).toBe('Tu tarjeta ha caducado.');
    expect(await alert({ card: '4000 0000 0000 0127', email: 'ana@example.com' })).toBe('El código de seguridad de tu tarjeta es incorrecto.');
    expect((await h.stripe.checkout.sessions.retrieve(s.id)).status).toBe('open');
  });

  it('in English, the page says what Stripe\'s API error says, for every declining test card', async () => {
    for (const card of TEST_CARDS.filter((c) => c.behaviour.kind === 'declines')) {
      const s = await paymentSession({ locale: 'en' });
      const page = await (await submitCheckoutForm(s.url as string, { card: card.number })).text();
      const pi = (await h.stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent'] })).payment_intent as Stripe.PaymentIntent;
      const apiMessage = pi.last_payment_error?.message as string;
      expect(apiMessage).toBeTruthy();
      expect(page, card.number).toContain(`role="alert">${apiMessage.replace(/'/g, '&#39;')}</div>`);
    }
  });

  it('expired, already paid and paid-with-nowhere-to-go pages speak the session\'s language', async () => {
    const expired = await paymentSession({ locale: 'es' });
    await h.stripe.checkout.sessions.expire(expired.id);
    const gone = await fetch(expired.url as string, { headers: { 'accept-language': 'en' } });
    expect(gone.status).toBe(410);
    const gonePage = await gone.text();
    expect(gonePage).toContain('<html lang="es">');
    expect(gonePage).toContain('<h1>El pago ha caducado</h1>');
    expect(gonePage).toContain('<a href="https://shop.example/cancelled">Volver</a>');

    const paid = await paymentSession({ locale: 'es' });
    expect((await submitCheckoutForm(paid.url as string, { card: '4242424242424242' })).status).toBe(303);
    const again = await (await fetch(paid.url as string)).text();
    expect(again).toContain('<h1>Ya está pagado</h1>');
    expect(again).toContain(`<a href="https://shop.example/paid?session=${paid.id}">Continuar</a>`);
    // A form posted again after the payment gets the same page, not an error.
    const late = await submitCheckoutForm(paid.url as string, { card: '4242424242424242' });
    expect(late.status).toBe(200);
    expect(await late.text()).toContain('<h1>Ya está pagado</h1>');

    const english = await paymentSession({ locale: 'en' });
    await h.stripe.checkout.sessions.expire(english.id);
    expect(await (await fetch(english.url as string, { headers: { 'accept-language': 'es' } })).text()).toContain('<h1>Checkout expired</h1>');

    const embedded = await h.stripe.checkout.sessions.create({
      mode: 'payment',
      locale: 'es',
      ui_mode: 'embedded_page',
      redirect_on_completion: 'never',
      line_items: [{ price: prices.incident.id, quantity: 1 }],
      customer_email: 'e@example.com',
    });
    const complete = await submitCheckoutForm(`${h.emulator.url}/checkout/${embedded.id}`, { card: '4242424242424242' });
    expect(await complete.text()).toContain('<h1>Pago completado</h1>');
  });

  it('a link to no session is answered in the browser\'s language', async () => {
    const res = await fetch(`${h.emulator.url}/checkout/cs_test_nope`, { headers: { 'accept-language': 'es-ES,es;q=0.9' } });
    expect(res.status).toBe(404);
    const page = await res.text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('<h1>Pago no encontrado</h1>');
    expect(await (await fetch(`${h.emulator.url}/checkout/cs_test_nope`)).text()).toContain('<h1>Checkout not found</h1>');
  });
});

describe('paying programmatically', () => {
  it('POST /_emulator/checkout/:id/pay completes a session or answers a Stripe card error', async () => {
    const s = await paymentSession();
    const post = (card: string) =>
      fetch(`${h.emulator.url}/_emulator/checkout/${s.id}/pay`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.emulator.secretKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ card }),
      });
    const declined = await post('4000000000000002');
    expect(declined.status).toBe(402);
    expect((await declined.json()).error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });
    const paid = await post('4242424242424242');
    expect(paid.status).toBe(200);
    expect(await paid.json()).toMatchObject({ id: s.id, status: 'complete' });
    const unauth = await fetch(`${h.emulator.url}/_emulator/checkout/${s.id}/pay`, { method: 'POST' });
    expect(unauth.status).toBe(401);
  });
});
