// End to end, in Chromium: the paid path tells the truth (issue 11, point 4). A declined card
// then "cancel and return" says nothing was charged and offers to try again, and the return
// page agrees with the widget once the payment is confirmed; a refund leaves a request in the
// fast lane while a subscription covers it; cancelling and closing ask first, and a
// cancellation at period end can be undone; an error after "Pay" sits next to the button with
// focus; due times read the same in the widget and on the page; the tracking page's request
// gives its email to the sign-in; an answered request is no longer sold a faster first answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe, watchErrors } from '../helpers/browser.js';
import { startFastlaneBrowserTest, type FastlaneTestServer } from '../helpers/fastlane.js';

type T = FastlaneTestServer;

describe('the paid path tells the truth', () => {
  let t: T;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await startFastlaneBrowserTest();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  // A 402 is the declined card itself; a 409 is the conflict a test causes on purpose.
  const watch = (page: Page) => watchErrors(page, { timeout: 15_000, ignore: (m) => /favicon|402|409/.test(m.text() + m.location().url) });
  const trackingPage = (token: string) => `${t.server.url}/help/es/cases/${token}`;
  const codeFor = async (email: string) => /\b(\d{6})\b/.exec((await t.lastMailTo(email))!.text)![1]!;

  /** Pays on the emulator's hosted page, which speaks the checkout session's language (Spanish here). */
  async function payOnEmulator(page: Page, card: string) {
    await page.waitForURL(/\/checkout\/cs_/);
    await page.getByLabel('Número de tarjeta').fill(card);
    await page.getByLabel('Caducidad (MM / AA)').fill('12 / 40');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: /^(Pagar|Suscribirse)/ }).click();
  }

  /** A page of the server's with the customer signed in (the session the widget keeps in sessionStorage). */
  async function signedInPage(email: string, session: string, url: string) {
    const p = await browser.newPage({ locale: 'es-ES' });
    const errors = watch(p);
    await p.goto(url);
    await p.evaluate(
      ({ server, token, email }) => sessionStorage.setItem(`ayuda:fastlane:session:${server}`, JSON.stringify({ token, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), email })),
      { server: t.server.url, token: session, email },
    );
    return { p, errors };
  }

  const openFastlane = (p: Page, options: { trackingToken?: string; view?: string } = {}) =>
    p.evaluate(async (o) => {
      await (window as unknown as { Ayuda: { fastlane(o: object): Promise<void> } }).Ayuda.fastlane(o);
    }, options);

  async function subscribe(email: string, session: string) {
    const res = await t.api('/api/v1/fastlane/checkout', { json: { plan: 'monthly', locale: 'es' }, bearer: session, headers: { 'Idempotency-Key': `sub-${email}` } });
    const { sessionId } = (await res.json()) as { sessionId: string };
    expect((await t.emulator.payCheckoutSession(sessionId, '4242424242424242')).ok).toBe(true);
    await t.emulator.webhooks.waitForIdle();
  }

  it('a declined card, then "cancel and return": nothing charged, try again; paid: the return page agrees with the widget; due time as on the page', { timeout: 90_000 }, async () => {
    const who = 'elena@example.com';
    const session = await t.signIn(who);
    const kase = await t.submitCase(who, 'Router sin luz');
    const { p, errors } = await signedInPage(who, session, trackingPage(kase.trackingToken));
    await p.getByRole('button', { name: 'Atención más rápida' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByRole('button', { name: /^Pagar 9,90/ }).click();
    await payOnEmulator(p, '4000 0000 0000 0002');
    await expect.poll(() => p.getByRole('alert').textContent()).toContain('Tu tarjeta ha sido rechazada.');
    await p.getByRole('link', { name: /^Cancelar y volver/ }).click();

    // Back on the tracking page: the widget asks what happened, and says so.
    await p.waitForURL(trackingPage(kase.trackingToken));
    await expect.poll(() => dialog.getByRole('status').first().textContent(), { timeout: 15_000 }).toContain('no se te ha cobrado nada');
    expect(await dialog.getByText('Confirmando el pago').count()).toBe(0);
    const again = dialog.getByRole('button', { name: /^Intentarlo de nuevo: pagar 9,90/ });
    await again.waitFor();
    expect(await axe(p)).toEqual([]);
    expect(await p.evaluate(() => sessionStorage.getItem('ayuda:fastlane:pending'))).toBeNull();
    expect(((await (await t.api(`/api/v1/cases/track/${kase.trackingToken}`)).json()) as { lane: string }).lane).toBe('standard');

    // Trying again pays; the return page says what the widget says.
    await again.click();
    await payOnEmulator(p, '4242 4242 4242 4242');
    await p.waitForURL(/\/help\/es\/fastlane\/return/);
    const done = p.getByRole('dialog').getByText(/Listo: tu consulta NF-\S+ tiene ahora atención prioritaria/);
    await done.waitFor({ timeout: 20_000 });
    await expect.poll(() => p.locator('main [role=status]').first().textContent()).toContain('Pago confirmado');
    const due = (await p.getByRole('dialog').getByText(/^Te responderemos antes del/).textContent())!.replace(/^Te responderemos antes del (.*)\.$/, '$1');
    expect(due).toMatch(/\d{2}:\d{2} (CES?T|GMT[+-]\d+)$/);

    // The tracking page writes the same due time the same way.
    await p.goto(trackingPage(kase.trackingToken));
    expect(await p.locator('[data-lane]').getAttribute('data-lane')).toBe('fast');
    expect(await p.locator('time').first().textContent()).toBe(due);
    expect(errors).toEqual([]);
    await p.close();
  });

  it('a refunded payment for one request leaves it in the fast lane while a subscription covers it', { timeout: 60_000 }, async () => {
    const who = 'fede@example.com';
    const session = await t.signIn(who);
    const kase = await t.submitCase(who, 'Factura duplicada');
    const res = await t.api('/api/v1/fastlane/checkout', { json: { plan: 'incident', locale: 'es', trackingToken: kase.trackingToken }, bearer: session, headers: { 'Idempotency-Key': 'truth-incident' } });
    const { sessionId } = (await res.json()) as { sessionId: string };
    expect((await t.emulator.payCheckoutSession(sessionId, '4242424242424242')).ok).toBe(true);
    await t.emulator.webhooks.waitForIdle();
    await subscribe(who, session);

    const { p, errors } = await signedInPage(who, session, `${t.server.url}/`);
    await p.waitForFunction(() => 'Ayuda' in window);
    await openFastlane(p, { view: 'account' });
    const dialog = p.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Mis pagos' }).waitFor();
    await dialog.getByRole('button', { name: 'Pedir la devolución' }).click();
    await dialog.getByLabel('¿Por qué pides la devolución?').fill('Ya tengo la suscripción');
    await dialog.getByRole('button', { name: 'Enviar la solicitud' }).click();
    await expect.poll(() => dialog.getByRole('status').first().textContent()).toMatch(/te hemos devuelto 9,90/);
    await t.emulator.webhooks.waitForIdle(); // charge.refunded must not move it either

    await p.goto(trackingPage(kase.trackingToken));
    expect(await p.locator('[data-lane]').getAttribute('data-lane')).toBe('fast');
    expect(errors).toEqual([]);
    await p.close();
  });

  it('cancelling asks first; a cancellation at period end is undone from the widget; closing a request asks first', { timeout: 60_000 }, async () => {
    const who = 'gema@example.com';
    const session = await t.signIn(who);
    await subscribe(who, session);
    const me = async () => ((await (await t.api('/api/v1/fastlane/me', { bearer: session })).json()) as { subscription: { status: string; cancelAtPeriodEnd: boolean } }).subscription;

    const { p, errors } = await signedInPage(who, session, `${t.server.url}/`);
    await p.waitForFunction(() => 'Ayuda' in window);
    await openFastlane(p, { view: 'account' });
    const dialog = p.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Mis pagos' }).waitFor();

    // Asked first; "no" changes nothing and gives focus back.
    await dialog.getByRole('button', { name: 'Cancelar al final del periodo' }).click();
    await dialog.getByText(/Tu suscripción seguirá activa hasta el .+ y no se renovará/).waitFor();
    await expect.poll(() => dialog.getByRole('button', { name: 'Sí, cancelar' }).evaluate((el) => el.matches(':focus'))).toBe(true);
    expect(await axe(p)).toEqual([]);
    await dialog.getByRole('button', { name: 'No, mantenerla' }).click();
    await expect.poll(() => dialog.getByRole('button', { name: 'Cancelar al final del periodo' }).evaluate((el) => el.matches(':focus'))).toBe(true);
    expect(await me()).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });

    // Yes: cancelled at period end; then undone.
    await dialog.getByRole('button', { name: 'Cancelar al final del periodo' }).click();
    await dialog.getByRole('button', { name: 'Sí, cancelar' }).click();
    await expect.poll(() => dialog.getByRole('status').first().textContent()).toMatch(/Cancelada: seguirá activa hasta el/);
    expect(await me()).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    await dialog.getByRole('button', { name: 'Mantener mi suscripción' }).click();
    await expect.poll(() => dialog.getByRole('status').first().textContent()).toMatch(/Hecho: tu suscripción se renovará el/);
    expect(await me()).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
    const subs = [...t.emulator.state.subscriptions.values()].filter((s) => s.status === 'active');
    expect(subs.some((s) => s.cancel_at_period_end)).toBe(false);

    // Cancelling now asks too.
    await dialog.getByRole('button', { name: /^Cancelar ahora/ }).click();
    await dialog.getByText('Tu suscripción termina ahora y te devolvemos la parte no usada. ¿La cancelamos?').waitFor();
    await dialog.getByRole('button', { name: 'Sí, cancelar' }).click();
    await expect.poll(() => dialog.getByRole('status').first().textContent()).toMatch(/^Cancelada\. Te hemos devuelto/);
    expect((await me()).status).toBe('canceled');

    // Closing a request on its page asks first.
    const kase = await t.submitCase(who, 'Ya no hace falta');
    await p.goto(trackingPage(kase.trackingToken));
    expect(await p.getByRole('button', { name: 'Sí, cerrar la consulta' }).isVisible()).toBe(false);
    await p.getByText('Cerrar la consulta', { exact: true }).click();
    await p.getByText(/Al cerrarla ya no podrás responder/).waitFor();
    await p.getByRole('button', { name: 'Sí, cerrar la consulta' }).click();
    await p.waitForURL(trackingPage(kase.trackingToken));
    expect(await p.locator('[data-status]').getAttribute('data-status')).toBe('closed');
    expect(errors).toEqual([]);
    await p.close();
  });

  it('an answered request: the error after "Pay" is next to the button with focus, and no faster first answer is offered', { timeout: 60_000 }, async () => {
    const who = 'hugo@example.com';
    const session = await t.signIn(who);
    const kase = await t.submitCase(who, 'Sin televisión');
    const { p, errors } = await signedInPage(who, session, trackingPage(kase.trackingToken));
    await p.getByRole('button', { name: 'Atención más rápida' }).click();
    const dialog = p.getByRole('dialog');
    const pay = dialog.getByRole('button', { name: /^Pagar 9,90/ });
    await pay.waitFor();

    // An agent answers while the offer is on screen.
    expect((await t.staff(`/cases/${kase.reference}/messages`, { json: { body: 'Ya lo estamos mirando.' } })).ok).toBe(true);
    await pay.click();
    const error = dialog.locator('#pay-error');
    await expect.poll(() => error.textContent()).toContain('Ya hemos respondido a esta consulta');
    await expect.poll(() => error.evaluate((el) => el.matches(':focus'))).toBe(true);
    // Next to the button, and the button says so to assistive technology.
    expect(await dialog.getByRole('button', { name: /^Pagar/ }).getAttribute('aria-describedby')).toBe('pay-error');
    expect(await dialog.getByRole('radio', { name: /9,90/ }).count()).toBe(0);
    expect(await axe(p)).toEqual([]);

    // The tracking page no longer offers it, nor does the widget opened for that request.
    await p.goto(trackingPage(kase.trackingToken));
    expect(await p.getByRole('button', { name: 'Atención más rápida' }).count()).toBe(0);
    await p.goto(`${t.server.url}/`);
    await p.waitForFunction(() => 'Ayuda' in window);
    await openFastlane(p, { trackingToken: kase.trackingToken });
    await dialog.getByRole('heading', { name: 'Soporte prioritario' }).waitFor();
    await dialog.getByText('Ya hemos respondido a esta consulta: pagar no te traería antes la primera respuesta.').waitFor();
    expect(await dialog.getByRole('radio').count()).toBe(2);
    expect(await dialog.getByRole('radio', { name: /9,90/ }).count()).toBe(0);
    expect(errors).toEqual([]);
    await p.close();
  });

  it('from a tracking page the sign-in uses the request’s email: captcha and mailed code, no email asked', { timeout: 60_000 }, async () => {
    const who = 'irene@example.com';
    const kase = await t.submitCase(who, 'Cambio de titular');
    const p = await browser.newPage({ locale: 'es-ES' });
    const errors = watch(p);
    await p.goto(trackingPage(kase.trackingToken));
    await p.getByRole('button', { name: 'Atención más rápida' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByText('Te enviaremos un código al correo de esta consulta.').waitFor();
    expect(await dialog.getByLabel('Tu correo electrónico').count()).toBe(0);
    const checkbox = dialog.getByRole('checkbox');
    await checkbox.waitFor();
    expect(await axe(p)).toEqual([]);

    // The captcha still applies.
    await dialog.getByRole('button', { name: 'Enviarme un código' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('No soy un robot');
    await checkbox.focus();
    await p.keyboard.press('Space');
    await expect.poll(() => checkbox.isChecked(), { timeout: 20_000 }).toBe(true);
    await dialog.getByRole('button', { name: 'Enviarme un código' }).click();
    const code = dialog.getByLabel('Código de seis cifras');
    await code.waitFor();
    await expect.poll(() => dialog.getByRole('status').first().textContent()).toContain('i•••@example.com');
    await code.fill(await codeFor(who));
    await dialog.getByRole('button', { name: 'Continuar' }).click();
    await dialog.getByRole('heading', { name: 'Soporte prioritario' }).waitFor();
    await dialog.getByText(`Identificado como ${who}`).waitFor();
    expect(await dialog.getByRole('radio', { name: /9,90/ }).isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await p.close();
  });
});
