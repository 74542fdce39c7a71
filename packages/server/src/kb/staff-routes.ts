// The knowledge-base editor's API (mounted at /staff/kb): every staff member may read
// (articles with their drafts, internal ones, revisions, categories, synonyms, staff search,
// preview, content health); only admins change anything. The staff gate writes each change to the audit log.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import {
  KbArticleParamsSchema,
  KbArticlePreviewSchema,
  KbArticlesQuerySchema,
  KbCategoryCreateSchema,
  KbCategoryOrderSchema,
  KbCategoryParamsSchema,
  KbCategoryPatchSchema,
  KbDraftInputSchema,
  KbHealthQuerySchema,
  KbPublishQuerySchema,
  KbRevisionParamsSchema,
  KbStaffSearchQuerySchema,
  KbSynonymsSchema, KbTaxonomyParamsSchema, KbTaxonomyRevisionParamsSchema } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { parseOrThrow } from '../http/problem.js';
import { readJson } from '../http/body.js';
import { respond } from '../http/respond.js';
import { staffGuards } from '../staff/http.js';
import { requireRole } from '../staff/roles.js';
import type { KbEditor } from './editor.js';
import type { KbService } from './service.js';
import type { KbHealthReport } from './health.js';

export function kbStaffRoutes(deps: { editor: KbEditor; kb: KbService; health: KbHealthReport; staffOnly: MiddlewareHandler<AppEnv>; previewLimit: MiddlewareHandler<AppEnv> }) {
  const { editor, kb } = deps;
  const admin = requireRole('admin');
  const article = (c: Context<AppEnv>) => {
    const p = parseOrThrow(KbArticleParamsSchema, c.req.param(), 'params');
    // The audit log names the article, not just its language (the first path parameter).
    c.set('audit', { target: `kb:${p.locale}/${p.slug}` });
    return p;
  };
  const app = new Hono<AppEnv>();
  app.use('*', ...staffGuards(deps.staffOnly));
  return app
    .get('/articles', async (c) => respond(c, 'staffKbArticles', await editor.list(parseOrThrow(KbArticlesQuerySchema, c.req.query(), 'query'))))
    .get('/articles/:locale/:slug', async (c) => {
      const p = article(c);
      return respond(c, 'staffKbArticle', await editor.get(p.locale, p.slug));
    })
    .put('/articles/:locale/:slug', admin, async (c) => {
      const p = article(c);
      const input = parseOrThrow(KbDraftInputSchema, await readJson(c), 'body');
      // `If-None-Match: *`: a new article only; one already there (published, taken down or a draft) is 412.
      const createOnly = c.req.header('if-none-match')?.trim() === '*';
      const { article: saved, changes } = await editor.saveDraftWithChanges(p.locale, p.slug, input, c.get('staff'), { createOnly });
      // The audit log keeps the title and which fields changed, not the article (every save would copy its text).
      c.set('audit', { target: `kb:${p.locale}/${p.slug}`, data: { ...changes }, body: false });
      return respond(c, 'staffKbSaveDraft', saved);
    })
    .delete('/articles/:locale/:slug/draft', admin, async (c) => {
      const p = article(c);
      await editor.discardDraft(p.locale, p.slug);
      return c.body(null, 204);
    })
    .post('/articles/:locale/:slug/publish', admin, async (c) => {
      const p = article(c);
      const q = parseOrThrow(KbPublishQuerySchema, c.req.query(), 'query');
      const published = await editor.publish(p.locale, p.slug, c.get('staff'), q);
      c.set('audit', { target: `kb:${p.locale}/${p.slug}`, data: { revisionId: published.currentRevisionId, force: q.force } });
      return respond(c, 'staffKbPublish', published);
    })
    .post('/articles/:locale/:slug/unpublish', admin, async (c) => {
      const p = article(c);
      const done = await editor.unpublish(p.locale, p.slug, c.get('staff'));
      c.set('audit', { target: `kb:${p.locale}/${p.slug}`, data: { revisionId: done.currentRevisionId } });
      return respond(c, 'staffKbUnpublish', done);
    })
    .get('/articles/:locale/:slug/revisions', async (c) => {
      const p = article(c);
      return respond(c, 'staffKbRevisions', await editor.revisions(p.locale, p.slug));
    })
    .get('/articles/:locale/:slug/revisions/:id', async (c) => {
      const p = parseOrThrow(KbRevisionParamsSchema, c.req.param(), 'params');
      return respond(c, 'staffKbRevision', await editor.revision(p.locale, p.slug, p.id));
    })
    .post('/articles/:locale/:slug/revisions/:id/restore', admin, async (c) => {
      const p = parseOrThrow(KbRevisionParamsSchema, c.req.param(), 'params');
      c.set('audit', { target: `kb:${p.locale}/${p.slug}`, data: { revisionId: p.id } });
      return respond(c, 'staffKbRestore', await editor.restore(p.locale, p.slug, p.id, c.get('staff')));
    })
    .post('/preview', deps.previewLimit, async (c) => {
      const input = parseOrThrow(KbArticlePreviewSchema, await readJson(c), 'body');
      return respond(c, 'staffKbPreview', editor.preview(input.markdown, input.locale, input.type));
    })
    .get('/search', async (c) => {
      const q = parseOrThrow(KbStaffSearchQuerySchema, c.req.query(), 'query');
      const { total, results } = await kb.staffSearch(q.locale, q.q, q.limit);
      return respond(c, 'staffKbSearch', { query: q.q, locale: q.locale, total, results: results.map((r) => ({ slug: r.slug, title: r.title, category: r.category, visibility: r.visibility, score: r.score, snippet: r.snippet })) });
    })
    .get('/health', async (c) => respond(c, 'staffKbHealth', await deps.health.report(parseOrThrow(KbHealthQuerySchema, c.req.query(), 'query'))))
    .get('/categories', async (c) => respond(c, 'staffKbCategories', await editor.categories()))
    .post('/categories', admin, async (c) => {
      const input = parseOrThrow(KbCategoryCreateSchema, await readJson(c), 'body');
      c.set('audit', { target: `kb-category:${input.key}` });
      return respond(c, 'staffKbCreateCategory', await editor.createCategory(input, c.get('staff')), 201);
    })
    .patch('/categories/:key', admin, async (c) => {
      const { key } = parseOrThrow(KbCategoryParamsSchema, c.req.param(), 'params');
      const input = parseOrThrow(KbCategoryPatchSchema, await readJson(c), 'body');
      c.set('audit', { target: `kb-category:${key}` });
      return respond(c, 'staffKbUpdateCategory', await editor.updateCategory(key, input, c.get('staff')));
    })
    .put('/category-order', admin, async (c) => {
      const input = parseOrThrow(KbCategoryOrderSchema, await readJson(c), 'body');
      return respond(c, 'staffKbOrderCategories', await editor.orderCategories(input.keys, c.get('staff')));
    })
    .get('/synonyms', async (c) => respond(c, 'staffKbSynonyms', await editor.synonyms()))
    .put('/synonyms', admin, async (c) => {
      const input = parseOrThrow(KbSynonymsSchema, await readJson(c), 'body');
      return respond(c, 'staffKbReplaceSynonyms', await editor.replaceSynonyms(input, c.get('staff')));
    })
    .get('/history/:kind', async (c) => {
      const { kind } = parseOrThrow(KbTaxonomyParamsSchema, c.req.param(), 'params');
      return respond(c, 'staffKbTaxonomyRevisions', { kind, revisions: await editor.taxonomyRevisions(kind) });
    })
    .post('/history/:kind/:id/restore', admin, async (c) => {
      const p = parseOrThrow(KbTaxonomyRevisionParamsSchema, c.req.param(), 'params');
      c.set('audit', { target: `kb-${p.kind}` });
      return respond(c, 'staffKbRestoreTaxonomy', await editor.restoreTaxonomy(p.kind, p.id, c.get('staff')));
    });
}
