// Runs the analytics benchmark alone (`npx tsx --conditions=ayuda-source bench/analytics-main.ts
// [cases]`, a million by default) and prints its figures as one JSON line; budget failures go to
// stderr and exit code 1 (the budget is checked only at a million cases, which it is about).
import { BUDGETS, checkBudgets, describeFailure } from './budgets.js';
import { ANALYTICS_BENCH_DEFAULTS, benchAnalytics } from './analytics.js';

const cases = Number(process.argv[2] ?? ANALYTICS_BENCH_DEFAULTS.cases);
const { results, failed } = await benchAnalytics({ cases, customers: Math.min(ANALYTICS_BENCH_DEFAULTS.customers, Math.max(1, Math.floor(cases / 10))) });
const checks = cases === ANALYTICS_BENCH_DEFAULTS.cases ? checkBudgets(results, BUDGETS.filter((b) => b.key.startsWith('analytics_'))) : [];
for (const c of checks) if (!c.ok) process.stderr.write(`${describeFailure(c)}\n`);
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exitCode = failed || checks.some((c) => !c.ok) ? 1 : 0;
