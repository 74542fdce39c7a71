// The hosted checkout page in a real Chromium: keyboard-free form fill, no JavaScript needed, axe-clean.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTestChromium } from '../../../scripts/chromium.mjs';
import { catalogue, startHarness, type Harness } from './test-support.js';

const CHROMIUM = findTestChromium();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let h: Harness;
let browser: Browser;
let prices: Awaited<ReturnType<typeof catalogue>>;
beforeAll(async () => {
  h = await startHarness();
  prices = await catalogue(h.stripe);
  if (!CHROMIUM) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

// The page is in the session's language; both are checked, each with its own labels.
const LANGUAGES = [
  { locale: 'en', email: 'Email', card: 'Card number', expiry: 'Expiry (MM / YY)', pay: /^Pay €15\.00$/, declined: 'Your card was declined.' },
  { locale: 'es', email: 'Correo electrónico', card: 'Número de tarjeta', expiry: 'Caducidad (MM / AA)', pay: /^Pagar 15,00\s€$/, declined: 'Tu tarjeta ha sido rechazada.' },
] as const;

describe.skipIf(!CHROMIUM)('hosted checkout in Chromium', () => {
  it.each(LANGUAGES)('$locale: has no axe violations, shows a decline, then pays with 4242 and lands on success_url', async (t) => {
    const session = await h.stripe.checkout.sessions.create({
      mode: 'payment',
      locale: t.locale,
      line_items: [{ price: prices.incident.id, quantity: 1 }],
      success_url: `${h.emulator.url}/?paid={CHECKOUT_SESSION_ID}`,
      cancel_url: `${h.emulator.url}/?cancelled=1`,
    });
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(session.url as string);
    expect(await page.getAttribute('html', 'lang')).toBe(t.locale);
    // axe runs through the DevTools protocol, which works with page scripts disabled.
    const axePage = await browser.newPage();
    await axePage.goto(session.url as string);
    await axePage.evaluate(axeSource);
    const violations = await axePage.evaluate(async () => {
      const w = window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: Array<{ id: string }> }> } };
      return (await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } })).violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await axePage.close();

    await page.getByLabel(t.email).fill('ana@example.com');
    await page.getByLabel(t.card).fill('4000 0000 0000 0002');
    await page.getByLabel(t.expiry).fill('12 / 40');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: t.pay }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(t.declined);
    expect(await page.getByLabel(t.email).inputValue()).toBe('ana@example.com');
    // The error names the field it is about.
    expect(await page.getByLabel(t.card).getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel(t.card).fill('4242 4242 4242 4242');
    await page.getByLabel(t.expiry).fill('12 / 40');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: t.pay }).click();
    await page.waitForURL(`${h.emulator.url}/?paid=${session.id}`);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('complete');
    await context.close();
  });
});
