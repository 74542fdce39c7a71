// The compact serialised form of a MiniSearch index (Ayuda's index versions 3 and 4): what the widget
// downloads, so every byte counts. MiniSearch's own form (version 2 of Ayuda's index) spells out
// each posting as `{"docId": frequency}` under string keys and stores every document's id twice
// (`documentIds` and the stored `slug`); this one keeps the same information as arrays of numbers.
import MiniSearch, { type Options } from 'minisearch';

/**
 * The `index` of versions 3 and 4: documents are numbered by their position in `ids`. Every field's list
 * is in `fields` order.
 */
export interface CompactIndex {
  /** The indexed fields, in the order of `lengths` and of each term's postings. */
  fields: string[];
  /** Each document's id (its slug), by position. */
  ids: string[];
  /** Each document's stored fields, by position: `[title, category, excerpt]`. */
  stored: Array<[title: string, category: string, excerpt: string]>;
  /** Each document's length in terms of each field, flattened: document i's field f is at `i * fields.length + f`. */
  lengths: number[];
  /** The average length of each field, as MiniSearch kept it (kept, not recomputed, so scores are exactly the same). */
  averages: number[];
  /**
   * Each term with one postings list per field (trailing empty lists left out): the
   * documents' positions as gaps from the previous one, each followed by `-frequency` when
   * the term occurs more than once in that field.
   */
  terms: Array<[term: string, ...postings: number[][]]>;
  /**
   * Version 4: each document's adjacent term pairs as a Bloom filter (`pairFilter` in pairs.ts),
   * base64, by position. Absent in an index re-serialised from version 2 or 3, which then ranks
   * without word proximity.
   */
  pairs?: string[];
}

interface Internals {
  _documentIds: Map<number, string>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, Record<string, unknown>>;
  _index: { set(term: string, data: Map<number, Map<number, number>>): void } & Iterable<[string, Map<number, Map<number, number>>]>;
}

/** The compact form of `ms`, whose stored fields are `slug`, `title`, `category` and `excerpt`. */
export function compactIndex(ms: MiniSearch<never> | MiniSearch<any>): CompactIndex {
  const m = ms as unknown as Internals;
  const fields = Object.entries(m._fieldIds).sort((a, b) => a[1] - b[1]).map(([f]) => f);
  // Documents renumbered 0..n-1 in their internal order (which MiniSearch's own form keeps too),
  // so postings are in the same order once loaded and ties rank the same.
  const position = new Map<number, number>();
  const ids: string[] = [];
  const stored: CompactIndex['stored'] = [];
  const lengths: number[] = [];
  for (const [shortId, id] of [...m._documentIds].sort((a, b) => a[0] - b[0])) {
    position.set(shortId, ids.length);
    ids.push(id);
    const s = m._storedFields.get(shortId) ?? {};
    stored.push([String(s.title ?? ''), String(s.category ?? ''), String(s.excerpt ?? '')]);
    const fl = m._fieldLength.get(shortId) ?? [];
    for (let f = 0; f < fields.length; f++) lengths.push(fl[f] ?? 0);
  }
  const terms: CompactIndex['terms'] = [];
  for (const [term, data] of m._index) {
    const postings: number[][] = [];
    for (let f = 0; f < fields.length; f++) {
      const docs = data.get(m._fieldIds[fields[f]!]!);
      const list: number[] = [];
      if (docs) {
        const entries = [...docs].map(([d, n]) => [position.get(d)!, n] as const).sort((a, b) => a[0] - b[0]);
        let prev = 0;
        for (const [d, n] of entries) {
          list.push(d - prev);
          if (n !== 1) list.push(-n);
          prev = d;
        }
      }
      postings.push(list);
    }
    while (postings.length && postings[postings.length - 1]!.length === 0) postings.pop();
    terms.push([term, ...postings]);
  }
  return { fields, ids, stored, lengths, averages: fields.map((f) => m._avgFieldLength[m._fieldIds[f]!] ?? 0), terms };
}

/** A MiniSearch over a compact index; `options` must index the same fields. */
export function loadCompactIndex<T>(c: CompactIndex, options: Options<T>): MiniSearch<T> {
  if (!c || !Array.isArray(c.fields) || !Array.isArray(c.ids) || !Array.isArray(c.stored) || !Array.isArray(c.lengths) || !Array.isArray(c.terms)) {
    throw new Error('Ayuda: this search index (version 3 or later) is incomplete; fetch it again from /api/v1/kb/index/:locale.');
  }
  const n = c.ids.length;
  const width = c.fields.length;
  const fieldIds = Object.fromEntries(c.fields.map((f, i) => [f, i]));
  const ms = MiniSearch.loadJS<T>(
    { documentCount: n, nextId: n, documentIds: {}, fieldIds, fieldLength: {}, averageFieldLength: c.averages, storedFields: {}, dirtCount: 0, index: [], serializationVersion: 2 } as never,
    options,
  );
  const m = ms as unknown as Internals & { _idToShortId: Map<string, number> };
  for (let i = 0; i < n; i++) {
    const id = c.ids[i]!;
    m._documentIds.set(i, id);
    m._idToShortId.set(id, i);
    const [title, category, excerpt] = c.stored[i]!;
    m._storedFields.set(i, { slug: id, title, category, excerpt });
    m._fieldLength.set(i, c.lengths.slice(i * width, i * width + width));
  }
  for (const [term, ...postings] of c.terms) {
    const data = new Map<number, Map<number, number>>();
    postings.forEach((list, f) => {
      if (!list.length) return;
      const docs = new Map<number, number>();
      let d = 0;
      for (let k = 0; k < list.length; k++) {
        d += list[k]!;
        const next = list[k + 1];
        if (next !== undefined && next < 0) {
          docs.set(d, -next);
          k++;
        } else docs.set(d, 1);
      }
      data.set(f, docs);
    });
    m._index.set(term, data);
  }
  return ms;
}
