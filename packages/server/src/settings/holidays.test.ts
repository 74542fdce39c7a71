// The countries and regions offered for the holiday import: named in the language asked for (the
// console's), not in the calendar's mix of English and each country's own language, and sorted
// as that language sorts; a bad locale or an unknown country is refused as problem+json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, type HolidayCountries } from '@ayuda/core';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { holidayCountries } from './holidays.js';

const ENV = { AYUDA_RATE_LIMIT: '100000', AYUDA_STAFF_SIGNIN_LIMIT: '100000' };

/** The names of `codes` in `list`, by code. */
const namesOf = (list: HolidayCountries, codes: string[]) => Object.fromEntries(codes.map((code) => [code, list.countries.find((c) => c.code === code)?.name]));
const isSorted = (names: string[], locale: string) => {
  const byName = new Intl.Collator(locale).compare;
  return names.every((n, i) => i === 0 || byName(names[i - 1]!, n) <= 0);
};

describe('holidayCountries', () => {
  it('names countries in Spanish for locale es, sorted by Spanish collation', () => {
    const es = holidayCountries('es');
    expect(namesOf(es, ['DE', 'US', 'GR', 'JP', 'IM'])).toEqual({ DE: 'Alemania', US: 'Estados Unidos', GR: 'Grecia', JP: 'Japón', IM: 'Isla de Man' });
    const names = es.countries.map((c) => c.name);
    expect(names).not.toContain('Deutschland');
    expect(names).not.toContain('United States of America');
    expect(isSorted(names, 'es')).toBe(true);
    expect(names.indexOf('Alemania')).toBeLessThan(names.indexOf('Estados Unidos'));
    expect(names.indexOf('Estados Unidos')).toBeLessThan(names.indexOf('Japón'));
  });

  it('names countries in English for locale en, sorted by English collation', () => {
    const en = holidayCountries('en');
    expect(namesOf(en, ['DE', 'US', 'IT', 'JP'])).toEqual({ DE: 'Germany', US: 'United States', IT: 'Italy', JP: 'Japan' });
    expect(isSorted(en.countries.map((c) => c.name), 'en')).toBe(true);
  });

  it("names a country's regions in the calendar's words for the locale where it has them, sorted by the locale", () => {
    for (const locale of ['es', 'en'] as const) {
      for (const country of holidayCountries(locale).countries) {
        expect(isSorted(country.regions.map((r) => r.name), locale), `${locale} ${country.code}`).toBe(true);
      }
    }
    const regionOf = (locale: 'es' | 'en', code: string) => holidayCountries(locale).countries.find((c) => c.code === 'ES')!.regions.find((r) => r.code === code)?.name;
    expect(regionOf('es', 'CT')).toBe('Cataluña');
    expect([regionOf('es', 'CM'), regionOf('es', 'MC'), regionOf('en', 'MC')]).toEqual(['Castilla-La Mancha', 'Región de Murcia', 'Region of Murcia']);
    expect(regionOf('en', 'CT')).toBe('Catalonia');
    expect(regionOf('es', 'PV')).toBe('País Vasco');
  });

  it('offers every country and region the calendar has, with a name', () => {
    const es = holidayCountries('es');
    expect(es.countries.length).toBeGreaterThan(150);
    for (const c of es.countries) {
      expect(c.name, c.code).toMatch(/\S/);
      for (const r of c.regions) expect(r.name, `${c.code}-${r.code}`).toMatch(/\S/);
    }
  });
});

describe.each(testDatabases())('the holidays API on %s', (kind) => {
  let t: TestApp;
  let admin: SignedInStaff;

  beforeAll(async () => {
    t = await createTestApp(kind, { env: ENV, kb: false });
    await t.mail.stop();
    admin = await signInStaff(t, { role: 'admin' });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const get = (path: string) => t.request(`${API_PREFIX}/staff/holidays${path}`, { headers: admin.headers(false) });

  it('GET /countries?locale=es answers the countries in Spanish', async () => {
    const res = await get('/countries?locale=es');
    expect(res.status).toBe(200);
    const body = (await res.json()) as HolidayCountries;
    expect(namesOf(body, ['DE', 'US'])).toEqual({ DE: 'Alemania', US: 'Estados Unidos' });
    expect(body.countries.find((c) => c.code === 'ES')!.regions.map((r) => r.code)).toContain('MD');
    expect(isSorted(body.countries.map((c) => c.name), 'es')).toBe(true);
  });

  it('refuses an unknown locale and an unknown country as problem+json', async () => {
    const badLocale = await get('/countries?locale=xx');
    expect(badLocale.status).toBe(400);
    expect(badLocale.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await badLocale.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['query.locale']);

    const unknown = await get('/?country=ZZ&year=2027&locale=es');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
