// @ayuda/client/staff's calls for the console against the real server: the queue with its
// cursor, case changes, presence and the live event stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AyudaClient } from '@ayuda/client';
import { AyudaApiError, AyudaStaffClient, type StaffStreamEvent } from '@ayuda/client/staff';
import { startTestServer } from './helpers/server.js';
import { testDatabases } from '../packages/server/src/testing/db.js';

describe.each(testDatabases())('AyudaStaffClient: staff queue and live updates on %s', (kind) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let staff: AyudaStaffClient;
  let customer: AyudaClient;
  beforeAll(async () => {
    server = await startTestServer(kind, { AYUDA_CASE_PREFIX: 'NF', AYUDA_CASE_EMAIL_LIMIT: '1000', AYUDA_CASE_RATE_LIMIT: '1000' });
    staff = new AyudaStaffClient({ baseUrl: server.url, staffToken: server.staffToken, retryDelayMs: 1 });
    customer = new AyudaClient({ baseUrl: server.url, retryDelayMs: 1 });
  });
  afterAll(() => server?.close());

  const submit = (subject: string) => customer.submitCase({ name: 'Ana', email: 'ana.staff@example.com', subject, description: 'El router parpadea en rojo.', locale: 'es' });

  it('pages the queue by cursor, searches it, and changes lane and category', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await submit(`Cliente ${i}`)).reference);
    const first = await staff.staffQueue({ limit: 2 });
    expect(first.total).toBe(5);
    const rest = await staff.staffQueue({ limit: 10, cursor: first.next! });
    expect([...first.cases, ...rest.cases].map((c) => c.reference).sort()).toEqual(made.sort());
    expect(rest.next).toBeNull();
    expect((await staff.staffQueue({ q: 'ROUTER rojo' })).total).toBe(5);

    const moved = await staff.staffSetLane(made[3]!, 'fast', 'Avería masiva');
    expect(moved.lane).toBe('fast');
    expect((await staff.staffQueue()).cases[0]!.reference).toBe(made[3]);
    expect((await staff.staffSetCategory(made[3]!, 'billing')).category).toBe('billing');
    expect((await staff.staffAssign(made[3]!, { assignee: 'Turno de tarde' })).assignee).toBe('Turno de tarde');
    const view = await staff.staffCase(made[3]!);
    expect(view.customer.cases).toHaveLength(4);

    const bad = await staff.staffQueue({ view: 'mine' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AyudaApiError);
    expect((bad as AyudaApiError).fieldErrors['query.view']).toBeTruthy();
    const unknown = await staff.staffSetCategory(made[3]!, 'no-such').catch((e: unknown) => e);
    expect((unknown as AyudaApiError).status).toBe(422);
  });

  it('reads the live event stream with the staff token: changes and presence', async () => {
    const ac = new AbortController();
    const seen: StaffStreamEvent[] = [];
    let wake = () => {};
    const reading = (async () => {
      for await (const e of staff.staffEvents({ signal: ac.signal })) {
        seen.push(e);
        wake();
      }
    })();
    const until = async (ok: () => boolean, ms = 5_000) => {
      const deadline = Date.now() + ms;
      while (!ok()) {
        if (Date.now() > deadline) return false;
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 50);
        });
      }
      return true;
    };
    // The stream is open once it hears a change made after it started.
    let created = await submit('Aviso 0');
    for (let i = 1; !(await until(() => seen.some((e) => e.event === 'case' && e.data.reference === created.reference), 500)); i++) {
      if (i > 10) throw new Error(`the stream heard nothing; saw ${JSON.stringify(seen)}`);
      created = await submit(`Aviso ${i}`);
    }
    await customer.replyToCase(created.trackingToken, 'Sigue igual.');
    await staff.staffPresence(created.reference, 'viewing');
    expect(await until(() => seen.some((e) => e.event === 'presence'))).toBe(true);
    const ofCase = seen.filter((e) => e.data.reference === created.reference);
    expect(ofCase.filter((e) => e.event === 'case').map((e) => e.event === 'case' && e.data.change)).toContain('customer_replied');
    expect(ofCase.find((e) => e.event === 'presence')).toMatchObject({ event: 'presence', data: { state: 'viewing', user: { name: 'e2e' } } });
    expect(seen.every((e) => e.id.length > 0)).toBe(true);
    ac.abort();
    await reading;

    const anonymous = new AyudaStaffClient({ baseUrl: server.url }).staffEvents().next().catch((e: unknown) => e);
    expect(await anonymous).toBeInstanceOf(TypeError);
    const forged = await new AyudaStaffClient({ baseUrl: server.url, staffToken: 'ayuda_st_forged' }).staffEvents().next().catch((e: unknown) => e);
    expect((forged as AyudaApiError).status).toBe(401);
  });

  it('sends a goodwill refund with an Idempotency-Key: the same on every retry of one call, the caller\'s when given', async () => {
    const keys: Array<string | null> = [];
    let failures = 1;
    const flaky = new AyudaStaffClient({
      baseUrl: server.url,
      staffToken: server.staffToken,
      retryDelayMs: 1,
      // What reaches the server is not the point here (this server has no payments set up):
      // the first try is lost on the way, the next ones are answered as for an unknown payment.
      fetch: async (_input, init) => {
        keys.push(new Headers(init?.headers).get('Idempotency-Key'));
        if (failures-- > 0) throw new TypeError('fetch failed');
        return new Response(JSON.stringify({ type: 'https://ayuda.dev/problems/not-found', title: 'Not found', status: 404 }), { status: 404, headers: { 'Content-Type': 'application/problem+json' } });
      },
    });
    const missing = await flaky.staffFastlaneOrderRefund(2_000_000_000, { reason: 'Compensación' }).catch((e: unknown) => e);
    expect((missing as AyudaApiError).status).toBe(404);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[\w-]{16,}$/);
    expect(keys[1], 'the retry after a network error carries the same key').toBe(keys[0]);
    await flaky.staffFastlaneOrderRefund(2_000_000_000, { reason: 'Compensación' }).catch(() => {});
    expect(keys[2], 'another call, another refund: a new key').not.toBe(keys[0]);
    await flaky.staffFastlaneOrderRefund(2_000_000_000, { amount: 100, reason: 'Compensación' }, { idempotencyKey: 'refund-key-of-the-first-try' }).catch(() => {});
    expect(keys[3]).toBe('refund-key-of-the-first-try');
  });

  it('marks a background queue refresh with X-Ayuda-Background, and only that one', async () => {
    const seen: Array<string | null> = [];
    const watching = new AyudaStaffClient({
      baseUrl: server.url,
      staffToken: server.staffToken,
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers).get('X-Ayuda-Background'));
        return fetch(input, init);
      },
    });
    expect((await watching.staffQueue({}, { background: true })).cases).toBeInstanceOf(Array);
    await watching.staffQueue();
    expect(seen).toEqual(['1', null]);
  });

  it('is an AyudaClient too; the public client has none of the staff calls', async () => {
    expect(staff).toBeInstanceOf(AyudaClient);
    expect((await staff.listCategories('es')).locale).toBe('es');
    expect('staffQueue' in customer).toBe(false);
    expect('staffFastlaneOrderRefund' in customer).toBe(false);
    expect('csrfToken' in customer).toBe(false);
  });
});
