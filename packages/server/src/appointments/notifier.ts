// The appointment mails (the AppointmentNotifier of ports.ts): confirmation, change,
// cancellation and reminder, each with the appointment's .ics attached, and the proposal to move
// one, which changes nothing until its customer accepts. Written to the outbox in the caller's
// transaction, in the customer's language, every time in the company's zone with the zone named.
import { API_PREFIX } from '@ayuda/core';
import type { Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import { enqueueMail, type MailAttachment } from '../mail/outbox.js';
import type { AppointmentMailVars } from '../mail/templates.js';
import type { AppointmentNotifier, AppointmentRecord, MoveProposalRecord } from './ports.js';
import { appointmentIcs, icsContentType, type IcsContext, type IcsMethod } from './ics.js';
import type { AppointmentTokens } from './tokens.js';

export interface AppointmentMailerDeps {
  clock: Clock;
  /** Read at each mail: the settings may change them without a restart. */
  config: { readonly publicUrl: string; readonly companyName: string; readonly mailFrom: string };
  /** The company's IANA zone (the business hours'). */
  timeZone: () => string;
  /** Gives the manage link again for mails about an appointment sent without one (the proposal). */
  tokens: AppointmentTokens;
}

/** The customer's links, from the private tokens of the mails. */
export const appointmentLinks = (publicUrl: string) => ({
  manage: (token: string) => `${publicUrl}/portal/appointments/manage/${token}`,
  ics: (token: string) => `${publicUrl}${API_PREFIX}/appointments/manage/${token}/ics`,
  proposal: (token: string) => `${publicUrl}/portal/appointments/proposals/${token}`,
});

/** The address in a From header (`Name <a@b>` or `a@b`). */
export const addressOf = (from: string): string => (/<([^<>]*)>\s*$/.exec(from)?.[1] ?? from).trim();

const ICS_NAME = { es: 'cita.ics', en: 'appointment.ics' } as const;

export class AppointmentMailer implements AppointmentNotifier {
  constructor(private readonly deps: AppointmentMailerDeps) {}

  /** What the .ics files of this moment share. */
  icsContext(): IcsContext {
    const { config, timeZone, clock } = this.deps;
    return { company: config.companyName, organizerEmail: addressOf(config.mailFrom), uidHost: new URL(config.publicUrl).hostname, timeZone: timeZone(), now: clock.now() };
  }

  /** What every appointment mail says of it, without links. */
  #base(a: AppointmentRecord): Omit<AppointmentMailVars, 'manageUrl' | 'icsUrl'> {
    return {
      company: this.deps.config.companyName,
      name: a.name,
      type: a.typeName[a.locale],
      mode: a.mode,
      start: a.startsAt.toISOString(),
      minutes: Math.round((a.endsAt.getTime() - a.startsAt.getTime()) / 60_000),
      timeZone: this.deps.timeZone(),
      agent: a.staffName,
      phone: a.phone,
    };
  }

  #vars(a: AppointmentRecord, manageToken: string): AppointmentMailVars {
    const links = appointmentLinks(this.deps.config.publicUrl);
    return { ...this.#base(a), manageUrl: links.manage(manageToken), icsUrl: links.ics(manageToken) };
  }

  #ics(a: AppointmentRecord, method: IcsMethod, manageUrl: string | null): MailAttachment {
    return { filename: ICS_NAME[a.locale], contentType: icsContentType(method), content: Buffer.from(appointmentIcs(a, method, { ...this.icsContext(), manageUrl }), 'utf8') };
  }

  /**
   * The appointment as the file its manage page offers (`GET /appointments/manage/{token}/ics`):
   * METHOD:PUBLISH, the same UID and SEQUENCE as the mails' invitations, cancelled when it is.
   */
  calendarFile(a: AppointmentRecord, manageToken: string): MailAttachment {
    return this.#ics(a, 'PUBLISH', appointmentLinks(this.deps.config.publicUrl).manage(manageToken));
  }

  async booked(tx: Tx, a: AppointmentRecord, manageToken: string): Promise<void> {
    const vars = this.#vars(a, manageToken);
    await enqueueMail(tx, this.deps.clock.now(), a.email, a.locale, { template: 'appointment_booked', vars }, { attachments: [this.#ics(a, 'REQUEST', vars.manageUrl)] });
  }

  /** The reminder (reminders.ts): the booking's mail again, shorter, 24 hours before. */
  async reminder(tx: Tx, a: AppointmentRecord, manageToken: string): Promise<void> {
    const vars = this.#vars(a, manageToken);
    await enqueueMail(tx, this.deps.clock.now(), a.email, a.locale, { template: 'appointment_reminder', vars }, { attachments: [this.#ics(a, 'REQUEST', vars.manageUrl)] });
  }

  async moved(tx: Tx, a: AppointmentRecord, from: { startsAt: Date; endsAt: Date }, manageToken: string, proposal?: MoveProposalRecord): Promise<void> {
    const vars = { ...this.#vars(a, manageToken), previousStart: from.startsAt.toISOString(), accepted: proposal !== undefined };
    await enqueueMail(tx, this.deps.clock.now(), a.email, a.locale, { template: 'appointment_moved', vars }, { attachments: [this.#ics(a, 'REQUEST', vars.manageUrl)] });
  }

  async cancelled(tx: Tx, a: AppointmentRecord, by: 'customer' | 'staff', reason: string | null): Promise<void> {
    await enqueueMail(tx, this.deps.clock.now(), a.email, a.locale, { template: 'appointment_cancelled', vars: { ...this.#base(a), by, reason } }, { attachments: [this.#ics(a, 'CANCEL', null)] });
  }

  async proposed(tx: Tx, p: MoveProposalRecord, token: string): Promise<void> {
    const a = p.appointment;
    const vars = { ...this.#base(a), manageUrl: appointmentLinks(this.deps.config.publicUrl).manage(this.deps.tokens.manage(a.id)) };
    const proposed = p.proposedStart.getTime();
    await enqueueMail(tx, this.deps.clock.now(), a.email, a.locale, {
      template: 'appointment_move_proposed',
      vars: {
        ...vars,
        proposedStart: p.proposedStart.toISOString(),
        others: p.options.filter((o) => o.getTime() !== proposed).map((o) => o.toISOString()),
        reason: p.reason,
        proposedBy: p.proposedByName,
        expiresAt: p.expiresAt.toISOString(),
        proposalUrl: appointmentLinks(this.deps.config.publicUrl).proposal(token),
      },
    });
  }
}
