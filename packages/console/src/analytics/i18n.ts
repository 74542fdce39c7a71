// The analytics screen's words, Spanish and English (its own chunk, loaded when an admin opens it).
// Lane names come from the console's catalogue (`cat.lanes`).

export type MetricKey =
  | 'cases'
  | 'first_response_p50_s'
  | 'first_response_p90_s'
  | 'resolution_p50_s'
  | 'resolution_p90_s'
  | 'sla_attainment'
  | 'fcr_rate'
  | 'reopen_rate'
  | 'csat'
  | 'ces'
  | 'nps'
  | 'deflection_rate';

export interface AnalyticsStrings {
  heading: string;
  intro: string;
  from: string;
  to: string;
  lane: string;
  allLanes: string;
  interval: string;
  intervals: Record<'auto' | 'day' | 'week' | 'month', string>;
  show: string;
  last: (days: number) => string;
  loading: string;
  period: (from: string, to: string, timeZone: string) => string;
  badRange: string;
  /** A period longer than the server's PERIOD_MAX_DAYS (1096). */
  tooLong: string;
  loadFailed: (reason: string) => string;
  /** A 429: what is shown stays; `seconds` from Retry-After (null: none given). */
  rateLimited: (seconds: number | null) => string;
  tooManyBuckets: string;
  // key figures
  figures: string;
  figuresIntro: string;
  metric: string;
  thisPeriod: string;
  previous: string;
  change: string;
  metrics: Record<MetricKey, string>;
  /** A value with the answers it rests on: "82 % (41 answers)". */
  withAnswers: (value: string, n: number) => string;
  noData: string;
  noChange: string;
  slower: (d: string) => string;
  faster: (d: string) => string;
  points: (signed: string) => string;
  better: string;
  worse: string;
  // charts
  chartsHeading: string;
  volume: string;
  firstResponse: string;
  sla: string;
  csat: string;
  money: string;
  moneyIntro: string;
  date: string;
  revenue: string;
  refunds: string;
  netRevenue: string;
  cost: string;
  margin: string;
  staffTime: string;
  unpricedTime: string;
  worth: string;
  chartLabel: (title: string, summary: string) => string;
  chartSummary: (series: string, first: string, last: string, min: string, max: string) => string;
  chartEmpty: string;
  /** Under a chart with an incomplete day, week or month (drawn as a hollow point). */
  partialNote: string;
  /** The chart's label: which points are incomplete periods. */
  chartPartial: (dates: string) => string;
  /** A table row's date, for an incomplete period. */
  partialRow: (date: string) => string;
  showTable: string;
  downloadCsv: string;
  csvFor: (title: string) => string;
  // the standard lane's impact
  impact: string;
  impactNoBaseline: string;
  impactSince: (baselineFrom: string, baselineTo: string, started: string | null) => string;
  /** `d` the size of the change (a duration), `dir` its direction, `interval` the 95 % interval's words. */
  impactFirstResponse: (d: string, dir: 'up' | 'down' | 'same', interval: string) => string;
  /** `p` the change in points. */
  impactRate: (what: 'sla' | 'csat', p: string, dir: 'up' | 'down' | 'same', interval: string) => string;
  impactNone: (what: 'first_response' | 'sla' | 'csat') => string;
  /** The 95 % interval's words; `chance` when it holds no change at all (0 inside it). */
  interval95: (lo: string, hi: string, chance: boolean) => string;
  baseline: string;
  difference: string;
  ci95: string;
  measuredOver: string;
  // the fast lane's account
  account: string;
  accountIntro: string;
  accountPending: string;
  month: string;
  plan: string;
  payments: string;
  revenueByPlan: string;
  costVsRevenue: string;
  refundsByReason: string;
  reason: string;
  automatic: string;
  yes: string;
  no: string;
  count: string;
  amount: string;
  costByAgent: string;
  agent: string;
  hourlyCost: string;
  fastlaneCases: string;
  kind: string;
  kinds: Record<'incident' | 'subscription' | 'renewal', string>;
  /** A plan in a chart's legend: its name (the customer's) and its kind. */
  planLegend: (name: string, kind: string) => string;
  reasons: Record<'sla_guarantee' | 'duplicate_payment' | 'customer_request' | 'goodwill' | 'other', string>;
  overhead: string;
  timeCost: string;
  notSet: string;
  // durations
  seconds: (n: number) => string;
  minutes: (n: number) => string;
  hours: (h: number, m: number) => string;
  days: (d: number, h: number) => string;
}

/** A reason as a sentence of its own after the first: capital first letter, a full stop at the end. */
const sentence = (r: string): string => {
  const s = r.charAt(0).toUpperCase() + r.slice(1);
  return /[.!?…]$/.test(s) ? s : `${s}.`;
};

export const es: AnalyticsStrings = {
  heading: 'Analítica',
  intro: 'Cómo va el soporte en cada carril: tiempos, objetivos cumplidos, satisfacción, y lo que gana y cuesta el carril prioritario. Los tiempos cuentan en horario laboral.',
  from: 'Desde',
  to: 'Hasta',
  lane: 'Carril',
  allLanes: 'Los dos',
  interval: 'Agrupar por',
  intervals: { auto: 'Automático', day: 'Día', week: 'Semana', month: 'Mes' },
  show: 'Mostrar',
  last: (d) => `Últimos ${d} días`,
  loading: 'Cargando…',
  period: (f, t, tz) => `Del ${f} al ${t} (hora de ${tz}).`,
  badRange: 'La fecha «Desde» debe ser anterior o igual a «Hasta».',
  tooLong: 'El periodo puede ser de 3 años como máximo (1096 días): acerca «Desde» a «Hasta».',
  loadFailed: (r) => `No se pudieron cargar los datos. ${sentence(r)}`,
  rateLimited: (n) => (n === null ? 'Demasiadas peticiones; inténtalo de nuevo en un momento.' : `Demasiadas peticiones; inténtalo de nuevo en ${n} ${n === 1 ? 'segundo' : 'segundos'}.`),
  tooManyBuckets: 'Demasiados puntos para ese periodo: agrupa por semana o por mes, o acorta el periodo.',
  figures: 'Cifras clave',
  figuresIntro: 'Cada carril, con el periodo anterior de la misma duración y el cambio.',
  metric: 'Cifra',
  thisPeriod: 'Este periodo',
  previous: 'Periodo anterior',
  change: 'Cambio',
  metrics: {
    cases: 'Casos',
    first_response_p50_s: 'Primera respuesta (mediana)',
    first_response_p90_s: 'Primera respuesta (percentil 90)',
    resolution_p50_s: 'Resolución (mediana)',
    resolution_p90_s: 'Resolución (percentil 90)',
    sla_attainment: 'Objetivos cumplidos (SLA)',
    fcr_rate: 'Resueltos al primer contacto',
    reopen_rate: 'Reabiertos',
    csat: 'Clientes satisfechos (CSAT)',
    ces: 'Facilidad (CES, 1-7)',
    nps: 'Recomendación (NPS)',
    deflection_rate: 'Resueltos sin caso (todos los carriles)',
  },
  withAnswers: (v, n) => `${v} (${n === 1 ? '1 respuesta' : `${n} respuestas`})`,
  noData: 'Sin datos',
  noChange: 'Sin cambio',
  slower: (d) => `${d} más lenta`,
  faster: (d) => `${d} más rápida`,
  points: (s) => `${s} puntos`,
  better: 'mejor',
  worse: 'peor',
  chartsHeading: 'A lo largo del tiempo',
  volume: 'Casos nuevos',
  firstResponse: 'Primera respuesta (mediana)',
  sla: 'Objetivos cumplidos (SLA)',
  csat: 'Clientes satisfechos (CSAT)',
  money: 'Carril prioritario: ingresos, coste y margen',
  moneyIntro: 'Ingresos netos (pagos menos devoluciones), coste del tiempo del equipo en casos prioritarios y margen, en cada periodo.',
  date: 'Fecha',
  revenue: 'Ingresos',
  refunds: 'Devoluciones',
  netRevenue: 'Ingresos netos',
  cost: 'Coste',
  margin: 'Margen',
  staffTime: 'Tiempo del equipo',
  unpricedTime: 'Tiempo sin coste por hora',
  worth: '¿Valió lo que costó? (sí)',
  chartLabel: (t, s) => `Gráfico: ${t}. ${s}`,
  chartSummary: (s, f, l, mi, ma) => `${s}: empieza en ${f} y termina en ${l}; mínimo ${mi}, máximo ${ma}.`,
  chartEmpty: 'Sin datos en este periodo.',
  partialNote: 'Punto hueco: periodo incompleto (sus cifras aún pueden cambiar).',
  chartPartial: (d) => ` Periodos incompletos: ${d}.`,
  partialRow: (d) => `${d} (incompleto)`,
  showTable: 'Ver como tabla',
  downloadCsv: 'Descargar CSV',
  csvFor: (t) => `Descargar CSV: ${t}`,
  impact: '¿Empeoró el carril estándar?',
  impactNoBaseline: 'El carril prioritario aún no se ha usado: no hay un «antes» con el que comparar.',
  impactSince: (f, t, s) => `Carril estándar en este periodo frente a ${s ? `los días antes de que empezara el carril prioritario (${s})` : 'el periodo elegido'}: del ${f} al ${t}.`,
  impactFirstResponse: (d, dir, i) => `La primera respuesta del carril estándar ${dir === 'up' ? `llegó ${d} más tarde` : dir === 'down' ? `llegó ${d} antes` : 'no cambió'} ${i}.`,
  impactRate: (w, p, dir, i) =>
    w === 'sla'
      ? `Los objetivos cumplidos del carril estándar ${dir === 'up' ? `subieron ${p}` : dir === 'down' ? `bajaron ${p}` : 'no cambiaron'} ${i}.`
      : `La satisfacción (CSAT) del carril estándar ${dir === 'up' ? `subió ${p}` : dir === 'down' ? `bajó ${p}` : 'no cambió'} ${i}.`,
  impactNone: (w) => `${w === 'first_response' ? 'Primera respuesta' : w === 'sla' ? 'Objetivos cumplidos' : 'Satisfacción'}: sin datos suficientes para comparar.`,
  interval95: (lo, hi, chance) => `(intervalo del 95 %: de ${lo} a ${hi}${chance ? '; puede ser casualidad' : ''})`,
  baseline: 'Antes',
  difference: 'Diferencia',
  ci95: 'Intervalo del 95 %',
  measuredOver: 'Medido sobre (antes / ahora)',
  account: 'Cuenta del carril prioritario',
  accountIntro: 'Lo que ganó y lo que costó el carril prioritario en el periodo, en la moneda de la instalación.',
  accountPending: 'Este servidor aún no da el detalle por plan, motivo de devolución y persona.',
  month: 'Mes',
  plan: 'Plan',
  payments: 'Pagos',
  revenueByPlan: 'Ingresos por mes y plan',
  costVsRevenue: 'Ingresos frente a coste por mes',
  refundsByReason: 'Devoluciones por motivo',
  reason: 'Motivo',
  automatic: 'Automática',
  yes: 'Sí',
  no: 'No',
  count: 'Número',
  amount: 'Importe',
  costByAgent: 'Coste por persona',
  agent: 'Persona',
  hourlyCost: 'Coste por hora actual',
  fastlaneCases: 'Casos prioritarios',
  kind: 'Tipo',
  kinds: { incident: 'Por consulta', subscription: 'Suscripción', renewal: 'Renovación' },
  planLegend: (n, k) => `${n} (${k.toLowerCase()})`,
  reasons: { sla_guarantee: 'Garantía del plazo', duplicate_payment: 'Pago duplicado', customer_request: 'Petición del cliente', goodwill: 'Cortesía', other: 'Otro' },
  overhead: 'Coste fijo por caso',
  timeCost: 'Coste del tiempo',
  notSet: 'Sin definir',
  seconds: (n) => `${n} s`,
  minutes: (n) => `${n} min`,
  hours: (h, m) => (m ? `${h} h ${m} min` : `${h} h`),
  days: (d, h) => `${d} ${d === 1 ? 'día' : 'días'}${h ? ` ${h} h` : ''}`,
};

export const en: AnalyticsStrings = {
  heading: 'Analytics',
  intro: 'How support is going in each lane: times, targets met, satisfaction, and what the priority lane earns and costs. Times count business hours.',
  from: 'From',
  to: 'To',
  lane: 'Lane',
  allLanes: 'Both',
  interval: 'Group by',
  intervals: { auto: 'Automatic', day: 'Day', week: 'Week', month: 'Month' },
  show: 'Show',
  last: (d) => `Last ${d} days`,
  loading: 'Loading…',
  period: (f, t, tz) => `From ${f} to ${t} (${tz} time).`,
  badRange: '"From" must be on or before "To".',
  tooLong: 'The period can be at most 3 years (1096 days): move "From" closer to "To".',
  loadFailed: (r) => `The figures could not be loaded. ${sentence(r)}`,
  rateLimited: (n) => (n === null ? 'Too many requests; try again in a moment.' : `Too many requests; try again in ${n} ${n === 1 ? 'second' : 'seconds'}.`),
  tooManyBuckets: 'Too many points for that period: group by week or month, or shorten the period.',
  figures: 'Key figures',
  figuresIntro: 'Each lane, beside the previous period of the same length and the change.',
  metric: 'Figure',
  thisPeriod: 'This period',
  previous: 'Previous period',
  change: 'Change',
  metrics: {
    cases: 'Cases',
    first_response_p50_s: 'First response (median)',
    first_response_p90_s: 'First response (90th percentile)',
    resolution_p50_s: 'Resolution (median)',
    resolution_p90_s: 'Resolution (90th percentile)',
    sla_attainment: 'Targets met (SLA)',
    fcr_rate: 'Solved at first contact',
    reopen_rate: 'Reopened',
    csat: 'Satisfied customers (CSAT)',
    ces: 'Ease (CES, 1-7)',
    nps: 'Recommendation (NPS)',
    deflection_rate: 'Solved without a case (all lanes)',
  },
  withAnswers: (v, n) => `${v} (${n === 1 ? '1 answer' : `${n} answers`})`,
  noData: 'No data',
  noChange: 'No change',
  slower: (d) => `${d} slower`,
  faster: (d) => `${d} faster`,
  points: (s) => `${s} points`,
  better: 'better',
  worse: 'worse',
  chartsHeading: 'Over time',
  volume: 'New cases',
  firstResponse: 'First response (median)',
  sla: 'Targets met (SLA)',
  csat: 'Satisfied customers (CSAT)',
  money: 'Priority lane: revenue, cost and margin',
  moneyIntro: 'Net revenue (payments less refunds), the cost of the team’s time on priority cases, and the margin, in each period.',
  date: 'Date',
  revenue: 'Revenue',
  refunds: 'Refunds',
  netRevenue: 'Net revenue',
  cost: 'Cost',
  margin: 'Margin',
  staffTime: 'Team time',
  unpricedTime: 'Time with no hourly cost',
  worth: 'Worth its price? (yes)',
  chartLabel: (t, s) => `Chart: ${t}. ${s}`,
  chartSummary: (s, f, l, mi, ma) => `${s}: starts at ${f} and ends at ${l}; lowest ${mi}, highest ${ma}.`,
  chartEmpty: 'No data in this period.',
  partialNote: 'Hollow point: an incomplete period (its figures may still change).',
  chartPartial: (d) => ` Incomplete periods: ${d}.`,
  partialRow: (d) => `${d} (incomplete)`,
  showTable: 'Show as table',
  downloadCsv: 'Download CSV',
  csvFor: (t) => `Download CSV: ${t}`,
  impact: 'Did the standard lane get worse?',
  impactNoBaseline: 'The priority lane has not been used yet: there is no “before” to compare with.',
  impactSince: (f, t, s) => `The standard lane in this period against ${s ? `the days before the priority lane began (${s})` : 'the chosen period'}: ${f} to ${t}.`,
  impactFirstResponse: (d, dir, i) => `The standard lane’s first response ${dir === 'up' ? `got ${d} slower` : dir === 'down' ? `got ${d} faster` : 'did not change'} ${i}.`,
  impactRate: (w, p, dir, i) => `${w === 'sla' ? 'The standard lane’s targets met' : 'The standard lane’s satisfaction (CSAT)'} ${dir === 'up' ? `rose by ${p}` : dir === 'down' ? `fell by ${p}` : 'did not change'} ${i}.`,
  impactNone: (w) => `${w === 'first_response' ? 'First response' : w === 'sla' ? 'Targets met' : 'Satisfaction'}: not enough data to compare.`,
  interval95: (lo, hi, chance) => `(95 % interval: ${lo} to ${hi}${chance ? '; it may be chance' : ''})`,
  baseline: 'Before',
  difference: 'Difference',
  ci95: '95 % interval',
  measuredOver: 'Measured over (before / now)',
  account: 'The priority lane’s account',
  accountIntro: 'What the priority lane earned and what it cost in the period, in the installation’s currency.',
  accountPending: 'This server does not give the detail by plan, refund reason and person yet.',
  month: 'Month',
  plan: 'Plan',
  payments: 'Payments',
  revenueByPlan: 'Revenue by month and plan',
  costVsRevenue: 'Revenue against cost by month',
  refundsByReason: 'Refunds by reason',
  reason: 'Reason',
  automatic: 'Automatic',
  yes: 'Yes',
  no: 'No',
  count: 'Count',
  amount: 'Amount',
  costByAgent: 'Cost by person',
  agent: 'Person',
  hourlyCost: 'Hourly cost now',
  fastlaneCases: 'Priority cases',
  kind: 'Kind',
  kinds: { incident: 'Per request', subscription: 'Subscription', renewal: 'Renewal' },
  planLegend: (n, k) => `${n} (${k.toLowerCase()})`,
  reasons: { sla_guarantee: 'Response-time guarantee', duplicate_payment: 'Duplicate payment', customer_request: 'Customer request', goodwill: 'Goodwill', other: 'Other' },
  overhead: 'Fixed cost per case',
  timeCost: 'Cost of time',
  notSet: 'Not set',
  seconds: (n) => `${n} s`,
  minutes: (n) => `${n} min`,
  hours: (h, m) => (m ? `${h} h ${m} min` : `${h} h`),
  days: (d, h) => `${d} ${d === 1 ? 'day' : 'days'}${h ? ` ${h} h` : ''}`,
};

export const strings = { es, en } as const;
