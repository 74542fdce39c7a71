// @ayuda/client/staff's public-holiday calls against the real server: the countries and regions
// an admin can import from, a country's and a region's public holidays in a year, bad input
// refused field by field, and agents refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AyudaApiError, AyudaStaffClient } from '@ayuda/client/staff';
import { startTestServer } from './helpers/server.js';

describe('AyudaStaffClient: public holidays to import', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let staff: AyudaStaffClient;
  beforeAll(async () => {
    // The calendar does not depend on the database: PGlite alone.
    server = await startTestServer('pglite');
    staff = new AyudaStaffClient({ baseUrl: server.url, staffToken: server.staffToken, retryDelayMs: 1 });
  });
  afterAll(() => server?.close());

  it('lists countries with their regions in the language asked for', async () => {
    const es = await staff.staffHolidayCountries('es');
    const spain = es.countries.find((c) => c.code === 'ES')!;
    expect(spain.name).toBe('España');
    expect(spain.regions.find((r) => r.code === 'MD')?.name).toBe('Comunidad de Madrid');
    expect((await staff.staffHolidayCountries('en')).countries.find((c) => c.code === 'ES')!.name).toBe('Spain');
    expect(es.countries.length).toBeGreaterThan(100);
  });

  it("gives a country's public holidays of a year, and a region's own on top, one per date", async () => {
    const national = await staff.staffPublicHolidays({ country: 'es', year: 2027 });
    expect(national).toMatchObject({ country: 'ES', region: null, year: 2027 });
    const dates = national.holidays.map((h) => h.date);
    expect(dates).toEqual(expect.arrayContaining(['2027-01-01', '2027-01-06', '2027-10-12', '2027-12-25']));
    expect(dates).not.toContain('2027-05-03');
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
    expect(national.holidays.find((h) => h.date === '2027-12-25')!.name).toBe('Navidad');

    const madrid = await staff.staffPublicHolidays({ country: 'ES', region: 'MD', year: 2027, locale: 'en' });
    const may3 = madrid.holidays.filter((h) => h.date === '2027-05-03');
    expect(may3).toHaveLength(1);
    expect(madrid.holidays.find((h) => h.date === '2027-12-25')!.name).toBe('Christmas Day');
  });

  it('refuses bad input field by field, unknown calendars with 404, and agents with 403', async () => {
    const bad = (await staff.staffPublicHolidays({ country: 'Spain', region: 'M-D', year: 1900 }).catch((e: unknown) => e)) as AyudaApiError;
    expect(bad).toBeInstanceOf(AyudaApiError);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(['query.country', 'query.region', 'query.year']);
    const missingYear = (await staff.staffPublicHolidays({ country: 'ES' } as never).catch((e: unknown) => e)) as AyudaApiError;
    expect(Object.keys(missingYear.fieldErrors)).toEqual(['query.year']);
    expect(((await staff.staffPublicHolidays({ country: 'XX', year: 2027 }).catch((e: unknown) => e)) as AyudaApiError).status).toBe(404);
    expect(((await staff.staffPublicHolidays({ country: 'ES', region: 'ZZ', year: 2027 }).catch((e: unknown) => e)) as AyudaApiError).status).toBe(404);

    const { token } = await server.ayuda.staffTokens.create('Agente', 'agent');
    const agent = new AyudaStaffClient({ baseUrl: server.url, staffToken: token, retryDelayMs: 1 });
    expect(((await agent.staffPublicHolidays({ country: 'ES', year: 2027 }).catch((e: unknown) => e)) as AyudaApiError).status).toBe(403);
    expect(((await agent.staffHolidayCountries().catch((e: unknown) => e)) as AyudaApiError).status).toBe(403);
  });
});
