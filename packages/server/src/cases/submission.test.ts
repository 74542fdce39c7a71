// A case submission writes in one statement after one statement of reads (service.ts
// #submitOnce, store.ts startSubmission and writeSubmission): all of a case's rows or none,
// a refusal that changes nothing, and the fast lane for an active subscriber.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';

const rowsOf = (r: unknown) => (r as { rows: Array<Record<string, unknown>> }).rows;

describe.each(testDatabases())('case submission on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_PREFIX: 'SB', AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '2' } });
  });
  afterAll(() => t.dispose());

  const submit = (key: string, email: string, name = 'Marta') =>
    t.request('/api/v1/cases', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify({ name, email, subject: 'Sin conexión', description: 'El router parpadea en rojo desde esta mañana.', locale: 'es' }),
    });
  const count = async (query: ReturnType<typeof sql>) => Number(rowsOf(await t.database.db.execute(query))[0]!.n);
  const totals = async () => ({
    cases: await count(sql`select count(*) as n from cases`),
    messages: await count(sql`select count(*) as n from case_messages`),
    events: await count(sql`select count(*) as n from case_events`),
    mails: await count(sql`select count(*) as n from mail_outbox`),
    keys: await count(sql`select count(*) as n from idempotency_keys`),
    customers: await count(sql`select count(*) as n from customers`),
  });

  it('writes all of a case or none of it: a failing insert leaves no case, message, event, mail, key or customer, and the retry succeeds', async () => {
    const email = 'all-or-nothing@example.com';
    // The outbox refuses this address's mail: the last insert of the submission's writes fails.
    await t.database.db.execute(sql.raw(`create function refuse_test_mail() returns trigger language plpgsql as $$ begin if new.to_address = '${email}' then raise exception 'refused for the test'; end if; return new; end $$`));
    await t.database.db.execute(sql.raw('create trigger refuse_test_mail before insert on mail_outbox for each row execute function refuse_test_mail()'));
    const before = await totals();
    try {
      const res = await submit('aon-1', email);
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await totals()).toEqual(before);
      expect(await count(sql`select count(*) as n from customers where email = ${email}`)).toBe(0);
    } finally {
      await t.database.db.execute(sql.raw('drop trigger refuse_test_mail on mail_outbox'));
      await t.database.db.execute(sql.raw('drop function refuse_test_mail()'));
    }
    const retry = await submit('aon-1', email);
    expect(retry.status).toBe(201);
    const { reference } = (await retry.json()) as { reference: string };
    const after = await totals();
    expect(after).toEqual({ cases: before.cases + 1, messages: before.messages + 1, events: before.events + 1, mails: before.mails + 1, keys: before.keys + 1, customers: before.customers + 1 });
    const [row] = rowsOf(await t.database.db.execute(sql`select c.id, c.status, c.lane, cu.email, (select count(*) from case_messages m where m.case_id = c.id) as messages, (select count(*) from mail_outbox o where o.case_id = c.id and o.subject like ${`%${reference}%`}) as mails from cases c join customers cu on cu.id = c.customer_id where c.reference = ${reference}`));
    expect(row).toMatchObject({ status: 'new', lane: 'standard', email });
    expect(Number(row!.messages)).toBe(1);
    expect(Number(row!.mails)).toBe(1);
  });

  it('refuses a submission over the address limit without touching the customer or numbering a case', async () => {
    const email = 'limited@example.com';
    expect((await submit('lim-1', email, 'Marta')).status).toBe(201);
    const second = (await (await submit('lim-2', email, 'Marta')).json()) as { reference: string };
    const before = await totals();
    const refused = await submit('lim-3', email, 'Marta Gil');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(await totals()).toEqual(before);
    const [customer] = rowsOf(await t.database.db.execute(sql`select name from customers where email = ${email}`));
    expect(customer!.name).toBe('Marta');
    // The next case from anyone takes the number after the last one given.
    const next = (await (await submit('lim-4', 'someone-else@example.com')).json()) as { reference: string };
    expect(Number(next.reference.slice(3))).toBe(Number(second.reference.slice(3)) + 1);
    // A retry of an accepted submission is answered even when the address is at its limit.
    const replay = await submit('lim-2', email, 'Marta');
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replay.json()) as { reference: string }).reference).toBe(second.reference);
  });

  it('starts an active, trialing or past-due subscriber’s case in the fast lane, and a cancelled one’s in the standard lane', async () => {
    const laneOf = async (status: string) => {
      const email = `sub-${status}@example.com`;
      const [c] = rowsOf(await t.database.db.execute(sql`insert into customers (email, name, locale, created_at) values (${email}, 'Sub', 'es', now()) returning id`));
      await t.database.db.execute(sql`insert into entitlements (customer_id, subscription_id, plan_key, status, created_at, updated_at) values (${c!.id}, ${`sub_${status}`}, 'monthly', ${status}, now(), now())`);
      const res = await submit(`sub-${status}`, email, 'Sub');
      expect(res.status).toBe(201);
      return ((await res.json()) as { lane: string }).lane;
    };
    expect(await laneOf('active')).toBe('fast');
    expect(await laneOf('trialing')).toBe('fast');
    expect(await laneOf('past_due')).toBe('fast');
    expect(await laneOf('canceled')).toBe('standard');
  });
});
