// @ayuda/client/staff's settings calls against the real server: list, one section, a save
// guarded by If-Match (412 when someone else changed it), per-field 422s, reset to the start
// value, the history and a restore; an agent token is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AyudaApiError, AyudaStaffClient } from '@ayuda/client/staff';
import { startTestServer } from './helpers/server.js';
import { testDatabases } from '../packages/server/src/testing/db.js';

describe.each(testDatabases())('AyudaStaffClient: settings on %s', (kind) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let admin: AyudaStaffClient;
  beforeAll(async () => {
    server = await startTestServer(kind, { AYUDA_MAIL_FROM: 'Nubefibra <ayuda@nubefibra.example>' });
    admin = new AyudaStaffClient({ baseUrl: server.url, staffToken: server.staffToken, retryDelayMs: 1 });
  });
  afterAll(() => server?.close());

  const failure = (p: Promise<unknown>) => p.then(() => new Error('expected a refusal'), (e: unknown) => e) as Promise<AyudaApiError>;

  it('lists the sections and reads one with where its values come from', async () => {
    const all = await admin.staffSettings();
    expect(all.map((s) => s.section)).toEqual(['sla', 'company', 'fastlane', 'captcha', 'limits', 'origins', 'mail', 'appearance']);
    const company = await admin.staffSettingsSection('company');
    expect(company.value.name).toBe('Nubefibra');
    expect(company.fields.name).toBe('env');
    expect(company.version).toBe(0);
    expect(company.updatedBy).toBeNull();
    const unknown = await failure(admin.staffSettingsSection('nope' as 'company'));
    expect(unknown.status).toBe(400);
    expect(unknown.fieldErrors['params.section']).toBeTruthy();
  });

  it('saves with If-Match, refuses a stale version with 412 and a bad value with per-field 422', async () => {
    const before = await admin.staffSettingsSection('mail');
    expect(before.source).toBe('env');
    const saved = await admin.staffUpdateSettings('mail', { from: 'Soporte <soporte@nubefibra.example>' }, { ifMatch: before.version });
    expect(saved.value.from).toBe('Soporte <soporte@nubefibra.example>');
    expect(saved.source).toBe('console');
    expect(saved.fields.from).toBe('console');
    expect(saved.version).toBe(before.version + 1);
    expect(saved.updatedBy?.name).toBe('e2e');

    const stale = await failure(admin.staffUpdateSettings('mail', { from: 'otra@nubefibra.example' }, { ifMatch: before.version }));
    expect(stale.status).toBe(412);
    expect((await admin.staffSettingsSection('mail')).value.from).toBe('Soporte <soporte@nubefibra.example>');

    const bad = await failure(admin.staffUpdateSettings('origins', { origins: ['https://ok.example', 'https://bad.example/path'] }));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.fieldErrors)).toEqual(['body.origins.1']);
  });

  it('resets to the start value, lists the history and restores a revision', async () => {
    const saved = await admin.staffUpdateSettings('company', { name: 'Nubefibra Telecom', defaultLocale: 'en' });
    const reset = await admin.staffResetSettings('company', { ifMatch: saved.version });
    expect(reset.value).toEqual({ name: 'Nubefibra', defaultLocale: 'es' });
    expect(reset.source).toBe(reset.startSource);
    expect(reset.version).toBe(saved.version + 1);
    const staleReset = await failure(admin.staffResetSettings('company', { ifMatch: saved.version }));
    expect(staleReset.status).toBe(412);

    const history = await admin.staffSettingsRevisions('company');
    expect(history.map((r) => r.value)).toEqual([null, { name: 'Nubefibra Telecom', defaultLocale: 'en' }]);
    expect(history[0]!.changedByName).toBe('e2e');
    const restored = await admin.staffRestoreSettings('company', history[1]!.id, { ifMatch: reset.version });
    expect(restored.value.name).toBe('Nubefibra Telecom');
    expect(restored.version).toBe(reset.version + 1);
    const missing = await failure(admin.staffRestoreSettings('company', 999_999));
    expect(missing.status).toBe(404);
    await admin.staffResetSettings('company');
  });

  it('refuses an agent token every settings call with 403', async () => {
    const { token } = await admin.staffCreateToken({ name: 'Agent script', role: 'agent' });
    const agent = new AyudaStaffClient({ baseUrl: server.url, staffToken: token, retryDelayMs: 1 });
    for (const call of [() => agent.staffSettings(), () => agent.staffSettingsSection('sla'), () => agent.staffUpdateSettings('mail', { from: 'a@b.example' }), () => agent.staffResetSettings('mail'), () => agent.staffSettingsRevisions('mail'), () => agent.staffRestoreSettings('mail', 1)]) {
      expect((await failure(call())).status).toBe(403);
    }
  });
});
