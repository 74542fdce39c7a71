// @ayuda/client/staff's calls for time, opportunities and the reply preview, against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AyudaClient } from '@ayuda/client';
import { AyudaApiError, AyudaStaffClient } from '@ayuda/client/staff';
import { startTestServer } from './helpers/server.js';
import { staffUsers } from '../packages/server/src/db/schema.js';

describe('AyudaStaffClient: time, opportunities and preview (staff token)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let staff: AyudaStaffClient;
  let reference: string;
  let entryId: number;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    staff = new AyudaStaffClient({ baseUrl: server.url, staffToken: server.staffToken, retryDelayMs: 1 });
    const created = await new AyudaClient({ baseUrl: server.url }).submitCase({ name: 'Ana', email: 'ana.time@example.com', subject: 'Sin fibra', description: 'La fibra no llega desde ayer.', locale: 'es' });
    reference = created.reference;
    const now = new Date();
    const [row] = await server.database.db.insert(staffUsers).values({ email: 'ana.agent@example.com', name: 'Ana', role: 'agent', hourlyCost: 3000, createdAt: now, updatedAt: now }).returning();
    const person = { kind: 'user' as const, id: row!.id, name: 'Ana', role: 'agent' as const };
    const entry = await server.ayuda.time.addManual(reference, person, { startedAt: new Date(now.getTime() - 3_600_000).toISOString(), endedAt: now.toISOString() });
    entryId = entry.id;
    await server.ayuda.opportunities.create(reference, person, { product: '=Fibra 1 Gb', value: 2999 });
  });
  afterAll(() => server?.close());

  it('reads, changes and deletes time; a token gets a typed 403 for the timer', async () => {
    const time = await staff.caseTime(reference);
    expect(time.totalSeconds).toBe(3600);
    expect((await staff.updateTime(entryId, { note: 'Revisado' })).note).toBe('Revisado');
    expect((await staff.timeSummary()).users[0]).toMatchObject({ seconds: 3600, cost: 3000 });
    const refused = await staff.startTimer(reference).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AyudaApiError);
    expect((refused as AyudaApiError).type).toBe('forbidden');
    await staff.deleteTime(entryId);
    expect((await staff.caseTime(reference)).entries).toEqual([]);
    const gone = await staff.deleteTime(entryId).catch((e: unknown) => e);
    expect((gone as AyudaApiError).status).toBe(404);
  });

  it('lists and exports opportunities, and previews a reply', async () => {
    expect((await staff.opportunities()).opportunities.map((o) => o.product)).toEqual(['=Fibra 1 Gb']);
    const csv = await staff.opportunitiesCsv({ locale: 'en' });
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('id,date,case,customer,email,agent,product,value,currency,note');
    expect(csv).toContain(",'=Fibra 1 Gb,29.99,EUR,");
    expect((await staff.preview('**Hola** <script>x</script>')).html).toBe('<p><strong>Hola</strong> &lt;script&gt;x&lt;/script&gt;</p>');
  });
});
