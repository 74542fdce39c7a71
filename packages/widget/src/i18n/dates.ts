// How the widget writes a date to a customer, the same way as the portal's pages and the mails
// (packages/server/src/portal/cases.ts `fmt`): in the company's time zone, the zone named when
// the time is shown, one style per language ("5 de marzo de 2025 a las 10:00 CET").

/** `iso` in `timeZone` (the company's; the browser's when unknown), with the time and zone unless `time` is false. */
export function dateText(locale: string, timeZone: string | null | undefined, iso: string | null | undefined, time = true): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale === 'en' ? 'en' : 'es', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(time ? { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' } : {}),
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}
