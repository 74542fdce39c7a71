// The public search's minimum coverage and did-you-mean through the API, and the staff search,
// which keeps every match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_KB_DIR, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';

describe.each(testDatabases())('search: minimum coverage and did you mean on %s', (kind) => {
  let t: TestApp;
  let staffToken: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    staffToken = (await t.staffTokens.create('Ana', 'agent')).token;
  });
  afterAll(() => t.dispose());

  const search = async (query: string) => {
    const res = await t.request(`/api/v1/kb/search?${query}`);
    expect(res.status).toBe(200);
    return res.json();
  };

  it('finds nothing for a question the articles do not answer, and suggests nothing', async () => {
    const body = await search(`q=${encodeURIComponent('receta de paella con factura de horno')}&locale=es`);
    expect(body).toEqual({ query: 'receta de paella con factura de horno', locale: 'es', total: 0, results: [] });
    expect(await search('q=pizza%20recipe&locale=en')).toMatchObject({ total: 0, results: [] });
  });

  it('suggests the closest words when nothing was found, a suggestion that finds articles', async () => {
    const es = await search('q=wfi&locale=es');
    expect(es).toMatchObject({ total: 0, results: [], suggestion: 'wifi' });
    expect((await search('q=wifi&locale=es')).results[0].slug).toBe('cambiar-contrasena-wifi');
    // A finished word (a full stop: not a prefix being typed) too short for typo tolerance.
    expect(await search('q=bil.&locale=en')).toMatchObject({ total: 0, suggestion: 'bill' });
    // Found something: no suggestion.
    expect((await search('q=wifi&locale=es')).suggestion).toBeUndefined();
  });

  it('leaves the staff search every match, weak ones too', async () => {
    const q = encodeURIComponent('receta de paella con factura de horno');
    const res = await t.request(`/api/v1/staff/kb/search?q=${q}&locale=es`, { headers: { Authorization: `Bearer ${staffToken}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).total).toBeGreaterThan(0);
  });
});

describe('search scores over the demo knowledge base', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { kb: DEMO_KB_DIR });
  });
  afterAll(() => t?.dispose());

  it('answers each result with the score it was ranked by, so the first 30 come in the order of their scores', async () => {
    // Coverage and word proximity reorder the best results; a score from before them would not.
    const queries = [['contrasena wifi', 'es'], ['factura duplicada', 'es'], ['me han cobrado dos veces', 'es'], ['charged twice in november', 'en'], ['router keeps restarting', 'en']];
    for (const [q, locale] of queries) {
      const res = await t.request(`/api/v1/kb/search?q=${encodeURIComponent(q!)}&locale=${locale}&limit=50`);
      // Past the 30 that coverage and proximity reorder (rerankDepth), the BM25+ order is kept.
      const scores = ((await res.json()) as { results: Array<{ score: number }> }).results.slice(0, 30).map((r) => r.score);
      expect(scores.length, q).toBeGreaterThan(2);
      expect(scores, q).toEqual([...scores].sort((a, b) => b - a));
    }
  });
});
