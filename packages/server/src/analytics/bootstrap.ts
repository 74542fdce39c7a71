// Percentile bootstrap intervals for the difference of a statistic between two samples, with a
// seeded generator so the same data always gives the same interval. The only analytics done in
// Node: the figures themselves are SQL's (docs/analytics.md, "The standard lane's impact").

/** mulberry32: a small, fast, seeded PRNG; uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The median as percentile_cont(0.5) computes it: the middle value, or the mean of the two middle ones. */
export function median(sorted: Float64Array | readonly number[]): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** At most `max` values, taken at even steps (a systematic sample) so a long period stays affordable. */
export function thin(values: readonly number[], max: number): number[] {
  if (values.length <= max) return [...values];
  const step = values.length / max;
  return Array.from({ length: max }, (_, i) => values[Math.floor(i * step)]!);
}

/** One resample's statistic: the median of values drawn with replacement. */
function resampledMedian(values: readonly number[], random: () => number, buf: Float64Array): number {
  for (let i = 0; i < values.length; i++) buf[i] = values[Math.floor(random() * values.length)]!;
  buf.sort();
  return median(buf);
}

/** One resample's statistic: the share of successes among `n` draws from a sample with `k` of `n` successes. */
function resampledShare(n: number, k: number, random: () => number): number {
  const p = k / n;
  let hits = 0;
  for (let i = 0; i < n; i++) if (random() < p) hits++;
  return hits / n;
}

export type Sample = { kind: 'values'; values: readonly number[] } | { kind: 'share'; n: number; k: number };

/**
 * The percentile bootstrap 95% interval of stat(b) - stat(a): each side resampled on its own
 * `resamples` times, the differences sorted, their 2.5th and 97.5th percentiles. Null when a
 * side is empty. Shares are resampled at most `maxDraws` draws a side (a wider interval, never
 * a narrower one, for larger samples).
 */
export function bootstrapDifference(a: Sample, b: Sample, opts: { resamples: number; seed: number; maxDraws: number }): [number, number] | null {
  const size = (s: Sample) => (s.kind === 'values' ? s.values.length : s.n);
  if (size(a) === 0 || size(b) === 0) return null;
  const random = seededRandom(opts.seed);
  const prepare = (s: Sample): (() => number) => {
    if (s.kind === 'values') {
      const values = thin(s.values, opts.maxDraws);
      const buf = new Float64Array(values.length);
      return () => resampledMedian(values, random, buf);
    }
    const n = Math.min(s.n, opts.maxDraws);
    const k = (s.k / s.n) * n;
    return () => resampledShare(n, k, random);
  };
  const statA = prepare(a);
  const statB = prepare(b);
  const diffs = new Float64Array(opts.resamples);
  for (let i = 0; i < opts.resamples; i++) diffs[i] = statB() - statA();
  diffs.sort();
  return [diffs[Math.floor(0.025 * opts.resamples)]!, diffs[Math.ceil(0.975 * opts.resamples) - 1]!];
}
