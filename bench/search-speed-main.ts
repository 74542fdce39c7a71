// Runs the search speed benchmark alone (`npx tsx --conditions=ayuda-source bench/search-speed-main.ts`):
// 10,000 generated Spanish articles, the figure budgeted as `search_p99_ms_10k`, with p50/p99 per
// kind of query and the slowest queries on stderr; the figures to stdout as one JSON line.
import { benchSearchSpeed } from './search-speed.js';
import { log, round } from './stats.js';

const articles = Number(process.argv.find((a) => a.startsWith('--articles='))?.slice(11) ?? 10_000);
const speed = benchSearchSpeed({ articles });
log(`search speed: ${speed.articles} articles, build ${speed.buildMs.toFixed(0)} ms; ${speed.queries} queries p50 ${speed.p50Ms.toFixed(2)} ms p99 ${speed.p99Ms.toFixed(2)} ms max ${speed.maxMs.toFixed(1)} ms`);
for (const [kind, k] of Object.entries(speed.byKind)) log(`  ${kind.padEnd(10)} n=${k.count} p50 ${k.p50Ms.toFixed(2)} ms p99 ${k.p99Ms.toFixed(2)} ms`);
for (const s of speed.slowest) log(`  slow: ${JSON.stringify(s.q)} (${s.kind}) ${s.ms.toFixed(2)} ms`);
const suffix = articles === 10_000 ? '10k' : String(articles);
process.stdout.write(`${JSON.stringify({ [`search_p50_ms_${suffix}`]: round(speed.p50Ms), [`search_p99_ms_${suffix}`]: round(speed.p99Ms) })}\n`);
