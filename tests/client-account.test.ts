// @ayuda/client's "My requests" calls against the real server: a customer signed in with the
// site's identity token lists their cases, downloads the export as a ZIP, is refused a deletion
// without their address typed again, deletes, and an admin reads the record.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { AyudaApiError, AyudaClient } from '@ayuda/client';
import { AyudaStaffClient } from '@ayuda/client/staff';
import { startTestServer } from './helpers/server.js';

const SECRET = 'client-account-identity-secret-0123456789';
const jwt = (claims: Record<string, unknown>) => {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
};

describe('AyudaClient: my requests', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let customer: AyudaClient;
  let admin: AyudaStaffClient;
  beforeAll(async () => {
    server = await startTestServer('pglite', { AYUDA_IDENTITY_SECRET: SECRET });
    customer = new AyudaClient({ baseUrl: server.url, retryDelayMs: 1 });
    admin = new AyudaStaffClient({ baseUrl: server.url, staffToken: server.staffToken, retryDelayMs: 1 });
  });
  afterAll(() => server?.close());

  it('lists, exports, refuses a bad confirmation, deletes, and the company keeps the record', async () => {
    const email = 'lucia@example.com';
    const { token } = await customer.fastlaneIdentity({ token: jwt({ email, name: 'Lucía', exp: Math.floor(Date.now() / 1000) + 600 }), locale: 'es' });
    const created = await customer.submitCase({ name: 'Lucía', email, subject: 'Factura duplicada', description: 'Me habéis cobrado dos veces este mes.', locale: 'es' });

    const mine = await customer.account(token);
    expect(mine.cases).toEqual([expect.objectContaining({ reference: created.reference, open: true, trackingToken: created.trackingToken })]);
    expect(mine.canDelete).toBe(true);

    const zip = await customer.accountExport(token);
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    const data = JSON.parse(strFromU8(files['ayuda-export.json']!));
    expect(data).toMatchObject({ format: 'ayuda-account-export', version: 1, cases: [expect.objectContaining({ reference: created.reference })] });

    const bad = (await customer.accountDeletion(token, { confirmEmail: 'otra@example.com' }).catch((e: unknown) => e)) as AyudaApiError;
    expect(bad).toBeInstanceOf(AyudaApiError);
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.fieldErrors)).toEqual(['body.confirmEmail']);

    expect(await customer.accountDeletion(token, { confirmEmail: email })).toEqual({ deleted: true, cases: 1, attachments: 0, paymentsKept: 0 });
    expect(((await customer.account(token).catch((e: unknown) => e)) as AyudaApiError).status).toBe(401);
    const record = await admin.dataRequests({ limit: 10 });
    expect(record.requests.map((r) => r.kind)).toEqual(['deletion', 'export']);
  });
});
