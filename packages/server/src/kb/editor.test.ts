// The knowledge-base editor's API through the real HTTP app: drafts customers never see,
// publishing, taking down, revisions and restore, conflicts, categories, synonyms, the staff
// search with internal articles, roles, the audit log, bad input, and a publish reaching a
// second server process on the same database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINTS, type KbEditorArticle } from '@ayuda/core';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { expectProblem, problemFields } from '../testing/problems.js';

const API = '/api/v1';
const DRAFT = { title: 'Cambiar la titularidad', category: 'billing', tags: ['titular'], visibility: 'public', type: 'article', translation: null, body: 'Rellena el **formulario** y mira [cómo pagar](pagar-factura). Con zafiro.' };

describe.each(testDatabases())('knowledge-base editor on %s', (kind) => {
  let t: TestApp;
  let token: string;
  let agent: SignedInStaff;

  beforeAll(async () => {
    t = await createTestApp(kind);
    token = (await t.staffTokens.create('Editor')).token;
    agent = await signInStaff(t, { role: 'agent' });
  });
  afterAll(() => t?.dispose());

  const admin = (path: string, method = 'GET', body?: unknown) =>
    t.request(`${API}/staff/kb${path}`, { method, headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) }, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
  const json = async <T = KbEditorArticle>(res: Response | Promise<Response>, status = 200): Promise<T> => {
    const r = await res;
    const text = await r.text();
    expect(r.status, text).toBe(status);
    return JSON.parse(text) as T;
  };
  const publicArticle = (slug: string, locale = 'es') => t.request(`${API}/kb/articles/${locale}/${slug}`);
  const publicSearch = async (q: string, locale = 'es') => ((await (await t.request(`${API}/kb/search?q=${encodeURIComponent(q)}&locale=${locale}`)).json()) as { results: Array<{ slug: string }> }).results.map((r) => r.slug);
  const sitemap = async () => (await t.request('/sitemap.xml')).text();

  it('keeps a draft from the portal, the API, the search index and the sitemap until it is published', async () => {
    const saved = await json(admin('/articles/es/cambiar-titular', 'PUT', DRAFT));
    expect(saved).toMatchObject({ state: 'draft', published: null, draft: { title: DRAFT.title, body: DRAFT.body, baseRevisionId: null, updatedByName: 'Editor' }, currentRevisionId: null, conflict: false });

    expect((await publicArticle('cambiar-titular')).status).toBe(404);
    expect((await t.request('/help/es/articles/cambiar-titular')).status).toBe(404);
    const list = (await (await t.request(`${API}/kb/articles?locale=es`)).json()) as { articles: Array<{ slug: string }> };
    expect(list.articles.map((a) => a.slug)).not.toContain('cambiar-titular');
    expect(await publicSearch('zafiro')).toEqual([]);
    expect(JSON.stringify(await (await t.request(`${API}/kb/index/es`)).json())).not.toContain('cambiar-titular');
    expect(await sitemap()).not.toContain('cambiar-titular');

    // Staff see it, with its state.
    const rows = await json<{ articles: Array<{ slug: string; state: string }> }>(admin('/articles?locale=es&state=draft'));
    expect(rows.articles.map((a) => a.slug)).toEqual(['cambiar-titular']);

    const published = await json(admin('/articles/es/cambiar-titular/publish', 'POST'));
    expect(published).toMatchObject({ state: 'published', draft: null, published: { title: DRAFT.title, source: 'console', updated: '2026-11-20' } });
    expect(published.published!.html).toContain('<strong>formulario</strong>');
    expect(published.published!.html).toContain('href="/help/es/articles/pagar-factura"');
    expect(published.currentRevisionId).toEqual(expect.any(Number));

    expect((await publicArticle('cambiar-titular')).status).toBe(200);
    expect(await (await t.request('/help/es/articles/cambiar-titular')).text()).toContain('Cambiar la titularidad');
    expect(await publicSearch('zafiro')).toEqual(['cambiar-titular']);
    expect(await sitemap()).toContain('/help/es/articles/cambiar-titular');
  });

  it('keeps the published text live while a change waits as a draft', async () => {
    const before = (await (await publicArticle('pagar-factura')).json()) as { html: string };
    const current = await json(admin('/articles/es/pagar-factura'));
    expect(current.state).toBe('published');
    const body = `${current.published!.body}\n\nTexto nuevo con esmeralda.`;
    const saved = await json(admin('/articles/es/pagar-factura', 'PUT', { ...current.published, body, source: undefined, html: undefined, updated: undefined, updatedAt: undefined }));
    expect(saved.state).toBe('changed');
    expect(((await (await publicArticle('pagar-factura')).json()) as { html: string }).html).toBe(before.html);
    expect(await publicSearch('esmeralda')).toEqual([]);
    expect((await admin('/articles/es/pagar-factura/draft', 'DELETE')).status).toBe(204);
    expect((await json(admin('/articles/es/pagar-factura'))).state).toBe('published');
    await expectProblem(await admin('/articles/es/pagar-factura/draft', 'DELETE'), 404, 'not-found');
    await expectProblem(await admin('/articles/es/pagar-factura/publish', 'POST'), 404, 'not-found');
  });

  it('lists revisions newest first, shows one with its text, and restores an old one as a new draft', async () => {
    const slug = 'historia';
    await json(admin(`/articles/en/${slug}`, 'PUT', { ...DRAFT, title: 'History v1', body: 'First text, with amethyst.' }));
    const v1 = (await json(admin(`/articles/en/${slug}/publish`, 'POST'))).currentRevisionId!;
    await json(admin(`/articles/en/${slug}`, 'PUT', { ...DRAFT, title: 'History v2', body: 'Second text, with obsidian.' }));
    const v2 = (await json(admin(`/articles/en/${slug}/publish`, 'POST'))).currentRevisionId!;
    expect(v2).toBeGreaterThan(v1);

    const list = await json<{ revisions: Array<{ id: number; source: string; title: string; publishedByName: string }> }>(admin(`/articles/en/${slug}/revisions`));
    expect(list.revisions.map((r) => [r.id, r.source, r.title])).toEqual([
      [v2, 'console', 'History v2'],
      [v1, 'console', 'History v1'],
    ]);
    expect(list.revisions[0]!.publishedByName).toBe('Editor');
    const old = await json<{ body: string; title: string }>(admin(`/articles/en/${slug}/revisions/${v1}`));
    expect(old).toMatchObject({ title: 'History v1', body: 'First text, with amethyst.' });

    const restored = await json(admin(`/articles/en/${slug}/revisions/${v1}/restore`, 'POST'));
    expect(restored).toMatchObject({ state: 'changed', draft: { title: 'History v1', body: 'First text, with amethyst.', baseRevisionId: v2 }, conflict: false });
    // Restoring is a draft: the live text is still v2 until it is published.
    expect(((await (await publicArticle(slug, 'en')).json()) as { title: string }).title).toBe('History v2');
    await json(admin(`/articles/en/${slug}/publish`, 'POST'));
    const live = (await (await publicArticle(slug, 'en')).json()) as { title: string; html: string };
    expect(live.title).toBe('History v1');
    expect(live.html).toContain('amethyst');
    expect(await publicSearch('obsidian', 'en')).toEqual([]);
    expect(await publicSearch('amethyst', 'en')).toEqual([slug]);

    await expectProblem(await admin(`/articles/en/${slug}/revisions/999999`), 404, 'not-found');
    await expectProblem(await admin(`/articles/es/${slug}/revisions/${v1}`), 404, 'not-found'); // another article's revision
    await expectProblem(await admin(`/articles/en/${slug}/revisions/abc`), 400, 'validation-error');
  });

  it('refuses to publish a draft started before the article last changed, unless forced', async () => {
    const slug = 'conflicto';
    await json(admin(`/articles/es/${slug}`, 'PUT', { ...DRAFT, title: 'Uno' }));
    const first = (await json(admin(`/articles/es/${slug}/publish`, 'POST'))).currentRevisionId!;
    await json(admin(`/articles/es/${slug}`, 'PUT', { ...DRAFT, title: 'Dos' }));
    await json(admin(`/articles/es/${slug}/publish`, 'POST'));
    // An editor who loaded the first version saves over it.
    const stale = await json(admin(`/articles/es/${slug}`, 'PUT', { ...DRAFT, title: 'Tres', baseRevisionId: first }));
    expect(stale.conflict).toBe(true);
    const p = await expectProblem(await admin(`/articles/es/${slug}/publish`, 'POST'), 409, 'conflict');
    expect(p.detail).toMatch(/force=true/);
    expect(((await (await publicArticle(slug)).json()) as { title: string }).title).toBe('Dos');
    await expectProblem(await admin(`/articles/es/${slug}/publish?force=maybe`, 'POST'), 400, 'validation-error');
    await json(admin(`/articles/es/${slug}/publish?force=true`, 'POST'));
    expect(((await (await publicArticle(slug)).json()) as { title: string }).title).toBe('Tres');
  });

  it('takes an article down as a revision, and brings it back by restoring that revision', async () => {
    const slug = 'retirar';
    await json(admin(`/articles/es/${slug}`, 'PUT', { ...DRAFT, title: 'Retirar', body: 'Texto con turquesa.' }));
    await json(admin(`/articles/es/${slug}/publish`, 'POST'));
    const down = await json(admin(`/articles/es/${slug}/unpublish`, 'POST'));
    expect(down).toMatchObject({ state: 'unpublished', published: null, draft: null });
    expect((await publicArticle(slug)).status).toBe(404);
    expect(await publicSearch('turquesa')).toEqual([]);
    expect(await sitemap()).not.toContain(`/articles/${slug}`);
    const rows = await json<{ articles: Array<{ slug: string }> }>(admin('/articles?state=unpublished'));
    expect(rows.articles.map((a) => a.slug)).toContain(slug);
    await expectProblem(await admin(`/articles/es/${slug}/unpublish`, 'POST'), 404, 'not-found');

    const { revisions } = await json<{ revisions: Array<{ id: number; source: string }> }>(admin(`/articles/es/${slug}/revisions`));
    expect(revisions[0]!.source).toBe('unpublish');
    await json(admin(`/articles/es/${slug}/revisions/${revisions[0]!.id}/restore`, 'POST'));
    await json(admin(`/articles/es/${slug}/publish`, 'POST'));
    expect(await publicSearch('turquesa')).toEqual([slug]);
  });

  it('saves a new article with If-None-Match: * only where no article is, was or waits as a draft', async () => {
    const create = (slug: string, body = DRAFT) =>
      t.request(`${API}/staff/kb/articles/es/${slug}`, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-None-Match': '*' }, body: JSON.stringify(body) });
    // A published article is never overwritten by "new article".
    const before = (await json(admin('/articles/es/pagar-factura'))).published!.body;
    const taken = await expectProblem(await create('pagar-factura', { ...DRAFT, body: 'Otro texto' }), 412, 'precondition-failed');
    expect(taken.detail).toContain('pagar-factura');
    const after = await json(admin('/articles/es/pagar-factura'));
    expect(after.published!.body).toBe(before);
    expect(after.draft).toBeNull();
    // A new address is saved; a second "new article" on it (the draft) is refused.
    expect((await json(create('articulo-nuevo-unico'))).draft?.title).toBe(DRAFT.title);
    await expectProblem(await create('articulo-nuevo-unico', { ...DRAFT, title: 'Otro' }), 412, 'precondition-failed');
    expect((await json(admin('/articles/es/articulo-nuevo-unico'))).draft?.title).toBe(DRAFT.title);
  });

  it('refuses a save made on a draft someone else changed, published or discarded meanwhile (expectedDraftAt)', async () => {
    const slug = 'dos-editores';
    // Nobody's draft yet: "null" is right, then the draft is Ana's.
    const first = await json(admin(`/articles/es/${slug}`, 'PUT', { ...DRAFT, title: 'Uno', expectedDraftAt: null }));
    const seen = first.draft!.updatedAt;
    // A second editor who also saw no draft is refused, naming who saved.
    const late = await expectProblem(await admin(`/articles/es/${slug}`, 'PUT', { ...DRAFT, title: 'Dos', expectedDraftAt: null }), 412, 'precondition-failed');
    expect(late.detail).toContain('Editor');
    // The first editor, with the draft they saw, saves again; the other one's old view is refused.
    t.clock.advance(1000);
    const again = await json(admin(`/articles/es/${slug}`, 'PUT', { ...DRAFT, title: 'Uno bis', expectedDraftAt: seen }));
    expect(again.draft!.title).toBe('Uno bis');
    await expectProblem(await admin(`/articles/es/${slug}`, 'PUT', { ...DRAFT, title: 'Tres', expectedDraftAt: seen }), 412, 'precondition-failed');
    expect((await json(admin(`/articles/es/${slug}`))).draft!.title).toBe('Uno bis');
    // Without expectedDraftAt (a script), the last save wins as before.
    expect((await json(admin(`/articles/es/${slug}`, 'PUT', { ...DRAFT, title: 'Script' }))).draft!.title).toBe('Script');
  });

  it('refuses bad drafts with a problem naming each field', async () => {
    const bad = await expectProblem(
      await admin('/articles/es/malo', 'PUT', { title: ' ', category: 'No Vale', tags: ['', 'x'.repeat(51)], visibility: 'secret', type: 'guide', translation: 'Otra Cosa', body: '', extra: 1 }),
      422,
      'validation-error',
    );
    expect(problemFields(bad)).toEqual(expect.arrayContaining(['body.title', 'body.category', 'body.tags.0', 'body.tags.1', 'body.visibility', 'body.type', 'body.translation', 'body.body']));
    expect(bad.errors!.some((e) => e.message.includes('extra'))).toBe(true);

    const unknown = await expectProblem(await admin('/articles/es/malo', 'PUT', { ...DRAFT, category: 'nope' }), 422, 'validation-error');
    expect(problemFields(unknown)).toEqual(['body.category']);
    const faq = await expectProblem(await admin('/articles/es/malo', 'PUT', { ...DRAFT, type: 'faq', body: 'No questions here.' }), 422, 'validation-error');
    expect(problemFields(faq)).toEqual(['body.type']);
    await expectProblem(await admin('/articles/es/Malo%20Slug', 'PUT', DRAFT), 400, 'validation-error');
    await expectProblem(await admin('/articles/fr/malo', 'PUT', DRAFT), 400, 'validation-error');
    await expectProblem(await admin('/articles/es/malo', 'PUT', '{"title":'), 400, 'validation-error');
    await expectProblem(await admin('/articles/es/malo', 'PUT', { ...DRAFT, body: 'a\u0000b' }), 422, 'validation-error');
    await expectProblem(await admin('/articles/es/malo'), 404, 'not-found');
    await expectProblem(await admin('/articles?state=lost'), 400, 'validation-error');
  });

  it('edits categories and synonyms, which the portal and search use at once', async () => {
    const created = await json<{ categories: Array<{ key: string; position: number }> }>(admin('/categories', 'POST', { key: 'mudanzas', es: { name: 'Mudanzas', description: 'Cambios de domicilio.' }, en: { name: 'Moving', description: '' }, position: 1 }), 201);
    expect(created.categories.map((c) => c.key)).toEqual(['billing', 'mudanzas', 'router', 'priority', 'internal']);
    await expectProblem(await admin('/categories', 'POST', { key: 'mudanzas', es: { name: 'X' }, en: { name: 'X' } }), 409, 'conflict');
    const bad = await expectProblem(await admin('/categories', 'POST', { key: 'Mal', es: { name: '' }, en: {} }), 422, 'validation-error');
    expect(problemFields(bad)).toEqual(expect.arrayContaining(['body.key', 'body.es.name', 'body.en.name']));

    await json(admin('/categories/billing', 'PATCH', { es: { name: 'Facturas y pagos', description: 'Todo sobre facturas.' } }));
    const cats = (await (await t.request(`${API}/kb/categories?locale=es`)).json()) as { categories: Array<{ key: string; name: string }> };
    expect(cats.categories.find((c) => c.key === 'billing')!.name).toBe('Facturas y pagos');
    await expectProblem(await admin('/categories/nada', 'PATCH', { es: { name: 'Nada' } }), 404, 'not-found');
    await expectProblem(await admin('/categories/billing', 'PATCH', {}), 422, 'validation-error');

    const missing = await expectProblem(await admin('/category-order', 'PUT', { keys: ['router', 'billing', 'zzz'] }), 422, 'validation-error');
    expect(problemFields(missing)).toEqual(['body.keys', 'body.keys.2']);
    const ordered = await json<{ categories: Array<{ key: string }> }>(admin('/category-order', 'PUT', { keys: ['router', 'billing', 'mudanzas', 'priority', 'internal'] }));
    expect(ordered.categories.map((c) => c.key)).toEqual(['router', 'billing', 'mudanzas', 'priority', 'internal']);

    // A draft may now use the new category.
    await json(admin('/articles/es/mudarse', 'PUT', { ...DRAFT, category: 'mudanzas', body: 'Cómo llevar la fibra a tu casa nueva.' }));

    expect(await json(admin('/synonyms'))).toEqual({ es: [['factura', 'recibo']], en: [['bill', 'invoice']] });
    // Without the synonym the article on changing the holder is not found (a typo reading of
    // "traslado" may find others, two edits away).
    expect(await publicSearch('traslado')).not.toContain('cambiar-titular');
    const badSyn = await expectProblem(await admin('/synonyms', 'PUT', { es: [['solo']], de: [] }), 422, 'validation-error');
    expect(problemFields(badSyn)).toEqual(expect.arrayContaining(['body.es.0']));
    await json(admin('/synonyms', 'PUT', { es: [['factura', 'recibo'], ['traslado', 'titularidad']], en: [] }));
    expect(await publicSearch('traslado')).toContain('cambiar-titular');
  });

  it('keeps the history of the categories and the synonyms, and restores an earlier value as a new change', async () => {
    type History = { kind: string; revisions: Array<{ id: number; source: string; changedByName: string; value: unknown }> };
    // The test above changed both; each history starts with what the import gave.
    const cats = await json<History>(admin('/history/categories'));
    expect(cats.revisions.at(-1)).toMatchObject({ source: 'import' });
    expect((cats.revisions.at(-1)!.value as Array<{ key: string }>).map((c) => c.key)).toEqual(['billing', 'router', 'priority', 'internal']);
    expect(cats.revisions[0]).toMatchObject({ source: 'console', changedByName: 'Editor' });
    const syns = await json<History>(admin('/history/synonyms'));
    expect(syns.revisions.map((r) => r.source)).toEqual(['console', 'import']);

    // Back to the import's categories: names and order return; "mudanzas", made since (a draft uses it), stays at the end.
    const restored = await json<{ source: string }>(admin(`/history/categories/${cats.revisions.at(-1)!.id}/restore`, 'POST'));
    expect(restored.source).toBe('restore');
    const now = await json<{ categories: Array<{ key: string; es: { name: string } }> }>(admin('/categories'));
    expect(now.categories.map((c) => c.key)).toEqual(['billing', 'router', 'priority', 'internal', 'mudanzas']);
    expect(now.categories[0]!.es.name).not.toBe('Facturas y pagos');
    const portalCats = (await (await t.request(`${API}/kb/categories?locale=es`)).json()) as { categories: Array<{ key: string; name: string }> };
    expect(portalCats.categories.find((c) => c.key === 'billing')!.name).not.toBe('Facturas y pagos');

    // The synonyms too: "traslado" no longer finds the article.
    await json(admin(`/history/synonyms/${syns.revisions.at(-1)!.id}/restore`, 'POST'));
    expect(await json(admin('/synonyms'))).toEqual({ es: [['factura', 'recibo']], en: [['bill', 'invoice']] });
    // Without the synonym the article on changing the holder is not found (a typo reading of
    // "traslado" may find others, two edits away).
    expect(await publicSearch('traslado')).not.toContain('cambiar-titular');
    expect((await json<History>(admin('/history/synonyms'))).revisions.map((r) => r.source)).toEqual(['restore', 'console', 'import']);

    // Bad input, another kind's id, and agents.
    await expectProblem(await admin('/history/tags'), 400, 'validation-error');
    await expectProblem(await admin(`/history/synonyms/${cats.revisions[0]!.id}/restore`, 'POST'), 404, 'not-found');
    await expectProblem(await admin('/history/synonyms/abc/restore', 'POST'), 400, 'validation-error');
    const byAgent = await t.request(`${API}/staff/kb/history/synonyms/${syns.revisions[0]!.id}/restore`, { method: 'POST', headers: agent.headers(true) });
    expect(byAgent.status).toBe(403);
    expect((await t.request(`${API}/staff/kb/history/categories`, { headers: agent.headers() })).status).toBe(200);
  });

  it('finds internal articles for staff, never for the public', async () => {
    const internal = (await json<{ articles: Array<{ slug: string; visibility: string; locale: string }> }>(admin('/articles'))).articles.find((a) => a.visibility === 'internal')!;
    const full = await json(admin(`/articles/${internal.locale}/${internal.slug}`));
    const word = full.published!.title.split(/\s+/).find((w) => w.length > 4)!;
    const staff = await json<{ results: Array<{ slug: string; visibility: string }> }>(t.request(`${API}/staff/kb/search?q=${encodeURIComponent(word)}&locale=${internal.locale}`, { headers: agent.headers() }));
    expect(staff.results).toContainEqual(expect.objectContaining({ slug: internal.slug, visibility: 'internal' }));
    expect(await publicSearch(word, internal.locale)).not.toContain(internal.slug);
    await expectProblem(await t.request(`${API}/staff/kb/search?locale=es`, { headers: agent.headers() }), 400, 'validation-error');
    await expectProblem(await t.request(`${API}/staff/kb/search?q=x&locale=es`), 401, 'unauthorized');
  });

  it('previews an article as the portal will render it: relative links, FAQ questions, sanitised', async () => {
    const r = await json<{ html: string; faq: Array<{ question: string }> | null }>(admin('/preview', 'POST', { markdown: '## ¿Cuándo llega?\n\nEl día 1. Mira [esto](pagar-factura).\n\n<script>alert(1)</script>', locale: 'es', type: 'faq' }));
    expect(r.html).toContain('href="/help/es/articles/pagar-factura"');
    expect(r.html).not.toContain('<script');
    expect(r.faq!.map((q) => q.question)).toEqual(['¿Cuándo llega?']);
    const table = await json<{ html: string }>(admin('/preview', 'POST', { markdown: '## Precios\n\n| Plan | Price |\n|---|---|\n| A | 1 € |', locale: 'en', type: 'article' }));
    expect(table.html).toContain('<div class="table-scroll" role="region" tabindex="0" aria-label="Table: Precios"><table>');
    const bad = await expectProblem(await admin('/preview', 'POST', { markdown: 1, locale: 'de' }), 422, 'validation-error');
    expect(problemFields(bad)).toEqual(['body.locale', 'body.markdown']);
  });

  it('lets agents read, and answers them 403 on every admin endpoint', async () => {
    expect((await t.request(`${API}/staff/kb/articles`, { headers: agent.headers() })).status).toBe(200);
    expect((await t.request(`${API}/staff/kb/articles/es/pagar-factura/revisions`, { headers: agent.headers() })).status).toBe(200);
    const adminOnly = Object.values(ENDPOINTS).filter((e) => e.path.startsWith('/staff/kb/') && e.auth === 'admin');
    expect(adminOnly.length).toBeGreaterThanOrEqual(9);
    for (const e of adminOnly) {
      const path = e.path.replace('{locale}', 'es').replace('{slug}', 'pagar-factura').replace('{id}', '1').replace('{key}', 'billing');
      const res = await t.request(`${API}${path}`, { method: e.method.toUpperCase(), headers: { ...agent.headers(true), 'Content-Type': 'application/json' }, body: e.method === 'delete' ? null : JSON.stringify({ ...DRAFT, keys: ['billing'], es: [], en: [] }) });
      await expectProblem(res, 403, 'forbidden');
    }
    // Without the CSRF token, a session cookie changes nothing either.
    const admin2 = await signInStaff(t, { role: 'admin' });
    await expectProblem(await t.request(`${API}/staff/kb/articles/es/csrf`, { method: 'PUT', headers: { ...admin2.headers(false), 'Content-Type': 'application/json' }, body: JSON.stringify(DRAFT) }), 403, 'csrf-failed');
    const ok = await t.request(`${API}/staff/kb/articles/es/csrf`, { method: 'PUT', headers: { ...admin2.headers(true), 'Content-Type': 'application/json' }, body: JSON.stringify(DRAFT) });
    expect(ok.status).toBe(200);
  });

  it('records every change in the audit log, naming the article', async () => {
    await json(admin('/articles/es/auditado', 'PUT', DRAFT));
    await json(admin('/articles/es/auditado/publish', 'POST'));
    const res = await t.request(`${API}/staff/audit?action=kb&limit=100`, { headers: { Authorization: `Bearer ${token}` } });
    const { entries } = (await res.json()) as { entries: Array<{ action: string; target: string | null; data: Record<string, unknown> }> };
    const mine = entries.filter((e) => e.target === 'kb:es/auditado').map((e) => e.action);
    expect(mine).toEqual(['kb.publish', 'kb.draft.save']);
    const actions = new Set(entries.map((e) => e.action));
    for (const a of ['kb.revision.restore', 'kb.unpublish', 'kb.category.create', 'kb.category.update', 'kb.category.order', 'kb.synonyms.replace', 'kb.draft.discard']) expect(actions, a).toContain(a);
  });

  it('keeps of a draft’s save the title and which fields changed (their values before and after), never the article’s text', async () => {
    const audited = async () => {
      const res = await t.request(`${API}/staff/audit?action=kb.draft.save&target=${encodeURIComponent('kb:es/audit-breve')}&limit=1`, { headers: { Authorization: `Bearer ${token}` } });
      return ((await res.json()) as { entries: Array<{ data: Record<string, unknown> }> }).entries[0]!.data;
    };
    const long = `${'Un texto largo que el registro no necesita. '.repeat(100)}Con zafiro.`;
    await json(admin('/articles/es/audit-breve', 'PUT', { ...DRAFT, body: long }));
    expect(await audited()).toEqual({ title: DRAFT.title, created: true, changed: [], before: {}, after: {} });
    // Changed against the draft it replaces.
    await json(admin('/articles/es/audit-breve', 'PUT', { ...DRAFT, title: 'Titularidad: cambiarla', tags: ['titular', 'contrato'], body: `${long} Más.` }));
    const second = await audited();
    expect(second).toEqual({ title: 'Titularidad: cambiarla', created: false, changed: ['title', 'tags', 'body'], before: { title: DRAFT.title, tags: ['titular'] }, after: { title: 'Titularidad: cambiarla', tags: ['titular', 'contrato'] } });
    expect(JSON.stringify(second)).not.toContain('largo');
    // Published, then a new draft: changed against the revision it starts from.
    await json(admin('/articles/es/audit-breve/publish', 'POST'));
    await json(admin('/articles/es/audit-breve', 'PUT', { ...DRAFT, title: 'Titularidad: cambiarla', tags: ['titular', 'contrato'], body: `${long} Más.`, visibility: 'internal' }));
    expect(await audited()).toMatchObject({ created: false, changed: ['visibility'], before: { visibility: 'public' }, after: { visibility: 'internal' } });
  });
});

describe.each(testDatabases())('a publish reaching another server process on %s', (kind) => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp(kind);
    b = await createTestApp(kind, { database: a.database, kb: false });
  });
  afterAll(async () => {
    await b?.dispose();
    await a?.dispose();
  });

  it('shows in the other process’s search and pages within a second', async () => {
    const token = (await a.staffTokens.create('Editor')).token;
    const search = async (app: TestApp) => ((await (await app.request(`${API}/kb/search?q=granate&locale=es`)).json()) as { results: Array<{ slug: string }> }).results.map((r) => r.slug);
    expect(await search(b)).toEqual([]); // b has built and cached its index
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    expect((await a.request(`${API}/staff/kb/articles/es/granate`, { method: 'PUT', headers, body: JSON.stringify({ ...DRAFT, body: 'Texto con granate.' }) })).status).toBe(200);
    expect((await a.request(`${API}/staff/kb/articles/es/granate/publish`, { method: 'POST', headers })).status).toBe(200);
    const published = Date.now();
    expect((await b.request('/help/es/articles/granate')).status).toBe(200);
    let seen = await search(b);
    while (!seen.includes('granate') && Date.now() - published < 2000) {
      await new Promise((r) => setTimeout(r, 25));
      seen = await search(b);
    }
    expect(seen).toEqual(['granate']);
    expect(Date.now() - published).toBeLessThan(1000);
  });
});
