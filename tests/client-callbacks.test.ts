// @ayuda/client's callback calls against the real server: a customer's client asks to be
// called (a retry with the same key makes one request), the staff client sees the queue and
// records the attempt that reaches them, and bad input is refused field by field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AyudaApiError, AyudaClient } from '@ayuda/client';
import { AyudaStaffClient } from '@ayuda/client/staff';
import { startTestServer } from './helpers/server.js';

describe('AyudaClient and AyudaStaffClient: callbacks', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let agent: AyudaStaffClient;
  let customer: AyudaClient;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    const { token } = await server.ayuda.staffTokens.create('Guardia', 'agent');
    agent = new AyudaStaffClient({ baseUrl: server.url, staffToken: token, retryDelayMs: 1 });
    customer = new AyudaClient({ baseUrl: server.url, retryDelayMs: 1 });
  });
  afterAll(() => server?.close());

  const hoursAhead = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

  it('asks for a call once per key, and staff record the attempt that reaches the customer', async () => {
    const input = { name: 'Ana', email: 'ana-llamada@example.com', phone: '612 345 678', windowStart: hoursAhead(1), windowEnd: hoursAhead(3), locale: 'es' as const };
    const first = await customer.requestCallback(input, { idempotencyKey: 'client-callback-1' });
    expect(first).toMatchObject({ status: 'waiting', lane: 'standard', phone: '+34612345678' });
    expect((await customer.requestCallback(input, { idempotencyKey: 'client-callback-1' })).id).toBe(first.id);
    const { callbacks } = await agent.staffCallbacks();
    expect(callbacks.map((c) => c.id)).toEqual([first.id]);
    expect(callbacks[0]).toMatchObject({ phoneDisplay: '+34 612 34 56 78', overdue: false, attempts: [] });
    const done = await agent.staffCallbackAttempt(first.id, { outcome: 'reached', note: 'Resuelto por teléfono' });
    expect(done).toMatchObject({ status: 'done', attempts: [{ by: 'Guardia', outcome: 'reached', note: 'Resuelto por teléfono' }] });
    expect((await agent.staffCallbacks()).callbacks).toEqual([]);
    expect((await agent.staffCallbacks({ status: 'done' })).callbacks.map((c) => c.id)).toEqual([first.id]);
    const again = (await agent.staffCallbackAttempt(first.id, { outcome: 'busy' }).catch((e: unknown) => e)) as AyudaApiError;
    expect(again).toBeInstanceOf(AyudaApiError);
    expect(again.status).toBe(409);
  });

  it('refuses bad input field by field', async () => {
    const bad = (await customer.requestCallback({ name: 'Ana', email: 'ana@example.com', phone: '123', windowStart: hoursAhead(-2), windowEnd: hoursAhead(-1), locale: 'es' }).catch((e: unknown) => e)) as AyudaApiError;
    expect(bad).toBeInstanceOf(AyudaApiError);
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(['body.phone', 'body.windowStart']);
    const outcome = (await agent.staffCallbackAttempt('00000000-0000-4000-8000-000000000000', { outcome: 'maybe' as never }).catch((e: unknown) => e)) as AyudaApiError;
    expect(Object.keys(outcome.fieldErrors)).toEqual(['body.outcome']);
  });
});
