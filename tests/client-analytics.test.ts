// @ayuda/client's staffAnalyticsSummary(), staffAnalyticsLaneImpact(), staffAnalyticsFastlane() and staffAnalyticsSeries() against the real server:
// a case sent and answered shows in the period's figures, the lane filter applies, the lane
// impact needs a baseline, agents are refused, bad input names its field. The figures
// themselves are checked on hand-computed fixtures in packages/server/src/analytics/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AyudaApiError, AyudaClient } from '@ayuda/client';
import { AyudaStaffClient } from '@ayuda/client/staff';
import { startTestServer } from './helpers/server.js';

describe('AyudaStaffClient: analytics summary', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let admin: AyudaStaffClient;
  let agent: AyudaStaffClient;
  let customer: AyudaClient;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    admin = new AyudaStaffClient({ baseUrl: server.url, staffToken: (await server.ayuda.staffTokens.create('Dirección', 'admin')).token, retryDelayMs: 1 });
    agent = new AyudaStaffClient({ baseUrl: server.url, staffToken: (await server.ayuda.staffTokens.create('Guardia', 'agent')).token, retryDelayMs: 1 });
    customer = new AyudaClient({ baseUrl: server.url, retryDelayMs: 1 });
  });
  afterAll(() => server?.close());

  it('answers the period’s figures beside the previous period’s', async () => {
    const empty = await admin.staffAnalyticsSummary();
    expect(empty).toMatchObject({ cases: 0, first_response_p50_s: null, csat: null, nps: null, currency: 'eur', previous: { cases: 0 } });
    const created = await customer.submitCase({ name: 'Ana', email: 'ana.analytics@example.com', subject: 'Sin conexión', description: 'El router tiene la luz roja.', locale: 'es' });
    await admin.staffReply(created.reference, { body: 'Hola, lo miramos.', internal: false, status: 'solved' });
    const s = await admin.staffAnalyticsSummary({ to: new Date(Date.now() + 60_000).toISOString() });
    expect(s).toMatchObject({ lane: null, cases: 1, first_responses: 1, solved: 1, fcr_rate: 1, reopen_rate: 0 });
    // Business seconds: zero or a few, depending on whether the office is open as the test runs.
    expect(s.first_response_p50_s).toBeGreaterThanOrEqual(0);
    expect(Date.parse(s.previous.to)).toBe(Date.parse(s.from));
    expect((await admin.staffAnalyticsSummary({ lane: 'fast', to: new Date(Date.now() + 60_000).toISOString() })).cases).toBe(0);
  });

  it('compares the standard lane with a baseline, and asks for one while the fast lane was never used', async () => {
    const none = (await admin.staffAnalyticsLaneImpact().catch((e: unknown) => e)) as AyudaApiError;
    expect(none).toBeInstanceOf(AyudaApiError);
    expect(none.status).toBe(409);
    const to = new Date(Date.now() + 60_000).toISOString();
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const r = await admin.staffAnalyticsLaneImpact({ from, to, baselineFrom: from, baselineTo: to });
    expect(r).toMatchObject({ lane: 'standard', fastlaneStartedAt: null, baseline: { source: 'chosen' }, first_response_p50_s: { difference: 0, ci95: [0, 0], periodN: 1 } });
  });

  it('answers the fast lane’s account, empty before any payment, and refuses agents and bad periods', async () => {
    const acct = await admin.staffAnalyticsFastlane({ to: new Date(Date.now() + 60_000).toISOString() });
    expect(acct).toMatchObject({ currency: 'eur', months: [], refundsByReason: [], byAgent: [], totals: { revenue_minor: 0, payments: 0, cost_minor: 0, margin_minor: 0 } });
    expect(acct.timeZone).toBeTruthy();
    const forbidden = (await agent.staffAnalyticsFastlane().catch((e: unknown) => e)) as AyudaApiError;
    expect(forbidden.status).toBe(403);
    const bad = (await admin.staffAnalyticsFastlane({ from: '2026-11-01T00:00:00Z', to: '2026-10-01T00:00:00Z' }).catch((e: unknown) => e)) as AyudaApiError;
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.fieldErrors)).toEqual(['query.from']);
  });

  it('refuses agents and bad input', async () => {
    const forbidden = (await agent.staffAnalyticsSummary().catch((e: unknown) => e)) as AyudaApiError;
    expect(forbidden).toBeInstanceOf(AyudaApiError);
    expect(forbidden.status).toBe(403);
    const bad = (await admin.staffAnalyticsSummary({ lane: 'slow' as never, from: 'ayer' }).catch((e: unknown) => e)) as AyudaApiError;
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(['query.from', 'query.lane']);
  });

  it('answers the figures day by day, both lanes side by side or one, and refuses too many buckets', async () => {
    const to = new Date(Date.now() + 60_000);
    const from = new Date(to.getTime() - 3 * 86_400_000);
    const both = await admin.staffAnalyticsSeries({ from: from.toISOString(), to: to.toISOString() });
    expect(both).toMatchObject({ interval: 'day', lane: null, currency: 'eur' });
    if (both.lane !== null) throw new Error('expected both lanes');
    expect(both.lanes.standard.length).toBeGreaterThanOrEqual(3);
    expect(both.lanes.standard.reduce((n, p) => n + p.cases, 0)).toBe(1);
    const fast = await admin.staffAnalyticsSeries({ from: from.toISOString(), to: to.toISOString(), lane: 'fast', interval: 'week' });
    expect(fast.lane === 'fast' && fast.points.every((p) => p.cases === 0)).toBe(true);
    const tooMany = (await admin.staffAnalyticsSeries({ from: '2024-01-01T00:00:00Z', to: '2025-06-01T00:00:00Z', interval: 'day' }).catch((e: unknown) => e)) as AyudaApiError;
    expect(tooMany.status).toBe(422);
    expect(Object.keys(tooMany.fieldErrors)).toEqual(['query.interval']);
  });
});
