import { describe, expect, it } from 'vitest';
import { INDEX_VERSION, SEARCH_DEFAULTS, editDistance, snippet, type SearchDocument } from './search.js';
import { KnowledgeSearch } from './build.js';

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
  it('counts every match up to countUpTo while making only `limit` results, the same ones search ranks first', () => {
    // Enough articles sharing words that a query matches many more than it shows.
    const many: SearchDocument[] = Array.from({ length: 60 }, (_, i) => ({
      slug: `a${i}`,
      title: i % 3 ? `Factura número ${i}` : `Router modelo ${i}`,
      category: 'billing',
      tags: i % 2 ? ['pago'] : [],
      text: `Texto ${i} sobre la factura, el pago y el router ${'extra '.repeat(i % 7)}`,
    }));
    const idx = KnowledgeSearch.build(many, { locale: 'es' });
    for (const q of ['factura', 'factura router', 'pag', 'router pago', 'factur', 'nada que ver']) {
      const all = idx.search(q, { limit: 1000 });
      const counted = idx.searchCounted(q, { limit: 5, countUpTo: 1000 });
      expect(counted.total, q).toBe(all.length);
      expect(counted.hits.map((h) => h.slug), q).toEqual(all.slice(0, 5).map((h) => h.slug));
      expect(counted.hits.map((h) => h.snippet), q).toEqual(all.slice(0, 5).map((h) => h.snippet));
      expect(idx.searchCounted(q, { limit: 5, countUpTo: 7 }).total, q).toBe(Math.min(all.length, 7));
    }
    expect(idx.search('factura', { limit: 1000 }).length).toBeGreaterThan(20);
  });

  it('ranks the same first results whatever the limit: the widget (8), the API (10) and the portal (50) agree', () => {
    // Many articles sharing a few words, so that a query matches far more than the reranked
    // depth (`SEARCH_DEFAULTS.rerankDepth`) and covers them unevenly. Before, a limit past that
    // depth reranked deeper, and an article at the 40th score could come 4th for the portal only.
    let seed = 11;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const words = ['factura', 'router', 'contrato', 'tarifa', 'linea', 'movil', 'fibra', 'pago', 'cobertura', 'averia', 'titular', 'permanencia'];
    const pickWords = (n: number) => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]!);
    const many: SearchDocument[] = Array.from({ length: 400 }, (_, i) => ({
      slug: `d${i}`,
      title: pickWords(2).join(' '),
      category: 'x',
      tags: rand() < 0.3 ? pickWords(1) : [],
      text: `${pickWords(3 + Math.floor(rand() * 12)).join(' ')} ${'relleno '.repeat(Math.floor(rand() * 20))}`,
    }));
    const idx = KnowledgeSearch.build(many, { locale: 'es' });
    let compared = 0;
    for (let i = 0; i < 200; i++) {
      const q = `${pickWords(2 + (i % 3)).join(' ')} `;
      const slugs = (limit: number, countUpTo?: number) => idx.searchCounted(q, { limit, ...(countUpTo ? { countUpTo } : {}) }).hits.map((h) => h.slug);
      const portal = slugs(50, 1000);
      if (portal.length < 50) continue;
      compared++;
      expect(slugs(8), q).toEqual(portal.slice(0, 8));
      expect(slugs(10, 1000), q).toEqual(portal.slice(0, 10));
      expect(slugs(40), q).toEqual(portal.slice(0, 40));
      expect(slugs(100).slice(0, 50), q).toEqual(portal);
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('finds articles typed without accents', () => {
    expect(top('contrasena wifi')).toBe('cambiar-contrasena-wifi');
    expect(top('conexion internet')).toBe('averia-sin-internet');
  });

  it('forgives one typo in a word of five letters or more', () => {
    expect(top('facutra')).toBe('pagar-factura'); // transposition
    expect(top('portavilidad')).toBe('portabilidad'); // substitution
    expect(top('contrasenna')).toBe('cambiar-contrasena-wifi'); // insertion
  });

  it('reads an unknown word as its closest index terms only, and leaves known words and very short ones alone', () => {
    const articles: SearchDocument[] = [
      { slug: 'cobro', title: 'Me han cobrado dos veces', category: 'billing', tags: [], text: 'Reclama el cobro duplicado.' },
      { slug: 'cobertura', title: 'Cobertura de fibra', category: 'coverage', tags: [], text: 'Consulta la cobertura en tu calle.' },
      { slug: 'valle', title: 'Valle', category: 'x', tags: [], text: 'Un valle.' },
    ];
    const s = KnowledgeSearch.build(articles, { locale: 'es' });
    const withoutTypos = KnowledgeSearch.build(articles, { locale: 'es', features: { typos: false } });
    expect(withoutTypos.search('cbrado ')).toEqual([]);
    expect(withoutTypos.search('cobetura ')).toEqual([]);
    // A dropped letter that moves the stem ("cbrado" → "cbrad", two edits from "cobr"): one insertion away.
    expect(s.search('cbrado ')[0]?.slug).toBe('cobro');
    expect(s.search('cobetura ')[0]?.slug).toBe('cobertura');
    // Only the closest term counts: "cobetura" (one edit from "cobertur") does not also bring "cobr".
    expect(s.search('cobetura ').map((h) => h.slug)).toEqual(['cobertura']);
    // A known word is not widened to its neighbours ("valle" does not find "calle").
    expect(s.search('valle ').map((h) => h.slug)).toEqual(['valle']);
    // At four letters, an unknown word is read only as a longer one with a letter dropped; under four, not at all.
    expect(withoutTypos.search('cbro ')).toEqual([]);
    expect(s.search('cbro ')[0]?.slug).toBe('cobro');
    expect(s.search('vlle ').map((h) => h.slug)).toEqual(['valle']);
    expect(s.search('cbr ')).toEqual([]);
  });

  it('matches the word being typed as a prefix, even a stop word that starts a real one', () => {
    expect(top('portabi')).toBe('portabilidad');
    expect(top('cambiar la contr')).toBe('cambiar-contrasena-wifi');
    expect(top('sin cone')).toBe('averia-sin-internet');
  });

  it('reads the word being typed that starts index words as their start, not as a typo', () => {
    const articles: SearchDocument[] = [
      { slug: 'cardigan', title: 'Cardigan sizes', category: 'x', tags: [], text: 'Knitted cardigans.' },
      { slug: 'card', title: 'Pay by card', category: 'x', tags: [], text: 'Any debit card.' },
    ];
    const s = KnowledgeSearch.build(articles, { locale: 'en' });
    // "cardi" is one edit from "card", but being typed it is the start of "cardigan".
    expect(s.search('cardi').map((h) => h.slug)).toEqual(['cardigan']);
    // Finished (a space after it), the same word is a typo of "card" and starts nothing.
    expect(s.search('cardi ').map((h) => h.slug)).toEqual(['card']);
    // Asked again, the remembered reading gives the same answer.
    expect(s.search('cardi ').map((h) => h.slug)).toEqual(['card']);
  });

  it('reads a typo of a word with synonyms as that word: its synonyms find their articles', () => {
    // No article says "recibo"; its synonym "factura" is in one.
    expect(search.search('recibo ')[0]?.slug).toBe('pagar-factura');
    expect(search.search('rceibo ')[0]?.slug).toBe('pagar-factura');
    expect(KnowledgeSearch.build(docs, { locale: 'es', synonyms: { es: [] } }).search('rceibo ')).toEqual([]);
  });

  it('reads a long unknown word that nothing is close to as the longest index term it starts with', () => {
    const articles: SearchDocument[] = [
      { slug: 'two-step', title: 'Two-step verification', category: 'account', tags: [], text: 'Turn on verification by text message.' },
      { slug: 'cancel', title: 'Cancel your contract', category: 'account', tags: [], text: 'How cancelling works.' },
    ];
    const s = KnowledgeSearch.build(articles, { locale: 'en' });
    // "verificaton" stems to itself, six edits from "verif"; it starts with it.
    expect(s.search('verificaton ').map((h) => h.slug)).toEqual(['two-step']);
    expect(s.search('cancellng ').map((h) => h.slug)).toEqual(['cancel']);
    // A word that starts with no term of five letters or more stays unknown.
    expect(s.search('verxxxxxxxx ')).toEqual([]);
  });

  it('finds a swap of two letters in a word one edit away as one edit', () => {
    const s = KnowledgeSearch.build([{ slug: 'wifi', title: 'Wi-Fi channels', category: 'x', tags: [], text: 'Change the channel.' }], { locale: 'en' });
    // "chanenl": a swap; to MiniSearch's edit distance, two edits (it asks for one now).
    expect(s.search('chanenl ').map((h) => h.slug)).toEqual(['wifi']);
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

  it('reads a Spanish word that differs from an index term by a silent "h" only as that term', () => {
    const articles: SearchDocument[] = [
      { slug: 'historial', title: 'Ver el historial de consumo', category: 'billing', tags: [], text: 'El historial muestra tus llamadas.' },
      { slug: 'phishing', title: 'Reconocer el phishing', category: 'security', tags: [], text: 'Correos falsos.' },
      { slug: 'acceso', title: 'Problemas de acceso', category: 'account', tags: [], text: 'No puedes entrar.' },
    ];
    const es = KnowledgeSearch.build(articles, { locale: 'es' });
    const withoutH = KnowledgeSearch.build(articles, { locale: 'es', features: { silentH: false } });
    expect(es.search('istorial ')[0]?.slug).toBe('historial');
    // Two letters "h" left out: two edits, too many for a word of six letters otherwise.
    expect(es.search('pising ').map((h) => h.slug)).toEqual(['phishing']);
    expect(withoutH.search('pising ')).toEqual([]);
    // An "h" put where there is none.
    expect(es.search('hacceso ')[0]?.slug).toBe('acceso');
    // Spanish only: in English an "h" is not silent.
    const en = KnowledgeSearch.build(articles, { locale: 'en' });
    expect(en.search('pising ')).toEqual([]);
  });

  it('ranks equal scores in the order the articles were indexed, and every other score from high to low', () => {
    // Forty articles the same but for their slug, and twenty that say "factura" more or less often.
    const same: SearchDocument[] = Array.from({ length: 40 }, (_, i) => ({ slug: `same-${i}`, title: 'Factura', category: 'billing', tags: [], text: 'Tu factura.' }));
    const varied: SearchDocument[] = Array.from({ length: 20 }, (_, i) => ({ slug: `varied-${i}`, title: 'Recibo', category: 'billing', tags: [], text: `${'factura '.repeat((i * 7) % 5 + 1)}y más texto ${'relleno '.repeat(i)}` }));
    const es = KnowledgeSearch.build([...varied, ...same], { locale: 'es' });
    const hits = es.search('factura', { limit: 100 });
    expect(hits).toHaveLength(60);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    expect(hits.filter((h) => h.slug.startsWith('same-')).map((h) => h.slug)).toEqual(same.map((a) => a.slug));
  });

  it('finds "me voy" and "irme" in an article that writes "irte" (the forms of "ir"), unless verb forms are off', () => {
    const articles: SearchDocument[] = [
      { slug: 'baja', title: 'Dar de baja el contrato', category: 'account', tags: [], text: 'Sentimos que quieras irte. Puedes dar de baja el contrato en cualquier momento.' },
      { slug: 'wifi', title: 'El wifi va lento', category: 'internet', tags: [], text: 'Acerca el router.' },
    ];
    const es = KnowledgeSearch.build(articles, { locale: 'es' });
    const without = KnowledgeSearch.build(articles, { locale: 'es', features: { verbForms: false } });
    expect(es.search('me voy').map((h) => h.slug)).toEqual(['baja']);
    expect(es.search('quiero irme ya').map((h) => h.slug)).toEqual(['baja']);
    expect(without.search('me voy')).toEqual([]);
    // A loaded index reads queries the same way.
    expect(KnowledgeSearch.load(JSON.parse(JSON.stringify(es))).search('me voy').map((h) => h.slug)).toEqual(['baja']);
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

  describe('minimum coverage', () => {
    it('drops results that match too little of the query, and keeps those that match enough', () => {
      // One word of four: a quarter of the query.
      expect(search.search('tarjeta de receta paella horno')).toEqual([]);
      expect(search.search('tarjeta de receta paella horno', { minCoverage: 0 })[0]?.slug).toBe('pagar-factura');
      // One word of two matched exactly: a half.
      expect(top('pagar zapatos')).toBe('pagar-factura');
      expect(top('pagar la factura con tarjeta')).toBe('pagar-factura');
    });

    it('once one result covers enough of the query, keeps the others down to the floor, and still finds nothing when none does', () => {
      const articles: SearchDocument[] = [
        { slug: 'pin', title: 'Código PIN y PUK', category: 'mobile', tags: ['pin'], text: 'El PIN de la SIM.' },
        { slug: 'olvido', title: 'He olvidado la contraseña', category: 'account', tags: [], text: 'Si has metido mal la contraseña tres veces, espera media hora.' },
      ];
      const s = KnowledgeSearch.build(articles, { locale: 'es' });
      const strict = KnowledgeSearch.build(articles, { locale: 'es', features: { coverageFloor: false } });
      // Five words: "olvido" has four in its body (0.4 of the query), "pin" one in its title (0.2).
      const q = 'he metido mal el pin tres veces';
      expect(strict.search(q).map((h) => h.slug)).toEqual(['olvido']);
      expect(s.search(q).map((h) => h.slug).sort()).toEqual(['olvido', 'pin']);
      expect(s.searchCounted(q, { countUpTo: 10 }).total).toBe(2);
      // No result answers a quarter of the query: nothing, floor or not.
      expect(s.search('pin receta paella horno')).toEqual([]);
      expect(SEARCH_DEFAULTS.minCoverageFloor).toBeLessThan(SEARCH_DEFAULTS.minCoverage);
    });

    it('keeps every match of a one-word query, typos included', () => {
      expect(top('facutra')).toBe('pagar-factura');
      expect(search.search('pagar').map((h) => h.slug)).toEqual(search.search('pagar', { minCoverage: 0 }).map((h) => h.slug));
    });

    it('counts a typo that keeps the letters typed more than one that changes a letter', () => {
      const unsure = KnowledgeSearch.build(docs, { locale: 'es', synonyms, features: { sureTypos: false } });
      // "factrua" is "factura" with two letters swapped: 0.75 of a word, in the title, of two words.
      expect(top('factrua zapatos')).toBe('pagar-factura');
      expect(unsure.search('factrua zapatos')).toEqual([]);
      // "factuca" changes a letter: 0.5 of a word, a quarter of the query.
      expect(search.search('factuca zapatos')).toEqual([]);
      expect(search.search('factuca zapatos', { minCoverage: 0.2 })[0]?.slug).toBe('pagar-factura');
    });

    it('counts a synonym and the word being typed as the word itself', () => {
      expect(top('recibo tarjeta')).toBe('pagar-factura');
      expect(top('cambiar contras')).toBe('cambiar-contrasena-wifi');
    });

    it('documents its default', () => {
      expect(SEARCH_DEFAULTS.minCoverage).toBeGreaterThan(0);
      expect(SEARCH_DEFAULTS.minCoverage).toBeLessThan(1);
    });
  });

  it('does not read a word of the synonyms as a typo of other words', () => {
    const en = KnowledgeSearch.build(
      [
        { slug: 'moving', title: 'Moving house', category: 'x', tags: [], text: 'Take your fibre with you when moving.' },
        { slug: 'replace', title: 'Replace a router', category: 'x', tags: [], text: 'We replace a faulty router for free.' },
      ],
      { locale: 'en', synonyms: { en: [['moving', 'relocating']] } },
    );
    // "relocating" is in no article; its stem "reloc" is two edits from "replac".
    expect(en.search('relocating').map((h) => h.slug)).toEqual(['moving']);
  });

  describe('compounds', () => {
    const articles: SearchDocument[] = [
      { slug: 'self-install', title: 'Self-install your router', category: 'x', tags: [], text: 'The self-install kit has the router and a cable.' },
      { slug: 'install-visit', title: 'Install visit', category: 'x', tags: ['install'], text: 'A technician comes to install the fibre.' },
      { slug: 'login', title: 'Login problems', category: 'x', tags: [], text: 'If the login page does not open, clear the browser cache.' },
      { slug: 'logs', title: 'Call log', category: 'x', tags: [], text: 'Your call log lists every call.' },
    ];
    const on = KnowledgeSearch.build(articles, { locale: 'en' });
    const off = KnowledgeSearch.build(articles, { locale: 'en', features: { compounds: false } });

    it('finds a word the articles write joined or hyphenated when it is typed as two', () => {
      expect(off.search('self install')[0]?.slug).toBe('install-visit');
      expect(on.search('self install')[0]?.slug).toBe('self-install');
      expect(off.search('log in').map((h) => h.slug)).toEqual(['logs']);
      expect(on.search('log in').map((h) => h.slug)).toContain('login');
    });

    it('does not join a stop word to the next word, nor a word to a suffix its stem drops', () => {
      const es = KnowledgeSearch.build(
        [
          { slug: 'sim', title: 'Activar la SIM', category: 'x', tags: ['sim'], text: 'Activa tu tarjeta SIM.' },
          { slug: 'cobros', title: 'Cobros', category: 'x', tags: [], text: 'Cuándo se cobra la factura.' },
        ],
        { locale: 'es' },
      );
      // "si me" joined is "sime", which stems to "sim".
      expect(es.search('si me cobran').map((h) => h.slug)).toEqual(['cobros']);
    });
  });

  it('does not read a typo through a stem of three letters: its neighbours are other words', () => {
    const es = KnowledgeSearch.build(
      [
        { slug: 'tarifa', title: 'Cambiar de tarifa', category: 'x', tags: [], text: 'Elige otra tarifa.' },
        { slug: 'dar', title: 'Dar de alta', category: 'x', tags: [], text: 'Para dar de alta una línea.' },
        { slug: 'par', title: 'Un par de routers', category: 'x', tags: [], text: 'Un par de equipos.' },
      ],
      { locale: 'es' },
    );
    // "taria" (for "tarifa") stems to "tar", one edit from "dar" and "par"; the word itself is one from "tarif".
    expect(es.search('taria ').map((h) => h.slug)).toEqual(['tarifa']);
  });

  describe('phrase synonyms', () => {
    const articles: SearchDocument[] = [
      { slug: 'suspension', title: 'Unpaid bills', category: 'x', tags: ['suspension'], text: 'After 30 days we may suspend the service until the bill is paid.' },
      { slug: 'outage', title: 'Service outage', category: 'x', tags: ['outage'], text: 'When the service is off in your area, the map shows it.' },
      { slug: 'prorata', title: 'Your first bill', category: 'x', tags: ['prorated'], text: 'The first bill is prorated from the day of activation.' },
    ];
    const synonyms = { en: [['suspension', 'cut off'], ['prorated', 'pro rata']] };
    const on = KnowledgeSearch.build(articles, { locale: 'en', synonyms });
    const off = KnowledgeSearch.build(articles, { locale: 'en', synonyms, features: { phraseSynonyms: false } });

    it('finds what a phrase of the synonyms finds when its two words are typed', () => {
      expect(off.search('my line was cut off').map((h) => h.slug)).toEqual([]);
      expect(on.search('my line was cut off').map((h) => h.slug)).toEqual(['suspension']);
      expect(off.search('pro rata').map((h) => h.slug)).toEqual([]);
      expect(on.search('pro rata').map((h) => h.slug)).toEqual(['prorata']);
    });

    it('reads two words as a phrase only when the synonyms have that phrase', () => {
      // "cut" and "off" apart are ordinary words; joined ("cutoff") they are the phrase, but "off cut" is not.
      expect(on.search('off cut').map((h) => h.slug)).toEqual([]);
    });
  });

  describe('coverage ranking', () => {
    // "pagar" and "factura" are common (every article has them); "tarjeta" is rare and fills one article's title, tags and text.
    const articles: SearchDocument[] = [
      { slug: 'tarjeta', title: 'Tarjeta', category: 'x', tags: ['tarjeta', 'tarjetas'], text: 'Tarjeta: pide una tarjeta nueva.' },
      { slug: 'pagar', title: 'Pagar', category: 'x', tags: [], text: 'Cada factura se puede pagar desde la web de clientes en cualquier momento del mes.' },
      ...[0, 1, 2, 3].map((i) => ({ slug: `otro-${i}`, title: `Otro ${i}`, category: 'x', tags: [], text: 'Pagar la factura.' })),
    ];

    it('ranks an article that covers more of the query above one that matches one word strongly', () => {
      const s = KnowledgeSearch.build(articles, { locale: 'es' });
      const flat = KnowledgeSearch.build(articles, { locale: 'es', features: { coverageRanking: false } });
      // "tarjeta" alone (a third of the query, in its title) scores a little higher than "pagar" in
      // a title and "factura" in the body (half the query); covering more ranks higher.
      expect(flat.search('pagar factura tarjeta').map((h) => h.slug).slice(0, 2)).toEqual(['tarjeta', 'pagar']);
      expect(s.search('pagar factura tarjeta').map((h) => h.slug).slice(0, 2)).toEqual(['pagar', 'tarjeta']);
      // A one-word query has nothing to cover: the order is the scores'.
      expect(s.search('factura').map((h) => h.slug)).toEqual(flat.search('factura').map((h) => h.slug));
    });

    it('documents its default', () => {
      expect(SEARCH_DEFAULTS.coverageExponent).toBeGreaterThan(0);
      expect(SEARCH_DEFAULTS.rerankDepth).toBeGreaterThanOrEqual(SEARCH_DEFAULTS.limit);
    });
  });

  describe('word proximity', () => {
    // Both articles have "número" and "cuenta" in their body; the shorter one scores higher on
    // the words alone, and writes them apart and in the other order.
    const articles: SearchDocument[] = [
      { slug: 'apart', title: 'Datos', category: 'x', tags: [], text: 'La cuenta y el número.' },
      { slug: 'adjacent', title: 'Datos', category: 'x', tags: [], text: 'El número de cuenta del cliente.' },
    ];
    const s = KnowledgeSearch.build(articles, { locale: 'es' });
    const flat = KnowledgeSearch.build(articles, { locale: 'es', features: { proximity: false } });
    const slugs = (idx: KnowledgeSearch, q: string) => idx.search(q).map((h) => h.slug);

    it('ranks an article that writes the query\'s adjacent words adjacent, in the same order, above one that writes them apart', () => {
      expect(slugs(flat, 'número de cuenta')).toEqual(['apart', 'adjacent']);
      expect(slugs(s, 'número de cuenta')).toEqual(['adjacent', 'apart']);
      expect(slugs(s, 'numero de cuenta ')).toEqual(['adjacent', 'apart']);
      // The other order is the other article's ("cuenta y el número": "y" and "el" are stop words).
      expect(slugs(s, 'cuenta número')).toEqual(['apart', 'adjacent']);
    });

    it('counts the pair of a typo\'s correction', () => {
      expect(slugs(flat, 'numero de cuetna')).toEqual(['apart', 'adjacent']);
      expect(slugs(s, 'numero de cuetna')).toEqual(['adjacent', 'apart']);
    });

    it('changes the order only: a one-word query, and what each query finds, stay the same', () => {
      expect(slugs(s, 'cuenta')).toEqual(slugs(flat, 'cuenta'));
      for (const q of ['número de cuenta', 'cuenta cliente', 'número de teléfono', 'receta de paella']) expect(slugs(s, q).sort(), q).toEqual(slugs(flat, q).sort());
    });

    it('keeps its pairs through the serialised index', () => {
      const loaded = KnowledgeSearch.load(JSON.parse(JSON.stringify(s)));
      expect(slugs(loaded, 'número de cuenta')).toEqual(['adjacent', 'apart']);
      expect(loaded.search('número de cuenta')).toEqual(s.search('número de cuenta'));
    });

    it('documents its default', () => {
      expect(SEARCH_DEFAULTS.proximityWeight).toBeGreaterThan(0);
    });
  });

  describe('did you mean', () => {
    it('replaces unknown words with the closest word of the articles, accents kept', () => {
      expect(search.suggest('wfi')).toBe('wifi');
      expect(search.suggest('factrua')).toBe('factura');
      expect(search.suggest('contrasenna del wfi')).toBe('contraseña del wifi');
      expect(search.suggest('la factrua')).toBe('la factura');
      // A word of the synonyms ("recibo" ~ "factura") is known, though no article uses it: not corrected.
      expect(search.suggest('recibo de la factrua')).toBe('recibo de la factura');
    });

    it('suggests nothing when every word is known, a word has no close one, or the query is empty', () => {
      expect(search.suggest('factura')).toBeNull();
      expect(search.suggest('receta de paella')).toBeNull();
      expect(search.suggest('wfi paella')).toBeNull();
      expect(search.suggest('')).toBeNull();
      expect(search.suggest('de la')).toBeNull();
      // A wrong first letter is not corrected ("gactura").
      expect(search.suggest('gactura')).toBeNull();
    });

    it('allows two edits only in long words', () => {
      expect(search.suggest('portabilidda')).toBe('portabilidad'); // 12 letters, one transposition
      expect(search.suggest('portavilidda')).toBe('portabilidad'); // two edits
      expect(search.suggest('tarjta')).toBe('tarjeta'); // 6 letters, one edit
      expect(search.suggest('tarjte')).toBeNull(); // 6 letters, two edits: too far
    });

    it('works in English', () => {
      const en = KnowledgeSearch.build([{ slug: 'pay-bill', title: 'How to pay your bill', category: 'billing', tags: [], text: 'Pay by card or direct debit.' }], { locale: 'en' });
      expect(en.suggest('pay by crad')).toBe('pay by card');
      expect(en.suggest('pizza recipe')).toBeNull();
    });
  });

  it('measures edits with transpositions, and stops past the maximum', () => {
    expect(editDistance('factrua', 'factura', 2)).toBe(1);
    expect(editDistance('wfi', 'wifi', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
    expect(editDistance('', '', 0)).toBe(0);
  });
});
