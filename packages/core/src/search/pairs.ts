// Word proximity for search ranking: which pairs of index terms each article writes next to each
// other ("número de cuenta" gives numer→cuent once stop words are gone), kept per article as a
// Bloom filter. Exact pairs would more than double the index the widget downloads (an article of
// 300 words has some 200 pairs of its own); a filter of `PAIR_FILTER.bitsPerPair` bits per pair
// costs a third of that, and a false "yes" only nudges an article that already matches both words.

/** The filter's shape: part of the serialised index (version 4), so changing it changes the format. */
export const PAIR_FILTER = {
  /** Bits per distinct pair of an article: with `hashes` probes, about 2 % of absent pairs read as present. */
  bitsPerPair: 8,
  hashes: 5,
} as const;

/** One pair's probe positions, computed once per query and tested against each article's filter. */
export type PairProbe = readonly [h1: number, h2: number];

/** Two independent 32-bit hashes of the ordered pair (FNV-1a with two offsets); `h2` odd, so the probes cover the filter. */
export function pairProbe(first: string, second: string): PairProbe {
  const key = `${first} ${second}`;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return [h1 >>> 0, (h2 | 1) >>> 0];
}

/**
 * The filter of an article's adjacent pairs: `runs` are its fields' terms in order (stop words
 * already left out), each run on its own so that a title's last word and the body's first are no pair.
 */
export function pairFilter(runs: ReadonlyArray<readonly string[]>): Uint8Array {
  const probes = new Map<string, PairProbe>();
  for (const run of runs) {
    for (let i = 0; i + 1 < run.length; i++) {
      const a = run[i]!;
      const b = run[i + 1]!;
      if (a === b) continue;
      const key = `${a} ${b}`;
      if (!probes.has(key)) probes.set(key, pairProbe(a, b));
    }
  }
  const bytes = Math.ceil((probes.size * PAIR_FILTER.bitsPerPair) / 8);
  const filter = new Uint8Array(bytes);
  if (!bytes) return filter;
  const bits = bytes * 8;
  for (const [h1, h2] of probes.values()) {
    for (let k = 0; k < PAIR_FILTER.hashes; k++) {
      const bit = (h1 + k * h2) % bits;
      filter[bit >>> 3]! |= 1 << (bit & 7);
    }
  }
  return filter;
}

/** Whether the article whose filter is `filter` may write the pair (false: it surely does not). */
export function hasPair(filter: Uint8Array, [h1, h2]: PairProbe): boolean {
  const bits = filter.length * 8;
  if (!bits) return false;
  for (let k = 0; k < PAIR_FILTER.hashes; k++) {
    const bit = (h1 + k * h2) % bits;
    if (!(filter[bit >>> 3]! & (1 << (bit & 7)))) return false;
  }
  return true;
}

/** A filter as text for the JSON index (base64; `btoa` and `atob` run in browsers and Node alike). */
export function encodeFilter(filter: Uint8Array): string {
  let s = '';
  for (let i = 0; i < filter.length; i++) s += String.fromCharCode(filter[i]!);
  return btoa(s);
}

export function decodeFilter(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
