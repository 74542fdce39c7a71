// The portal's "My requests" without JavaScript: plain form posts, the session cookie, the
// per-session CSRF token and the Origin check, the receipt page, and the stricter limit on
// codes asked for without the captcha.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startFastlaneServer } from '../testing/fastlane.js';
import { testDatabases } from '../testing/db.js';
import { cases } from '../db/schema.js';
import { ACCOUNT_PORTAL_LIMITS } from './account.js';

type T = Awaited<ReturnType<typeof startFastlaneServer>>;

describe.each(testDatabases())('portal: my requests on %s', (kind) => {
  let t: T;
  let n = 0;
  const email = () => `portal${++n}-${kind}@example.com`;
  beforeAll(async () => {
    t = await startFastlaneServer(kind, { AYUDA_TRUST_PROXY: 'true' });
  });
  afterAll(() => t?.close());

  const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    t.api(path, { method: 'POST', body: new URLSearchParams(fields), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, redirect: 'manual' });
  const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)![1]!;

  /** Email, mailed code, code: the session cookie, as a browser without JavaScript gets it. */
  async function signIn(e: string, locale = 'es', ip = `203.0.113.${n}`): Promise<string> {
    const asked = await post(`/help/${locale}/account/login`, { email: e, altcha: '' }, { 'X-Forwarded-For': ip });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain(locale === 'es' ? 'Te hemos enviado un código' : 'We have sent a 6-digit code');
    const code = /\b(\d{6})\b/.exec((await t.lastMailTo(e))!.text)![1]!;
    const verified = await post(`/help/${locale}/account/verify`, { email: e, code });
    expect(verified.status).toBe(303);
    expect(verified.headers.get('location')).toBe(`/help/${locale}/account`);
    const cookie = /ayuda_session=[^;]+/.exec(verified.headers.get('set-cookie') ?? '')![0];
    return cookie;
  }

  it('shows the sign-in form, links My requests from the header, and lists cases open first once signed in', async () => {
    const home = await (await t.api('/help/en/')).text();
    expect(home).toContain('<a class="account-link" href="/help/en/account">My requests</a>');
    const page = await t.api('/help/en/account');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const form = await page.text();
    expect(form).toContain('<label for="email">Email</label>');
    expect(form).toContain('src="/help/assets/account-captcha.js"');
    expect((await t.api('/help/assets/account-captcha.js')).headers.get('content-type')).toContain('text/javascript');

    const e = email();
    const solved = await t.submitCase(e, 'Ya resuelta');
    await t.staff(`/cases/${solved.reference}/status`, { json: { status: 'solved' } });
    t.clock.advance(60_000);
    const open = await t.submitCase(e, 'Sigue abierta');
    const cookie = await signIn(e, 'en');
    const mine = await (await t.api('/help/en/account', { headers: { Cookie: cookie } })).text();
    expect(mine).toContain(`Signed in as ${e}.`);
    expect(mine.indexOf(open.reference)).toBeGreaterThan(0);
    expect(mine.indexOf(open.reference)).toBeLessThan(mine.indexOf(solved.reference));
    expect(mine).toContain(`href="${open.trackingUrl.replace('/help/es/', '/help/es/')}"`);
    expect(mine).toContain('Download my data');
    // The download is a link styled as a (secondary) button; the deletion's submit looks dangerous.
    expect(mine).toMatch(/<a class="button secondary" href="[^"]+" download>Download my data<\/a>/);
    expect(mine).toContain('<button type="submit" class="danger">Delete my data for good</button>');
  });

  it('refuses a wrong code and a bad address with the form again', async () => {
    const e = email();
    await post('/help/es/account/login', { email: e, altcha: '' }, { 'X-Forwarded-For': '203.0.113.2' });
    const wrong = await post('/help/es/account/verify', { email: e, code: '000000' });
    expect([401, 422]).toContain(wrong.status);
    expect(await wrong.text()).toContain('El código no es correcto');
    const bad = await post('/help/es/account/login', { email: 'no-es-un-correo' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('aria-invalid="true"');
  });

  it('accepts a solved captcha, and without one only a few codes per IP and hour', async () => {
    const withCaptcha = await post('/help/es/account/login', { email: email(), altcha: await t.solveCaptcha() }, { 'X-Forwarded-For': '198.51.100.9' });
    expect(withCaptcha.status).toBe(200);
    const forged = await post('/help/es/account/login', { email: email(), altcha: 'bm90IGEgY2FwdGNoYQ==' }, { 'X-Forwarded-For': '198.51.100.9' });
    expect(forged.status).toBe(403);
    for (let i = 0; i < ACCOUNT_PORTAL_LIMITS.codesWithoutCaptchaPerIpPerHour; i++) expect((await post('/help/es/account/login', { email: email() }, { 'X-Forwarded-For': '198.51.100.7' })).status).toBe(200);
    const limited = await post('/help/es/account/login', { email: email() }, { 'X-Forwarded-For': '198.51.100.7' });
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain('Has pedido muchos códigos seguidos');
  });

  it('downloads the export as a ZIP with the session cookie', async () => {
    const e = email();
    await t.submitCase(e, 'Exportar');
    const cookie = await signIn(e);
    const res = await t.api('/help/es/account/export', { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // "PK"
    expect((await t.api('/help/es/account/export', { redirect: 'manual' })).status).toBe(303);
  });

  it('deletes only with the session’s CSRF token, from this site, and the address typed again', async () => {
    const e = email();
    const c = await t.submitCase(e, 'Borrar desde el portal');
    const cookie = await signIn(e);
    const page = await (await t.api('/help/es/account', { headers: { Cookie: cookie } })).text();
    const csrf = csrfOf(page);
    expect((await post('/help/es/account/delete', { confirmEmail: e }, { Cookie: cookie })).status).toBe(403);
    expect((await post('/help/es/account/delete', { confirmEmail: e, csrf }, { Cookie: cookie, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/help/es/account/delete', { confirmEmail: e, csrf }, { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await post('/help/es/account/delete', { confirmEmail: e, csrf: 'x'.repeat(43) }, { Cookie: cookie })).status).toBe(403);
    const wrong = await post('/help/es/account/delete', { confirmEmail: 'otra@example.com', csrf }, { Cookie: cookie });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('El correo no coincide');
    const done = await post('/help/es/account/delete', { confirmEmail: e, csrf }, { Cookie: cookie });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Tus datos se han borrado');
    expect(done.headers.get('set-cookie')).toContain('ayuda_session=;');
    const [row] = await t.database.db.select().from(cases).where(eq(cases.reference, c.reference));
    expect(row!.subject).toBe('[Consulta anonimizada]');
    expect((await t.lastMailTo(e))!.template).toBe('account_deleted');
  });

  it('shows a receipt for a paid order, to its customer only; signs out with the token', async () => {
    const e = email();
    const c = await t.submitCase(e, 'Con recibo');
    const cookie = await signIn(e);
    const bearer = /ayuda_session=(.+)/.exec(cookie)![1]!;
    const { sessionId, orderId } = await (await t.api('/api/v1/fastlane/checkout', { json: { locale: 'es', plan: 'incident', trackingToken: c.trackingToken }, bearer, headers: { 'Idempotency-Key': `k-${Math.random()}` } })).json();
    t.emulator.payCheckoutSession(sessionId, '4242424242424242');
    await t.emulator.webhooks.waitForIdle();
    const page = await (await t.api('/help/es/account', { headers: { Cookie: cookie } })).text();
    expect(page).toContain(`href="/help/es/account/receipts/${orderId}"`);
    const receipt = await t.api(`/help/es/account/receipts/${orderId}`, { headers: { Cookie: cookie } });
    expect(receipt.status).toBe(200);
    const text = (await receipt.text()).replace(/\u00a0/g, ' ');
    expect(text).toContain(`Recibo n.º ${orderId}`);
    expect(text).toContain('9,90 €');
    expect(text).toContain(c.reference);
    // Opened without a session (a link from the widget on another site): sign in, then the receipt.
    const away = await t.api(`/help/es/account/receipts/${orderId}`, { redirect: 'manual' });
    expect(away.status).toBe(303);
    expect(away.headers.get('location')).toBe(`/help/es/account?next=receipts/${orderId}`);
    expect(await (await t.api(away.headers.get('location')!)).text()).toContain(`name="next" value="receipts/${orderId}"`);
    await post('/help/es/account/login', { email: e, next: `receipts/${orderId}` }, { 'X-Forwarded-For': '203.0.113.250' });
    const code = /\b(\d{6})\b/.exec((await t.lastMailTo(e))!.text)![1]!;
    const back = await post('/help/es/account/verify', { email: e, code, next: `receipts/${orderId}` });
    expect(back.headers.get('location')).toBe(`/help/es/account/receipts/${orderId}`);
    await post('/help/es/account/login', { email: e, next: 'https://evil.example/' }, { 'X-Forwarded-For': '203.0.113.251' });
    const again = /\b(\d{6})\b/.exec((await t.lastMailTo(e))!.text)![1]!;
    const elsewhere = await post('/help/es/account/verify', { email: e, code: again, next: 'https://evil.example/' });
    expect(elsewhere.headers.get('location')).toBe('/help/es/account');
    const other = await signIn(email());
    expect((await t.api(`/help/es/account/receipts/${orderId}`, { headers: { Cookie: other } })).status).toBe(404);
    const out = await post('/help/es/account/logout', { csrf: csrfOf(page) }, { Cookie: cookie });
    expect(out.status).toBe(303);
    expect(await (await t.api('/help/es/account', { headers: { Cookie: cookie } })).text()).toContain('Enviarme un código');
  });
});
