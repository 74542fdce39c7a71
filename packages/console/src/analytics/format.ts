// How the analytics screen writes its figures: durations in words a manager reads at a glance
// (business seconds → "3 h 20 min"), shares and counts through Intl, and a change said as better
// or worse in words, never by colour alone.
import type { AnalyticsStrings, MetricKey } from './i18n.js';

const INTL: Record<'es' | 'en', string> = { es: 'es-ES', en: 'en-GB' };

export interface Fmt {
  locale: 'es' | 'en';
  t: AnalyticsStrings;
}

/** Seconds as a person says them: 45 s, 12 min, 3 h 20 min, 2 days 4 h (rounded to the unit below the largest). */
export function duration(f: Fmt, seconds: number | null): string {
  if (seconds === null) return f.t.noData;
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return f.t.seconds(s);
  const min = Math.round(s / 60);
  if (min < 60) return f.t.minutes(min);
  if (min < 48 * 60) return f.t.hours(Math.floor(min / 60), min % 60);
  const h = Math.round(s / 3600);
  return f.t.days(Math.floor(h / 24), h % 24);
}

/** A share 0..1 as a percentage: 0.824 → "82,4 %" / "82.4%". */
export function percent(f: Fmt, rate: number | null): string {
  if (rate === null) return f.t.noData;
  return new Intl.NumberFormat(INTL[f.locale], { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

export function number(f: Fmt, n: number | null, digits = 1): string {
  if (n === null) return f.t.noData;
  return new Intl.NumberFormat(INTL[f.locale], { maximumFractionDigits: digits }).format(n);
}

/** A local date `YYYY-MM-DD` as the console writes dates ("2 nov 2026"). */
export function localDay(f: Fmt, date: string): string {
  return new Intl.DateTimeFormat(INTL[f.locale], { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/** A month `YYYY-MM` ("nov 2026"). */
export function localMonth(f: Fmt, month: string): string {
  return new Intl.DateTimeFormat(INTL[f.locale], { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

type Kind = 'duration' | 'rate' | 'count' | 'mean' | 'nps';
/** How each figure is written, and whether a rise is an improvement. */
export const METRICS: Record<MetricKey, { kind: Kind; higherIsBetter: boolean | null; answers?: 'csat_answers' | 'ces_answers' | 'nps_answers' }> = {
  cases: { kind: 'count', higherIsBetter: null },
  first_response_p50_s: { kind: 'duration', higherIsBetter: false },
  first_response_p90_s: { kind: 'duration', higherIsBetter: false },
  resolution_p50_s: { kind: 'duration', higherIsBetter: false },
  resolution_p90_s: { kind: 'duration', higherIsBetter: false },
  sla_attainment: { kind: 'rate', higherIsBetter: true },
  fcr_rate: { kind: 'rate', higherIsBetter: true },
  reopen_rate: { kind: 'rate', higherIsBetter: false },
  csat: { kind: 'rate', higherIsBetter: true, answers: 'csat_answers' },
  ces: { kind: 'mean', higherIsBetter: true, answers: 'ces_answers' },
  nps: { kind: 'nps', higherIsBetter: true, answers: 'nps_answers' },
  deflection_rate: { kind: 'rate', higherIsBetter: true },
};

export function metricValue(f: Fmt, key: MetricKey, v: number | null): string {
  const kind = METRICS[key].kind;
  if (kind === 'duration') return duration(f, v);
  if (kind === 'rate') return percent(f, v);
  if (kind === 'count') return number(f, v, 0);
  return number(f, v, kind === 'nps' ? 0 : 1);
}

/** A figure as metricValue writes it: rounded to the digits shown (a share to a tenth of a point, NPS and counts whole). */
function asShown(kind: Kind, v: number): number {
  if (kind === 'rate') return Math.round(v * 1000) / 1000;
  if (kind === 'mean') return Math.round(v * 10) / 10;
  if (kind === 'nps' || kind === 'count') return Math.round(v);
  return v;
}

/**
 * The change from `before` to `now`, in words: "12 min slower (worse)", "+3,5 points (better)",
 * "No change". It is the difference of the two figures as shown (NPS 38 against 19 reads +19,
 * not +18.5), and one that vanishes at the digits shown is no change, never "+0 (better)".
 */
export function change(f: Fmt, key: MetricKey, now: number | null, before: number | null): string {
  if (now === null || before === null) return f.t.noData;
  const m = METRICS[key];
  const d = m.kind === 'duration' ? now - before : Math.round((asShown(m.kind, now) - asShown(m.kind, before)) * 1000) / 1000;
  if (Math.abs(d) < 1e-9) return f.t.noChange;
  const verdict = m.higherIsBetter === null ? '' : ` (${d > 0 === m.higherIsBetter ? f.t.better : f.t.worse})`;
  const signed = new Intl.NumberFormat(INTL[f.locale], { signDisplay: 'always', maximumFractionDigits: 1 });
  if (m.kind === 'duration') {
    if (Math.round(Math.abs(d)) === 0) return f.t.noChange;
    return (d > 0 ? f.t.slower(duration(f, d)) : f.t.faster(duration(f, d))) + verdict;
  }
  if (m.kind === 'rate') return f.t.points(signed.format(d * 100)) + verdict;
  return signed.format(d) + verdict;
}
