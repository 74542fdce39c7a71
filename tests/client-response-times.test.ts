// @ayuda/client's responseTimes() against the real server: no figure while too few cases were
// answered, then the median once five were; the fast lane's name in the language asked; bad
// input refused naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AyudaApiError, AyudaClient } from '@ayuda/client';
import { AyudaStaffClient } from '@ayuda/client/staff';
import { startTestServer } from './helpers/server.js';

describe('AyudaClient: response times', () => {
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

  it('shows no figure before five answered cases, then the median in whole minutes', async () => {
    const before = await customer.responseTimes('es');
    expect(before).toMatchObject({ locale: 'es', windowDays: 30, minimumCases: 5, standard: { medianMinutes: null }, fast: { medianMinutes: null, name: 'Soporte prioritario' } });
    for (let i = 0; i < 5; i++) {
      const created = await customer.submitCase({ name: 'Ana', email: `ana.rt${i}@example.com`, subject: `Consulta ${i}`, description: 'El router tiene la luz roja.', locale: 'es' });
      await agent.staffReply(created.reference, { body: 'Hola, lo miramos.', internal: false });
    }
    // The figure is kept five minutes per process: this server computed it already, so ask it to forget.
    server.ayuda.responseTimes.invalidate();
    const after = await customer.responseTimes('en');
    expect(after.standard.medianMinutes).toBe(1);
    expect(after.fast.name).toBe('Priority support');
  });

  it('refuses a locale it does not know', async () => {
    const bad = (await customer.responseTimes('fr' as never).catch((e: unknown) => e)) as AyudaApiError;
    expect(bad).toBeInstanceOf(AyudaApiError);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.fieldErrors)).toEqual(['query.locale']);
  });
});
