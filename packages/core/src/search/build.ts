// Building and serialising the knowledge-base index (the server and the benchmarks): the widget
// only loads and searches one (SearchEngine), so this stays out of its bundle.
import MiniSearch from 'minisearch';
import { termFunction, type SearchLocale } from './text.js';
import type { SynonymConfig } from './synonyms.js';
import { compactIndex, type IndexData } from './serial.js';
import { encodeFilter, pairFilter } from './pairs.js';
import { ALL_FEATURES, INDEX_FORMAT, INDEX_VERSION, SearchEngine, miniSearchOptions, type SearchDocument, type SearchFeatures, type SerializedIndex } from './search.js';

/** A search index that can also be built from articles and serialised (`JSON.stringify`) as `/api/v1/kb/index/:locale` serves it. */
export class KnowledgeSearch extends SearchEngine {
  /** Builds an index of `docs` (only public articles belong in it). `features` is for the benchmark's ablation only. */
  static build(
    docs: Iterable<SearchDocument>,
    opts: { locale: SearchLocale; revision?: string; synonyms?: SynonymConfig; features?: Partial<SearchFeatures> },
  ): KnowledgeSearch {
    const features = { ...ALL_FEATURES, ...opts.features };
    const term = termFunction(opts.locale, features);
    // Each article's title and body terms, in order, as MiniSearch makes them while indexing it
    // (splitting and stemming the text a second time would make building half as slow again).
    let runs: Partial<Record<string, string[]>> = {};
    const capture = (word: string, field?: string) => {
      const t = term(word);
      if (t !== null && field) runs[field]?.push(t);
      return t;
    };
    const ms = new MiniSearch<SearchDocument>(miniSearchOptions(features.proximity ? capture : term));
    if (!features.proximity) {
      ms.addAll([...docs]);
      return new KnowledgeSearch(opts.locale, opts.revision ?? '0', opts.synonyms?.[opts.locale] ?? [], indexData(ms), features, null);
    }
    // MiniSearch numbers the documents in the order they are added: the filters follow it.
    const pairs: Uint8Array[] = [];
    for (const doc of docs) {
      runs = { title: [], text: [] };
      ms.add(doc);
      pairs.push(pairFilter([runs.title!, runs.text!]));
    }
    runs = {};
    return new KnowledgeSearch(opts.locale, opts.revision ?? '0', opts.synonyms?.[opts.locale] ?? [], indexData(ms), features, pairs);
  }

  toJSON(): SerializedIndex {
    return {
      format: INDEX_FORMAT,
      version: INDEX_VERSION,
      locale: this.locale,
      revision: this.revision,
      synonyms: this.synonymGroups,
      index: { ...compactIndex(this.ms), ...(this.pairs ? { pairs: this.pairs.map(encodeFilter) } : {}) },
    };
  }
}

/** A MiniSearch instance is its own index data: the fields are private in its types only. */
const indexData = (ms: MiniSearch<SearchDocument>) => ms as unknown as IndexData;

/** MiniSearch with its default options over the same documents: the benchmark's baseline. */
export function defaultMiniSearch(docs: Iterable<SearchDocument>) {
  const ms = new MiniSearch<SearchDocument>({
    idField: 'slug',
    fields: ['title', 'tags', 'text'],
    extractField: (doc, field) => (field === 'tags' ? doc.tags.join(' ') : (doc as unknown as Record<string, string>)[field] ?? ''),
  });
  ms.addAll([...docs]);
  return { search: (q: string) => ms.search(q).map((r) => String(r.id)) };
}
