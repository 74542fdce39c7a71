// The appointments screens' words (their own chunk), in Spanish and English.
import type { AppointmentsTab } from '../internal/router.js';

export type TypeField = 'key' | 'name.es' | 'name.en' | 'description.es' | 'description.en' | 'mode' | 'durationMinutes' | 'bufferMinutes' | 'agentIds' | 'minNoticeMinutes' | 'maxDaysAhead' | 'reserveShare' | 'releaseHours' | 'active';
type UnitCounts = Record<'free' | 'held' | 'released', (n: number) => string>;

export interface AppointmentsStrings {
  heading: string;
  tabs: Record<AppointmentsTab, string>;
  // calendar
  calendar: string;
  weekOf: (first: string, last: string) => string;
  calendarControls: string;
  view: string;
  views: Record<'day' | 'week', string>;
  previousWeek: string;
  nextWeek: string;
  previousDay: string;
  nextDay: string;
  today: string;
  date: string;
  agent: string;
  everyone: string;
  type: string;
  allTypes: string;
  timesIn: (timeZone: string) => string;
  nothingInPeriod: string;
  legend: string;
  legendFree: string;
  legendHeld: string;
  legendReleased: string;
  legendBooked: string;
  legendAbsent: string;
  time: string;
  gridHelp: string;
  inReserve: string;
  movePending: string;
  absent: string;
  absentUntil: (when: string) => string;
  units: UnitCounts;
  // detail
  status: string;
  statuses: Record<'booked' | 'cancelled', string>;
  with: string;
  phone: string;
  caseRef: string;
  notes: string;
  none: string;
  modes: Record<'phone' | 'video' | 'in_person', string>;
  moves: string;
  noMoves: string;
  moveLine: (from: string, to: string, by: string, at: string) => string;
  pendingLine: (start: string, expires: string) => string;
  proposalSent: (email: string) => string;
  proposeTitle: string;
  proposeHelp: string;
  newTime: string;
  noFreeTimes: string;
  unitStates: Record<'free' | 'held' | 'released', string>;
  reasonToCustomer: string;
  reasonExample: string;
  sendProposal: (name: string) => string;
  pickTime: string;
  reasonRequired: string;
  reasonInvalid: string;
  moveConflict: string;
  timeRefused: string;
  cancelHeading: string;
  cancelReason: string;
  cancelAppointment: string;
  cancelTitle: (name: string) => string;
  cancelMessage: string;
  cancelConfirm: string;
  cancelled: (name: string) => string;
  // types
  typesIntro: string;
  noTypes: string;
  typeName: string;
  mode: string;
  duration: string;
  buffer: string;
  bufferHint: string;
  notice: string;
  noticeHint: string;
  horizon: string;
  horizonHint: string;
  reserveShare: string;
  reserveHint: string;
  releaseHours: string;
  releaseHint: string;
  agents: string;
  agentsServing: string;
  state: string;
  actions: string;
  active: string;
  inactive: string;
  activeLabel: string;
  edit: string;
  editType: (name: string) => string;
  newType: string;
  key: string;
  keyHint: string;
  keyFixed: string;
  nameIn: (l: 'es' | 'en') => string;
  descriptionIn: (l: 'es' | 'en') => string;
  optional: string;
  unitMinutes: string;
  unitHours: string;
  unitDays: string;
  minutes: (n: number) => string;
  hours: (n: number) => string;
  percent: (share: number) => string;
  typeSaved: (name: string) => string;
  typeErrors: Record<TypeField, string>;
  fixField: string;
  // availability
  availabilityIntro: string;
  noRules: string;
  ruleN: (n: number) => string;
  weekdays: string;
  dayNames: [string, string, string, string, string, string, string];
  rruleText: string;
  rruleHint: string;
  from: string;
  to: string;
  validFrom: string;
  validUntil: string;
  asText: string;
  addRule: string;
  removeRule: string;
  removeRuleN: (n: number) => string;
  saveRules: string;
  availabilitySaved: (name: string) => string;
  ruleErrors: Record<'days' | 'rrule' | 'start' | 'end' | 'validFrom' | 'validUntil', string>;
  absences: string;
  noAbsences: string;
  addAbsence: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  reason: string;
  absenceErrors: Record<'start' | 'end' | 'reason', string>;
  absenceAdded: string;
  absenceDeleted: string;
  deleteAbsence: string;
  deleteAbsenceLabel: (when: string) => string;
  deleteAbsenceTitle: (when: string) => string;
  deleteAbsenceMessage: string;
  // feed
  feedIntro: string;
  noFeed: string;
  feedExists: (when: string) => string;
  createLink: string;
  replaceLink: string;
  replaceTitle: string;
  replaceMessage: string;
  revokeFeed: string;
  revokeFeedTitle: string;
  revokeFeedMessage: string;
  feedRevoked: string;
  feedOnce: string;
  copyLink: string;
  feedCopied: string;
  copyFailed: string;
  done: string;
  subscribeTitle: string;
  subscribeSteps: Array<{ app: string; how: string }>;
  feedPrivacy: string;
}

const esPlural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const es: AppointmentsStrings = {
  heading: 'Citas',
  tabs: { calendar: 'Calendario', availability: 'Disponibilidad', types: 'Tipos de cita', feed: 'Mi calendario externo' },
  calendar: 'Calendario',
  weekOf: (a, b) => `semana del ${a} al ${b}`,
  calendarControls: 'Qué se muestra',
  view: 'Vista',
  views: { day: 'Día', week: 'Semana' },
  previousWeek: 'Semana anterior',
  nextWeek: 'Semana siguiente',
  previousDay: 'Día anterior',
  nextDay: 'Día siguiente',
  today: 'Hoy',
  date: 'Fecha',
  agent: 'Agente',
  everyone: 'Todos',
  type: 'Tipo',
  allTypes: 'Todos los tipos',
  timesIn: (tz) => `Horas en la zona horaria de la empresa (${tz}).`,
  nothingInPeriod: 'No hay citas ni huecos en este periodo.',
  legend: 'Leyenda',
  legendFree: 'Libre',
  legendHeld: 'Libre, reservado para el soporte prioritario',
  legendReleased: 'Liberado: estaba reservado y ya se ofrece a todos',
  legendBooked: 'Cita',
  legendAbsent: 'Ausencia',
  time: 'Hora',
  gridHelp: 'Flechas para moverse entre horas, días o agentes y citas; Intro abre la cita.',
  inReserve: 'en la reserva',
  movePending: 'cambio propuesto',
  absent: 'Ausente',
  absentUntil: (w) => `Ausente hasta ${w}`,
  units: {
    free: (n) => esPlural(n, 'hueco libre', 'huecos libres'),
    held: (n) => `${esPlural(n, 'hueco reservado', 'huecos reservados')} para el prioritario`,
    released: (n) => esPlural(n, 'hueco liberado', 'huecos liberados'),
  },
  status: 'Estado',
  statuses: { booked: 'Reservada', cancelled: 'Cancelada' },
  with: 'Con',
  phone: 'Teléfono',
  caseRef: 'Caso',
  notes: 'Notas del cliente',
  none: '—',
  modes: { phone: 'Llamada', video: 'Videollamada', in_person: 'En persona' },
  moves: 'Cambios de hora',
  noMoves: 'No se ha movido nunca.',
  moveLine: (from, to, by, at) => `De ${from} a ${to}, propuesto por ${by}, aceptado el ${at}`,
  pendingLine: (start, exp) => `Propuesta pendiente: ${start}. El cliente tiene hasta ${exp} para responder; hasta entonces la cita sigue donde está.`,
  proposalSent: (email) => `Propuesta enviada a ${email}. Nada cambia hasta que el cliente la acepte; si la rechaza o no responde, la cita se queda como está.`,
  proposeTitle: 'Proponer otra hora',
  proposeHelp: 'El cliente recibe un correo con la hora elegida y otras libres. Nada se mueve hasta que acepte.',
  newTime: 'Nueva hora (las próximas que este cliente puede reservar)',
  noFreeTimes: 'No hay horas libres de este tipo en las próximas semanas.',
  unitStates: { free: 'libre', held: 'reservada para el prioritario', released: 'liberada' },
  reasonToCustomer: 'Motivo (lo lee el cliente)',
  reasonExample: 'p. ej.: un cliente con soporte prioritario necesita esta hora',
  sendProposal: (n) => `Enviar la propuesta a ${n}`,
  pickTime: 'Elige una de las horas libres.',
  reasonRequired: 'Escribe el motivo: el cliente lo leerá.',
  reasonInvalid: 'El motivo debe ser texto de hasta 500 caracteres.',
  moveConflict: 'Esa hora ya no está libre o ya hay una propuesta pendiente. La lista se ha actualizado.',
  timeRefused: 'Esa hora no se puede ofrecer (demasiado pronto o lejos, o fuera de las horas de este tipo). La lista se ha actualizado: elige otra.',
  cancelHeading: 'Cancelar la cita',
  cancelReason: 'Motivo (se envía al cliente)',
  cancelAppointment: 'Cancelar la cita',
  cancelTitle: (n) => `¿Cancelar la cita de ${n}?`,
  cancelMessage: 'El cliente recibe un correo con el motivo. No se puede deshacer: tendría que reservar otra vez.',
  cancelConfirm: 'Cancelar y avisar',
  cancelled: (n) => `Cita de ${n} cancelada.`,
  typesIntro: 'Lo que los clientes pueden reservar. Una parte de los huecos de cada día se reserva para el soporte prioritario y se libera a todos poco antes si nadie la usa.',
  noTypes: 'Todavía no hay tipos de cita.',
  typeName: 'Nombre',
  mode: 'Modalidad',
  duration: 'Duración',
  buffer: 'Margen después',
  bufferHint: 'Tiempo libre que queda tras cada cita.',
  notice: 'Antelación mínima',
  noticeHint: 'Entre la reserva y el comienzo.',
  horizon: 'Hasta cuántos días antes',
  horizonHint: 'Cuánto por adelantado se puede reservar.',
  reserveShare: 'Reserva para el prioritario',
  reserveHint: 'Parte de los huecos de cada día, de 0 a 50 %.',
  releaseHours: 'Se libera antes',
  releaseHint: 'Los huecos reservados aún libres se ofrecen a todos estas horas antes.',
  agents: 'Agentes',
  agentsServing: 'Quién atiende este tipo',
  state: 'Estado',
  actions: 'Acciones',
  active: 'activo',
  inactive: 'inactivo',
  activeLabel: 'Activo (se puede reservar)',
  edit: 'Editar',
  editType: (n) => `Editar ${n}`,
  newType: 'Nuevo tipo de cita',
  key: 'Clave',
  keyHint: 'Minúsculas, números y guiones; va en las direcciones y no se puede cambiar.',
  keyFixed: 'La clave no se puede cambiar.',
  nameIn: (l) => `Nombre en ${l === 'es' ? 'español' : 'inglés'}`,
  descriptionIn: (l) => `Descripción en ${l === 'es' ? 'español' : 'inglés'}`,
  optional: 'opcional',
  unitMinutes: 'minutos',
  unitHours: 'horas',
  unitDays: 'días',
  minutes: (n) => `${n} min`,
  hours: (n) => `${n} h`,
  percent: (x) => `${new Intl.NumberFormat('es-ES', { maximumFractionDigits: 2 }).format(x * 100)} %`,
  typeSaved: (n) => `Tipo «${n}» guardado.`,
  typeErrors: {
    key: 'Escribe una clave de minúsculas, números y guiones (hasta 64).',
    'name.es': 'Escribe el nombre en español (hasta 120 caracteres).',
    'name.en': 'Escribe el nombre en inglés (hasta 120 caracteres).',
    'description.es': 'Escribe la descripción en español (hasta 1000 caracteres), o deja vacías las dos.',
    'description.en': 'Escribe la descripción en inglés (hasta 1000 caracteres), o deja vacías las dos.',
    mode: 'Elige una modalidad.',
    durationMinutes: 'Un número entero de 5 a 480 minutos.',
    bufferMinutes: 'Un número entero de 0 a 240 minutos.',
    agentIds: 'Elige al menos un agente.',
    minNoticeMinutes: 'Un número entero de 0 a 43 200 minutos (30 días).',
    maxDaysAhead: 'Un número entero de 1 a 365 días.',
    reserveShare: 'Un porcentaje de 0 a 50.',
    releaseHours: 'Un número entero de 0 a 336 horas (14 días).',
    active: 'Marca o desmarca la casilla.',
  },
  fixField: 'Revisa este campo.',
  availabilityIntro: 'Cuándo atiende cada agente, siempre dentro del horario y los festivos de la empresa. Cada agente cambia el suyo; los administradores, el de cualquiera.',
  noRules: 'Sin horario: este agente no tiene huecos.',
  ruleN: (n) => `Horario ${n}`,
  weekdays: 'Días de la semana',
  dayNames: ['Lunes', 'Martes', 'Miércoles', 'Jueves', 'Viernes', 'Sábado', 'Domingo'],
  rruleText: 'Regla de repetición (RRULE)',
  rruleHint: 'RFC 5545, p. ej. FREQ=WEEKLY;INTERVAL=2;BYDAY=SA (sábados alternos).',
  from: 'Desde',
  to: 'Hasta',
  validFrom: 'Vale desde',
  validUntil: 'Vale hasta',
  asText: 'Editar como regla',
  addRule: 'Añadir horario',
  removeRule: 'Quitar',
  removeRuleN: (n) => `Quitar el horario ${n}`,
  saveRules: 'Guardar horarios',
  availabilitySaved: (n) => `Horario de ${n} guardado.`,
  ruleErrors: {
    days: 'Marca al menos un día.',
    rrule: 'Escribe una regla RFC 5545, p. ej. FREQ=WEEKLY;BYDAY=MO,TU.',
    start: 'Una hora como 09:00.',
    end: 'Una hora posterior a la de inicio.',
    validFrom: 'Una fecha.',
    validUntil: 'Una fecha no anterior a «vale desde», o vacía.',
  },
  absences: 'Ausencias',
  noAbsences: 'No hay ausencias próximas.',
  addAbsence: 'Añadir ausencia',
  startDate: 'Día de inicio',
  startTime: 'Hora de inicio',
  endDate: 'Día de fin',
  endTime: 'Hora de fin',
  reason: 'Motivo (opcional)',
  absenceErrors: { start: 'Indica el día y la hora de inicio.', end: 'Indica un fin posterior al inicio.', reason: 'El motivo debe ser texto de hasta 200 caracteres.' },
  absenceAdded: 'Ausencia añadida. Las citas que coincidan siguen en su sitio: revísalas en el calendario.',
  absenceDeleted: 'Ausencia quitada.',
  deleteAbsence: 'Quitar',
  deleteAbsenceLabel: (w) => `Quitar la ausencia ${w}`,
  deleteAbsenceTitle: (w) => `¿Quitar la ausencia ${w}?`,
  deleteAbsenceMessage: 'Esas horas vuelven a estar disponibles para reservar.',
  feedIntro: 'Una dirección privada para ver tus citas en Google Calendar, Outlook o Calendario de Apple. Quien la tenga ve tus citas: no la compartas.',
  noFeed: 'Todavía no tienes una dirección de calendario.',
  feedExists: (w) => `Tienes una dirección de calendario creada el ${w}. Por seguridad no se vuelve a mostrar; si la perdiste, sustitúyela.`,
  createLink: 'Crear la dirección',
  replaceLink: 'Sustituir la dirección',
  replaceTitle: '¿Sustituir la dirección del calendario?',
  replaceMessage: 'La dirección anterior deja de funcionar en el acto: los calendarios suscritos a ella dejarán de actualizarse hasta que te suscribas a la nueva.',
  revokeFeed: 'Revocar',
  revokeFeedTitle: '¿Revocar la dirección del calendario?',
  revokeFeedMessage: 'Deja de funcionar en el acto; tus calendarios suscritos dejarán de actualizarse.',
  feedRevoked: 'Dirección del calendario revocada.',
  feedOnce: 'Cópiala ahora: no se volverá a mostrar.',
  copyLink: 'Copiar la dirección',
  feedCopied: 'Dirección copiada.',
  copyFailed: 'No se pudo copiar; selecciónala y cópiala a mano.',
  done: 'Hecho',
  subscribeTitle: 'Cómo suscribirse',
  subscribeSteps: [
    { app: 'Google Calendar', how: 'en la web, «Otros calendarios» → «+» → «Desde URL», pega la dirección y pulsa «Añadir calendario».' },
    { app: 'Outlook', how: '«Agregar calendario» → «Suscribirse desde la web», pega la dirección y ponle un nombre.' },
    { app: 'Calendario de Apple', how: '«Archivo» → «Nueva suscripción a calendario…» (en iPhone: Ajustes → Calendario → Cuentas → Añadir cuenta → Otra → Añadir calendario suscrito) y pega la dirección.' },
  ],
  feedPrivacy: 'Las aplicaciones de calendario consultan la dirección cada cierto tiempo (Google, a veces, cada varias horas): los cambios pueden tardar en verse.',
};

const enPlural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const en: AppointmentsStrings = {
  heading: 'Appointments',
  tabs: { calendar: 'Calendar', availability: 'Availability', types: 'Appointment types', feed: 'My calendar feed' },
  calendar: 'Calendar',
  weekOf: (a, b) => `week of ${a} to ${b}`,
  calendarControls: 'What is shown',
  view: 'View',
  views: { day: 'Day', week: 'Week' },
  previousWeek: 'Previous week',
  nextWeek: 'Next week',
  previousDay: 'Previous day',
  nextDay: 'Next day',
  today: 'Today',
  date: 'Date',
  agent: 'Agent',
  everyone: 'Everyone',
  type: 'Type',
  allTypes: 'All types',
  timesIn: (tz) => `Times in the company’s time zone (${tz}).`,
  nothingInPeriod: 'No appointments or free times in this period.',
  legend: 'Legend',
  legendFree: 'Free',
  legendHeld: 'Free, held for priority support',
  legendReleased: 'Released: was held, now offered to everyone',
  legendBooked: 'Appointment',
  legendAbsent: 'Absence',
  time: 'Time',
  gridHelp: 'Arrow keys move between times, days or agents and appointments; Enter opens the appointment.',
  inReserve: 'in the reserve',
  movePending: 'move proposed',
  absent: 'Absent',
  absentUntil: (w) => `Absent until ${w}`,
  units: {
    free: (n) => `${enPlural(n, 'free slot', 'free slots')}`,
    held: (n) => `${enPlural(n, 'slot', 'slots')} held for priority`,
    released: (n) => `${enPlural(n, 'released slot', 'released slots')}`,
  },
  status: 'Status',
  statuses: { booked: 'Booked', cancelled: 'Cancelled' },
  with: 'With',
  phone: 'Phone',
  caseRef: 'Case',
  notes: 'Customer’s notes',
  none: '—',
  modes: { phone: 'Phone call', video: 'Video call', in_person: 'In person' },
  moves: 'Moves',
  noMoves: 'Never moved.',
  moveLine: (from, to, by, at) => `From ${from} to ${to}, proposed by ${by}, accepted on ${at}`,
  pendingLine: (start, exp) => `Move proposed: ${start}. The customer has until ${exp} to answer; until then the appointment stays where it is.`,
  proposalSent: (email) => `Proposal sent to ${email}. Nothing changes until the customer accepts; if they refuse or do not answer, the appointment stays as it is.`,
  proposeTitle: 'Propose another time',
  proposeHelp: 'The customer gets a mail with the time chosen and other free ones. Nothing moves until they accept.',
  newTime: 'New time (the next ones this customer can book)',
  noFreeTimes: 'No free times of this type in the next weeks.',
  unitStates: { free: 'free', held: 'held for priority', released: 'released' },
  reasonToCustomer: 'Reason (the customer reads it)',
  reasonExample: 'e.g. a priority-support customer needs this time',
  sendProposal: (n) => `Send the proposal to ${n}`,
  pickTime: 'Choose one of the free times.',
  reasonRequired: 'Write the reason: the customer will read it.',
  reasonInvalid: 'The reason must be text of up to 500 characters.',
  moveConflict: 'That time is no longer free, or a proposal is already waiting. The list has been refreshed.',
  timeRefused: 'That time cannot be offered (too soon, too far ahead, or outside this type’s times). The list has been refreshed: choose another.',
  cancelHeading: 'Cancel the appointment',
  cancelReason: 'Reason (mailed to the customer)',
  cancelAppointment: 'Cancel appointment',
  cancelTitle: (n) => `Cancel ${n}’s appointment?`,
  cancelMessage: 'The customer gets a mail with the reason. This cannot be undone: they would have to book again.',
  cancelConfirm: 'Cancel and notify',
  cancelled: (n) => `${n}’s appointment cancelled.`,
  typesIntro: 'What customers can book. A share of each day’s slots is held for priority support and released to everyone shortly before if nobody uses it.',
  noTypes: 'No appointment types yet.',
  typeName: 'Name',
  mode: 'Mode',
  duration: 'Duration',
  buffer: 'Buffer after',
  bufferHint: 'Free time kept after each appointment.',
  notice: 'Minimum notice',
  noticeHint: 'Between booking and start.',
  horizon: 'Bookable up to',
  horizonHint: 'How far ahead it can be booked.',
  reserveShare: 'Held for priority',
  reserveHint: 'Share of each day’s slots, from 0 to 50 %.',
  releaseHours: 'Released before',
  releaseHint: 'Held slots still free are offered to everyone this many hours before.',
  agents: 'Agents',
  agentsServing: 'Who serves this type',
  state: 'State',
  actions: 'Actions',
  active: 'active',
  inactive: 'inactive',
  activeLabel: 'Active (can be booked)',
  edit: 'Edit',
  editType: (n) => `Edit ${n}`,
  newType: 'New appointment type',
  key: 'Key',
  keyHint: 'Lower case, digits and hyphens; it is part of addresses and cannot change.',
  keyFixed: 'The key cannot change.',
  nameIn: (l) => `Name in ${l === 'es' ? 'Spanish' : 'English'}`,
  descriptionIn: (l) => `Description in ${l === 'es' ? 'Spanish' : 'English'}`,
  optional: 'optional',
  unitMinutes: 'minutes',
  unitHours: 'hours',
  unitDays: 'days',
  minutes: (n) => `${n} min`,
  hours: (n) => `${n} h`,
  percent: (x) => `${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(x * 100)} %`,
  typeSaved: (n) => `Type “${n}” saved.`,
  typeErrors: {
    key: 'Write a key of lower case letters, digits and hyphens (up to 64).',
    'name.es': 'Write the name in Spanish (up to 120 characters).',
    'name.en': 'Write the name in English (up to 120 characters).',
    'description.es': 'Write the description in Spanish (up to 1000 characters), or leave both empty.',
    'description.en': 'Write the description in English (up to 1000 characters), or leave both empty.',
    mode: 'Choose a mode.',
    durationMinutes: 'A whole number from 5 to 480 minutes.',
    bufferMinutes: 'A whole number from 0 to 240 minutes.',
    agentIds: 'Choose at least one agent.',
    minNoticeMinutes: 'A whole number from 0 to 43,200 minutes (30 days).',
    maxDaysAhead: 'A whole number from 1 to 365 days.',
    reserveShare: 'A percentage from 0 to 50.',
    releaseHours: 'A whole number from 0 to 336 hours (14 days).',
    active: 'Tick or untick the box.',
  },
  fixField: 'Check this field.',
  availabilityIntro: 'When each agent serves appointments, always within the company’s business hours and holidays. Agents change their own; admins anyone’s.',
  noRules: 'No working time: this agent has no slots.',
  ruleN: (n) => `Working time ${n}`,
  weekdays: 'Days of the week',
  dayNames: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  rruleText: 'Recurrence rule (RRULE)',
  rruleHint: 'RFC 5545, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=SA (every other Saturday).',
  from: 'From',
  to: 'To',
  validFrom: 'Valid from',
  validUntil: 'Valid until',
  asText: 'Edit as a rule',
  addRule: 'Add working time',
  removeRule: 'Remove',
  removeRuleN: (n) => `Remove working time ${n}`,
  saveRules: 'Save working time',
  availabilitySaved: (n) => `${n}’s working time saved.`,
  ruleErrors: {
    days: 'Tick at least one day.',
    rrule: 'Write an RFC 5545 rule, e.g. FREQ=WEEKLY;BYDAY=MO,TU.',
    start: 'A time such as 09:00.',
    end: 'A time after the start.',
    validFrom: 'A date.',
    validUntil: 'A date not before “valid from”, or empty.',
  },
  absences: 'Absences',
  noAbsences: 'No coming absences.',
  addAbsence: 'Add absence',
  startDate: 'Start day',
  startTime: 'Start time',
  endDate: 'End day',
  endTime: 'End time',
  reason: 'Reason (optional)',
  absenceErrors: { start: 'Give the start day and time.', end: 'Give an end after the start.', reason: 'The reason must be text of up to 200 characters.' },
  absenceAdded: 'Absence added. Appointments it overlaps stay where they are: check them in the calendar.',
  absenceDeleted: 'Absence removed.',
  deleteAbsence: 'Remove',
  deleteAbsenceLabel: (w) => `Remove the absence ${w}`,
  deleteAbsenceTitle: (w) => `Remove the absence ${w}?`,
  deleteAbsenceMessage: 'Those hours can be booked again.',
  feedIntro: 'A private address to see your appointments in Google Calendar, Outlook or Apple Calendar. Whoever has it sees your appointments: do not share it.',
  noFeed: 'You have no calendar address yet.',
  feedExists: (w) => `You have a calendar address made on ${w}. For safety it is not shown again; if you lost it, replace it.`,
  createLink: 'Create the address',
  replaceLink: 'Replace the address',
  replaceTitle: 'Replace the calendar address?',
  replaceMessage: 'The old address stops working at once: calendars subscribed to it stop updating until you subscribe to the new one.',
  revokeFeed: 'Revoke',
  revokeFeedTitle: 'Revoke the calendar address?',
  revokeFeedMessage: 'It stops working at once; your subscribed calendars stop updating.',
  feedRevoked: 'Calendar address revoked.',
  feedOnce: 'Copy it now: it will not be shown again.',
  copyLink: 'Copy the address',
  feedCopied: 'Address copied.',
  copyFailed: 'Could not copy; select it and copy it by hand.',
  done: 'Done',
  subscribeTitle: 'How to subscribe',
  subscribeSteps: [
    { app: 'Google Calendar', how: 'on the web, “Other calendars” → “+” → “From URL”, paste the address and choose “Add calendar”.' },
    { app: 'Outlook', how: '“Add calendar” → “Subscribe from web”, paste the address and give it a name.' },
    { app: 'Apple Calendar', how: '“File” → “New Calendar Subscription…” (on iPhone: Settings → Calendar → Accounts → Add Account → Other → Add Subscribed Calendar) and paste the address.' },
  ],
  feedPrivacy: 'Calendar apps fetch the address from time to time (Google sometimes only every few hours): changes may take a while to show.',
};

export const strings = { es, en };
