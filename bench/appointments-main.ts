// Runs the appointments benchmark alone (`npx tsx --conditions=ayuda-source bench/appointments-main.ts`)
// and prints its figures as one JSON line; budget failures go to stderr and exit code 1.
import { BUDGETS, checkBudgets, describeFailure } from './budgets.js';
import { benchAppointments } from './appointments.js';

const { results, failed } = await benchAppointments();
const checks = checkBudgets(results, BUDGETS.filter((b) => b.key.startsWith('slots_') || b.key.startsWith('booking_')));
for (const c of checks) if (!c.ok) process.stderr.write(`${describeFailure(c)}\n`);
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exitCode = failed || checks.some((c) => !c.ok) ? 1 : 0;
