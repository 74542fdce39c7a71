import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { linkBase, originReached } from './origin.js';

const app = new Hono().post('*', (c) => c.json({ origin: originReached(c) ?? null }));
const reached = async (url: string, origin?: string) =>
  ((await (await app.request(url, { method: 'POST', headers: origin === undefined ? {} : { Origin: origin } })).json()) as { origin: string | null }).origin;

describe('originReached', () => {
  it('answers the Origin that names the host the request reached, whatever the scheme the server saw', async () => {
    expect(await reached('http://ayuda.nubefibra.example/api/v1/cases', 'https://ayuda.nubefibra.example')).toBe('https://ayuda.nubefibra.example');
    expect(await reached('http://127.0.0.1:8787/help/es/contact', 'http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
  });

  it.each([
    ['no Origin', undefined],
    ['a page on another site (the widget embedded there)', 'https://www.nubefibra.example'],
    ['another port of the same host', 'http://ayuda.nubefibra.example:8080'],
    ['an opaque origin', 'null'],
    ['an origin with a path', 'https://ayuda.nubefibra.example/evil'],
    ['an origin with credentials', 'https://user@ayuda.nubefibra.example'],
    ['a script scheme', 'javascript://ayuda.nubefibra.example'],
    ['a file origin', 'file://ayuda.nubefibra.example'],
    ['not a URL', 'ayuda.nubefibra.example'],
    ['a trailing slash', 'https://ayuda.nubefibra.example/'],
  ])('answers nothing for %s', async (_name, origin) => {
    expect(await reached('http://ayuda.nubefibra.example/api/v1/cases', origin)).toBeNull();
  });
});

describe('linkBase', () => {
  const config = { publicUrl: 'https://help.nubefibra.example', corsOrigins: ['https://ayuda.nubefibra.example', 'http://127.0.0.1:8787'] };

  it('uses an allowed origin, and the public URL for its own origin or none', () => {
    expect(linkBase(config, 'https://ayuda.nubefibra.example')).toBe('https://ayuda.nubefibra.example');
    expect(linkBase(config, 'http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
    expect(linkBase(config, 'https://help.nubefibra.example')).toBe('https://help.nubefibra.example');
    expect(linkBase({ ...config, publicUrl: 'https://nubefibra.example/soporte' }, 'https://nubefibra.example')).toBe('https://nubefibra.example/soporte');
    expect(linkBase(config, undefined)).toBe('https://help.nubefibra.example');
    expect(linkBase(config, null)).toBe('https://help.nubefibra.example');
  });

  it('never uses an origin that is not allowed, however close it looks', () => {
    for (const forged of ['https://evil.example', 'http://ayuda.nubefibra.example', 'https://ayuda.nubefibra.example.evil.example', 'https://AYUDA.nubefibra.example', 'https://ayuda.nubefibra.example/', 'null', '']) {
      expect(linkBase(config, forged), forged).toBe('https://help.nubefibra.example');
    }
  });

  it('reads the allowed origins at each call', () => {
    const live = { publicUrl: 'https://help.nubefibra.example', corsOrigins: ['https://ayuda.nubefibra.example'] };
    expect(linkBase(live, 'https://ayuda.nubefibra.example')).toBe('https://ayuda.nubefibra.example');
    live.corsOrigins = [];
    expect(linkBase(live, 'https://ayuda.nubefibra.example')).toBe('https://help.nubefibra.example');
  });
});
