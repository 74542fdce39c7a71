import { expect } from 'chai';
import '../define/ayuda-fastlane.js';
import type { AyudaFastlane } from './fastlane.js';
import { $, $$, AYUDA, active, cleanup, expectAccessible, fixture, nextEvent, waitFor } from '../test-helpers.js';

// A stand-in server (the component-test server has no payments configured): answers the fast
// lane's API calls and records them; each test can replace an answer in `routes`. Captcha
// challenges come from the real test server, so the real ALTCHA widget solves a real one. The
// real server and Stripe emulator are exercised end to end in tests/e2e/fastlane.test.ts.
const FAKE = 'http://fastlane.test';
const SESSION_KEY = `ayuda:fastlane:session:${FAKE}`;
const PENDING_KEY = 'ayuda:fastlane:pending';

interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown> | undefined;
  signal: AbortSignal | undefined;
}
type Reply = [status: number, body: unknown] | Response | Promise<Response | [number, unknown]>;
const calls: Call[] = [];

const offer = (locale: string) => ({
  name: locale === 'en' ? 'Priority support' : 'Soporte prioritario',
  sla: locale === 'en' ? { firstResponse: '1 business hour', resolution: '8 business hours', standardFirstResponse: '8 business hours' } : { firstResponse: '1 hora laborable', resolution: '8 horas laborables', standardFirstResponse: '8 horas laborables' },
  plans: [
    { key: 'incident', kind: 'incident', interval: null, name: locale === 'en' ? 'This request' : 'Esta consulta', amount: 990, currency: 'eur', price: locale === 'en' ? '€9.90' : '9,90 €' },
    { key: 'monthly', kind: 'subscription', interval: 'month', name: locale === 'en' ? 'Monthly subscription' : 'Suscripción mensual', amount: 499, currency: 'eur', price: locale === 'en' ? '€4.99' : '4,99 €' },
  ],
  refundPolicy: [locale === 'en' ? 'Guarantee: if we answer late, you get your money back.' : 'Garantía: si no respondemos a tiempo, te devolvemos el importe.'],
  articles: [{ slug: 'como-funciona', title: locale === 'en' ? 'How it works' : 'Cómo funciona' }],
  checkout: { embedded: false, publishableKey: null },
});
const CUSTOMER = { email: 'ana@example.com', name: 'Ana' };
const openCase = { reference: 'NF-1', lane: 'standard', status: 'new', firstResponseDue: null, firstRespondedAt: null };
const paidOrder = { id: 7, plan: 'incident', kind: 'incident', status: 'paid', amount: 990, currency: 'eur', amountRefunded: 0, createdAt: '2030-01-10T12:00:00Z', paidAt: '2030-01-10T12:00:00Z', refunds: [] as unknown[] };
const problem = (status: number, title: string): [number, unknown] => [status, { type: 'about:blank', title, status }];

/** The answers of the stand-in server, by "METHOD /path" (a trailing `*` matches any rest). */
const defaults = (): Record<string, (c: Call, url: URL) => Reply> => ({
  'GET /settings': () => [200, { company: 'Nubefibra', captcha: { cases: false }, caseLimits: {}, fastlane: { enabled: true } }],
  'GET /captcha/challenge': (_c, url) => realFetch(`${AYUDA.server}/api/v1/captcha/challenge${url.search}`),
  'POST /fastlane/identity': () => [200, { token: 'ayuda_cs_test', expiresAt: '2030-01-01T00:00:00Z', customer: CUSTOMER }],
  'POST /fastlane/login': () => [200, { sent: true, expiresInMinutes: 10 }],
  'POST /fastlane/verify': (c) => (c.body?.code === '123456' ? [200, { token: 'ayuda_cs_test', expiresAt: '2030-01-01T00:00:00Z', customer: CUSTOMER }] : problem(401, 'Wrong code')),
  'GET /fastlane/offer': (_c, url) => [200, offer(url.searchParams.get('locale') ?? 'es')],
  'GET /fastlane/me': () => [200, { customer: CUSTOMER, subscription: null, orders: [] }],
  'GET /cases/track/*': () => [200, openCase],
  'POST /fastlane/checkout': () => [201, { url: '#ayuda-test-checkout', sessionId: 'cs_test_1', clientSecret: null, orderId: 7 }],
});
let routes = defaults();

const realFetch = window.fetch.bind(window);
window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  if (url.origin !== FAKE) return realFetch(input, init);
  const path = url.pathname.replace('/api/v1', '');
  const method = init?.method ?? 'GET';
  const call: Call = { method, path, headers: (init?.headers ?? {}) as Record<string, string>, body: init?.body ? JSON.parse(String(init.body)) : undefined, signal: init?.signal ?? undefined };
  calls.push(call);
  const abortable = <T>(p: Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const signal = init?.signal;
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      p.then(resolve, reject);
    });
  await abortable(new Promise((r) => setTimeout(r, 30)));
  const key = `${method} ${path}`;
  const route = routes[key] ?? Object.entries(routes).find(([k]) => k.endsWith('*') && key.startsWith(k.slice(0, -1)))?.[1];
  const reply = route ? await abortable(Promise.resolve(route(call, url))) : problem(404, 'Not found');
  if (reply instanceof Response) return reply;
  const [status, body] = reply;
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });
};

const heading = (el: Element) => $(el, 'h2')?.textContent?.trim();
const text = (el: Element) => ($(el, '.root')?.textContent ?? '').replace(/\s+/g, ' ');
const statusText = (el: Element) => $(el, '[role=status]')?.textContent?.trim() ?? '';
const alertText = (el: Element) => $(el, '[role=alert]')?.textContent?.trim() ?? '';
const button = (el: Element, name: string | RegExp) => $$<HTMLButtonElement>(el, 'button').find((b) => (typeof name === 'string' ? b.textContent!.trim() === name : name.test(b.textContent!)));
const signIn = () => sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'ayuda_cs_test', expiresAt: '2030-01-01T00:00:00Z', email: 'ana@example.com' }));
const typeInto = (field: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
};

describe('<ayuda-fastlane>', () => {
  afterEach(() => {
    cleanup();
    sessionStorage.clear();
    calls.length = 0;
    routes = defaults();
  });

  it('starts with the captcha and the email, or says it is unavailable; no axe violations', async () => {
    const el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${AYUDA.server}" locale="es"></ayuda-fastlane>`);
    await waitFor(() => el.step === 'signin' || el.step === 'unavailable', 'the first step');
    expect(await waitFor(() => heading(el) === 'Atención más rápida' && heading(el), `heading 'Atención más rápida'`)).to.equal('Atención más rápida');
    await expectAccessible(el, 'fast lane, first step');
    const settings = (await (await fetch(`${AYUDA.server}/api/v1/settings`)).json()) as { fastlane: { enabled: boolean } };
    if (settings.fastlane.enabled) {
      await waitFor(() => $(el, 'altcha-widget'), 'the captcha');
      $<HTMLButtonElement>(el, 'button[type=submit]')!.click();
      await waitFor(() => $(el, '#email-error'), 'the email error');
      expect($(el, 'input[type=email]')!.getAttribute('aria-invalid')).to.equal('true');
      expect(active()).to.equal($(el, 'input[type=email]'));
    } else {
      expect($(el, 'h2 + p')!.textContent).to.contain('no está disponible');
    }
  });

  it('signs in with the captcha and a mailed code: asks for the tick first, explains a wrong code, then shows the offer', async () => {
    const el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="en"></ayuda-fastlane>`);
    const checkbox = await waitFor(() => $<HTMLInputElement>(el, 'altcha-widget input[type=checkbox]'), 'the captcha checkbox');
    await expectAccessible(el, 'sign-in');
    expect(heading(el)).to.equal('Get faster help');
    const email = $<HTMLInputElement>(el, 'input[type=email]')!;
    expect(email.labels![0]!.textContent).to.equal('Your email address');
    await waitFor(() => active() === email, 'focus on the email');

    // An address that is not one, then no tick: each is said, and nothing is sent.
    typeInto(email, 'ana@');
    button(el, 'Send me a code')!.click();
    await waitFor(() => $(el, '#email-error'), 'the email error');
    expect($(el, '#email-error')!.textContent).to.equal('Enter a valid email address, for example ana@example.com.');
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    typeInto(email, 'ana@example.com');
    button(el, 'Send me a code')!.click();
    await waitFor(() => alertText(el) === 'First tick “I’m not a robot” and wait until it completes.', 'the captcha reminder');
    expect($(el, '#email-error')).to.equal(null);
    expect(calls.some((c) => c.path === '/fastlane/login')).to.equal(false);

    checkbox.click();
    await waitFor(() => checkbox.checked && alertText(el) === '', 'the captcha solved', 12_000);
    button(el, 'Send me a code')!.click();
    const code = await waitFor(() => $<HTMLInputElement>(el, 'input[name=code]'), 'the code step');
    expect(code.labels![0]!.textContent).to.equal('Six-digit code');
    expect(statusText(el)).to.equal('We sent a six-digit code to ana@example.com. It expires in 10 minutes.');
    const login = calls.find((c) => c.path === '/fastlane/login')!;
    expect(login.body).to.deep.include({ email: 'ana@example.com', locale: 'en' });
    expect(login.body!.captcha).to.be.a('string').that.is.not.empty;
    await waitFor(() => active() === code, 'focus on the code');

    code.value = '000000';
    button(el, 'Continue')!.click();
    await waitFor(() => $(el, '#code-error'), 'the wrong-code message');
    expect($(el, '#code-error')!.textContent).to.equal('That code is wrong or has expired. Check the latest email or ask for another.');
    expect(code.getAttribute('aria-invalid')).to.equal('true');
    // In the error colour, as the case form's field errors (#b3261e on a light page).
    expect(getComputedStyle($(el, '#code-error')!).color).to.equal('rgb(179, 38, 30)');
    await waitFor(() => active() === code, 'focus back on the code');
    await expectAccessible(el, 'a wrong code');

    const signedIn = nextEvent<{ email: string; method: string }>(el, 'ayuda-fastlane-signin');
    code.value = '123 456';
    button(el, 'Continue')!.click();
    expect((await signedIn).detail).to.deep.equal({ email: 'ana@example.com', method: 'code' });
    await waitFor(() => heading(el) === 'Priority support' && text(el).includes('A first answer within 1 business hour at most.'), 'the offer');
    // The focus, on the code's form that is gone, is on the offer's heading (not lost to the page).
    await waitFor(() => active() === $(el, 'h2'), 'focus on the offer');
    expect(calls.filter((c) => c.path === '/fastlane/verify').at(-1)!.body).to.deep.include({ email: 'ana@example.com', code: '123456' });
    expect(JSON.parse(sessionStorage.getItem(SESSION_KEY)!)).to.include({ token: 'ayuda_cs_test', email: 'ana@example.com' });
    expect(text(el)).to.contain('Signed in as ana@example.com');
  });

  it('signs in with an identity token, shows the offer in plain words, and a double click opens one checkout with one Idempotency-Key', async () => {
    const el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="es" identity-token="header.claims.signature" tracking-token="tok_abcdefghijklmnopqrstuvwxyz"></ayuda-fastlane>`);
    await waitFor(() => heading(el) === 'Soporte prioritario' && $$(el, 'input[type=radio]').length === 2, 'the offer');
    await expectAccessible(el, 'the offer');
    expect(calls[0]).to.deep.include({ path: '/fastlane/identity', method: 'POST' });
    expect($(el, '.root')!.textContent).to.contain('Primera respuesta en 1 hora laborable como máximo.');
    expect($<HTMLInputElement>(el, 'input[type=radio]')!.checked).to.equal(true);
    expect($(el, 'button[type=submit]')!.textContent).to.contain('Pagar 9,90 €');
    const checkout = nextEvent<{ plan: string; kind: string; trackingToken: string | null }>(el, 'ayuda-fastlane-checkout');
    const pay = $<HTMLButtonElement>(el, 'button[type=submit]')!;
    pay.click();
    pay.click();
    await waitFor(() => sessionStorage.getItem(PENDING_KEY), 'the pending checkout');
    expect((await checkout).detail).to.deep.equal({ plan: 'incident', kind: 'incident', trackingToken: 'tok_abcdefghijklmnopqrstuvwxyz' });
    const checkouts = calls.filter((c) => c.path === '/fastlane/checkout');
    expect(checkouts.length).to.equal(1);
    expect(checkouts[0]!.headers['Idempotency-Key']).to.be.a('string');
    expect(checkouts[0]!.body).to.deep.include({ plan: 'incident', trackingToken: 'tok_abcdefghijklmnopqrstuvwxyz', locale: 'es' });
    expect(JSON.parse(sessionStorage.getItem(PENDING_KEY)!)).to.deep.include({ orderId: 7, kind: 'incident' });
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('shows beside the promised times what the first answer usually took, with and without the fast lane, when the server knows', async () => {
    const times = (fast: number | null, standard: number | null) => (_c: Call, url: URL): Reply => [200, { locale: url.searchParams.get('locale'), windowDays: 30, minimumCases: 5, computedAt: '2030-01-01T00:00:00Z', standard: { medianMinutes: standard }, fast: { medianMinutes: fast, offered: true, name: 'x' } }];
    routes['GET /support/response-times'] = times(20, 180);
    signIn();
    let el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="es"></ayuda-fastlane>`);
    let usual: HTMLElement = await waitFor(() => $<HTMLElement>(el, '[part=usual-reply]'), 'the usual times');
    expect(usual.textContent!.replace(/[\u00a0\u202f]/g, ' ')).to.equal('En los últimos 30 días, con este servicio respondimos normalmente en 20 min. Sin él, normalmente en 3 h.');
    expect(usual.closest('ul')!.textContent).to.contain('Primera respuesta en 1 hora laborable como máximo.');
    await expectAccessible(el, 'the offer with the usual times');
    cleanup();
    routes['GET /support/response-times'] = times(45, null);
    el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="en"></ayuda-fastlane>`);
    usual = await waitFor(() => $<HTMLElement>(el, '[part=usual-reply]'), 'the usual times');
    expect(usual.textContent!.replace(/[\u00a0\u202f]/g, ' ')).to.equal('In the last 30 days, with it we usually replied within 45 mins.');
    cleanup();
    // Too few cases on the fast lane: the promise alone.
    routes['GET /support/response-times'] = times(null, 180);
    el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="en"></ayuda-fastlane>`);
    await waitFor(() => heading(el) === 'Priority support' && text(el).includes('A first answer within 1 business hour'), 'the offer');
    expect($(el, '[part=usual-reply]')).to.equal(null);
  });

  it('offers the plans this customer can buy, reads an article in place, and offers none while a subscription is active', async () => {
    signIn();
    const el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="es" tracking-token="tok_offer"></ayuda-fastlane>`);
    await waitFor(() => $$(el, 'input[type=radio]').length === 2, 'the plans');
    await expectAccessible(el, 'the offer');
    expect(calls.some((c) => c.path === '/fastlane/identity' || c.path === '/fastlane/login')).to.equal(false);
    expect(calls.find((c) => c.path === '/fastlane/offer')!.headers.Authorization).to.equal('Bearer ayuda_cs_test');
    const plans = $$<HTMLLabelElement>(el, '[part=plan]').map((l) => l.innerText.replace(/\s+/g, ' ').trim());
    expect(plans).to.deep.equal(['9,90 € · Esta consulta Solo para tu consulta NF-1', '4,99 € · Suscripción mensual al mes, para todas tus consultas']);
    expect(text(el)).to.contain('Garantía: si no respondemos a tiempo, te devolvemos el importe.');
    $$<HTMLInputElement>(el, 'input[type=radio]')[1]!.click();
    await el.updateComplete;
    expect($(el, 'button[type=submit]')!.textContent!.trim()).to.equal('Pagar 4,99 €');

    // An article for customers, read with the session; Back returns to the offer as it was.
    routes['GET /kb/articles/*'] = () => [200, { slug: 'como-funciona', locale: 'es', title: 'Cómo funciona', html: '<p>Te respondemos antes.</p>' }];
    button(el, 'Cómo funciona')!.click();
    await waitFor(() => heading(el) === 'Cómo funciona' && active() === $(el, 'h2'), 'the article, focused');
    expect(text(el)).to.contain('Te respondemos antes.');
    expect(calls.find((c) => c.path.startsWith('/kb/articles/'))!.headers.Authorization).to.equal('Bearer ayuda_cs_test');
    await expectAccessible(el, 'an article');
    button(el, 'Volver')!.click();
    await waitFor(() => heading(el) === 'Soporte prioritario' && $$(el, 'input[type=radio]').length === 2, 'the offer again');
    expect($$<HTMLInputElement>(el, 'input[type=radio]')[1]!.checked).to.equal(true);
    cleanup();

    routes['GET /fastlane/me'] = () => [200, { customer: CUSTOMER, subscription: { plan: 'monthly', status: 'active', currentPeriodEnd: '2030-02-01T12:00:00Z', cancelAtPeriodEnd: false }, orders: [] }];
    const subscribed = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="es" tracking-token="tok_offer"></ayuda-fastlane>`);
    await waitFor(() => text(subscribed).includes('Ya tienes una suscripción activa'), 'the subscriber’s offer');
    expect($$(subscribed, 'input[type=radio]').length).to.equal(0);
    expect($(subscribed, 'button[type=submit]')).to.equal(null);
  });

  it('cancels the requests of a step when the customer leaves it', async () => {
    signIn();
    let asked!: () => void;
    const articleAsked = new Promise<void>((r) => (asked = r));
    routes['GET /kb/articles/*'] = () => (asked(), new Promise<never>(() => undefined)); // never answers
    const el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="es"></ayuda-fastlane>`);
    await waitFor(() => button(el, 'Cómo funciona'), 'the offer');
    button(el, 'Cómo funciona')!.click();
    await articleAsked;
    const request = calls.find((c) => c.path.startsWith('/kb/articles/'))!;
    expect(request.signal!.aborted).to.equal(false);
    button(el, 'Volver')!.click();
    await waitFor(() => request.signal!.aborted, 'the article request cancelled');
    await waitFor(() => heading(el) === 'Soporte prioritario' && $(el, '.root')!.getAttribute('aria-busy') === 'false', 'the offer, not busy');
    expect(alertText(el)).to.equal('');
  });

  it('confirms a payment on the way back from checkout, and says so when the checkout failed', async () => {
    signIn();
    sessionStorage.setItem(PENDING_KEY, JSON.stringify({ server: FAKE, sessionId: 'cs_test_1', orderId: 7, plan: 'incident', kind: 'incident', trackingToken: 'tok_return', startedAt: Date.now() }));
    let polls = 0;
    routes['GET /cases/track/*'] = () => [200, ++polls < 2 ? openCase : { ...openCase, lane: 'fast', firstResponseDue: '2030-01-10T15:00:00Z', timeZone: 'Europe/Madrid' }];
    // Stripe's checkout completed: the payment is really pending.
    routes['GET /fastlane/orders/*'] = () => [200, { order: 'open', pending: true, charged: true }];
    const el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="en"></ayuda-fastlane>`);
    const done = nextEvent<{ plan: string; kind: string; trackingToken: string | null }>(el, 'ayuda-fastlane-done');
    await waitFor(() => statusText(el) === 'Confirming your payment…', 'confirming');
    await expectAccessible(el, 'confirming');
    expect((await done).detail).to.deep.equal({ plan: 'incident', kind: 'incident', trackingToken: 'tok_return' });
    await waitFor(() => text(el).includes('Done: your request NF-1 now has priority support.'), 'done');
    // In the company's time zone, named, as on the portal's page.
    expect(text(el)).to.match(/We will answer by Thursday,? 10 January 2030(,| at) 16:00 (CET|GMT\+1)\./);
    expect(statusText(el)).to.equal('');
    expect(sessionStorage.getItem(PENDING_KEY)).to.equal(null);
    expect(calls.filter((c) => c.path === '/cases/track/tok_return').length).to.equal(2);
    await expectAccessible(el, 'done');
    cleanup();

    // A subscription whose checkout failed at Stripe: back to the offer, with the reason.
    sessionStorage.setItem(PENDING_KEY, JSON.stringify({ server: FAKE, sessionId: 'cs_test_2', orderId: 8, plan: 'monthly', kind: 'subscription', startedAt: Date.now() }));
    routes['GET /fastlane/me'] = () => [200, { customer: CUSTOMER, subscription: null, orders: [{ ...paidOrder, id: 8, plan: 'monthly', kind: 'subscription', status: 'failed', paidAt: null }] }];
    const failed = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="en"></ayuda-fastlane>`);
    await waitFor(() => statusText(failed) === 'You left the payment without paying: nothing was charged. You can try again whenever you like.', 'nothing charged');
    await waitFor(() => heading(failed) === 'Priority support' && $$(failed, 'input[type=radio]').length === 1, 'the offer');
    expect(text(failed)).to.match(/Try again: pay/);
    expect(text(failed)).not.to.match(/Confirming your payment/);
    expect(sessionStorage.getItem(PENDING_KEY)).to.equal(null);
    cleanup();

    // Left Stripe's page unpaid ("cancel and return"): never "confirming", nothing charged.
    sessionStorage.setItem(PENDING_KEY, JSON.stringify({ server: FAKE, sessionId: 'cs_test_3', orderId: 9, plan: 'monthly', kind: 'subscription', startedAt: Date.now() }));
    routes['GET /fastlane/orders/*'] = () => [200, { order: 'open', pending: false, charged: false }];
    const left = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="en"></ayuda-fastlane>`);
    await waitFor(() => statusText(left).startsWith('You left the payment without paying'), 'nothing charged');
    expect(calls.some((c) => c.path === '/fastlane/orders/9/checkout')).to.equal(true);
    // Said above the offer, where the customer is looking, not under its plans and policy.
    await waitFor(() => $$(left, 'input[type=radio]').length === 1, 'the offer');
    const notice = $(left, '.notice')!;
    expect(notice.compareDocumentPosition($(left, 'h2')!) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
    expect(notice.getBoundingClientRect().bottom).to.be.at.most($(left, 'form')!.getBoundingClientRect().top);
    await expectAccessible(left, 'nothing charged');
  });

  it('opens "My payments" with view="account" and asks for a refund with a reason', async () => {
    signIn();
    let refunded = false;
    routes['GET /fastlane/me'] = () => [200, { customer: CUSTOMER, subscription: null, orders: [refunded ? { ...paidOrder, status: 'refunded', amountRefunded: 990, refunds: [{ id: 1, amount: 990, status: 'succeeded', reason: 'x', createdAt: '2030-01-11T12:00:00Z' }] } : paidOrder] }];
    routes['POST /fastlane/orders/7/refund'] = () => ((refunded = true), [201, { id: 1, status: 'succeeded', amount: 990 }]);
    const el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="en" view="account"></ayuda-fastlane>`);
    await waitFor(() => heading(el) === 'My payments' && $(el, '.orders li'), 'my payments');
    await expectAccessible(el, 'my payments');
    expect(calls.some((c) => c.path === '/fastlane/identity')).to.equal(false);
    const order = () => $(el, '.orders li')!.textContent!.replace(/\s+/g, ' ');
    expect(order()).to.contain('This request · €9.90 · Paid');
    expect(order()).to.contain('Paid on 10 January 2030');

    button(el, 'Ask for a refund')!.click();
    const reason = await waitFor(() => $<HTMLTextAreaElement>(el, 'textarea[name=reason]'), 'the refund form');
    expect(reason.labels![0]!.textContent).to.equal('Why are you asking for a refund?');
    await waitFor(() => active() === reason, 'focus on the reason');
    expect(order()).to.contain('Guarantee: if we answer late, you get your money back.');
    await expectAccessible(el, 'the refund form');

    // Empty, the browser's own check stops it; blank, the component does.
    reason.value = '   ';
    button(el, 'Send the request')!.click();
    await waitFor(() => reason.getAttribute('aria-invalid') === 'true', 'the missing reason marked');
    expect(active()).to.equal(reason);
    expect(calls.some((c) => c.path.endsWith('/refund'))).to.equal(false);

    const refund = nextEvent<{ orderId: number; status: string; amount: number }>(el, 'ayuda-fastlane-refund');
    reason.value = 'You answered after two days.';
    button(el, 'Send the request')!.click();
    expect((await refund).detail).to.deep.equal({ orderId: 7, status: 'succeeded', amount: 990 });
    const sent = calls.find((c) => c.path === '/fastlane/orders/7/refund')!;
    expect(sent.body).to.deep.equal({ reason: 'You answered after two days.' });
    expect(sent.headers.Authorization).to.equal('Bearer ayuda_cs_test');
    await waitFor(() => statusText(el) === 'Done: we refunded €9.90. You will see it in your account in a few days.', 'the refund confirmed');
    await waitFor(() => order().includes('Refunded: €9.90'), 'the refunded payment');
    expect(button(el, 'Ask for a refund')).to.equal(undefined);
    await expectAccessible(el, 'refunded');
  });

  it('cancels a subscription at the end of the period, or at once with the unused part refunded', async () => {
    signIn();
    let cancelAtPeriodEnd = false;
    routes['GET /fastlane/me'] = () => [200, { customer: CUSTOMER, subscription: { plan: 'monthly', status: 'active', currentPeriodEnd: '2030-02-01T12:00:00Z', cancelAtPeriodEnd }, orders: [] }];
    routes['POST /fastlane/subscription/cancel'] = (c) => ((cancelAtPeriodEnd = c.body!.atPeriodEnd === true), [200, { status: 'active', endsAt: '2030-02-01T12:00:00Z', refunded: c.body!.atPeriodEnd ? 0 : 250 }]);
    const el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="en" view="account"></ayuda-fastlane>`);
    await waitFor(() => text(el).includes('Subscription: Monthly subscription'), 'the subscription');
    await expectAccessible(el, 'a subscription');
    expect(text(el)).to.contain('Active. Renews on 1 February 2030.');

    // Asked first: "No" changes nothing.
    button(el, 'Cancel at the end of the period')!.click();
    await waitFor(() => active() === button(el, 'Yes, cancel'), 'focus on the question');
    expect(text(el)).to.contain('Your subscription will stay active until 1 February 2030 and will not renew. Cancel it?');
    await expectAccessible(el, 'the question');
    button(el, 'No, keep it')!.click();
    await waitFor(() => active() === button(el, 'Cancel at the end of the period'), 'focus back');
    expect(calls.some((c) => c.path === '/fastlane/subscription/cancel')).to.equal(false);

    const cancelled = nextEvent<{ atPeriodEnd: boolean; refunded: number }>(el, 'ayuda-fastlane-cancel');
    button(el, 'Cancel at the end of the period')!.click();
    (await waitFor(() => button(el, 'Yes, cancel'), 'the question'))!.click();
    expect((await cancelled).detail).to.deep.equal({ atPeriodEnd: true, refunded: 0 });
    expect(calls.find((c) => c.path === '/fastlane/subscription/cancel')!.body).to.deep.equal({ atPeriodEnd: true });
    await waitFor(() => statusText(el) === 'Cancelled: it stays active until 1 February 2030.', 'the cancellation confirmed');
    await waitFor(() => text(el).includes('Ends on 1 February 2030; it will not renew.'), 'the subscription ending');
    expect(button(el, 'Cancel at the end of the period')).to.equal(undefined);
    expect(button(el, /^Cancel now/)).to.equal(undefined);
    expect(button(el, 'Keep my subscription')).not.to.equal(undefined);
    await expectAccessible(el, 'cancelled');
    cleanup();

    cancelAtPeriodEnd = false;
    const now = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="en" view="account"></ayuda-fastlane>`);
    await waitFor(() => button(now, /^Cancel now/), 'the subscription');
    const atOnce = nextEvent<{ atPeriodEnd: boolean; refunded: number }>(now, 'ayuda-fastlane-cancel');
    button(now, /^Cancel now/)!.click();
    (await waitFor(() => button(now, 'Yes, cancel'), 'the question'))!.click();
    expect((await atOnce).detail).to.deep.equal({ atPeriodEnd: false, refunded: 250 });
    await waitFor(() => statusText(now) === 'Cancelled. We refunded €2.50.', 'the refund of the unused part');
  });

  // ---- My requests (view="requests") ----

  const account = (over: Record<string, unknown> = {}) => ({
    profile: { email: 'ana@example.com', name: 'Ana', locale: 'en', since: '2030-01-01T10:00:00Z' },
    cases: [
      { reference: 'NF-000002', subject: 'Still open', status: 'open', lane: 'fast', createdAt: '2030-01-09T10:00:00Z', updatedAt: '2030-01-09T11:00:00Z', open: true, trackingUrl: `${FAKE}/help/en/cases/tok2`, trackingToken: 'tok2' },
      { reference: 'NF-000001', subject: 'Solved long ago', status: 'solved', lane: 'standard', createdAt: '2030-01-02T10:00:00Z', updatedAt: '2030-01-03T10:00:00Z', open: false, trackingUrl: `${FAKE}/help/en/cases/tok1`, trackingToken: 'tok1' },
    ],
    payments: [{ ...paidOrder, caseReference: 'NF-000002', receiptUrl: `${FAKE}/help/en/account/receipts/7` }],
    subscription: null,
    canDelete: true,
    ...over,
  });

  it('"My requests" signs in with its own words even with payments off, then lists cases open first with payments and receipts; no axe violations', async () => {
    routes['GET /settings'] = () => [200, { company: 'Nubefibra', captcha: { cases: false }, caseLimits: {}, fastlane: { enabled: false } }];
    const el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="es" view="requests"></ayuda-fastlane>`);
    await waitFor(() => el.step === 'signin' && $(el, 'altcha-widget'), 'the sign-in');
    expect(heading(el)).to.equal('Mis solicitudes');
    expect(text(el)).to.contain('Para ver tus consultas, tus pagos y tus recibos');
    await expectAccessible(el, 'my requests, sign-in');
    cleanup();

    signIn();
    routes['GET /account'] = () => [200, account()];
    const list = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="en" view="requests"></ayuda-fastlane>`);
    await waitFor(() => text(list).includes('NF-000002'), 'the cases');
    expect(heading(list)).to.equal('My requests');
    const items = $$(list, 'li[data-case]');
    expect(items.map((li) => li.getAttribute('data-case'))).to.deep.equal(['NF-000002', 'NF-000001']);
    expect(items[0]!.textContent!.replace(/\s+/g, ' ')).to.contain('In progress · Priority support');
    const receipt = $$<HTMLAnchorElement>(list, 'a').find((a) => a.textContent!.includes('Receipt for'))!;
    expect(receipt.href).to.equal(`${FAKE}/help/en/account/receipts/7`);
    expect(receipt.textContent).to.equal('Receipt for This request');
    await expectAccessible(list, 'my requests, the list');

    // Each case links to its private page (the tracking link its mails carry).
    const follow = $$<HTMLAnchorElement>(list, 'li[data-case] a')[0]!;
    expect(follow.href).to.equal(`${FAKE}/help/en/cases/tok2`);
    expect(follow.textContent!.replace(/\s+/g, ' ').trim()).to.equal('View NF-000002 (opens in a new tab)');
  });

  it('downloads the export and deletes only after the address is typed again', async () => {
    signIn();
    routes['GET /account'] = () => [200, account()];
    routes['GET /account/export'] = () => new Response(new Uint8Array([0x50, 0x4b, 3, 4]), { headers: { 'Content-Type': 'application/zip' } });
    routes['POST /account/deletion'] = () => [200, { deleted: true, cases: 2, attachments: 1, paymentsKept: 1 }];
    const el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="en" view="requests"></ayuda-fastlane>`);
    await waitFor(() => button(el, 'Download my data'), 'the download button');
    const exported = nextEvent(el, 'ayuda-account-export');
    button(el, 'Download my data')!.click();
    await exported;
    await waitFor(() => statusText(el) === 'Download ready: check your downloads folder.', 'the download');
    expect(calls.find((c) => c.path === '/account/export')!.headers.Authorization).to.equal('Bearer ayuda_cs_test');

    button(el, 'Delete my data…')!.click();
    const field = await waitFor(() => $<HTMLInputElement>(el, '#confirm-email'), 'the confirmation');
    await waitFor(() => active() === field, 'focus on the confirmation');
    expect(field.labels![0]!.textContent).to.equal('Type your email to confirm');
    await expectAccessible(el, 'the confirmation');
    typeInto(field, 'someone@else.example');
    button(el, 'Delete my data for good')!.click();
    await waitFor(() => $(el, '#confirm-error'), 'the mismatch');
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    expect(calls.some((c) => c.path === '/account/deletion')).to.equal(false);

    const deleted = nextEvent<{ cases: number }>(el, 'ayuda-account-deleted');
    typeInto($<HTMLInputElement>(el, '#confirm-email')!, 'ANA@example.com');
    button(el, 'Delete my data for good')!.click();
    expect((await deleted).detail).to.deep.equal({ cases: 2, attachments: 1, paymentsKept: 1 });
    expect(calls.find((c) => c.path === '/account/deletion')!.body).to.deep.equal({ confirmEmail: 'ana@example.com', locale: 'en' });
    await waitFor(() => heading(el) === 'Your data has been deleted', 'the deleted step');
    expect(text(el)).to.contain('We have anonymised 2 requests and deleted 1 files.');
    expect(sessionStorage.getItem(SESSION_KEY)).to.equal(null);
    await expectAccessible(el, 'deleted');
  });

  it('says to cancel the subscription first while it renews', async () => {
    signIn();
    routes['GET /account'] = () => [200, account({ canDelete: false, subscription: { plan: 'monthly', status: 'active', currentPeriodEnd: '2030-02-01T12:00:00Z', cancelAtPeriodEnd: false } })];
    const el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="es" view="requests"></ayuda-fastlane>`);
    await waitFor(() => text(el).includes('cancélala primero'), 'the explanation');
    expect(button(el, 'Borrar mis datos…')).to.equal(undefined);
    expect(button(el, 'Mis pagos')).not.to.equal(undefined);
  });
});
