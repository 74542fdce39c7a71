// The minimum coverage and "did you mean" on the demo knowledge base: unrelated questions find
// nothing (so the widget and the portal offer contact instead of filler), misspelt ones are
// corrected, and real questions keep their answers (quality.test.ts holds the figures).
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { KnowledgeSearch, SEARCH_LOCALES, type SearchLocale } from '@ayuda/core/search';
import { loadKb } from '../../bench/kb.js';

const loaded = await loadKb(fileURLToPath(new URL('../../demo/kb', import.meta.url)));
afterAll(() => loaded.dispose());
const engines = Object.fromEntries(
  SEARCH_LOCALES.map((locale) => [
    locale,
    KnowledgeSearch.build(
      loaded.kb.articles.filter((a) => a.locale === locale && a.visibility === 'public').map((a) => ({ slug: a.slug, title: a.title, category: a.category, tags: a.tags, text: a.bodyText })),
      { locale, synonyms: loaded.kb.synonyms },
    ),
  ]),
) as Record<SearchLocale, KnowledgeSearch>;

const UNRELATED: Record<SearchLocale, string[]> = {
  es: [
    'receta de paella', 'receta paella', 'horario del cine', 'comprar zapatos', 'quiero adoptar un perro', 'resultados del fútbol', 'horóscopo de hoy', 'entradas para el concierto', 'alquiler de coches baratos',
    // More, and longer (cooking, sports, weather, politics, travel, health, music), so that no rule on coverage is fitted to a few.
    'receta de tortilla de patatas con cebolla', 'cómo hacer un bizcocho de chocolate', 'resultado del partido del real madrid', 'qué tiempo hará mañana en sevilla',
    'va a llover este fin de semana', 'quién ganó las elecciones generales', 'cuándo son las próximas elecciones', 'precio del alquiler de un piso en madrid',
    'horario de la farmacia de guardia', 'vuelos baratos a canarias', 'cómo plantar tomates en el huerto', 'letra de la canción del verano',
    'clasificación de la liga', 'dolor de cabeza y fiebre', 'noticias de política de hoy',
    // Everyday words a synonym could tie to an article's tags or title ("ofertas" ~ tarifa, "irme" ~ baja were tried and left out for these).
    'ofertas de vuelos a paris', 'quiero irme de vacaciones', 'publicidad de coches', 'anuncios y publicidad en la radio',
  ],
  en: [
    'pizza recipe', 'weather in london', 'adopt a dog', 'football scores', 'cinema times', 'concert tickets', 'horoscope today', 'cheap car rental',
    'how to bake chocolate chip cookies', 'recipe for spaghetti carbonara', 'who won the football match last night', 'premier league table',
    'will it rain tomorrow in manchester', 'weather forecast for the weekend', 'who won the general election', 'cheap flights to spain',
    'how to grow tomatoes in my garden', 'song lyrics of the summer hit', 'headache and fever what to do', 'latest political news today', 'rent a flat in london',
    // Everyday words a synonym could tie to an article's tags or title (house ~ home, neighbourhood ~ area, son and wife ~ family were tried and left out for these).
    "my son's football match", 'birthday gift for my wife', 'how much money do i owe the tax office', 'restaurants in my neighbourhood', 'post a parcel to france',
    'sell my house fast', 'cheap house insurance', 'my house is cold', 'a house with a garden', 'how many people live in my neighbourhood',
  ],
};
const RELATED: Record<SearchLocale, Array<[string, string]>> = {
  es: [['como pago la factura', 'pagar-factura'], ['contrasenia wifi', 'cambiar-nombre-contrasena-wifi'], ['rooter', 'instalar-router']],
  en: [['how do i pay my bill', 'pay-your-bill'], ['pasword', 'forgot-password'], ['wifi password', 'change-wifi-name-password']],
};
const SUGGESTIONS: Record<SearchLocale, Array<[string, string]>> = {
  es: [['wfi', 'wifi'], ['fibar', 'fibra'], ['la factrua del mez', 'la factura del mes']],
  en: [['wfi', 'wifi'], ['paymnet method', 'payment method']],
};

describe.each(SEARCH_LOCALES)('%s demo knowledge base', (locale) => {
  const engine = engines[locale];
  it.each(UNRELATED[locale])('finds nothing for an unrelated question: %s', (q) => {
    expect(engine.search(q)).toEqual([]);
    expect(engine.suggest(q)).toBeNull();
  });
  it.each(RELATED[locale])('still answers %s', (q, slug) => {
    expect(engine.search(q).slice(0, 5).map((h) => h.slug)).toContain(slug);
  });
  it.each(SUGGESTIONS[locale])('suggests a correction for %s: %s, which finds articles', (q, suggestion) => {
    expect(engine.suggest(q)).toBe(suggestion);
    expect(engine.search(suggestion).length).toBeGreaterThan(0);
  });
});
