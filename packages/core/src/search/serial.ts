// The compact serialised form of a MiniSearch index (Ayuda's index versions 3 and 4): what the widget
// downloads, so every byte counts. MiniSearch's own form (version 2 of Ayuda's index) spells out
// each posting as `{"docId": frequency}` under string keys and stores every document's id twice
// (`documentIds` and the stored `slug`); this one keeps the same information as arrays of numbers.
import SearchableMap from 'minisearch/SearchableMap';

/**
 * MiniSearch's index as a MiniSearch instance holds it: all that searching reads (search.ts,
 * scorer.ts). The server builds one with MiniSearch (build.ts); a loaded index is made without
 * MiniSearch's class, which keeps its indexing and query code out of the widget's bundle.
 */
export interface IndexData {
  /** Term → field id → document → the term's frequency in that field. */
  _index: SearchableMap<Map<number, Map<number, number>>>;
  _documentIds: Map<number, string>;
  _storedFields: Map<number, Record<string, unknown>>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  /** The fields searched, in order. */
  _options: { fields: string[] };
  readonly documentCount: number;
}

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

/** The compact form of `m`, whose stored fields are `slug`, `title`, `category` and `excerpt`. */
export function compactIndex(m: IndexData): CompactIndex {
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

/** The index data of a compact index; `fields` are the fields searched, in order. */
export function loadCompactIndex(c: CompactIndex, fields: string[]): IndexData {
  if (!c || !Array.isArray(c.fields) || !Array.isArray(c.ids) || !Array.isArray(c.stored) || !Array.isArray(c.lengths) || !Array.isArray(c.terms)) {
    throw new Error('Ayuda: this search index (version 3 or later) is incomplete; fetch it again from /api/v1/kb/index/:locale.');
  }
  const n = c.ids.length;
  const width = c.fields.length;
  const m: IndexData = {
    _index: new SearchableMap(),
    _documentIds: new Map(),
    _storedFields: new Map(),
    _fieldIds: Object.fromEntries(c.fields.map((f, i) => [f, i])),
    _fieldLength: new Map(),
    _avgFieldLength: c.averages,
    _options: { fields },
    documentCount: n,
  };
  for (let i = 0; i < n; i++) {
    const id = c.ids[i]!;
    m._documentIds.set(i, id);
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
  return m;
}

/** MiniSearch's own serialised form (`MiniSearch#toJSON`, Ayuda's index version 2), read as `MiniSearch.loadJS` reads it. */
interface MiniSearchJs {
  documentCount: number;
  documentIds: Record<string, string>;
  fieldIds: Record<string, number>;
  fieldLength: Record<string, number[]>;
  averageFieldLength: number[];
  storedFields: Record<string, Record<string, unknown>>;
  index: Array<[term: string, data: Record<string, Record<string, number>>]>;
  serializationVersion: number;
}

/** The index data of MiniSearch's own serialised form (version 2 of Ayuda's index). */
export function loadMiniSearchIndex(js: MiniSearchJs, fields: string[]): IndexData {
  if (!js || js.serializationVersion !== 2 || !Array.isArray(js.index)) {
    throw new Error('Ayuda: this search index (version 2) is incomplete; fetch it again from /api/v1/kb/index/:locale.');
  }
  const numeric = <T>(o: Record<string, T>) => new Map(Object.keys(o).map((k) => [parseInt(k, 10), o[k]!] as const));
  const m: IndexData = {
    _index: new SearchableMap(),
    _documentIds: numeric(js.documentIds),
    _storedFields: numeric(js.storedFields),
    _fieldIds: js.fieldIds,
    _fieldLength: numeric(js.fieldLength),
    _avgFieldLength: js.averageFieldLength,
    _options: { fields },
    documentCount: js.documentCount,
  };
  for (const [term, data] of js.index) {
    const map = new Map<number, Map<number, number>>();
    for (const fieldId of Object.keys(data)) map.set(parseInt(fieldId, 10), numeric(data[fieldId]!));
    m._index.set(term, map);
  }
  return m;
}
