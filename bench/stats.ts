// Small statistics helpers for the benchmark.

/** Nearest-rank percentile (`p` in 0..1) of `values`; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

/** Rounds to `digits` decimals, so the JSON stays readable. */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Writes a progress line to stderr; stdout is reserved for the result object. */
export function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}
