// The words of the portal's callback page (its own catalogue: the portal's shared one stays as it is).
import type { Locale } from '@ayuda/core';

export interface CallbackPageStrings {
  title: string;
  intro: string;
  fieldName: string;
  fieldEmail: string;
  fieldPhone: string;
  phoneHint: string;
  windowLegend: string;
  windowHint: (timeZone: string) => string;
  fieldDate: string;
  fieldFrom: string;
  fieldTo: string;
  fieldCase: string;
  caseHint: string;
  fieldNotes: string;
  honeypot: string;
  send: string;
  fixErrors: string;
  doneTitle: string;
  doneText: (phone: string, window: string) => string;
  doneMail: string;
  fastLane: string;
  another: string;
  backHome: string;
  errors: Record<string, string>;
}

const es: CallbackPageStrings = {
  title: 'Pide que te llamemos',
  intro: 'Dinos cuándo te viene bien y te llamamos. Te confirmaremos la petición por correo.',
  fieldName: 'Nombre',
  fieldEmail: 'Correo electrónico',
  fieldPhone: 'Teléfono',
  phoneHint: 'Un número de España, o cualquier otro con su prefijo internacional (+44…).',
  windowLegend: 'Cuándo podemos llamarte',
  windowHint: (tz) => `Hora de ${tz}. Al menos 15 minutos, en los próximos 30 días.`,
  fieldDate: 'Día',
  fieldFrom: 'Desde',
  fieldTo: 'Hasta',
  fieldCase: 'Referencia de tu consulta (opcional)',
  caseHint: 'Si ya nos escribiste, por ejemplo NF-000123.',
  fieldNotes: 'Sobre qué quieres hablar (opcional)',
  honeypot: 'No rellenes este campo',
  send: 'Pedir la llamada',
  fixErrors: 'Revisa los campos marcados.',
  doneTitle: 'Te llamaremos',
  doneText: (phone, window) => `Te llamaremos al ${phone} en este horario: ${window}.`,
  doneMail: 'Te hemos enviado la confirmación por correo. Si el número no es correcto, pide otra llamada con el bueno.',
  fastLane: 'Tu petición va en la cola prioritaria.',
  another: 'Pedir otra llamada',
  backHome: 'Volver al centro de ayuda',
  errors: {
    name: 'Escribe tu nombre (hasta 200 caracteres).',
    email: 'Escribe un correo electrónico válido, como nombre@ejemplo.com.',
    phone: 'Este número no parece válido. Escríbelo completo; si no es de España, con su prefijo (+44…).',
    date: 'Elige un día.',
    from: 'Escribe la hora de inicio, como 10:00.',
    to: 'Escribe la hora de fin, como 12:00.',
    reversed: 'La hora de fin debe ser posterior a la de inicio.',
    past: 'Esa hora ya ha pasado. Elige una a partir de ahora.',
    short: 'Danos al menos 15 minutos a partir de ahora.',
    far: 'Elige un día dentro de los próximos 30 días.',
    case: 'No encontramos una consulta con esta referencia para tu correo.',
    notes: 'Escribe hasta 2.000 caracteres, sin caracteres especiales.',
    website: 'Deja este campo vacío.',
    rate: 'Has pedido muchas llamadas seguidas. Espera un poco antes de pedir otra.',
    generic: 'No hemos podido enviarlo. Inténtalo de nuevo; no perderás lo que has escrito.',
    unavailable: 'No podemos recibirlo en este momento. Vuelve a enviarlo en unos segundos; no perderás lo que has escrito.',
  },
};

const en: CallbackPageStrings = {
  title: 'Ask us to call you',
  intro: 'Tell us when suits you and we will call. We will confirm your request by email.',
  fieldName: 'Name',
  fieldEmail: 'Email',
  fieldPhone: 'Phone',
  phoneHint: 'With its country code, e.g. +44 20 7946 0958 or +34 612 345 678.',
  windowLegend: 'When we can call you',
  windowHint: (tz) => `${tz} time. At least 15 minutes, within the next 30 days.`,
  fieldDate: 'Day',
  fieldFrom: 'From',
  fieldTo: 'To',
  fieldCase: 'Your request’s reference (optional)',
  caseHint: 'If you have written to us already, e.g. NF-000123.',
  fieldNotes: 'What you would like to talk about (optional)',
  honeypot: 'Leave this field empty',
  send: 'Ask for the call',
  fixErrors: 'Please check the marked fields.',
  doneTitle: 'We will call you',
  doneText: (phone, window) => `We will call you on ${phone} in this window: ${window}.`,
  doneMail: 'We have emailed you a confirmation. If the number is wrong, ask for another call with the right one.',
  fastLane: 'Your request is in the priority queue.',
  another: 'Ask for another call',
  backHome: 'Back to the help centre',
  errors: {
    name: 'Type your name (up to 200 characters).',
    email: 'Type a valid email address, such as name@example.com.',
    phone: 'This number does not look valid. Type it in full, with its country code (+44…).',
    date: 'Choose a day.',
    from: 'Type the start time, such as 10:00.',
    to: 'Type the end time, such as 12:00.',
    reversed: 'The end time must be after the start time.',
    past: 'That time has passed. Choose one from now on.',
    short: 'Give us at least 15 minutes from now.',
    far: 'Choose a day within the next 30 days.',
    case: 'We cannot find a request with this reference for your email.',
    notes: 'Type up to 2,000 characters, without special characters.',
    website: 'Leave this field empty.',
    rate: 'You have asked for many calls in a row. Please wait a little before asking again.',
    generic: 'We could not send it. Try again; you will not lose what you typed.',
    unavailable: 'We cannot take it right now. Send it again in a few seconds; you will not lose what you typed.',
  },
};

export const CALLBACK_PAGE_STRINGS: Record<Locale, CallbackPageStrings> = { es, en };
