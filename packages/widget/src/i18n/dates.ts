// How the widget writes a date to a customer: with @ayuda/core's formatter, the one the portal's
// pages and the mails use, so a due time reads the same everywhere (in the company's time zone,
// the zone named when the time is shown, one style per language). Zod-free entry point.
import { formatDate, formatDateTime } from '@ayuda/core/format';

/** `iso` in `timeZone` (the company's; the browser's when unknown), with the time and zone unless `time` is false. */
export function dateText(locale: string, timeZone: string | null | undefined, iso: string | null | undefined, time = true): string {
  const l = locale === 'en' ? 'en' : 'es';
  const zone = timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
  return time ? formatDateTime(l, zone, iso) : formatDate(l, zone, iso);
}
