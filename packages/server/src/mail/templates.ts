// Customer mail (and the staff's sign-in mail), in Spanish and English, as plain text and HTML.
// Every value is escaped in the HTML version, except a staff reply given already rendered and
// sanitised (`bodyHtml`).
import { formatDateTime, formatWindow, type Locale } from '@ayuda/core';
import { surveyStrings } from '../surveys/i18n.js';
import type { SurveyMail } from '../surveys/service.js';

export type MailTemplate =
  | { template: 'case_received'; vars: { company: string; name: string; reference: string; subject: string; trackingUrl: string; firstResponseDue: string | null; timeZone?: string; replyByMail?: boolean } }
  | {
      template: 'agent_replied';
      /** `body` is the reply as written (markdown, quoted as is in the text part); `bodyHtml` the same rendered and already sanitised, for the HTML part. */
      vars: { company: string; name: string; reference: string; subject: string; trackingUrl: string; agent: string; body: string; bodyHtml?: string; reopenDays?: number; replyByMail?: boolean; survey?: SurveyMail | null };
    }
  | { template: 'case_solved'; vars: { company: string; name: string; reference: string; subject: string; trackingUrl: string; reopenDays: number; replyByMail?: boolean; survey?: SurveyMail | null } }
  | { template: 'tracking_links'; vars: { company: string; name: string; cases: Array<{ reference: string; subject: string; trackingUrl: string }> } }
  | { template: 'login_code'; vars: { company: string; code: string; minutes: number } }
  | { template: 'staff_sign_in_link'; vars: { company: string; name: string; url: string; minutes: number } }
  | { template: 'staff_invite'; vars: { company: string; name: string; url: string; days: number } }
  | { template: 'staff_password_reset'; vars: { company: string; name: string; url: string; days: number } }
  | {
      template: 'fastlane_receipt';
      vars: {
        company: string;
        name: string;
        service: string;
        plan: string;
        /** What was paid, tax included, formatted. */
        amount: string;
        /** The tax included in `amount`, when the company configures one. */
        tax?: { label: string; rate: number; amount: string } | null;
        /** The case a per-incident payment is for. */
        reference: string | null;
        trackingUrl: string | null;
        firstResponseDue: string | null;
        timeZone?: string;
      };
    }
  | { template: 'refund_made'; vars: { company: string; name: string; service: string; amount: string; reason: string; reference: string | null } }
  | { template: 'refund_pending'; vars: { company: string; name: string; service: string; reference: string | null } }
  | { template: 'subscription_canceled'; vars: { company: string; name: string; service: string; endsAt: string | null; refund: string | null } }
  | { template: 'payment_failed'; vars: { company: string; name: string; service: string; portalHint: boolean } }
  | { template: 'account_deleted'; vars: { company: string; cases: number; attachments: number; paymentsKept: number } }
  | { template: 'email_reply_refused'; vars: EmailReplyRefusedVars }
  | { template: 'appointment_booked'; vars: AppointmentMailVars }
  | { template: 'appointment_reminder'; vars: AppointmentMailVars }
  /** `previousStart`: where it was; `accepted`: moved because the customer accepted a proposal. */
  | { template: 'appointment_moved'; vars: AppointmentMailVars & { previousStart: string; accepted: boolean } }
  | { template: 'appointment_cancelled'; vars: Omit<AppointmentMailVars, 'manageUrl' | 'icsUrl'> & { by: 'customer' | 'staff'; reason: string | null } }
  | {
      template: 'appointment_move_proposed';
      /** `start` is the appointment's current time; `others` the other times offered besides `proposedStart`. */
      vars: Omit<AppointmentMailVars, 'icsUrl'> & { proposedStart: string; others: string[]; reason: string; proposedBy: string; expiresAt: string; proposalUrl: string };
    }
  /** A callback was asked for (callbacks/service.ts): the number as we read it, and the window. */
  | { template: 'callback_requested'; vars: { company: string; name: string; phone: string; windowStart: string; windowEnd: string; timeZone: string; callbackUrl: string } }
  /** A callback gave up: three unanswered attempts, or the number is not the customer's. */
  | { template: 'callback_failed'; vars: { company: string; name: string; phone: string; reason: 'unanswered' | 'wrong_number'; attempts: number; callbackUrl: string; contactUrl: string } };

/** What every appointment mail says of it, in the customer's language (instants in ISO 8601). */
export interface AppointmentMailVars {
  company: string;
  name: string;
  /** The type's name in the customer's language. */
  type: string;
  mode: 'phone' | 'video' | 'in_person';
  start: string;
  minutes: number;
  /** The company's IANA zone: every time is written in it, with the zone named. */
  timeZone: string;
  agent: string;
  /** The number the customer is called on (a phone appointment). */
  phone: string | null;
  /** The private page to see, move or cancel it. */
  manageUrl: string;
  /** The same appointment as an .ics file (API). */
  icsUrl: string;
}

/** Why a reply by email was not added to its case (mail/inbound.ts), told to whoever sent it. */
export type EmailReplyRefusedVars =
  /** The sender is not the case's customer: nothing about the case is said. */
  | { company: string; reason: 'not_customer'; newCaseUrl: string }
  /** The case is closed, or solved longer ago than the reopen window. */
  | { company: string; reason: 'closed'; reference: string; subject: string; newCaseUrl: string }
  /** An attachment broke the form's limits: nothing was added, so the customer can send it again without it. */
  | { company: string; reason: 'attachments'; reference: string; subject: string; trackingUrl: string; files: Array<{ name: string; problem: 'too_large' | 'type' | 'empty' | 'too_many' }>; maxMb: number; maxFiles: number }
  /** The text is longer than a reply may be. */
  | { company: string; reason: 'too_long'; reference: string; subject: string; trackingUrl: string; maxChars: number };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const paragraphs = (s: string) => s.split(/\n{2,}/).map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`).join('\n');

/** A due time in the company's time zone, with the zone named so nobody misreads it (the portal and widget use the same style). */
/** The line that says a case mail can be answered by email (it carries the case's reply address). */
const replyByMailLine = (es: boolean) => (es ? 'También puedes responder a este correo.' : 'You can also reply to this email.');

const due = (locale: Locale, iso: string | null, timeZone = 'Europe/Madrid'): string => formatDateTime(locale, timeZone, iso);

interface Block {
  subject: string;
  lines: string[];
  link?: { url: string; label: string };
  quote?: string;
  /** The quote as sanitised HTML, when it is (a staff reply rendered from markdown); else `quote` is escaped. */
  quoteHtml?: string;
  /** Lines after the quote. */
  after?: string[];
  /** One-click answers to a survey question, after the link. */
  survey?: { question: string; prompt: string; choices: Array<{ label: string; url: string }>; more: { label: string; url: string } };
}

/** A solved case's survey question as one-click choices (the first question; the page has the rest). */
function surveyBlock(locale: Locale, company: string, survey: SurveyMail | null | undefined): Pick<Block, 'survey'> {
  if (!survey) return {};
  const s = surveyStrings(locale);
  const ends = s.ends(survey.question);
  return {
    survey: {
      question: `${s.question(survey.question, survey.names ?? { company, service: '' })}${ends ? ` (${ends[0]}; ${ends[1]})` : ''}`,
      prompt: s.mailPrompt,
      choices: survey.scores.map((c) => ({ label: s.score(survey.question, c.score), url: c.url })),
      more: { label: s.mailMore, url: survey.pageUrl },
    },
  };
}

/** An appointment's time in the company's zone, named twice (its abbreviation and its IANA name) so nobody elsewhere misreads it. */
const slotTime = (locale: Locale, iso: string, timeZone: string) => `${formatDateTime(locale, timeZone, iso)} (${timeZone})`;

const MODE_NAMES = {
  es: { phone: 'llamada telefónica', video: 'videollamada', in_person: 'en persona' },
  en: { phone: 'phone call', video: 'video call', in_person: 'in person' },
} as const;

/**
 * The lines that say what, when, with whom and how. `live: false` leaves out the number we will
 * call (a cancelled appointment); `current` names the time as the one it has now (a proposal).
 */
function appointmentLines(locale: Locale, v: Omit<AppointmentMailVars, 'manageUrl' | 'icsUrl'>, opts: { live?: boolean; current?: boolean } = {}): string[] {
  const { start } = v;
  const live = opts.live ?? true;
  const when = opts.current ? (locale === 'es' ? 'Hora actual' : 'Current time') : locale === 'es' ? 'Cuándo' : 'When';
  const es = locale === 'es';
  const mode = MODE_NAMES[locale][v.mode];
  return [
    es ? `Cita: ${v.type} (${mode}, ${v.minutes} minutos)` : `Appointment: ${v.type} (${mode}, ${v.minutes} minutes)`,
    `${when}: ${slotTime(locale, start, v.timeZone)}`,
    es ? `Con: ${v.agent}` : `With: ${v.agent}`,
    ...(live && v.mode === 'phone' && v.phone ? [es ? `Te llamaremos al ${v.phone}.` : `We will call you on ${v.phone}.`] : []),
  ];
}

/** Where the calendar file is (`updates`: it replaces the one sent before), and how to change or cancel. */
function appointmentAfter(locale: Locale, v: Pick<AppointmentMailVars, 'icsUrl'>, updates = false): string[] {
  const es = locale === 'es';
  return [
    updates
      ? es ? `El archivo .ics adjunto actualiza la cita en tu calendario. También puedes descargarlo aquí: ${v.icsUrl}` : `The attached .ics file updates the appointment in your calendar. You can also download it here: ${v.icsUrl}`
      : es ? `Adjuntamos la cita como archivo .ics para tu calendario. También puedes descargarlo aquí: ${v.icsUrl}` : `The appointment is attached as an .ics file for your calendar. You can also download it here: ${v.icsUrl}`,
    es ? 'Para cambiarla de hora o cancelarla, usa este enlace privado (no lo compartas):' : 'To move or cancel it, use this private link (do not share it):',
  ];
}

function blocks(locale: Locale, m: MailTemplate): Block {
  const es = locale === 'es';
  switch (m.template) {
    case 'appointment_booked': {
      const v = m.vars;
      return {
        subject: es ? `Cita confirmada: ${v.type}, ${formatDateTime(locale, v.timeZone, v.start)}` : `Appointment confirmed: ${v.type}, ${formatDateTime(locale, v.timeZone, v.start)}`,
        lines: [es ? `Hola, ${v.name}:` : `Hello ${v.name},`, es ? 'Tu cita está confirmada.' : 'Your appointment is confirmed.', ...appointmentLines(locale, v), ...appointmentAfter(locale, v)],
        link: { url: v.manageUrl, label: es ? 'Ver, cambiar o cancelar mi cita' : 'View, move or cancel my appointment' },
      };
    }
    case 'appointment_reminder': {
      const v = m.vars;
      return {
        subject: es ? `Recordatorio: ${v.type}, ${formatDateTime(locale, v.timeZone, v.start)}` : `Reminder: ${v.type}, ${formatDateTime(locale, v.timeZone, v.start)}`,
        lines: [es ? `Hola, ${v.name}:` : `Hello ${v.name},`, es ? 'Te recordamos tu cita:' : 'A reminder of your appointment:', ...appointmentLines(locale, v), ...appointmentAfter(locale, v)],
        link: { url: v.manageUrl, label: es ? 'Ver, cambiar o cancelar mi cita' : 'View, move or cancel my appointment' },
      };
    }
    case 'appointment_moved': {
      const v = m.vars;
      return {
        subject: es ? `Tu cita ha cambiado: ${v.type}, ahora ${formatDateTime(locale, v.timeZone, v.start)}` : `Your appointment has changed: ${v.type}, now ${formatDateTime(locale, v.timeZone, v.start)}`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          v.accepted
            ? es ? 'Has aceptado la nueva hora que te propusimos, así que hemos movido tu cita.' : 'You accepted the new time we proposed, so we have moved your appointment.'
            : es ? 'Hemos movido tu cita, como pediste.' : 'We have moved your appointment, as you asked.',
          es ? `Antes: ${slotTime(locale, v.previousStart, v.timeZone)}` : `Before: ${slotTime(locale, v.previousStart, v.timeZone)}`,
          ...appointmentLines(locale, v),
          ...appointmentAfter(locale, v, true),
        ],
        link: { url: v.manageUrl, label: es ? 'Ver, cambiar o cancelar mi cita' : 'View, move or cancel my appointment' },
      };
    }
    case 'appointment_cancelled': {
      const v = m.vars;
      return {
        subject: es ? `Cita cancelada: ${v.type}, ${formatDateTime(locale, v.timeZone, v.start)}` : `Appointment cancelled: ${v.type}, ${formatDateTime(locale, v.timeZone, v.start)}`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          v.by === 'customer'
            ? es ? 'Hemos cancelado tu cita, como pediste.' : 'We have cancelled your appointment, as you asked.'
            : es ? `Lo sentimos: hemos tenido que cancelar tu cita.${v.reason ? ` Motivo: ${v.reason}` : ''}` : `We are sorry: we have had to cancel your appointment.${v.reason ? ` Reason: ${v.reason}` : ''}`,
          ...appointmentLines(locale, v, { live: false }),
          es ? 'El archivo .ics adjunto la quita de tu calendario.' : 'The attached .ics file removes it from your calendar.',
          es ? 'Si necesitas otra cita, puedes reservarla cuando quieras.' : 'If you need another appointment, you can book one at any time.',
        ],
      };
    }
    case 'appointment_move_proposed': {
      const v = m.vars;
      return {
        subject: es ? `¿Podemos mover tu cita? ${v.type}, ${formatDateTime(locale, v.timeZone, v.start)}` : `Can we move your appointment? ${v.type}, ${formatDateTime(locale, v.timeZone, v.start)}`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          es ? `${v.proposedBy} te propone mover tu cita a otra hora.` : `${v.proposedBy} asks whether your appointment can move to another time.`,
          ...appointmentLines(locale, v, { current: true }),
          es ? `Hora propuesta: ${slotTime(locale, v.proposedStart, v.timeZone)}` : `Proposed time: ${slotTime(locale, v.proposedStart, v.timeZone)}`,
          ...(v.others.length ? [es ? 'Otras horas que también puedes elegir:' : 'Other times you can choose instead:', ...v.others.map((o) => `- ${slotTime(locale, o, v.timeZone)}`)] : []),
          es ? `Motivo: ${v.reason}` : `Reason: ${v.reason}`,
          es
            ? `Nada cambia si no lo aceptas: si rechazas la propuesta o no respondes antes del ${slotTime(locale, v.expiresAt, v.timeZone)}, tu cita se queda como está.`
            : `Nothing changes unless you accept: if you refuse or do not answer by ${slotTime(locale, v.expiresAt, v.timeZone)}, your appointment stays as it is.`,
          es ? `Hasta entonces tu cita sigue en pie; puedes verla aquí: ${v.manageUrl}` : `Until then your appointment stands; you can see it here: ${v.manageUrl}`,
          es ? 'Para aceptar una de estas horas o rechazar la propuesta, usa este enlace privado (no lo compartas):' : 'To accept one of these times or refuse, use this private link (do not share it):',
        ],
        link: { url: v.proposalUrl, label: es ? 'Responder a la propuesta' : 'Answer the proposal' },
      };
    }
    case 'case_received': {
      const v = m.vars;
      return {
        subject: es ? `[${v.reference}] Hemos recibido tu consulta: ${v.subject}` : `[${v.reference}] We have received your request: ${v.subject}`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          es ? `Hemos recibido tu consulta «${v.subject}» con la referencia ${v.reference}.` : `We have received your request “${v.subject}” with reference ${v.reference}.`,
          ...(v.firstResponseDue
            ? [es ? `Te responderemos como muy tarde el ${due(locale, v.firstResponseDue, v.timeZone)}.` : `We will answer by ${due(locale, v.firstResponseDue, v.timeZone)} at the latest.`]
            : []),
          ...(v.replyByMail ? [replyByMailLine(es)] : []),
          es ? 'Puedes seguirla y responder desde este enlace privado (no lo compartas):' : 'You can follow it and reply through this private link (do not share it):',
        ],
        link: { url: v.trackingUrl, label: es ? 'Ver mi consulta' : 'View my request' },
      };
    }
    case 'agent_replied': {
      // With `reopenDays`, the reply also solved the case: one mail says both.
      const v = m.vars;
      const solved = v.reopenDays !== undefined;
      return {
        subject: solved
          ? es
            ? `[${v.reference}] Tu consulta está resuelta`
            : `[${v.reference}] Your request is solved`
          : es
            ? `[${v.reference}] Nueva respuesta a tu consulta`
            : `[${v.reference}] New reply to your request`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          solved
            ? es
              ? `${v.agent} ha respondido a tu consulta «${v.subject}» y la ha marcado como resuelta:`
              : `${v.agent} has replied to your request “${v.subject}” and marked it as solved:`
            : es
              ? `${v.agent} ha respondido a tu consulta «${v.subject}»:`
              : `${v.agent} has replied to your request “${v.subject}”:`,
        ],
        quote: v.body,
        ...(v.bodyHtml !== undefined ? { quoteHtml: v.bodyHtml } : {}),
        ...(solved || v.replyByMail
          ? {
              after: [
                ...(solved ? [es ? `Si no está resuelta, responde en los próximos ${v.reopenDays} días y la reabriremos.` : `If it is not, reply within ${v.reopenDays} days and we will reopen it.`] : []),
                ...(v.replyByMail ? [replyByMailLine(es)] : []),
              ],
            }
          : {}),
        link: { url: v.trackingUrl, label: es ? 'Responder' : 'Reply' },
        ...surveyBlock(locale, v.company, v.survey),
      };
    }
    case 'case_solved': {
      const v = m.vars;
      return {
        subject: es ? `[${v.reference}] Tu consulta está resuelta` : `[${v.reference}] Your request is solved`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          es ? `Hemos marcado como resuelta tu consulta «${v.subject}».` : `We have marked your request “${v.subject}” as solved.`,
          es
            ? `Si no lo está, responde en los próximos ${v.reopenDays} días y la reabriremos.`
            : `If it is not, reply within ${v.reopenDays} days and we will reopen it.`,
          ...(v.replyByMail ? [replyByMailLine(es)] : []),
        ],
        link: { url: v.trackingUrl, label: es ? 'Ver mi consulta' : 'View my request' },
        ...surveyBlock(locale, v.company, v.survey),
      };
    }
    case 'login_code': {
      const v = m.vars;
      return {
        subject: es ? `Tu código para ${v.company}: ${v.code}` : `Your ${v.company} code: ${v.code}`,
        lines: [
          es ? `Tu código es ${v.code}.` : `Your code is ${v.code}.`,
          es ? `Caduca en ${v.minutes} minutos. Si no lo has pedido tú, ignora este correo.` : `It expires in ${v.minutes} minutes. If you did not ask for it, ignore this email.`,
        ],
      };
    }
    case 'staff_sign_in_link': {
      const v = m.vars;
      return {
        subject: es ? `Tu enlace para entrar en la consola de ${v.company}` : `Your sign-in link to the ${v.company} console`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          es ? `Entra en la consola con este enlace. Solo sirve una vez y caduca en ${v.minutes} minutos.` : `Sign in to the console with this link. It works once and expires in ${v.minutes} minutes.`,
          es ? 'Si no lo has pedido tú, ignora este correo: nadie puede entrar sin él.' : 'If you did not ask for it, ignore this email: nobody can sign in without it.',
        ],
        link: { url: v.url, label: es ? 'Entrar en la consola' : 'Sign in to the console' },
      };
    }
    case 'staff_invite': {
      const v = m.vars;
      return {
        subject: es ? `Tu cuenta en la consola de ${v.company}` : `Your account in the ${v.company} console`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          es ? `Tienes una cuenta en la consola de atención al cliente de ${v.company}. Elige tu contraseña con este enlace; solo sirve una vez y caduca en ${v.days} días.` : `You have an account in the ${v.company} support console. Choose your password with this link; it works once and expires in ${v.days} days.`,
        ],
        link: { url: v.url, label: es ? 'Elegir mi contraseña' : 'Choose my password' },
      };
    }
    case 'staff_password_reset': {
      const v = m.vars;
      return {
        subject: es ? `Nueva contraseña para la consola de ${v.company}` : `A new password for the ${v.company} console`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          es ? `Un administrador de ${v.company} te envía este enlace para elegir una contraseña nueva. Solo sirve una vez y caduca en ${v.days} días; tu contraseña actual sigue valiendo hasta que lo uses.` : `An admin of ${v.company} sent you this link to choose a new password. It works once and expires in ${v.days} days; your current password still works until you use it.`,
          es ? 'Si no esperabas este correo, díselo a tu administrador.' : 'If you did not expect this email, tell your admin.',
        ],
        link: { url: v.url, label: es ? 'Elegir una contraseña nueva' : 'Choose a new password' },
      };
    }
    case 'fastlane_receipt': {
      const v = m.vars;
      return {
        subject: v.reference
          ? es ? `[${v.reference}] Recibo: ${v.service} · ${v.amount}` : `[${v.reference}] Receipt: ${v.service} · ${v.amount}`
          : es ? `Recibo: ${v.service} · ${v.amount}` : `Receipt: ${v.service} · ${v.amount}`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          v.reference
            ? es ? `Hemos recibido tu pago de ${v.amount} por ${v.service} para tu consulta ${v.reference}.` : `We have received your payment of ${v.amount} for ${v.service} on your request ${v.reference}.`
            : es ? `Hemos recibido tu pago de ${v.amount} por ${v.service} (${v.plan}).` : `We have received your payment of ${v.amount} for ${v.service} (${v.plan}).`,
          ...(v.tax ? [es ? `Incluye ${v.tax.label} (${v.tax.rate} %): ${v.tax.amount}.` : `Includes ${v.tax.label} (${v.tax.rate}%): ${v.tax.amount}.`] : []),
          ...(v.reference
            ? [es ? `Tu consulta ${v.reference} ya tiene atención prioritaria.` : `Your request ${v.reference} now has priority support.`]
            : [es ? 'Todas tus consultas tendrán atención prioritaria mientras dure la suscripción.' : 'All your requests get priority support while the subscription lasts.']),
          ...(v.firstResponseDue ? [es ? `Te responderemos como muy tarde el ${due(locale, v.firstResponseDue, v.timeZone)}.` : `We will answer by ${due(locale, v.firstResponseDue, v.timeZone)} at the latest.`] : []),
        ],
        ...(v.trackingUrl ? { link: { url: v.trackingUrl, label: es ? 'Ver mi consulta' : 'View my request' } } : {}),
      };
    }
    case 'refund_made': {
      const v = m.vars;
      return {
        subject: es ? `Reembolso de ${v.amount}` : `Refund of ${v.amount}`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          es ? `Te hemos devuelto ${v.amount} de ${v.service}${v.reference ? ` (${v.reference})` : ''}. Motivo: ${v.reason}.` : `We have refunded ${v.amount} of ${v.service}${v.reference ? ` (${v.reference})` : ''}. Reason: ${v.reason}.`,
          es ? 'Lo verás en tu tarjeta en 5 a 10 días.' : 'It will show on your card in 5 to 10 days.',
        ],
      };
    }
    case 'refund_pending': {
      const v = m.vars;
      return {
        subject: es ? 'Hemos recibido tu solicitud de reembolso' : 'We have received your refund request',
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          es ? `Un agente revisará tu solicitud de reembolso de ${v.service}${v.reference ? ` (${v.reference})` : ''} y te escribiremos con la respuesta.` : `An agent will review your refund request for ${v.service}${v.reference ? ` (${v.reference})` : ''} and we will write to you with the answer.`,
        ],
      };
    }
    case 'subscription_canceled': {
      const v = m.vars;
      return {
        subject: es ? `${v.service}: suscripción cancelada` : `${v.service}: subscription cancelled`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          v.endsAt
            ? es ? `Tu suscripción seguirá activa hasta el ${v.endsAt} y no se renovará.` : `Your subscription stays active until ${v.endsAt} and will not renew.`
            : es ? 'Tu suscripción ha terminado hoy.' : 'Your subscription ended today.',
          ...(v.refund ? [es ? `Te devolvemos ${v.refund} por el tiempo que no vas a usar.` : `We are refunding ${v.refund} for the time you will not use.`] : []),
        ],
      };
    }
    case 'payment_failed': {
      const v = m.vars;
      return {
        subject: es ? `${v.service}: no hemos podido cobrar la renovación` : `${v.service}: we could not charge the renewal`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          es ? 'No hemos podido cobrar la renovación de tu suscripción. Revisa tu forma de pago para no perder la atención prioritaria.' : 'We could not charge your subscription renewal. Check your payment method to keep priority support.',
        ],
      };
    }
    case 'account_deleted': {
      // No name: this row outlives the deletion until it is sent (then it is purged), so it
      // carries nothing of the person but the address it goes to.
      const v = m.vars;
      const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
      return {
        subject: es ? `Hemos borrado tus datos de ${v.company}` : `We have deleted your ${v.company} data`,
        lines: [
          es ? 'Hola:' : 'Hello,',
          es
            ? `Como nos pediste, hemos borrado tus datos: ${n(v.cases, 'consulta anonimizada', 'consultas anonimizadas')} (tu nombre, tu dirección de correo y lo que escribiste) y ${n(v.attachments, 'archivo adjunto eliminado', 'archivos adjuntos eliminados')}. Tus sesiones están cerradas.`
            : `As you asked, we have deleted your data: ${n(v.cases, 'request anonymised', 'requests anonymised')} (your name, your email address and what you wrote) and ${n(v.attachments, 'attachment erased', 'attachments erased')}. Your sessions are closed.`,
          ...(v.paymentsKept
            ? [es
                ? `La ley tributaria nos obliga a conservar ${n(v.paymentsKept, 'registro de pago', 'registros de pago')} (importe, fecha, reembolsos) durante el plazo legal; en nuestros registros ya no llevan tu nombre ni tu dirección de correo.`
                : `Tax law requires us to keep ${n(v.paymentsKept, 'payment record', 'payment records')} (amount, date, refunds) for the legal period; in our records they no longer carry your name or email address.`]
            : []),
          es ? 'Este es el último correo que te enviamos a esta dirección. Si no lo pediste tú, escríbenos cuanto antes.' : 'This is the last email we send to this address. If you did not ask for this, contact us as soon as possible.',
        ],
      };
    }
    case 'email_reply_refused': {
      const v = m.vars;
      const problem = (p: 'too_large' | 'type' | 'empty' | 'too_many', maxMb: number, maxFiles: number) =>
        ({
          too_large: es ? `pesa más de ${maxMb} MB` : `is larger than ${maxMb} MB`,
          type: es ? 'no es de un tipo que aceptemos (imágenes, PDF o texto)' : 'is not a type we accept (images, PDF or plain text)',
          empty: es ? 'está vacío' : 'is empty',
          too_many: es ? `sobra: aceptamos como mucho ${maxFiles} archivos por mensaje` : `is one too many: we take at most ${maxFiles} files per message`,
        })[p];
      switch (v.reason) {
        case 'not_customer':
          return {
            subject: es ? `No hemos podido añadir tu correo a la consulta` : `We could not add your email to the request`,
            lines: [
              es ? 'Hola:' : 'Hello,',
              es
                ? `Has escrito a una dirección de respuesta de ${v.company}. Cada una pertenece a una consulta, y solo acepta respuestas de la dirección de correo con la que se abrió. Tu mensaje no se ha añadido a ninguna consulta.`
                : `You wrote to a ${v.company} reply address. Each belongs to one request and only takes replies from the email address the request was made with. Your message was not added to any request.`,
              es ? 'Si la consulta es tuya, responde desde esa dirección; si no, abre una consulta nueva:' : 'If the request is yours, reply from that address; if not, open a new request:',
            ],
            link: { url: v.newCaseUrl, label: es ? 'Abrir una consulta' : 'Open a request' },
          };
        case 'closed':
          return {
            subject: es ? `[${v.reference}] Esta consulta está cerrada` : `[${v.reference}] This request is closed`,
            lines: [
              es ? 'Hola:' : 'Hello,',
              es
                ? `Tu consulta «${v.subject}» (${v.reference}) está cerrada y ya no admite respuestas, así que no hemos añadido tu mensaje. Si necesitas más ayuda, abre una consulta nueva y menciona ${v.reference}:`
                : `Your request “${v.subject}” (${v.reference}) is closed and takes no more replies, so your message was not added. If you need more help, open a new request and mention ${v.reference}:`,
            ],
            link: { url: v.newCaseUrl, label: es ? 'Abrir una consulta' : 'Open a request' },
          };
        case 'attachments':
          return {
            subject: es ? `[${v.reference}] No hemos podido añadir tu respuesta` : `[${v.reference}] We could not add your reply`,
            lines: [
              es ? 'Hola:' : 'Hello,',
              es
                ? `No hemos añadido tu respuesta a la consulta «${v.subject}» porque un archivo adjunto no cumple los límites:`
                : `We did not add your reply to your request “${v.subject}” because an attachment breaks the limits:`,
              ...v.files.map((f) => `- ${f.name}: ${problem(f.problem, v.maxMb, v.maxFiles)}`),
              es ? 'Vuelve a enviarla sin ese archivo, o responde desde el enlace de tu consulta:' : 'Send it again without that file, or reply through your request\'s link:',
            ],
            link: { url: v.trackingUrl, label: es ? 'Ver mi consulta' : 'View my request' },
          };
        case 'too_long':
          return {
            subject: es ? `[${v.reference}] No hemos podido añadir tu respuesta` : `[${v.reference}] We could not add your reply`,
            lines: [
              es ? 'Hola:' : 'Hello,',
              es
                ? `Tu respuesta a la consulta «${v.subject}» supera los ${v.maxChars} caracteres que admite una respuesta, así que no la hemos añadido. Envíala más corta o en varias partes:`
                : `Your reply to your request “${v.subject}” is longer than the ${v.maxChars} characters a reply may have, so it was not added. Send it shorter or in parts:`,
            ],
            link: { url: v.trackingUrl, label: es ? 'Ver mi consulta' : 'View my request' },
          };
      }
    }
    case 'callback_requested': {
      const v = m.vars;
      const window = formatWindow(locale, v.timeZone, v.windowStart, v.windowEnd);
      return {
        subject: es ? `Te llamaremos: ${window}` : `We will call you: ${window}`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          es ? `Hemos recibido tu petición de llamada. Te llamaremos al ${v.phone} en este horario: ${window}.` : `We have your request for a call. We will call you on ${v.phone} in this window: ${window}.`,
          es ? 'Si el número no es correcto o ya no necesitas la llamada, pide otra con el número bueno o escríbenos.' : 'If the number is wrong or you no longer need the call, ask for another with the right number or write to us.',
        ],
        link: { url: v.callbackUrl, label: es ? 'Pedir otra llamada' : 'Ask for another call' },
      };
    }
    case 'callback_failed': {
      const v = m.vars;
      return {
        subject: es ? 'No hemos podido hablar contigo por teléfono' : 'We could not reach you by phone',
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          v.reason === 'wrong_number'
            ? es
              ? `Te hemos llamado al ${v.phone}, pero el número no es el tuyo, así que hemos cerrado tu petición de llamada.`
              : `We called ${v.phone}, but the number is not yours, so we have closed your request for a call.`
            : es
              ? `Te hemos llamado ${v.attempts} veces al ${v.phone} sin poder hablar contigo, así que hemos cerrado tu petición de llamada.`
              : `We called ${v.phone} ${v.attempts} times without reaching you, so we have closed your request for a call.`,
          es ? `Si aún necesitas ayuda, pide otra llamada en otro horario o escríbenos: ${v.contactUrl}` : `If you still need help, ask for another call at another time or write to us: ${v.contactUrl}`,
        ],
        link: { url: v.callbackUrl, label: es ? 'Pedir otra llamada' : 'Ask for another call' },
      };
    }
    case 'tracking_links': {
      const v = m.vars;
      return {
        subject: es ? `Los enlaces de tus consultas en ${v.company}` : `Links to your ${v.company} requests`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          es ? 'Estos son los enlaces privados de tus consultas. No los compartas.' : 'Here are the private links to your requests. Do not share them.',
          ...v.cases.map((c) => `${c.reference} · ${c.subject}: ${c.trackingUrl}`),
        ],
      };
    }
  }
}

export function renderMail(locale: Locale, m: MailTemplate): RenderedMail {
  const b = blocks(locale, m);
  const company = m.vars.company;
  const sign = locale === 'es' ? `El equipo de atención al cliente de ${company}` : `The ${company} support team`;
  const text = [
    ...b.lines,
    ...(b.quote ? ['', ...b.quote.split('\n').map((l) => `> ${l}`), ''] : []),
    ...(b.after ?? []),
    ...(b.link ? [`${b.link.label}: ${b.link.url}`] : []),
    ...(b.survey ? ['', b.survey.question, b.survey.prompt, ...b.survey.choices.map((c) => `${c.label}: ${c.url}`), `${b.survey.more.label}: ${b.survey.more.url}`] : []),
    '',
    sign,
  ].join('\n');
  const linkify = (line: string) => esc(line).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>');
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${esc(b.subject)}</title></head>
<body style="font-family:Arial,sans-serif;line-height:1.5;color:#1b1f24;max-width:36rem">
${b.lines.map((l) => `<p>${linkify(l)}</p>`).join('\n')}
${b.quote ? `<blockquote style="border-left:3px solid #0b5cad;margin:1rem 0;padding-left:1rem">${b.quoteHtml ?? paragraphs(b.quote)}</blockquote>` : ''}
${(b.after ?? []).map((l) => `<p>${linkify(l)}</p>`).join('\n')}
${b.link ? `<p><a href="${esc(b.link.url)}" style="background:#0b5cad;color:#fff;padding:.6rem 1rem;border-radius:6px;text-decoration:none">${esc(b.link.label)}</a></p><p style="font-size:.85rem;color:#4d5560">${esc(b.link.url)}</p>` : ''}
${b.survey ? `<p><strong>${esc(b.survey.question)}</strong><br>${esc(b.survey.prompt)}</p>
<p>${b.survey.choices.map((c) => `<a href="${esc(c.url)}" style="display:inline-block;min-width:2rem;text-align:center;border:1px solid #0b5cad;color:#0b5cad;padding:.4rem .6rem;margin:0 .25rem .25rem 0;border-radius:6px;text-decoration:none">${esc(c.label)}</a>`).join('')}</p>
<p><a href="${esc(b.survey.more.url)}">${esc(b.survey.more.label)}</a></p>` : ''}
<p>${esc(sign)}</p>
</body></html>`;
  return { subject: b.subject, text, html };
}
