// The per-article filter of adjacent term pairs: it must never miss a pair the article writes
// (a Bloom filter has no false "no"), and must rarely claim one it does not.
import { describe, expect, it } from 'vitest';
import { PAIR_FILTER, decodeFilter, encodeFilter, hasPair, pairFilter, pairProbe } from './pairs.js';
import { termOf, tokenize } from './text.js';

const terms = (text: string) => tokenize(text).map((w) => termOf(w, 'es')).filter((t): t is string => t !== null);
const title = terms('Cambiar la cuenta bancaria de domiciliación');
const body = terms(
  'Para cambiar el número de cuenta en el que pagas tus recibos, entra en Mi Nubefibra, abre Facturación y elige ' +
    'Datos de pago. Escribe el IBAN de la nueva cuenta bancaria: debe estar a nombre del titular del contrato. ' +
    'El cambio se aplica a la siguiente factura; si ya se ha emitido, se cobra en la cuenta anterior.',
);
const filter = pairFilter([title, body]);
const adjacent = (run: string[]) => run.slice(1).map((b, i) => [run[i]!, b] as const).filter(([a, b]) => a !== b);

describe('pair filter', () => {
  it('holds every adjacent pair of each run, in the order written', () => {
    const pairs = [...adjacent(title), ...adjacent(body)];
    expect(pairs.length).toBeGreaterThan(20);
    for (const [a, b] of pairs) expect(hasPair(filter, pairProbe(a, b)), `${a} ${b}`).toBe(true);
    expect(hasPair(filter, pairProbe('numer', 'cuent'))).toBe(true);
  });

  it('rarely claims a pair the article does not write: reversed, across runs, or of words it never has', () => {
    const written = new Set([...adjacent(title), ...adjacent(body)].map(([a, b]) => `${a} ${b}`));
    const vocabulary = [...new Set([...title, ...body])];
    let absent = 0;
    let claimed = 0;
    for (const a of vocabulary) {
      for (const b of [...vocabulary, 'router', 'wifi', 'portabil']) {
        if (a === b || written.has(`${a} ${b}`)) continue;
        absent++;
        if (hasPair(filter, pairProbe(a, b))) claimed++;
      }
    }
    expect(absent).toBeGreaterThan(500);
    // About 0.3 % in theory at 12 bits and 8 probes per pair; a weak hash would claim far more.
    expect(claimed / absent).toBeLessThan(0.02);
    expect(hasPair(filter, pairProbe(title[title.length - 1]!, body[0]!))).toBe(false);
  });

  it('sizes the filter by the article\'s distinct pairs, and an article without pairs claims none', () => {
    const distinct = new Set([...adjacent(title), ...adjacent(body)].map(([a, b]) => `${a} ${b}`)).size;
    expect(filter.length).toBe(Math.ceil((distinct * PAIR_FILTER.bitsPerPair) / 8));
    const empty = pairFilter([['factur'], []]);
    expect(empty.length).toBe(0);
    expect(hasPair(empty, pairProbe('factur', 'factur'))).toBe(false);
  });

  it('survives its text form for the JSON index', () => {
    const text = encodeFilter(filter);
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(decodeFilter(text)).toEqual(filter);
    expect(decodeFilter(encodeFilter(new Uint8Array()))).toEqual(new Uint8Array());
  });
});
