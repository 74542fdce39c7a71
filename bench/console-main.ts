// Runs the console benchmark alone (`npx tsx --conditions=ayuda-source bench/console-main.ts`)
// and prints its figures as one JSON line; budget failures go to stderr and exit code 1.
import { BUDGETS, checkBudgets, describeFailure } from './budgets.js';
import { benchConsole } from './console.js';

const { results, failed } = await benchConsole();
const checks = checkBudgets(results, BUDGETS.filter((b) => b.key.startsWith('console_')));
for (const c of checks) if (!c.ok) process.stderr.write(`${describeFailure(c)}\n`);
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exitCode = failed || checks.some((c) => !c.ok) ? 1 : 0;
