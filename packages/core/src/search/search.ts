// The knowledge-base search engine shared by the server and the browser: a MiniSearch index,
// scored by Ayuda's scorer (scorer.ts), with Ayuda's text processing, field weights, typo
// tolerance, synonyms and snippets, and a versioned serialised form that the server prebuilds
// and the widget downloads.
import type { Options } from 'minisearch';
import { fold, isStopWord, queryWords, tokenize, termOf, termFunction, type SearchLocale, type TextSteps } from './text.js';
import { buildSynonymMap, type SynonymMap } from './synonyms.js';
import { loadCompactIndex, loadMiniSearchIndex, type CompactIndex, type IndexData } from './serial.js';
import { decodeFilter, hasPair, pairProbe, type PairProbe } from './pairs.js';
import { Scorer, type Scored, type SubQuery } from './scorer.js';

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
  /** Weight of a typo's correction (a close index term) and of a prefix match against an exact one. */
  weights: { fuzzy: 0.6, prefix: 0.4 },
  /** MiniSearch's BM25+ parameters (its defaults). */
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  /** Weight of a match on a synonym of the typed word, against the word itself. */
  synonymWeight: 0.5,
  /** Shortest word (as typed, folded) read as a typo when the index does not know it, one edit away; and shortest read two edits away. */
  fuzzyMinLength: 5,
  fuzzy2MinLength: 8,
  /** Shortest stem of an unknown word whose close terms are looked for (the word as typed always is). */
  fuzzyStemMinLength: 4,
  /** Last resort for an unknown word nothing is close to: the longest index term it starts with, of at least this many letters and this share of the word. */
  stemStartMinLength: 5,
  stemStartMinShare: 0.4,
  /** Characters of each article's text kept in the index for snippets: room for a snippet's window to slide over two snippets' worth. */
  excerptLength: 320,
  /** Shortest typed word matched as a prefix of index words. */
  prefixMinLength: 3,
  /** In indexes of at least this many articles, words in more than this share of them are matched in titles and tags only. */
  commonTermMinDocs: 1000,
  commonTermRatio: 0.1,
  /** Characters shown in a snippet. */
  snippetLength: 160,
  /** Results returned when no limit is given. */
  limit: 10,
  /**
   * The least share of the query a result must match to be shown: each word of the query (stop
   * words aside) counts 1 when the result matches it, its synonym or (the word being typed) a word
   * it starts, and `fuzzyCredit` when only a typo-tolerant match; a result below this share is
   * filler ("receta de paella" matching "reset" alone). 0 keeps every match.
   */
  minCoverage: 0.3,
  /**
   * Once one result reaches `minCoverage` (the query is one the articles answer), the others are
   * kept down to this share (`SearchFeatures.coverageFloor`), ranked by coverage below those that
   * cover more: a right answer that matches one word of a long question strongly ("pin" of "he
   * metido mal el pin tres veces") is not dropped for it. A query no result reaches
   * `minCoverage` with still finds nothing.
   */
  minCoverageFloor: 0.2,
  fuzzyCredit: 0.5,
  /** What a typo's correction counts when the typed word is one swap, one dropped or one extra letter from a word of that correction (`SearchFeatures.sureTypos`), and its weight against an exact match (`weights.fuzzy` for the others). */
  sureFuzzyCredit: 0.75,
  sureFuzzyWeight: 0.8,
  /** What a word found only in an article's body counts, against one in its title or tags. */
  textCredit: 0.5,
  /**
   * Coverage ranking: of the `rerankDepth` best-scored results, each score is multiplied by its
   * coverage (as `minCoverage` counts it) to this power, so that an article matching more of the
   * query passes one that matches one word strongly. 0 leaves the scores alone.
   */
  coverageExponent: 1,
  rerankDepth: 30,
  /**
   * Word proximity: of the same best-scored results, each score is multiplied by 1 plus this
   * weight times the share of the query's adjacent word pairs (stop words aside) that the
   * article writes adjacent too, in the same order ("número de cuenta" in an article about the
   * bank account, not "número" here and "cuenta" there). A pair of a typo's or synonym's terms
   * counts their credits' product. 0 leaves the scores alone.
   */
  proximityWeight: 1.5,
  /** Did-you-mean: the most edits from a typed word to a suggested one (a transposition is one), and the length from which two are allowed. */
  suggestMaxEdits: 2,
  suggestTwoEditsFrom: 7,
} as const;

export const INDEX_FORMAT = 'ayuda-kb-index';
/**
 * 2: words folded before stemming ("averia" and "avería" index alike).
 * 3: compact (`CompactIndex`): postings as arrays of numbers, each id stored once, shorter excerpts.
 * 4: each article's adjacent term pairs as a Bloom filter (`CompactIndex.pairs`, word proximity).
 */
export const INDEX_VERSION = 4;
/** The versions `KnowledgeSearch.load` still reads (a cached or older server's index); versions 2 and 3 rank without word proximity. */
export const INDEX_VERSIONS_READ: readonly number[] = [2, 3, 4];

/** The serialised index, as `/api/v1/kb/index/:locale` returns it. */
export interface SerializedIndex {
  format: typeof INDEX_FORMAT;
  version: number;
  locale: SearchLocale;
  /** The knowledge base revision the index was built from. */
  revision: string;
  synonyms: string[][];
  /** Versions 3 and 4: a `CompactIndex`; version 2: MiniSearch's own serialised form. */
  index: unknown;
}

/**
 * The parts of the engine, each of which the search benchmark switches off in turn to see what it
 * earns in quality and costs in time (docs/performance.md, "Search quality with typos").
 */
export interface SearchFeatures extends TextSteps {
  synonyms: boolean;
  /** Words the index does not know matched against close ones. */
  typos: boolean;
  /** The word being typed matched as the start of index words. */
  prefix: boolean;
  /** Title and tags weighted over the body (`SEARCH_DEFAULTS.boost`); off, every field weighs 1. */
  fieldBoosts: boolean;
  /** Results matching too little of the query dropped (`SEARCH_DEFAULTS.minCoverage`). */
  minCoverage: boolean;
  /** Results that cover more of the query ranked up (`SEARCH_DEFAULTS.coverageExponent`). */
  coverageRanking: boolean;
  /** A correction that keeps the typed letters (a swap, a dropped or an extra letter) covers more of its word than one that changes a letter (`SEARCH_DEFAULTS.sureFuzzyCredit`). */
  sureTypos: boolean;
  /** Two typed words also looked up joined, as the articles may write them ("log in" → "login", "self install" → "self-install"). */
  compounds: boolean;
  /** Two typed words that are a phrase of the synonyms ("cut off") find what the phrase's group finds. */
  phraseSynonyms: boolean;
  /** In Spanish, a word read as an index term that differs from it by a silent "h" only ("istorial", "pising"). */
  silentH: boolean;
  /** Results that write the query's adjacent words adjacent too ranked up (`SEARCH_DEFAULTS.proximityWeight`). */
  proximity: boolean;
  /** Once a result reaches the minimum coverage, the others kept down to `SEARCH_DEFAULTS.minCoverageFloor`; off, every result must reach it. */
  coverageFloor: boolean;
}

export const ALL_FEATURES: Readonly<SearchFeatures> = {
  folding: true,
  stemming: true,
  stopWords: true,
  verbForms: true,
  synonyms: true,
  typos: true,
  prefix: true,
  fieldBoosts: true,
  minCoverage: true,
  coverageRanking: true,
  compounds: true,
  sureTypos: true,
  phraseSynonyms: true,
  silentH: true,
  proximity: true,
  coverageFloor: true,
};

/** An unknown word's corrections (`#closeTerms`), and those of them that are sure (`#sureCorrections`). */
type CloseTerms = { found: readonly string[]; sure: ReadonlySet<string> };

/** `SearchEngine` or a class extending it, as `load` makes them. */
type EngineClass<T> = new (locale: SearchLocale, revision: string, synonyms: string[][], ms: IndexData, features: SearchFeatures, pairs: readonly Uint8Array[] | null) => T;

type StoredFields = { slug: string; title: string; category: string; excerpt: string };

/** Two adjacent words of a query: each alternative pair of terms standing for them, with what a match on it counts. */
type QueryPair = Array<[first: string, second: string, probe: PairProbe, weight: number]>;
/** `QueryPair` with the scorer's ids of the terms (-1 for a term no article matched). */
type ScoredPair = Array<[first: number, second: number, probe: PairProbe, weight: number]>;

/** `term` is MiniSearch's `processTerm`, which it calls with each word of each field in order, and the field's name. */
/** @internal MiniSearch's options for Ayuda's index, with `term` as its term processing. */
export function miniSearchOptions(term: (word: string, field?: string) => string | null): Options<SearchDocument> {
  return {
    idField: 'slug',
    fields: [...SEARCH_FIELDS],
    storeFields: ['slug', 'title', 'category', 'excerpt'],
    extractField: (doc, field) => {
      if (field === 'tags') return doc.tags.join(' ');
      if (field === 'excerpt') return doc.text.slice(0, SEARCH_DEFAULTS.excerptLength);
      return (doc as unknown as Record<string, string>)[field] ?? '';
    },
    tokenize,
    processTerm: term,
  };
}

/**
 * Searching a built or loaded index: all the widget needs. `KnowledgeSearch` (build.ts) adds
 * building and serialising, which the server does; kept apart so the widget's bundle leaves them out.
 */
export class SearchEngine {
  readonly locale: SearchLocale;
  readonly revision: string;
  /** The synonym groups as configured (serialised with the index). */
  protected readonly synonymGroups: string[][];
  readonly #synonyms: SynonymMap;
  /** The index, as MiniSearch holds it (a MiniSearch instance when built here). */
  protected readonly ms: IndexData;
  readonly #dfCache = new Map<string, number>();
  readonly #features: SearchFeatures;
  readonly #term: (word: string) => string | null;
  /** `#term` for the words a typo's corrections are tried with: not remembered. */
  readonly #trialTerm: (word: string) => string | null;
  /** Did-you-mean's vocabulary: words of the articles' titles and excerpts, folded, with their written form and count; built on first use. */
  #vocabulary: Map<string, { word: string; n: number }> | undefined;
  /** Spanish index terms with an "h", by their letters without it (`#silentH`); listed on first use. */
  #withoutH: Map<string, string[]> | undefined;
  /** Scores queries over `ms` (made on first search). */
  #scorer: Scorer | undefined;
  /** The fields word proximity reads (title and body), as field bits. */
  #bodyBits: number | undefined;
  /** The fields where a match covers its whole word (all but the body), as field bits. */
  #outsideBits: number | undefined;
  /** `#closeTerms`' answers by unknown word: a customer typing a query sends its first words again with every letter. */
  readonly #closeCache = new Map<string, CloseTerms>();
  /** Each article's adjacent term pairs (`pairFilter`), by MiniSearch's short id; null for an index without them (versions 2 and 3). */
  protected readonly pairs: readonly Uint8Array[] | null;

  /** @internal Made by `load` and by `KnowledgeSearch.build`. */
  constructor(
    locale: SearchLocale,
    revision: string,
    synonyms: string[][],
    ms: IndexData,
    features: SearchFeatures,
    pairs: readonly Uint8Array[] | null,
  ) {
    this.locale = locale;
    this.revision = revision;
    this.synonymGroups = synonyms;
    this.pairs = pairs;
    this.#features = features;
    this.#term = termFunction(locale, features);
    this.#trialTerm = termFunction(locale, features, { remember: false });
    this.#synonyms = buildSynonymMap(features.synonyms ? synonyms : [], locale, this.#term);
    this.ms = ms;
  }

  /** Loads a serialised index; refuses a format or version it does not know. */
  static load<T extends SearchEngine>(this: EngineClass<T>, data: unknown): T {
    const d = data as Partial<SerializedIndex> | null;
    if (!d || d.format !== INDEX_FORMAT) {
      throw new Error('Ayuda: this is not an Ayuda search index; fetch it from /api/v1/kb/index/:locale.');
    }
    if (typeof d.version !== 'number' || !INDEX_VERSIONS_READ.includes(d.version)) {
      throw new Error(
        `Ayuda: search index version ${String(d.version)} is not supported (this code reads versions ${INDEX_VERSIONS_READ.slice(0, -1).join(', ')} and ${INDEX_VERSIONS_READ[INDEX_VERSIONS_READ.length - 1]}); update @ayuda/core or the server so both match.`,
      );
    }
    if (d.locale !== 'es' && d.locale !== 'en') throw new Error(`Ayuda: unknown index locale ${String(d.locale)}.`);
    const locale = d.locale;
    const fields = [...SEARCH_FIELDS];
    const ms = d.version === 2 ? loadMiniSearchIndex(d.index as never, fields) : loadCompactIndex(d.index as CompactIndex, fields);
    const pairs = d.version >= 4 ? loadPairs(d.index as CompactIndex, ms.documentCount) : null;
    return new this(locale, d.revision ?? '0', d.synonyms ?? [], ms, ALL_FEATURES, pairs);
  }

  get documentCount(): number {
    return this.ms.documentCount;
  }

  /** How many articles contain `term` (in any field). */
  #df(term: string): number {
    let n = this.#dfCache.get(term);
    if (n === undefined) {
      // MiniSearch keeps, per term, a map of field to documents; the largest is a close
      // enough document frequency for deciding what to skip.
      const fields = this.ms._index.get(term);
      n = 0;
      for (const docs of fields?.values() ?? []) n = Math.max(n, docs.size);
      this.#dfCache.set(term, n);
    }
    return n;
  }

  /** Query terms after stop words, stemming and synonyms. */
  queryTerms(query: string): string[] {
    const out = new Set<string>();
    for (const word of this.#features.stopWords ? queryWords(query, this.locale) : tokenize(query)) {
      const t = this.#term(word);
      if (!t) continue;
      out.add(t);
      for (const s of this.#synonyms.lookup(word)) out.add(s);
    }
    return [...out];
  }

  /**
   * The articles that match `query`, best first. `minCoverage` (default
   * `SEARCH_DEFAULTS.minCoverage`) drops results that match too little of the query.
   */
  search(query: string, opts: { limit?: number; minCoverage?: number } = {}): SearchHit[] {
    return this.searchCounted(query, opts).hits;
  }

  /**
   * `search`, and how many articles match in all (those `minCoverage` keeps), counted up to
   * `countUpTo`: what an API answers as `total` while it sends `limit` of them. Counting costs
   * far less than making a result of each match (a keystroke over 10,000 articles matches thousands).
   */
  searchCounted(query: string, opts: { limit?: number; minCoverage?: number; countUpTo?: number } = {}): { hits: SearchHit[]; total: number } {
    const none = { hits: [], total: 0 };
    const words = this.#features.stopWords ? queryWords(query, this.locale) : tokenize(query);
    if (words.length === 0) return none;
    const locale = this.locale;
    const D = SEARCH_DEFAULTS;
    // The last word is still being typed unless the query ends with a space or punctuation.
    const typing = /[\p{L}\p{N}]$/u.test(query);
    const last = typing ? words[words.length - 1]! : null;
    const exact = new Set<string>();
    for (const w of typing ? words.slice(0, -1) : words) {
      const t = this.#term(w);
      if (t) exact.add(t);
    }
    let prefix: string | null = null;
    if (last) {
      const t = this.#term(last);
      if (t) exact.add(t);
      // A stop word being typed may be the start of a real word ("con" → "contraseña").
      const folded = this.#features.folding ? fold(last) : last;
      if (this.#features.prefix && folded.length >= D.prefixMinLength) prefix = folded;
    }
    const synonyms = new Set<string>();
    for (const w of words) for (const t of this.#synonyms.lookup(w)) if (!exact.has(t)) synonyms.add(t);
    // A phrase of the company's synonyms typed as its two words ("cut off" ~ "suspension"):
    // the pair finds what the phrase's group finds, and the synonyms cover both words.
    const pairSynonyms: Array<[i: number, terms: readonly string[]]> = [];
    if (this.#features.phraseSynonyms) {
      for (let i = 0; i + 1 < words.length; i++) {
        const found = this.#synonyms.lookupPhrase(words[i]!, words[i + 1]!);
        if (!found.length) continue;
        pairSynonyms.push([i, found]);
        for (const t of found) if (!exact.has(t)) synonyms.add(t);
      }
    }

    // In a large index, a word found in a large share of the articles says little in their
    // bodies and costs much to score there: such words are looked up in titles and tags only.
    const n = this.ms.documentCount;
    const isCommon = (t: string) => n >= D.commonTermMinDocs && this.#df(t) > n * D.commonTermRatio;
    const rare = [...exact].filter((t) => !isCommon(t));
    const common = [...exact].filter(isCommon);
    if (!rare.length && !common.length && !prefix && !synonyms.size) return none;

    // What each term sent to MiniSearch stands for: a word of the query (its slot) and how
    // much a match on it covers that word. A result's coverage is what it covers of all words.
    const slots: string[] = [];
    const slotOf = (t: string) => {
      const i = slots.indexOf(t);
      return i >= 0 ? i : slots.push(t) - 1;
    };
    const credits = new Map<string, Array<[slot: number, weight: number]>>();
    const credit = (term: string, slot: number, weight: number) => {
      const list = credits.get(term);
      if (list) list.push([slot, weight]);
      else credits.set(term, [[slot, weight]]);
    };
    for (const w of words) {
      const t = this.#term(w);
      if (t) slotOf(t);
    }
    for (const t of exact) if (this.#df(t) > 0) credit(t, slotOf(t), 1);
    // A word the index does not know is read as a typo of the index terms closest to it.
    const corrections = new Set<string>();
    // Corrections that keep the letters typed (`#sureCorrections`): weighed `sureFuzzyWeight`.
    const sureCorrections = new Set<string>();
    const synonymCorrections = new Set<string>();
    if (this.#features.typos) {
      for (const w of words) {
        const t = this.#term(w);
        if (t === null || this.#df(t) > 0 || isCommon(t)) continue;
        // A word of the company's synonyms is a word it knows, not a typo: it finds what its
        // synonyms find ("relocating" finds "moving") and is not also read as close index terms.
        if (this.#synonyms.lookup(w).some((s) => this.#df(s) > 0)) continue;
        // The word being typed that starts index words is read as their start (the prefix
        // match below), not as a typo: "factur" is "factura" half typed, not a misspelling.
        if (w === last && prefix && this.#startsTerms(prefix)) continue;
        const { found, sure } = this.#closeTerms(t, this.#features.folding ? fold(w) : w);
        for (const c of found) {
          (this.#features.sureTypos && sure.has(c) ? sureCorrections : corrections).add(c);
          credit(c, slotOf(t), this.#features.sureTypos && sure.has(c) ? D.sureFuzzyCredit : D.fuzzyCredit);
        }
        // A corrected word counts as the word: a typo of a word with synonyms ("laeve" for
        // "leave") finds what its synonyms find, even when the articles never use the word itself.
        for (const s of this.#synonymsOfTypo(fold(w))) {
          if (exact.has(s) || corrections.has(s) || sureCorrections.has(s)) continue;
          synonymCorrections.add(s);
          credit(s, slotOf(t), D.fuzzyCredit);
        }
      }
    }
    if (prefix) {
      const t = last ? this.#term(last) : null;
      // A stop word being typed ("con") covers nothing of a query with other words; alone, it is the query.
      if (t || !slots.length) credit(prefix, slotOf(t ?? prefix), 1);
    }
    for (const w of words) {
      const t = this.#term(w);
      for (const syn of this.#synonyms.lookup(w)) if (synonyms.has(syn)) credit(syn, t ? slotOf(t) : slotOf(syn), 1);
    }
    for (const [i, found] of pairSynonyms) {
      const t1 = this.#term(words[i]!);
      const t2 = this.#term(words[i + 1]!);
      for (const syn of found) {
        if (!synonyms.has(syn)) continue;
        if (t1 === null && t2 === null) credit(syn, slotOf(syn), 1);
        if (t1 !== null) credit(syn, slotOf(t1), 1);
        if (t2 !== null) credit(syn, slotOf(t2), 1);
      }
    }
    // A word the articles write joined or hyphenated ("self-install", "login", "setup") typed as
    // two ("self install", "log in", "set up"): the two words joined, when that is an index term
    // whose stem keeps the second word (so "si me" is not read as "sim", nor "cambia la" as
    // "cambial"), count as both words. Numbers are not joined ("2 4" is not "24").
    const compounds = new Set<string>();
    if (this.#features.compounds) {
      for (let i = 0; i + 1 < words.length; i++) {
        const w1 = words[i]!;
        const w2 = words[i + 1]!;
        const first = this.#term(w1);
        if (first === null || /^\d+$/.test(w1) || /^\d+$/.test(w2)) continue;
        // The term must start with the first word and two letters of the second: asked of the
        // index before stemming the joined word, which costs more.
        const start = fold(w1) + fold(w2).slice(0, 2);
        if (!this.#startsTerms(start)) continue;
        const t = this.#term(w1 + w2);
        if (!t || t.length < fold(w1).length + Math.min(2, w2.length) || exact.has(t) || synonyms.has(t) || this.#df(t) === 0 || isCommon(t)) continue;
        compounds.add(t);
        credit(t, slotOf(first), 1);
        const second = this.#term(w2);
        if (second !== null) credit(t, slotOf(second), 1);
      }
    }

    const queryPairs = this.pairs && this.#features.proximity && D.proximityWeight > 0 ? queryPairsOf(words, this.#term, slots, credits) : [];

    const boost = this.#features.fieldBoosts ? D.boost : EVEN_BOOST;
    const subs: SubQuery[] = [];
    // In a large index, the expensive expansions (typos, the word being typed) look in titles
    // and tags only, where a match also says the most.
    const narrow = n >= D.commonTermMinDocs ? TITLE_AND_TAGS : undefined;
    const add = (terms: Iterable<string>, fields: readonly string[] | undefined, weight: number, prefix = false) => {
      const list = [...terms];
      if (list.length) subs.push({ terms: list, prefix, boost: weight === 1 ? boost : scale(boost, weight), ...(fields ? { fields } : {}) });
    };
    add(rare.filter((t) => this.#df(t) > 0), undefined, 1);
    for (const c of sureCorrections) corrections.delete(c);
    add(sureCorrections, narrow, D.sureFuzzyWeight);
    add(corrections, narrow, D.weights.fuzzy);
    add(synonymCorrections, narrow, D.weights.fuzzy * D.synonymWeight);
    add(common, TITLE_AND_TAGS, 1);
    if (prefix) add([prefix], narrow, D.weights.prefix, true);
    add(compounds, undefined, 1);
    add(synonyms, undefined, D.synonymWeight);

    const { scorer, scored: found, next } = this.#ranked(subs);
    const limit = opts.limit ?? D.limit;
    const minCoverage = this.#features.minCoverage ? (opts.minCoverage ?? D.minCoverage) : 0;
    const floor = this.#features.coverageFloor ? Math.min(minCoverage, D.minCoverageFloor) : minCoverage;
    const coord = this.#features.coverageRanking && slots.length > 1 ? D.coverageExponent : 0;
    const kept: Array<{ at: number; score: number }> = [];
    const covered = new Float64Array(slots.length);
    const rerank = coord > 0 || queryPairs.length > 0;
    const depth = rerank ? Math.max(limit, D.rerankDepth) : limit;
    // The reranked window is what the scan reads until `rerankDepth` results are kept, whatever
    // the limit or the count asked: the widget's 8, the API's 10 and the portal's 50 results
    // start alike. Past it, the scan's order (MiniSearch's score) is kept.
    let windowKept = -1;
    let windowWeak = 0;
    const countUpTo = opts.countUpTo ?? 0;
    let total = 0;
    // Results under `minCoverage` but over the floor: shown, below the others, only when some
    // result reaches `minCoverage` (kept aside until then, so the scan reads what it read before).
    const weak: Array<{ at: number; score: number }> = [];
    let weakTotal = 0;
    // Word proximity asks, of each pair's alternatives, whether the article matched both terms.
    const pairs: ScoredPair[] = queryPairs.map((alternatives) => alternatives.map(([a, b, probe, weight]) => [scorer.termId(a), scorer.termId(b), probe, weight]));
    const scored = (at: number, coverage: number) => {
      let score = coord ? found.scores[at]! * coverage ** coord : found.scores[at]!;
      if (pairs.length) score *= 1 + D.proximityWeight * this.#proximity(found.docs[at]!, scorer, pairs);
      return { at, score };
    };
    // Coverage, read from the scorer without making a result of each article scanned. Per query
    // term: its credits, its own index term's id, and the index terms that are no query term's.
    const measure = (minCoverage > 0 || coord) && slots.length > 1;
    const sources = scorer.sources;
    const sourceCredits = sources.map((q) => credits.get(q) ?? []);
    const sourceOwn = sources.map((q) => scorer.termId(q));
    const uncredited = scorer.terms.map((t) => !credits.has(t));
    const outside = (this.#outsideBits ??= fieldBits(this.ms, (f) => f !== 'text'));
    for (let at = next(); at >= 0; at = next()) {
      if (kept.length >= depth && total >= countUpTo) break;
      let coverage = 1;
      if (measure) {
        covered.fill(0);
        const doc = found.docs[at]!;
        const mark = scorer.matches(doc);
        let other: boolean | undefined;
        for (let q = 0; q < sources.length; q++) {
          if (scorer.sourceMark[q] !== mark) continue;
          // A word found in the body only says less than one in a title or tags. The fields of an
          // exact match are the term's own; a typo or prefix match's, those of the other terms.
          let where: number = D.textCredit;
          const own = sourceOwn[q]!;
          if (own >= 0 && scorer.termMark[own] === mark) {
            if (scorer.termFields[own]! & outside) where = 1;
          } else if ((other ??= scorer.someTerm(doc, mark, uncredited, outside))) where = 1;
          const list = sourceCredits[q]!;
          for (let i = 0; i < list.length; i++) {
            const slot = list[i]![0];
            const weight = list[i]![1] * where;
            if (weight > covered[slot]!) covered[slot] = weight;
          }
        }
        // Indexed loops, no destructuring: this runs for every article scanned, and iterators are garbage.
        let sum = 0;
        for (let i = 0; i < covered.length; i++) sum += covered[i]!;
        coverage = sum / slots.length;
        if (coverage < minCoverage) {
          if (coverage >= floor) {
            weakTotal++;
            if (weak.length < depth) weak.push(scored(at, coverage));
          }
          continue;
        }
      }
      total++;
      if (kept.length < depth) kept.push(scored(at, coverage));
      if (windowKept < 0 && kept.length === D.rerankDepth) {
        windowKept = kept.length;
        windowWeak = weak.length;
      }
    }
    let ranked = kept;
    if (rerank) {
      // Of the best-scored results, those that cover more of the query, and write its words as it
      // does, come first; under the minimum coverage, weak ones only when some result reaches it.
      if (windowKept < 0) {
        windowKept = kept.length;
        windowWeak = weak.length;
      }
      const shown = kept.length ? weak : [];
      const window = [...kept.slice(0, windowKept), ...shown.slice(0, windowWeak)].sort((a, b) => b.score - a.score);
      ranked = [...window, ...kept.slice(windowKept), ...shown.slice(windowWeak)];
      if (shown.length) total += weakTotal;
    } else if (kept.length && weak.length) {
      // Scores are not reranked: merging by score keeps the first results alike for any limit.
      ranked = [...kept, ...weak].sort((a, b) => b.score - a.score);
      total += weakTotal;
    }
    // Results are made of the few shown only, now: the scorer's answer lasts until its next query.
    const stored = this.ms._storedFields;
    // Each hit's score is the one it was ranked by (coverage and proximity applied), so the first
    // `rerankDepth` results come in the order of their scores; past them the scan's (BM25+) order
    // is kept, so their scores need not descend (docs/search.md).
    const hits = ranked.slice(0, limit).map(({ at, score }) => {
      const doc = found.docs[at]!;
      return toHit(score, Object.keys(found.detail(doc).match), stored.get(doc) as StoredFields, locale);
    });
    return { hits, total: countUpTo ? Math.min(total, countUpTo) : total };
  }

  /**
   * The share of the query's adjacent pairs that an article writes adjacent too, each pair counting
   * its best alternative's weight. Only pairs of terms the article matched are asked of its filter:
   * a query pair may have many alternatives (corrections, synonyms), and each one asked is a
   * chance of a false yes.
   */
  #proximity(doc: number, scorer: Scorer, pairs: readonly ScoredPair[]): number {
    const filter = this.pairs?.[doc];
    if (!filter) return 0;
    const mark = scorer.matches(doc);
    const body = (this.#bodyBits ??= fieldBits(this.ms, inBody));
    const has = (t: number) => t >= 0 && scorer.termMark[t] === mark && (scorer.termFields[t]! & body) !== 0;
    let sum = 0;
    for (const alternatives of pairs) {
      let best = 0;
      for (const [a, b, probe, weight] of alternatives) if (weight > best && has(a) && has(b) && hasPair(filter, probe)) best = weight;
      sum += best;
    }
    return sum / pairs.length;
  }

  /**
   * The index terms closest to an unknown word: to its term (stem) or to the word itself
   * (folded), one edit away for words of `fuzzyMinLength` letters or more and two from
   * `fuzzy2MinLength` (a transposition is one edit); every term at the least distance found.
   */
  #closeTerms(term: string, word: string): CloseTerms {
    const key = `${term} ${word}`;
    let close = this.#closeCache.get(key);
    if (!close) {
      const found = this.#findCloseTerms(term, word);
      close = { found, sure: found.length && this.#features.sureTypos ? this.#sureCorrections(word, found) : new Set() };
      if (this.#closeCache.size >= CLOSE_CACHE_MAX) this.#closeCache.clear();
      this.#closeCache.set(key, close);
    }
    return close;
  }

  /**
   * The synonyms' terms of the synonym words closest to a word (folded) that is not one of them,
   * within the edits `#closeTerms` allows for its length (one insertion only at four letters).
   */
  #synonymsOfTypo(word: string): string[] {
    const D = SEARCH_DEFAULTS;
    if (word.length < D.fuzzyMinLength - 1 || this.#synonyms.lookup(word).length) return [];
    const max = word.length >= D.fuzzy2MinLength ? 2 : 1;
    let best = max + 1;
    let found: string[] = [];
    for (const key of this.#synonyms.words) {
      if (word.length < D.fuzzyMinLength && key.length !== word.length + 1) continue;
      const d = editDistance(word, key, max);
      if (d > max || d > best) continue;
      if (d < best) {
        best = d;
        found = [];
      }
      for (const t of this.#synonyms.lookup(key)) if (this.#df(t) > 0) found.push(t);
      const own = this.#term(key);
      if (own !== null && this.#df(own) > 0) found.push(own);
    }
    return found;
  }

  /**
   * The articles matching `subs` (OR'ed), in `MiniSearch#search`'s order, popped one by one
   * (`next` gives an index into `scored`, or -1): in a large index a query matches thousands of
   * articles and only the first few tens are ever read. The order is a heap: building it is
   * linear, and sorting thousands to read thirty is not. Nothing is made per article read; the
   * caller makes a result of those it keeps.
   */
  #ranked(subs: readonly SubQuery[]): { scorer: Scorer; scored: Scored; next(): number } {
    const D = SEARCH_DEFAULTS;
    const scorer = (this.#scorer ??= new Scorer(this.ms));
    const scored = scorer.run(subs, D.weights.prefix, D.bm25);
    const { scores, heap } = scored;
    const n = scores.length;
    for (let k = 0; k < n; k++) heap[k] = k;
    // Higher score first; equal scores in MiniSearch's order, as the stable sort this replaces gave.
    const before = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
    const down = (from: number, size: number) => {
      let at = from;
      for (;;) {
        const l = 2 * at + 1;
        if (l >= size) return;
        const r = l + 1;
        const c = r < size && before(heap[r]!, heap[l]!) ? r : l;
        if (!before(heap[c]!, heap[at]!)) return;
        const t = heap[at]!;
        heap[at] = heap[c]!;
        heap[c] = t;
        at = c;
      }
    };
    for (let k = (n >> 1) - 1; k >= 0; k--) down(k, n);
    let size = n;
    return {
      scorer,
      scored,
      next: () => {
        if (size === 0) return -1;
        const top = heap[0]!;
        heap[0] = heap[--size]!;
        down(0, size);
        return top;
      },
    };
  }

  /**
   * Of the corrections `found` for a word (folded), those that a word one swap of neighbouring
   * letters, one dropped letter or one extra letter away from it stems to: typos that keep
   * the letters typed ("ontract" → "contract"), surer than one that changes a letter
   * ("receta" → "reset").
   */
  #sureCorrections(word: string, found: readonly string[]): Set<string> {
    const out = new Set<string>();
    const want = new Set(found);
    const tryWord = (w: string) => {
      const t = this.#trialTerm(w);
      if (t !== null && want.has(t)) out.add(t);
    };
    for (let i = 0; i < word.length; i++) {
      tryWord(word.slice(0, i) + word.slice(i + 1));
      if (i + 1 < word.length && word[i] !== word[i + 1]) tryWord(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    }
    // A stem is the start of its words, so a letter inserted within it must be the stem's own
    // letter there: one word per position, not one per letter of the alphabet.
    for (const c of found) {
      if (out.has(c)) continue;
      for (let i = 0; i < c.length && i <= word.length; i++) tryWord(word.slice(0, i) + c[i] + word.slice(i));
    }
    return out;
  }

  /**
   * Spanish "h" is silent, so it is often left out or put where it is not ("istorial",
   * "pising" for "phishing", "hacceso"): the index terms that are the word (folded) or its term
   * once every "h" of both is dropped. Only in Spanish; the terms with an "h" are listed on first use.
   */
  #silentH(term: string, word: string): string[] {
    if (this.locale !== 'es' || !this.#features.silentH) return [];
    const index = this.ms._index;
    if (!this.#withoutH) {
      this.#withoutH = new Map();
      for (const t of index.keys()) {
        const key = silentHless(t);
        if (key === t) continue;
        const list = this.#withoutH.get(key);
        if (list) list.push(t);
        else this.#withoutH.set(key, [t]);
      }
    }
    const out = new Set<string>();
    for (const key of new Set([term, word])) {
      const bare = silentHless(key);
      for (const t of this.#withoutH.get(bare) ?? []) if (t !== key) out.add(t);
      if (bare !== key && index.has(bare)) out.add(bare);
    }
    if (silentHless(word) !== word) {
      const t = this.#term(silentHless(word));
      if (t !== null && index.has(t)) out.add(t);
    }
    return [...out];
  }

  /** Whether some index term starts with `prefix`. */
  #startsTerms(prefix: string): boolean {
    const index = this.ms._index;
    return !index.atPrefix(prefix).keys().next().done;
  }

  #findCloseTerms(term: string, word: string): string[] {
    const D = SEARCH_DEFAULTS;
    // A word one letter short of `fuzzyMinLength` may be a longer one with a letter dropped: only insertions are tried.
    if (word.length < D.fuzzyMinLength - 1) return [];
    const silent = this.#silentH(term, word);
    if (silent.length) return silent;
    const max = word.length >= D.fuzzy2MinLength ? 2 : 1;
    const found = new Set<string>();
    let best = max + 1;
    const short = word.length < D.fuzzyMinLength;
    const index = this.ms._index;
    for (const key of short ? [] : term === word ? [term] : [term, word]) {
      // A stem of three letters is one edit from many unrelated ones ("taria" stems to "tar":
      // "car", "par", "dar"…); only the word as typed is measured then ("tarif").
      if (key.length < D.fuzzyStemMinLength) continue;
      // MiniSearch counts a transposition as two edits. For one edit, it is asked for one and
      // the swaps are looked up one by one (a search two edits wide costs about four times as
      // much in a large index); for two, it is asked for two (three would cost several times
      // as much again), then every candidate is measured.
      const candidates = [...index.fuzzyGet(key, max).keys()];
      if (max === 1) {
        for (let i = 0; i + 1 < key.length; i++) {
          if (key[i] === key[i + 1]) continue;
          const swapped = key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
          if (index.has(swapped)) candidates.push(swapped);
        }
      }
      for (const candidate of candidates) {
        const d = editDistance(key, candidate, max);
        if (d > max) continue;
        if (d < best) {
          best = d;
          found.clear();
        }
        if (d === best) found.add(candidate);
      }
    }
    if (best <= 1 || (max > 1 && found.size)) return [...found];
    if (max > 1) return this.#stemStart(word, index);
    // A dropped letter or a swap can move where the stemmer cuts ("cbrado" stems to "cbrad",
    // two edits from "cobr"): the words one insertion or one swap away that stem to a known
    // term are one edit away too. Tried last and for words shorter than `fuzzy2MinLength` only,
    // as it stems some 30 words per letter typed.
    const oneEdit = new Set<string>();
    const tryWord = (w: string) => {
      const t = this.#trialTerm(w);
      // Asked of the index directly: remembering these made-up words' counts would fill the cache.
      if (t !== null && index.has(t)) oneEdit.add(t);
    };
    for (let i = 0; i <= word.length; i++) {
      for (const c of LETTERS) tryWord(word.slice(0, i) + c + word.slice(i));
      if (!short && i + 1 < word.length && word[i] !== word[i + 1]) tryWord(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    }
    if (oneEdit.size) return [...oneEdit];
    return found.size ? [...found] : this.#stemStart(word, index);
  }

  /**
   * The last resort for an unknown word: the longest index term it starts with, of
   * `stemStartMinLength` letters and most of the word. A typo past the stem's end leaves the stem
   * whole ("verificaton" starts with "verif", "cancellng" with "cancel") while the stemmer, not
   * knowing the word, keeps it all.
   */
  #stemStart(word: string, index: { has(key: string): boolean }): string[] {
    const D = SEARCH_DEFAULTS;
    const least = Math.max(D.stemStartMinLength, Math.ceil(word.length * D.stemStartMinShare));
    for (let k = word.length - 1; k >= least; k--) if (index.has(word.slice(0, k))) return [word.slice(0, k)];
    return [];
  }

  /**
   * "Did you mean": for a query with words the index does not know, the same query with each
   * such word replaced by the closest word of the articles (accents and case aside, starting with
   * the same letter, one edit away, or two for words of `suggestTwoEditsFrom` letters or more;
   * the more common word on a tie), or null when a word
   * has no close one, every word is known, or the corrected query finds nothing either. Meant
   * for a search that found nothing: the first call builds the vocabulary from the stored
   * titles and excerpts.
   */
  suggest(query: string): string | null {
    const words = tokenize(query);
    const locale = this.locale;
    let changed = false;
    const out: string[] = [];
    for (const w of words) {
      const t = this.#term(w);
      // A word of the synonyms that finds articles is known too, not a typo ("owe" ~ "unpaid" is not "one").
      if (t === null || this.#df(t) > 0 || /^\d+$/.test(w) || this.#synonyms.lookup(w).some((s) => this.#df(s) > 0)) {
        out.push(w);
        continue;
      }
      const best = this.#closest(fold(w));
      if (!best) return null;
      out.push(best);
      changed = true;
    }
    if (!changed) return null;
    const suggestion = out.join(' ');
    return this.search(suggestion, { limit: 1 }).length ? suggestion : null;
  }

  #closest(folded: string): string | null {
    if (folded.length < 3) return null;
    const max = folded.length >= SEARCH_DEFAULTS.suggestTwoEditsFrom ? SEARCH_DEFAULTS.suggestMaxEdits : 1;
    let best: { word: string; n: number } | null = null;
    let bestD = max + 1;
    for (const [key, entry] of this.#vocab()) {
      // A wrong first letter is a rare typo and a frequent source of absurd suggestions.
      if (key[0] !== folded[0]) continue;
      const d = editDistance(folded, key, max);
      if (d < bestD || (d === bestD && best && entry.n > best.n)) {
        best = entry;
        bestD = d;
      }
    }
    return bestD <= max && best ? best.word : null;
  }

  #vocab(): Map<string, { word: string; n: number }> {
    if (this.#vocabulary) return this.#vocabulary;
    // Counted as written first (cheap), then folded once per distinct word.
    const written = new Map<string, number>();
    const stored = this.ms._storedFields as Map<number, Partial<StoredFields>>;
    for (const doc of stored.values()) {
      for (const w of tokenize(`${doc.title ?? ''} ${doc.excerpt ?? ''}`)) {
        if (w.length >= 3) written.set(w, (written.get(w) ?? 0) + 1);
      }
    }
    const vocab = new Map<string, { word: string; n: number; spelled: number }>();
    for (const [w, n] of written) {
      // Titles and excerpts are indexed: every word here but a stop word (or a number) is an index term.
      if (/\d/.test(w) || isStopWord(w, this.locale)) continue;
      const key = fold(w);
      const entry = vocab.get(key);
      if (!entry) vocab.set(key, { word: w, n, spelled: n });
      else {
        // The spelling written most often ("contraseña" over "contrasena") is the one suggested.
        if (n > entry.spelled) Object.assign(entry, { word: w, spelled: n });
        entry.n += n;
      }
    }
    return (this.#vocabulary = vocab);
  }
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment), or `max + 1` as soon
 * as it must exceed `max`: "factrua" is one edit from "factura", "wfi" one from "wifi".
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return Math.min(prev[b.length]!, max + 1);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** A word without its silent letters "h": every "h" but that of "ch", which is a sound of its own ("coche" is not "coce"). */
const silentHless = (w: string) => w.replace(/(?<!c)h/g, '');

/**
 * The query's adjacent word pairs (stop words aside, as the filters were built), each with the
 * pairs of terms that stand for its two words (`credits`: the word's own term, its corrections,
 * synonyms and compounds) and what a match on each counts: the product of the two credits.
 */
function queryPairsOf(
  words: readonly string[],
  term: (word: string) => string | null,
  slots: readonly string[],
  credits: ReadonlyMap<string, ReadonlyArray<[slot: number, weight: number]>>,
): QueryPair[] {
  const bySlot: Array<Array<[term: string, weight: number]>> = slots.map(() => []);
  for (const [t, list] of credits) for (const [slot, weight] of list) bySlot[slot]!.push([t, weight]);
  const sequence: number[] = [];
  for (const w of words) {
    const t = term(w);
    const slot = t === null ? -1 : slots.indexOf(t);
    if (slot >= 0 && slot !== sequence[sequence.length - 1]) sequence.push(slot);
  }
  const out: QueryPair[] = [];
  for (let i = 0; i + 1 < sequence.length; i++) {
    const alternatives: QueryPair = [];
    for (const [a, wa] of bySlot[sequence[i]!]!) for (const [b, wb] of bySlot[sequence[i + 1]!]!) if (a !== b) alternatives.push([a, b, pairProbe(a, b), wa * wb]);
    if (alternatives.length) out.push(alternatives);
  }
  return out;
}

/** Version 4's filters; none (no proximity) when the index has none, as one re-serialised from version 2 or 3. */
function loadPairs(c: CompactIndex, documents: number): Uint8Array[] | null {
  if (c.pairs === undefined) return null;
  if (!Array.isArray(c.pairs) || c.pairs.length !== documents || c.pairs.some((p) => typeof p !== 'string')) {
    throw new Error('Ayuda: this search index (version 4) has a broken list of word pairs; fetch it again from /api/v1/kb/index/:locale.');
  }
  return c.pairs.map(decodeFilter);
}

/** Unknown words whose close terms each index remembers; past this, it forgets them all and starts again. */
const CLOSE_CACHE_MAX = 2_000;
/** The fields indexed and searched, in order (MiniSearch numbers them so). */
const SEARCH_FIELDS = ['title', 'tags', 'text'] as const;
const EVEN_BOOST = { title: 1, tags: 1, text: 1 };
const TITLE_AND_TAGS = ['title', 'tags'] as const;
/** The bits (`1 << fieldId`) of the index's fields that `f` picks. */
function fieldBits(ms: IndexData, f: (field: string) => boolean): number {
  let bits = 0;
  for (const [field, id] of Object.entries(ms._fieldIds)) if (f(field)) bits |= 1 << id;
  return bits;
}
/** The fields whose pairs the filters hold. */
const inBody = (field: string) => field === 'title' || field === 'text';
const scale = (b: Record<string, number>, k: number) => Object.fromEntries(Object.entries(b).map(([f, v]) => [f, v * k]));

function toHit(score: number, terms: string[], stored: StoredFields, locale: SearchLocale): SearchHit {
  const hit = { slug: stored.slug, title: stored.title, category: stored.category, score: Math.round(score * 1000) / 1000 } as SearchHit;
  // Made when first read (and then kept): the server counts up to 1,000 matches per keystroke
  // but sends a few, and a snippet costs more than the match.
  Object.defineProperty(hit, 'snippet', {
    enumerable: true,
    configurable: true,
    get() {
      const value = snippet(stored.excerpt ?? '', new Set(terms), locale);
      Object.defineProperty(hit, 'snippet', { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
  });
  return hit;
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
