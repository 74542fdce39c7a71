// Search quality over the demo knowledge base: labelled customer queries
// (tests/search-quality/<locale>/*.json) against Ayuda's engine and against MiniSearch with
// its default options, as mean reciprocal rank and recall at 1 and 5.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KnowledgeSearch, defaultMiniSearch, SEARCH_LOCALES, type SearchDocument, type SearchLocale } from '@ayuda/core/search';
import { loadKb } from './kb.js';

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
}

export interface LocaleQuality {
  locale: SearchLocale;
  /** Public articles in the index. */
  articles: number;
  /** Queries evaluated (labels naming an article that exists). */
  queries: number;
  ayuda: RankMetrics;
  minisearchDefault: RankMetrics;
  misses: SearchMiss[];
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

/**
 * Builds each locale's index from the public articles of `kbDir` (with the knowledge base's
 * synonyms) and ranks every labelled query of `queriesDir` with Ayuda's engine and with
 * MiniSearch's defaults. Works with whatever is there: a locale without queries is left out.
 */
export async function evaluateSearchQuality(kbDir: string, queriesDir: string): Promise<SearchQualityReport> {
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
      const ayuda = KnowledgeSearch.build(docs, { locale, synonyms });
      const baseline = defaultMiniSearch(docs);
      const ayudaRanks: Array<number | null> = [];
      const baseRanks: Array<number | null> = [];
      const misses: SearchMiss[] = [];
      const unknownSlugs: LabelledQuery[] = [];
      for (const lq of queries) {
        if (!known.has(lq.slug)) {
          unknownSlugs.push(lq);
          continue;
        }
        const got = ayuda.search(lq.q).map((h) => h.slug);
        const rank = rankOf(got, lq.slug);
        ayudaRanks.push(rank);
        baseRanks.push(rankOf(baseline.search(lq.q), lq.slug));
        if (rank !== 1) misses.push({ locale, q: lq.q, expected: lq.slug, rank, got: got.slice(0, 3), file: lq.file });
      }
      locales[locale] = {
        locale,
        articles: docs.length,
        queries: ayudaRanks.length,
        ayuda: metrics(ayudaRanks),
        minisearchDefault: metrics(baseRanks),
        misses,
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
