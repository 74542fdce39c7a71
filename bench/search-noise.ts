// The noisy twin of the labelled queries, and the split of the queries into a tuning half and
// a held-out half. Both are deterministic: the same queries and seed give the same twin and
// the same halves on every machine, so a figure can be compared across runs and commits.
import { fold } from '@ayuda/core/search';
import { prng } from './corpus.js';

/** The seed of the noisy twin the bench reports. */
export const NOISE_SEED = 17;

// The generated corpus's PRNG (mulberry32), also the noisy twin's tests'.
export { prng };

/** Words of five letters or more: the ones a typo is put in. */
export const NOISE_MIN_WORD = 5;

export interface NoisyQuery {
  q: string;
  /** The word that got the typo (as folded), and what it became; null when no word was long enough. */
  typo: { word: string; typed: string; kind: 'swap' | 'drop' } | null;
}

/**
 * The query as a hurried customer types it: lower case, no accents, and one typo (two adjacent
 * letters swapped, or one letter dropped) in one word of five letters or more, chosen by `rand`.
 * A query without such a word only loses its case and accents.
 */
export function noisyQuery(query: string, rand: () => number): NoisyQuery {
  const folded = fold(query);
  const words = [...folded.matchAll(/\p{L}+/gu)].filter((m) => m[0].length >= NOISE_MIN_WORD);
  if (!words.length) return { q: folded, typo: null };
  const m = words[Math.floor(rand() * words.length)]!;
  const word = m[0];
  let typed: string;
  let kind: 'swap' | 'drop';
  // Only swaps of two different letters change the word ("llamar" → "llamar" is no typo).
  const swaps = [...word.slice(0, -1)].map((c, i) => i).filter((i) => word[i] !== word[i + 1]);
  if (rand() < 0.5 && swaps.length) {
    const i = swaps[Math.floor(rand() * swaps.length)]!;
    typed = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    kind = 'swap';
  } else {
    // Dropping one of a double letter ("llamar" → "lamar") is a typo too.
    const i = Math.floor(rand() * word.length);
    typed = word.slice(0, i) + word.slice(i + 1);
    kind = 'drop';
  }
  return { q: folded.slice(0, m.index) + typed + folded.slice(m.index + word.length), typo: { word, typed, kind } };
}

/** The noisy twin of `queries`, one typo each, from one seeded sequence in the order given. */
export function noisyTwin<T extends { q: string }>(queries: readonly T[], seed = NOISE_SEED): Array<T & { typo: NoisyQuery['typo'] }> {
  const rand = prng(seed);
  return queries.map((lq) => {
    const n = noisyQuery(lq.q, rand);
    return { ...lq, q: n.q, typo: n.typo };
  });
}

/** FNV-1a over the UTF-16 code units of `s`. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Which half a labelled query belongs to, from a hash of its text: `tuning` queries are the ones
 * the engine's defaults may be tuned on, `heldOut` ones are only ever measured (the reported figure).
 */
export function halfOf(query: string): 'tuning' | 'heldOut' {
  return fnv1a(query) % 2 === 0 ? 'tuning' : 'heldOut';
}
