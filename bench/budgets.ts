// Performance budgets: named limits on benchmark figures. `npm run bench` checks every one
// and exits with code 1 when any is not met. Add a row to extend it (widget size, …).

export interface Budget {
  /** The result key the limit applies to. */
  key: string;
  /** `max`: the value must be at most `limit`; `min`: at least `limit`. */
  kind: 'max' | 'min';
  limit: number;
  /** What the budget protects, in one line. */
  why: string;
}

export const BUDGETS: readonly Budget[] = [
  { key: 'search_p99_ms_10k', kind: 'max', limit: 5, why: 'search answers every keystroke; 99 % of queries over 10,000 articles within 5 ms' },
];

export interface BudgetCheck {
  key: string;
  limit: number;
  /** The measured value; null when the figure was not measured (which fails the budget). */
  value: number | null;
  ok: boolean;
}

export function checkBudgets(results: Readonly<Record<string, unknown>>, budgets: readonly Budget[] = BUDGETS): BudgetCheck[] {
  return budgets.map((b) => {
    const v = results[b.key];
    const value = typeof v === 'number' && Number.isFinite(v) ? v : null;
    const ok = value !== null && (b.kind === 'max' ? value <= b.limit : value >= b.limit);
    return { key: b.key, limit: b.limit, value, ok };
  });
}

/** A line saying what failed, for stderr. */
export function describeFailure(check: BudgetCheck, budgets: readonly Budget[] = BUDGETS): string {
  const b = budgets.find((x) => x.key === check.key);
  const op = b?.kind === 'min' ? '≥' : '≤';
  const got = check.value === null ? 'not measured' : String(check.value);
  return `bench: BUDGET FAILED ${check.key}: ${got}, budget ${op} ${check.limit}${b ? ` (${b.why})` : ''}`;
}
