// The compact serialised index (version 4: version 3 with each article's word pairs) against the
// older forms a widget may still hold from an older server: MiniSearch's own (version 2) and
// version 3, without pairs. All load; the older ones rank as the engine does without word proximity.
import { describe, expect, it } from 'vitest';
import { INDEX_VERSION, type SearchDocument, type SearchHit } from './search.js';
import { KnowledgeSearch } from './build.js';
import type { SynonymConfig } from './synonyms.js';

import v2 from './fixtures/index-v2-es.json' with { type: 'json' };
import v3 from './fixtures/index-v3-es.json' with { type: 'json' };
import kb from './fixtures/kb-small-es.json' with { type: 'json' };
/** A real version-2 index, served by the server before version 3, of the 12 Spanish articles in kb-small-es.json. */
const V2 = v2 as { version: number; index: unknown };
/** A real version-3 index, served by the server before version 4, of the same articles. */
const V3 = v3 as { version: number; index: { pairs?: unknown } };
const KB = kb as { revision: string; synonyms: SynonymConfig; documents: SearchDocument[] };

const QUERIES = ['factura', 'no me funciona el wifi', 'contraseña', 'contrasena', 'cambiar tarifa', 'roter', 'fact', 'baja del contrato', 'avería', 'recibo duplicado', 'portabilidad numero', 'xyzzy'];
/** What ranks: the article and its score (snippets come from the stored excerpt, which version 3 keeps shorter). */
const ranking = (hits: SearchHit[]) => hits.map(({ slug, title, category, score }) => ({ slug, title, category, score }));
type Compact = { index: { stored: string[][]; terms: Array<[string, ...number[][]]>; pairs?: string[] } };
const sortTerms = <T extends Compact>(j: T): T => ({ ...j, index: { ...j.index, terms: [...j.index.terms].sort((a, b) => (a[0] < b[0] ? -1 : 1)) } });
const withoutPairs = <T extends Compact>(j: T): T => {
  const { pairs: _, ...index } = j.index;
  return { ...j, index } as T;
};
const gz = async (x: unknown) => (await new Response(new Blob([JSON.stringify(x)]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer()).byteLength;

describe('serialised index, version 4', () => {
  const opts = { locale: 'es', revision: KB.revision, synonyms: KB.synonyms } as const;
  const built = KnowledgeSearch.build(KB.documents, opts);
  /** What the older versions hold: the same engine without word pairs. */
  const noPairs = KnowledgeSearch.build(KB.documents, { ...opts, features: { proximity: false } });
  /**
   * The fixtures' terms were stemmed before the forms of "ir" were ("irá" is a term of its own
   * there): what each fixture is compared with term for term is built with the text rules of its time.
   */
  const asRecorded = { verbForms: false } as const;
  const builtAsRecorded = KnowledgeSearch.build(KB.documents, { ...opts, features: asRecorded });
  const noPairsAsRecorded = KnowledgeSearch.build(KB.documents, { ...opts, features: { ...asRecorded, proximity: false } });

  it('is written as version 4 and round-trips: the loaded index answers exactly as the built one, snippets included', () => {
    const json = JSON.parse(JSON.stringify(built));
    expect(json).toMatchObject({ format: 'ayuda-kb-index', version: 4, locale: 'es', revision: '7' });
    expect(INDEX_VERSION).toBe(4);
    expect(json.index.pairs).toHaveLength(12);
    const loaded = KnowledgeSearch.load(json);
    expect(loaded.documentCount).toBe(12);
    for (const q of QUERIES) {
      expect(loaded.search(q, { limit: 50 }), q).toEqual(built.search(q, { limit: 50 }));
      expect(loaded.suggest(q), q).toEqual(built.suggest(q));
    }
    // And once more through its own output: nothing is lost by a second round (the terms may
    // come in another order: MiniSearch's tree lists them by how it was filled).
    expect(sortTerms(JSON.parse(JSON.stringify(loaded)))).toEqual(sortTerms(json));
  });

  it.each([
    ['2', V2],
    ['3', V3],
  ])('still reads the version-%s fixture, which ranks every query as version 4 without word pairs', (_, fixture) => {
    expect(fixture.version).toBeLessThan(4);
    const old = KnowledgeSearch.load(fixture);
    expect(old.documentCount).toBe(12);
    let found = 0;
    for (const q of QUERIES) {
      const hits = old.search(q, { limit: 50 });
      found += hits.length;
      expect(ranking(hits), q).toEqual(ranking(noPairs.search(q, { limit: 50 })));
    }
    expect(found).toBeGreaterThan(10);
  });

  it('the version-3 fixture is what version 4 writes, less the pairs', () => {
    expect(V3.index.pairs).toBeUndefined();
    const fresh = JSON.parse(JSON.stringify(builtAsRecorded));
    expect(sortTerms(withoutPairs(fresh))).toEqual(sortTerms({ ...(V3 as unknown as Compact), version: 4 }));
  });

  it('an older index re-serialised is the index built from the articles, without pairs (and for version 2, the longer excerpts it stored)', () => {
    const fromV2 = JSON.parse(JSON.stringify(KnowledgeSearch.load(V2)));
    const fromV3 = JSON.parse(JSON.stringify(KnowledgeSearch.load(V3)));
    const fresh = JSON.parse(JSON.stringify(noPairsAsRecorded));
    expect(fresh.index.pairs).toBeUndefined();
    const noExcerpts = (j: Compact): Compact => ({ ...j, index: { ...j.index, stored: j.index.stored.map((row) => row.slice(0, 2)) } });
    expect(sortTerms(noExcerpts(fromV2))).toEqual(sortTerms(noExcerpts(fresh)));
    expect(sortTerms(fromV3)).toEqual(sortTerms(fresh));
  });

  it('without its pairs, is smaller than version 2, raw and gzipped (the same 12 articles); the pairs cost at most four fifths as much again', async () => {
    const v4 = JSON.parse(JSON.stringify(built));
    const compact = withoutPairs(v4);
    expect(JSON.stringify(compact).length).toBeLessThan(JSON.stringify(V2).length * 0.8);
    // Gzip already squeezes much of version 2's repetition out: what is left is the postings'
    // spelling and the stored ids and excerpts (at 1,000 articles the saving is larger, see docs/performance.md).
    expect(await gz(compact)).toBeLessThan((await gz(V2)) * 0.9);
    // The pairs: 12 bits per distinct pair of each article, which gzip cannot shrink.
    expect(await gz(v4)).toBeLessThan((await gz(compact)) * 1.8);
  });

  it('refuses an incomplete index or a broken list of pairs with a clear message', () => {
    const json = JSON.parse(JSON.stringify(built));
    expect(() => KnowledgeSearch.load({ ...json, index: { ...json.index, terms: undefined } })).toThrow(/version 3 or later\) is incomplete/);
    expect(() => KnowledgeSearch.load({ ...json, index: { ...json.index, pairs: json.index.pairs.slice(1) } })).toThrow(/version 4\) has a broken list of word pairs/);
    expect(() => KnowledgeSearch.load({ ...json, version: 1 })).toThrow(/version 1 is not supported \(this code reads versions 2, 3 and 4\)/);
    // Version 2 is MiniSearch's own form, read without MiniSearch's class.
    const two = JSON.parse(JSON.stringify(V2)) as { index: Record<string, unknown> };
    expect(() => KnowledgeSearch.load({ ...two, index: { ...two.index, index: undefined } })).toThrow(/version 2\) is incomplete/);
    expect(() => KnowledgeSearch.load({ ...two, index: { ...two.index, serializationVersion: 3 } })).toThrow(/version 2\) is incomplete/);
  });
});
