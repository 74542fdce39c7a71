// Ayuda's text processing for search: case and accent folding, stop words and stemming for
// Spanish and English. The same functions run at index time (server) and query time
// (server and browser), so a customer who types without accents finds accented text.
import { stemmer as stemEs } from '@orama/stemmers/spanish';
import { stemmer as stemEn } from '@orama/stemmers/english';

export const SEARCH_LOCALES = ['es', 'en'] as const;
export type SearchLocale = (typeof SEARCH_LOCALES)[number];

/** Lower-cases and removes diacritics (including ñ → n and ü → u). */
export function fold(text: string): string {
  // Most words are plain ASCII, which decomposition leaves alone: skip it (a snippet folds every word of its excerpt).
  if (ASCII.test(text)) return text.toLowerCase();
  return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Splits text into words. Hyphens and apostrophes inside a word are dropped so that
 * "wi-fi" and "wifi" index the same, and "router's" becomes "routers".
 */
export function tokenize(text: string): string[] {
  const words = text.toLowerCase().replace(/(\p{L})['’-](?=\p{L})/gu, '$1').match(/[\p{L}\p{N}]+/gu);
  return words ?? [];
}

// Short lists on purpose: only words that carry no meaning in a help-centre query.
const STOP_WORDS: Record<SearchLocale, ReadonlySet<string>> = {
  es: new Set(
    ('a al algo algun alguna algunas alguno algunos ante antes aqui asi aun cada como con contra ' +
      'cual cuales cuando de del desde donde dos el ella ellas ellos en entre era es esa esas ese eso ' +
      'esos esta estan estas este esto estos estoy fue ha han has hay he la las le les lo los mas me ' +
      'mi mis mucho muy nada ni no nos nuestra nuestro o os otra otro para pero poco por porque pues ' +
      'que quien se sea ser si sin sobre son su sus tambien te tengo tiene tienen tu tus un una unas ' +
      'uno unos usted ustedes vosotros y ya yo hola puedo puede quiero necesito hacer hago').split(' '),
  ),
  en: new Set(
    ('a about am an and any are as at be been being but by can could did do does doing for from ' +
      'had has have having he her here hers him his how i if in into is it its me my myself no nor ' +
      'of on or our ours out over own she should so some such than that the their theirs them then ' +
      'there these they this those through to too under until up very was we were what when where ' +
      'which while who whom why will with would you your yours hi hello please want need get got ' +
      // Contractions as tokenize writes them ("doesn't" → "doesnt"): "id" is left out, being a word of its own (an ID).
      'im ive youre theyre dont doesnt didnt cant couldnt wont wouldnt shouldnt isnt arent wasnt werent hasnt havent hadnt').split(' '),
  ),
};

export function isStopWord(word: string, locale: SearchLocale): boolean {
  return STOP_WORDS[locale].has(fold(word));
}

// Words that frame a question without saying what it is about ("¿cuánto cuesta…?" is about the
// cost). Dropped from queries only, not from the index, so an index built before a word was
// added here stays the same.
const QUESTION_WORDS: Record<SearchLocale, ReadonlySet<string>> = {
  es: new Set(['cuanto', 'cuanta', 'cuantos', 'cuantas']),
  en: new Set(),
};

/** The words of a query (`tokenize`) without its question words, unless they are all it has. */
export function queryWords(query: string, locale: SearchLocale): string[] {
  const words = tokenize(query);
  const kept = words.filter((w) => !QUESTION_WORDS[locale].has(fold(w)));
  return kept.length ? kept : words;
}

// The Snowball Spanish stemmer only knows accented suffixes ("-ción", "-ía"). Words are folded
// first and the accents of those suffixes put back, so a word stems the same whether or not the
// customer typed its accents ("avería" and "averia" both become "aver").
const ES_ACCENT_RESTORE: Array<[RegExp, string]> = [
  [/cion$/, 'ción'],
  [/sion$/, 'sión'],
  [/ia(s)?$/, 'ía$1'],
  [/ais$/, 'áis'],
  [/eis$/, 'éis'],
];

// The forms of "ir" (to go) share no letters with it, so no stemmer joins them: "me voy",
// "quiero irme" and "antes de irte" are one verb, and in a help centre often the one for
// leaving ("me voy a otra compañía"). "va" and "van" are left alone: they are the forms articles
// write most, nearly always as another verb's "going to" ("la factura va a subir"), and in
// speech "va" means "works" ("no me va internet"). The first and second persons ("voy", "vas")
// are a customer's own "going to" too, but then the query's other words decide.
const ES_VERB_FORMS = new Map(
  ['voy', 'vas', 'vais', 'vaya', 'vayas', 'vayan', 'irme', 'irte', 'irse', 'irnos', 'ire', 'iras', 'ira', 'iremos', 'iran', 'yendo'].map((f) => [f, 'ir']),
);

// American and British spellings stem alike: "-ize" words are read as "-ise" ("recognize" as
// "recognise", "authorization" as "authorisation"), which the Porter stemmer cuts differently.
const EN_IZE = /iz(e|es|ed|ing|ation|ations)$/;

// Stemming the same words again and again is most of the work of a snippet; remember them.
const stemCache: Record<SearchLocale, Map<string, string>> = { es: new Map(), en: new Map() };
const STEM_CACHE_MAX = 50_000;

/** Stems one word: folded first, so accents never change the result; the result is folded. */
export function stem(word: string, locale: SearchLocale): string {
  const cache = stemCache[locale];
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const out = stemFolded(fold(word), locale, true);
  if (cache.size >= STEM_CACHE_MAX) cache.clear();
  cache.set(word, out);
  return out;
}

function stemFolded(w: string, locale: SearchLocale, verbForms: boolean): string {
  if (/^\d+$/.test(w) || w.length < 3) return w;
  if (locale === 'en') return fold(stemEn(w.length >= 6 ? w.replace(EN_IZE, 'is$1') : w));
  const verb = verbForms ? ES_VERB_FORMS.get(w) : undefined;
  if (verb) return verb;
  for (const [re, accented] of ES_ACCENT_RESTORE) {
    if (re.test(w)) {
      w = w.replace(re, accented);
      break;
    }
  }
  return fold(stemEs(w));
}

/**
 * Turns one word into its index term: `null` for a stop word, otherwise the folded stem.
 */
export function termOf(word: string, locale: SearchLocale): string | null {
  // Every result's snippet asks again for the terms of the same article words: remembered,
  // as the folding a stop-word check needs costs more than the lookup.
  const cache = termCache[locale];
  let t = cache.get(word);
  if (t === undefined) {
    t = isStopWord(word, locale) ? null : stem(word, locale);
    if (cache.size >= STEM_CACHE_MAX) cache.clear();
    cache.set(word, t);
  }
  return t;
}

const termCache: Record<SearchLocale, Map<string, string | null>> = { es: new Map(), en: new Map() };

/** The steps of `termOf`, each of which the search benchmark switches off in turn to see what it earns. */
export interface TextSteps {
  folding: boolean;
  stemming: boolean;
  stopWords: boolean;
  /** In Spanish, the forms of "ir" that share no letters with it ("voy", "irme") stemmed as "ir" (part of stemming). */
  verbForms: boolean;
}

/**
 * `termOf` with some of its steps left out: only the benchmark's ablation builds indexes with these
 * (and tests, to compare with an index written before a step). `remember: false` for words made
 * up to try (a typo's corrections): remembering them filled the caches with words never asked
 * again, and the garbage collector's young-generation pauses grew with what each query left behind.
 */
export function termFunction(locale: SearchLocale, steps: TextSteps, opts: { remember?: boolean } = {}): (word: string) => string | null {
  if (steps.folding && steps.stemming && steps.stopWords && steps.verbForms) {
    return opts.remember === false ? (w) => (isStopWord(w, locale) ? null : stemFolded(fold(w), locale, true)) : (w) => termOf(w, locale);
  }
  const stemmer = locale === 'es' ? stemEs : stemEn;
  return (word) => {
    if (steps.stopWords && isStopWord(word, locale)) return null;
    if (steps.folding) return steps.stemming ? stemFolded(fold(word), locale, steps.verbForms) : fold(word);
    const w = word.toLowerCase();
    return steps.stemming && w.length >= 3 && !/^\d+$/.test(w) ? stemmer(w) : w;
  };
}
