// Search quality over the demo knowledge base: labelled customer queries
// (tests/search-quality/<locale>/*.json) and their noisy twin (bench/search-noise.ts) against
// Ayuda's engine, against the engine with each of its features switched off in turn (the
// ablation), and against MiniSearch, as mean reciprocal rank and recall at 1 and 5.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import {
  ALL_FEATURES,
  KnowledgeSearch,
  defaultMiniSearch,
  termOf,
  tokenize,
  SEARCH_LOCALES,
  type SearchDocument,
  type SearchFeatures,
  type SearchLocale,
} from '@ayuda/core/search';
import { loadKb } from './kb.js';
import { halfOf, noisyTwin } from './search-noise.js';
import { percentile } from './stats.js';

export interface LabelledQuery {
  q: string;
  slug: string;
  /** The file the query comes from, relative to the queries folder. */
  file: string;
}

export interface RankMetrics {
  /** Mean reciprocal rank of the expected article in the top 10 (0 when absent). */
  mrr10: number;
  /** Share of queries whose expected article is first. */
  recall1: number;
  /** Share of queries whose expected article is in the top 5. */
  recall5: number;
}

/** A query whose expected article did not come first. */
export interface SearchMiss {
  locale: SearchLocale;
  q: string;
  expected: string;
  /** 1-based rank of the expected article in the top 10, or null when it is not there. */
  rank: number | null;
  /** The first three results. */
  got: string[];
  file: string;
  /** The half of the labelled queries the (clean) query belongs to (`halfOf`). */
  half: 'tuning' | 'heldOut';
}

/** Rank metrics over all queries and over each half (`halfOf`): `heldOut` is the reported one. */
export interface SplitMetrics {
  all: RankMetrics;
  tuning: RankMetrics;
  heldOut: RankMetrics;
}

/** One engine (or variant) over the labelled queries and their noisy twin. */
export interface EngineQuality {
  clean: SplitMetrics;
  noisy: SplitMetrics;
  /** Queries that returned no result at all, clean and noisy. */
  zeroClean: number;
  zeroNoisy: number;
  /** 99th percentile of one query's time over the clean and noisy queries (after one warm-up pass). */
  p99Ms: number;
}

export interface LocaleQuality {
  locale: SearchLocale;
  /** Public articles in the index. */
  articles: number;
  /** Queries evaluated (labels naming an article that exists), and how many of them are in the held-out half. */
  queries: number;
  heldOutQueries: number;
  /** Ayuda's engine over all queries, clean (kept for the figures named before the noisy twin existed). */
  ayuda: RankMetrics;
  minisearchDefault: RankMetrics;
  /** Ayuda's engine, clean and noisy, per half. */
  engine: EngineQuality;
  /** The ablation, when asked for: the engine with one feature off per entry, and MiniSearch baselines. */
  variants: Record<string, EngineQuality>;
  misses: SearchMiss[];
  /** Noisy queries whose expected article did not come first. */
  noisyMisses: SearchMiss[];
  /** Labels whose expected slug is not a public article of this locale; not evaluated. */
  unknownSlugs: LabelledQuery[];
}

export interface SearchQualityReport {
  locales: Partial<Record<SearchLocale, LocaleQuality>>;
  /** Problems that kept files out of the evaluation (knowledge base or query files). */
  problems: string[];
}

/** Reads every `<locale>/*.json` query file; a file that does not parse is reported, not fatal. */
export async function readLabelledQueries(queriesDir: string, locale: SearchLocale, problems: string[]): Promise<LabelledQuery[]> {
  let files: string[];
  try {
    files = (await readdir(join(queriesDir, locale))).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: LabelledQuery[] = [];
  for (const f of files) {
    const file = `${locale}/${f}`;
    let data: unknown;
    try {
      data = JSON.parse(await readFile(join(queriesDir, locale, f), 'utf8'));
    } catch (e) {
      problems.push(`${file}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
      continue;
    }
    if (!Array.isArray(data)) {
      problems.push(`${file}: expected an array of {"q", "slug"} objects`);
      continue;
    }
    data.forEach((item: unknown, i) => {
      const x = item as { q?: unknown; slug?: unknown } | null;
      if (x && typeof x.q === 'string' && typeof x.slug === 'string' && x.q.trim()) out.push({ q: x.q, slug: x.slug, file });
      else problems.push(`${file}[${i}]: expected {"q": string, "slug": string}`);
    });
  }
  return out;
}

function rankOf(slugs: readonly string[], expected: string): number | null {
  const i = slugs.slice(0, 10).indexOf(expected);
  return i < 0 ? null : i + 1;
}

function metrics(ranks: ReadonlyArray<number | null>): RankMetrics {
  const n = ranks.length || 1;
  let rr = 0;
  let r1 = 0;
  let r5 = 0;
  for (const r of ranks) {
    if (r === null) continue;
    rr += 1 / r;
    if (r === 1) r1++;
    if (r <= 5) r5++;
  }
  return { mrr10: rr / n, recall1: r1 / n, recall5: r5 / n };
}

/** Something that ranks articles for a query: slugs, best first. */
type Ranker = (q: string) => string[];

/** The ablation: each feature of the engine off in turn. */
const ABLATION: Array<[name: string, off: keyof SearchFeatures]> = (Object.keys(ALL_FEATURES) as Array<keyof SearchFeatures>).map((f) => [`no_${snake(f)}`, f]);

function snake(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * MiniSearch with Ayuda's text processing (the same tokens, folding, stemming and stop words)
 * and its own search defaults, plain or with its own typo tolerance and prefix search: what
 * the engine's own ranking must beat to earn its code.
 */
function plainMiniSearch(docs: SearchDocument[], locale: SearchLocale, searchOptions: { fuzzy?: number; prefix?: boolean } = {}): Ranker {
  const ms = new MiniSearch<SearchDocument>({
    idField: 'slug',
    fields: ['title', 'tags', 'text'],
    extractField: (doc, field) => (field === 'tags' ? doc.tags.join(' ') : (doc as unknown as Record<string, string>)[field] ?? ''),
    tokenize,
    processTerm: (w) => termOf(w, locale),
    searchOptions,
  });
  ms.addAll(docs);
  return (q) => ms.search(q).map((r) => String(r.id));
}

function rankAll(rank: Ranker, queries: readonly LabelledQuery[]): { ranks: Array<number | null>; zero: number; got: string[][]; times: number[] } {
  const ranks: Array<number | null> = [];
  const got: string[][] = [];
  const times: number[] = [];
  let zero = 0;
  for (const lq of queries) {
    const t0 = performance.now();
    const slugs = rank(lq.q);
    times.push(performance.now() - t0);
    if (!slugs.length) zero++;
    ranks.push(rankOf(slugs, lq.slug));
    got.push(slugs);
  }
  return { ranks, zero, got, times };
}

function split(ranks: ReadonlyArray<number | null>, queries: readonly LabelledQuery[], clean: readonly LabelledQuery[]): SplitMetrics {
  // The half is the clean query's, so a query and its noisy twin are always on the same side.
  const half = clean.map((lq) => halfOf(lq.q));
  return {
    all: metrics(ranks),
    tuning: metrics(ranks.filter((_, i) => half[i] === 'tuning')),
    heldOut: metrics(ranks.filter((_, i) => half[i] === 'heldOut')),
  };
}

function measure(rank: Ranker, clean: readonly LabelledQuery[], noisy: readonly LabelledQuery[]) {
  // One pass first, so that the timed pass measures compiled code and warm caches.
  rankAll(rank, clean);
  const c = rankAll(rank, clean);
  const n = rankAll(rank, noisy);
  const quality: EngineQuality = {
    clean: split(c.ranks, clean, clean),
    noisy: split(n.ranks, noisy, clean),
    zeroClean: c.zero,
    zeroNoisy: n.zero,
    p99Ms: percentile([...c.times, ...n.times], 0.99),
  };
  return { quality, clean: c, noisy: n };
}

function missesOf(locale: SearchLocale, queries: readonly LabelledQuery[], r: { ranks: Array<number | null>; got: string[][] }, clean: readonly LabelledQuery[]): SearchMiss[] {
  const out: SearchMiss[] = [];
  queries.forEach((lq, i) => {
    // The half is the clean query's, so a noisy miss is on the side of its clean twin.
    const half = halfOf(clean[i]!.q);
    if (r.ranks[i] !== 1) out.push({ locale, q: lq.q, expected: lq.slug, rank: r.ranks[i]!, got: r.got[i]!.slice(0, 3), file: lq.file, half });
  });
  return out;
}

/**
 * Builds each locale's index from the public articles of `kbDir` (with the knowledge base's
 * synonyms) and ranks every labelled query of `queriesDir`, and its noisy twin, with Ayuda's
 * engine and with MiniSearch's defaults; with `ablation`, also with each feature of the engine
 * off in turn and with MiniSearch over Ayuda's text processing. Works with whatever is there: a
 * locale without queries is left out.
 */
export async function evaluateSearchQuality(kbDir: string, queriesDir: string, opts: { ablation?: boolean } = {}): Promise<SearchQualityReport> {
  const loaded = await loadKb(kbDir);
  const problems = loaded.problems.map((p) => `${p.path}:${p.line}: ${p.message}`);
  try {
    const { articles, synonyms } = loaded.kb;
    const locales: Partial<Record<SearchLocale, LocaleQuality>> = {};
    for (const locale of SEARCH_LOCALES) {
      const queries = await readLabelledQueries(queriesDir, locale, problems);
      if (queries.length === 0) continue;
      const docs: SearchDocument[] = articles
        .filter((a) => a.locale === locale && a.visibility === 'public')
        .map((a) => ({ slug: a.slug, title: a.title, category: a.category, tags: a.tags, text: a.bodyText }));
      const known = new Set(docs.map((d) => d.slug));
      const unknownSlugs = queries.filter((lq) => !known.has(lq.slug));
      const clean = queries.filter((lq) => known.has(lq.slug));
      const noisy = noisyTwin(clean);
      const engine = KnowledgeSearch.build(docs, { locale, synonyms });
      const ayuda = measure((q) => engine.search(q).map((h) => h.slug), clean, noisy);
      const baseline = defaultMiniSearch(docs);
      const variants: Record<string, EngineQuality> = {};
      if (opts.ablation) {
        for (const [name, off] of ABLATION) {
          const v = KnowledgeSearch.build(docs, { locale, synonyms, features: { [off]: false } });
          variants[name] = measure((q) => v.search(q).map((h) => h.slug), clean, noisy).quality;
        }
        variants.minisearch_same_text = measure(plainMiniSearch(docs, locale), clean, noisy).quality;
        variants.minisearch_same_text_fuzzy = measure(plainMiniSearch(docs, locale, { fuzzy: 0.2, prefix: true }), clean, noisy).quality;
        variants.minisearch_default = measure(baseline.search, clean, noisy).quality;
      }
      locales[locale] = {
        locale,
        articles: docs.length,
        queries: clean.length,
        heldOutQueries: clean.filter((lq) => halfOf(lq.q) === 'heldOut').length,
        ayuda: ayuda.quality.clean.all,
        minisearchDefault: metrics(clean.map((lq) => rankOf(baseline.search(lq.q), lq.slug))),
        engine: ayuda.quality,
        variants,
        misses: missesOf(locale, clean, ayuda.clean, clean),
        noisyMisses: missesOf(locale, noisy, ayuda.noisy, clean),
        unknownSlugs,
      };
    }
    return { locales, problems };
  } finally {
    await loaded.dispose();
  }
}

/** One line per miss, for a human reading the bench output. */
export function formatMiss(m: SearchMiss): string {
  const rank = m.rank === null ? '>10' : `#${m.rank}`;
  return `${m.locale} ${JSON.stringify(m.q)} → ${m.expected} ${rank}; got ${m.got.join(', ') || '(nothing)'}`;
}

/**
 * The figures `npm run bench` reports. The main keys (`search_mrr10_<locale>`, `_noisy_`,
 * recalls) are the held-out half's: the engine's defaults were tuned on the other half, whose
 * figures are reported under `_tuning_` for comparison.
 */
export function searchQualityResults(report: SearchQualityReport, round: (n: number) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [locale, q] of Object.entries(report.locales)) {
    const e = q.engine;
    Object.assign(out, {
      [`search_queries_${locale}`]: q.queries,
      [`search_queries_held_out_${locale}`]: q.heldOutQueries,
      [`search_mrr10_${locale}`]: round(e.clean.heldOut.mrr10),
      [`search_recall1_${locale}`]: round(e.clean.heldOut.recall1),
      [`search_recall5_${locale}`]: round(e.clean.heldOut.recall5),
      [`search_mrr10_noisy_${locale}`]: round(e.noisy.heldOut.mrr10),
      [`search_recall5_noisy_${locale}`]: round(e.noisy.heldOut.recall5),
      [`search_mrr10_noisy_gap_${locale}`]: round(e.clean.heldOut.mrr10 - e.noisy.heldOut.mrr10),
      [`search_mrr10_tuning_${locale}`]: round(e.clean.tuning.mrr10),
      [`search_mrr10_noisy_tuning_${locale}`]: round(e.noisy.tuning.mrr10),
      [`search_mrr10_all_${locale}`]: round(e.clean.all.mrr10),
      [`search_mrr10_noisy_all_${locale}`]: round(e.noisy.all.mrr10),
      [`search_zero_results_${locale}`]: e.zeroClean,
      [`search_zero_results_noisy_${locale}`]: e.zeroNoisy,
      [`minisearch_default_mrr10_${locale}`]: round(q.minisearchDefault.mrr10),
      [`minisearch_default_recall1_${locale}`]: round(q.minisearchDefault.recall1),
      [`minisearch_default_recall5_${locale}`]: round(q.minisearchDefault.recall5),
    });
    for (const [name, v] of Object.entries(q.variants)) {
      Object.assign(out, {
        [`search_ablation_${name}_mrr10_${locale}`]: round(v.clean.heldOut.mrr10),
        [`search_ablation_${name}_mrr10_noisy_${locale}`]: round(v.noisy.heldOut.mrr10),
        [`search_ablation_${name}_zero_results_${locale}`]: v.zeroClean + v.zeroNoisy,
        [`search_ablation_${name}_p99_ms_${locale}`]: round(v.p99Ms),
      });
    }
  }
  return out;
}

/** The ablation as a table (held-out half), for a human reading the bench output. */
export function formatAblation(q: LocaleQuality): string[] {
  const row = (name: string, v: EngineQuality) =>
    `${name.padEnd(28)} ${v.clean.heldOut.mrr10.toFixed(3)}  ${v.noisy.heldOut.mrr10.toFixed(3)}  ${v.clean.tuning.mrr10.toFixed(3)}  ${v.noisy.tuning.mrr10.toFixed(3)}  ${String(v.zeroClean).padStart(4)} ${String(v.zeroNoisy).padStart(4)}  ${v.p99Ms.toFixed(3)}`;
  return [
    `${q.locale}: variant                  held-out clean/noisy  tuning clean/noisy  empty c/n  p99 ms`,
    row('ayuda', q.engine),
    ...Object.entries(q.variants).map(([name, v]) => row(name, v)),
  ];
}
