// Runs the fast-lane benchmark alone (`npx tsx --conditions=ayuda-source bench/fastlane-main.ts`)
// and prints its figures as one JSON line; budget failures go to stderr and exit code 1.
import { BUDGETS, checkBudgets, describeFailure, describeSkip } from './budgets.js';
import { benchFastlane } from './fastlane.js';

const { results, failed } = await benchFastlane();
const checks = checkBudgets(results, BUDGETS.filter((b) => b.key.startsWith('webhook_') || b.key.startsWith('checkout_') || b.key.startsWith('captcha_')));
for (const c of checks) {
  if (!c.ok) process.stderr.write(`${describeFailure(c)}\n`);
  else if (c.skipped) process.stderr.write(`${describeSkip(c)}\n`);
}
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exitCode = failed || checks.some((c) => !c.ok) ? 1 : 0;
