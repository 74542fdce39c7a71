// The portal's callback page through a real HTTP server, as a browser without JavaScript sends
// it (a urlencoded form): the form in Spanish and English, per-field errors that keep what was
// typed, the honeypot, a retried post answered once, and the confirmation with the number as
// read and the window in the company's zone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startFastlaneServer } from '../testing/fastlane.js';
import { testDatabases } from '../testing/db.js';
import { callbacks, cases } from '../db/schema.js';
import { LOGIN_DEFAULTS } from '../fastlane/login.js';

type T = Awaited<ReturnType<typeof startFastlaneServer>>;

describe.each(testDatabases())('portal callback page on %s', (kind) => {
  let t: T;
  let n = 0;
  const email = () => `portal-llamada${++n}-${kind}@example.com`;
  beforeAll(async () => {
    t = await startFastlaneServer(kind);
  });
  afterAll(() => t?.close());

  // The server's clock: Monday 23 November 2026, 09:00 UTC, 10:00 in Madrid.
  const fields = (over: Record<string, string> = {}) => ({ idempotencyKey: `portal-key-${Math.random().toString(36).slice(2)}`, name: 'Luis Gómez', email: email(), phone: '612 345 678', date: '2026-11-23', from: '12:00', to: '14:00', case: '', notes: '', website: '', ...over });
  const post = (locale: string, f: Record<string, string>, headers: Record<string, string> = {}) =>
    t.api(`/help/${locale}/callback`, { method: 'POST', body: new URLSearchParams(f).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });
  /** The text of the field's error paragraph, or null. */
  const errorOf = (page: string, id: string) => new RegExp(`<p class="error" id="${id}-error">([^<]*)</p>`).exec(page)?.[1] ?? null;
  const valueOf = (page: string, id: string) => new RegExp(`<input id="${id}" name="${id}"[^>]*value="([^"]*)"`).exec(page)?.[1] ?? null;

  it('shows the form in Spanish and English, with the day prefilled and the zone named', async () => {
    const es = await t.api('/help/es/callback');
    expect(es.status).toBe(200);
    expect(es.headers.get('cache-control')).toBe('no-store');
    const page = await es.text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('<h1>Pide que te llamemos</h1>');
    expect(page).toContain('<form class="case" method="post" action="/help/es/callback" novalidate>');
    expect(page).toContain('<label for="phone">Teléfono</label>');
    expect(page).toContain('Hora de Europe/Madrid');
    expect(valueOf(page, 'date')).toBe('2026-11-23');
    expect(page).toMatch(/<input type="hidden" name="idempotencyKey" value="[\w-]{36}">/);
    expect(page).toContain('<input id="website" name="website" tabindex="-1" autocomplete="off">');
    const en = await (await t.api('/help/en/callback')).text();
    expect(en).toContain('<h1>Ask us to call you</h1>');
    expect(en).toContain('<label for="to">To</label>');
    expect((await t.api('/help/fr/callback')).status).toBe(404);
    // The contact page offers it.
    expect(await (await t.api('/help/es/contact')).text()).toContain('¿Prefieres hablar por teléfono? <a href="/help/es/callback">Pide que te llamemos</a> o <a href="/help/es/appointments">reserva una cita</a>');
    expect(await (await t.api('/help/en/contact')).text()).toContain('<a href="/help/en/callback">Ask us to call you</a>');
  });

  it('shows per-field errors in the page’s language and keeps what was typed', async () => {
    let res = await post('es', fields({ name: '', email: 'no-es-un-correo', phone: '12345', from: '', notes: 'Sobre mi <factura>' }));
    expect(res.status).toBe(422);
    let page = await res.text();
    expect(page).toContain('<div class="alert" role="alert">Revisa los campos marcados.</div>');
    expect(errorOf(page, 'name')).toBe('Escribe tu nombre (hasta 200 caracteres).');
    expect(errorOf(page, 'email')).toBe('Escribe un correo electrónico válido, como nombre@ejemplo.com.');
    expect(errorOf(page, 'from')).toBe('Escribe la hora de inicio, como 10:00.');
    expect(errorOf(page, 'phone')).toBe('Este número no parece válido. Escríbelo completo; si no es de España, con su prefijo (+44…).');
    expect(valueOf(page, 'email')).toBe('no-es-un-correo');
    expect(valueOf(page, 'phone')).toBe('12345');
    expect(page).toContain('>Sobre mi &lt;factura&gt;</textarea>');
    expect(page).toContain('aria-invalid="true" aria-describedby="email-error"');

    // The number, read once the rest is right.
    res = await post('en', fields({ phone: '612 345 678' }));
    expect(res.status).toBe(422);
    page = await res.text();
    expect(errorOf(page, 'phone')).toBe('This number does not look valid. Type it in full, with its country code (+44…).');
    expect(valueOf(page, 'phone')).toBe('612 345 678');

    const windowError = async (over: Record<string, string>) => {
      const r = await post('es', fields(over));
      expect(r.status).toBe(422);
      const p = await r.text();
      return [errorOf(p, 'from'), errorOf(p, 'to'), errorOf(p, 'date')];
    };
    expect(await windowError({ from: '08:00', to: '09:30' })).toEqual(['Esa hora ya ha pasado. Elige una a partir de ahora.', null, null]);
    expect(await windowError({ from: '14:00', to: '12:00' })).toEqual([null, 'La hora de fin debe ser posterior a la de inicio.', null]);
    expect(await windowError({ from: '12:00', to: '12:10' })).toEqual([null, 'Danos al menos 15 minutos a partir de ahora.', null]);
    expect(await windowError({ date: '2027-01-10' })).toEqual([null, 'Elige un día dentro de los próximos 30 días.', null]);
    expect(await windowError({ date: '' })).toEqual([null, null, 'Elige un día.']);
    expect(await windowError({ to: '25:00' })).toEqual([null, 'Escribe la hora de fin, como 12:00.', null]);
    const unknown = await post('es', fields({ case: 'NF-999999' }));
    expect(unknown.status).toBe(422);
    expect(errorOf(await unknown.text(), 'case')).toBe('No encontramos una consulta con esta referencia para tu correo.');
    const bot = await post('es', fields({ website: 'http://spam.example' }));
    expect(bot.status).toBe(422);
    expect(await bot.text()).toContain('<div class="alert" role="alert">Deja este campo vacío.</div>');
    expect(await t.database.db.select().from(callbacks).where(eq(callbacks.name, 'Luis Gómez'))).toEqual([]);
  });

  it('confirms with the number as read and the window in the company’s zone, once however often it is sent', async () => {
    const f = fields({ phone: '0034 612 34 56 78', notes: 'La factura de noviembre' });
    const res = await post('es', f);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<h1>Te llamaremos</h1>');
    expect(page).toContain('Te llamaremos al +34 612 34 56 78 en este horario: lunes, 23 de noviembre de 2026, 12:00–14:00 CET.');
    expect(page).not.toContain('cola prioritaria');
    // Sent again (a reload, a double click): the same confirmation, one request.
    const again = await post('es', f);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('Te llamaremos al +34 612 34 56 78');
    const rows = await t.database.db.select().from(callbacks).where(eq(callbacks.email, f.email));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ phone: '+34612345678', lane: 'standard', notes: 'La factura de noviembre', windowStart: new Date('2026-11-23T11:00:00Z'), windowEnd: new Date('2026-11-23T13:00:00Z') });
    expect((await t.lastMailTo(f.email))!.template).toBe('callback_requested');
  });

  it('takes the fast lane from a signed-in customer’s session cookie, never from the form', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e);
    await t.database.db.update(cases).set({ lane: 'fast' }).where(eq(cases.reference, c.reference));
    // Without the session the same form (and a forged lane) is standard.
    const plain = await post('es', { ...fields({ email: e, case: c.reference.toLowerCase() }), lane: 'fast' });
    expect(plain.status).toBe(200);
    expect(await plain.text()).not.toContain('cola prioritaria');
    const signed = await post('es', fields({ email: e, case: c.reference }), { Cookie: `${LOGIN_DEFAULTS.cookie}=${token}` });
    expect(signed.status).toBe(200);
    expect(await signed.text()).toContain('Tu petición va en la cola prioritaria.');
  });
});
