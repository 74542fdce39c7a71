// Roles, walked from the OpenAPI document: every operation marked `x-ayuda-role: admin` refuses
// an agent (a signed-in agent with cookie and CSRF token, and an agent-role API token) with 403
// problem `forbidden`, while an admin gets past the check; and every operation marked `agent`
// treats an agent as it treats an admin (nothing else is refused to agents).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '@ayuda/core';
import { openApiDocument } from './openapi.js';
import { createTestApp, type TestApp } from './testing/app.js';
import { testDatabases } from './testing/db.js';
import { signInStaff, type SignedInStaff } from './testing/staff.js';

type Op = { operationId: string; method: string; path: string; role: string | undefined; hasBody: boolean };
const doc = openApiDocument(`http://help.test${API_PREFIX}`, '0.0.0-test');
const operations: Op[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, o]) => {
    const op = o as { operationId: string; 'x-ayuda-role'?: string; requestBody?: unknown };
    return { operationId: op.operationId, method: method.toUpperCase(), path, role: op['x-ayuda-role'], hasBody: op.requestBody !== undefined };
  }),
);
const adminOps = operations.filter((o) => o.role === 'admin');
const agentOps = operations.filter((o) => o.role === 'agent');

/** A request that reaches each operation without changing anything: ids and references that do not exist, an empty body. */
function request(op: Op, headers: Record<string, string>): [string, RequestInit] {
  const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'reference' ? 'NF-999999' : name === 'locale' ? 'es' : '999999'));
  return [url, { method: op.method, headers: { ...headers, ...(op.hasBody ? { 'Content-Type': 'application/json' } : {}) }, ...(op.hasBody ? { body: '{}' } : {}) }];
}

describe('the document marks who may call each staff operation', () => {
  it('marks every staff operation with the least role it needs, and the admins’ ones as admin', () => {
    const staffOnly = operations.filter((o) => o.path.startsWith(`${API_PREFIX}/staff/`) && o.role === undefined).map((o) => o.operationId);
    // Only the ways in are open to anyone: sign-in, mailed links and setting a password.
    expect(staffOnly.sort()).toEqual(['staffRequestLink', 'staffSetPassword', 'staffSignIn', 'staffVerifyLink']);
    expect(adminOps.map((o) => o.operationId)).toEqual(
      expect.arrayContaining(['staffAudit', 'staffCreateUser', 'staffUpdateUser', 'staffUserPasswordLink', 'staffOpportunities', 'staffOpportunitiesCsv', 'staffTimeSummary', 'staffTokens', 'staffCreateToken', 'staffRevokeToken']),
    );
    // Reading the team is for everyone (assigning cases); hourly costs in it are for admins (tested in staff.test.ts).
    expect(agentOps.map((o) => o.operationId)).toContain('staffUsers');
  });
});

describe.each(testDatabases())('roles on %s, for every operation of the document', (kind) => {
  let t: TestApp;
  let agent: SignedInStaff;
  let admin: SignedInStaff;
  let agentToken: string;
  let adminToken: string;

  /** The session's headers, after signing in again if the last request ended it (signing out is an operation too). */
  async function live(who: 'agent' | 'admin', mutating: boolean): Promise<Record<string, string>> {
    const s = who === 'agent' ? agent : admin;
    if ((await t.request(`${API_PREFIX}/staff/session`, { headers: s.headers() })).status !== 200) {
      const again = await signInStaff(t, { email: s.user.email, role: who });
      if (who === 'agent') agent = again;
      else admin = again;
      return again.headers(mutating);
    }
    return s.headers(mutating);
  }

  async function call(op: Op, headers: Record<string, string>): Promise<{ status: number; type: string | undefined }> {
    const [url, init] = request(op, headers);
    const res = await t.request(url, init);
    const isJson = /json/.test(res.headers.get('content-type') ?? '');
    const body = isJson ? ((await res.json()) as { type?: string }) : (await res.body?.cancel(), {});
    return { status: res.status, type: body.type?.split('/').pop() };
  }

  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false, env: { AYUDA_CASE_PREFIX: 'NF', AYUDA_STAFF_SIGNIN_LIMIT: '1000', AYUDA_RATE_LIMIT: '100000' } });
    await t.mail.stop();
    agent = await signInStaff(t, { role: 'agent' });
    admin = await signInStaff(t, { role: 'admin' });
    agentToken = (await t.staffTokens.create('Agent script', 'agent')).token;
    adminToken = (await t.staffTokens.create('Admin script', 'admin')).token;
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it.each(adminOps.map((o) => [`${o.method} ${o.path} (${o.operationId})`, o] as const))('%s refuses agents with 403 forbidden; admins get past', async (_name, op) => {
    const mutating = op.method !== 'GET';
    expect(await call(op, await live('agent', mutating)), 'agent session').toEqual({ status: 403, type: 'forbidden' });
    expect(await call(op, { Authorization: `Bearer ${agentToken}` }), 'agent token').toEqual({ status: 403, type: 'forbidden' });
    const asAdmin = await call(op, await live('admin', mutating));
    const asAdminToken = await call(op, { Authorization: `Bearer ${adminToken}` });
    for (const r of [asAdmin, asAdminToken]) {
      expect(r.status, `an admin on ${op.operationId}: ${JSON.stringify(r)}`).not.toBe(403);
      expect(r.status).toBeLessThan(500);
    }
  });

  it.each(agentOps.map((o) => [`${o.method} ${o.path} (${o.operationId})`, o] as const))('%s answers an agent as it answers an admin', async (_name, op) => {
    const mutating = op.method !== 'GET';
    const asAgent = await call(op, await live('agent', mutating));
    const asAdmin = await call(op, await live('admin', mutating));
    expect(asAgent, 'a session').toEqual(asAdmin);
    expect(asAgent.status).toBeLessThan(500);
    // Tokens: alike too (endpoints that record a person's work refuse both, as scripts are no person).
    expect(await call(op, { Authorization: `Bearer ${agentToken}` }), 'a token').toEqual(await call(op, { Authorization: `Bearer ${adminToken}` }));
  });
});
