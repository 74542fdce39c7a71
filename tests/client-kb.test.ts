// @ayuda/client/staff's knowledge-base editor calls against the real server: list, draft,
// preview, publish (a conflict, then force), unpublish, revisions and restore, categories,
// synonyms, content health; bad input refused with the fields named, agents refused changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AyudaClient } from '@ayuda/client';
import { AyudaApiError, AyudaStaffClient, type KbDraftInput } from '@ayuda/client/staff';
import { startTestServer } from './helpers/server.js';
import { testDatabases } from '../packages/server/src/testing/db.js';

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AyudaApiError);

describe.each(testDatabases())('AyudaStaffClient: the knowledge-base editor on %s', (kind) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let staff: AyudaStaffClient;
  let agent: AyudaStaffClient;
  let customer: AyudaClient;
  beforeAll(async () => {
    server = await startTestServer(kind);
    staff = new AyudaStaffClient({ baseUrl: server.url, staffToken: server.staffToken, retryDelayMs: 1 });
    const { token } = await server.ayuda.staffTokens.create('Agente', 'agent');
    agent = new AyudaStaffClient({ baseUrl: server.url, staffToken: token, retryDelayMs: 1 });
    customer = new AyudaClient({ baseUrl: server.url, retryDelayMs: 1 });
  });
  afterAll(() => server?.close());

  it('edits, previews, publishes, unpublishes and restores an article', async () => {
    const list = await staff.staffKbArticles({ locale: 'en', state: 'published', category: 'contracts' });
    expect(list.articles.map((a) => a.slug)).toContain('change-plan');
    const current = await staff.staffKbArticle('en', 'change-plan');
    expect(current.state).toBe('published');
    const p = current.published!;
    const draft: KbDraftInput = { title: p.title, category: p.category, tags: p.tags, visibility: p.visibility, type: p.type, translation: p.translation, body: `${p.body}\n\nAsk about the quokka bundle.` };

    const saved = await staff.staffKbSaveDraft('en', 'change-plan', draft);
    expect(saved).toMatchObject({ state: 'changed', draft: { body: draft.body }, conflict: false });
    expect((await staff.staffKbArticles({ state: 'changed' })).articles.map((a) => a.slug)).toEqual(['change-plan']);
    const preview = await staff.staffKbPreview({ markdown: 'Ask about the **quokka**', locale: 'en' });
    expect(preview.html).toContain('<strong>quokka</strong>');
    expect((await customer.search({ q: 'quokka', locale: 'en' })).results).toEqual([]);

    const published = await staff.staffKbPublish('en', 'change-plan');
    expect(published).toMatchObject({ state: 'published', draft: null });
    expect((await customer.search({ q: 'quokka', locale: 'en' })).results.map((r) => r.slug)).toContain('change-plan');

    const revisions = await staff.staffKbRevisions('en', 'change-plan');
    expect(revisions.revisions.map((r) => r.source)).toEqual(['console', 'import']);
    const first = revisions.revisions.at(-1)!;
    expect((await staff.staffKbRevision('en', 'change-plan', first.id)).body).toBe(p.body);

    const down = await staff.staffKbUnpublish('en', 'change-plan');
    expect(down.state).toBe('unpublished');
    const restored = await staff.staffKbRestore('en', 'change-plan', first.id);
    expect(restored).toMatchObject({ state: 'draft', draft: { body: p.body } });
    expect((await staff.staffKbPublish('en', 'change-plan')).published!.body).toBe(p.body);
    expect((await customer.search({ q: 'quokka', locale: 'en' })).results).toEqual([]);
  });

  it('publishing over a newer revision is a conflict, with force it goes through', async () => {
    const a = await staff.staffKbArticle('en', 'cancel-contract');
    const p = a.published!;
    const base: KbDraftInput = { title: p.title, category: p.category, tags: p.tags, visibility: p.visibility, type: p.type, translation: p.translation, body: p.body };
    // A draft started from revision of the import...
    await staff.staffKbSaveDraft('en', 'cancel-contract', { ...base, body: `${p.body}\n\nMine.` });
    // ...while the article is published anew from another draft (taken down and restored here).
    await staff.staffKbUnpublish('en', 'cancel-contract');
    const e = await refusal(staff.staffKbPublish('en', 'cancel-contract'));
    expect(e).toBeInstanceOf(AyudaApiError);
    expect(e!.status).toBe(409);
    expect(e!.type).toContain('conflict');
    expect((await staff.staffKbPublish('en', 'cancel-contract', { force: true })).published!.body).toContain('Mine.');
  });

  it('edits categories and synonyms, and reads content health', async () => {
    const before = await staff.staffKbCategories();
    const created = await staff.staffKbCreateCategory({ key: 'quokkas', es: { name: 'Cuokkas', description: '' }, en: { name: 'Quokkas', description: '' }, position: 0 });
    expect(created.categories[0]!.key).toBe('quokkas');
    const renamed = await staff.staffKbUpdateCategory('quokkas', { en: { name: 'Quokka care', description: 'All about them' } });
    expect(renamed.categories[0]!.en).toEqual({ name: 'Quokka care', description: 'All about them' });
    const keys = renamed.categories.map((c) => c.key);
    const ordered = await staff.staffKbOrderCategories([...keys.slice(1), keys[0]!]);
    expect(ordered.categories.at(-1)!.key).toBe('quokkas');
    expect(ordered.categories).toHaveLength(before.categories.length + 1);

    const synonyms = await staff.staffKbSynonyms();
    const replaced = await staff.staffKbReplaceSynonyms({ es: synonyms.es, en: [...synonyms.en, ['quokka', 'wallaby']] });
    expect(replaced.en.at(-1)).toEqual(['quokka', 'wallaby']);
    // The history has the change; restoring the value before it takes the new group away.
    const history = await agent.staffKbTaxonomyRevisions('synonyms');
    expect(history.revisions[0]!.source).toBe('console');
    await staff.staffKbRestoreTaxonomy('synonyms', history.revisions[1]!.id);
    expect((await staff.staffKbSynonyms()).en).toEqual(synonyms.en);

    await customer.trackEvents([{ type: 'search', locale: 'en', query: 'platypus', resultCount: 0 }]);
    const health = await agent.staffKbHealth({ locale: 'en', limit: 5 });
    expect(health.locale).toBe('en');
    expect(health.zeroResultSearches).toContainEqual(expect.objectContaining({ query: 'platypus', locale: 'en', count: 1 }));
    for (const list of [health.zeroResultSearches, health.unhelpful, health.stale, health.untranslated]) expect(list.length).toBeLessThanOrEqual(5);
  });

  it('names the fields of bad input, and refuses agents every change', async () => {
    const bad = await refusal(staff.staffKbSaveDraft('en', 'new-one', { title: '', category: 'no-such', body: ' ' } as KbDraftInput));
    expect(bad!.status).toBe(422);
    expect(Object.keys(bad!.fieldErrors).sort()).toEqual(['body.body', 'body.title']);
    const unknown = await refusal(staff.staffKbSaveDraft('en', 'new-one', { title: 'New', category: 'no-such', body: 'Text' }));
    expect(unknown!.status).toBe(422);
    expect(unknown!.fieldErrors['body.category']).toBeTruthy();
    expect((await refusal(staff.staffKbArticle('en', 'Not A Slug')))!.status).toBe(400);
    expect((await refusal(staff.staffKbRevision('en', 'change-plan', 999999)))!.status).toBe(404);
    expect((await refusal(staff.staffKbDiscardDraft('en', 'change-plan')))!.status).toBe(404);
    expect((await refusal(staff.staffKbOrderCategories(['billing'])))!.status).toBe(422);
    expect((await refusal(staff.staffKbHealth({ days: 0 })))!.fieldErrors['query.days']).toBeTruthy();

    expect((await agent.staffKbArticles({ locale: 'es' })).total).toBeGreaterThan(0);
    expect((await agent.staffKbCategories()).categories.length).toBeGreaterThan(0);
    const refused = await Promise.all([
      refusal(agent.staffKbSaveDraft('en', 'new-one', { title: 'New', category: 'billing', body: 'Text' })),
      refusal(agent.staffKbPublish('en', 'change-plan')),
      refusal(agent.staffKbUnpublish('en', 'change-plan')),
      refusal(agent.staffKbCreateCategory({ key: 'nope', es: { name: 'No', description: '' }, en: { name: 'No', description: '' } })),
      refusal(agent.staffKbReplaceSynonyms({ es: [], en: [] })),
      refusal(agent.staffKbRestoreTaxonomy('categories', 1)),
    ]);
    expect(refused.map((e) => e?.status)).toEqual([403, 403, 403, 403, 403, 403]);
  });
});
