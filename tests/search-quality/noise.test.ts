// The noisy twin of the labelled queries and the held-out split (bench/search-noise.ts): the
// same seed gives the same twin, each query gets exactly what the twin promises (lower case, no
// accents, one typo in one word of five letters or more), and the halves are fixed by the text.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { SEARCH_LOCALES, fold, editDistance } from '@ayuda/core/search';
import { readLabelledQueries } from '../../bench/search-quality.js';
import { NOISE_MIN_WORD, halfOf, noisyQuery, noisyTwin, prng } from '../../bench/search-noise.js';

const QUERIES = fileURLToPath(new URL('.', import.meta.url));
const problems: string[] = [];
const labelled = (await Promise.all(SEARCH_LOCALES.map((l) => readLabelledQueries(QUERIES, l, problems)))).flat();

describe('noisy twin', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(noisyTwin(labelled, 17)).toEqual(noisyTwin(labelled, 17));
    expect(noisyTwin(labelled, 17).map((q) => q.q)).not.toEqual(noisyTwin(labelled, 18).map((q) => q.q));
  });

  it('folds every query and puts one typo (a swap or a drop) in one word of five letters or more', () => {
    const twin = noisyTwin(labelled);
    let typos = 0;
    twin.forEach((n, i) => {
      const clean = fold(labelled[i]!.q);
      expect(n.q).toBe(fold(n.q));
      if (!n.typo) {
        expect(clean.match(/\p{L}+/gu)?.every((w) => w.length < NOISE_MIN_WORD) ?? true).toBe(true);
        expect(n.q).toBe(clean);
        return;
      }
      typos++;
      const { word, typed, kind } = n.typo;
      expect(word.length).toBeGreaterThanOrEqual(NOISE_MIN_WORD);
      expect(typed).not.toBe(word);
      expect(editDistance(word, typed, 1)).toBe(1);
      if (kind === 'drop') expect(typed.length).toBe(word.length - 1);
      else expect([...typed].sort().join('')).toBe([...word].sort().join(''));
      // Exactly one word changed: the rest of the query is the folded original.
      const at = n.q.indexOf(typed);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(n.q.slice(0, at) + word + n.q.slice(at + typed.length)).toBe(clean);
    });
    expect(typos).toBeGreaterThan(labelled.length * 0.9);
  });

  it('swaps two different letters, never two equal ones', () => {
    // "llllx": the only swap that changes the word is the last pair; a drop takes an l or the x.
    for (let seed = 0; seed < 50; seed++) {
      const n = noisyQuery('llllx', prng(seed));
      expect(n.typo?.kind === 'swap' ? ['lllxl'] : ['lllx', 'llll']).toContain(n.q);
    }
  });

  it('leaves short words alone', () => {
    expect(noisyQuery('Mi PIN, ¿qué?', prng(1))).toEqual({ q: 'mi pin, ¿que?', typo: null });
  });
});

describe('held-out split', () => {
  it('puts a query in the same half every time, and splits the queries near half and half', () => {
    expect(labelled.map((q) => halfOf(q.q))).toEqual(labelled.map((q) => halfOf(q.q)));
    const heldOut = labelled.filter((q) => halfOf(q.q) === 'heldOut').length;
    expect(heldOut / labelled.length).toBeGreaterThan(0.4);
    expect(heldOut / labelled.length).toBeLessThan(0.6);
  });
});
