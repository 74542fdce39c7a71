// Search quality as a gate: Ayuda's search must keep finding the right article in the top
// five for at least 90 % of the labelled customer queries, in both languages, spelt right or
// with a typo (the noisy twin, bench/search-noise.ts). Deterministic:
// the same index and queries give the same figures every run (npm run bench reports them).
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { evaluateSearchQuality } from '../../bench/search-quality.js';

const KB = fileURLToPath(new URL('../../demo/kb', import.meta.url));
const QUERIES = fileURLToPath(new URL('.', import.meta.url));

describe('search quality on the demo knowledge base', async () => {
  const result = await evaluateSearchQuality(KB, QUERIES);
  it('reads every knowledge-base and query file, and every label names a public article', () => {
    expect(result.problems).toEqual([]);
    expect(result.locales.es?.unknownSlugs).toEqual([]);
    expect(result.locales.en?.unknownSlugs).toEqual([]);
  });
  for (const locale of ['es', 'en'] as const) {
    it(`${locale}: at least 150 labelled queries, Recall@5 ≥ 0.9, and better MRR@10 than MiniSearch's defaults`, () => {
      const m = result.locales[locale]!;
      expect(m.queries).toBeGreaterThanOrEqual(150);
      expect(m.ayuda.recall5).toBeGreaterThanOrEqual(0.9);
      expect(m.ayuda.mrr10).toBeGreaterThan(m.minisearchDefault.mrr10);
    });
    it(`${locale}: misspelt (the noisy twin), Recall@5 ≥ 0.85 and MRR@10 ≥ 0.75 on each half`, () => {
      const noisy = result.locales[locale]!.engine.noisy;
      for (const half of [noisy.tuning, noisy.heldOut]) {
        expect(half.recall5).toBeGreaterThanOrEqual(0.85);
        expect(half.mrr10).toBeGreaterThanOrEqual(0.75);
      }
    });
  }
});
