import { expect } from 'chai';
import '../define/ayuda-widget.js';
import type { AyudaWidget } from '../widget/widget.js';
import { $, $$, AYUDA, cleanup, expectAccessible, fixture, waitFor } from '../test-helpers.js';

/** What the server lists for a language (and topic): the widget shows the same, in order. */
async function serverList(locale: string, topic = ''): Promise<{ topic: string | null; titles: string[] }> {
  const res = await fetch(`${AYUDA.server}/api/v1/kb/popular?locale=${locale}&limit=5${topic ? `&topic=${topic}` : ''}`);
  const body = (await res.json()) as { topic: string | null; articles: Array<{ title: string }> };
  return { topic: body.topic, titles: body.articles.map((a) => a.title) };
}

async function openHome(attrs: string) {
  const el = fixture<AyudaWidget>(`<ayuda-widget server="${AYUDA.server}" ${attrs}></ayuda-widget>`);
  await el.open();
  const panel = $(el, 'ayuda-panel')!;
  const section = await waitFor(() => $(panel, '.home [part=most-read]'), 'the most-read list');
  return { el, panel, section };
}

const titles = (section: Element) => $$(section, '[part=most-read-item]').map((a) => a.textContent!.trim());

describe('most-read articles on the widget home', () => {
  const warn = console.warn;
  afterEach(() => {
    console.warn = warn;
    cleanup();
  });

  for (const [locale, heading] of [['es', 'Lo más leído'], ['en', 'Most read']] as const) {
    it(`lists the language's most-read articles above the categories, below the search box (${locale}); no axe violations`, async () => {
      const { el, panel, section } = await openHome(`locale="${locale}"`);
      expect(section.getAttribute('aria-labelledby')).to.equal('most-read-h');
      expect($(section, 'h2')!.textContent).to.equal(heading);
      const expected = await serverList(locale);
      expect(expected.titles.length).to.be.greaterThan(0);
      expect(titles(section)).to.deep.equal(expected.titles);
      const search = $(panel, 'ayuda-search')!;
      const categories = $(panel, '.home ayuda-categories')!;
      expect(search.compareDocumentPosition(section) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
      expect(section.compareDocumentPosition(categories) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
      // Real links (new tab, no JavaScript) to the portal.
      expect($<HTMLAnchorElement>(section, 'a')!.href).to.match(new RegExp(`/help/${locale}/articles/[a-z0-9-]+$`));
      await expectAccessible(el, `most read ${locale}`);
    });
  }

  it('lists the page topic’s articles with topic="billing", every topic for an unknown one (with a warning)', async () => {
    const { section } = await openHome('locale="es" topic="billing"');
    const billing = await serverList('es', 'billing');
    expect(billing.topic).to.equal('billing');
    expect(titles(section)).to.deep.equal(billing.titles);
    expect(billing.titles).to.not.deep.equal((await serverList('es')).titles);
    cleanup();

    const warnings: string[] = [];
    console.warn = (m: string) => void warnings.push(m);
    const unknown = await openHome('locale="es" topic="no-such-topic"');
    expect(titles(unknown.section)).to.deep.equal((await serverList('es')).titles);
    expect(warnings.join('\n')).to.contain('topic="no-such-topic"');
  });

  it('opens an article in the panel, and hides while there is a query', async () => {
    const { panel, section } = await openHome('locale="es"');
    const first = $<HTMLAnchorElement>(section, 'a')!;
    const title = first.textContent!.trim();
    first.click();
    const article = await waitFor(() => $(panel, 'ayuda-article'), 'the article');
    await waitFor(() => $(article, '#title')?.textContent === title, 'its title');
    $<HTMLButtonElement>(panel, '.back')!.click();
    await waitFor(() => !$(panel, 'ayuda-article'), 'home again');
    await (panel as unknown as { search(q: string): Promise<void> }).search('factura');
    await waitFor(() => $(panel, '.home .popular')!.hidden, 'the list hidden while searching');
  });
});
