// The booking's strings (es, en), in its own chunk: only a customer who opens "Book a call"
// downloads them. Dates and times are written with Intl, in the customer's time zone.

export interface BookingStrings {
  heading: string;
  loading: string;
  loadFailed: string;
  retry: string;
  noTypes: string;
  unknownType: string;
  chooseType: string;
  minutes: string;
  mode: Record<'phone' | 'video' | 'in_person', string>;
  changeType: string;
  dateLegend: string;
  /** Read after a day's full date when it has no free time. */
  dayFull: string;
  /** How to move in the grid, for screen readers. */
  gridHint: string;
  noSlots: string;
  timesLegend: string;
  /** `{zone}`: the customer's zone. */
  zoneHint: string;
  /** `{zone}`: the customer's; `{company}`: the company's. */
  zoneHintOther: string;
  detailsHeading: string;
  nameLabel: string;
  emailLabel: string;
  emailHint: string;
  phoneLabel: string;
  phoneHint: string;
  notesLabel: string;
  optional: string;
  book: string;
  booking: string;
  errTime: string;
  errName: string;
  errNameLong: string;
  errEmail: string;
  errPhone: string;
  errPhoneMissing: string;
  errNotesLong: string;
  errorSummary: string;
  taken: string;
  takenNone: string;
  /** The server refused the chosen time (by now too soon, or past); the day's times were read again. */
  gone: string;
  goneNone: string;
  networkError: string;
  serverError: string;
  rateLimited: string;
  booked: string;
  /** `{time}`, `{with}`. */
  bookedWhen: string;
  addToCalendar: string;
  manage: string;
  manageHint: string;
  another: string;
}

const es: BookingStrings = {
  heading: 'Pedir cita',
  loading: 'Cargando…',
  loadFailed: 'No hemos podido cargar las citas disponibles. Comprueba tu conexión e inténtalo de nuevo.',
  retry: 'Reintentar',
  noTypes: 'Ahora mismo no hay citas que se puedan pedir en línea.',
  unknownType: 'Ese tipo de cita no existe o ya no se ofrece.',
  chooseType: '¿Qué tipo de cita necesitas?',
  minutes: '{n} min',
  mode: { phone: 'Por teléfono', video: 'Videollamada', in_person: 'En persona' },
  changeType: 'Cambiar el tipo de cita',
  dateLegend: 'Elige un día',
  dayFull: 'sin horas libres',
  gridHint: 'Usa las flechas para moverte entre días, Re Pág y Av Pág para cambiar de semana, Intro para elegir.',
  noSlots: 'No quedan horas libres en las próximas semanas. Vuelve a mirar más adelante o escríbenos.',
  timesLegend: 'Horas libres el {day}',
  zoneHint: 'Horas en tu zona horaria ({zone}).',
  zoneHintOther: 'Horas en tu zona horaria ({zone}); nuestro equipo trabaja en otra zona horaria ({company}).',
  detailsHeading: 'Tus datos',
  nameLabel: 'Nombre',
  emailLabel: 'Correo electrónico',
  emailHint: 'Te enviaremos la confirmación y un enlace para cambiar o anular la cita.',
  phoneLabel: 'Teléfono',
  phoneHint: 'Te llamaremos a este número.',
  notesLabel: '¿De qué quieres hablar?',
  optional: '(opcional)',
  book: 'Confirmar la cita',
  booking: 'Reservando…',
  errTime: 'Elige una hora.',
  errName: 'Escribe tu nombre.',
  errNameLong: 'El nombre puede tener hasta {max} caracteres.',
  errEmail: 'Escribe un correo válido, como nombre@ejemplo.com.',
  errPhone: 'Escribe un número de teléfono válido, con el prefijo si es de otro país.',
  errPhoneMissing: 'Escribe el teléfono al que te llamamos.',
  errNotesLong: 'El texto puede tener hasta {max} caracteres.',
  errorSummary: 'Revisa los campos marcados.',
  taken: 'Alguien acaba de reservar esa hora. Elige otra; lo que has escrito sigue aquí.',
  takenNone: 'Alguien acaba de reservar esa hora y no quedan más ese día. Elige otro día; lo que has escrito sigue aquí.',
  gone: 'Esa hora ya no se puede reservar. Elige otra; lo que has escrito sigue aquí.',
  goneNone: 'Esa hora ya no se puede reservar y no quedan más ese día. Elige otro día; lo que has escrito sigue aquí.',
  networkError: 'No hemos podido enviar la reserva. Comprueba tu conexión y vuelve a pulsar el botón: no se reservará dos veces.',
  serverError: 'Algo ha fallado al reservar. Inténtalo de nuevo en unos minutos.',
  rateLimited: 'Demasiados intentos seguidos. Espera un minuto e inténtalo de nuevo.',
  booked: 'Cita confirmada',
  bookedWhen: '{time}, con {with}.',
  addToCalendar: 'Añadir al calendario (.ics)',
  manage: 'Ver, cambiar o anular la cita',
  manageHint: 'También te hemos enviado este enlace por correo.',
  another: 'Pedir otra cita',
};

const en: BookingStrings = {
  heading: 'Book a call',
  loading: 'Loading…',
  loadFailed: 'We could not load the appointments. Check your connection and try again.',
  retry: 'Try again',
  noTypes: 'No appointments can be booked online right now.',
  unknownType: 'That kind of appointment does not exist or is no longer offered.',
  chooseType: 'What kind of appointment do you need?',
  minutes: '{n} min',
  mode: { phone: 'Phone call', video: 'Video call', in_person: 'In person' },
  changeType: 'Change the kind of appointment',
  dateLegend: 'Choose a day',
  dayFull: 'no free times',
  gridHint: 'Use the arrow keys to move between days, Page Up and Page Down to change week, Enter to choose.',
  noSlots: 'There are no free times in the coming weeks. Check again later or write to us.',
  timesLegend: 'Free times on {day}',
  zoneHint: 'Times in your time zone ({zone}).',
  zoneHintOther: 'Times in your time zone ({zone}); our team works in {company}.',
  detailsHeading: 'Your details',
  nameLabel: 'Name',
  emailLabel: 'Email',
  emailHint: 'We will send the confirmation and a link to change or cancel the appointment.',
  phoneLabel: 'Phone',
  phoneHint: 'We will call you on this number.',
  notesLabel: 'What would you like to talk about?',
  optional: '(optional)',
  book: 'Confirm the appointment',
  booking: 'Booking…',
  errTime: 'Choose a time.',
  errName: 'Enter your name.',
  errNameLong: 'The name can be up to {max} characters long.',
  errEmail: 'Enter a valid email address, like name@example.com.',
  errPhone: 'Enter a valid phone number, with the country code if it is from another country.',
  errPhoneMissing: 'Enter the phone number we should call.',
  errNotesLong: 'The text can be up to {max} characters long.',
  errorSummary: 'Check the fields marked.',
  taken: 'Someone has just booked that time. Choose another; what you typed is still here.',
  takenNone: 'Someone has just booked that time and there are none left that day. Choose another day; what you typed is still here.',
  gone: 'That time can no longer be booked. Choose another; what you typed is still here.',
  goneNone: 'That time can no longer be booked and there are none left that day. Choose another day; what you typed is still here.',
  networkError: 'We could not send the booking. Check your connection and press the button again: it will not be booked twice.',
  serverError: 'Something went wrong while booking. Please try again in a few minutes.',
  rateLimited: 'Too many attempts in a row. Wait a minute and try again.',
  booked: 'Appointment confirmed',
  bookedWhen: '{time}, with {with}.',
  addToCalendar: 'Add to calendar (.ics)',
  manage: 'See, change or cancel the appointment',
  manageHint: 'We have also mailed you this link.',
  another: 'Book another appointment',
};

export const bookingStrings = (locale: string): BookingStrings => (locale === 'en' ? en : es);
