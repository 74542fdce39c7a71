// The staff's private calendar feeds, through the HTTP API: made, renewed and revoked by the
// signed-in person (session cookie, CSRF on changes), the token kept only as its hash, and the
// public feed listing that person's booked appointments from 30 days ago on; a revoked, renewed,
// forged or malformed token answers 404, and nothing is cacheable by others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { expectProblem } from '../testing/problems.js';
import { insertAgent, insertAppointment, insertAppointmentType } from '../testing/appointment-rows.js';
import { auditLog, calendarFeeds, staffUsers } from '../db/schema.js';
import { AppointmentTokens } from './tokens.js';
import { icsLines, icsProp } from '../testing/ics.js';

const FEED = '/api/v1/staff/appointments/feed';
const pathOf = (url: string) => new URL(url).pathname;

/** The UIDs of every VEVENT of a calendar. */
const uids = (lines: string[]) => lines.filter((l) => l.startsWith('UID:')).map((l) => l.slice(4));

describe.each(testDatabases())('calendar feeds on %s', (kind) => {
  let t: TestApp;
  let ana: SignedInStaff;
  let ben: SignedInStaff;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false, env: { AYUDA_RATE_LIMIT: '10000' } });
    await t.mail.stop();
    ana = await signInStaff(t, { name: 'Ana Agente', locale: 'es' });
    ben = await signInStaff(t, { name: 'Ben Agent', locale: 'en' });
    const tokens = new AppointmentTokens(t.config.secret);
    const type = await insertAppointmentType(t.database, { mode: 'video' });
    const at = (staffUserId: number, start: string, extra: Partial<Parameters<typeof insertAppointment>[2]> = {}) => insertAppointment(t.database, tokens, { type, staffUserId, start, ...extra });
    // The clock reads 2026-11-20T10:00Z.
    ids.coming = await at(ana.user.id, '2026-11-24T09:00:00Z', { name: 'Carla Cliente', email: 'carla@example.com', lane: 'fast', notes: 'Router en el trastero' });
    ids.recent = await at(ana.user.id, '2026-11-10T09:00:00Z');
    ids.old = await at(ana.user.id, '2026-10-10T09:00:00Z');
    ids.cancelled = await at(ana.user.id, '2026-11-25T09:00:00Z', { status: 'cancelled' });
    ids.bens = await at(ben.user.id, '2026-11-24T09:00:00Z');
    ids.someoneElse = await at(await insertAgent(t.database), '2026-11-24T09:00:00Z');
  });
  afterAll(() => t?.dispose());

  const renew = (who: SignedInStaff) => t.request(FEED, { method: 'POST', headers: who.headers(true) });
  const fetchFeed = (path: string) => t.request(path);

  it('makes a feed URL shown once, keeps only its hash, and serves the person’s booked appointments from 30 days ago on', async () => {
    const before = await t.request(FEED, { headers: ana.headers() });
    expect(before.status).toBe(200);
    expect(before.headers.get('cache-control')).toBe('no-store');
    expect(await before.json()).toEqual({ url: null, createdAt: null });

    const made = await renew(ana);
    expect(made.status).toBe(201);
    expect(made.headers.get('cache-control')).toBe('no-store');
    const { url, createdAt } = (await made.json()) as { url: string; createdAt: string };
    expect(url).toMatch(/^http:\/\/help\.test\/api\/v1\/appointments\/feed\/[A-Za-z0-9_-]{43}$/);
    expect(createdAt).toBe('2026-11-20T10:00:00.000Z');
    const token = url.split('/').pop()!;
    const [row] = await t.database.db.select().from(calendarFeeds).where(eq(calendarFeeds.staffUserId, ana.user.id));
    expect(row!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    // Asked again, the URL is not shown: only that there is one.
    expect(await (await t.request(FEED, { headers: ana.headers() })).json()).toEqual({ url: null, createdAt: '2026-11-20T10:00:00.000Z' });

    const res = await fetchFeed(pathOf(url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const lines = icsLines(await res.text());
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(icsProp(lines, 'METHOD', 'calendar')).toEqual([]);
    expect(icsProp(lines, 'X-WR-CALNAME', 'calendar')).toEqual(['Nubefibra: citas de Ana Agente']);
    expect(uids(lines).sort()).toEqual([`${ids.recent}@help.test`, `${ids.coming}@help.test`].sort());
    // Soonest first; the coming one in Ana's language, with its customer.
    expect(uids(lines)).toEqual([`${ids.recent}@help.test`, `${ids.coming}@help.test`]);
    const coming = lines.slice(lines.lastIndexOf('BEGIN:VEVENT'));
    expect(icsProp(coming, 'SUMMARY')).toEqual(['Revisión de la instalación · Carla Cliente']);
    expect(icsProp(coming, 'DTSTART')).toEqual(['20261124T090000Z']);
    expect(icsProp(coming, 'LOCATION')).toEqual(['Videollamada']);
    const description = icsProp(coming, 'DESCRIPTION')[0]!;
    expect(description).toContain('Cliente: Carla Cliente <carla@example.com>');
    expect(description).toContain('Soporte prioritario');
    expect(description).toContain('Router en el trastero');

    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'calendar_feed.renew'));
    expect(audit.map((a) => a.target)).toContain(`staff:${ana.user.id}`);
  });

  it('writes each person’s feed in their language, with their appointments only', async () => {
    const { url } = (await (await renew(ben)).json()) as { url: string };
    const lines = icsLines(await (await fetchFeed(pathOf(url))).text());
    expect(icsProp(lines, 'X-WR-CALNAME', 'calendar')).toEqual(['Nubefibra: Ben Agent\'s appointments']);
    expect(uids(lines)).toEqual([`${ids.bens}@help.test`]);
    expect(icsProp(lines, 'SUMMARY')).toEqual(['Installation check · Ana Pérez']);
    expect(icsProp(lines, 'LOCATION')).toEqual(['Video call']);
  });

  it('renewing stops the old URL at once; revoking stops the feed', async () => {
    const first = ((await (await renew(ana)).json()) as { url: string }).url;
    const second = ((await (await renew(ana)).json()) as { url: string }).url;
    expect(second).not.toBe(first);
    await expectProblem(await fetchFeed(pathOf(first)), 404, 'not-found');
    expect((await fetchFeed(pathOf(second))).status).toBe(200);

    const revoked = await t.request(FEED, { method: 'DELETE', headers: ana.headers(true) });
    expect(revoked.status).toBe(204);
    await expectProblem(await fetchFeed(pathOf(second)), 404, 'not-found');
    expect(await (await t.request(FEED, { headers: ana.headers() })).json()).toEqual({ url: null, createdAt: null });
    // Revoking what is not there is no error.
    expect((await t.request(FEED, { method: 'DELETE', headers: ana.headers(true) })).status).toBe(204);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'calendar_feed.revoke'));
    expect(audit).toHaveLength(1);
  });

  it('answers 404 to forged and malformed tokens, alike', async () => {
    for (const token of [randomBytes(32).toString('base64url'), 'short', 'A'.repeat(43), `${'a'.repeat(42)}!`, 'x'.repeat(101)]) {
      const p = await expectProblem(await fetchFeed(`/api/v1/appointments/feed/${encodeURIComponent(token)}`), 404, 'not-found');
      expect(p.detail).toMatch(/No calendar feed/);
    }
  });

  it('stops a disabled person’s feed', async () => {
    const cleo = await signInStaff(t, { name: 'Cleo' });
    const { url } = (await (await renew(cleo)).json()) as { url: string };
    expect((await fetchFeed(pathOf(url))).status).toBe(200);
    await t.database.db.update(staffUsers).set({ disabledAt: t.clock.now() }).where(eq(staffUsers.id, cleo.user.id));
    await expectProblem(await fetchFeed(pathOf(url)), 404, 'not-found');
  });

  it('needs the session cookie, and its CSRF token to change anything; an API token is no person', async () => {
    await expectProblem(await t.request(FEED), 401, 'unauthorized');
    await expectProblem(await t.request(FEED, { method: 'POST' }), 401, 'unauthorized');
    await expectProblem(await t.request(FEED, { method: 'POST', headers: ana.headers(false) }), 403, 'csrf-failed');
    await expectProblem(await t.request(FEED, { method: 'POST', headers: { ...ana.headers(false), 'X-CSRF-Token': 'wrong' } }), 403, 'csrf-failed');
    await expectProblem(await t.request(FEED, { method: 'DELETE', headers: ana.headers(false) }), 403, 'csrf-failed');
    const { token } = await t.staffTokens.create('Script', 'admin');
    await expectProblem(await t.request(FEED, { headers: { Authorization: `Bearer ${token}` } }), 401, 'unauthorized');
    await expectProblem(await t.request(FEED, { method: 'POST', headers: { Authorization: `Bearer ${token}` } }), 401, 'unauthorized');
    // None of these made or removed a feed.
    expect(await (await t.request(FEED, { headers: ana.headers() })).json()).toEqual({ url: null, createdAt: null });
  });
});
