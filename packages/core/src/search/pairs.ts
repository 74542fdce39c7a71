// Word proximity for search ranking: which pairs of index terms each article writes next to each
// other ("número de cuenta" gives numer→cuent once stop words are gone), kept per article as a
// Bloom filter. Exact pairs (as strings) would add 145 % to the gzipped index the widget downloads
// (an article of 300 words has some 200 pairs of its own); the filter adds about half of that.
// A false "yes" boosts an article for a pair it does not write, so the rate is kept low: at 8 bits
// per pair (2 %) the ranking gained less on the tuning queries, and how much depended on the hash.

/** The filter's shape: part of the serialised index (version 4), so changing it changes the format. */
export const PAIR_FILTER = {
  /** Bits per distinct pair of an article: with `hashes` probes, about 0.3 % of absent pairs read as present. */
  bitsPerPair: 12,
  hashes: 8,
} as const;

/** One pair's probe positions, computed once per query and tested against each article's filter. */
export type PairProbe = readonly [h1: number, h2: number];

/** FNV-1a, 32 bits: each term of an article is hashed once, and each pair's probes mixed from its two terms' hashes. */
function termHash(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Murmur3's finaliser: every bit of the input moves every bit of the output. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Two independent hashes of the ordered pair of terms hashed `a` and `b` ("a b" is not "b a"); `h2` odd, so the probes spread over the filter. */
function probeOf(a: number, b: number): PairProbe {
  return [mix(a ^ Math.imul(b, 0x9e3779b1)), (mix(b ^ Math.imul(a, 0x27d4eb2f) ^ 0x165667b1) | 1) >>> 0];
}

export function pairProbe(first: string, second: string): PairProbe {
  return probeOf(termHash(first), termHash(second));
}

/**
 * The filter of an article's adjacent pairs: `runs` are its fields' terms in order (stop words
 * already left out), each run on its own so that a title's last word and the body's first are no pair.
 */
export function pairFilter(runs: ReadonlyArray<readonly string[]>): Uint8Array {
  // Keyed by the first probe: two distinct pairs of an article that share it (a chance of some
  // 1 in 200,000 for an article of 200 pairs) only make its filter a pair smaller.
  const probes = new Map<number, PairProbe>();
  for (const run of runs) {
    let prev = run.length ? termHash(run[0]!) : 0;
    for (let i = 1; i < run.length; i++) {
      const h = termHash(run[i]!);
      if (run[i] !== run[i - 1]) {
        const probe = probeOf(prev, h);
        if (!probes.has(probe[0])) probes.set(probe[0], probe);
      }
      prev = h;
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
