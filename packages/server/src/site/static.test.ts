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
