// Runs the search quality benchmark alone, with its ablation
// (`npx tsx --conditions=ayuda-source bench/search-main.ts`; `--misses` lists the queries whose
// article did not come first): the table and misses go to stderr, the figures to stdout as one
// JSON line; budget failures go to stderr and exit code 1.
import { fileURLToPath } from 'node:url';
import { BUDGETS, checkBudgets, describeFailure } from './budgets.js';
import { evaluateSearchQuality, formatAblation, formatMiss, searchQualityResults } from './search-quality.js';
import { log, round } from './stats.js';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const report = await evaluateSearchQuality(root('demo/kb'), root('tests/search-quality'), { ablation: true });
for (const p of report.problems) log(`left out: ${p}`);
for (const q of Object.values(report.locales)) {
  for (const line of formatAblation(q)) log(line);
  if (process.argv.includes('--misses')) for (const m of [...q.misses, ...q.noisyMisses]) log(`  ${formatMiss(m)}`);
}
const results = searchQualityResults(report, round);
const checks = checkBudgets(results, BUDGETS.filter((b) => b.key.startsWith('search_') && b.key in results));
for (const c of checks) if (!c.ok) process.stderr.write(`${describeFailure(c)}\n`);
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exitCode = report.problems.length || checks.some((c) => !c.ok) ? 1 : 0;
