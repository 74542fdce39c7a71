import { describe, expect, it } from 'vitest';
import { fold, tokenize, stem, termOf, queryWords } from './text.js';

describe('text processing', () => {
  it('folds case and accents, including ñ', () => {
    expect(fold('Facturación AÑO Pingüino')).toBe('facturacion ano pinguino');
  });

  it('tokenizes, joining hyphenated and apostrophised words', () => {
    expect(tokenize('¿Cómo cambio la contraseña del Wi-Fi? (router’s 5 GHz)')).toEqual(['cómo', 'cambio', 'la', 'contraseña', 'del', 'wifi', 'routers', '5', 'ghz']);
  });

  it('stems Spanish words the same with and without accents', () => {
    expect(stem('facturación', 'es')).toBe(stem('facturacion', 'es'));
    expect(stem('contraseña', 'es')).toBe(stem('contrasena', 'es'));
    expect(stem('facturas', 'es')).toBe(stem('factura', 'es'));
    expect(stem('instalación', 'es')).toBe(stem('instalaciones', 'es'));
  });

  it('stems the forms of "ir" that share no letters with it as "ir", and nothing that only looks like one', () => {
    for (const w of ['voy', 'vas', 'irme', 'irte', 'irse', 'irá', 'vayan', 'yendo']) expect(stem(w, 'es'), w).toBe('ir');
    // "va" is mostly another verb's "going to" ("va a llegar") or "works" ("no me va"); IBAN is
    // no "iban"; English is untouched.
    for (const w of ['va', 'van', 'iban', 'vaso']) expect(stem(w, 'es'), w).not.toBe('ir');
    expect(stem('voy', 'en')).not.toBe('ir');
  });

  it('stems English inflections together', () => {
    expect(stem('payments', 'en')).toBe(stem('payment', 'en'));
    expect(stem('connecting', 'en')).toBe(stem('connected', 'en'));
  });

  it('stems American and British spellings alike', () => {
    expect(stem('recognize', 'en')).toBe(stem('recognise', 'en'));
    expect(stem('authorized', 'en')).toBe(stem('authorised', 'en'));
    expect(stem('organization', 'en')).toBe(stem('organisation', 'en'));
    expect(stem('customizing', 'en')).toBe(stem('customising', 'en'));
    // Short words are left alone ("size" is not "sise").
    expect(stem('size', 'en')).toBe('size');
  });

  it('drops question words from queries, unless they are the whole query', () => {
    // They ask, they do not say what about: "¿cuánto cuesta…?" is about the cost.
    expect(queryWords('¿Cuánto cuesta la fibra?', 'es')).toEqual(['cuesta', 'la', 'fibra']);
    expect(queryWords('cuantos', 'es')).toEqual(['cuantos']);
    // Still indexed: an index built before stays the same.
    expect(termOf('cuánto', 'es')).toBe('cuant');
  });

  it('drops stop words and keeps meaningful ones', () => {
    expect(termOf('de', 'es')).toBeNull();
    expect(termOf('the', 'en')).toBeNull();
    expect(termOf('router', 'es')).toBe('rout');
  });

  it('drops English contractions as stop words, as tokenize writes them', () => {
    // "doesn't" says nothing of what the question is about, as "does" and "not" do not.
    for (const w of ["doesn't", 'isn’t', "won't", "didn't", "I've", "you're", "can't", "don't"]) expect(tokenize(w).map((t) => termOf(t, 'en'))).toEqual([null]);
    // "ID" is a word of its own (an identity document), not "I'd".
    expect(termOf('id', 'en')).toBe('id');
  });
});
