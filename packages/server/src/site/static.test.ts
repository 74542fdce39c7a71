import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { staticFolder } from './static.js';

const root = mkdtempSync(join(tmpdir(), 'ayuda-site-'));
for (const dir of ['evil.example', 'a b', '\\evil.example']) {
  mkdirSync(join(root, dir));
  writeFileSync(join(root, dir, 'index.html'), `<p>${dir}</p>`);
}
const site = staticFolder(root);
const app = new Hono().get('*', async (c) => (await site(c)) ?? c.text('not here', 404));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Full URLs, so that the path reaches the handler exactly as a browser would send it.
const get = (path: string) => app.request(`http://site.test${path}`);

describe('static site: a folder without its final slash', () => {
  it.each([
    ['/evil.example', '/evil.example/'],
    ['//evil.example', '/evil.example/'],
    ['///evil.example', '/evil.example/'],
    ['/%2Fevil.example', '/evil.example/'],
    ['/%2F%2Fevil.example', '/evil.example/'],
    ['/%2fevil.example', '/evil.example/'],
    ['/a%20b', '/a%20b/'],
    ['/%5Cevil.example', '/%5Cevil.example/'],
  ])('GET %s redirects to %s, on the same host', async (path, location) => {
    const res = await get(path);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(location);
    expect(new URL(res.headers.get('location')!, `http://site.test${path}`).host).toBe('site.test');
  });

  it('serves the folder once the slash is there', async () => {
    const res = await get('/a%20b/');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<p>a b</p>');
  });
});

describe('static site: a folder per language', () => {
  const langRoot = mkdtempSync(join(tmpdir(), 'ayuda-site-lang-'));
  for (const l of ['es', 'en']) {
    mkdirSync(join(langRoot, l));
    writeFileSync(join(langRoot, l, 'index.html'), `<link rel="alternate" hreflang="${l}" href="%PUBLIC_URL%/${l}/"><p>${l}</p>`);
  }
  writeFileSync(join(langRoot, 'notes.txt'), 'keep %PUBLIC_URL% as written');
  afterAll(() => rmSync(langRoot, { recursive: true, force: true }));
  // As the app does: the visitor's first supported language, else Spanish.
  const pick = (c: { req: { header(name: string): string | undefined } }) => (/^\s*en\b/i.test(c.req.header('accept-language') ?? '') ? 'en' : 'es');
  const langApp = (opts: Parameters<typeof staticFolder>[1]) => {
    const folder = staticFolder(langRoot, opts);
    return new Hono().get('*', async (c) => (await folder(c)) ?? c.text('not here', 404));
  };
  const lang = langApp({ publicUrl: 'https://www.nubefibra.example', language: pick });

  it.each([
    ['en-GB,en;q=0.9', '/en/'],
    ['es-ES', '/es/'],
    [undefined, '/es/'],
  ])('sends / with Accept-Language %s to %s, saying caches must tell languages apart', async (header, location) => {
    const res = await lang.request('http://site.test/', header ? { headers: { 'Accept-Language': header } } : {});
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(location);
    expect(res.headers.get('vary')).toBe('Accept-Language');
  });

  it('never builds a path from what the language function answers unless it is a plain language code with a home page', async () => {
    for (const answer of ['../etc', 'fr', 'EN', '//evil.example', '']) {
      const res = await langApp({ language: () => answer }).request('http://site.test/', { headers: { 'Accept-Language': 'en' } });
      expect(res.status, answer).toBe(404);
    }
  });

  it('writes the public URL into HTML files only, so hreflang links are absolute', async () => {
    expect(await (await lang.request('http://site.test/en/')).text()).toBe('<link rel="alternate" hreflang="en" href="https://www.nubefibra.example/en/"><p>en</p>');
    expect(await (await lang.request('http://site.test/notes.txt')).text()).toBe('keep %PUBLIC_URL% as written');
  });

  it('serves a root index.html as it is when the site has one (no language choice)', async () => {
    const res = await app.request('http://site.test/', { headers: { 'Accept-Language': 'en' } });
    expect(res.status).toBe(404); // this site has no home page at all: nothing is invented
    writeFileSync(join(langRoot, 'index.html'), '<p>home</p>');
    try {
      const home = await lang.request('http://site.test/', { headers: { 'Accept-Language': 'en' } });
      expect(home.status).toBe(200);
      expect(await home.text()).toBe('<p>home</p>');
    } finally {
      rmSync(join(langRoot, 'index.html'));
    }
  });
});
