// The callback queue's words (its own chunk, loaded when the screen opens).
import type { CallbackOutcome, CallbackStatus } from '@ayuda/client/staff';

export interface CallbacksStrings {
  heading: string;
  intro: string;
  tabs: Record<Exclude<CallbackStatus, 'cancelled'>, string>;
  tabsLabel: string;
  loading: string;
  empty: Record<Exclude<CallbackStatus, 'cancelled'>, string>;
  count: (n: number) => string;
  phone: string;
  call: (name: string) => string;
  window: string;
  due: string;
  overdue: string;
  email: string;
  caseRef: string;
  notes: string;
  requested: string;
  attempts: string;
  noAttempts: string;
  attemptLine: (when: string, by: string, outcome: string) => string;
  outcomes: Record<CallbackOutcome, string>;
  outcome: string;
  note: string;
  record: string;
  recording: string;
  pickOutcome: string;
  recorded: (name: string, outcome: string) => string;
  closedDone: (name: string) => string;
  closedFailed: (name: string) => string;
  unanswered: (n: number, max: number) => string;
  refresh: string;
  zone: (tz: string) => string;
  statuses: Record<CallbackStatus, string>;
}

export const es: CallbacksStrings = {
  heading: 'Llamadas pendientes',
  intro: 'Clientes que han pedido que les llamemos: primero el carril prioritario, después por hora límite. Tres intentos sin respuesta cierran la petición y avisan al cliente por correo.',
  tabs: { waiting: 'Por llamar', done: 'Hechas', failed: 'Fallidas' },
  tabsLabel: 'Estado de las llamadas',
  loading: 'Cargando llamadas…',
  empty: { waiting: 'No hay llamadas pendientes.', done: 'Todavía no hay llamadas hechas.', failed: 'No hay llamadas fallidas.' },
  count: (n) => (n === 1 ? '1 llamada' : `${n} llamadas`),
  phone: 'Teléfono',
  call: (name) => `Llamar a ${name}`,
  window: 'Cuándo llamar',
  due: 'Primer intento antes de',
  overdue: 'Con retraso',
  email: 'Correo',
  caseRef: 'Consulta',
  notes: 'Notas del cliente',
  requested: 'Pedida el',
  attempts: 'Intentos',
  noAttempts: 'Ningún intento todavía.',
  attemptLine: (when, by, outcome) => `${when}, ${by}: ${outcome}`,
  outcomes: { reached: 'Hablamos con el cliente', no_answer: 'No contesta', voicemail: 'Buzón de voz', busy: 'Comunica', wrong_number: 'Número equivocado' },
  outcome: 'Resultado del intento',
  note: 'Nota (opcional)',
  record: 'Registrar intento',
  recording: 'Registrando…',
  pickOutcome: 'Elige el resultado del intento.',
  recorded: (name, outcome) => `Intento registrado para ${name}: ${outcome}.`,
  closedDone: (name) => `Llamada a ${name} hecha.`,
  closedFailed: (name) => `Llamada a ${name} cerrada sin éxito; le hemos avisado por correo.`,
  unanswered: (n, max) => `${n} de ${max} intentos sin respuesta`,
  refresh: 'Actualizar',
  zone: (tz) => `Horas de ${tz}.`,
  statuses: { waiting: 'Por llamar', done: 'Hecha', failed: 'Fallida', cancelled: 'Cancelada' },
};

export const en: CallbacksStrings = {
  heading: 'Callbacks',
  intro: 'Customers who asked us to call them: the priority lane first, then by due time. Three unanswered attempts close a request and tell the customer by email.',
  tabs: { waiting: 'To call', done: 'Done', failed: 'Failed' },
  tabsLabel: 'Callback status',
  loading: 'Loading callbacks…',
  empty: { waiting: 'No callbacks waiting.', done: 'No callbacks done yet.', failed: 'No failed callbacks.' },
  count: (n) => (n === 1 ? '1 callback' : `${n} callbacks`),
  phone: 'Phone',
  call: (name) => `Call ${name}`,
  window: 'When to call',
  due: 'First attempt by',
  overdue: 'Overdue',
  email: 'Email',
  caseRef: 'Request',
  notes: 'Customer’s notes',
  requested: 'Requested',
  attempts: 'Attempts',
  noAttempts: 'No attempts yet.',
  attemptLine: (when, by, outcome) => `${when}, ${by}: ${outcome}`,
  outcomes: { reached: 'Spoke to the customer', no_answer: 'No answer', voicemail: 'Voicemail', busy: 'Busy', wrong_number: 'Wrong number' },
  outcome: 'Outcome of the attempt',
  note: 'Note (optional)',
  record: 'Record attempt',
  recording: 'Recording…',
  pickOutcome: 'Choose the outcome of the attempt.',
  recorded: (name, outcome) => `Attempt recorded for ${name}: ${outcome}.`,
  closedDone: (name) => `Callback to ${name} done.`,
  closedFailed: (name) => `Callback to ${name} closed without reaching them; they have been emailed.`,
  unanswered: (n, max) => `${n} of ${max} attempts unanswered`,
  refresh: 'Refresh',
  zone: (tz) => `Times in ${tz}.`,
  statuses: { waiting: 'To call', done: 'Done', failed: 'Failed', cancelled: 'Cancelled' },
};

export const strings: Record<'es' | 'en', CallbacksStrings> = { es, en };
