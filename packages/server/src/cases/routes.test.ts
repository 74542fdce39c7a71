import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { caseMessages, cases, idempotencyKeys, jobs, mailOutbox } from '../db/schema.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const valid = { name: 'Lucía Pérez', email: 'Lucia@Example.com', subject: 'No tengo Internet', description: 'Desde esta mañana el router parpadea en rojo.', locale: 'es' };

describe.each(testDatabases())('cases API on %s', (kind) => {
  let t: TestApp;
  let staffToken: string;
  let n = 0;
  const key = () => `key-${kind}-${++n}`;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_PREFIX: 'NF', AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000' } });
    staffToken = (await t.staffTokens.create('Marta')).token;
  });
  afterAll(() => t.dispose());

  const submit = (body: unknown, k: string | null = key(), headers: Record<string, string> = {}) =>
    t.request('/api/v1/cases', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(k ? { 'Idempotency-Key': k } : {}), ...headers },
      body: JSON.stringify(body),
    });
  const submitForm = (fields: Record<string, string>, files: Array<{ name: string; bytes: Uint8Array; type?: string }>, k = key()) => {
    const form = new FormData();
    for (const [f, v] of Object.entries(fields)) form.append(f, v);
    for (const f of files) form.append('attachments', new File([f.bytes as Uint8Array<ArrayBuffer>], f.name, { type: f.type ?? 'application/octet-stream' }));
    return t.request('/api/v1/cases', { method: 'POST', headers: { 'Idempotency-Key': k }, body: form });
  };
  const staff = (path: string, init: RequestInit = {}) =>
    t.request(`/api/v1/staff/cases${path}`, { ...init, headers: { Authorization: `Bearer ${staffToken}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });

  it('creates a case with a reference, a private tracking link, due times and a queued mail', async () => {
    const res = await submit(valid);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.reference).toMatch(/^NF-\d{6}$/);
    expect(body).toMatchObject({ status: 'new', lane: 'standard' });
    expect(body.trackingToken).toMatch(/^[\w-]{32}$/);
    expect(body.trackingUrl).toBe(`http://help.test/help/es/cases/${body.trackingToken}`);
    expect(new Date(body.firstResponseDue).getTime()).toBeGreaterThan(new Date(body.createdAt).getTime());
    const mails = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'lucia@example.com')).orderBy(mailOutbox.id);
    expect(mails.at(-1)).toMatchObject({ template: 'case_received', locale: 'es' });
    // Queued in the case's transaction; the worker may already have sent it.
    expect(['pending', 'sent']).toContain(mails.at(-1)!.status);
    expect(mails.at(-1)!.text).toContain(body.trackingUrl);
    expect(mails.at(-1)!.subject).toContain(body.reference);
  });

  it('answers a retry with the same Idempotency-Key with the first result, never a second case', async () => {
    const k = key();
    const first = await (await submit({ ...valid, subject: 'Retry me' }, k)).json();
    const again = await submit({ ...valid, subject: 'Retry me' }, k);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(first);
    const rows = await t.database.db.select().from(cases).where(eq(cases.subject, 'Retry me'));
    expect(rows).toHaveLength(1);
  });

  it('refuses an Idempotency-Key replayed with a different body (422) and a missing key (400)', async () => {
    const k = key();
    await submit(valid, k);
    const other = await submit({ ...valid, subject: 'Something else' }, k);
    expect(other.status).toBe(422);
    expect((await other.json()).type).toBe('https://ayuda.dev/problems/idempotency-key-mismatch');
    const none = await submit(valid, null);
    expect(none.status).toBe(400);
    expect((await none.json()).errors[0].field).toBe('header.Idempotency-Key');
  });

  it.each([
    [{ ...valid, email: 'not-an-email' }, 'body.email'],
    [{ ...valid, name: '' }, 'body.name'],
    [{ ...valid, subject: 'ab' }, 'body.subject'],
    [{ ...valid, description: 'x'.repeat(20_001) }, 'body.description'],
    [{ ...valid, description: 'short' }, 'body.description'],
    [{ ...valid, locale: 'fr' }, 'body.locale'],
    [{ ...valid, category: '<script>' }, 'body.category'],
    [{ name: 'x' }, 'body.email'],
    [{ ...valid, website: 'http://spam.example' }, 'body.website'],
  ].map(([body, field]) => ({ body, field })))('rejects bad input naming $field', async ({ body, field }) => {
    const res = await submit(body);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('accepts a description of exactly 20,000 characters, emoji and right-to-left text', async () => {
    const description = `${'😀 مرحبا '.repeat(2000)}`.slice(0, 20_000);
    const res = await submit({ ...valid, subject: 'Límite 😀 مرحبا', description });
    expect(res.status).toBe(201);
    const { trackingToken } = await res.json();
    const view = await (await t.request(`/api/v1/cases/track/${trackingToken}`)).json();
    expect(view.subject).toBe('Límite 😀 مرحبا');
    expect(view.messages[0].body).toBe(description.trim());
  });

  it('stores HTML and scripts as text and shows them escaped on the portal', async () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const res = await submit({ ...valid, name: evil, subject: `${evil} asunto`, description: `${evil} descripción larga` });
    const { trackingToken } = await res.json();
    const view = await (await t.request(`/api/v1/cases/track/${trackingToken}`)).json();
    expect(view.messages[0].body).toBe(`${evil} descripción larga`);
    const page = await (await t.request(`/help/es/cases/${trackingToken}`)).text();
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('takes attachments checked by content: images, PDF, text; refuses lies, executables, too many and too big', async () => {
    const ok = await submitForm({ ...valid, subject: 'With files' }, [
      { name: 'captura.png', bytes: PNG, type: 'image/png' },
      { name: 'notas.txt', bytes: new TextEncoder().encode('hola ñandú'), type: 'text/plain' },
    ]);
    expect(ok.status).toBe(201);
    const { trackingToken } = await ok.json();
    const view = await (await t.request(`/api/v1/cases/track/${trackingToken}`)).json();
    const files = view.messages[0].attachments;
    expect(files.map((f: { filename: string; contentType: string }) => [f.filename, f.contentType])).toEqual([
      ['captura.png', 'image/png'],
      ['notas.txt', 'text/plain'],
    ]);
    const dl = await t.request(files[0].url);
    expect(dl.headers.get('content-type')).toBe('image/png');
    expect(dl.headers.get('content-disposition')).toContain('attachment');
    expect(new Uint8Array(await dl.arrayBuffer())).toEqual(PNG);

    const exe = await submitForm(valid, [{ name: 'factura.pdf', bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]), type: 'application/pdf' }]);
    expect(exe.status).toBe(422);
    expect((await exe.json()).errors[0].field).toBe('body.attachments.0');
    const html = await submitForm(valid, [{ name: 'x.png', bytes: new TextEncoder().encode('<html>\u0001</html>'), type: 'image/png' }]);
    expect(html.status).toBe(422);
    const six = await submitForm(valid, Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, bytes: PNG })));
    expect(six.status).toBe(422);
    expect((await six.json()).errors[0].message).toMatch(/at most 5/);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PNG);
    const tooBig = await submitForm(valid, [{ name: 'big.png', bytes: big }]);
    expect(tooBig.status).toBe(422);
    expect((await tooBig.json()).errors[0].message).toMatch(/10 MB/);
  });

  it('answers 404 without detail for forged, malformed and unknown tracking tokens', async () => {
    for (const token of ['A'.repeat(32), 'short', "<script>'", 'a'.repeat(500)]) {
      const res = await t.request(`/api/v1/cases/track/${encodeURIComponent(token)}`);
      expect([400, 404]).toContain(res.status);
      const body = await res.json();
      expect(JSON.stringify(body)).not.toMatch(/NF-|Lucía/);
    }
  });

  it('lets the customer reply with files and close; a closed case refuses replies', async () => {
    const { trackingToken } = await (await submit({ ...valid, subject: 'Reply flow' })).json();
    const form = new FormData();
    form.append('body', 'Adjunto una foto.');
    form.append('attachments', new File([PNG], 'foto.png'));
    const reply = await t.request(`/api/v1/cases/track/${trackingToken}/messages`, { method: 'POST', body: form });
    expect(reply.status).toBe(201);
    const view = await reply.json();
    expect(view.messages).toHaveLength(2);
    expect(view.messages[1]).toMatchObject({ author: 'customer', body: 'Adjunto una foto.' });
    expect(view.messages[1].attachments[0].filename).toBe('foto.png');
    const closed = await (await t.request(`/api/v1/cases/track/${trackingToken}/close`, { method: 'POST' })).json();
    expect(closed).toMatchObject({ status: 'closed', canReply: false });
    const late = await t.request(`/api/v1/cases/track/${trackingToken}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'hola' }) });
    expect(late.status).toBe(409);
    const empty = await t.request(`/api/v1/cases/track/${trackingToken}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: '   ' }) });
    expect(empty.status).toBe(422);
  });

  it('gives staff a queue, replies and notes, status and assignment, with history and mail', async () => {
    const created = await (await submit({ ...valid, email: 'queue@example.com', subject: 'Staff flow' })).json();
    const queue = await (await staff('')).json();
    expect(queue.cases.map((c: { reference: string }) => c.reference)).toContain(created.reference);
    const note = await staff(`/${created.reference}/messages`, { method: 'POST', body: JSON.stringify({ body: 'Cliente VIP, revisar la línea.', internal: true }) });
    expect(note.status).toBe(201);
    const replied = await (await staff(`/${created.reference}/messages`, { method: 'POST', body: JSON.stringify({ body: 'Hemos reiniciado tu puerto. ¿Funciona?' }) })).json();
    expect(replied.status).toBe('pending_customer');
    expect(replied.firstRespondedAt).not.toBeNull();
    expect(replied.messages.map((m: { internal: boolean }) => m.internal)).toEqual([false, true, false]);
    const customerView = await (await t.request(`/api/v1/cases/track/${created.trackingToken}`)).json();
    expect(customerView.messages.map((m: { body: string }) => m.body)).not.toContain('Cliente VIP, revisar la línea.');
    expect(customerView.status).toBe('pending_customer');
    const mails = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'queue@example.com')).orderBy(mailOutbox.id);
    expect(mails.map((m) => m.template)).toEqual(['case_received', 'agent_replied']);
    expect(mails[1]!.text).toContain(created.trackingUrl);
    expect(mails[1]!.text).toContain('Hemos reiniciado tu puerto');

    // The customer answers: the case is open again and the SLA pause ends.
    await t.request(`/api/v1/cases/track/${created.trackingToken}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'Sigue igual.' }) });
    const assigned = await (await staff(`/${created.reference}/assignee`, { method: 'POST', body: JSON.stringify({ assignee: 'Marta' }) })).json();
    expect(assigned).toMatchObject({ status: 'open', assignee: 'Marta' });
    const solved = await (await staff(`/${created.reference}/status`, { method: 'POST', body: JSON.stringify({ status: 'solved' }) })).json();
    expect(solved.status).toBe('solved');
    expect(solved.events.map((e: { type: string }) => e.type)).toEqual(['created', 'note_added', 'staff_replied', 'status_changed', 'customer_replied', 'status_changed', 'assigned', 'status_changed']);
    const solvedMails = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'queue@example.com')).orderBy(mailOutbox.id);
    expect(solvedMails.at(-1)!.template).toBe('case_solved');

    // A reply within the reopen window reopens it.
    const reopened = await (await t.request(`/api/v1/cases/track/${created.trackingToken}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'Ha vuelto a fallar.' }) })).json();
    expect(reopened.status).toBe('open');
    // After the window, a solved case takes no replies.
    await staff(`/${created.reference}/status`, { method: 'POST', body: JSON.stringify({ status: 'solved' }) });
    t.clock.advance(8 * 86_400_000);
    const late = await t.request(`/api/v1/cases/track/${created.trackingToken}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'Otra vez.' }) });
    expect(late.status).toBe(409);
    // Housekeeping (a job queued for this minute, run by one worker) then closes it, with the
    // reason in its history.
    await t.scheduleHousekeeping();
    await t.jobs.idle();
    await t.jobs.drainAll();
    const queued = await t.database.db.select().from(jobs).where(eq(jobs.kind, 'cases.close_stale'));
    expect(queued.map((j) => j.status)).toContain('done');
    const closed = await (await staff(`/${created.reference}`)).json();
    expect(closed.status).toBe('closed');
    expect(closed.events.at(-1)).toMatchObject({ type: 'status_changed', actor: 'system', data: { from: 'solved', to: 'closed' } });
    t.clock.advance(-8 * 86_400_000);
  });

  it('mails one "solved" message, with the reply, when a staff reply solves the case', async () => {
    const created = await (await submit({ ...valid, email: 'solved-reply@example.com', subject: 'Reply and solve' })).json();
    const replied = await (await staff(`/${created.reference}/messages`, { method: 'POST', body: JSON.stringify({ body: 'Cambiado el plan; ya lo tienes.', status: 'solved' }) })).json();
    expect(replied.status).toBe('solved');
    const mails = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'solved-reply@example.com')).orderBy(mailOutbox.id);
    expect(mails.map((m) => m.template)).toEqual(['case_received', 'agent_replied']);
    expect(mails[1]!.subject).toBe(`[${created.reference}] Tu consulta está resuelta`);
    expect(mails[1]!.text).toContain('> Cambiado el plan; ya lo tienes.');
    expect(mails[1]!.text).toMatch(/responde en los próximos \d+ días y la reabriremos/);
  });

  it('protects the staff API and validates its input', async () => {
    expect((await t.request('/api/v1/staff/cases')).status).toBe(401);
    expect((await staff('/NF-999999')).status).toBe(404);
    expect((await staff('/not-a-ref')).status).toBe(400);
    expect((await staff('?status=lost')).status).toBe(400);
    const { reference } = await (await submit({ ...valid, subject: 'Validation' })).json();
    const bad = await staff(`/${reference}/status`, { method: 'POST', body: JSON.stringify({ status: 'done' }) });
    expect(bad.status).toBe(422);
    const empty = await staff(`/${reference}/messages`, { method: 'POST', body: JSON.stringify({ body: '' }) });
    expect(empty.status).toBe(422);
  });

  it('refuses the NUL character in every text field, JSON or form, naming the field, and stores nothing', async () => {
    const nul = { message: 'must not contain the NUL character' };
    const before = (await t.database.db.select().from(cases)).length;
    for (const field of ['name', 'subject', 'description'] as const) {
      const res = await submit({ ...valid, [field]: `${valid[field]}\u0000` });
      expect(res.status, field).toBe(422);
      expect((await res.json()).errors, field).toEqual([{ field: `body.${field}`, ...nul }]);
    }
    const form = await submitForm({ ...valid, subject: 'Sin\u0000tono' }, []);
    expect(form.status).toBe(422);
    expect((await form.json()).errors).toEqual([{ field: 'body.subject', ...nul }]);
    expect(await t.database.db.select().from(cases)).toHaveLength(before);

    const { trackingToken, reference } = await (await submit({ ...valid, subject: 'NUL elsewhere' })).json();
    const reply = await t.request(`/api/v1/cases/track/${trackingToken}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'a\u0000b' }) });
    expect(reply.status).toBe(422);
    expect((await reply.json()).errors).toEqual([{ field: 'body.body', ...nul }]);
    const note = await staff(`/${reference}/messages`, { method: 'POST', body: JSON.stringify({ body: 'a\u0000b', internal: true }) });
    expect(note.status).toBe(422);
    const assign = await staff(`/${reference}/assignee`, { method: 'POST', body: JSON.stringify({ assignee: 'Marta\u0000' }) });
    expect((await assign.json()).errors).toEqual([{ field: 'body.assignee', ...nul }]);
    const queue = await staff('?assignee=Marta%00');
    expect(queue.status).toBe(400);
    expect((await queue.json()).errors).toEqual([{ field: 'query.assignee', ...nul }]);
    const view = await (await staff(`/${reference}`)).json();
    expect(view.messages).toHaveLength(1);
    expect(view.assignee).toBeNull();
    // A lone surrogate (JSON can escape one) reads as U+FFFD, as text columns store it; the
    // assignment's history is jsonb, which would refuse it.
    const lone = await staff(`/${reference}/assignee`, { method: 'POST', body: '{"assignee":"\\ud800Marta"}' });
    expect(lone.status).toBe(200);
    expect((await lone.json()).assignee).toBe('\uFFFDMarta');
    // Attachment ids in paths are read without a schema: no such file, whatever they hold.
    for (const id of ['a%00b', '%00', 'x'.repeat(300)]) {
      expect((await t.request(`/api/v1/cases/track/${trackingToken}/attachments/${id}`)).status, id).toBe(404);
      expect((await staff(`/${reference}/attachments/${id}`)).status, id).toBe(404);
    }
  });

  it('orders the queue fast lane first, then by due time', async () => {
    const a = await (await submit({ ...valid, subject: 'Queue A' })).json();
    t.clock.advance(60_000);
    const b = await (await submit({ ...valid, subject: 'Queue B' })).json();
    await t.database.db.update(cases).set({ lane: 'fast' }).where(eq(cases.reference, b.reference));
    t.clock.advance(-60_000);
    const refs = (await (await staff('?limit=200')).json()).cases.map((c: { reference: string }) => c.reference);
    expect(refs.indexOf(b.reference)).toBeLessThan(refs.indexOf(a.reference));
    expect((await (await staff('?lane=fast')).json()).cases.every((c: { lane: string }) => c.lane === 'fast')).toBe(true);
  });

  it('mails lost links again without saying whether the address has cases', async () => {
    const { trackingUrl } = await (await submit({ ...valid, email: 'lost@example.com', subject: 'Lost link' })).json();
    const res = await t.request('/api/v1/cases/links', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'LOST@example.com', locale: 'es' }) });
    expect(res.status).toBe(202);
    const none = await t.request('/api/v1/cases/links', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'nobody@example.com', locale: 'es' }) });
    expect(none.status).toBe(202);
    expect(await none.json()).toEqual(await res.clone().json());
    // A job looks the cases up after the answer (the worker may have started on it already).
    await t.jobs.idle();
    await t.jobs.drainAll();
    const mails = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'lost@example.com')).orderBy(mailOutbox.id);
    expect(mails.at(-1)!.template).toBe('tracking_links');
    expect(mails.at(-1)!.text).toContain(trackingUrl);
  });

  it('rate-limits submissions per email with 429 and Retry-After', async () => {
    const strict = await createTestApp(kind, { env: { AYUDA_CASE_EMAIL_LIMIT: '2' } });
    const post = (k: string) => strict.request('/api/v1/cases', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': k }, body: JSON.stringify(valid) });
    expect((await post('r1')).status).toBe(201);
    expect((await post('r2')).status).toBe(201);
    const third = await post('r3');
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('3600');
    await strict.dispose();
  });

  it('loses and duplicates nothing under 200 concurrent submissions, some retried', async () => {
    const keys = Array.from({ length: 200 }, (_, i) => `load-${kind}-${i}`);
    const results = await Promise.all(
      [...keys, ...keys.slice(0, 20)].map((k, i) => submit({ ...valid, email: `load${i % 200}@example.com`, subject: `Load ${k}` }, k)),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const bodies = await Promise.all(results.map((r) => r.json()));
    const refs = new Set(bodies.map((b) => b.reference));
    expect(refs.size).toBe(200);
    const rows = await t.database.db.select({ subject: cases.subject }).from(cases);
    expect(rows.filter((r) => r.subject.startsWith(`Load load-${kind}-`))).toHaveLength(200);
    const keysStored = await t.database.db.select().from(idempotencyKeys);
    expect(keysStored.filter((k) => k.key.startsWith(`load-${kind}-`))).toHaveLength(200);
    const messages = await t.database.db.select({ id: caseMessages.id }).from(caseMessages);
    expect(messages.length).toBeGreaterThanOrEqual(200);
  });
});
