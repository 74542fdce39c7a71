// Per-company synonyms: groups of words that a customer may use for one another
// ("factura" ~ "recibo"). They are applied at query time, so changing them needs no re-index.
import { tokenize, termOf, type SearchLocale } from './text.js';

/** Synonym groups per locale, as written in the company's synonyms file. */
export type SynonymConfig = Partial<Record<SearchLocale, string[][]>>;

/** Maps each term to the other terms of its groups. */
export type SynonymMap = ReadonlyMap<string, readonly string[]>;

export function buildSynonymMap(groups: readonly string[][] | undefined, locale: SearchLocale): SynonymMap {
  const map = new Map<string, Set<string>>();
  for (const group of groups ?? []) {
    // A member of several words ("fibra optica") stands for its terms together; a single term
    // is what the query matches on, so only one-word members can be looked up.
    const terms = group
      .map((member) => tokenize(member).map((w) => termOf(w, locale)).filter((t): t is string => !!t))
      .filter((t) => t.length > 0);
    for (const member of terms) {
      if (member.length !== 1) continue;
      const key = member[0]!;
      const set = map.get(key) ?? new Set<string>();
      for (const other of terms) for (const t of other) if (t !== key) set.add(t);
      map.set(key, set);
    }
  }
  return new Map([...map].map(([k, v]) => [k, [...v]]));
}
