// Runs the search-scale benchmark alone (`npx tsx --conditions=ayuda-source bench/search-scale-main.ts`):
// the figures as one JSON line on stdout, budget failures on stderr and exit code 1.
import { BUDGETS, checkBudgets, describeFailure } from './budgets.js';
import { benchSearchScale } from './search-scale.js';

const results = await benchSearchScale();
const checks = checkBudgets(results, BUDGETS.filter((b) => b.key in results));
for (const c of checks) if (!c.ok) process.stderr.write(`${describeFailure(c)}\n`);
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exitCode = checks.some((c) => !c.ok) ? 1 : 0;
