// Runs the cases benchmark alone (`npx tsx --conditions=ayuda-source bench/cases-main.ts`, add
// `--pglite` to measure the embedded database too): submissions on PostgreSQL, PostgreSQL's own limit through pgbench, the outbox
// drain; prints the figures as one JSON line; budget failures go to stderr and exit code 1.
import { BUDGETS, checkBudgets, describeFailure } from './budgets.js';
import { benchCases } from './cases.js';

const { results, failed } = await benchCases({ pglite: process.argv.includes('--pglite') });
const checks = checkBudgets(results, BUDGETS.filter((b) => (b.key.startsWith('case_') || b.key.startsWith('outbox_drain_per_s')) && (process.argv.includes('--pglite') || !b.key.endsWith('_pglite'))));
for (const c of checks) if (!c.ok) process.stderr.write(`${describeFailure(c)}\n`);
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exitCode = failed || checks.some((c) => !c.ok) ? 1 : 0;
