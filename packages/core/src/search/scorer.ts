// Scoring a query over MiniSearch's index without MiniSearch's query executor. Its executor makes
// a result object per article and term (a Map entry, a `match` object and arrays) and merges them
// map by map: over 10,000 articles that was half of a query's time, and most of the slow tail.
// This reads the same postings in the same order and adds the same BM25+ terms in the same order,
// into arrays indexed by article, so the scores are MiniSearch's to the last bit (scorer.test.ts
// compares them), and builds an article's `terms` and `match` only when it is read.
import type { IndexData } from './serial.js';

/** One of MiniSearch's OR'ed subqueries, as Ayuda sends them: index terms, no fuzzy matching. */
export interface SubQuery {
  /** Index terms, each scored on its own and the results OR'ed. */
  readonly terms: readonly string[];
  /** Each term also matches the longer index terms it starts. */
  readonly prefix: boolean;
  /** The fields searched, in this order; every field of the index when absent. */
  readonly fields?: readonly string[];
  /** Per field; a field not named counts 1. */
  readonly boost: Readonly<Record<string, number>>;
}

/** What MiniSearch reports for a result: the query terms it matched, and per index term the fields. */
export interface MatchDetail {
  terms: string[];
  match: Record<string, string[]>;
}

/** The scored articles of one query: views of the scorer's own arrays, valid until its next `run`. */
export interface Scored {
  /** Articles (MiniSearch's short ids) in the order MiniSearch's result map would hold them. */
  readonly docs: Int32Array;
  /** MiniSearch's score for each (BM25+ summed, times the number of query terms matched). */
  readonly scores: Float64Array;
  /** Room for one index per article, for the caller to order them in (no allocation per query). */
  readonly heap: Int32Array;
  detail(doc: number): MatchDetail;
}

type TermData = Map<number, Map<number, number>>;

export class Scorer {
  readonly #ms: IndexData;
  readonly #size: number;
  #norms: Float64Array[] = [];
  #normKey = '';
  // Per article, reused across queries: a query's marks are its own `#mark` values.
  readonly #seg: Float64Array;
  readonly #sub: Float64Array;
  readonly #total: Float64Array;
  readonly #segMark: Float64Array;
  readonly #subMark: Float64Array;
  readonly #queryMark: Float64Array;
  readonly #totalMark: Float64Array;
  readonly #termCount: Int32Array;
  // Each article's postings read, as a list through `#next` (index terms and fields in `#group`).
  readonly #head: Int32Array;
  readonly #tail: Int32Array;
  readonly #order: Int32Array;
  readonly #subDocs: Int32Array;
  readonly #segDocs: Int32Array;
  readonly #scores: Float64Array;
  readonly #heap: Int32Array;
  #next = new Int32Array(4096);
  #group = new Int32Array(4096);
  #mark = 0;
  // The current query's groups (one per index term and field read: `#groupTermId` numbers them) and source terms.
  #groupField: string[] = [];
  #groupSegment: number[] = [];
  #groupSource: number[] = [];
  /** Each group's first group for the same index term and query term (the same `add`). */
  #groupStart: number[] = [];
  #groupTermId: number[] = [];
  #groupFieldBit: number[] = [];
  #termIds = new Map<string, number>();
  /** The index terms read by the current query, by id (`matches`). */
  terms: string[] = [];
  /** `matches`' answers, by index term id and query term id. */
  readonly termMark: number[] = [];
  readonly termFields: number[] = [];
  readonly sourceMark: number[] = [];
  #sources: string[] = [];

  constructor(ms: IndexData) {
    this.#ms = ms;
    let size = 0;
    for (const id of this.#ms._documentIds.keys()) if (id >= size) size = id + 1;
    this.#size = size;
    [this.#seg, this.#sub, this.#total] = [new Float64Array(size), new Float64Array(size), new Float64Array(size)];
    const ints = () => new Int32Array(size);
    const marks = () => new Float64Array(size);
    [this.#segMark, this.#subMark, this.#queryMark, this.#totalMark] = [marks(), marks(), marks(), marks()];
    this.#termCount = ints();
    [this.#head, this.#tail, this.#order, this.#subDocs, this.#segDocs, this.#heap] = [ints(), ints(), ints(), ints(), ints(), ints()];
    this.#scores = new Float64Array(size);
  }

  /** MiniSearch's `k * (1 - b + b * length / average)` of each article's field, made once per set of parameters. */
  #normsFor(bm25: { k: number; b: number }): Float64Array[] {
    const key = `${bm25.k} ${bm25.b}`;
    if (key !== this.#normKey) {
      const { k, b } = bm25;
      const m = this.#ms;
      this.#norms = m._avgFieldLength.map((avg, f) => {
        const out = new Float64Array(this.#size);
        for (const [doc, lengths] of m._fieldLength) out[doc] = k * (1 - b + (b * lengths[f]!) / avg);
        return out;
      });
      this.#normKey = key;
    }
    return this.#norms;
  }

  /** A number no array holds yet: marks are compared, never cleared (a double counts past any query load). */
  #nextMark(): number {
    return ++this.#mark;
  }

  /**
   * Scores `subs` as `MiniSearch#executeQuery({ combineWith: 'OR', queries })` would, with
   * `prefixWeight` as its `weights.prefix`: each term's fields summed in order into the term's
   * score, the terms' into the subquery's, the subqueries' into the article's.
   */
  run(subs: readonly SubQuery[], prefixWeight: number, bm25: { k: number; b: number; d: number }): Scored {
    const m = this.#ms;
    const norms = this.#normsFor(bm25);
    const { k, d } = bm25;
    const n = m.documentCount;
    const seg = this.#seg;
    const sub = this.#sub;
    const total = this.#total;
    const segMark = this.#segMark;
    const subMark = this.#subMark;
    const queryMark = this.#queryMark;
    const totalMark = this.#totalMark;
    const termCount = this.#termCount;
    const head = this.#head;
    const tail = this.#tail;
    this.#groupField = [];
    this.#groupSegment = [];
    this.#groupSource = [];
    this.#groupStart = [];
    this.#groupTermId = [];
    this.#groupFieldBit = [];
    this.#termIds = new Map();
    this.terms = [];
    this.#sources = [];
    const query = this.#nextMark();
    // Articles in the order first matched (in the query, the subquery, the term): each once.
    const order = this.#order;
    const subDocs = this.#subDocs;
    const segDocs = this.#segDocs;
    let ordered = 0;
    let links = 0;
    let segment = 0;
    // The posting being read's term and field (`Map#forEach` makes no entry per posting, as `for…of` would).
    let segId = 0;
    let segCount = 0;
    let w = 0;
    let idf = 0;
    let norm = this.#norms[0]!;
    let group = 0;
    let next = this.#next;
    let groupOf = this.#group;
    const visit = (tf: number, doc: number) => {
      const score = w * (idf * (d + (tf * (k + 1)) / (tf + norm[doc]!)));
      if (segMark[doc] !== segId) {
        segMark[doc] = segId;
        seg[doc] = score;
        segDocs[segCount++] = doc;
      } else seg[doc]! += score;
      groupOf[links] = group;
      next[links] = -1;
      if (queryMark[doc] !== query) {
        queryMark[doc] = query;
        head[doc] = links;
        termCount[doc] = 0;
        order[ordered++] = doc;
      } else next[tail[doc]!] = links;
      tail[doc] = links++;
    };
    for (const s of subs) {
      const subId = this.#nextMark();
      let subCount = 0;
      const fields = s.fields ?? m._options.fields;
      const boosts = fields.map((f) => (Object.hasOwn(s.boost, f) && s.boost[f]) || 1);
      for (const term of s.terms) {
        if (!term) continue;
        segId = this.#nextMark();
        segCount = 0;
        segment++;
        let source = this.#sources.indexOf(term);
        const repeated = source >= 0;
        if (!repeated) source = this.#sources.push(term) - 1;
        const add = (derived: string, weight: number, data: TermData | undefined) => {
          if (!data) return;
          const start = this.#groupTermId.length;
          let termId = this.#termIds.get(derived);
          if (termId === undefined) {
            termId = this.terms.push(derived) - 1;
            this.#termIds.set(derived, termId);
          }
          for (let f = 0; f < fields.length; f++) {
            const field = fields[f]!;
            const fieldId = m._fieldIds[field]!;
            const postings = data.get(fieldId);
            if (!postings) continue;
            const df = postings.size;
            idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
            w = weight * boosts[f]!;
            norm = norms[fieldId]!;
            group = this.#groupTermId.push(termId) - 1;
            this.#groupField.push(field);
            this.#groupSegment.push(segment);
            this.#groupSource.push(source);
            this.#groupStart.push(start);
            this.#groupFieldBit.push(1 << fieldId);
            if (links + df > this.#next.length) this.#grow(links + df);
            next = this.#next;
            groupOf = this.#group;
            postings.forEach(visit);
          }
        };
        add(term, 1, m._index.get(term));
        if (s.prefix) {
          for (const [t, data] of m._index.atPrefix(term)) {
            const distance = t.length - term.length;
            if (distance) add(t, (prefixWeight * t.length) / (t.length + 0.3 * distance), data);
          }
        }
        for (let i = 0; i < segCount; i++) {
          const doc = segDocs[i]!;
          if (!repeated || !this.#hadSource(doc, source, segment)) termCount[doc]!++;
          if (subMark[doc] !== subId) {
            subMark[doc] = subId;
            sub[doc] = seg[doc]!;
            subDocs[subCount++] = doc;
          } else sub[doc]! += seg[doc]!;
        }
      }
      for (let i = 0; i < subCount; i++) {
        const doc = subDocs[i]!;
        if (totalMark[doc] !== query) {
          totalMark[doc] = query;
          total[doc] = sub[doc]!;
        } else total[doc]! += sub[doc]!;
      }
    }
    const docs = order.subarray(0, ordered);
    const scores = this.#scores.subarray(0, ordered);
    for (let i = 0; i < ordered; i++) scores[i] = total[docs[i]!]! * (termCount[docs[i]!] || 1);
    return { docs, scores, heap: this.#heap.subarray(0, ordered), detail: (doc) => this.#detail(doc) };
  }

  /** The query terms of the current query (MiniSearch's `terms` of a result), by id. */
  get sources(): readonly string[] {
    return this.#sources;
  }

  /** The id of an index term read by the current query, or -1. */
  termId(term: string): number {
    return this.#termIds.get(term) ?? -1;
  }

  /**
   * What `detail(doc)` would say, without making it: returns a mark; the query terms `doc`
   * matched have `sourceMark[id] === mark`, the index terms `termMark[id] === mark`, and
   * `termFields[id]` their fields (bit `1 << fieldId`) as `match` lists them.
   */
  matches(doc: number): number {
    const mark = this.#nextMark();
    let previous = -1;
    for (let e = this.#head[doc]!; e >= 0; e = this.#next[e]!) {
      const g = this.#group[e]!;
      this.sourceMark[this.#groupSource[g]!] = mark;
      const t = this.#groupTermId[g]!;
      const start = this.#groupStart[g]!;
      if (start === previous) this.termFields[t]! |= this.#groupFieldBit[g]!;
      else {
        this.termFields[t] = this.#groupFieldBit[g]!;
        this.termMark[t] = mark;
      }
      previous = start;
    }
    return mark;
  }

  /** After `matches(doc)` gave `mark`: whether `doc` matched an index term whose id `wanted` marks in one of `fields` (bits). */
  someTerm(doc: number, mark: number, wanted: readonly boolean[], fields: number): boolean {
    for (let e = this.#head[doc]!; e >= 0; e = this.#next[e]!) {
      const t = this.#groupTermId[this.#group[e]!]!;
      if (wanted[t] && this.termMark[t] === mark && this.termFields[t]! & fields) return true;
    }
    return false;
  }

  /** Whether `doc` matched the query term `source` in a segment before `segment` (a term sent in two subqueries). */
  #hadSource(doc: number, source: number, segment: number): boolean {
    for (let e = this.#head[doc]!; e >= 0; e = this.#next[e]!) {
      const g = this.#group[e]!;
      if (this.#groupSegment[g]! >= segment) return false;
      if (this.#groupSource[g] === source) return true;
    }
    return false;
  }

  /**
   * MiniSearch's `terms` and `match` for `doc`: the query terms in the order first matched; per
   * index term, the fields of the last term that reached it (its result maps are merged with
   * `Object.assign`), in the order read.
   */
  #detail(doc: number): MatchDetail {
    const terms: string[] = [];
    const match: Record<string, string[]> = {};
    // An index term's groups within one term of the query are read one after the other (its
    // fields in order): they add fields; a later term reaching it starts its list again.
    let previous = -1;
    for (let e = this.#head[doc]!; e >= 0; e = this.#next[e]!) {
      const g = this.#group[e]!;
      const source = this.#sources[this.#groupSource[g]!]!;
      if (!terms.includes(source)) terms.push(source);
      const term = this.terms[this.#groupTermId[g]!]!;
      const start = this.#groupStart[g]!;
      if (start === previous) match[term]!.push(this.#groupField[g]!);
      else match[term] = [this.#groupField[g]!];
      previous = start;
    }
    return { terms, match };
  }

  #grow(min: number): void {
    let size = this.#next.length * 2;
    while (size < min) size *= 2;
    const next = new Int32Array(size);
    next.set(this.#next);
    const group = new Int32Array(size);
    group.set(this.#group);
    this.#next = next;
    this.#group = group;
  }
}
