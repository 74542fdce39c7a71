// The reply preview through the real HTTP app: what the customer will see, made safe by the
// portal's sanitiser, and bad input.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STAFF_RATE_LIMITS } from './http.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';

const VECTORS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[a](javascript:alert(1))',
  '[a](  javascript:alert(1))',
  '[a](java\tscript:alert(1))',
  '[a](&#106;avascript:alert(1))',
  '![a](javascript:alert(1))',
  '[a](vbscript:msgbox(1))',
  '[a](data:text/html,<script>alert(1)</script>)',
  '<a href="javascript:alert(1)">x</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
];

describe.each(testDatabases())('reply preview on %s', (kind) => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false });
  });
  // A token per test: previews are limited per staff user and minute.
  beforeEach(async () => {
    token = (await t.staffTokens.create('Script')).token;
  });
  afterAll(() => t.dispose());

  const preview = (body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    t.request('/api/v1/staff/preview', { method: 'POST', headers: { Authorization: `Bearer ${token}`, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const html = async (markdown: string, locale?: string) => {
    const res = await preview({ markdown, ...(locale ? { locale } : {}) });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    return ((await res.json()) as { html: string }).html;
  };

  it('renders a reply as the customer will see it: line breaks kept, links to articles absolute', async () => {
    expect(await html('Hola:\nmira **esto**')).toBe('<p>Hola:<br />mira <strong>esto</strong></p>');
    expect(await html('[Pagar](pagar-factura)')).toBe('<p><a href="http://help.test/help/es/articles/pagar-factura" rel="noopener noreferrer nofollow">Pagar</a></p>');
    expect(await html('[Pay](pay-bill)', 'en')).toContain('href="http://help.test/help/en/articles/pay-bill"');
    expect(await html('[Guía](http://help.test/help/es/articles/pagar-factura#h-pasos)')).toContain('href="http://help.test/help/es/articles/pagar-factura#h-pasos"');
    expect(await html('[Guía](/help/es/articles/pagar-factura)')).toContain('href="http://help.test/help/es/articles/pagar-factura"');
    expect(await html('# Título')).toBe('<h2>Título</h2>');
    expect(await html('')).toBe('');
  });

  it.each(VECTORS)('neutralises %s', async (vector) => {
    for (const md of [vector, `Texto ${vector} más`, `- ${vector}`, `> ${vector}`]) {
      const out = await html(md);
      for (const tag of out.match(/<[^>]*>/g) ?? []) {
        expect(tag).not.toMatch(/^<\/?(script|svg|math|iframe|object|embed|form|input|button|details|body|base|meta|style|link|textarea)\b/i);
        expect(tag).not.toMatch(/\son\w+\s*=/i);
        expect(tag).not.toMatch(/\sstyle\s*=/i);
        expect(tag).not.toMatch(/(href|src|action|data)\s*=\s*["']?\s*(javascript|vbscript|data):/i);
      }
    }
  });

  it('answers markdown nested past the parser’s depth as text', async () => {
    expect(await html('>'.repeat(10_000))).toBe(`<p>${'&gt;'.repeat(10_000)}</p>`);
  });

  it('refuses bad input and callers who are not staff', async () => {
    expect((await t.request('/api/v1/staff/preview', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"markdown":"x"}' })).status).toBe(401);
    const fields = async (res: Response, status: number) => {
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      return [...new Set(((await res.json()).errors ?? []).map((e: { field: string }) => e.field))];
    };
    expect(await fields(await preview({}), 422)).toEqual(['body.markdown']);
    expect(await fields(await preview({ markdown: 42 }), 422)).toEqual(['body.markdown']);
    expect(await fields(await preview({ markdown: null }), 422)).toEqual(['body.markdown']);
    expect(await fields(await preview({ markdown: 'x'.repeat(20_001) }), 422)).toEqual(['body.markdown']);
    expect(await fields(await preview({ markdown: 'a\u0000b' }), 422)).toEqual(['body.markdown']);
    expect(await fields(await preview({ markdown: 'x', locale: 'fr' }), 422)).toEqual(['body.locale']);
    expect(await fields(await preview('not json'), 400)).toEqual(['body']);
    expect((await preview({ markdown: 'x'.repeat(300 * 1024) })).status).toBe(413);
    expect((await preview('markdown=x', { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    // The largest reply renders.
    expect((await preview({ markdown: '_a'.repeat(10_000) })).status).toBe(200);
  });

  it('limits previews per staff user and minute (429 with Retry-After); another user is not held up', async () => {
    for (let i = 0; i < STAFF_RATE_LIMITS.previewPerMinute; i++) expect((await preview({ markdown: `n.º ${i}` })).status).toBe(200);
    const limited = await preview({ markdown: 'one more' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    token = (await t.staffTokens.create('Another script')).token;
    expect((await preview({ markdown: 'mine' })).status).toBe(200);
  });
});
