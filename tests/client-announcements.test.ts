// @ayuda/client's announcement calls against the real server: an agent publishes one with the
// staff client, a customer's client sees it in its language only, bad input is refused field by
// field, and a withdrawn one is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AyudaApiError, AyudaClient } from '@ayuda/client';
import { AyudaStaffClient } from '@ayuda/client/staff';
import { startTestServer } from './helpers/server.js';

describe('AyudaClient and AyudaStaffClient: announcements', () => {
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

  it('publishes as an agent; customers see it in its language until it is withdrawn', async () => {
    const created = await agent.createAnnouncement({ locale: 'es', severity: 'critical', title: 'Avería en Valencia', body: 'Trabajamos en ello, hora estimada 18:00.', endsAt: hoursAhead(4), category: 'outages' });
    expect(created).toMatchObject({ state: 'active', createdBy: { name: 'Guardia' }, category: 'outages' });
    expect((await customer.announcements('es'))!.announcements).toEqual([expect.objectContaining({ id: created.id, severity: 'critical', title: 'Avería en Valencia' })]);
    expect((await customer.announcements('en')).announcements).toEqual([]);
    expect((await agent.staffAnnouncements()).announcements.map((a) => a.id)).toContain(created.id);
    expect((await agent.withdrawAnnouncement(created.id)).state).toBe('withdrawn');
    expect((await customer.announcements('es')).announcements).toEqual([]);
  });

  it('refuses bad input field by field', async () => {
    const bad = (await agent.createAnnouncement({ locale: 'es', severity: 'urgent' as never, title: '', body: 'x', endsAt: hoursAhead(-1), category: 'nope' }).catch((e: unknown) => e)) as AyudaApiError;
    expect(bad).toBeInstanceOf(AyudaApiError);
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(['body.severity', 'body.title']);
    const past = (await agent.createAnnouncement({ locale: 'es', severity: 'info', title: 'Ayer', body: 'x', endsAt: hoursAhead(-1), category: 'nope' }).catch((e: unknown) => e)) as AyudaApiError;
    expect(Object.keys(past.fieldErrors).sort()).toEqual(['body.category', 'body.endsAt']);
    expect(((await customer.announcements('fr' as never).catch((e: unknown) => e)) as AyudaApiError).status).toBe(400);
  });
});
