// Catalogues and locale resolution. Each language is one file in `locales/`, found by
// `import.meta.glob`, so adding a language is adding its file; each becomes its own small
// chunk, loaded only when that language is used. Formatting (Intl) is in format.ts.
import type { Catalogue, PluralForms } from './types.js';

export type { Catalogue, PluralForms };

const modules = import.meta.glob<{ default: Catalogue }>('./locales/*.ts');
const loaders = new Map(Object.entries(modules).map(([path, load]) => [path.replace(/^.*\/|\.ts$/g, ''), load]));

/** The languages with a catalogue, e.g. `['en', 'es']`. */
export const SUPPORTED_LOCALES: readonly string[] = [...loaders.keys()].sort();

/** `es-ES` → `es`; null for a language without a catalogue. */
export function matchLocale(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const lower = tag.trim().toLowerCase();
  if (loaders.has(lower)) return lower;
  const lang = lower.split(/[-_]/)[0]!;
  return loaders.has(lang) ? lang : null;
}

const cache = new Map<string, Promise<Catalogue>>();
/** The catalogue of a supported locale (fetched once). */
export function loadCatalogue(locale: string): Promise<Catalogue> {
  let p = cache.get(locale);
  if (!p) {
    const load = loaders.get(locale) ?? loaders.get(matchLocale(locale) ?? '');
    if (!load) return Promise.reject(new Error(`Ayuda: no catalogue for locale "${locale}".`));
    p = load().then((m) => m.default);
    p.catch(() => cache.delete(locale));
    cache.set(locale, p);
  }
  return p;
}

