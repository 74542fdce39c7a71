// Content health through the real HTTP app: zero-result searches and "no" votes of the period,
// stale articles, articles missing a translation; bounded lists, one language or both, agents
// may read, bad input refused naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KbHealth } from '@ayuda/core';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { expectProblem, problemFields } from '../testing/problems.js';

const API = '/api/v1';
const NOW = '2026-11-20T10:00:00Z';

describe.each(testDatabases())('knowledge-base content health on %s', (kind) => {
  let t: TestApp;
  let token: string;
  let agent: SignedInStaff;

  const admin = (path: string, method = 'GET', body?: unknown) =>
    t.request(`${API}${path}`, { method, headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const events = async (list: unknown[]) => expect((await t.request(`${API}/analytics/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ events: list }) })).status).toBe(202);
  const health = async (query = ''): Promise<KbHealth> => {
    const res = await admin(`/staff/kb/health${query}`);
    const text = await res.text();
    expect(res.status, text).toBe(200);
    return JSON.parse(text) as KbHealth;
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    token = (await t.staffTokens.create('Editor')).token;
    agent = await signInStaff(t, { role: 'agent' });

    // An article published a year and a half ago, in Spanish only.
    t.clock.set('2025-05-10T09:00:00Z');
    const draft = { title: 'Instalar el decodificador antiguo', category: 'billing', tags: [], visibility: 'public', type: 'article', translation: null, body: 'Conecta el cable HDMI.' };
    expect((await admin('/staff/kb/articles/es/decodificador-antiguo', 'PUT', draft)).status).toBe(200);
    expect((await admin('/staff/kb/articles/es/decodificador-antiguo/publish', 'POST')).status).toBe(200);
    // A search that found nothing two months ago: outside the default 30 days.
    t.clock.set('2026-09-15T10:00:00Z');
    await events([{ type: 'search', locale: 'es', query: 'fibra óptica', resultCount: 0 }]);
    await t.analytics.flush();
    t.clock.set(NOW);
    await events([
      { type: 'search', locale: 'es', query: 'Portabilidad', resultCount: 0 },
      { type: 'search', locale: 'es', query: 'portabilidad ', resultCount: 0 },
      { type: 'search', locale: 'es', query: 'fibra optica', resultCount: 0 },
      { type: 'search', locale: 'es', query: 'factura', resultCount: 3 },
      { type: 'search', locale: 'en', query: 'roaming', resultCount: 0 },
      { type: 'feedback', locale: 'es', slug: 'pagar-factura', helpful: false },
      { type: 'feedback', locale: 'es', slug: 'pagar-factura', helpful: false },
      { type: 'feedback', locale: 'es', slug: 'pagar-factura', helpful: true },
      { type: 'feedback', locale: 'es', slug: 'preguntas-factura', helpful: false },
      // Only "yes": not unhelpful. A slug that is not published: leads nowhere, left out.
      { type: 'feedback', locale: 'en', slug: 'pay-bill', helpful: true },
      { type: 'feedback', locale: 'es', slug: 'no-existe', helpful: false },
      { type: 'feedback', locale: 'es', slug: 'no-existe', helpful: false },
      { type: 'feedback', locale: 'es', slug: 'no-existe', helpful: false },
    ]);
  });
  afterAll(() => t?.dispose());

  it('lists the four kinds of trouble, each item naming its article', async () => {
    // No flush here: the report itself counts what the analytics still buffer.
    const h = await health('?locale=es');
    expect(h.locale).toBe('es');
    expect(h.to).toBe(new Date(NOW).toISOString());
    expect(h.from).toBe('2026-10-21T10:00:00.000Z');
    expect(h.zeroResultSearches.map((s) => [s.query.trim().toLowerCase(), s.count])).toEqual([
      ['portabilidad', 2],
      ['fibra optica', 1],
    ]);
    expect(h.zeroResultSearches[0]).toMatchObject({ locale: 'es', lastSearchedAt: new Date(NOW).toISOString() });
    expect(h.unhelpful).toEqual([
      { locale: 'es', slug: 'pagar-factura', title: 'Cómo pagar tu factura', no: 2, yes: 1 },
      { locale: 'es', slug: 'preguntas-factura', title: 'Preguntas frecuentes sobre la factura', no: 1, yes: 0 },
    ]);
    expect(h.stale).toEqual([{ locale: 'es', slug: 'decodificador-antiguo', title: 'Instalar el decodificador antiguo', updated: '2025-05-10' }]);
    // Those with a counterpart (pagar-factura ↔ pay-bill, …) are not listed; those without a key are.
    expect(h.untranslated.map((a) => [a.slug, a.missing, a.translation])).toEqual([
      ['cambiar-contrasena-wifi', 'en', null],
      ['decodificador-antiguo', 'en', null],
      ['escalar-averia', 'en', null],
    ]);
  });

  it('covers both languages, a longer period, and keeps each list within the limit', async () => {
    const both = await health();
    expect(both.locale).toBeNull();
    expect(both.zeroResultSearches.map((s) => s.locale).sort()).toEqual(['en', 'es', 'es']);
    expect((await health('?locale=en')).untranslated).toEqual([]);
    // A year: the search of September counts with the one of today (one query key).
    const year = await health('?locale=es&days=365');
    expect(year.zeroResultSearches.find((s) => s.query.toLowerCase().startsWith('fibra'))!.count).toBe(2);
    const one = await health('?limit=1');
    for (const list of [one.zeroResultSearches, one.unhelpful, one.stale, one.untranslated]) expect(list).toHaveLength(1);
  });

  it('lets agents read it, refuses strangers and bad input', async () => {
    expect((await t.request(`${API}/staff/kb/health?locale=es`, { headers: agent.headers() })).status).toBe(200);
    await expectProblem(await t.request(`${API}/staff/kb/health`), 401, 'unauthorized');
    const bad = await expectProblem(await admin('/staff/kb/health?locale=fr&days=0&limit=1000'), 400, 'validation-error');
    expect(problemFields(bad)).toEqual(['query.days', 'query.limit', 'query.locale']);
    await expectProblem(await admin('/staff/kb/health?days=tomorrow'), 400, 'validation-error');
  });
});
