// Runs the search quality benchmark alone, with its ablation
// (`npx tsx --conditions=ayuda-source bench/search-main.ts`; `--misses` lists the tuning half's
// queries whose article did not come first, `--misses=all` both halves'; the held-out half's are
// for checking a result, never for tuning): the table and misses go to stderr, the figures to
// stdout as one JSON line; budget failures go to stderr and exit code 1.
import { fileURLToPath } from 'node:url';
import { BUDGETS, checkBudgets, describeFailure } from './budgets.js';
import { evaluateSearchQuality, formatAblation, formatMiss, searchQualityResults } from './search-quality.js';
import { log, round } from './stats.js';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
// `--no-ablation` skips the ablation (a quicker run while tuning).
const report = await evaluateSearchQuality(root('demo/kb'), root('tests/search-quality'), { ablation: !process.argv.includes('--no-ablation') });
for (const p of report.problems) log(`left out: ${p}`);
for (const q of Object.values(report.locales)) {
  for (const line of formatAblation(q)) log(line);
  const misses = process.argv.includes('--misses=all') ? 'all' : process.argv.includes('--misses') ? 'tuning' : null;
  if (misses) for (const m of [...q.misses, ...q.noisyMisses]) if (misses === 'all' || m.half === 'tuning') log(`  ${formatMiss(m)}`);
}
const results = searchQualityResults(report, round);
const checks = checkBudgets(results, BUDGETS.filter((b) => b.key.startsWith('search_') && b.key in results));
for (const c of checks) if (!c.ok) process.stderr.write(`${describeFailure(c)}\n`);
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exitCode = report.problems.length || checks.some((c) => !c.ok) ? 1 : 0;
