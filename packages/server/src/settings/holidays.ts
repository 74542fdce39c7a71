// Public holidays to import into the business hours (`sla` settings' `holidays`): a country's
// (and region's) days off for everyone in a year, from date-holidays, a maintained calendar of
// about 200 countries with their regions, in the language asked for. Nothing is saved here: the
// console adds the dates to the holidays list and the admin saves the section.
//
// Country names come from Intl (CLDR), not from date-holidays: its `getCountries(lang)` only
// knows the country's own languages and English, so for Spanish it answered "Deutschland",
// "日本" and "United States of America". Regions have no Intl names; date-holidays' own are
// used, in the language asked for where it has them, and REGION_NAMES where it has none that the
// language uses (Spain's two regions it names in English alone; the demo company is Spanish).
import Holidays from 'date-holidays';
import type { HolidayCountries, Locale, PublicHolidays } from '@ayuda/core';
import { notFound } from '../http/problem.js';

const countriesCache = new Map<Locale, HolidayCountries>();

/** Names of regions that date-holidays gives in another language only, by locale, `COUNTRY-REGION`. */
const REGION_NAMES: Partial<Record<Locale, Record<string, string>>> = {
  es: { 'ES-CM': 'Castilla-La Mancha', 'ES-MC': 'Región de Murcia' },
  en: { 'ES-MC': 'Region of Murcia' },
};

/** Every country with a calendar, and its regions, named in `locale` (regions where the calendar has that language's name), sorted by name in `locale`. */
export function holidayCountries(locale: Locale): HolidayCountries {
  let out = countriesCache.get(locale);
  if (!out) {
    const hd = new Holidays();
    const byName = new Intl.Collator(locale).compare;
    const countryNames = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    const countries = Object.entries(hd.getCountries(locale)).map(([code, name]) => ({
      code,
      name: countryNames.of(code) ?? name,
      regions: Object.entries(hd.getStates(code, locale) ?? {})
        .map(([r, n]) => ({ code: r, name: REGION_NAMES[locale]?.[`${code}-${r}`] ?? n }))
        .sort((a, b) => byName(a.name, b.name)),
    }));
    out = { countries: countries.sort((a, b) => byName(a.name, b.name)) };
    countriesCache.set(locale, out);
  }
  return out;
}

/** The public holidays of `country` (and `region`) in `year`, one per date (a substitute day named once). */
export function publicHolidays(q: { country: string; region?: string | undefined; year: number; locale: Locale }): PublicHolidays {
  const hd = new Holidays();
  const regions = hd.getStates(q.country, q.locale);
  if (!hd.getCountries(q.locale)[q.country]) throw notFound(`No holiday calendar for the country "${q.country}".`);
  if (q.region && !regions?.[q.region]) throw notFound(`No holiday calendar for the region "${q.region}" of ${q.country}.`);
  const opts = { languages: [q.locale], types: ['public' as const] };
  const cal = q.region ? new Holidays(q.country, q.region, opts) : new Holidays(q.country, opts);
  const byDate = new Map<string, string>();
  for (const h of cal.getHolidays(q.year, q.locale)) {
    if (h.type !== 'public') continue;
    const date = h.date.slice(0, 10);
    // The first name of a date wins: "Día de la Comunidad de Madrid" over its "(día sustituto)".
    if (!byDate.has(date)) byDate.set(date, h.name);
  }
  const holidays = [...byDate].map(([date, name]) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date));
  return { country: q.country, region: q.region ?? null, year: q.year, holidays };
}
