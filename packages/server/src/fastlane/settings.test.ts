// The fast lane's plans, prices and refund policy changed from the console (`fastlane` settings):
// checked with the file's schema, in effect at once (the offer, checkout, refunds), and synced to
// Stripe by a job: a new plan or price is created there, a price no longer offered is archived,
// and the currency stays the file's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startFastlaneServer } from '../testing/fastlane.js';
import { testDatabases } from '../testing/db.js';

type T = Awaited<ReturnType<typeof startFastlaneServer>>;

const within = async <V>(ms: number, what: string, probe: () => Promise<V | undefined>): Promise<V> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.each(testDatabases())('fast-lane settings on %s', (kind) => {
  let t: T;
  let stripe: Stripe;
  beforeAll(async () => {
    t = await startFastlaneServer(kind);
    stripe = new Stripe(t.emulator.secretKey, t.emulator.stripeOptions);
  });
  afterAll(() => t?.close());

  const settings = (method: string, body?: unknown, ifMatch?: number) =>
    t.staff('/settings/fastlane', { method, ...(body !== undefined ? { json: body } : {}), ...(ifMatch !== undefined ? { headers: { 'If-Match': `"${ifMatch}"` } } : {}) });
  const offer = async (token: string) => (await (await t.api('/api/v1/fastlane/offer?locale=es', { bearer: token })).json()) as { plans: Array<{ key: string; amount: number; name: string }>; refundPolicy: string[] };
  const activeAyudaPrices = async () => (await stripe.prices.list({ limit: 100 })).data.filter((p) => p.metadata?.ayuda === '1' && p.active);

  it('shows the start value (defaults) without the currency, and refuses bad plans field by field', async () => {
    const view = await (await settings('GET')).json();
    expect(view).toMatchObject({ section: 'fastlane', source: 'default', startSource: 'default', version: 0 });
    expect(view.value.plans.map((p: { key: string }) => p.key)).toEqual(['incident', 'monthly', 'yearly']);
    expect(view.value).not.toHaveProperty('currency');

    const base = view.value;
    const bad = await settings(
      'PUT',
      {
        ...base,
        currency: 'usd',
        plans: [
          { key: 'incident', kind: 'incident', amount: 990, name: { es: 'Esta consulta', en: 'This request' } },
          { key: 'incident', kind: 'subscription', amount: 10, name: { es: '', en: 'Twice' } },
          { key: 'Mal Nombre', kind: 'incident', interval: 'month', amount: 500, name: { es: 'x', en: 'x' } },
        ],
      },
      0,
    );
    expect(bad.status).toBe(422);
    const fields = ((await bad.json()).errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body', 'body.plans.1.amount', 'body.plans.1.name.es', 'body.plans.1.interval', 'body.plans.1.key', 'body.plans.2.key', 'body.plans.2.interval']));
    const none = await settings('PUT', { ...base, plans: [] }, 0);
    expect(((await none.json()).errors as Array<{ field: string }>).map((e) => e.field)).toEqual(['body.plans']);
    expect((await (await settings('GET')).json()).version).toBe(0);
  });

  it('changes a price, adds a plan, removes one and turns a refund rule off: the offer shows it at once, Stripe gets new prices and archives the old', async () => {
    const email = `planes-${kind}@example.com`;
    const token = await t.signIn(email);
    // The prices as they were synced at start (the emulator syncs itself when the server starts).
    await t.server.ayuda.fastlane.syncPlans();
    const before = await activeAyudaPrices();
    const oldIncident = before.filter((p) => p.lookup_key?.startsWith('ayuda_incident_990_'));
    const oldYearly = before.filter((p) => p.lookup_key?.startsWith('ayuda_yearly_'));
    expect(oldIncident).toHaveLength(2); // es and en
    expect(oldYearly).toHaveLength(2);

    const policyBefore = (await offer(token)).refundPolicy;
    expect(policyBefore.join(' ')).toMatch(/aún no te hemos respondido/);
    const view = await (await settings('GET')).json();
    const value = {
      ...view.value,
      plans: [
        { key: 'incident', kind: 'incident', amount: 1290, name: { es: 'Esta consulta', en: 'This request' } },
        { key: 'monthly', kind: 'subscription', interval: 'month', amount: 499, name: { es: 'Suscripción mensual', en: 'Monthly subscription' } },
        { key: 'empresa', kind: 'subscription', interval: 'month', amount: 2900, name: { es: 'Plan empresa', en: 'Business plan' } },
      ],
      refunds: { ...view.value.refunds, beforeFirstReply: false },
    };
    const saved = await settings('PUT', value, view.version);
    expect(saved.status, await saved.clone().text()).toBe(200);
    expect(await saved.json()).toMatchObject({ source: 'console', version: view.version + 1 });

    const now = await offer(token);
    expect(now.plans.map((p) => [p.key, p.amount])).toEqual([
      ['incident', 1290],
      ['monthly', 499],
      ['empresa', 2900],
    ]);
    expect(now.refundPolicy).toHaveLength(policyBefore.length - 1);
    expect(now.refundPolicy.join(' ')).not.toMatch(/aún no te hemos respondido/);

    // The job: new prices for the changed and new plans, the old incident and the yearly ones archived.
    const after = await within(5000, 'the sync job', async () => {
      const list = await activeAyudaPrices();
      return list.some((p) => p.lookup_key?.startsWith('ayuda_empresa_2900_')) && !list.some((p) => p.lookup_key?.startsWith('ayuda_yearly_')) ? list : undefined;
    });
    const keys = after.map((p) => p.lookup_key).sort();
    expect(keys).toEqual(['ayuda_empresa_2900_eur_en', 'ayuda_empresa_2900_eur_es', 'ayuda_incident_1290_eur_en', 'ayuda_incident_1290_eur_es', 'ayuda_monthly_499_eur_en', 'ayuda_monthly_499_eur_es']);
    for (const p of [...oldIncident, ...oldYearly]) expect((await stripe.prices.retrieve(p.id)).active).toBe(false);

    // A checkout of the new plan charges the new price.
    const res = await t.api('/api/v1/fastlane/checkout', { json: { locale: 'es', plan: 'empresa' }, bearer: token, headers: { 'Idempotency-Key': `empresa-${kind}` } });
    expect(res.status, await res.clone().text()).toBe(201);
    const items = await stripe.checkout.sessions.listLineItems(((await res.json()) as { sessionId: string }).sessionId);
    expect(items.data[0]!.price!.unit_amount).toBe(2900);
    // A removed plan is refused by name.
    const gone = await t.api('/api/v1/fastlane/checkout', { json: { locale: 'es', plan: 'yearly' }, bearer: token, headers: { 'Idempotency-Key': `yearly-${kind}` } });
    expect(gone.status).toBe(422);

    // Back to the start value: the old prices come back (the archived ones replaced by new ones).
    const reset = await settings('DELETE', undefined, view.version + 1);
    expect(reset.status).toBe(200);
    expect((await offer(token)).plans.map((p) => p.key)).toEqual(['incident', 'monthly', 'yearly']);
    await within(5000, 'the sync job after the reset', async () => {
      const list = await activeAyudaPrices();
      return list.some((p) => p.lookup_key === 'ayuda_yearly_4900_eur_es') && !list.some((p) => p.lookup_key?.startsWith('ayuda_empresa_')) ? true : undefined;
    });
  });

  it("changes a plan's period at the same price and the service's name: Stripe gets a yearly price under the same key, the monthly one is archived, and the product is renamed", async () => {
    await t.server.ayuda.fastlane.syncPlans();
    const [monthly] = (await stripe.prices.list({ lookup_keys: ['ayuda_monthly_499_eur_es'] })).data;
    expect(monthly!.recurring?.interval).toBe('month');
    const view = await (await settings('GET')).json();
    const plans = view.value.plans.map((p: { key: string }) => (p.key === 'monthly' ? { ...p, interval: 'year' } : p));
    const saved = await settings('PUT', { ...view.value, plans, name: { es: 'Atención preferente', en: 'Preferred care' } }, view.version);
    expect(saved.status, await saved.clone().text()).toBe(200);
    const yearly = await within(5000, 'the yearly price', async () => {
      const [p] = (await stripe.prices.list({ lookup_keys: ['ayuda_monthly_499_eur_es'] })).data;
      return p && p.id !== monthly!.id ? p : undefined;
    });
    expect(yearly.recurring?.interval).toBe('year');
    expect(yearly.active).toBe(true);
    expect((await stripe.prices.retrieve(monthly!.id)).active).toBe(false);
    // Every product the fast lane sells now carries the new name (a price that fitted kept its product).
    const [incident] = (await stripe.prices.list({ lookup_keys: ['ayuda_incident_990_eur_es'] })).data;
    await within(5000, 'the renamed product', async () => ((await stripe.products.retrieve(String(incident!.product))).name.startsWith('Atención preferente') ? true : undefined));
    // Checkout of the plan bills yearly.
    const token = await t.signIn(`periodo-${kind}@example.com`);
    const res = await t.api('/api/v1/fastlane/checkout', { json: { locale: 'es', plan: 'monthly' }, bearer: token, headers: { 'Idempotency-Key': `periodo-${kind}` } });
    expect(res.status, await res.clone().text()).toBe(201);
    const items = await stripe.checkout.sessions.listLineItems(((await res.json()) as { sessionId: string }).sessionId);
    expect(items.data[0]!.price!.recurring?.interval).toBe('year');
  });

  it('keeps the terms a payment was made under: a refund rule turned off later still holds for earlier payments, and a receipt shows the tax of its checkout', async () => {
    const e = `terminos-${kind}@example.com`;
    const token = await t.signIn(e);
    const checkout = async (trackingToken: string) => {
      const res = await t.api('/api/v1/fastlane/checkout', { json: { locale: 'es', plan: 'incident', trackingToken }, bearer: token, headers: { 'Idempotency-Key': `terms-${trackingToken}` } });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()) as { sessionId: string; orderId: number };
    };
    const pay = async (sessionId: string) => {
      t.emulator.payCheckoutSession(sessionId, '4242424242424242');
      await t.emulator.webhooks.waitForIdle();
      return (await t.lastMailTo(e))!;
    };
    const early = await checkout((await t.submitCase(e, 'Pagado antes del cambio')).trackingToken);
    expect((await pay(early.sessionId)).text).not.toContain('Incluye');
    // A checkout opened before the change and paid after it.
    const open = await checkout((await t.submitCase(e, 'Abierto antes del cambio')).trackingToken);

    // The admin turns the rule off and adds a tax.
    const view = await (await settings('GET')).json();
    const changed = { ...view.value, refunds: { ...view.value.refunds, beforeFirstReply: false }, tax: { rate: 21, inclusive: true, label: { es: 'IVA', en: 'VAT' } } };
    expect((await settings('PUT', changed, view.version)).status).toBe(200);

    const openReceipt = await pay(open.sessionId);
    expect(openReceipt.template).toBe('fastlane_receipt');
    expect(openReceipt.text, 'the tax of its checkout: none').not.toContain('Incluye IVA');
    const late = await checkout((await t.submitCase(e, 'Pagado después del cambio')).trackingToken);
    expect((await pay(late.sessionId)).text).toContain('Incluye IVA (21 %)');

    // Before any reply: the payments made under the rule are refunded at once, the later one waits for staff.
    const refund = async (orderId: number) => ((await (await t.api(`/api/v1/fastlane/orders/${orderId}/refund`, { json: { reason: 'Ya está resuelto' }, bearer: token })).json()) as { status: string }).status;
    expect(await refund(early.orderId)).toBe('succeeded');
    expect(await refund(open.orderId)).toBe('succeeded');
    expect(await refund(late.orderId)).toBe('pending_approval');
    expect((await settings('DELETE', undefined, view.version + 1)).status).toBe(200);
  });
});
