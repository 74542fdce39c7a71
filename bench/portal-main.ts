// Runs the help-portal throughput benchmark alone (`npx tsx --conditions=ayuda-source bench/portal-main.ts`)
// and prints its figures as one JSON line; budget failures go to stderr and exit code 1.
// `PORTAL_CPU_PROF=<dir>` writes a CPU profile of each server under test there.
import { BUDGETS, checkBudgets, describeFailure } from './budgets.js';
import { loadKb } from './kb.js';
import { benchPortalBoth } from './portal.js';

const kb = await loadKb(new URL('../demo/kb', import.meta.url).pathname);
try {
  const slugs = kb.kb.articles.filter((a) => a.visibility === 'public').map((a) => ({ locale: a.locale, slug: a.slug }));
  const { results, failed } = await benchPortalBoth(kb.dir, slugs);
  const checks = checkBudgets(results, BUDGETS.filter((b) => b.key.startsWith('portal_')));
  for (const c of checks) if (!c.ok) process.stderr.write(`${describeFailure(c)}\n`);
  process.stdout.write(`${JSON.stringify(results)}\n`);
  process.exitCode = failed || checks.some((c) => !c.ok) ? 1 : 0;
} finally {
  await kb.dispose();
}
