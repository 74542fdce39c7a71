import { describe, expect, it } from 'vitest';
import type MiniSearch from 'minisearch';
import { KnowledgeSearch } from './build.js';
import { SEARCH_DEFAULTS, type SearchDocument } from './search.js';
import { Scorer, type SubQuery } from './scorer.js';
import type { IndexData } from './serial.js';

// The scorer must give MiniSearch's own answer to the bit: the ranking, its ties and every
// figure measured on it were made with MiniSearch's executor. Compared here on queries of every
// shape the engine sends (exact terms, the word being typed as a prefix, titles and tags only,
// scaled boosts, a term in two subqueries, terms the index does not have).

let seed = 7;
const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const WORDS = [
  'factura', 'facturas', 'facturación', 'facturar', 'fibra', 'fijo', 'fiable', 'router', 'routers', 'rojo', 'roaming',
  'contrato', 'contratar', 'contraseña', 'cobertura', 'cobro', 'cobrar', 'pago', 'pagar', 'pagos', 'permanencia',
  'portabilidad', 'portal', 'línea', 'lento', 'llamada', 'llamadas', 'móvil', 'movimiento', 'tarifa', 'tarjeta',
];
const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
const docs: SearchDocument[] = Array.from({ length: 300 }, (_, i) => ({
  slug: `d${i}`,
  title: sentence(1 + Math.floor(rand() * 4)),
  category: 'x',
  tags: rand() < 0.4 ? [pick(WORDS), pick(WORDS)] : [],
  text: sentence(5 + Math.floor(rand() * 40)),
}));

type MsResult = { score: number; terms: string[]; match: Record<string, string[]> };
type Executor = { executeQuery(q: object, o: object): Map<number, MsResult>; _index: { keys(): Iterable<string> } };

function miniSearchAnswer(ms: MiniSearch<SearchDocument>, subs: readonly SubQuery[]): Map<number, MsResult> {
  const identity = { tokenize: (q: string) => q.split(' '), processTerm: (t: string) => t };
  const queries = subs.map((s) => ({ ...identity, queries: [s.terms.join(' ')], combineWith: 'OR', prefix: s.prefix, fuzzy: false, boost: s.boost, ...(s.fields ? { fields: s.fields } : {}) }));
  const D = SEARCH_DEFAULTS;
  return (ms as unknown as Executor).executeQuery({ combineWith: 'OR', queries }, { boost: D.boost, weights: D.weights, bm25: D.bm25 });
}

describe('Scorer', () => {
  const index = KnowledgeSearch.build(docs, { locale: 'es' });
  const ms = (index as unknown as { ms: MiniSearch<SearchDocument> }).ms;
  const data = ms as unknown as IndexData;
  const terms = [...(ms as unknown as Executor)._index.keys()];
  const fieldIds = (ms as unknown as { _fieldIds: Record<string, number> })._fieldIds;
  const boost = SEARCH_DEFAULTS.boost;
  const scale = (k: number) => Object.fromEntries(Object.entries(boost).map(([f, v]) => [f, v * k]));

  const randomSubs = (): SubQuery[] => {
    const subs: SubQuery[] = [];
    const count = 1 + Math.floor(rand() * 5);
    for (let i = 0; i < count; i++) {
      const kind = rand();
      if (kind < 0.2) {
        const t = pick(terms);
        subs.push({ terms: [t.slice(0, 2 + Math.floor(rand() * Math.max(1, t.length - 2)))], prefix: true, boost: scale(SEARCH_DEFAULTS.weights.prefix), ...(rand() < 0.5 ? { fields: ['title', 'tags'] } : {}) });
      } else {
        const list = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => (rand() < 0.1 ? 'zzzdesconocido' : pick(terms)));
        subs.push({ terms: [...new Set(list)], prefix: false, boost: rand() < 0.5 ? boost : scale(0.3 + rand()), ...(kind > 0.85 ? { fields: ['title', 'tags'] } : {}) });
      }
    }
    // Now and then the same term twice: once more in a later subquery, as a synonym may be.
    if (rand() < 0.3) subs.push({ terms: [subs[0]!.terms[0]!], prefix: false, boost: scale(0.6) });
    return subs;
  };

  it('gives the same articles, in the same order, with the same scores, terms and fields as MiniSearch', () => {
    const scorer = new Scorer(data);
    const wrong: string[] = [];
    let compared = 0;
    for (let q = 0; q < 300; q++) {
      const subs = randomSubs();
      const expected = [...miniSearchAnswer(ms, subs)];
      const got = scorer.run(subs, SEARCH_DEFAULTS.weights.prefix, SEARCH_DEFAULTS.bm25);
      const query = JSON.stringify(subs);
      if (JSON.stringify([...got.docs]) !== JSON.stringify(expected.map(([id]) => id))) wrong.push(`${query}: articles or their order`);
      expected.forEach(([id, r], i) => {
        const say = (what: string) => wrong.push(`${query}, article ${id}: ${what}`);
        if (got.scores[i] !== r.score * (r.terms.length || 1)) say(`score ${got.scores[i]} against ${r.score * (r.terms.length || 1)}`);
        const detail = got.detail(id);
        if (JSON.stringify(detail.terms) !== JSON.stringify(r.terms)) say(`terms ${JSON.stringify(detail.terms)} against ${JSON.stringify(r.terms)}`);
        // JSON keeps the keys' order: the snippet and the coverage read them as MiniSearch made them.
        if (JSON.stringify(detail.match) !== JSON.stringify(r.match)) say(`match ${JSON.stringify(detail.match)} against ${JSON.stringify(r.match)}`);
        // What the scan reads without making the detail says the same.
        const mark = scorer.matches(id);
        scorer.sources.forEach((s, k) => {
          if ((scorer.sourceMark[k] === mark) !== r.terms.includes(s)) say(`query term ${s}`);
        });
        scorer.terms.forEach((t, k) => {
          const fields = r.match[t]?.reduce((bits, f) => bits | (1 << fieldIds[f]!), 0);
          if ((scorer.termMark[k] === mark ? scorer.termFields[k] : undefined) !== fields) say(`fields of ${t}`);
        });
      });
      compared += expected.length;
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(compared).toBeGreaterThan(10_000);
  });

  it('answers a query that matches nothing with nothing', () => {
    const got = new Scorer(data).run([{ terms: ['zzzdesconocido'], prefix: false, boost }], 0.4, SEARCH_DEFAULTS.bm25);
    expect(got.docs.length).toBe(0);
  });
});
