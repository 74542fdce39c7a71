// Public holidays to import into the business hours (`sla` settings' `holidays`): a country's
// (and region's) days off for everyone in a year, from date-holidays, a maintained calendar of
// about 200 countries with their regions, in the language asked for. Nothing is saved here: the
// console adds the dates to the holidays list and the admin saves the section.
import Holidays from 'date-holidays';
import type { HolidayCountries, Locale, PublicHolidays } from '@ayuda/core';
import { notFound } from '../http/problem.js';

const countriesCache = new Map<Locale, HolidayCountries>();

/** Every country with a calendar, and its regions, named in `locale`, sorted by name. */
export function holidayCountries(locale: Locale): HolidayCountries {
  let out = countriesCache.get(locale);
  if (!out) {
    const hd = new Holidays();
    const byName = new Intl.Collator(locale).compare;
    const countries = Object.entries(hd.getCountries(locale)).map(([code, name]) => ({
      code,
      name,
      regions: Object.entries(hd.getStates(code, locale) ?? {})
        .map(([r, n]) => ({ code: r, name: n }))
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
