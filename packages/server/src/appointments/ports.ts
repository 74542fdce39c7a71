// What the appointments capability tells the rest of the server, and what it is told: the shapes
// its service hands to mail (notifier.ts), to the portal's pages and to the calendar feed.
import type { Locale } from '@ayuda/core';
import type { Tx } from '../db/client.js';

/** An appointment with what a mail, a page or a calendar entry needs to show it. */
export interface AppointmentRecord {
  id: string;
  typeKey: string;
  typeName: { es: string; en: string };
  mode: 'phone' | 'video' | 'in_person';
  staffUserId: number;
  staffName: string;
  startsAt: Date;
  endsAt: Date;
  status: 'booked' | 'cancelled';
  lane: 'standard' | 'fast';
  inReserve: boolean;
  name: string;
  email: string;
  locale: Locale;
  phone: string | null;
  notes: string | null;
  caseReference: string | null;
  /** iCalendar SEQUENCE: raised at every change. */
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface MoveProposalRecord {
  id: number;
  appointment: AppointmentRecord;
  status: 'pending' | 'accepted' | 'refused' | 'lapsed' | 'withdrawn';
  proposedStart: Date;
  /** Every start offered, the proposed one first. */
  options: Date[];
  reason: string;
  proposedByName: string;
  expiresAt: Date;
}

/**
 * Mail to the appointment's customer, written to the outbox in the transaction that made the
 * change (so a rolled-back booking sends nothing). `manageToken` is the private token of the
 * customer's links (manage page, cancel, reschedule, .ics): an HMAC of the appointment's id
 * with the server's secret (tokens.ts), so any later mail (the reminder) can give it again;
 * the database keeps its SHA-256 to find the appointment.
 */
export interface AppointmentNotifier {
  booked(tx: Tx, a: AppointmentRecord, manageToken: string): Promise<void>;
  moved(tx: Tx, a: AppointmentRecord, from: { startsAt: Date; endsAt: Date }, manageToken: string, proposal?: MoveProposalRecord): Promise<void>;
  cancelled(tx: Tx, a: AppointmentRecord, by: 'customer' | 'staff', reason: string | null): Promise<void>;
  /** The customer is asked to accept another time; `token` is the proposal's private token. */
  proposed(tx: Tx, p: MoveProposalRecord, token: string): Promise<void>;
}
