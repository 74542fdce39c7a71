import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';

describe.each(testDatabases())('portal case pages on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_PREFIX: 'NF' } });
  });
  afterAll(() => t.dispose());

  const postForm = (path: string, fields: Record<string, string>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    // What a browser sends for a file input left empty.
    form.append('attachments', new File([], ''));
    return t.request(path, { method: 'POST', body: form });
  };

  it('shows an accessible contact form with categories and a hidden honeypot', async () => {
    const res = await t.request('/help/es/contact');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<label for="email">Correo electrónico</label>');
    expect(html).toMatch(/<option value="billing"\s*>Facturación<\/option>/);
    expect(html).toMatch(/<input type="hidden" name="idempotencyKey" value="[0-9a-f-]{36}">/);
    expect(html).toContain('class="hp" aria-hidden="true"');
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
  });

  it('re-renders the form with localized errors next to their fields, keeping what was typed', async () => {
    const res = await postForm('/help/en/contact', { idempotencyKey: 'portal-bad-1', name: 'Ana', email: 'nope', subject: 'Hi', description: 'Something long enough.' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('role="alert">Please check the marked fields.');
    expect(html).toContain('<p class="error" id="email-error">Type a valid email address, such as name@example.com.</p>');
    expect(html).toContain('aria-describedby="email-error"');
    expect(html).toContain('<p class="error" id="subject-error">Type a subject of 3 to 200 characters.</p>');
    expect(html).toContain('value="Ana"');
    expect(html).toContain('Something long enough.</textarea>');
  });

  it('creates the case, shows it behind the tracking link, takes a reply and closes it', async () => {
    const fields = { idempotencyKey: 'portal-ok-1', name: 'Ana', email: 'ana@example.com', subject: 'Sin tono', description: 'El fijo no da tono desde ayer.', category: 'billing' };
    const res = await postForm('/help/es/contact', fields);
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/help\/es\/cases\/[\w-]{32}\?received=1$/);
    // A double submit of the same form page creates nothing new.
    const again = await postForm('/help/es/contact', fields);
    expect(again.headers.get('location')).toBe(location);

    const page = await t.request(location);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toMatch(/Hemos recibido tu consulta\. Su referencia es NF-\d{6}/);
    expect(html).toContain('<dd data-status="new">Recibida</dd>');
    expect(html).toContain('Primera respuesta antes del');
    expect(html).toContain('El fijo no da tono desde ayer.');

    const path = location.split('?')[0]!;
    const reply = await postForm(`${path}/reply`, { body: 'Sigue sin funcionar.' });
    expect(reply.status).toBe(303);
    expect(await (await t.request(path)).text()).toContain('Sigue sin funcionar.');
    const emptyReply = await postForm(`${path}/reply`, { body: ' ' });
    expect(emptyReply.status).toBe(422);
    expect(await emptyReply.text()).toContain('Escribe tu respuesta');
    await postForm(`${path}/close`, {});
    expect(await (await t.request(path)).text()).toContain('Esta consulta está cerrada');
  });

  it('answers a NUL character in the forms with the form and its error, never a 500', async () => {
    const contact = await postForm('/help/en/contact', { idempotencyKey: 'portal-nul-1', name: 'Ana\u0000', email: 'ana@example.com', subject: 'No dial tone', description: 'The phone has no dial tone since yesterday.' });
    expect(contact.status).toBe(422);
    const html = await contact.text();
    expect(html).toContain('<p class="error" id="name-error">Type your name (up to 100 characters).</p>');
    expect(html).toContain('The phone has no dial tone since yesterday.</textarea>');

    const created = await postForm('/help/en/contact', { idempotencyKey: 'portal-nul-2', name: 'Ana', email: 'ana@example.com', subject: 'No dial tone', description: 'The phone has no dial tone since yesterday.' });
    const path = created.headers.get('location')!.split('?')[0]!;
    const reply = await postForm(`${path}/reply`, { body: 'Still\u0000 nothing.' });
    expect(reply.status).toBe(422);
    expect(await reply.text()).toContain('Type your reply (up to 20,000 characters).');
    expect((await postForm('/help/en/cases', { email: 'ana\u0000@example.com' })).status).toBe(422);
    const broken = await t.request('/help/en/cases', { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, body: '' });
    expect(broken.status).toBe(422);
  });

  it('keeps the draft on screen with 503 and Retry-After when the database goes away during a submission', async () => {
    const submit = t.cases.submit;
    t.cases.submit = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    try {
      const res = await postForm('/help/en/contact', { idempotencyKey: 'portal-down-1', name: 'Ana', email: 'ana@example.com', subject: 'No dial tone', description: 'The phone has no dial tone since yesterday.' });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      const html = await res.text();
      expect(html).toContain('We cannot take it right now.');
      expect(html).toContain('The phone has no dial tone since yesterday.</textarea>');
    } finally {
      t.cases.submit = submit;
    }
  });

  it('takes attachments larger than the general body limit on the portal form', async () => {
    const png = new Uint8Array(2 * 1024 * 1024);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const form = new FormData();
    for (const [k, v] of Object.entries({ idempotencyKey: 'portal-big-1', name: 'Ana', email: 'big@example.com', subject: 'Captura grande', description: 'Adjunto una captura de pantalla grande.' })) form.append(k, v);
    form.append('attachments', new File([png], 'captura.png', { type: 'image/png' }));
    const res = await t.request('/help/es/contact', { method: 'POST', body: form });
    expect(res.status).toBe(303);
    // Endpoints without attachments keep the general limit.
    const huge = await t.request('/api/v1/cases/links', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'a@example.com', locale: 'es', pad: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
  });

  it('answers an unknown link with 404 and the form to get links again', async () => {
    const res = await t.request(`/help/en/cases/${'x'.repeat(32)}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Send me the links');
    const sent = await postForm('/help/en/cases', { email: 'ana@example.com' });
    expect(sent.status).toBe(303);
    expect(await (await t.request(sent.headers.get('location')!)).text()).toContain('If there are requests with that email');
    const bad = await postForm('/help/en/cases', { email: 'x' });
    expect(bad.status).toBe(422);
  });

  it('caps "send me my links" per address with a plain message in the page\'s language', async () => {
    for (let i = 0; i < 3; i++) expect((await postForm('/help/es/cases', { email: 'capped@example.com' })).status).toBe(303);
    const over = await postForm('/help/es/cases', { email: 'capped@example.com' });
    expect(over.status).toBe(429);
    expect(await over.text()).toContain('Ya te hemos enviado tus enlaces varias veces');
  });
});
