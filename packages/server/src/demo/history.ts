// The demo's generated history (`ayuda demo history`, and the first `npm start`): months of
// Nubefibra support, so the console's analytics show something on a fresh machine. Cases in both
// lanes (the fast lane switched on part-way, so the standard lane's impact has a "before"),
// replies and notes, status changes, time logged, survey answers, fast-lane payments,
// subscriptions and refunds (the SLA guarantee's automatic ones too), searches, article views
// and deflections. Written straight into the tables in one transaction, in bulk: no mail is
// queued, Stripe (or its emulator) is never called, and every row is settled history (cases
// solved or closed, before today). A fixed-seed generator: the same seed and `now` give the same
// data. Never in production. The row in `demo_history` records what was generated, so a second
// run is refused and `--replace` removes exactly the generated rows.
import { and, eq, getTableColumns, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { openSpansBetween, type FastlaneConfig, type Locale, type SlaConfig } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import {
  analyticsEvents,
  articles,
  caseEvents,
  caseMessages,
  caseReferenceSeq,
  cases,
  categories,
  customers,
  demoHistory,
  entitlements,
  fastlaneOrders,
  fastlaneRefunds,
  staffUsers,
  surveyAnswers,
  surveyInvitations,
  timeEntries,
} from '../db/schema.js';
import { slaEngine } from '../cases/sla.js';
import { newToken, TokenBox, tokenHash } from '../cases/service.js';
import { fastlaneText } from '../fastlane/i18n.js';
import { queryKey } from '../analytics/service.js';
import { DEMO_STAFF } from '../staff/demo.js';
import { seededRandom } from '../analytics/bootstrap.js';
import { HISTORY_DEFAULTS } from './history-defaults.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export { HISTORY_DEFAULTS };

export class HistoryRefused extends Error {
  constructor(
    readonly reason: 'production' | 'exists' | 'no_staff' | 'bad_days',
    message: string,
  ) {
    super(message);
  }
}

export interface HistoryResult {
  from: Date;
  to: Date;
  counts: Record<string, number>;
}

/** A database error in a few words (a failed bulk insert's message repeats the whole statement). */
export function shortError(err: unknown): string {
  const e = err as { cause?: unknown; message?: string };
  return String(e?.cause instanceof Error ? e.cause.message : (e?.message ?? err)).slice(0, 300);
}

/** One line for people: what the history added. */
export function historyLine(r: HistoryResult): string {
  const c = r.counts;
  return `${c.cases} cases over ${Math.round((r.to.getTime() - r.from.getTime()) / DAY)} days (${c.fast_cases} in the fast lane), ${c.messages} messages, ${c.time_entries} time entries, ${c.survey_answers} survey answers, ${c.orders} payments (${c.subscriptions} subscriptions), ${c.refunds} refunds, ${c.analytics_events} analytics events`;
}

const existsError = () => new HistoryRefused('exists', 'Ayuda: this database has a generated demo history already; run `npx ayuda demo history --replace` to generate it again.');

/** The generated history's record, if any. */
export async function historyOf(database: Database) {
  const [row] = await database.db.select().from(demoHistory).limit(1);
  return row ?? null;
}

/**
 * What the fast lane's ledger stores beyond the first payments: renewals (`kind: 'renewal'`
 * with their invoice) and a code per refund reason. Generated when the schema has the columns.
 */
const LEDGER = {
  renewals: 'invoiceId' in getTableColumns(fastlaneOrders),
  reasonCodes: 'reasonCode' in getTableColumns(fastlaneRefunds),
} as const;

/** The same instant `n` calendar months later (UTC; a 31st runs into the next month, as billing dates do). */
const addMonths = (ms: number, n: number): number => {
  const t = new Date(ms);
  return Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + n, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds(), t.getUTCMilliseconds());
};

// ---- randomness ----

/** The analytics' seeded generator (the same sequence for the same seed on every platform), with helpers. */
function prng(seed: number) {
  const next = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  /** A log-normal draw with this median: waits are skewed, with a long tail. */
  const logn = (median: number, sigma: number) => median * Math.exp(sigma * normal());
  return { next, int, pick, logn, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

// ---- the company's calendar ----

/** Local date parts of an instant in a time zone. */
const formats = new Map<string, Intl.DateTimeFormat>();
function localParts(ms: number, timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) formats.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short', hourCycle: 'h23' })));
  const parts = f.formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { y: Number(get('year')), m: Number(get('month')), d: Number(get('day')), h: Number(get('hour')), mi: Number(get('minute')), s: Number(get('second')), weekday: get('weekday') };
}

/** The instant the local day of `ms` starts (midnight in the zone). */
function localMidnight(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const offset = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
  const guess = Date.UTC(p.y, p.m - 1, p.d) - offset;
  // Across a clock change the offset at midnight differs from the one at `ms`: correct once.
  const q = localParts(guess, timeZone);
  const into = q.h * HOUR + q.mi * MIN;
  return q.d === p.d ? guess - into : guess + DAY - into;
}

/** Adds business minutes with the open spans of the company's hours (a sorted array, searched). */
function businessClock(hours: SlaConfig['hours'], from: number, to: number) {
  const spans = openSpansBetween(hours, from, to);
  return (start: number, minutes: number): number => {
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid]![1] <= start) lo = mid + 1;
      else hi = mid;
    }
    let left = minutes * MIN;
    for (let i = lo; i < spans.length; i++) {
      const [s, e] = spans[i]!;
      const a = Math.max(s, start);
      if (left <= e - a) return Math.round(a + left);
      left -= e - a;
    }
    return to; // past the table's end: later than anything kept
  };
}

// ---- what people write ----

const NAMES = {
  es: {
    first: ['Lucía', 'Javier', 'Carmen', 'Pablo', 'María', 'Sergio', 'Elena', 'Daniel', 'Ana', 'Jorge', 'Marta', 'Raúl', 'Paula', 'Alberto', 'Irene', 'Diego', 'Sofía', 'Andrés', 'Nuria', 'Víctor', 'Cristina', 'Manuel', 'Beatriz', 'Álvaro', 'Rocío', 'Iván', 'Silvia', 'Hugo', 'Patricia', 'Adrián'],
    last: ['García', 'Martínez', 'López', 'Sánchez', 'Pérez', 'Gómez', 'Fernández', 'Ruiz', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Serrano', 'Molina', 'Ortega', 'Castro', 'Rubio'],
  },
  en: {
    first: ['Emma', 'James', 'Olivia', 'Thomas', 'Sophie', 'Daniel', 'Chloe', 'William', 'Grace', 'Henry', 'Lucy', 'George', 'Amelia', 'Jack', 'Hannah', 'Oliver', 'Laura', 'Samuel', 'Megan', 'Ethan'],
    last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Thomas', 'Johnson', 'Roberts', 'Walker', 'Wright', 'Robinson', 'Thompson', 'White', 'Hughes', 'Edwards', 'Green', 'Hall', 'Clarke', 'Turner'],
  },
} as const;

/** Subjects and first messages per category and language. */
const TOPICS: Record<string, Record<Locale, Array<[string, string]>>> = {
  billing: {
    es: [
      ['Cargo duplicado en la factura', 'Me aparecen dos cargos iguales este mes. ¿Me podéis devolver uno?'],
      ['No encuentro mi factura', 'No me ha llegado la factura de este mes por correo. ¿Dónde la descargo?'],
      ['La factura ha subido sin avisar', 'Este mes pago 6 € más que el anterior y no sé por qué.'],
    ],
    en: [
      ['Charged twice this month', 'I can see two identical charges on my bank statement. Can you refund one?'],
      ['Where is my invoice?', 'I did not get this month’s invoice by email. Where can I download it?'],
    ],
  },
  outages: {
    es: [
      ['Sin internet desde esta mañana', 'No tengo conexión desde primera hora. La luz del router parpadea en rojo.'],
      ['Cortes de conexión cada tarde', 'Todas las tardes se corta internet durante unos minutos.'],
      ['Sin línea fija', 'El teléfono fijo no da tono desde ayer.'],
    ],
    en: [
      ['No internet since this morning', 'Nothing works since early morning; the router light is red.'],
      ['Connection keeps dropping', 'The connection drops for a few minutes every evening.'],
    ],
  },
  'router-wifi': {
    es: [
      ['El wifi no llega al dormitorio', 'En el salón va bien pero en el dormitorio apenas hay señal.'],
      ['Cambiar la contraseña del wifi', '¿Cómo cambio la contraseña del wifi del router?'],
      ['El router se reinicia solo', 'El router se apaga y se enciende varias veces al día.'],
    ],
    en: [
      ['Wi-Fi does not reach the bedroom', 'The signal is fine in the living room but weak in the bedroom.'],
      ['Router restarts by itself', 'The router restarts several times a day, mostly during video calls.'],
    ],
  },
  mobile: {
    es: [
      ['Sin datos móviles', 'Tengo llamadas pero no datos móviles desde ayer.'],
      ['Portabilidad de mi número', 'Quiero traer mi número desde otra compañía. ¿Cuánto tarda?'],
      ['Activar la eSIM', 'Me he comprado un móvil nuevo y quiero pasar la línea a eSIM.'],
    ],
    en: [
      ['No mobile data while roaming', 'I am abroad and mobile data does not work, though calls do.'],
      ['Lost my phone', 'I lost my phone yesterday. Can you block the SIM and send a new one?'],
    ],
  },
  moving: {
    es: [
      ['Me mudo el mes que viene', 'Cambio de domicilio dentro de la ciudad. ¿Me trasladáis la fibra?'],
      ['Traslado de la fibra', '¿Cuánto cuesta trasladar la fibra a otra dirección?'],
    ],
    en: [['Moving house: can I keep my fibre?', 'We move next month. Can I take my contract with me?']],
  },
  contracts: {
    es: [
      ['Subir a la fibra de 1 Gb', 'Quiero cambiar a la tarifa de 1 Gb. ¿Cambia la permanencia?'],
      ['Añadir una línea móvil', 'Quiero añadir una segunda línea a mi contrato.'],
      ['Darme de baja', 'Me voy al extranjero y quiero dar de baja el contrato.'],
    ],
    en: [
      ['Upgrade to 1 Gb fibre', 'I would like to upgrade. Does the minimum term change?'],
      ['Cancel my contract', 'I am moving abroad and need to cancel.'],
    ],
  },
  account: {
    es: [
      ['No puedo entrar en Mi Nubefibra', 'He olvidado la contraseña y no me llega el correo para cambiarla.'],
      ['Cambiar el titular', 'Quiero poner el contrato a nombre de mi pareja.'],
    ],
    en: [['Cannot sign in to My Nubefibra', 'The password reset email never arrives.']],
  },
  priority: {
    es: [['Duda sobre el Soporte prioritario', '¿El Soporte prioritario cubre también las averías de la línea fija?']],
    en: [['Question about Priority support', 'Does Priority support also cover landline faults?']],
  },
};

const FALLBACK_CATEGORIES = Object.keys(TOPICS);

const REPLIES: Record<Locale, { ask: string[]; solve: string[]; follow: string[]; customer: string[]; reopen: string[]; note: string[]; comment: { good: string[]; bad: string[] } }> = {
  es: {
    ask: ['¿Nos puedes decir qué luces tiene encendidas el router ahora mismo?', '¿Nos confirmas el número de contrato y la dirección de instalación?', 'Para revisarlo, ¿nos mandas una captura del cargo que ves en el banco?'],
    solve: ['Ya está resuelto: lo hemos corregido desde aquí. Si vuelve a pasar, respóndenos a este mensaje.', 'Listo. Te hemos enviado las instrucciones por correo y lo hemos dejado configurado.', 'Hemos hecho el cambio; en unos minutos lo verás activo.'],
    follow: ['Gracias por los datos. Lo hemos revisado y ya está solucionado.', 'Con lo que nos cuentas lo hemos encontrado: ya funciona de nuevo.'],
    customer: ['Las luces están en verde salvo la de internet, que parpadea.', 'Os mando la captura, gracias.', 'El contrato está a mi nombre, la dirección es la de siempre.'],
    reopen: ['Ha vuelto a pasar esta mañana.', 'Sigue igual, no se ha solucionado.'],
    note: ['Revisado en el sistema: sin averías en la zona.', 'Cliente de larga duración, ofrecer revisión técnica si vuelve a pasar.'],
    comment: { good: ['Muy rápidos, gracias.', 'Todo perfecto.', 'Me lo resolvieron a la primera.'], bad: ['Tardaron demasiado en contestar.', 'Tuve que escribir dos veces.'] },
  },
  en: {
    ask: ['Could you tell us which lights are on on the router right now?', 'Could you confirm your contract number and the installation address?', 'Could you send us a screenshot of the charge you see at your bank?'],
    solve: ['All sorted: we fixed it on our side. If it happens again, just reply to this message.', 'Done. We have emailed you the steps and set it up for you.', 'We have made the change; it will be active in a few minutes.'],
    follow: ['Thanks for the details. We have checked and it is fixed now.', 'With that we found it: it works again.'],
    customer: ['All lights are green except internet, which blinks.', 'Screenshot attached, thanks.', 'The contract is in my name, same address as always.'],
    reopen: ['It happened again this morning.', 'Still the same, it is not fixed.'],
    note: ['Checked: no outage in the area.', 'Long-standing customer; offer a technician visit if it happens again.'],
    comment: { good: ['Very quick, thanks.', 'Perfect.', 'Solved at the first reply.'], bad: ['It took too long to get an answer.', 'I had to write twice.'] },
  },
};

const SEARCHES: Record<Locale, string[]> = {
  es: ['factura', 'cambiar contraseña wifi', 'sin internet', 'router luces', 'portabilidad', 'esim', 'roaming', 'dar de baja', 'mudanza', 'permanencia', 'cargo duplicado', 'velocidad lenta', 'pin puk', 'soporte prioritario', 'cambiar cuenta bancaria'],
  en: ['invoice', 'wifi password', 'no internet', 'router lights', 'keep my number', 'esim', 'roaming', 'cancel contract', 'moving house', 'slow connection', 'duplicate charge', 'priority support'],
};
/** Searches the knowledge base has no answer for: the articles to write next. */
const ZERO_SEARCHES: Record<Locale, string[]> = {
  es: ['fibra en segunda residencia', 'descuento estudiantes', 'router 6 ghz', 'factura en papel', 'ampliar datos fin de semana'],
  en: ['student discount', 'paper invoice', 'wifi 7 router', 'holiday home fibre'],
};
const FALLBACK_ARTICLES: Record<Locale, string[]> = {
  es: ['sin-conexion-internet', 'descargar-facturas', 'mejorar-cobertura-wifi', 'portabilidad-numero', 'cambiar-tarifa', 'roaming-extranjero'],
  en: ['no-internet-connection', 'download-invoices', 'improve-wifi-coverage', 'keep-your-number', 'change-plan', 'roaming-abroad'],
};

// ---- the model ----

interface Customer { locale: Locale; name: string; email: string; createdAt: number; lastNps: number }
interface Sub { key: number; customer: number; plan: FastlaneConfig['plans'][number]; start: number; canceledAt: number | null; refund: number }
interface Msg { author: 'customer' | 'staff'; staff: 'admin' | 'agent' | null; internal: boolean; body: string; at: number }
interface Ev { type: string; actor: string; data: Record<string, unknown>; at: number }
interface Time { staff: 'admin' | 'agent'; start: number; end: number }
interface Answer { question: 'csat' | 'ces' | 'nps' | 'fastlane_worth'; score: number; comment: string | null; at: number }
/** A refund; `reasonCode` is what the fast lane's ledger names it by (written once that column exists). */
interface Refund { amount: number; reason: string; reasonCode: 'sla_guarantee' | 'duplicate_payment' | 'customer_request' | 'goodwill' | 'other'; requestedBy: string; at: number }
/** A payment: per incident, a subscription's first payment, or one of its renewals (`sub`: the subscription it pays for). */
interface Order { kind: 'incident' | 'subscription' | 'renewal'; plan: string; customer: number; amount: number; paidAt: number; createdAt: number; refunds: Refund[]; sub: Sub | null }
interface Case {
  customer: number;
  subject: string;
  description: string;
  category: string;
  locale: Locale;
  channel: 'portal' | 'widget';
  createdAt: number;
  lane: 'standard' | 'fast';
  laneChangedAt: number | null;
  assignee: 'admin' | 'agent';
  status: 'solved' | 'closed';
  firstRespondedAt: number;
  solvedAt: number;
  closedAt: number | null;
  pauses: Array<{ from: string; to: string }>;
  messages: Msg[];
  events: Ev[];
  time: Time[];
  answers: Answer[];
  invited: Answer['question'][];
  orders: Order[];
}

export interface HistoryDeps {
  database: Database;
  config: { production: boolean; secret: string; casePrefix: string; reopenDays: number };
  sla: SlaConfig;
  fastlane: FastlaneConfig;
}

/**
 * Generates `days` days of history before today (in the company's time zone) at `now`. Refused
 * in production, when a history was generated already, and without the demo staff accounts.
 */
export async function generateHistory(deps: HistoryDeps, opts: { days?: number; seed?: number; now: Date }): Promise<HistoryResult> {
  const days = opts.days ?? HISTORY_DEFAULTS.days;
  const seed = opts.seed ?? HISTORY_DEFAULTS.seed;
  if (deps.config.production) throw new HistoryRefused('production', 'Ayuda: no demo history in production: it would mix invented cases and payments with real ones.');
  if (!Number.isInteger(days) || days < 1 || days > HISTORY_DEFAULTS.maxDays) throw new HistoryRefused('bad_days', `Ayuda: --days must be a whole number from 1 to ${HISTORY_DEFAULTS.maxDays}.`);
  const db = deps.database.db;
  // Checked again in the transaction that writes (two runs at once): this spares the work.
  if (await historyOf(deps.database)) throw existsError();
  const staffRows = await db.select().from(staffUsers).where(inArray(staffUsers.email, DEMO_STAFF.map((s) => s.email)));
  const staffOf = (role: 'admin' | 'agent') => staffRows.find((r) => r.email === DEMO_STAFF.find((s) => s.role === role)!.email);
  const staff = { admin: staffOf('admin'), agent: staffOf('agent') };
  if (!staff.admin || !staff.agent) throw new HistoryRefused('no_staff', `Ayuda: the demo history needs the demo staff accounts (${DEMO_STAFF.map((s) => s.email).join(', ')}); start the demo once (npm start) to create them.`);
  const staffIds = { admin: staff.admin.id, agent: staff.agent.id };
  const staffNames = { admin: staff.admin.name, agent: staff.agent.name };

  // The knowledge base's categories and articles, when imported; the demo's otherwise.
  const catRows = await db.select({ key: categories.key }).from(categories).orderBy(categories.position);
  const cats = catRows.map((c) => c.key).filter((k) => TOPICS[k]);
  const categoryKeys = cats.length ? cats : FALLBACK_CATEGORIES;
  const artRows = await db.select({ slug: articles.slug, locale: articles.locale }).from(articles).where(eq(articles.visibility, 'public')).orderBy(articles.locale, articles.slug);
  const slugs: Record<Locale, string[]> = { es: [], en: [] };
  for (const a of artRows) if (a.locale === 'es' || a.locale === 'en') slugs[a.locale].push(a.slug);
  for (const l of ['es', 'en'] as const) if (!slugs[l].length) slugs[l] = FALLBACK_ARTICLES[l];

  // Addresses already in use (the demo's own cases, people trying the demo) are not generated again.
  const taken = new Set((await db.select({ email: customers.email }).from(customers)).map((c) => c.email.toLowerCase()));
  const model = buildModel({ ...deps, seed, days, now: opts.now.getTime(), categoryKeys, slugs, staffNames, staffIds, taken, renewals: LEDGER.renewals });
  return write(deps, model, { seed, days, staffIds, staffRows: { admin: staff.admin, agent: staff.agent } });
}

type Model = ReturnType<typeof buildModel>;

function buildModel(a: HistoryDeps & { seed: number; days: number; now: number; categoryKeys: string[]; slugs: Record<Locale, string[]>; staffNames: Record<'admin' | 'agent', string>; staffIds: Record<'admin' | 'agent', number>; taken: Set<string>; renewals: boolean }) {
  const r: Rng = prng(a.seed);
  const tz = a.sla.hours.timeZone;
  const today = localMidnight(a.now, tz);
  const dayStart = (k: number) => localMidnight(today - k * DAY + 12 * HOUR, tz);
  const from = dayStart(a.days);
  const launch = dayStart(Math.min(HISTORY_DEFAULTS.fastlaneDaysAgo, Math.floor(a.days / 2))) + 9 * HOUR;
  const addBiz = businessClock(a.sla.hours, from - 2 * DAY, a.now + 120 * DAY);
  const engine = slaEngine(a.sla);
  const reopenMs = a.config.reopenDays * DAY;
  const plans = a.fastlane.plans;
  const incidentPlan = plans.find((p) => p.kind === 'incident');
  const subPlans = plans.filter((p) => p.kind === 'subscription');
  const cur = a.fastlane.currency;
  const text = (l: Locale) => fastlaneText(l).reasons;

  const people: Customer[] = [];
  const used = new Set<string>(a.taken);
  const newCustomer = (at: number): number => {
    const locale: Locale = r.chance(0.65) ? 'es' : 'en';
    const first = r.pick(NAMES[locale].first);
    const last = r.pick(NAMES[locale].last);
    const base = `${first}.${last}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    let email = `${base}@${r.chance(0.5) ? 'example.org' : 'example.com'}`;
    for (let n = 2; used.has(email); n++) email = email.replace(/^[^@]+/, `${base}${n}`);
    used.add(email);
    people.push({ locale, name: `${first} ${last}`, email, createdAt: at, lastNps: -Infinity });
    return people.length - 1;
  };

  const subs: Sub[] = [];
  const subOrders: Order[] = [];
  const activeSubs = (t: number) => subs.filter((s) => s.start <= t && (s.canceledAt === null || t < s.canceledAt));
  const out: Case[] = [];

  for (let k = a.days; k >= 1; k--) {
    const start = dayStart(k);
    const weekday = localParts(start + 12 * HOUR, tz).weekday;
    const weekend = weekday === 'Sat' || weekday === 'Sun';
    const n = weekend ? r.int(3, 8) : Math.min(40, Math.max(15, Math.round(r.logn(weekday === 'Mon' ? 32 : 25, 0.2))));
    const length = dayStart(k - 1) - start;
    // Most people write during the working day; some in the evening, at night or at the weekend.
    const when = () => start + (r.chance(0.8) ? 9 * HOUR + r.next() * 8.5 * HOUR : r.next() * length);

    // New subscribers (after the launch), a few a week; some cancel later.
    if (start + 12 * HOUR >= launch && subPlans.length && r.chance(weekend ? 0.15 : 0.45)) {
      const at = Math.max(launch, when());
      const who = people.length > 20 && r.chance(0.5) ? r.int(0, people.length - 1) : newCustomer(at);
      if (!subs.some((s) => s.customer === who)) {
        const plan = subPlans.length > 1 && r.chance(0.2) ? subPlans[1]! : subPlans[0]!;
        const sub: Sub = { key: subs.length + 1, customer: who, plan, start: at, canceledAt: null, refund: 0 };
        const order: Order = { kind: 'subscription', plan: plan.key, customer: who, amount: plan.amount, createdAt: at - r.int(1, 4) * MIN, paidAt: at, refunds: [], sub };
        if (r.chance(0.15)) {
          sub.canceledAt = at + r.int(3, 25) * DAY + r.int(0, 8) * HOUR;
          // Half cancel at once with the unused part back (prorated), half at the period's end.
          if (plan.interval === 'year' || r.chance(0.5)) {
            const periodMs = plan.interval === 'year' ? 365 * DAY : 30 * DAY;
            const used = Math.min(1, (sub.canceledAt - at) / periodMs);
            sub.refund = Math.round(plan.amount * (1 - used));
            if (sub.refund > 0) order.refunds.push({ amount: sub.refund, reason: text(people[who]!.locale).proratedCancellation, reasonCode: 'customer_request', requestedBy: 'customer', at: sub.canceledAt });
          }
        }
        subs.push(sub);
        subOrders.push(order);
      }
    }

    const times = Array.from({ length: n }, when).sort((x, y) => x - y);
    for (const created of times) {
      const after = created >= launch;
      const subscribers = after ? activeSubs(created) : [];
      const bySubscriber = subscribers.length > 0 && r.chance(0.03);
      const who = bySubscriber ? r.pick(subscribers).customer : people.length > 30 && r.chance(0.25) ? r.int(0, people.length - 1) : newCustomer(created);
      const person = people[who]!;
      const locale = person.locale;
      const category = r.pick(a.categoryKeys);
      const [subject, description] = r.pick(TOPICS[category]![locale]);
      const c: Case = {
        customer: who, subject, description, category, locale, channel: r.chance(0.55) ? 'widget' : 'portal', createdAt: created,
        lane: 'standard', laneChangedAt: null, assignee: 'agent', status: 'solved', firstRespondedAt: 0, solvedAt: 0, closedAt: null,
        pauses: [], messages: [], events: [], time: [], answers: [], invited: [], orders: [],
      };
      const subscribed = activeSubs(created).some((s) => s.customer === who);
      if (subscribed) c.lane = 'fast';
      c.messages.push({ author: 'customer', staff: null, internal: false, body: description, at: created });
      c.events.push({ type: 'created', actor: 'customer', data: { channel: c.channel, lane: c.lane, attachments: 0 }, at: created });

      // About one in six customers pays for the fast lane for this case, minutes after writing.
      let incident: Order | null = null;
      if (after && !subscribed && incidentPlan && r.chance(0.16)) {
        const paidAt = created + r.int(2, 20) * MIN;
        c.lane = 'fast';
        c.laneChangedAt = paidAt;
        c.events.push({ type: 'lane_changed', actor: 'system', data: { from: 'standard', to: 'fast', reason: 'paid' }, at: paidAt });
        incident = { kind: 'incident', plan: incidentPlan.key, customer: who, amount: incidentPlan.amount, createdAt: paidAt - r.int(1, 3) * MIN, paidAt, refunds: [], sub: null };
        c.orders.push(incident);
        // Now and then a customer pays twice (two tabs): the second payment goes straight back.
        if (r.chance(0.03)) {
          const dup: Order = { ...incident, createdAt: incident.createdAt + MIN, paidAt: paidAt + MIN, refunds: [] };
          dup.refunds.push({ amount: dup.amount, reason: text(locale).duplicatePayment, reasonCode: 'duplicate_payment', requestedBy: 'system', at: paidAt + 2 * MIN });
          c.orders.push(dup);
        }
      }
      const fast = c.lane === 'fast';
      c.assignee = fast ? (r.chance(0.7) ? 'admin' : 'agent') : r.chance(0.75) ? 'agent' : 'admin';
      const agentKey = (s: 'admin' | 'agent') => `user:${a.staffIds[s]}`;

      // The first answer: business minutes from when the case entered its lane. The standard
      // lane answers a little later once the fast lane exists (what the impact report measures).
      const clockFrom = c.laneChangedAt ?? created;
      const firstAt = addBiz(clockFrom, fast ? r.logn(22, 0.6) : r.logn(after ? 120 : 100, 0.8));
      const assignAt = Math.max(clockFrom + MIN, firstAt - r.int(2, 15) * MIN);
      c.events.push({ type: 'assigned', actor: agentKey(c.assignee), data: { from: null, to: a.staffNames[c.assignee], fromId: null, toId: a.staffIds[c.assignee] }, at: assignAt });

      let status = 'new';
      let pauseFrom: number | null = null;
      const staffReply = (at: number, body: string, solve: boolean) => {
        const who = c.assignee;
        c.messages.push({ author: 'staff', staff: who, internal: false, body, at });
        c.events.push({ type: 'staff_replied', actor: agentKey(who), data: {}, at });
        const to = solve ? 'solved' : 'pending_customer';
        c.events.push({ type: 'status_changed', actor: agentKey(who), data: { from: status, to }, at });
        status = to;
        if (!solve) pauseFrom = at;
        else c.solvedAt = at;
        const work = (fast ? r.int(3, 10) : r.int(3, 12)) * MIN;
        c.time.push({ staff: who, start: Math.max(created, at - work), end: at });
      };
      const customerReply = (at: number, body: string) => {
        c.messages.push({ author: 'customer', staff: null, internal: false, body, at });
        c.events.push({ type: 'customer_replied', actor: 'customer', data: { attachments: 0 }, at });
        c.events.push({ type: 'status_changed', actor: 'customer', data: { from: status, to: 'open' }, at });
        if (pauseFrom !== null) c.pauses.push({ from: new Date(pauseFrom).toISOString(), to: new Date(at).toISOString() });
        pauseFrom = null;
        status = 'open';
      };
      const nextStaff = (after: number) => addBiz(after, fast ? r.logn(30, 0.6) : r.logn(110, 0.8));
      const R = REPLIES[locale];

      if (r.chance(0.1)) {
        const at = Math.max(assignAt, firstAt - r.int(1, 10) * MIN);
        c.messages.push({ author: 'staff', staff: c.assignee, internal: true, body: r.pick(R.note), at });
        c.events.push({ type: 'note_added', actor: agentKey(c.assignee), data: {}, at });
        c.time.push({ staff: c.assignee, start: Math.max(created, at - r.int(2, 5) * MIN), end: at });
      }
      c.firstRespondedAt = firstAt;
      const rounds = r.chance(0.45) ? 0 : r.chance(0.75) ? 1 : 2;
      let t = firstAt;
      staffReply(t, rounds === 0 ? r.pick(R.solve) : r.pick(R.ask), rounds === 0);
      for (let i = 0; i < rounds; i++) {
        t += Math.round(Math.min(r.logn(3 * HOUR, 1), 3 * DAY));
        customerReply(t, r.pick(R.customer));
        t = nextStaff(t);
        staffReply(t, i === rounds - 1 ? r.pick(R.follow) : r.pick(R.ask), i === rounds - 1);
      }
      // A few customers write again after the solve: the case reopens and is solved again.
      const reopened = reopenMs > 2 * HOUR && r.chance(0.06);
      if (reopened) {
        t += Math.round(Math.min(r.logn(20 * HOUR, 0.8), reopenMs - HOUR));
        customerReply(t, r.pick(R.reopen));
        t = nextStaff(t);
        staffReply(t, r.pick(R.follow), true);
      }

      // The SLA guarantee: a paid incident answered late is refunded by the server, automatically,
      // at its next run after the due time, and the case goes back to the standard lane.
      if (incident) {
        const due = engine.dueTimes({ createdAt: new Date(created), lane: 'fast', laneChangedAt: new Date(clockFrom), pauses: [], firstRespondedAt: new Date(firstAt), resolvedAt: null }, new Date(a.now)).firstResponseDue;
        if (due && firstAt > due.getTime()) {
          const at = due.getTime() + r.int(1, 10) * MIN;
          incident.refunds.push({ amount: incident.amount, reason: text(locale).slaGuarantee, reasonCode: 'sla_guarantee', requestedBy: 'system', at });
          c.events.push({ type: 'lane_changed', actor: 'system', data: { from: 'fast', to: 'standard', reason: 'refunded' }, at });
          c.events.push({ type: 'refunded', actor: 'system', data: { amount: incident.amount, reason: text(locale).slaGuarantee }, at });
          c.lane = 'standard';
          c.laneChangedAt = at;
        } else if (r.chance(0.04)) {
          // A gesture from staff: half back, after a case that dragged on.
          const amount = Math.round(incident.amount / 2);
          const at = c.solvedAt + r.int(10, 120) * MIN;
          const reason = locale === 'es' ? 'Compensación por las molestias' : 'Goodwill for the trouble';
          incident.refunds.push({ amount, reason, reasonCode: 'goodwill', requestedBy: agentKey('admin'), at });
          c.events.push({ type: 'refunded', actor: agentKey('admin'), data: { amount, reason }, at });
        }
      }

      // Solved cases close when the reopen window passes (the server's housekeeping).
      const closeAt = c.solvedAt + reopenMs + r.int(1, 60) * MIN;
      if (closeAt <= a.now) {
        c.status = 'closed';
        c.closedAt = closeAt;
        c.events.push({ type: 'status_changed', actor: 'system', data: { from: 'solved', to: 'closed', reason: 'reopen_window_passed' }, at: closeAt });
      }

      // The survey, asked when solved; about a third answer.
      const endFast = c.lane === 'fast';
      const breached = c.firstRespondedAt > clockFrom && (() => {
        const d = engine.dueTimes({ createdAt: new Date(created), lane: c.lane, laneChangedAt: c.laneChangedAt ? new Date(c.laneChangedAt) : null, pauses: [], firstRespondedAt: new Date(firstAt), resolvedAt: null }, new Date(a.now)).firstResponseDue;
        return !!d && firstAt > d.getTime();
      })();
      c.invited = ['csat', 'ces', ...(endFast ? (['fastlane_worth'] as const) : []), ...(c.solvedAt - person.lastNps > 90 * DAY ? (['nps'] as const) : [])];
      if (c.invited.includes('nps')) person.lastNps = c.solvedAt;
      if (r.chance(0.32)) {
        let at = c.solvedAt + Math.round(Math.min(r.logn(3 * HOUR, 1.2), 6 * DAY));
        const happy = r.chance((endFast ? 0.9 : after ? 0.78 : 0.84) - (breached ? 0.3 : 0) - (reopened ? 0.2 : 0) - (rounds === 2 ? 0.08 : 0));
        const csat = happy ? (r.chance(0.62) ? 5 : 4) : r.pick([1, 2, 2, 3, 3, 3]);
        c.answers.push({ question: 'csat', score: csat, comment: r.chance(0.12) ? r.pick(happy ? R.comment.good : R.comment.bad) : null, at });
        if (r.chance(0.8)) c.answers.push({ question: 'ces', score: happy ? r.int(5, 7) : r.int(2, 5), comment: null, at: (at += r.int(5, 40) * 1000) });
        if (endFast && r.chance(0.75)) c.answers.push({ question: 'fastlane_worth', score: r.chance(breached ? 0.4 : 0.88) ? 1 : 0, comment: null, at: (at += r.int(5, 40) * 1000) });
        if (c.invited.includes('nps') && r.chance(0.3)) c.answers.push({ question: 'nps', score: happy ? (r.chance(0.55) ? r.int(9, 10) : r.int(7, 8)) : r.int(0, 6), comment: null, at: (at += r.int(5, 40) * 1000) });
      }

      // History only: a case whose story is not over by now is left out (today's cases are the day's own).
      const last = Math.max(c.solvedAt, ...c.events.map((e) => e.at), ...c.orders.flatMap((o) => o.refunds.map((x) => x.at)));
      if (last > a.now - MIN) continue;
      c.answers = c.answers.filter((x) => x.at <= a.now);
      out.push(c);
    }
  }
  // Subscriptions bought after now or cancelled after now are not over yet.
  const subsKept = subOrders.filter((o) => o.paidAt <= a.now - MIN);
  for (const o of subsKept) if (o.sub!.canceledAt !== null && o.sub!.canceledAt > a.now) {
    o.sub!.canceledAt = null;
    o.refunds = [];
  }
  // Renewals, each period until the subscription was cancelled, where the ledger stores them.
  const renewals: Order[] = [];
  if (a.renewals) {
    for (const o of subsKept) {
      const s = o.sub!;
      const months = s.plan.interval === 'year' ? 12 : 1;
      for (let k = 1; ; k++) {
        const at = addMonths(s.start, k * months);
        if (at > (s.canceledAt ?? a.now - MIN)) break;
        renewals.push({ kind: 'renewal', plan: s.plan.key, customer: s.customer, amount: s.plan.amount, createdAt: at, paidAt: at, refunds: [], sub: s });
      }
    }
  }
  return { cases: out, people, subOrders: [...subsKept, ...renewals], from, to: today, now: a.now, cur, slugs: a.slugs, rng: r, engine, days: a.days, tz, dayStart };
}

async function write(deps: HistoryDeps, m: Model, o: { seed: number; days: number; staffIds: Record<'admin' | 'agent', number>; staffRows: Record<'admin' | 'agent', typeof staffUsers.$inferSelect> }): Promise<HistoryResult> {
  const { database, config } = deps;
  const tokens = new TokenBox(config.secret);
  const r = m.rng;
  const B = HISTORY_DEFAULTS.batch;
  const chunks = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / B) }, (_, i) => xs.slice(i * B, (i + 1) * B));
  const d = (ms: number) => new Date(ms);

  // Analytics events per day, scaled to the day's cases (drawn before the transaction: same seed, same events).
  const perDay = new Map<number, { cases: number; widget: number }>();
  const dayOf = (ms: number) => Math.floor((ms - m.from) / DAY);
  for (const c of m.cases) {
    const k = dayOf(c.createdAt);
    const e = perDay.get(k) ?? { cases: 0, widget: 0 };
    e.cases++;
    if (c.channel === 'widget') e.widget++;
    perDay.set(k, e);
  }
  const events: Array<typeof analyticsEvents.$inferInsert> = [];
  for (let k = 0; k < m.days; k++) {
    const { cases: n, widget } = perDay.get(k) ?? { cases: 0, widget: 0 };
    const start = m.from + k * DAY;
    const at = () => d(start + (r.chance(0.8) ? 8 * HOUR + r.next() * 13 * HOUR : r.next() * (DAY - MIN)));
    const locale = (): Locale => (r.chance(0.65) ? 'es' : 'en');
    const channel = () => (r.chance(0.6) ? 'widget' : 'portal');
    for (let i = Math.round(n * (2.5 + r.next())); i > 0; i--) {
      const l = locale();
      const zero = r.chance(0.12);
      const q = r.pick(zero ? ZERO_SEARCHES[l] : SEARCHES[l]);
      const when = at();
      events.push({ type: 'search', locale: l, query: q, queryKey: queryKey(q), resultCount: zero ? 0 : r.int(1, 12), channel: channel(), createdAt: when });
      if (!zero && r.chance(0.35)) events.push({ type: 'result_click', locale: l, query: q, queryKey: queryKey(q), slug: r.pick(m.slugs[l]), position: r.int(1, 3), channel: channel(), createdAt: d(when.getTime() + r.int(3, 40) * 1000) });
    }
    for (let i = Math.round(n * (3 + r.next() * 2)); i > 0; i--) {
      const l = locale();
      const slug = r.pick(m.slugs[l]);
      const when = at();
      events.push({ type: 'article_view', locale: l, slug, channel: channel(), createdAt: when });
      if (r.chance(0.05)) events.push({ type: 'feedback', locale: l, slug, helpful: r.chance(0.8), channel: channel(), createdAt: d(when.getTime() + r.int(20, 200) * 1000) });
    }
    // Case forms the widget's suggestions ended: roughly two for every five it sent.
    for (let i = Math.round(widget * (0.25 + r.next() * 0.3)); i > 0; i--) {
      const l = locale();
      const q = r.pick(SEARCHES[l]);
      events.push({ type: 'deflection', locale: l, slug: r.pick(m.slugs[l]), query: q, queryKey: queryKey(q), channel: 'widget', createdAt: at() });
    }
  }
  const keptEvents = events.filter((e) => (e.createdAt as Date).getTime() <= m.now - MIN).sort((x, y) => (x.createdAt as Date).getTime() - (y.createdAt as Date).getTime());

  return database.db.transaction(async (tx) => {
    // One history per database: a second run (or two at once) is refused.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('demo_history', 7261003))`);
    if ((await tx.select({ id: demoHistory.id }).from(demoHistory).limit(1)).length) {
      throw existsError();
    }
    // Demo staff without an hourly cost get one, so the fast lane's cost is not all "unpriced".
    for (const role of ['admin', 'agent'] as const) {
      if (o.staffRows[role].hourlyCost === null) await tx.update(staffUsers).set({ hourlyCost: HISTORY_DEFAULTS.hourlyCost[role] }).where(and(eq(staffUsers.id, o.staffIds[role]), isNull(staffUsers.hourlyCost)));
    }

    // Customers, in the order they first wrote.
    const customerIds: number[] = [];
    for (const part of chunks(m.people)) {
      const rows = await tx.insert(customers).values(part.map((p) => ({ email: p.email, name: p.name, locale: p.locale, createdAt: d(p.createdAt) }))).returning({ id: customers.id });
      customerIds.push(...rows.map((x) => x.id));
    }

    // Cases, with references from the shared sequence.
    const refs = rowsOf(await tx.execute(sql`select nextval(${caseReferenceSeq.seqName}) as n from generate_series(1, ${m.cases.length})`)).map((x) => Number(x.n)).sort((a, b) => a - b);
    const caseIds: number[] = [];
    for (const [i, part] of chunks(m.cases).entries()) {
      const rows = await tx
        .insert(cases)
        .values(
          part.map((c, j) => {
            const due = m.engine.dueTimes({ createdAt: d(c.createdAt), lane: c.lane, laneChangedAt: c.laneChangedAt ? d(c.laneChangedAt) : null, pauses: c.pauses.map((p) => ({ from: new Date(p.from), to: new Date(p.to) })), firstRespondedAt: d(c.firstRespondedAt), resolvedAt: d(c.solvedAt) }, d(m.now));
            const token = newToken();
            const updated = Math.max(c.closedAt ?? 0, c.solvedAt, ...c.events.map((e) => e.at));
            return {
              reference: `${config.casePrefix}-${String(refs[i * B + j]!).padStart(6, '0')}`,
              trackingHash: tokenHash(token),
              trackingTokenEnc: tokens.seal(token),
              customerId: customerIds[c.customer]!,
              subject: c.subject,
              category: c.category,
              locale: c.locale,
              status: c.status,
              lane: c.lane,
              channel: c.channel,
              assignee: o.staffRows[c.assignee].name,
              assigneeId: o.staffIds[c.assignee],
              createdAt: d(c.createdAt),
              updatedAt: d(updated),
              laneChangedAt: c.laneChangedAt ? d(c.laneChangedAt) : null,
              firstResponseDue: due.firstResponseDue,
              resolutionDue: due.resolutionDue,
              firstRespondedAt: d(c.firstRespondedAt),
              solvedAt: d(c.solvedAt),
              closedAt: c.closedAt ? d(c.closedAt) : null,
              pauses: c.pauses,
            };
          }),
        )
        .returning({ id: cases.id });
      caseIds.push(...rows.map((x) => x.id));
    }

    const messages = m.cases.flatMap((c, i) => c.messages.map((x) => ({ caseId: caseIds[i]!, author: x.author, authorName: x.staff ? o.staffRows[x.staff].name : m.people[c.customer]!.name, staffUserId: x.staff ? o.staffIds[x.staff] : null, internal: x.internal, body: x.body, createdAt: d(x.at) })));
    const caseEventRows = m.cases.flatMap((c, i) => [...c.events].sort((x, y) => x.at - y.at).map((e) => ({ caseId: caseIds[i]!, type: e.type, actor: e.actor, data: e.data, createdAt: d(e.at) })));
    const times = m.cases.flatMap((c, i) => c.time.map((x) => ({ caseId: caseIds[i]!, userId: o.staffIds[x.staff], startedAt: d(x.start), endedAt: d(x.end), source: 'timer', createdAt: d(x.start), updatedAt: d(x.end) })));
    const invitations = m.cases.flatMap((c, i) => c.invited.map((q) => ({ caseId: caseIds[i]!, question: q, customerId: customerIds[c.customer]!, sentAt: d(c.solvedAt) })));
    const answers = m.cases.flatMap((c, i) =>
      c.answers.map((x) => ({ caseId: caseIds[i]!, question: x.question, score: x.score, comment: x.comment, lane: c.lane, category: c.category, agentId: o.staffIds[c.assignee], agent: o.staffRows[c.assignee].name, customerId: customerIds[c.customer]!, locale: c.locale, answeredAt: d(x.at), commentedAt: x.comment ? d(x.at + 30_000) : null })),
    );
    await bulkInsert(tx, caseMessages, messages);
    await bulkInsert(tx, caseEvents, caseEventRows);
    await bulkInsert(tx, timeEntries, times);
    await bulkInsert(tx, surveyInvitations, invitations);
    await bulkInsert(tx, surveyAnswers, answers);

    // Payments: incidents tied to their cases, subscriptions on their own. Stripe ids are
    // invented (`*_demo_*`): these payments never went through Stripe, and nothing asks it about them.
    const orders = [...m.cases.flatMap((c, i) => c.orders.map((x) => ({ x, caseId: caseIds[i]! }))), ...m.subOrders.map((x) => ({ x, caseId: null as number | null }))].sort((p, q) => p.x.paidAt - q.x.paidAt);
    const tag = `${o.seed}_${m.from / 1000}`;
    const orderIds: number[] = [];
    for (const [ci, part] of chunks(orders).entries()) {
      const rows = await tx
        .insert(fastlaneOrders)
        .values(
          part.map(({ x, caseId }, j) => {
            const n = ci * B + j + 1;
            const refunded = x.refunds.reduce((s, f) => s + f.amount, 0);
            const last = Math.max(x.paidAt, ...x.refunds.map((f) => f.at), x.sub?.canceledAt ?? 0);
            return {
              customerId: customerIds[x.customer]!,
              planKey: x.plan,
              kind: x.kind,
              caseId,
              amount: x.amount,
              currency: m.cur,
              status: refunded === 0 ? 'paid' : refunded >= x.amount ? 'refunded' : 'partially_refunded',
              // A renewal is an invoice of the subscription, not a checkout.
              checkoutSessionId: x.kind === 'renewal' ? null : `cs_demo_${tag}_${n}`,
              paymentIntentId: `pi_demo_${tag}_${n}`,
              chargeId: x.kind === 'renewal' ? null : `ch_demo_${tag}_${n}`,
              subscriptionId: x.sub ? `sub_demo_${tag}_${x.sub.key}` : null,
              ...(LEDGER.renewals && x.kind === 'renewal' ? { invoiceId: `in_demo_${tag}_${n}` } : {}),
              amountRefunded: refunded,
              createdAt: d(x.createdAt),
              paidAt: d(x.paidAt),
              updatedAt: d(last),
            };
          }),
        )
        .returning({ id: fastlaneOrders.id });
      orderIds.push(...rows.map((x) => x.id));
    }
    let refundN = 0;
    const refunds = orders.flatMap(({ x }, i) =>
      x.refunds.map((f) => ({
        orderId: orderIds[i]!,
        amount: f.amount,
        reason: f.reason,
        ...(LEDGER.reasonCodes ? { reasonCode: f.reasonCode } : {}),
        requestedBy: f.requestedBy,
        status: 'succeeded',
        stripeRefundId: `re_demo_${tag}_${++refundN}`,
        createdAt: d(f.at),
        decidedAt: d(f.at),
      })),
    );
    await bulkInsert(tx, fastlaneRefunds, refunds);
    const ents = orders.flatMap(({ x }) => {
      if (x.kind !== 'subscription' || !x.sub) return [];
      const s = x.sub;
      const months = s.plan.interval === 'year' ? 12 : 1;
      let k = 1;
      const until = s.canceledAt ?? m.now;
      while (addMonths(s.start, k * months) <= until) k++;
      const end = d(addMonths(s.start, k * months));
      const canceled = s.canceledAt !== null;
      return [{
        customerId: customerIds[x.customer]!,
        subscriptionId: `sub_demo_${tag}_${s.key}`,
        planKey: s.plan.key,
        status: canceled ? 'canceled' : 'active',
        currentPeriodEnd: canceled && s.refund > 0 ? d(s.canceledAt!) : end,
        cancelAtPeriodEnd: false,
        lastEventAt: Math.floor((s.canceledAt ?? s.start) / 1000),
        cancelRequests: canceled ? 1 : 0,
        createdAt: d(s.start),
        updatedAt: d(s.canceledAt ?? s.start),
      }];
    });
    await bulkInsert(tx, entitlements, ents);

    const eventIds = await bulkInsert(tx, analyticsEvents, keptEvents);

    const counts = {
      cases: m.cases.length,
      fast_cases: m.cases.filter((c) => c.lane === 'fast').length,
      customers: m.people.length,
      messages: messages.length,
      case_events: caseEventRows.length,
      time_entries: times.length,
      survey_answers: answers.length,
      orders: orders.length,
      subscriptions: ents.length,
      renewals: orders.filter((x) => x.x.kind === 'renewal').length,
      refunds: refunds.length,
      analytics_events: keptEvents.length,
    };
    const range = (ids: number[]): [number, number] => (ids.length ? [Math.min(...ids), Math.max(...ids)] : [0, -1]);
    await tx.insert(demoHistory).values({ id: 1, seed: o.seed, days: o.days, fromAt: d(m.from), toAt: d(m.now), idRanges: { customers: range(customerIds), analytics_events: range(eventIds) }, counts, createdAt: d(m.now) });
    return { from: d(m.from), to: d(m.to), counts };
  });
}

/**
 * Inserts rows (of `table`'s insert shape) a few thousand per statement, each statement's rows
 * as one JSON parameter that PostgreSQL unpacks (json_populate_recordset): much cheaper to send
 * and parse than a parameter per value. Answers the new rows' ids (tables with an `id`).
 */
// Rows are checked against the table's columns and types; required ones the database checks
// (a column the schema may or may not have yet, like a refund's reason code, is spread in).
async function bulkInsert<T extends PgTable>(tx: Tx, table: T, rows: Array<Partial<T['$inferInsert']>>): Promise<number[]> {
  const ids: number[] = [];
  const all = rows as Array<Record<string, unknown>>;
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => all.some((r) => r[key] !== undefined));
  const names = sql.join(columns.map(([, c]) => sql.identifier(c.name)), sql`, `);
  const hasId = 'id' in getTableColumns(table);
  for (let i = 0; i < all.length; i += 5000) {
    const json = JSON.stringify(all.slice(i, i + 5000).map((r) => Object.fromEntries(columns.map(([key, c]) => [c.name, r[key] ?? null]))));
    const result = await tx.execute(sql`insert into ${table} (${names}) select ${names} from json_populate_recordset(null::${table}, ${json}::json) ${hasId ? sql`returning id` : sql``}`);
    if (hasId) ids.push(...rowsOf(result).map((x) => Number(x.id)));
  }
  return ids;
}

type Row = Record<string, unknown>;
const rowsOf = (x: unknown): Row[] => (x as { rows?: Row[] }).rows ?? (x as Row[]);

/**
 * Removes the generated history (the customers it made and everything hanging off them, and its
 * analytics events), leaving what people did in the demo. Answers whether there was one.
 */
export async function removeHistory(database: Database): Promise<boolean> {
  return database.db.transaction(async (tx: Tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('demo_history', 7261003))`);
    const [h] = await tx.select().from(demoHistory).limit(1);
    if (!h) return false;
    const [c0, c1] = h.idRanges.customers ?? [0, -1];
    const [e0, e1] = h.idRanges.analytics_events ?? [0, -1];
    // A row in a range made at or after the history's `to_at` was not the generator's.
    const custIds = (await tx.select({ id: customers.id }).from(customers).where(and(gte(customers.id, c0), sql`${customers.id} <= ${c1}`, lt(customers.createdAt, h.toAt)))).map((x) => x.id);
    for (let i = 0; i < custIds.length; i += 1000) {
      const ids = custIds.slice(i, i + 1000);
      const caseIds = (await tx.select({ id: cases.id }).from(cases).where(inArray(cases.customerId, ids))).map((x) => x.id);
      const orderIds = (await tx.select({ id: fastlaneOrders.id }).from(fastlaneOrders).where(inArray(fastlaneOrders.customerId, ids))).map((x) => x.id);
      if (orderIds.length) await tx.delete(fastlaneRefunds).where(inArray(fastlaneRefunds.orderId, orderIds));
      await tx.delete(fastlaneOrders).where(inArray(fastlaneOrders.customerId, ids));
      await tx.delete(entitlements).where(inArray(entitlements.customerId, ids));
      if (caseIds.length) {
        for (const t of [caseMessages, caseEvents, timeEntries] as const) await tx.delete(t).where(inArray(t.caseId, caseIds));
        await tx.delete(surveyAnswers).where(inArray(surveyAnswers.caseId, caseIds));
        await tx.delete(surveyInvitations).where(or(inArray(surveyInvitations.caseId, caseIds), inArray(surveyInvitations.customerId, ids)));
        await tx.delete(cases).where(inArray(cases.id, caseIds));
      }
      await tx.delete(customers).where(inArray(customers.id, ids));
    }
    await tx.delete(analyticsEvents).where(and(gte(analyticsEvents.id, e0), sql`${analyticsEvents.id} <= ${e1}`, lt(analyticsEvents.createdAt, h.toAt)));
    await tx.delete(demoHistory);
    return true;
  });
}
