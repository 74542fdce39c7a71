// The settings screen's own strings (its chunk carries them; the main catalogue does not). Each
// section's form brings its own (see ./forms/*.ts).
import type { SettingsSource } from '@ayuda/client/staff';

export interface SettingsStrings {
  title: string;
  sectionsNav: string;
  save: string;
  saving: string;
  saved: (section: string) => string;
  reset: string;
  resetTitle: (section: string) => string;
  resetMessage: (source: string) => string;
  resetDone: (section: string) => string;
  sources: Record<Exclude<SettingsSource, 'console'>, string>;
  changedBy: (name: string, when: string) => string;
  changedInConsole: string;
  sourceOf: (field: string) => string;
  lastChange: (name: string, when: string, version: number) => string;
  /** `source`: where the start value comes from (`file`, `env`, `default`). */
  neverChanged: (source: string) => string;
  conflict: string;
  reload: string;
  leaveTitle: string;
  leaveMessage: string;
  leave: string;
  fixErrors: (n: number) => string;
  otherErrors: string;
  history: string;
  noHistory: string;
  when: string;
  who: string;
  what: string;
  backToStart: string;
  savedValue: string;
  // What a revision changed, line by line (see ./history-diff.ts).
  changeLine: (label: string, before: string, after: string) => string;
  addedLine: (label: string, value: string) => string;
  removedLine: (label: string, value: string) => string;
  valueLine: (label: string, value: string) => string;
  /** Said above the values of a revision with nothing earlier to compare it with. */
  setValues: string;
  noChanges: string;
  moreChanges: (n: number) => string;
  yes: string;
  no: string;
  none: string;
  empty: string;
  entries: (n: number) => string;
  restore: string;
  restoreLabel: (version: number) => string;
  restoreTitle: (version: number) => string;
  restoreMessage: string;
  restored: (version: number) => string;
  restoreInvalid: string;
  current: string;
  remove: string;
  add: string;
  // Messages of the checks the schemas make (the server's own words, in English, are the fallback).
  required: string;
  wholeNumber: string;
  atLeast: (n: number) => string;
  atMost: (n: number) => string;
  tooLong: (n: number) => string;
  tooMany: (n: number) => string;
  chooseOne: string;
  invalid: string;
  /** The schemas' own messages (English) in this language. */
  schemaMessages: Record<string, string>;
}

// The messages the schemas of @ayuda/core write, keyed by their English text.
const M = {
  clock: 'Write a time as "HH:MM", from 00:00 to 24:00.',
  order: '"from" must be before "to"; an interval cannot cross midnight (end it at "24:00" and start the next day at "00:00").',
  overlap: 'Intervals of one day must not overlap.',
  date: 'Write a date as "YYYY-MM-DD".',
  zone: 'Not an IANA time zone, e.g. "Europe/Madrid".',
  noOpen: 'No open time on any day of the week, so a business-hours SLA could never fall due: open at least one interval, or set "calendar": true on every lane.',
  origin: 'Write an origin only: scheme, host and port, e.g. "https://www.example.com" (no path, query, fragment or user).',
  control: 'must not contain control characters (line breaks, tabs)',
  mail: 'Write an address, e.g. "support@example.com" or "Example Support <support@example.com>".',
  // the fast lane (@ayuda/core fastlane-settings.ts)
  planKey: 'lower-case letters, digits and "-", at most 40',
  planKeyTwice: 'plan keys must be unique',
  subscriptionInterval: 'a subscription needs interval: month or year',
  incidentInterval: 'an incident plan has no interval',
  // the widget's appearance (@ayuda/core appearance.ts)
  colour: 'Write a colour as #rrggbb, e.g. "#0b57d0".',
  plainText: 'Plain text only: no line breaks, tabs or angle brackets.',
  fontFamily: 'Write font family names separated by commas, e.g. "Open Sans", Arial, sans-serif (no url(), semicolons or braces).',
  customFont: 'Write the font family list, or pick a named font.',
};

export const es: SettingsStrings = {
  title: 'Ajustes',
  sectionsNav: 'Secciones de ajustes',
  save: 'Guardar',
  saving: 'Guardando…',
  saved: (s) => `${s}: guardado. Ya está en vigor en todos los servidores.`,
  reset: 'Volver al valor de inicio',
  resetTitle: (s) => `¿Volver al valor de inicio de «${s}»?`,
  resetMessage: (source) => `La sección tomará de nuevo su valor de inicio (${source}). El cambio queda en el historial y se puede deshacer.`,
  resetDone: (s) => `${s}: de vuelta al valor de inicio.`,
  sources: { file: 'del archivo', env: 'de una variable de entorno', default: 'valor por defecto' },
  changedBy: (name, when) => `cambiado en la consola por ${name} el ${when}`,
  changedInConsole: 'cambiado en la consola',
  sourceOf: (field) => `Origen de «${field}»`,
  lastChange: (name, when, v) => `Último cambio: ${name}, ${when} (versión ${v}).`,
  neverChanged: (source) => `Nunca cambiado en la consola: ${({ file: 'el valor viene del archivo', env: 'el valor viene de una variable de entorno', default: 'es el valor por defecto' } as Record<string, string>)[source] ?? `el valor viene de ${source}`}.`,
  conflict: 'Otra persona cambió esta sección mientras la editabas. Tu cambio no se ha guardado. Recarga para ver el valor actual y vuelve a aplicar tu cambio.',
  reload: 'Recargar',
  leaveTitle: '¿Salir sin guardar?',
  leaveMessage: 'Tus cambios en esta sección no están guardados.',
  leave: 'Salir',
  fixErrors: (n) => (n === 1 ? 'Corrige el campo marcado antes de guardar.' : `Corrige los ${n} campos marcados antes de guardar.`),
  otherErrors: 'Otros problemas',
  history: 'Historial',
  noHistory: 'Sin cambios todavía.',
  when: 'Cuándo',
  who: 'Quién',
  what: 'Qué',
  backToStart: 'Vuelta al valor de inicio',
  savedValue: 'Valor guardado',
  changeLine: (label, before, after) => `${label}: ${before} → ${after}`,
  addedLine: (label, v) => `${label}: se añadió ${v}`,
  removedLine: (label, v) => `${label}: se quitó ${v}`,
  valueLine: (label, v) => `${label}: ${v}`,
  setValues: 'Guardada con estos valores (no hay una versión anterior con la que comparar):',
  noChanges: 'Guardada de nuevo sin cambios.',
  moreChanges: (n) => (n === 1 ? 'y 1 cambio más' : `y ${n} cambios más`),
  yes: 'sí',
  no: 'no',
  none: 'ninguno',
  empty: '(vacío)',
  entries: (n) => (n === 1 ? '1 elemento' : `${n} elementos`),
  restore: 'Restaurar',
  restoreLabel: (v) => `Restaurar la versión ${v}`,
  restoreTitle: (v) => `¿Restaurar la versión ${v}?`,
  restoreMessage: 'La sección volverá a ese valor como un cambio nuevo, que también queda en el historial.',
  restored: (v) => `Versión ${v} restaurada.`,
  restoreInvalid: 'Esa versión no cumple las reglas actuales, así que no se puede restaurar: cambia la sección a mano.',
  current: 'en vigor',
  remove: 'Quitar',
  add: 'Añadir',
  required: 'Obligatorio.',
  wholeNumber: 'Escribe un número entero.',
  atLeast: (n) => `Como mínimo ${n.toLocaleString('es')}.`,
  atMost: (n) => `Como máximo ${n.toLocaleString('es')}.`,
  tooLong: (n) => `Como mucho ${n} caracteres.`,
  tooMany: (n) => `Como mucho ${n} elementos.`,
  chooseOne: 'Elige una de las opciones.',
  invalid: 'Valor no válido.',
  schemaMessages: {
    [M.clock]: 'Escribe una hora como «HH:MM», de 00:00 a 24:00.',
    [M.order]: '«Abre» debe ser antes de «Cierra»; un intervalo no puede cruzar la medianoche (termínalo a las «24:00» y empieza el día siguiente a las «00:00»).',
    [M.overlap]: 'Los intervalos de un día no pueden solaparse.',
    [M.date]: 'Escribe una fecha como «AAAA-MM-DD».',
    [M.zone]: 'No es una zona horaria IANA, p. ej. «Europe/Madrid».',
    [M.noOpen]: 'Ningún día de la semana tiene horario, así que un SLA en horas laborables nunca vencería: abre al menos un intervalo o cuenta el tiempo natural en todos los carriles.',
    [M.origin]: 'Escribe solo un origen: esquema, host y puerto, p. ej. «https://www.example.com» (sin ruta, consulta, fragmento ni usuario).',
    [M.control]: 'No puede contener caracteres de control (saltos de línea, tabuladores).',
    [M.mail]: 'Escribe una dirección, p. ej. «soporte@example.com» o «Soporte Example <soporte@example.com>».',
    [M.planKey]: 'Minúsculas, cifras y «-», como mucho 40.',
    [M.planKeyTwice]: 'Otro plan ya tiene esta clave.',
    [M.subscriptionInterval]: 'Una suscripción necesita un periodo: mensual o anual.',
    [M.incidentInterval]: 'Un plan por consulta no tiene periodo.',
    [M.colour]: 'Escribe un color como #rrggbb, p. ej. «#0b57d0».',
    [M.plainText]: 'Solo texto: sin saltos de línea, tabuladores ni ángulos (< >).',
    [M.fontFamily]: 'Escribe nombres de fuentes separados por comas, p. ej. "Open Sans", Arial, sans-serif (sin url(), punto y coma ni llaves).',
    [M.customFont]: 'Escribe la lista de fuentes, o elige una con nombre.',
  },
};

export const en: SettingsStrings = {
  title: 'Settings',
  sectionsNav: 'Settings sections',
  save: 'Save',
  saving: 'Saving…',
  saved: (s) => `${s}: saved. It is in effect on every server now.`,
  reset: 'Back to the start value',
  resetTitle: (s) => `Take “${s}” back to its start value?`,
  resetMessage: (source) => `The section takes its start value again (${source}). The change is kept in the history and can be undone.`,
  resetDone: (s) => `${s}: back to the start value.`,
  sources: { file: 'from file', env: 'from environment', default: 'default' },
  changedBy: (name, when) => `changed in the console by ${name} on ${when}`,
  changedInConsole: 'changed in the console',
  sourceOf: (field) => `Where “${field}” comes from`,
  lastChange: (name, when, v) => `Last change: ${name}, ${when} (version ${v}).`,
  neverChanged: (source) => `Never changed in the console: ${({ file: 'the value comes from the file', env: 'the value comes from the environment', default: 'it is the default value' } as Record<string, string>)[source] ?? `the value comes from ${source}`}.`,
  conflict: 'Someone else changed this section while you were editing it. Your change was not saved. Reload to see the current value, then apply your change again.',
  reload: 'Reload',
  leaveTitle: 'Leave without saving?',
  leaveMessage: 'Your changes to this section are not saved.',
  leave: 'Leave',
  fixErrors: (n) => (n === 1 ? 'Fix the marked field before saving.' : `Fix the ${n} marked fields before saving.`),
  otherErrors: 'Other problems',
  history: 'History',
  noHistory: 'No changes yet.',
  when: 'When',
  who: 'Who',
  what: 'What',
  backToStart: 'Back to the start value',
  savedValue: 'Saved value',
  changeLine: (label, before, after) => `${label}: ${before} → ${after}`,
  addedLine: (label, v) => `${label}: added ${v}`,
  removedLine: (label, v) => `${label}: removed ${v}`,
  valueLine: (label, v) => `${label}: ${v}`,
  setValues: 'Saved with these values (no earlier version to compare with):',
  noChanges: 'Saved again with no changes.',
  moreChanges: (n) => (n === 1 ? 'and 1 more change' : `and ${n} more changes`),
  yes: 'yes',
  no: 'no',
  none: 'none',
  empty: '(empty)',
  entries: (n) => (n === 1 ? '1 entry' : `${n} entries`),
  restore: 'Restore',
  restoreLabel: (v) => `Restore version ${v}`,
  restoreTitle: (v) => `Restore version ${v}?`,
  restoreMessage: 'The section goes back to that value as a new change, which is kept in the history too.',
  restored: (v) => `Version ${v} restored.`,
  restoreInvalid: 'That version breaks today’s rules, so it cannot be restored: change the section by hand.',
  current: 'in effect',
  remove: 'Remove',
  add: 'Add',
  required: 'Required.',
  wholeNumber: 'Enter a whole number.',
  atLeast: (n) => `At least ${n.toLocaleString('en')}.`,
  atMost: (n) => `At most ${n.toLocaleString('en')}.`,
  tooLong: (n) => `At most ${n} characters.`,
  tooMany: (n) => `At most ${n} entries.`,
  chooseOne: 'Choose one of the options.',
  invalid: 'Not a valid value.',
  // The schemas' English, made into sentences where the schema wrote a fragment.
  schemaMessages: {
    // The schema names the file's keys; the form's fields are labelled Opens and Closes.
    [M.order]: '“Opens” must be before “Closes”; an interval cannot cross midnight (end it at “24:00” and start the next day at “00:00”).',
    [M.planKey]: 'Lower-case letters, digits and "-", at most 40.',
    [M.planKeyTwice]: 'Another plan has this key already.',
    [M.subscriptionInterval]: 'A subscription needs a period: monthly or yearly.',
    [M.incidentInterval]: 'A per-request plan has no period.',
    [M.control]: 'Must not contain control characters (line breaks, tabs).',
  },
};

export const strings = { es, en };
