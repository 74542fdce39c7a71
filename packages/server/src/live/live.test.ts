// Live updates: `GET /staff/events` streams every case change (from staff, customers through
// the API and the portal, and the fast lane) and presence, across app instances on one
// database, and ends cleanly.
import { STAFF_RATE_LIMITS } from '../staff/http.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { CaseEventSchema, PresenceEventSchema } from '@ayuda/core';
import { createTestApp, DEMO_SITE_DIR, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { openDatabase, type Database } from '../db/client.js';
import { cases } from '../db/schema.js';
import { loadConfig } from '../config.js';
import { startServer } from '../server.js';
import { createLogger } from '../http/logger.js';
import { STAFF_EVENTS_CHANNEL } from './bus.js';
import { signInStaff } from '../testing/staff.js';

const ENV = { AYUDA_CASE_PREFIX: 'NF', AYUDA_CASE_RATE_LIMIT: '100000', AYUDA_CASE_EMAIL_LIMIT: '100000', AYUDA_RATE_LIMIT: '100000' };

interface Sse {
  event?: string;
  id?: string;
  data?: string;
  comment?: string;
}

/** Reads a server-sent event stream; `next` waits for the first block matching, `ended` for its end. */
function reader(res: Response) {
  const blocks: Sse[] = [];
  let done = false;
  let notify = () => {};
  const r = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buf = '';
    try {
      for (;;) {
        const { done: end, value } = await r.read();
        if (end) break;
        buf += value;
        for (let at = buf.indexOf('\n\n'); at !== -1; at = buf.indexOf('\n\n')) {
          const block: Sse = {};
          for (const line of buf.slice(0, at).split('\n')) {
            if (line.startsWith(':')) block.comment = line.slice(1).trim();
            const m = /^(event|id|data): (.*)$/.exec(line);
            if (m) block[m[1] as 'event' | 'id' | 'data'] = m[2];
          }
          buf = buf.slice(at + 2);
          blocks.push(block);
          notify();
        }
      }
    } catch {
      /* cancelled */
    }
    done = true;
    notify();
  })();
  const wait = async (ok: () => boolean, what: string, ms = 5_000) => {
    const deadline = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(blocks)}`);
      await new Promise<void>((resolve) => {
        notify = resolve;
        setTimeout(resolve, 50);
      });
    }
  };
  return {
    blocks,
    /** The data of every `event: name` so far. */
    events: (name = 'case') => blocks.filter((b) => b.event === name).map((b) => JSON.parse(b.data!)),
    async next(match: (b: Sse) => boolean, what = 'an event', ms?: number): Promise<Sse> {
      let found: Sse | undefined;
      await wait(() => (found = blocks.find(match)) !== undefined, what, ms);
      return found!;
    },
    ended: () => wait(() => done, 'the end of the stream'),
    get done() {
      return done;
    },
    cancel: () => r.cancel().catch(() => {}),
  };
}

const caseEvent = (reference: string, change: string) => (b: Sse) => b.event === 'case' && !!b.data && JSON.parse(b.data).reference === reference && JSON.parse(b.data).change === change;

describe.each(testDatabases())('live updates on %s', (kind) => {
  let t: TestApp;
  let token: string;
  let tokenId: number;
  let n = 0;
  const open: Array<{ cancel(): Promise<void> }> = [];

  beforeAll(async () => {
    t = await createTestApp(kind, { env: ENV });
    await t.mail.stop();
    ({ token, id: tokenId } = await t.staffTokens.create('Marta'));
  });
  afterAll(async () => {
    for (const s of open) await s.cancel();
    await t.dispose();
  });

  const auth = () => ({ Authorization: `Bearer ${token}` });
  const stream = async (app: TestApp = t, headers: Record<string, string> = {}) => {
    const res = await app.request('/api/v1/staff/events', { headers: { ...auth(), ...headers } });
    if (res.status !== 200) throw new Error(`GET /staff/events answered ${res.status}: ${await res.text()}`);
    const s = reader(res);
    open.push(s);
    await s.next((b) => b.comment === 'connected', 'the stream to open');
    return Object.assign(s, { res });
  };
  const submit = async (app: TestApp = t, body: Record<string, string> = {}) => {
    const res = await app.request('/api/v1/cases', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `live-${kind}-${++n}` },
      body: JSON.stringify({ name: 'Lucía', email: 'lucia@example.com', subject: `En directo ${n}`, description: 'El router parpadea en rojo desde esta mañana.', locale: 'es', ...body }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { reference: string; trackingToken: string };
  };
  const staff = (path: string, body: unknown) => t.request(`/api/v1/staff/cases${path}`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('streams a customer reply to a connected staff stream, with no-store and a reconnection delay', async () => {
    const s = await stream();
    expect(s.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(s.res.headers.get('cache-control')).toBe('no-store');
    expect(s.blocks[0]).toEqual({ comment: 'connected' });
    const { reference, trackingToken } = await submit();
    const reply = await t.request(`/api/v1/cases/track/${trackingToken}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'Sigue igual.' }) });
    expect(reply.status).toBe(201);
    const got = await s.next(caseEvent(reference, 'customer_replied'), 'the reply');
    expect(CaseEventSchema.parse(JSON.parse(got.data!))).toEqual({ reference, change: 'customer_replied', by: 'customer', at: t.clock.now().toISOString() });
    expect(got.id).toMatch(/^[\w-]+$/);
  });

  it('publishes every change, whoever makes it: staff, customers (API and portal), the fast lane, housekeeping', async () => {
    const s = await stream();
    const me = `staff:${tokenId}`;
    const a = await submit();
    const b = await submit();
    const c = await submit();
    await staff(`/${a.reference}/messages`, { body: 'Nota interna.', internal: true });
    await staff(`/${a.reference}/messages`, { body: 'Hola, lo miramos.' });
    await staff(`/${a.reference}/status`, { status: 'open' });
    await staff(`/${a.reference}/assignee`, { assignee: 'Turno de tarde' });
    await staff(`/${a.reference}/lane`, { lane: 'fast', reason: 'Avería' });
    await staff(`/${a.reference}/category`, { category: 'router' });
    // The customer replies through the portal's form, and closes the other case there.
    const form = new FormData();
    form.append('body', 'Ya funciona, gracias.');
    expect((await t.request(`/help/es/cases/${a.trackingToken}/reply`, { method: 'POST', body: form })).status).toBe(303);
    expect((await t.request(`/help/es/cases/${b.trackingToken}/close`, { method: 'POST' })).status).toBe(303);
    // The fast lane moves a case after a payment, in its own transaction.
    const [row] = await t.database.db.select({ id: cases.id }).from(cases).where(eq(cases.reference, b.reference));
    await t.database.db.transaction((tx) => t.cases.moveToLane(tx, row!.id, 'fast', 'system', 'paid'));
    // Paid webhooks applied in a group move many cases in one statement: only those that change lane are published.
    const [rowC] = await t.database.db.select({ id: cases.id }).from(cases).where(eq(cases.reference, c.reference));
    await t.database.db.transaction((tx) => t.cases.moveManyToLane(tx, [row!.id, rowC!.id], 'fast', 'system', 'paid'));
    // Housekeeping closes a case solved long ago.
    await staff(`/${a.reference}/status`, { status: 'solved' });
    t.clock.advance(30 * 86_400_000);
    await t.cases.closeStale();
    t.clock.advance(-30 * 86_400_000);

    await s.next((x) => caseEvent(a.reference, 'status')(x) && JSON.parse(x.data!).by === 'system', 'the housekeeping close');
    const of = (ref: string) => s.events().filter((e) => e.reference === ref).map((e) => [e.change, e.by]);
    expect(of(a.reference)).toEqual([
      ['created', 'customer'],
      ['note_added', me],
      ['staff_replied', me],
      ['status', me],
      ['assignee', me],
      ['lane', me],
      ['category', me],
      ['customer_replied', 'customer'],
      ['status', me],
      ['status', 'system'],
    ]);
    expect(of(b.reference)).toEqual([
      ['created', 'customer'],
      ['status', 'customer'],
      ['lane', 'system'],
    ]);
    expect(of(c.reference)).toEqual([
      ['created', 'customer'],
      ['lane', 'system'],
    ]);
    // Nothing changed, nothing sent: the same status, assignee or category again.
    const before = s.events().length;
    await staff(`/${a.reference}/status`, { status: 'closed' });
    await staff(`/${a.reference}/category`, { category: 'router' });
    await staff(`/${a.reference}/assignee`, { assignee: 'Turno de tarde' });
    const marker = await submit();
    await s.next(caseEvent(marker.reference, 'created'), 'the marker');
    expect(s.events().slice(before).map((e) => [e.reference, e.change])).toEqual([[marker.reference, 'created']]);
  });

  it('sends nothing for a change that rolls back or is refused', async () => {
    const s = await stream();
    const { reference } = await submit();
    await expect(
      t.database.db.transaction(async (tx) => {
        await t.events.publish(tx, { event: 'case', data: { reference, change: 'status', by: 'system', at: t.clock.now().toISOString() } });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await staff(`/${reference}/assignee`, { assigneeId: 999_999 })).status).toBe(422);
    expect((await staff(`/${reference}/category`, { category: 'no-such' })).status).toBe(422);
    await staff(`/${reference}/status`, { status: 'open' });
    await s.next(caseEvent(reference, 'status'), 'the committed change');
    expect(s.events().filter((e) => e.reference === reference).map((e) => e.change)).toEqual(['created', 'status']);
  });

  it('announces events after their commit in batches: all of them, in order, however many are sent together', async () => {
    const s = await stream();
    // 80 events announced in one turn go out in one statement, as payloads under NOTIFY's 8,000 bytes.
    const at = t.clock.now().toISOString();
    const refs = Array.from({ length: 80 }, (_, i) => `NF-BATCH-${kind}-${String(i).padStart(3, '0')}-${'x'.repeat(60)}`);
    await Promise.all(refs.map((reference) => t.events.announce({ event: 'case', data: { reference, change: 'status', by: 'system', at } })));
    await s.next(caseEvent(refs.at(-1)!, 'status'), 'the last announced event');
    const heard = s.blocks.filter((b) => b.event === 'case' && JSON.parse(b.data!).reference.startsWith(`NF-BATCH-${kind}-`));
    expect(heard.map((b) => JSON.parse(b.data!).reference)).toEqual(refs);
    expect(new Set(heard.map((b) => b.id)).size).toBe(refs.length);
    // A submission is announced once committed, before its 201: the caller's next change comes after it.
    const { reference } = await submit();
    await staff(`/${reference}/status`, { status: 'open' });
    await s.next(caseEvent(reference, 'status'), 'the change after the submission');
    expect(s.events().filter((e) => e.reference === reference).map((e) => e.change)).toEqual(['created', 'status']);
  });

  it('gives the notifications of many events as a few payloads under NOTIFY\'s limit, heard in order once committed', async () => {
    const s = await stream();
    const at = t.clock.now().toISOString();
    const refs = Array.from({ length: 80 }, (_, i) => `NF-NOTIFY-${kind}-${String(i).padStart(3, '0')}-${'x'.repeat(60)}`);
    const notify = t.events.notifyPayloads(refs.map((reference) => ({ event: 'case', data: { reference, change: 'lane', by: 'system', at } })));
    // About 200 bytes an event: 80 of them in three payloads of up to 7,500 bytes, not 80.
    expect(notify.length).toBe(3);
    for (const n of notify) {
      expect(n.channel).toBe(STAFF_EVENTS_CHANNEL);
      expect(Buffer.byteLength(n.payload)).toBeLessThan(8_000);
    }
    await t.database.db.transaction(async (tx) => {
      for (const n of notify) await tx.execute(sql`select pg_notify(${n.channel}, ${n.payload})`);
    });
    await s.next(caseEvent(refs.at(-1)!, 'lane'), 'the last event');
    const heard = s.blocks.filter((b) => b.event === 'case' && JSON.parse(b.data!).reference.startsWith(`NF-NOTIFY-${kind}-`));
    expect(heard.map((b) => JSON.parse(b.data!).reference)).toEqual(refs);
    expect(new Set(heard.map((b) => b.id)).size).toBe(refs.length);
  });

  it('broadcasts presence, and refuses bad presence', async () => {
    const s = await stream();
    const { reference } = await submit();
    const res = await staff(`/${reference}/presence`, { state: 'typing' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const got = await s.next((b) => b.event === 'presence', 'presence');
    expect(PresenceEventSchema.parse(JSON.parse(got.data!))).toEqual({ reference, user: { id: tokenId, name: 'Marta' }, by: `staff:${tokenId}`, state: 'typing', at: t.clock.now().toISOString() });
    for (const [body, status] of [[{ state: 'sleeping' }, 422], [{}, 422], [{ state: 1 }, 422], [{ state: 'viewing', extra: 'x'.repeat(300_000) }, 413]] as const) {
      expect((await staff(`/${reference}/presence`, body)).status, JSON.stringify(body).slice(0, 40)).toBe(status);
    }
    expect((await staff('/NF-999999/presence', { state: 'viewing' })).status).toBe(404);
    expect((await staff('/nope/presence', { state: 'viewing' })).status).toBe(400);
    expect((await t.request(`/api/v1/staff/cases/${reference}/presence`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"state":"viewing"}' })).status).toBe(401);
  });

  it('limits presence per staff user and minute (429), and the next minute lets it through', async () => {
    const { reference } = await submit();
    t.clock.advance(60_000); // a minute of its own: earlier tests sent presence too
    const statuses: number[] = [];
    for (let i = 0; i <= STAFF_RATE_LIMITS.presencePerMinute; i++) statuses.push((await staff(`/${reference}/presence`, { state: 'viewing' })).status);
    expect(statuses).toEqual([...Array(STAFF_RATE_LIMITS.presencePerMinute).fill(204), 429]);
    t.clock.advance(60_000);
    expect((await staff(`/${reference}/presence`, { state: 'viewing' })).status).toBe(204);
  });

  it('requires a staff token for the stream (401)', async () => {
    const none = await t.request('/api/v1/staff/events');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
    expect((await t.request('/api/v1/staff/events', { headers: { Authorization: 'Bearer ayuda_st_forged' } })).status).toBe(401);
  });

  it('replays what it still holds after Last-Event-ID, and nothing for an id it does not know', async () => {
    const s = await stream();
    const a = await submit();
    const first = await s.next(caseEvent(a.reference, 'created'));
    await staff(`/${a.reference}/status`, { status: 'open' });
    await staff(`/${a.reference}/category`, { category: 'billing' });
    await s.next(caseEvent(a.reference, 'category'));
    const again = await stream(t, { 'Last-Event-ID': first.id! });
    await again.next(caseEvent(a.reference, 'category'), 'the replay');
    expect(again.events().filter((e) => e.reference === a.reference).map((e) => e.change)).toEqual(['status', 'category']);
    for (const id of ['unknown-id', 'x'.repeat(500), '']) {
      const fresh = await stream(t, { 'Last-Event-ID': id });
      const marker = await submit();
      await fresh.next(caseEvent(marker.reference, 'created'), 'a new change');
      expect(fresh.events().map((e) => e.reference)).toEqual([marker.reference]);
    }
  });

  it('sends heartbeats, and lets go of a stream whose client left', async () => {
    const app = await createTestApp(kind, { env: ENV, database: t.database, kb: false, liveHeartbeatMs: 30 });
    try {
      const s = await stream(app);
      await s.next((b) => b.comment === 'heartbeat', 'a heartbeat');
      expect(app.events.streams).toBe(1);
      await s.cancel();
      const deadline = Date.now() + 2_000;
      while (app.events.streams > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(app.events.streams).toBe(0);
    } finally {
      await app.dispose();
    }
  });

  it('ends a stream at the next heartbeat once its session or token no longer holds', async () => {
    const app = await createTestApp(kind, { env: ENV, database: t.database, kb: false, liveHeartbeatMs: 30 });
    try {
      const open = async (headers: Record<string, string>) => {
        const res = await app.request('/api/v1/staff/events', { headers });
        expect(res.status).toBe(200);
        const s = reader(res);
        await s.next((b) => b.comment === 'connected', 'the stream to open');
        return s;
      };
      // A live session's stream keeps beating.
      const kept = await signInStaff(app);
      const alive = await open(kept.headers());
      await alive.next((b) => b.comment === 'heartbeat', 'a heartbeat');
      // Signed out everywhere.
      const a = await signInStaff(app);
      const sa = await open(a.headers());
      expect((await app.request('/api/v1/staff/session/revoke-all', { method: 'POST', headers: a.headers(true) })).status).toBe(204);
      await sa.ended();
      // Signed out (this session).
      const b = await signInStaff(app);
      const sb = await open(b.headers());
      expect((await app.request('/api/v1/staff/session', { method: 'DELETE', headers: b.headers(true) })).status).toBe(204);
      await sb.ended();
      // The account disabled by an admin.
      const c = await signInStaff(app);
      const sc = await open(c.headers());
      const admin = await signInStaff(app, { role: 'admin' });
      const disabled = await app.request(`/api/v1/staff/users/${c.user.id}`, { method: 'PATCH', headers: { ...admin.headers(true), 'Content-Type': 'application/json' }, body: JSON.stringify({ disabled: true }) });
      expect(disabled.status).toBe(200);
      await sc.ended();
      // A revoked API token.
      const { token: revoked, id } = await app.staffTokens.create('Revocable');
      const st = await open({ Authorization: `Bearer ${revoked}` });
      await st.next((b) => b.comment === 'heartbeat', 'a heartbeat');
      await app.staffTokens.revoke(id);
      await st.ended();
      expect(alive.done).toBe(false);
      await alive.cancel();
    } finally {
      await app.dispose();
    }
  });

  it('ends open streams when the app closes, and refuses new ones', async () => {
    const app = await createTestApp(kind, { env: ENV, database: t.database, kb: false });
    const s = await stream(app);
    await app.close();
    await s.ended();
    const late = await app.request('/api/v1/staff/events', { headers: auth() });
    expect(late.status).toBe(503);
  });

  it('lets a real server shut down at once while a browser holds a stream', async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', AYUDA_SITE_DIR: DEMO_SITE_DIR, ...ENV }, {});
    const server = await startServer(config, { database: t.database, logger: createLogger('silent') });
    const res = await fetch(`${server.url}/api/v1/staff/events`, { headers: auth() });
    expect(res.status).toBe(200);
    const s = reader(res);
    await s.next((b) => b.comment === 'connected');
    const started = performance.now();
    await server.close();
    // The forced close of lingering connections comes after 5 s; the stream ended long before.
    expect(performance.now() - started).toBeLessThan(3_000);
    await s.ended();
  });

  it('reaches a stream held by another app instance on the same database', async () => {
    // On PostgreSQL the second instance has its own pool and LISTEN connection, as a second
    // server process would; PGlite is one process's, so its instances share it.
    let other: Database | null = null;
    if (kind === 'postgres') {
      const url = (t.database.db as unknown as { $client: pg.Pool }).$client.options.connectionString!;
      other = await openDatabase({ kind: 'postgres', url });
    }
    const b = await createTestApp(kind, { env: ENV, database: other ?? t.database, kb: false });
    try {
      const onB = await stream(b);
      const { reference, trackingToken } = await submit(t);
      // A submission's event is announced after its commit; it reaches the other instance too.
      await onB.next(caseEvent(reference, 'created'), 'the submission made on instance A');
      await t.request(`/api/v1/cases/track/${trackingToken}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'Desde la instancia A.' }) });
      await onB.next(caseEvent(reference, 'customer_replied'), 'the reply made on instance A');
      // And back: presence announced on B reaches a stream on A.
      const onA = await stream(t);
      expect((await b.request(`/api/v1/staff/cases/${reference}/presence`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: '{"state":"viewing"}' })).status).toBe(204);
      await onA.next((x) => x.event === 'presence' && JSON.parse(x.data!).reference === reference, 'presence from B');
    } finally {
      await b.dispose();
      await other?.close();
    }
  });

  it.runIf(kind === 'postgres')('ends its streams when the database connection is lost, and hears again once back', async () => {
    const app = await createTestApp(kind, { env: ENV, database: t.database, kb: false });
    try {
      const s = await stream(app);
      await t.database.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where query = ${`listen ${STAFF_EVENTS_CHANNEL}`} and datname = current_database()`);
      await s.ended();
      // The client reconnects (EventSource does by itself) and hears changes again.
      const deadline = Date.now() + 5_000;
      let again: Awaited<ReturnType<typeof stream>> | null = null;
      while (!again) {
        const res = await app.request('/api/v1/staff/events', { headers: auth() });
        if (res.status === 200) {
          again = Object.assign(reader(res), { res });
          open.push(again);
        } else if (Date.now() > deadline) throw new Error(`no stream after the connection was lost: ${res.status}`);
        else await new Promise((r) => setTimeout(r, 100));
      }
      await again.next((b) => b.comment === 'connected');
      const { reference } = await submit(t);
      await again.next(caseEvent(reference, 'created'), 'a change after the reconnection');
    } finally {
      await app.dispose();
    }
  });
});
