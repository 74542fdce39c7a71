// The compact serialised index (version 3) against MiniSearch's own form (version 2), which a
// widget may still hold from an older server: both load, and both search alike.
import { describe, expect, it } from 'vitest';
import { INDEX_VERSION, KnowledgeSearch, type SearchDocument, type SearchHit } from './search.js';
import type { SynonymConfig } from './synonyms.js';

import v2 from './fixtures/index-v2-es.json' with { type: 'json' };
import kb from './fixtures/kb-small-es.json' with { type: 'json' };
/** A real version-2 index, served by the server before version 3, of the 12 Spanish articles in kb-small-es.json. */
const V2 = v2 as { version: number; index: unknown };
const KB = kb as { revision: string; synonyms: SynonymConfig; documents: SearchDocument[] };

const QUERIES = ['factura', 'no me funciona el wifi', 'contraseña', 'contrasena', 'cambiar tarifa', 'roter', 'fact', 'baja del contrato', 'avería', 'recibo duplicado', 'portabilidad numero', 'xyzzy'];
/** What ranks: the article and its score (snippets come from the stored excerpt, which version 3 keeps shorter). */
const ranking = (hits: SearchHit[]) => hits.map(({ slug, title, category, score }) => ({ slug, title, category, score }));
type V3 = { index: { stored: string[][]; terms: Array<[string, ...number[][]]> } };
const sortTerms = <T extends V3>(j: T): T => ({ ...j, index: { ...j.index, terms: [...j.index.terms].sort((a, b) => (a[0] < b[0] ? -1 : 1)) } });
const gz = async (x: unknown) => (await new Response(new Blob([JSON.stringify(x)]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer()).byteLength;

describe('serialised index, version 3', () => {
  const built = KnowledgeSearch.build(KB.documents, { locale: 'es', revision: KB.revision, synonyms: KB.synonyms });

  it('is written as version 3 and round-trips: the loaded index answers exactly as the built one, snippets included', () => {
    const json = JSON.parse(JSON.stringify(built));
    expect(json).toMatchObject({ format: 'ayuda-kb-index', version: 3, locale: 'es', revision: '7' });
    expect(INDEX_VERSION).toBe(3);
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

  it('still reads the version-2 fixture, which ranks every query as version 3 does', () => {
    expect(V2.version).toBe(2);
    const old = KnowledgeSearch.load(V2);
    expect(old.documentCount).toBe(12);
    let found = 0;
    for (const q of QUERIES) {
      const hits = old.search(q, { limit: 50 });
      found += hits.length;
      expect(ranking(hits), q).toEqual(ranking(built.search(q, { limit: 50 })));
    }
    expect(found).toBeGreaterThan(10);
  });

  it('a version-2 index re-serialised is the same version-3 index as one built from the articles (but for the longer excerpts it stored)', () => {
    const fromOld = JSON.parse(JSON.stringify(KnowledgeSearch.load(V2)));
    const fresh = JSON.parse(JSON.stringify(built));
    const noExcerpts = (j: V3): V3 => ({ ...j, index: { ...j.index, stored: j.index.stored.map((row) => row.slice(0, 2)) } });
    expect(sortTerms(noExcerpts(fromOld))).toEqual(sortTerms(noExcerpts(fresh)));
  });

  it('is smaller than version 2, raw and gzipped (the same 12 articles)', async () => {
    const v3 = JSON.parse(JSON.stringify(built));
    expect(JSON.stringify(v3).length).toBeLessThan(JSON.stringify(V2).length * 0.8);
    // Gzip already squeezes much of version 2's repetition out: what is left is the postings'
    // spelling and the stored ids and excerpts (at 1,000 articles the saving is larger, see docs/performance.md).
    expect(await gz(v3)).toBeLessThan((await gz(V2)) * 0.9);
  });

  it('refuses an incomplete version-3 index with a clear message', () => {
    const json = JSON.parse(JSON.stringify(built));
    expect(() => KnowledgeSearch.load({ ...json, index: { ...json.index, terms: undefined } })).toThrow(/version 3\) is incomplete/);
    expect(() => KnowledgeSearch.load({ ...json, version: 1 })).toThrow(/version 1 is not supported \(this code reads versions 2 and 3\)/);
  });
});
