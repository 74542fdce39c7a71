import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import '../define/ayuda-kb.js';
import '../define/ayuda-console.js';
import type { AyudaKb } from './kb.js';
import type { AyudaKbEditor } from './editor.js';
import { EDITOR_TIMING } from './editor.js';
import { mayLeave, parseRoute, routeHref, type KbPage } from '../internal/router.js';
import { $, $$, active, cleanup, expectAccessible, expectOneScrollingRow, fixture, ME, press, text, useFake, waitFor, type Call, type FakeApi } from '../test-helpers.js';

const ADMIN = { ...ME, role: 'admin' as const };
const BODY = 'Pay your **bill** by card.\nOr by direct debit.';
const CATEGORIES = {
  categories: [
    { key: 'billing', position: 0, es: { name: 'Facturación', description: '' }, en: { name: 'Billing', description: '' }, articleCount: 3 },
    { key: 'router', position: 1, es: { name: 'Router', description: '' }, en: { name: 'Router', description: '' }, articleCount: 1 },
  ],
};
const published = { title: 'How to pay your bill', category: 'billing', tags: ['payment'], visibility: 'public' as const, type: 'article' as const, translation: 'pay-bill', updated: '2026-10-01', body: BODY, html: '<p>Pay</p>', source: 'file:en/pay-bill.md', updatedAt: '2026-10-01T09:00:00Z' };
const article = (over: object = {}) => ({ locale: 'en', slug: 'pay-bill', state: 'published', published, draft: null, currentRevisionId: 5, conflict: false, ...over });
const draftOf = (body: string) => ({ ...published, body, baseRevisionId: 5, updatedBy: 'user:9', updatedByName: 'Luis', updatedAt: '2026-11-20T09:00:00Z' });
const REVISIONS = { locale: 'en', slug: 'pay-bill', revisions: [{ id: 5, source: 'import', title: 'How to pay your bill', contentHash: 'x', publishedBy: 'import', publishedByName: 'Import', publishedAt: '2026-10-01T09:00:00Z' }] };
const OLD_BODY = 'Pay your **bill** by card.\nOr at the post office.';

async function mount(page: KbPage, user: typeof ME = ADMIN): Promise<AyudaKb> {
  const el = fixture<AyudaKb>('<ayuda-kb></ayuda-kb>');
  el.user = user;
  el.page = page;
  await el.updateComplete;
  return el;
}
const editorOf = (el: AyudaKb) => $<AyudaKbEditor>(el, 'ayuda-kb-editor')!;
const button = (root: Element, label: string) => $$<HTMLButtonElement>(root, 'button').find((b) => b.textContent?.trim() === label);
const type = (input: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
};
const dialog = () => waitFor(() => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'the question');
const bodyOf = (c: Call) => c.body as Record<string, unknown>;

describe('ayuda-kb', () => {
  let fake: FakeApi;
  const debounce = EDITOR_TIMING.previewDebounceMs;
  beforeEach(async () => {
    fake = await useFake('en');
    EDITOR_TIMING.previewDebounceMs = 10;
    fake.on('GET /staff/kb/categories', () => ({ status: 200, body: CATEGORIES }));
    fake.on('GET /staff/kb/articles/:ref/:ref', () => ({ status: 200, body: article() }));
    fake.on('GET /staff/kb/articles/:ref/:ref/revisions', () => ({ status: 200, body: REVISIONS }));
    fake.on('GET /staff/kb/history/:ref', (c) => ({ status: 200, body: { kind: c.path.split('/').pop(), revisions: [] } }));
    fake.on('POST /staff/kb/preview', (c) => ({ status: 200, body: { html: `<p>${String(bodyOf(c).markdown).replace(/\*\*(\w+)\*\*/, '<strong>$1</strong>')}</p>`, faq: null } }));
  });
  afterEach(() => {
    EDITOR_TIMING.previewDebounceMs = debounce;
    cleanup();
  });

  it('routes: the list, an article, the other screens; anything else is the list', () => {
    for (const hash of ['#/kb', '#/kb/en/pay-bill', '#/kb/new', '#/kb/health', '#/kb/categories', '#/kb/synonyms']) expect(routeHref(parseRoute(hash))).to.equal(hash);
    expect(parseRoute('#/kb/es/cambiar-de-tarifa')).to.deep.equal({ name: 'kb', page: { view: 'article', locale: 'es', slug: 'cambiar-de-tarifa' } });
    for (const hash of ['#/kb/fr/x', '#/kb/en/Not_A_Slug', '#/kb/whatever']) expect(parseRoute(hash)).to.deep.equal({ name: 'kb', page: { view: 'list' } });
  });

  it('lists articles with filters; each row opens its editor', async () => {
    const row = (slug: string, over: object = {}) => ({ locale: 'en', slug, state: 'published', title: `Title ${slug}`, category: 'billing', visibility: 'public', type: 'article', translation: null, updatedAt: '2026-11-20T09:00:00Z', updatedByName: 'Luis', ...over });
    fake.on('GET /staff/kb/articles', (c) => ({ status: 200, body: c.query.get('state') === 'draft' ? { total: 1, articles: [row('new-one', { state: 'draft' })] } : { total: 2, articles: [row('pay-bill'), row('secret', { visibility: 'internal' })] } }));
    const el = await mount({ view: 'list' });
    const list = $(el, 'ayuda-kb-list')!;
    await waitFor(() => $$(list, 'tbody tr').length === 2, 'the articles');
    expect($<HTMLAnchorElement>(list, 'tbody a')!.getAttribute('href')).to.equal('#/kb/en/pay-bill');
    expect(text($(list, '[role=status]'))).to.equal('2 articles');
    await expectAccessible(el, 'list');
    const form = $<HTMLFormElement>(list, 'form')!;
    ($(form, '[name=visibility]') as HTMLSelectElement).value = 'internal';
    form.requestSubmit();
    await waitFor(() => $$(list, 'tbody tr').length === 1, 'internal only');
    expect(text(list)).to.contain('Title secret');
    ($(form, '[name=visibility]') as HTMLSelectElement).value = '';
    ($(form, '[name=state]') as HTMLSelectElement).value = 'draft';
    ($(form, '[name=q]') as HTMLInputElement).value = 'new';
    form.requestSubmit();
    await waitFor(() => text(list).includes('Title new-one'), 'the drafts');
    const last = fake.to('GET /staff/kb/articles').at(-1)!;
    expect([last.query.get('state'), last.query.get('q')]).to.deep.equal(['draft', 'new']);
    // Admins get a "New article" tab; agents do not.
    expect($$(el, 'nav a').map((a) => a.textContent)).to.include('New article');
  });

  it('on a phone (375 px wide), lists each article as a card (its title, then each value after its column’s name), and the categories too; nothing scrolls sideways', async () => {
    await setViewport({ width: 375, height: 812 });
    try {
      const row = (slug: string, over: object = {}) => ({ locale: 'en', slug, state: 'published', title: `Title ${slug}`, category: 'billing', visibility: 'public', type: 'article', translation: null, updatedAt: '2026-11-20T09:00:00Z', updatedByName: 'Luis', ...over });
      fake.on('GET /staff/kb/articles', () => ({ status: 200, body: { total: 2, articles: [row('how-to-pay-your-bill-by-direct-debit'), row('secret', { state: 'changed', visibility: 'internal' })] } }));
      const noSideways = (root: Element) => {
        const page = document.scrollingElement!;
        expect(page.scrollWidth, 'the page').to.be.at.most(page.clientWidth);
        for (const section of $$(root, 'section')) expect(section.scrollWidth, 'a card').to.be.at.most(section.clientWidth);
      };
      const el = await mount({ view: 'list' });
      const list = $(el, 'ayuda-kb-list')!;
      await waitFor(() => $$(list, 'tbody tr').length === 2, 'the articles');
      await expectAccessible(el, 'narrow list');
      // The table was 720 px wide in a 343 px card.
      noSideways(list);
      expect($$(list, 'tbody tr')[0]!.querySelectorAll('td')[1]!.dataset.label).to.equal('State');
      expect(getComputedStyle($$(list, 'tbody td')[1]!, '::before').content).to.equal('"State"');

      el.page = { view: 'categories' };
      const categories = await waitFor(() => $(el, 'ayuda-kb-categories'), 'the categories');
      await waitFor(() => $$(categories, 'tbody tr').length === 2, 'their rows');
      noSideways(categories);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('on a phone (375 px wide), the tabs are one line that scrolls sideways, the current one in sight', async () => {
    fake.on('GET /staff/kb/synonyms', () => ({ status: 200, body: { es: [], en: [] } }));
    await setViewport({ width: 375, height: 812 });
    try {
      const el = await mount({ view: 'synonyms' });
      await waitFor(() => $(el, 'ayuda-kb-synonyms', 'form'), 'the synonyms');
      await expectAccessible(el, 'narrow tabs');
      // The five tabs took two lines.
      const nav = $(el, 'nav')!;
      expectOneScrollingRow(nav, 'Synonyms');
      expect(nav.getAttribute('aria-label')).to.equal('Knowledge base');
      el.page = { view: 'health' };
      await el.updateComplete;
      expectOneScrollingRow(nav, 'Content health');
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('editor: shows every field, previews through the server, saves the draft and publishes', async () => {
    fake.on('PUT /staff/kb/articles/:ref/:ref', (c) => ({ status: 200, body: article({ state: 'changed', draft: draftOf(String(bodyOf(c).body)) }) }));
    fake.on('POST /staff/kb/articles/:ref/:ref/publish', () => ({ status: 200, body: article({ published: { ...published, body: 'New text' } }) }));
    const el = await mount({ view: 'article', locale: 'en', slug: 'pay-bill' });
    const ed = editorOf(el);
    await waitFor(() => ed.article, 'the article');
    await ed.updateComplete;
    expect(($(ed, '[name=title]') as HTMLInputElement).value).to.equal('How to pay your bill');
    expect(($(ed, '[name=category]') as HTMLSelectElement).value).to.equal('billing');
    expect(($(ed, '[name=visibility]') as HTMLSelectElement).value).to.equal('public');
    expect(($(ed, '[name=type]') as HTMLSelectElement).value).to.equal('article');
    expect(($(ed, '[name=translation]') as HTMLInputElement).value).to.equal('pay-bill');
    expect(($(ed, '[name=tags]') as HTMLInputElement).value).to.equal('payment');
    expect($(ed, '[name=slug]')).to.equal(null); // an existing article's address does not change
    await waitFor(() => $(ed, '.rendered strong'), 'the first preview');
    // Publish waits for a change: nothing to publish yet.
    expect(button(ed, 'Publish')!.disabled).to.equal(true);

    type($<HTMLTextAreaElement>(ed, 'textarea')!, 'A **quokka** text');
    await waitFor(() => $(ed, '.rendered strong')?.textContent === 'quokka', 'the live preview');
    expect(text(ed)).to.contain('Unsaved changes');
    await expectAccessible(el, 'editor');

    button(ed, 'Save draft')!.click();
    await waitFor(() => fake.to('PUT /staff/kb/articles/en/pay-bill').length === 1, 'the save');
    expect(bodyOf(fake.to('PUT /staff/kb/articles/en/pay-bill')[0]!)).to.deep.equal({ title: 'How to pay your bill', category: 'billing', tags: ['payment'], visibility: 'public', type: 'article', translation: 'pay-bill', body: 'A **quokka** text', baseRevisionId: 5, expectedDraftAt: null });
    await waitFor(() => !text(ed).includes('Unsaved changes'), 'saved');
    expect(text(ed)).to.contain('Draft by Luis');
    button(ed, 'Publish')!.click();
    await waitFor(() => fake.to('POST /staff/kb/articles/en/pay-bill/publish').length === 1, 'the publish');
    expect(fake.to('POST /staff/kb/articles/en/pay-bill/publish')[0]!.query.get('force')).to.equal(null);
    await waitFor(() => ($<HTMLTextAreaElement>(ed, 'textarea')!.value === 'New text'), 'the published text');
  });

  it('editor: a save over a draft someone else changed meanwhile is refused, the typed text stays, and Reload shows theirs', async () => {
    let theirs = false;
    fake.on('GET /staff/kb/articles/:ref/:ref', () => ({ status: 200, body: theirs ? article({ state: 'changed', draft: draftOf('Their text') }) : article() }));
    fake.on('PUT /staff/kb/articles/:ref/:ref', () => ({ status: 412, body: { type: 'https://ayuda.dev/problems/precondition-failed', title: 'Precondition failed', status: 412, detail: 'Luis changed this draft at 2026-11-20T09:00:00.000Z, after you opened it: reload it to see their text.' } }));
    const el = await mount({ view: 'article', locale: 'en', slug: 'pay-bill' });
    const ed = editorOf(el);
    await waitFor(() => ed.article);
    type($<HTMLTextAreaElement>(ed, 'textarea')!, 'My text');
    button(ed, 'Save draft')!.click();
    await waitFor(() => text(ed).includes('Luis changed this draft'), 'the refusal');
    expect(bodyOf(fake.to('PUT /staff/kb/articles/en/pay-bill')[0]!).expectedDraftAt).to.equal(null);
    expect($<HTMLTextAreaElement>(ed, 'textarea')!.value).to.equal('My text');
    theirs = true;
    button(ed, 'Reload the article (the text typed here is lost)')!.click();
    await waitFor(() => $<HTMLTextAreaElement>(ed, 'textarea')!.value === 'Their text', 'their draft');
    expect(button(ed, 'Reload the article (the text typed here is lost)')).to.equal(undefined);
  });

  it('editor: a publish conflict is explained, and "publish anyway" forces it', async () => {
    fake.on('GET /staff/kb/articles/:ref/:ref', () => ({ status: 200, body: article({ state: 'changed', draft: draftOf('Mine') }) }));
    fake.on('POST /staff/kb/articles/:ref/:ref/publish', (c) => (c.query.get('force') === 'true' ? { status: 200, body: article({ published: { ...published, body: 'Mine' } }) } : { status: 409, body: { type: 'https://ayuda.dev/problems/conflict', title: 'Conflict', status: 409, detail: 'changed' } }));
    const el = await mount({ view: 'article', locale: 'en', slug: 'pay-bill' });
    const ed = editorOf(el);
    await waitFor(() => ed.article);
    await ed.updateComplete;
    button(ed, 'Publish')!.click();
    const notice = await waitFor(() => $(ed, '#conflict'), 'the explanation');
    expect(text(notice)).to.contain('Someone published this article after this draft was started');
    await waitFor(() => active() === notice, 'the focus on the explanation');
    await expectAccessible(el, 'conflict');
    button(notice, 'Publish anyway')!.click();
    await waitFor(() => fake.to('POST /staff/kb/articles/en/pay-bill/publish').some((c) => c.query.get('force') === 'true'), 'the forced publish');
    await waitFor(() => !$(ed, '#conflict'), 'the conflict gone');
  });

  it('editor: a new article refuses an empty title and a bad address at their fields, and shows the server’s field errors', async () => {
    const el = await mount({ view: 'new' });
    const ed = editorOf(el);
    await waitFor(() => $$(ed, '[name=category] option').length === 3, 'the categories');
    type($<HTMLInputElement>(ed, '[name=slug]')!, 'Bad Slug');
    type($<HTMLTextAreaElement>(ed, 'textarea')!, 'Some text');
    button(ed, 'Save draft')!.click();
    await ed.updateComplete;
    const title = $<HTMLInputElement>(ed, '[name=title]')!;
    expect(title.getAttribute('aria-invalid')).to.equal('true');
    expect(text($(ed, '#err-title'))).to.equal('Write a title.');
    expect(title.getAttribute('aria-describedby')).to.contain('err-title');
    expect(text($(ed, '#err-slug'))).to.contain('lowercase letters');
    expect(text($(ed, '#err-category'))).to.equal('Choose a category.');
    await waitFor(() => active() === $(ed, '[aria-invalid="true"]'), 'the focus on the first field to fix');
    expect(fake.to('PUT /staff/kb/articles/:ref/:ref')).to.have.length(0);
    await expectAccessible(el, 'field errors');

    fake.on('PUT /staff/kb/articles/:ref/:ref', () => ({ status: 422, body: { type: 'https://ayuda.dev/problems/validation-error', title: 'Invalid', status: 422, errors: [{ field: 'body.category', message: 'unknown category "router"' }, { field: 'body.body', message: 'a FAQ needs questions' }] } }));
    type(title, 'New article');
    type($<HTMLInputElement>(ed, '[name=slug]')!, 'new-article');
    const category = $<HTMLSelectElement>(ed, '[name=category]')!;
    category.value = 'router';
    category.dispatchEvent(new Event('change'));
    await ed.updateComplete;
    button(ed, 'Save draft')!.click();
    expect($(ed, '#err-category')).to.equal(null); // a changed field's message goes
    await waitFor(() => text($(ed, '#err-category')) === 'unknown category "router"', 'the server’s message at the field');
    expect(text($(ed, '#err-body'))).to.equal('a FAQ needs questions');
    expect(fake.to('PUT /staff/kb/articles/en/new-article')).to.have.length(1);
    expect(location.hash).to.not.contain('new-article');
  });

  it('editor: a saved new article goes to its own address; one on a taken address is refused at the address', async () => {
    fake.on('PUT /staff/kb/articles/:ref/:ref', (c) =>
      c.path.endsWith('/pay-bill')
        ? { status: 412, body: { type: 'https://ayuda.dev/problems/precondition-failed', title: 'Precondition failed', status: 412, detail: 'An article "pay-bill" in es exists already' } }
        : { status: 200, body: article({ locale: 'es', slug: 'nuevo', state: 'draft', published: null, draft: draftOf(String(bodyOf(c).body)), currentRevisionId: null }) },
    );
    const el = await mount({ view: 'new' });
    const ed = editorOf(el);
    await waitFor(() => $$(ed, '[name=category] option').length === 3, 'the categories');
    const locale = $<HTMLSelectElement>(ed, '[name=locale]')!;
    locale.value = 'es';
    locale.dispatchEvent(new Event('change'));
    type($<HTMLInputElement>(ed, '[name=title]')!, 'Nuevo');
    type($<HTMLInputElement>(ed, '[name=slug]')!, 'nuevo');
    type($<HTMLInputElement>(ed, '[name=tags]')!, 'uno, dos ,');
    const category = $<HTMLSelectElement>(ed, '[name=category]')!;
    category.value = 'billing';
    category.dispatchEvent(new Event('change'));
    type($<HTMLTextAreaElement>(ed, 'textarea')!, 'Texto');
    type($<HTMLInputElement>(ed, '[name=slug]')!, 'pay-bill');
    button(ed, 'Save draft')!.click();
    await waitFor(() => $(ed, '[name=slug]')!.getAttribute('aria-invalid') === 'true', 'the taken address refused');
    expect(text(ed)).to.contain('An article with this address exists already');
    expect(fake.to('PUT /staff/kb/articles/es/pay-bill')[0]!.headers.get('If-None-Match')).to.equal('*');
    expect(location.hash).to.not.equal('#/kb/es/pay-bill');
    type($<HTMLInputElement>(ed, '[name=slug]')!, 'nuevo');
    button(ed, 'Save draft')!.click();
    await waitFor(() => location.hash === '#/kb/es/nuevo', 'the new address');
    const put = fake.to('PUT /staff/kb/articles/es/nuevo')[0]!;
    expect(bodyOf(put)).to.deep.equal({ title: 'Nuevo', category: 'billing', tags: ['uno', 'dos'], visibility: 'public', type: 'article', translation: null, body: 'Texto' });
  });

  it('editor: taking down asks first; discarding a draft asks first', async () => {
    fake.on('POST /staff/kb/articles/:ref/:ref/unpublish', () => ({ status: 200, body: article({ state: 'unpublished', published: null, currentRevisionId: 6 }) }));
    fake.on('GET /staff/kb/articles/:ref/:ref/revisions/:id', () => ({ status: 200, body: { ...REVISIONS.revisions[0], locale: 'en', slug: 'pay-bill', category: 'billing', tags: [], visibility: 'public', type: 'article', translation: null, body: BODY } }));
    const el = await mount({ view: 'article', locale: 'en', slug: 'pay-bill' });
    const ed = editorOf(el);
    await waitFor(() => ed.article);
    await ed.updateComplete;
    button(ed, 'Take down')!.click();
    let d = await dialog();
    expect(text(d)).to.contain('Take “How to pay your bill” down?');
    press('Escape', { target: d });
    button(d, 'Cancel')?.click();
    await waitFor(() => !$(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'closed');
    expect(fake.to('POST /staff/kb/articles/en/pay-bill/unpublish')).to.have.length(0);
    button(ed, 'Take down')!.click();
    d = await dialog();
    button(d, 'Take down')!.click();
    await waitFor(() => fake.to('POST /staff/kb/articles/en/pay-bill/unpublish').length === 1, 'the take-down');
    await waitFor(() => text(ed).includes('Taken down'), 'its new state');
    // Taken down: the form shows the last revision's text, and can be published again.
    expect($<HTMLTextAreaElement>(ed, 'textarea')!.value).to.equal(BODY);
    expect(button(ed, 'Publish')!.disabled).to.equal(false);
  });

  it('history: compares a revision with the text being edited, and restores it as a draft', async () => {
    fake.on('GET /staff/kb/articles/:ref/:ref/revisions/:id', () => ({ status: 200, body: { ...REVISIONS.revisions[0], locale: 'en', slug: 'pay-bill', category: 'billing', tags: [], visibility: 'public', type: 'article', translation: null, body: OLD_BODY } }));
    fake.on('POST /staff/kb/articles/:ref/:ref/revisions/:id/restore', () => ({ status: 200, body: article({ state: 'changed', draft: draftOf(OLD_BODY) }) }));
    const el = await mount({ view: 'article', locale: 'en', slug: 'pay-bill' });
    const ed = editorOf(el);
    await waitFor(() => $$(ed, 'tbody tr').length === 1, 'the history');
    expect(text($(ed, 'tbody'))).to.contain('Imported from files');
    $$<HTMLButtonElement>(ed, 'button').find((b) => b.textContent === 'Compare with the text above')!.click();
    await waitFor(() => $(ed, '.diff'), 'the diff');
    expect($$(ed, '.diff del').map((x) => x.textContent)).to.deep.equal(['− Or at the post office.']);
    expect($$(ed, '.diff ins').map((x) => x.textContent)).to.deep.equal(['+ Or by direct debit.']);
    await waitFor(() => active() === $(ed, '#diff-title'), 'the focus on the comparison');
    await expectAccessible(el, 'diff');
    $$<HTMLButtonElement>(ed, 'button').find((b) => b.textContent === 'Restore as draft')!.click();
    const d = await dialog();
    button(d, 'Restore as draft')!.click();
    await waitFor(() => fake.to('POST /staff/kb/articles/en/pay-bill/revisions/5/restore').length === 1, 'the restore');
    await waitFor(() => $<HTMLTextAreaElement>(ed, 'textarea')!.value === OLD_BODY, 'the old text back');
    expect($(ed, '.diff')).to.equal(null);
  });

  it('asks before leaving unsaved changes', async () => {
    const el = await mount({ view: 'article', locale: 'en', slug: 'pay-bill' });
    const ed = editorOf(el);
    await waitFor(() => ed.article);
    await ed.updateComplete;
    expect(mayLeave('#/kb')).to.equal(true);
    type($<HTMLTextAreaElement>(ed, 'textarea')!, 'Changed');
    expect(mayLeave('#/kb')).to.equal(false);
    const d = await dialog();
    expect(text(d)).to.contain('Leave without saving?');
    button(d, 'Leave')!.click();
    await waitFor(() => location.hash === '#/kb', 'left');
    expect(mayLeave('#/queue/all')).to.equal(true);
  });

  it('agents read articles without editing controls', async () => {
    const el = await mount({ view: 'article', locale: 'en', slug: 'pay-bill' }, ME);
    const ed = editorOf(el);
    await waitFor(() => $$(ed, 'tbody tr').length === 1, 'the history');
    expect(text(el)).to.contain('admins change it');
    expect($<HTMLInputElement>(ed, '[name=title]')!.readOnly).to.equal(true);
    expect($<HTMLTextAreaElement>(ed, 'textarea')!.readOnly).to.equal(true);
    expect($<HTMLSelectElement>(ed, '[name=category]')!.disabled).to.equal(true);
    for (const label of ['Save draft', 'Publish', 'Take down', 'Restore as draft']) expect(button(ed, label), label).to.equal(undefined);
    expect($$(el, 'nav a').map((a) => a.textContent)).to.not.include('New article');
    await expectAccessible(el, 'read only');
  });

  it('preview: waits when the server says too many previews', async () => {
    fake.refuse('POST /staff/kb/preview', 429);
    const el = await mount({ view: 'article', locale: 'en', slug: 'pay-bill' });
    const ed = editorOf(el);
    await waitFor(() => text(ed).includes('Too many previews'), 'the note');
    const calls = fake.to('POST /staff/kb/preview').length;
    type($<HTMLTextAreaElement>(ed, 'textarea')!, 'More');
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.to('POST /staff/kb/preview').length).to.equal(calls);
  });

  it('categories: creates (bad key and a taken key refused at the field), renames and reorders', async () => {
    let list = structuredClone(CATEGORIES);
    fake.on('POST /staff/kb/categories', (c) => {
      const b = bodyOf(c) as { key: string; es: { name: string; description: string }; en: { name: string; description: string } };
      if (b.key === 'billing') return { status: 409, body: { type: 'https://ayuda.dev/problems/conflict', title: 'Conflict', status: 409, detail: 'exists' } };
      list = { categories: [...list.categories, { key: b.key, position: 2, es: b.es, en: b.en, articleCount: 0 }] };
      return { status: 201, body: list };
    });
    fake.on('PATCH /staff/kb/categories/:ref', () => ({ status: 200, body: list }));
    fake.on('PUT /staff/kb/category-order', (c) => {
      const keys = (bodyOf(c) as { keys: string[] }).keys;
      list = { categories: keys.map((k, position) => ({ ...list.categories.find((x) => x.key === k)!, position })) };
      return { status: 200, body: list };
    });
    const el = await mount({ view: 'categories' });
    const cats = $(el, 'ayuda-kb-categories')!;
    await waitFor(() => $$(cats, 'tbody tr').length === 2, 'the categories');
    await expectAccessible(el, 'categories');
    const create = $<HTMLFormElement>(cats, 'form.create')!;
    ($(create, '[name=key]') as HTMLInputElement).value = 'Bad Key';
    create.requestSubmit();
    await waitFor(() => $(cats, '#new-err-key'), 'the key refused');
    expect(text($(cats, '#new-err-es-name'))).to.equal('Write a title.');
    expect(fake.to('POST /staff/kb/categories')).to.have.length(0);
    ($(create, '[name=key]') as HTMLInputElement).value = 'billing';
    ($(create, '[name="es.name"]') as HTMLInputElement).value = 'Otra';
    ($(create, '[name="en.name"]') as HTMLInputElement).value = 'Other';
    create.requestSubmit();
    await waitFor(() => text($(cats, '#new-err-key')) === 'A category with this key exists.', 'the taken key');
    ($(create, '[name=key]') as HTMLInputElement).value = 'mobile';
    create.requestSubmit();
    await waitFor(() => $$(cats, 'tbody tr').length === 3, 'created');

    const billing = $<HTMLFormElement>(cats, 'tbody form')!;
    ($(billing, '[name="en.name"]') as HTMLInputElement).value = 'Bills';
    billing.requestSubmit();
    await waitFor(() => fake.to('PATCH /staff/kb/categories/billing').length === 1, 'the rename');
    expect(bodyOf(fake.to('PATCH /staff/kb/categories/billing')[0]!)).to.deep.equal({ es: { name: 'Facturación', description: '' }, en: { name: 'Bills', description: '' } });

    const down = $<HTMLButtonElement>(cats, 'tr[data-key=billing] button.down')!;
    await waitFor(() => !down.disabled, 'the rename done');
    down.click();
    await waitFor(() => fake.to('PUT /staff/kb/category-order').length === 1, 'the new order');
    expect((bodyOf(fake.to('PUT /staff/kb/category-order')[0]!) as { keys: string[] }).keys).to.deep.equal(['router', 'billing', 'mobile']);
    await waitFor(() => $$(cats, 'tbody tr')[1]?.getAttribute('data-key') === 'billing', 'the list reordered');
    await waitFor(() => active() === $(cats, 'tr[data-key=billing] button.down'), 'the focus follows the category');
  });

  it('synonyms: a group of one word is refused with its line; saving sends the groups', async () => {
    fake.on('GET /staff/kb/synonyms', () => ({ status: 200, body: { es: [['factura', 'recibo']], en: [['bill', 'invoice']] } }));
    fake.on('PUT /staff/kb/synonyms', (c) => ({ status: 200, body: c.body }));
    const el = await mount({ view: 'synonyms' });
    const syn = $(el, 'ayuda-kb-synonyms')!;
    const en = await waitFor(() => $<HTMLTextAreaElement>(syn, 'textarea[name=en]'), 'the synonyms');
    expect(en.value).to.equal('bill, invoice');
    await expectAccessible(el, 'synonyms');
    en.value = 'bill, invoice\nquokka';
    $<HTMLFormElement>(syn, 'form')!.requestSubmit();
    await waitFor(() => $(syn, '#syn-err-en'), 'the line refused');
    expect(text($(syn, '#syn-err-en'))).to.equal('English, line 2: each group needs at least two words');
    expect(fake.to('PUT /staff/kb/synonyms')).to.have.length(0);
    en.value = 'bill, invoice\n\nquokka, wallaby';
    $<HTMLFormElement>(syn, 'form')!.requestSubmit();
    await waitFor(() => fake.to('PUT /staff/kb/synonyms').length === 1, 'the save');
    expect(bodyOf(fake.to('PUT /staff/kb/synonyms')[0]!)).to.deep.equal({ es: [['factura', 'recibo']], en: [['bill', 'invoice'], ['quokka', 'wallaby']] });
  });

  it('synonyms history: lists every value with who and when, and restores an earlier one after asking', async () => {
    let synonyms = { es: [['factura', 'recibo'], ['alta', 'contrato']], en: [['bill', 'invoice']] };
    const revisions = [
      { id: 7, kind: 'synonyms', value: synonyms, source: 'console', changedBy: 'user:1', changedByName: 'Ana Ruiz', changedAt: '2026-11-20T10:00:00Z' },
      { id: 3, kind: 'synonyms', value: { es: [['factura', 'recibo']], en: [['bill', 'invoice']] }, source: 'import', changedBy: 'system', changedByName: 'ayuda kb import', changedAt: '2026-11-01T10:00:00Z' },
    ];
    fake.on('GET /staff/kb/synonyms', () => ({ status: 200, body: synonyms }));
    fake.on('GET /staff/kb/history/:ref', () => ({ status: 200, body: { kind: 'synonyms', revisions } }));
    fake.on('POST /staff/kb/history/:ref/:id/restore', () => {
      synonyms = revisions[1]!.value as typeof synonyms;
      revisions.unshift({ ...revisions[1]!, id: 8, source: 'restore', changedByName: 'Ana Ruiz' });
      return { status: 200, body: revisions[0] };
    });
    const el = await mount({ view: 'synonyms' });
    const syn = $(el, 'ayuda-kb-synonyms')!;
    const history = await waitFor(() => $(syn, 'ayuda-kb-taxonomy-history'), 'the history');
    await waitFor(() => $$(history, 'tbody tr').length === 2, 'the revisions');
    expect(text($$(history, 'tbody tr')[0]!)).to.contain('Ana Ruiz').and.contain('Changed in the console').and.contain('2 groups in Spanish, 1 in English').and.contain('in effect');
    expect(text($$(history, 'tbody tr')[1]!)).to.contain('Imported from files');
    await expectAccessible(el, 'synonyms with history');
    $$<HTMLButtonElement>(history, 'button').find((b) => /^Restore the value of/.test(b.getAttribute('aria-label') ?? ''))!.click();
    const d = await dialog();
    expect(text(d)).to.contain('The synonyms go back to these groups');
    $<HTMLButtonElement>(d, 'button.primary')!.click();
    await waitFor(() => fake.to('POST /staff/kb/history/synonyms/3/restore').length === 1, 'the restore');
    await waitFor(() => $<HTMLTextAreaElement>(syn, 'textarea[name=es]')!.value === 'factura, recibo', 'the restored value shown');
    await waitFor(() => $$(history, 'tbody tr').length === 3, 'the restore in the history');
  });

  it('content health: the four lists, each article linking to its editor', async () => {
    fake.on('GET /staff/kb/health', (c) => ({
      status: 200,
      body: {
        from: '2026-10-21T10:00:00Z',
        to: '2026-11-20T10:00:00Z',
        locale: c.query.get('locale'),
        zeroResultSearches: [{ query: 'portabilidad', locale: 'es', count: 4, lastSearchedAt: '2026-11-20T09:00:00Z' }],
        unhelpful: [{ locale: 'es', slug: 'pagar-factura', title: 'Cómo pagar tu factura', no: 3, yes: 1 }],
        stale: [{ locale: 'en', slug: 'old-one', title: 'An old one', updated: '2025-05-10' }],
        untranslated: [{ locale: 'es', slug: 'wifi', title: 'El wifi', translation: null, missing: 'en' }],
      },
    }));
    const el = await mount({ view: 'health' }, ME);
    const h = $(el, 'ayuda-kb-health')!;
    await waitFor(() => $$(h, 'section').length === 5, 'the lists');
    expect($$<HTMLAnchorElement>(h, 'tbody a').map((a) => a.getAttribute('href'))).to.deep.equal(['#/kb/es/pagar-factura', '#/kb/en/old-one', '#/kb/es/wifi']);
    expect(text(h)).to.contain('portabilidad');
    await expectAccessible(el, 'health');
    const form = $<HTMLFormElement>(h, 'form')!;
    ($(form, '[name=locale]') as HTMLSelectElement).value = 'es';
    ($(form, '[name=days]') as HTMLInputElement).value = '90';
    form.requestSubmit();
    await waitFor(() => fake.to('GET /staff/kb/health').some((c) => c.query.get('days') === '90' && c.query.get('locale') === 'es'), 'the new period');
  });

  it('the shell: every staff member has the header entry; leaving unsaved changes by a link asks, and the address waits', async () => {
    fake.on('GET /staff/kb/articles', () => ({ status: 200, body: { total: 0, articles: [] } }));
    location.hash = '#/kb/en/pay-bill';
    const app = fixture<HTMLElement & { session: unknown }>('<ayuda-console></ayuda-console>');
    await waitFor(() => app.session, 'the session');
    const link = await waitFor(() => $$<HTMLAnchorElement>(app, 'header nav a').find((a) => a.textContent === 'Knowledge base'), 'the entry (an agent)');
    expect(link.getAttribute('aria-current')).to.equal('page');
    const ed = await waitFor(() => $<AyudaKbEditor>(app, 'ayuda-kb', 'ayuda-kb-editor'), 'the editor');
    await waitFor(() => ed.article, 'the article');
    // An agent's editor is read-only: nothing to lose; an admin's with changes asks.
    ed.admin = true;
    await ed.updateComplete;
    type($<HTMLTextAreaElement>(ed, 'textarea')!, 'Changed');
    location.hash = '#/queue/all';
    const d = await dialog();
    await waitFor(() => location.hash === '#/kb/en/pay-bill', 'the address back');
    expect($(app, 'ayuda-kb')).to.not.equal(null);
    button(d, 'Cancel')!.click();
    await waitFor(() => !$(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'closed');
    expect(location.hash).to.equal('#/kb/en/pay-bill');
    $$<HTMLAnchorElement>(app, 'header nav a').find((a) => a.textContent === 'All open')!.click();
    button(await dialog(), 'Leave')!.click();
    await waitFor(() => $(app, 'ayuda-kb') === null && location.hash === '#/queue/all', 'left for the queue');
  });
});
