import { describe, expect, it } from 'vitest';
import { KnowledgeSearch, INDEX_VERSION, snippet, type SearchDocument } from './search.js';

const docs: SearchDocument[] = [
  { slug: 'pagar-factura', title: 'Cómo pagar tu factura', category: 'billing', tags: ['pago', 'tarjeta'], text: 'Puedes pagar la factura con tarjeta, Bizum o domiciliación bancaria desde Mi Nubefibra.' },
  { slug: 'cambiar-contrasena-wifi', title: 'Cambiar la contraseña del Wi-Fi', category: 'router-wifi', tags: ['wifi', 'clave'], text: 'Entra en la configuración del router y cambia la contraseña de tu red inalámbrica.' },
  { slug: 'portabilidad', title: 'Mantener tu número al cambiar de compañía', category: 'mobile', tags: ['portabilidad'], text: 'La portabilidad del número tarda un día hábil. Tu línea sigue activa mientras tanto.' },
  { slug: 'averia-sin-internet', title: 'No tengo conexión a Internet', category: 'outages', tags: ['avería', 'sin conexión'], text: 'Si te quedas sin Internet, reinicia el router y comprueba las luces.' },
];
const synonyms = { es: [['factura', 'recibo'], ['wifi', 'inalámbrico']] };
const search = KnowledgeSearch.build(docs, { locale: 'es', revision: '7', synonyms });
const top = (q: string) => search.search(q)[0]?.slug;

describe('KnowledgeSearch', () => {
  it('finds articles typed without accents', () => {
    expect(top('contrasena wifi')).toBe('cambiar-contrasena-wifi');
    expect(top('conexion internet')).toBe('averia-sin-internet');
  });

  it('forgives one typo in a word of five letters or more', () => {
    expect(top('facutra')).toBe('pagar-factura'); // transposition
    expect(top('portavilidad')).toBe('portabilidad'); // substitution
    expect(top('contrasenna')).toBe('cambiar-contrasena-wifi'); // insertion
  });

  it('matches the word being typed as a prefix, even a stop word that starts a real one', () => {
    expect(top('portabi')).toBe('portabilidad');
    expect(top('cambiar la contr')).toBe('cambiar-contrasena-wifi');
    expect(top('sin cone')).toBe('averia-sin-internet');
  });

  it('folds accents before stemming, so -ía words match without accents', () => {
    const s = KnowledgeSearch.build([{ slug: 'bateria', title: 'La batería del router', category: 'x', tags: [], text: 'Avería de la batería.' }], { locale: 'es' });
    expect(s.search('bateria ')[0]?.slug).toBe('bateria');
    expect(s.search('averia ')[0]?.slug).toBe('bateria');
  });

  it('keys synonyms on words, not stems: "recibir" is not "recibo"', () => {
    expect(search.queryTerms('recibo')).toContain('factur');
    expect(search.queryTerms('recibos')).toContain('factur');
    expect(search.queryTerms('recibir')).not.toContain('factur');
  });

  it('applies per-company synonyms', () => {
    expect(top('recibo')).toBe('pagar-factura');
  });

  it('weights the title over the body', () => {
    const s = KnowledgeSearch.build(
      [
        { slug: 'body', title: 'Otra cosa', category: 'x', tags: [], text: 'Aquí se habla del router varias veces: router, router.' },
        { slug: 'title', title: 'Configurar el router', category: 'x', tags: [], text: 'Pasos de configuración.' },
      ],
      { locale: 'es' },
    );
    expect(s.search('router')[0]?.slug).toBe('title');
  });

  it('returns nothing for stop words only or empty queries', () => {
    expect(search.search('')).toEqual([]);
    expect(search.search('de la que ')).toEqual([]);
  });

  it('marks matches in an escaped snippet', () => {
    const hit = search.search('pagar tarjeta')[0]!;
    expect(hit.snippet).toContain('<mark>pagar</mark>');
    expect(hit.snippet).toContain('<mark>tarjeta</mark>');
    const s = snippet('Usa <script>alert(1)</script> router', new Set(['rout']), 'es');
    expect(s).not.toContain('<script>');
    expect(s).toContain('&lt;script&gt;');
    expect(s).toContain('<mark>router</mark>');
  });

  it('round-trips through its versioned serialised form', () => {
    const json = JSON.parse(JSON.stringify(search));
    expect(json).toMatchObject({ format: 'ayuda-kb-index', version: INDEX_VERSION, locale: 'es', revision: '7' });
    const loaded = KnowledgeSearch.load(json);
    expect(loaded.search('recibo')).toEqual(search.search('recibo'));
  });

  it('refuses an unknown format or version with a clear message', () => {
    const json = JSON.parse(JSON.stringify(search));
    expect(() => KnowledgeSearch.load({ ...json, version: 99 })).toThrow(/version 99 is not supported/);
    expect(() => KnowledgeSearch.load({ foo: 1 })).toThrow(/not an Ayuda search index/);
    expect(() => KnowledgeSearch.load(null)).toThrow(/not an Ayuda search index/);
  });

  it('works in English', () => {
    const en = KnowledgeSearch.build(
      [
        { slug: 'pay-bill', title: 'How to pay your bill', category: 'billing', tags: ['payment'], text: 'Pay by card or direct debit.' },
        { slug: 'wifi-password', title: 'Change your Wi-Fi password', category: 'router', tags: ['wifi'], text: 'Open the router settings.' },
      ],
      { locale: 'en', synonyms: { en: [['bill', 'invoice']] } },
    );
    expect(en.search('paying invoices')[0]?.slug).toBe('pay-bill');
    expect(en.search('wifi pasword')[0]?.slug).toBe('wifi-password');
  });
});
