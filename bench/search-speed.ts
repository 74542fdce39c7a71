// Search speed over 10,000 generated Spanish articles: index build time, serialised size
// and per-query latency of KnowledgeSearch#search.
import { gzipSync } from 'node:zlib';
import { KnowledgeSearch } from '@ayuda/core/search';
import { generateArticles, generateQueries, generateTopicalArticles, vocabulary, type QueryKind } from './corpus.js';
import { percentile } from './stats.js';

export const SEARCH_BENCH_DEFAULTS = {
  articles: 10_000,
  /** Queries run before measuring (JIT warm-up); different queries from the measured ones. */
  warmupQueries: 300,
  measuredQueries: 2_000,
  corpusSeed: 42,
  querySeed: 7,
  /** `topical`: articles about topics with words of their own, as in a real help centre (the budgeted figure). `dense`: every article drawn from one small shared vocabulary, a worst case kept for comparison. */
  corpus: 'topical' as 'topical' | 'dense',
};

export interface SearchSpeed {
  articles: number;
  vocabulary: number;
  buildMs: number;
  gzipBytes: number;
  jsonBytes: number;
  queries: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  /** p50 and p99 per kind of query, to see which kind drives the tail. */
  byKind: Record<QueryKind, { count: number; p50Ms: number; p99Ms: number }>;
  /** The slowest queries, for a human to look at. */
  slowest: Array<{ q: string; kind: QueryKind; ms: number }>;
}

export function benchSearchSpeed(opts: Partial<typeof SEARCH_BENCH_DEFAULTS> = {}): SearchSpeed {
  const o = { ...SEARCH_BENCH_DEFAULTS, ...opts };
  const vocab = vocabulary();
  const docs = o.corpus === 'dense' ? generateArticles(o.articles, o.corpusSeed, vocab) : generateTopicalArticles(o.articles, o.corpusSeed, vocab);

  // A small build first, so the measured build does not include compiling the code.
  KnowledgeSearch.build(docs.slice(0, 300), { locale: 'es' });
  const t0 = performance.now();
  const search = KnowledgeSearch.build(docs, { locale: 'es' });
  const buildMs = performance.now() - t0;

  const json = JSON.stringify(search);
  const gzipBytes = gzipSync(json, { level: 9 }).length;

  const queries = generateQueries(o.warmupQueries + o.measuredQueries, docs, o.querySeed, vocab);
  for (const { q } of queries.slice(0, o.warmupQueries)) search.search(q);
  const measured = queries.slice(o.warmupQueries);
  const times: number[] = [];
  for (const { q } of measured) {
    const s = performance.now();
    search.search(q);
    times.push(performance.now() - s);
  }

  const byKind = {} as SearchSpeed['byKind'];
  for (const kind of ['plain', 'typo', 'prefix', 'unaccented'] as const) {
    const t = times.filter((_, i) => measured[i]!.kind === kind);
    byKind[kind] = { count: t.length, p50Ms: percentile(t, 0.5), p99Ms: percentile(t, 0.99) };
  }
  const slowest = measured
    .map((m, i) => ({ q: m.q, kind: m.kind, ms: times[i]! }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 10);

  return {
    articles: docs.length,
    vocabulary: vocab.content.length,
    buildMs,
    gzipBytes,
    jsonBytes: Buffer.byteLength(json),
    queries: times.length,
    p50Ms: percentile(times, 0.5),
    p99Ms: percentile(times, 0.99),
    meanMs: times.reduce((a, b) => a + b, 0) / times.length,
    maxMs: Math.max(...times),
    byKind,
    slowest,
  };
}
