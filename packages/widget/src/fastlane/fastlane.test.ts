import { expect } from 'chai';
import '../define/ayuda-fastlane.js';
import type { AyudaFastlane } from './fastlane.js';
import { $, $$, AYUDA, active, cleanup, expectAccessible, fixture, waitFor } from '../test-helpers.js';

// A stand-in server (the component-test server has no payments configured): answers the fast
// lane's API calls and records them. The real server and Stripe emulator are exercised end to
// end in tests/e2e/fastlane.test.ts.
const FAKE = 'http://fastlane.test';
const calls: Array<{ method: string; path: string; headers: Record<string, string>; body: unknown }> = [];
const OFFER = {
  name: 'Soporte prioritario',
  sla: { firstResponse: '1 hora laborable', resolution: '8 horas laborables', standardFirstResponse: '8 horas laborables' },
  plans: [
    { key: 'incident', kind: 'incident', interval: null, name: 'Esta consulta', amount: 990, currency: 'eur', price: '9,90 €' },
    { key: 'monthly', kind: 'subscription', interval: 'month', name: 'Suscripción mensual', amount: 499, currency: 'eur', price: '4,99 €' },
  ],
  refundPolicy: ['Garantía: si no respondemos a tiempo, te devolvemos el importe.'],
  articles: [{ slug: 'como-funciona', title: 'Cómo funciona' }],
  checkout: { embedded: false, publishableKey: null },
};
const realFetch = window.fetch.bind(window);
window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  if (url.origin !== FAKE) return realFetch(input, init);
  const path = url.pathname.replace('/api/v1', '');
  calls.push({ method: init?.method ?? 'GET', path, headers: (init?.headers ?? {}) as Record<string, string>, body: init?.body ? JSON.parse(String(init.body)) : undefined });
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });
  await new Promise((r) => setTimeout(r, 30));
  if (path === '/fastlane/identity') return json(200, { token: 'ayuda_cs_test', expiresAt: '2030-01-01T00:00:00Z', customer: { email: 'ana@example.com', name: 'Ana' } });
  if (path === '/fastlane/offer') return json(200, OFFER);
  if (path === '/fastlane/me') return json(200, { customer: { email: 'ana@example.com', name: 'Ana' }, subscription: null, orders: [] });
  if (path.startsWith('/cases/track/')) return json(200, { reference: 'NF-1', lane: 'standard', status: 'new', firstResponseDue: null, firstRespondedAt: null });
  if (path === '/fastlane/checkout') return json(201, { url: '#ayuda-test-checkout', sessionId: 'cs_test_1', clientSecret: null, orderId: 7 });
  return json(404, { type: 'about:blank', title: 'Not found', status: 404 });
};

const heading = (el: Element) => $(el, 'h2')?.textContent?.trim();

describe('<ayuda-fastlane>', () => {
  afterEach(() => {
    cleanup();
    sessionStorage.clear();
    calls.length = 0;
  });

  it('starts with the captcha and the email, or says it is unavailable; no axe violations', async () => {
    const el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${AYUDA.server}" locale="es"></ayuda-fastlane>`);
    await waitFor(() => el.step === 'signin' || el.step === 'unavailable', 'the first step');
    expect(await waitFor(() => heading(el) === 'Atención más rápida' && heading(el), `heading 'Atención más rápida'`)).to.equal('Atención más rápida');
    const settings = (await (await fetch(`${AYUDA.server}/api/v1/settings`)).json()) as { fastlane: { enabled: boolean } };
    if (settings.fastlane.enabled) {
      await waitFor(() => $(el, 'altcha-widget'), 'the captcha');
      $<HTMLButtonElement>(el, 'button[type=submit]')!.click();
      await waitFor(() => $(el, '#email-error'), 'the email error');
      expect($(el, 'input[type=email]')!.getAttribute('aria-invalid')).to.equal('true');
      expect(active()).to.equal($(el, 'input[type=email]'));
    } else {
      expect($(el, 'p')!.textContent).to.contain('no está disponible');
    }
    await expectAccessible(el, 'fast lane, first step');
  });

  it('signs in with an identity token, shows the offer in plain words, and a double click opens one checkout with one Idempotency-Key', async () => {
    const el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="es" identity-token="header.claims.signature" tracking-token="tok_abcdefghijklmnopqrstuvwxyz"></ayuda-fastlane>`);
    await waitFor(() => heading(el) === 'Soporte prioritario' && $$(el, 'input[type=radio]').length === 2, 'the offer');
    expect(calls[0]).to.deep.include({ path: '/fastlane/identity', method: 'POST' });
    expect($(el, '.root')!.textContent).to.contain('Primera respuesta en 1 hora laborable como máximo.');
    expect($<HTMLInputElement>(el, 'input[type=radio]')!.checked).to.equal(true);
    expect($(el, 'button[type=submit]')!.textContent).to.contain('Pagar 9,90 €');
    await expectAccessible(el, 'the offer');
    const pay = $<HTMLButtonElement>(el, 'button[type=submit]')!;
    pay.click();
    pay.click();
    await waitFor(() => sessionStorage.getItem('ayuda:fastlane:pending'), 'the pending checkout');
    const checkouts = calls.filter((c) => c.path === '/fastlane/checkout');
    expect(checkouts.length).to.equal(1);
    expect(checkouts[0]!.headers['Idempotency-Key']).to.be.a('string');
    expect(checkouts[0]!.body).to.deep.include({ plan: 'incident', trackingToken: 'tok_abcdefghijklmnopqrstuvwxyz', locale: 'es' });
    expect(JSON.parse(sessionStorage.getItem('ayuda:fastlane:pending')!)).to.deep.include({ orderId: 7, kind: 'incident' });
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('opens "My payments" with view="account"', async () => {
    sessionStorage.setItem(`ayuda:fastlane:session:${FAKE}`, JSON.stringify({ token: 'ayuda_cs_test', expiresAt: '2030-01-01T00:00:00Z', email: 'ana@example.com' }));
    const el = fixture<AyudaFastlane>(`<ayuda-fastlane server="${FAKE}" locale="en" view="account"></ayuda-fastlane>`);
    await waitFor(() => heading(el) === 'My payments' && $(el, '.root')!.textContent!.includes('You have not made any payments yet.'), 'my payments');
    expect(calls.some((c) => c.path === '/fastlane/identity')).to.equal(false);
    await expectAccessible(el, 'my payments');
  });
});
