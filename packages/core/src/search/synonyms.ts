// Per-company synonyms: groups of words that a customer may use for one another
// ("factura" ~ "recibo"). They are applied at query time, so changing them needs no re-index.
import { fold, tokenize, termOf, type SearchLocale } from './text.js';

/** Synonym groups per locale, as written in the company's synonyms file. */
export type SynonymConfig = Partial<Record<SearchLocale, string[][]>>;

/**
 * Maps a typed word (folded) to the index terms of the other words of its groups. Keyed on
 * words, not stems: a stem is shared by unrelated words ("recibir" and "recibo").
 */
export interface SynonymMap {
  lookup(word: string): readonly string[];
  /** The index terms of the groups a phrase of the synonyms belongs to, typed as two words ("cut off"); none for two words that are not such a phrase. */
  lookupPhrase(first: string, second: string): readonly string[];
  /** Every word (folded) that has synonyms: what a misspelt word may be a typo of. */
  readonly words: readonly string[];
}

export function buildSynonymMap(
  groups: readonly string[][] | undefined,
  locale: SearchLocale,
  term: (word: string) => string | null = (w) => termOf(w, locale),
): SynonymMap {
  const map = new Map<string, Set<string>>();
  // Phrases of the groups ("pro rata", "cut off"), as their two words joined: a pair of typed
  // words is looked up here, not in `map`, so "e mail" is not read as "email" by accident.
  const phrases = new Set<string>();
  for (const group of groups ?? []) {
    const members = group.map((m) => ({ key: fold(tokenize(m).join('')), words: tokenize(m).length, terms: tokenize(m).map(term).filter((t): t is string => !!t) }));
    for (const m of members) {
      if (!m.key) continue;
      if (m.words === 2) phrases.add(m.key);
      const set = map.get(m.key) ?? new Set<string>();
      for (const other of members) if (other !== m) for (const t of other.terms) set.add(t);
      map.set(m.key, set);
    }
  }
  const frozen = new Map([...map].map(([k, v]) => [k, [...v]]));
  return {
    words: [...frozen.keys()],
    lookupPhrase(first, second) {
      const key = fold(first + second);
      return phrases.has(key) ? (frozen.get(key) ?? []) : [];
    },
    lookup(word) {
      const w = fold(word);
      // Plurals of a listed word count too: "recibos" finds what "recibo" finds.
      return frozen.get(w) ?? (w.endsWith('es') ? frozen.get(w.slice(0, -2)) : undefined) ?? (w.endsWith('s') ? frozen.get(w.slice(0, -1)) : undefined) ?? [];
    },
  };
}
