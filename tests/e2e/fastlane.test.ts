// End to end: the fast lane in Chromium against the real server and the Stripe emulator, which
// share one fixed clock. A customer upgrades a request from its tracking page through the
// widget (the real ALTCHA widget solves a low-cost captcha; the sign-in code comes from the
// outbox) and pays on the emulator's hosted page; a declined card changes nothing; a monthly
// subscriber's new request starts in the fast lane; a late first answer is refunded by the
// SLA guarantee and the customer sees it under "My payments".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe, watchErrors } from '../helpers/browser.js';
import { startFastlaneBrowserTest, type FastlaneTestServer } from '../helpers/fastlane.js';

type T = FastlaneTestServer;

describe('the fast lane in the browser', () => {
  let t: T;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await startFastlaneBrowserTest();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  // The emulator's pages have no favicon; a 402 from it is the declined card itself; the 401 is the wrong code tried on purpose.
  const watch = (page: Page) => watchErrors(page, { timeout: 15_000, ignore: (m) => /favicon|402|401/.test(m.text() + m.location().url) });

  const codeFor = async (email: string) => /\b(\d{6})\b/.exec((await t.lastMailTo(email))!.text)![1]!;
  const trackingPage = (token: string) => `${t.server.url}/help/es/cases/${token}`;

  /** Pays on the emulator's hosted page, which speaks the checkout session's language (Spanish here). */
  async function payOnEmulator(page: Page, card: string) {
    await page.waitForURL(/\/checkout\/cs_/);
    // The page names the company (the account's business name), as Stripe's does.
    await page.getByRole('link', { name: 'Cancelar y volver a Nubefibra' }).waitFor();
    await page.getByLabel('Número de tarjeta').fill(card);
    await page.getByLabel('Caducidad (MM / AA)').fill('12 / 40');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: /^(Pagar|Suscribirse)/ }).click();
  }

  let page: Page;
  let errors: string[];
  const email = 'ana@example.com';

  it('(a) upgrades a request from its tracking page: captcha, code, offer, 4242; lane, new due time and receipt', { timeout: 60_000 }, async () => {
    const kase = await t.submitCase(email);
    page = await browser.newPage({ locale: 'es-ES' });
    errors = watch(page);
    await page.goto(trackingPage(kase.trackingToken));
    const before = await page.locator('[data-lane]').getAttribute('data-lane');
    expect(before).toBe('standard');
    const dueBefore = await page.locator('time').first().getAttribute('datetime');

    // The button is rendered hidden and shown by the widget; nothing of the offer is in the page.
    const html = await (await t.api(`/help/es/cases/${kase.trackingToken}`)).text();
    expect(html).toContain('data-ayuda-fastlane');
    expect(html).not.toMatch(/9,90|Soporte prioritario|Suscripci/);
    await page.getByRole('button', { name: 'Atención más rápida' }).click();

    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Atención más rápida' }).waitFor();
    // Opened for the request: its email is not asked again (fastlane-truth.test.ts covers it).
    await dialog.getByText('Te enviaremos un código al correo de esta consulta.').waitFor();
    await dialog.getByRole('checkbox', { name: 'No soy un robot' }).waitFor();
    const checkbox = dialog.getByRole('checkbox'); // its name follows its state
    expect(await axe(page)).toEqual([]);
    // The unticked box can be seen: a border, in light and in dark mode (it once had none).
    const checkboxLook = () => checkbox.evaluate((el) => ({ style: getComputedStyle(el).borderTopStyle, width: parseFloat(getComputedStyle(el).borderTopWidth), scheme: getComputedStyle(el).colorScheme }));
    expect(await checkboxLook()).toEqual({ style: 'solid', width: 1, scheme: 'light' });
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await checkboxLook()).toEqual({ style: 'solid', width: 1, scheme: 'dark' });
    await page.emulateMedia({ colorScheme: 'light' });

    // Sending without the captcha says so.
    await dialog.getByRole('button', { name: 'Enviarme un código' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('No soy un robot');

    // By keyboard, as anyone can.
    await checkbox.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => checkbox.isChecked(), { timeout: 20_000 }).toBe(true);
    await dialog.getByRole('button', { name: 'Enviarme un código' }).click();
    const code = dialog.getByLabel('Código de seis cifras');
    await code.waitFor();
    await expect.poll(() => dialog.getByRole('status').first().textContent()).toContain('a•••@example.com');

    // A wrong code is explained in the customer's language.
    await code.fill('000000');
    await dialog.getByRole('button', { name: 'Continuar' }).click();
    await expect.poll(() => dialog.getByText('Ese código no es correcto').count()).toBe(1);
    expect(await axe(page)).toEqual([]);

    await code.fill(await codeFor(email));
    await dialog.getByRole('button', { name: 'Continuar' }).click();
    await dialog.getByRole('heading', { name: 'Soporte prioritario' }).waitFor();
    await expect.poll(() => dialog.getByText('Primera respuesta en').textContent()).toMatch(/hora/);
    const incident = dialog.getByRole('radio', { name: /9,90/ });
    expect(await incident.isChecked()).toBe(true);
    expect(await dialog.getByRole('radio').count()).toBe(3);
    expect(await axe(page)).toEqual([]);
    expect(await page.evaluate(() => Object.keys(sessionStorage).some((k) => k.startsWith('ayuda:fastlane:session')))).toBe(true);

    // A double click opens one Checkout Session.
    await dialog.getByRole('button', { name: /^Pagar 9,90/ }).dblclick();
    await payOnEmulator(page, '4242 4242 4242 4242');
    expect(t.emulator.events('checkout.session.completed').length).toBe(1);

    // Back on the server's return page, the widget confirms the payment once Stripe's webhook arrived.
    await page.waitForURL(/\/help\/es\/fastlane\/return/);
    await page.getByRole('dialog').getByText(/Listo: tu consulta NF-\S+ tiene ahora atención prioritaria/).waitFor({ timeout: 20_000 });
    expect(await axe(page)).toEqual([]);
    expect(t.emulator.state.checkoutSessions.size).toBe(1);

    await page.goto(trackingPage(kase.trackingToken));
    expect(await page.locator('[data-lane]').getAttribute('data-lane')).toBe('fast');
    expect(await page.locator('[data-lane]').textContent()).toBe('Prioritaria');
    const dueAfter = await page.locator('time').first().getAttribute('datetime');
    expect(new Date(dueAfter!).getTime()).toBeLessThan(new Date(dueBefore!).getTime());
    expect(await page.getByRole('button', { name: 'Atención más rápida' }).count()).toBe(0);

    await t.server.ayuda.mail.drainAll();
    const box = await browser.newPage();
    await box.goto(`${t.server.url}/dev/mailbox`);
    expect(await box.content()).toContain('Recibo: Soporte prioritario · 9,90');
    await box.close();
    expect(errors).toEqual([]);
  });

  /**
   * An incident checkout of `customer`'s new request, started through the API (as from another
   * tab, browser or address of the site), and a fresh browser context to open its return page in.
   */
  async function checkoutElsewhere(customer: string) {
    const kase = await t.submitCase(customer);
    const token = await t.signIn(customer);
    const res = await t.api('/api/v1/fastlane/checkout', { json: { locale: 'es', plan: 'incident', trackingToken: kase.trackingToken }, bearer: token, headers: { 'Idempotency-Key': `elsewhere-${kase.reference}` } });
    const { sessionId } = (await res.json()) as { sessionId: string };
    const context = await browser.newContext({ locale: 'es-ES' });
    const back = await context.newPage();
    return { sessionId, context, back, seen: watch(back), url: `${t.server.url}/help/es/fastlane/return?session_id=${sessionId}`, status: back.locator('main [role=status][data-ayuda-payment]') };
  }

  it('(a2) a return page this browser started no checkout for shows the payment once it is confirmed', { timeout: 30_000 }, async () => {
    // This page has no pending checkout of its own for the widget to confirm, and the webhook
    // comes after the page was served.
    const { sessionId, context, back, seen, url, status } = await checkoutElsewhere('luz@example.com');
    await back.goto(url);
    expect(await status.textContent()).toMatch(/^Estamos confirmando el pago/);
    await back.getByRole('button', { name: 'Ver el estado del pago' }).waitFor();
    expect((await t.emulator.payCheckoutSession(sessionId, '4242424242424242')).ok).toBe(true);
    await t.emulator.webhooks.waitForIdle();
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/^Pago confirmado: ya tienes la atención prioritaria/);
    expect(seen).toEqual([]);
    await context.close();
  });

  it('(a3) that page says the bank is slow after 2 minutes without a confirmation, and stops asking', { timeout: 60_000 }, async () => {
    const { context, back, seen, url, status } = await checkoutElsewhere('leo@example.com');
    // The page's own clock: two minutes pass in a moment; the page's fetches are real.
    await back.clock.install();
    let asked = 0;
    back.on('requestfinished', (r) => r.url().includes('/fastlane/return?') && r.resourceType() === 'fetch' && asked++);
    await back.goto(url);
    await back.getByRole('button', { name: 'Ver el estado del pago' }).waitFor();
    for (let i = 1; i <= 40; i++) {
      await back.clock.runFor(3_000);
      await expect.poll(() => asked).toBe(i);
    }
    await expect.poll(() => status.textContent()).toMatch(/^El banco aún no ha confirmado el pago/);
    await back.clock.runFor(30_000);
    expect(asked).toBe(40);
    expect(seen).toEqual([]);
    await context.close();
  });

  it('(c) a declined card shows a clear message and changes nothing', { timeout: 30_000 }, async () => {
    const kase = await t.submitCase(email, 'El wifi se corta');
    const paidBefore = t.emulator.events('checkout.session.completed').length;
    await page.goto(trackingPage(kase.trackingToken));
    await page.getByRole('button', { name: 'Atención más rápida' }).click();
    const dialog = page.getByRole('dialog');
    // Still signed in (sessionStorage): straight to the offer.
    await dialog.getByRole('button', { name: /^Pagar 9,90/ }).click();
    await payOnEmulator(page, '4000 0000 0000 0002');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Tu tarjeta ha sido rechazada.');
    expect(page.url()).toMatch(/\/checkout\/cs_/);

    const view = (await (await t.api(`/api/v1/cases/track/${kase.trackingToken}`)).json()) as { lane: string };
    expect(view.lane).toBe('standard');
    expect(t.emulator.events('checkout.session.completed').length).toBe(paidBefore);
    await page.goto(trackingPage(kase.trackingToken));
    expect(await page.locator('[data-lane]').getAttribute('data-lane')).toBe('standard');
  });

  it('(b) subscribes monthly; a new request starts in the fast lane; cancels at period end', async () => {
    const sub = 'berta@example.com';
    const session = await t.signIn(sub);
    const res = await t.api('/api/v1/fastlane/checkout', { json: { plan: 'monthly', locale: 'es' }, bearer: session, headers: { 'Idempotency-Key': 'e2e-monthly' } });
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    const p = await browser.newPage({ locale: 'es-ES' });
    watch(p);
    await p.goto(url);
    await payOnEmulator(p, '4242 4242 4242 4242');
    await p.waitForURL(/\/help\/es\//);
    await t.emulator.webhooks.waitForIdle();

    const second = await t.submitCase(sub, 'Otra consulta');
    await p.goto(trackingPage(second.trackingToken));
    expect(await p.locator('[data-lane]').getAttribute('data-lane')).toBe('fast');

    // "My payments" in the widget: cancel at the end of the period.
    await p.evaluate(
      ({ server, token }) => sessionStorage.setItem(`ayuda:fastlane:session:${server}`, JSON.stringify({ token, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), email: 'berta@example.com' })),
      { server: t.server.url, token: session },
    );
    await p.goto(`${t.server.url}/`);
    await p.waitForFunction(() => 'Ayuda' in window);
    await p.evaluate(() => (window as unknown as { Ayuda: { fastlane(): Promise<void> } }).Ayuda.fastlane());
    const dialog = p.getByRole('dialog');
    // Signed in already (sessionStorage): the offer, and "My payments" from it.
    await dialog.getByRole('button', { name: 'Mis pagos' }).click();
    await dialog.getByRole('heading', { name: 'Mis pagos' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancelar al final del periodo' }).click();
    await dialog.getByRole('button', { name: 'Sí, cancelar' }).click();
    await expect.poll(() => dialog.getByRole('status').first().textContent()).toMatch(/Cancelada: seguirá activa hasta el/);
    expect(await axe(p)).toEqual([]);
    const me = (await (await t.api('/api/v1/fastlane/me', { bearer: session })).json()) as { subscription: { status: string; cancelAtPeriodEnd: boolean } };
    expect(me.subscription).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    await p.close();
  });

  it('(d) a late first answer is refunded by the SLA guarantee, and the customer sees it', async () => {
    const who = 'carla@example.com';
    const session = await t.signIn(who);
    const kase = await t.submitCase(who, 'Sin línea');
    const res = await t.api('/api/v1/fastlane/checkout', { json: { plan: 'incident', locale: 'es', trackingToken: kase.trackingToken }, bearer: session, headers: { 'Idempotency-Key': 'e2e-sla' } });
    const { sessionId } = (await res.json()) as { sessionId: string };
    expect((await t.emulator.payCheckoutSession(sessionId, '4242424242424242')).ok).toBe(true);
    await t.emulator.webhooks.waitForIdle();
    const fast = (await (await t.api(`/api/v1/cases/track/${kase.trackingToken}`)).json()) as { lane: string; firstResponseDue: string };
    expect(fast.lane).toBe('fast');

    t.clock.set(new Date(new Date(fast.firstResponseDue).getTime() + 60_000).toISOString());
    expect(await t.server.ayuda.fastlane.applySlaGuarantee()).toBeGreaterThanOrEqual(1);
    expect((await t.lastMailTo(who))!.template).toBe('refund_made');

    const p = await browser.newPage({ locale: 'es-ES' });
    watch(p);
    await p.goto(`${t.server.url}/`);
    await p.evaluate(
      ({ server, token }) => sessionStorage.setItem(`ayuda:fastlane:session:${server}`, JSON.stringify({ token, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), email: 'carla@example.com' })),
      { server: t.server.url, token: session },
    );
    await p.waitForFunction(() => 'Ayuda' in window);
    await p.evaluate(() => (window as unknown as { Ayuda: { fastlane(): Promise<void> } }).Ayuda.fastlane());
    const dialog = p.getByRole('dialog');
    // Signed in already (sessionStorage): the offer, and "My payments" from it.
    await dialog.getByRole('button', { name: 'Mis pagos' }).click();
    await dialog.getByRole('heading', { name: 'Mis pagos' }).waitFor();
    await expect.poll(() => dialog.getByRole('listitem').filter({ hasText: 'Esta consulta' }).textContent()).toMatch(/Devuelto: 9,90/);
    expect(await axe(p)).toEqual([]);
    await p.close();
  });
});
