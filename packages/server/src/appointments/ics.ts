// iCalendar (RFC 5545) files of appointments: the invitation mailed to the customer
// (METHOD:REQUEST, RFC 5546), its cancellation (METHOD:CANCEL), and a staff member's private
// feed. Every file of one appointment carries the same UID and the appointment's SEQUENCE,
// raised at each change, so a calendar updates the entry it holds instead of adding another.
// Times are written in UTC; the texts are in the reader's language.
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { formatDateTime, type Locale } from '@ayuda/core';
import type { AppointmentRecord } from './ports.js';

export interface IcsContext {
  /** The company: the organizer's name. */
  company: string;
  /** The organizer's address (the mail's From). */
  organizerEmail: string;
  /** The host after `@` in every UID (the public URL's): the same for the mails and the feed. */
  uidHost: string;
  /** The company's zone, for the times written in the description. */
  timeZone: string;
  /** DTSTAMP: when the file was made. */
  now: Date;
}

/**
 * REQUEST: the invitation a mail carries (add or update); CANCEL: its removal; PUBLISH: the file
 * downloaded from the manage page, a copy with no invitation in it (RFC 5546 3.2.1: no ATTENDEE).
 */
export type IcsMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

/** The iCalendar UID of an appointment. */
export const icsUid = (appointmentId: string, host: string): string => `${appointmentId}@${host}`;

/** The content type of an .ics mail part, with its iTIP method as RFC 6047 asks. */
export const icsContentType = (method: IcsMethod | null): string => `text/calendar; charset=utf-8${method ? `; method=${method}` : ''}`;

const MODE = {
  es: { phone: 'Llamada telefónica', video: 'Videollamada', in_person: 'En persona' },
  en: { phone: 'Phone call', video: 'Video call', in_person: 'In person' },
} as const;

/** RFC 5545 ends every content line with CRLF, the last one too; ical-generator leaves the last one bare. */
const terminated = (text: string) => (text.endsWith('\r\n') ? text : `${text}\r\n`);

const PRODUCT = (locale: Locale) => ({ company: 'Ayuda', product: 'Appointments', language: locale.toUpperCase() });

/** Where it happens, as a calendar shows it: how, and the number called for a phone appointment. */
function location(a: AppointmentRecord, locale: Locale, company: string): string {
  const how = MODE[locale][a.mode];
  if (a.mode === 'phone' && a.phone) return `${how}: ${a.phone}`;
  if (a.mode === 'in_person') return `${how}: ${company}`;
  return how;
}

/**
 * One appointment for its customer, in their language: METHOD:REQUEST to add or update it
 * (booked, moved, reminded), METHOD:CANCEL with STATUS:CANCELLED to remove it, METHOD:PUBLISH
 * for the download (cancelled when the appointment is).
 */
export function appointmentIcs(a: AppointmentRecord, method: IcsMethod, ctx: IcsContext & { manageUrl: string | null }): string {
  const locale = a.locale;
  const es = locale === 'es';
  const when = formatDateTime(locale, ctx.timeZone, a.startsAt);
  const cancelled = method === 'CANCEL' || a.status === 'cancelled';
  const live = !cancelled && ctx.manageUrl !== null;
  const cal = ical({ prodId: PRODUCT(locale), method: ICalCalendarMethod[method] });
  cal.createEvent({
    id: icsUid(a.id, ctx.uidHost),
    sequence: a.sequence,
    stamp: ctx.now,
    start: a.startsAt,
    end: a.endsAt,
    summary: `${a.typeName[locale]} · ${ctx.company}`,
    description: [
      es ? `${a.typeName[locale]} con ${a.staffName} (${ctx.company}).` : `${a.typeName[locale]} with ${a.staffName} (${ctx.company}).`,
      `${es ? 'Cuándo' : 'When'}: ${when} (${ctx.timeZone})`,
      ...(a.caseReference ? [`${es ? 'Consulta' : 'Request'}: ${a.caseReference}`] : []),
      ...(live ? [es ? `Para cambiarla o cancelarla: ${ctx.manageUrl}` : `To move or cancel it: ${ctx.manageUrl}`] : []),
    ].join('\n'),
    location: location(a, locale, ctx.company),
    ...(live ? { url: ctx.manageUrl } : {}),
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: ctx.company, email: ctx.organizerEmail },
    attendees: method === 'PUBLISH' ? [] : [{ name: a.name, email: a.email, role: ICalAttendeeRole.REQ, status: cancelled ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED, rsvp: false }],
    created: a.createdAt,
    lastModified: a.updatedAt,
  });
  return terminated(cal.toString());
}

/** How often a calendar subscribed to a feed should fetch it again (REFRESH-INTERVAL / X-PUBLISHED-TTL), in seconds. */
export const FEED_REFRESH_S = 15 * 60;

/**
 * A staff member's appointments as a subscribed calendar, in their language: no METHOD (it is
 * published, not sent), one event per booked appointment with its customer in the description.
 */
export function feedIcs(owner: { name: string; locale: Locale }, list: AppointmentRecord[], ctx: IcsContext & { fastLaneName: (l: Locale) => string }): string {
  const locale = owner.locale;
  const es = locale === 'es';
  const cal = ical({
    prodId: PRODUCT(locale),
    name: es ? `${ctx.company}: citas de ${owner.name}` : `${ctx.company}: ${owner.name}'s appointments`,
    ttl: FEED_REFRESH_S,
  });
  for (const a of list) {
    cal.createEvent({
      id: icsUid(a.id, ctx.uidHost),
      sequence: a.sequence,
      stamp: ctx.now,
      start: a.startsAt,
      end: a.endsAt,
      summary: `${a.typeName[locale]} · ${a.name}`,
      description: [
        `${es ? 'Cliente' : 'Customer'}: ${a.name} <${a.email}>`,
        ...(a.phone ? [`${es ? 'Teléfono' : 'Phone'}: ${a.phone}`] : []),
        `${es ? 'Modalidad' : 'Mode'}: ${MODE[locale][a.mode]}`,
        ...(a.lane === 'fast' ? [ctx.fastLaneName(locale)] : []),
        ...(a.caseReference ? [`${es ? 'Consulta' : 'Request'}: ${a.caseReference}`] : []),
        ...(a.notes ? ['', a.notes] : []),
      ].join('\n'),
      location: location(a, locale, ctx.company),
      status: ICalEventStatus.CONFIRMED,
      created: a.createdAt,
      lastModified: a.updatedAt,
    });
  }
  return terminated(cal.toString());
}
