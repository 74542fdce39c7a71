// The knowledge-base search engine shared by the server and the browser: MiniSearch with
// Ayuda's text processing, field weights, typo tolerance, synonyms and snippets, and a
// versioned serialised form that the server prebuilds and the widget downloads.
import MiniSearch, { type Options, type SearchResult as MsResult } from 'minisearch';
import { fold, tokenize, termOf, type SearchLocale } from './text.js';
import { buildSynonymMap, type SynonymConfig, type SynonymMap } from './synonyms.js';

/** What the search index holds of one article. */
export interface SearchDocument {
  slug: string;
  title: string;
  category: string;
  tags: string[];
  /** The article as plain text (markdown and HTML removed). */
  text: string;
}

export interface SearchHit {
  slug: string;
  title: string;
  category: string;
  score: number;
  /** HTML: the excerpt with matches wrapped in `<mark>`; everything else escaped. */
  snippet: string;
}

/** The tunable parts of the engine. Every default lives here, and docs/search.md lists them. */
export const SEARCH_DEFAULTS = {
  /** Relative weight of each field. */
  boost: { title: 2, tags: 2, text: 1 },
  /** Weight of a fuzzy (typo) match and of a prefix match against an exact one. */
  weights: { fuzzy: 0.2, prefix: 0.4 },
  /** Weight of a match on a synonym of the typed word, against the word itself. */
  synonymWeight: 0.5,
  /** Shortest stem that tolerates one typo, and shortest that tolerates two. */
  fuzzyMinLength: 4,
  fuzzy2MinLength: 6,
  /** Characters of each article's text kept in the index for snippets. */
  excerptLength: 480,
  /** Shortest typed word matched as a prefix of index words. */
  prefixMinLength: 3,
  /** In indexes of at least this many articles, words in more than this share of them are matched in titles and tags only. */
  commonTermMinDocs: 1000,
  commonTermRatio: 0.1,
  /** Characters shown in a snippet. */
  snippetLength: 160,
  /** Results returned when no limit is given. */
  limit: 10,
} as const;

export const INDEX_FORMAT = 'ayuda-kb-index';
/** 2: words folded before stemming ("averia" and "avería" index alike). */
export const INDEX_VERSION = 2;

/** The serialised index, as `/api/v1/kb/index/:locale` returns it. */
export interface SerializedIndex {
  format: typeof INDEX_FORMAT;
  version: number;
  locale: SearchLocale;
  /** The knowledge base revision the index was built from. */
  revision: string;
  synonyms: string[][];
  index: unknown;
}

type StoredFields = { slug: string; title: string; category: string; excerpt: string };

function miniSearchOptions(locale: SearchLocale): Options<SearchDocument> {
  return {
    idField: 'slug',
    fields: ['title', 'tags', 'text'],
    storeFields: ['slug', 'title', 'category', 'excerpt'],
    extractField: (doc, field) => {
      if (field === 'tags') return doc.tags.join(' ');
      if (field === 'excerpt') return doc.text.slice(0, SEARCH_DEFAULTS.excerptLength);
      return (doc as unknown as Record<string, string>)[field] ?? '';
    },
    tokenize,
    processTerm: (word) => termOf(word, locale),
  };
}

export class KnowledgeSearch {
  readonly locale: SearchLocale;
  readonly revision: string;
  readonly #synonymGroups: string[][];
  readonly #synonyms: SynonymMap;
  readonly #ms: MiniSearch<SearchDocument>;
  readonly #dfCache = new Map<string, number>();

  private constructor(locale: SearchLocale, revision: string, synonyms: string[][], ms: MiniSearch<SearchDocument>) {
    this.locale = locale;
    this.revision = revision;
    this.#synonymGroups = synonyms;
    this.#synonyms = buildSynonymMap(synonyms, locale);
    this.#ms = ms;
  }

  /** Builds an index of `docs` (only public articles belong in it). */
  static build(
    docs: Iterable<SearchDocument>,
    opts: { locale: SearchLocale; revision?: string; synonyms?: SynonymConfig },
  ): KnowledgeSearch {
    const ms = new MiniSearch<SearchDocument>(miniSearchOptions(opts.locale));
    ms.addAll([...docs]);
    return new KnowledgeSearch(opts.locale, opts.revision ?? '0', opts.synonyms?.[opts.locale] ?? [], ms);
  }

  /** Loads a serialised index; refuses a format or version it does not know. */
  static load(data: unknown): KnowledgeSearch {
    const d = data as Partial<SerializedIndex> | null;
    if (!d || d.format !== INDEX_FORMAT) {
      throw new Error('Ayuda: this is not an Ayuda search index; fetch it from /api/v1/kb/index/:locale.');
    }
    if (d.version !== INDEX_VERSION) {
      throw new Error(
        `Ayuda: search index version ${String(d.version)} is not supported (this code reads version ${INDEX_VERSION}); update @ayuda/core or the server so both match.`,
      );
    }
    if (d.locale !== 'es' && d.locale !== 'en') throw new Error(`Ayuda: unknown index locale ${String(d.locale)}.`);
    const ms = MiniSearch.loadJS<SearchDocument>(d.index as never, miniSearchOptions(d.locale));
    return new KnowledgeSearch(d.locale, d.revision ?? '0', d.synonyms ?? [], ms);
  }

  toJSON(): SerializedIndex {
    return {
      format: INDEX_FORMAT,
      version: INDEX_VERSION,
      locale: this.locale,
      revision: this.revision,
      synonyms: this.#synonymGroups,
      index: this.#ms.toJSON(),
    };
  }

  get documentCount(): number {
    return this.#ms.documentCount;
  }

  /** How many articles contain `term` (in any field). */
  #df(term: string): number {
    let n = this.#dfCache.get(term);
    if (n === undefined) {
      // MiniSearch keeps, per term, a map of field to documents; the largest is a close
      // enough document frequency for deciding what to skip.
      const fields = (this.#ms as unknown as { _index: { get(t: string): Map<number, Map<number, number>> | undefined } })._index.get(term);
      n = 0;
      for (const docs of fields?.values() ?? []) n = Math.max(n, docs.size);
      this.#dfCache.set(term, n);
    }
    return n;
  }

  /** Query terms after stop words, stemming and synonyms. */
  queryTerms(query: string): string[] {
    const out = new Set<string>();
    for (const word of tokenize(query)) {
      const t = termOf(word, this.locale);
      if (!t) continue;
      out.add(t);
      for (const s of this.#synonyms.lookup(word)) out.add(s);
    }
    return [...out];
  }

  search(query: string, opts: { limit?: number } = {}): SearchHit[] {
    const words = tokenize(query);
    if (words.length === 0) return [];
    const locale = this.locale;
    const D = SEARCH_DEFAULTS;
    // The last word is still being typed unless the query ends with a space or punctuation.
    const typing = /[\p{L}\p{N}]$/u.test(query);
    const last = typing ? words[words.length - 1]! : null;
    const exact = new Set<string>();
    for (const w of typing ? words.slice(0, -1) : words) {
      const t = termOf(w, locale);
      if (t) exact.add(t);
    }
    let prefix: string | null = null;
    if (last) {
      const t = termOf(last, locale);
      if (t) exact.add(t);
      // A stop word being typed may be the start of a real word ("con" → "contraseña").
      if (fold(last).length >= D.prefixMinLength) prefix = fold(last);
    }
    const synonyms = new Set<string>();
    for (const w of words) for (const t of this.#synonyms.lookup(w)) if (!exact.has(t)) synonyms.add(t);

    // In a large index, a word found in a large share of the articles says little in their
    // bodies and costs much to score there: such words are looked up in titles and tags only.
    const n = this.#ms.documentCount;
    const isCommon = (t: string) => n >= D.commonTermMinDocs && this.#df(t) > n * D.commonTermRatio;
    const rare = [...exact].filter((t) => !isCommon(t));
    const common = [...exact].filter(isCommon);
    if (!rare.length && !common.length && !prefix && !synonyms.size) return [];

    const identity = { tokenize: (q: string) => q.split(' '), processTerm: (t: string) => t };
    const queries: object[] = [];
    // In a large index, the expensive expansions (typos, the word being typed) look in titles
    // and tags only, where a match also says the most.
    const narrow = n >= D.commonTermMinDocs ? { fields: ['title', 'tags'] } : {};
    const known = rare.filter((t) => this.#df(t) > 0);
    // Only words the index does not know are read as typos.
    const unknown = rare.filter((t) => this.#df(t) === 0 && t.length >= D.fuzzyMinLength);
    if (known.length) queries.push({ ...identity, queries: [known.join(' ')], combineWith: 'OR', prefix: false, fuzzy: false });
    if (unknown.length) {
      queries.push({
        ...identity,
        ...narrow,
        queries: [unknown.join(' ')],
        combineWith: 'OR',
        prefix: false,
        fuzzy: (term: string) => (term.length >= D.fuzzy2MinLength ? 2 : 1),
      });
    }
    if (common.length) queries.push({ ...identity, queries: [common.join(' ')], combineWith: 'OR', prefix: false, fuzzy: false, fields: ['title', 'tags'] });
    if (prefix) queries.push({ ...identity, ...narrow, queries: [prefix], prefix: true, fuzzy: false, boost: scale(D.boost, D.weights.prefix) });
    if (synonyms.size) queries.push({ ...identity, queries: [[...synonyms].join(' ')], combineWith: 'OR', prefix: false, fuzzy: false, boost: scale(D.boost, D.synonymWeight) });

    const results = this.#ms.search({ combineWith: 'OR', queries } as never, { boost: D.boost, weights: D.weights, maxFuzzy: 2 });
    const limit = opts.limit ?? D.limit;
    return results.slice(0, limit).map((r) => toHit(r, locale));
  }
}

const scale = (b: Record<string, number>, k: number) => Object.fromEntries(Object.entries(b).map(([f, v]) => [f, v * k]));

function toHit(r: MsResult, locale: SearchLocale): SearchHit {
  const stored = r as unknown as MsResult & StoredFields;
  return {
    slug: stored.slug,
    title: stored.title,
    category: stored.category,
    score: Math.round(r.score * 1000) / 1000,
    snippet: snippet(stored.excerpt ?? '', new Set(r.terms), locale),
  };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * Picks the part of `text` with the most matched terms and marks them. `terms` are index
 * terms (stems) as MiniSearch reports them for a result.
 */
export function snippet(text: string, terms: ReadonlySet<string>, locale: SearchLocale): string {
  const words = [...text.matchAll(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)];
  const matched = words.map((m) => {
    const t = termOf(m[0].replace(/['’-]/g, ''), locale);
    return t !== null && (terms.has(t) || terms.has(fold(m[0])));
  });
  const len = SEARCH_DEFAULTS.snippetLength;
  // Slide a window of `len` characters, starting at word boundaries, and keep the best.
  let bestStart = 0;
  let bestCount = -1;
  for (let i = 0; i < words.length; i++) {
    const start = words[i]!.index;
    let count = 0;
    for (let j = i; j < words.length && words[j]!.index + words[j]![0].length <= start + len; j++) if (matched[j]) count++;
    if (count > bestCount) {
      bestCount = count;
      bestStart = start;
    }
    if (start + len >= text.length) break;
  }
  // Start at the beginning of the sentence when it is close, so the snippet reads well.
  const sentenceStart = Math.max(text.lastIndexOf('. ', bestStart), text.lastIndexOf('\n', bestStart));
  if (sentenceStart >= 0 && bestStart - sentenceStart < 40) bestStart = sentenceStart + 1;
  if (bestCount <= 0) bestStart = 0;
  while (bestStart < text.length && /\s/.test(text[bestStart]!)) bestStart++;
  let end = Math.min(text.length, bestStart + len);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > bestStart) end = space;
  }
  let html = '';
  let pos = bestStart;
  words.forEach((m, i) => {
    const s = m.index;
    const e = s + m[0].length;
    if (s < bestStart || e > end) return;
    html += escapeHtml(text.slice(pos, s));
    html += matched[i] ? `<mark>${escapeHtml(m[0])}</mark>` : escapeHtml(m[0]);
    pos = e;
  });
  html += escapeHtml(text.slice(pos, end));
  return (bestStart > 0 ? '… ' : '') + html.replace(/\s+/g, ' ').trim() + (end < text.length ? ' …' : '');
}

/** MiniSearch with its default options over the same documents: the benchmark's baseline. */
export function defaultMiniSearch(docs: Iterable<SearchDocument>) {
  const ms = new MiniSearch<SearchDocument>({
    idField: 'slug',
    fields: ['title', 'tags', 'text'],
    extractField: (doc, field) => (field === 'tags' ? doc.tags.join(' ') : (doc as unknown as Record<string, string>)[field] ?? ''),
  });
  ms.addAll([...docs]);
  return { search: (q: string) => ms.search(q).map((r) => String(r.id)) };
}
