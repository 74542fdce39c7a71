import { expect } from 'chai';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import '../define/ayuda-widget.js';
import type { AyudaWidget } from './widget.js';
import type { AyudaPanel } from '../panel/panel.js';
import { $, $$, AYUDA, active, cleanup, expectAccessible, fixture, nextEvent, waitFor } from '../test-helpers.js';

const mount = (attrs = 'locale="en"') => fixture<AyudaWidget>(`<ayuda-widget server="${AYUDA.server}" preload="interaction" ${attrs}></ayuda-widget>`);
const launcher = (el: AyudaWidget) => $<HTMLButtonElement>(el, '[part=launcher]')!;
const panel = (el: AyudaWidget) => $<AyudaPanel>(el, 'ayuda-panel');
const searchInput = (el: AyudaWidget) => $<HTMLInputElement>(el, 'ayuda-panel', 'ayuda-search', 'input');
const inPanel = (el: AyudaWidget) => {
  const p = panel(el);
  let n: Node | null = active();
  while (n) {
    if (n === p) return true;
    n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null);
  }
  return false;
};
const ready = async (el: AyudaWidget) => waitFor(() => launcher(el).textContent!.trim(), 'the launcher label');
async function openWithKeyboard(el: AyudaWidget) {
  await ready(el);
  launcher(el).focus();
  const opened = nextEvent<{ source: string }>(el, 'ayuda-open');
  await sendKeys({ press: 'Enter' });
  return opened;
}

/** Opens the panel by keyboard, types `query` and opens the first result with the arrow keys. */
async function openFirstResult(el: AyudaWidget, query: string) {
  await openWithKeyboard(el);
  await sendKeys({ type: query });
  const search = $(el, 'ayuda-panel', 'ayuda-search')!;
  await waitFor(() => $$(search, '[role=option]').length > 0, 'results');
  await sendKeys({ press: 'ArrowDown' });
  await sendKeys({ press: 'Enter' });
  const article = await waitFor(() => $(el, 'ayuda-panel', 'ayuda-article'), 'the article route');
  return { search, article };
}

describe('<ayuda-widget>', () => {
  afterEach(async () => {
    cleanup();
    document.documentElement.dir = '';
    await setViewport({ width: 1024, height: 768 });
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  });

  it('shows a labelled launcher that loads nothing else until used; no axe violations', async () => {
    const el = mount();
    // The label is there at once, in the language asked for, with no catalogue download.
    expect(launcher(el).textContent!.trim()).to.equal('Help');
    expect(launcher(el).lang).to.equal('en');
    el.setAttribute('locale', 'es');
    expect(launcher(el).textContent!.trim()).to.equal('Ayuda');
    expect(launcher(el).lang).to.equal('es');
    el.setAttribute('locale', 'en');
    await new Promise((r) => setTimeout(r, 300));
    expect(performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\/i18n\/locales\/|\/panel\//.test(n))).to.deep.equal([]);
    expect(await ready(el)).to.equal('Help');
    expect(launcher(el).getAttribute('aria-expanded')).to.equal('false');
    expect(launcher(el).getAttribute('aria-haspopup')).to.equal('dialog');
    expect(panel(el)).to.equal(null);
    await expectAccessible(el, 'closed');
  });

  it('opens by keyboard into the search box, traps Tab inside, and closes with Escape returning focus', async () => {
    const el = mount();
    const opened = await openWithKeyboard(el);
    expect((await opened).detail).to.deep.equal({ source: 'launcher' });
    const p = panel(el)!;
    expect(p.getAttribute('role')).to.equal('dialog');
    expect(p.getAttribute('aria-modal')).to.equal('true');
    expect(p.getAttribute('aria-label')).to.equal('Help');
    expect(launcher(el).getAttribute('aria-expanded')).to.equal('true');
    expect(active()).to.equal(searchInput(el));
    await expectAccessible(el, 'open');
    // Tab through everything twice: focus never leaves the panel.
    for (let i = 0; i < 30; i++) {
      await sendKeys({ press: i % 7 === 3 ? 'Shift+Tab' : 'Tab' });
      expect(inPanel(el), `focus left the panel after ${i + 1} presses (${active()?.outerHTML.slice(0, 80)})`).to.equal(true);
    }
    const requested = nextEvent<{ reason: string }>(el, 'ayuda-request-close');
    const closed = nextEvent<{ reason: string }>(el, 'ayuda-close');
    searchInput(el)!.focus();
    await sendKeys({ press: 'Escape' });
    expect((await requested).detail).to.deep.equal({ reason: 'escape' });
    expect((await closed).detail).to.deep.equal({ reason: 'escape' });
    expect(el.isOpen).to.equal(false);
    expect(panel(el)!.hasAttribute('open')).to.equal(false);
    expect(active()).to.equal(launcher(el));
  });

  it('closes on Escape pressed before the panel has taken focus, and gives focus back', async () => {
    const el = mount();
    const own = fixture<HTMLButtonElement>('<button type="button">Page control</button>');
    own.focus();
    const closed = nextEvent<{ reason: string }>(el, 'ayuda-close');
    // The key comes before the panel has had a chance to load, render and take focus.
    const opening = el.open();
    own.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect((await closed).detail).to.deep.equal({ reason: 'escape' });
    await opening;
    expect(el.isOpen).to.equal(false);
    expect(panel(el)?.hasAttribute('open') ?? false).to.equal(false);
    expect(launcher(el).getAttribute('aria-expanded')).to.equal('false');
    expect(active()).to.equal(own);
  });

  it('stays open when a listener prevents ayuda-request-close', async () => {
    const el = mount();
    await el.open();
    el.addEventListener('ayuda-request-close', (e) => e.preventDefault(), { once: true });
    $<HTMLButtonElement>(el, 'ayuda-panel', '[part=close-button]')!.click();
    await new Promise((r) => setTimeout(r, 50));
    expect(el.isOpen).to.equal(true);
    expect(await el.close()).to.equal(true);
    expect(el.isOpen).to.equal(false);
  });

  it('routes from search results to an article and back, keeping the query', async () => {
    const el = mount('locale="es"');
    const viewed = nextEvent<{ slug: string }>(document, 'ayuda-article-view');
    const { search, article } = await openFirstResult(el, 'factura');
    const slug = (await viewed).detail.slug;
    expect(article.getAttribute('slug')).to.equal(slug);
    await waitFor(() => active() === $(article, 'h2'), 'focus on the article title');
    expect(search.hidden || search.closest('[hidden]') !== null || (search.parentElement as HTMLElement).hidden).to.equal(true);
    await expectAccessible(el, 'article route');
    $<HTMLButtonElement>(el, 'ayuda-panel', '[part=back-button]')!.click();
    await waitFor(() => active() === searchInput(el), 'focus back in the search box');
    expect(searchInput(el)!.value).to.equal('factura');
    expect($(el, 'ayuda-panel', 'ayuda-article')).to.equal(null);
  });

  it('reads an article in the other language, then Back leads to that language\'s home, whole', async () => {
    const el = mount('locale="es"');
    const { article } = await openFirstResult(el, 'roaming');
    const other = await waitFor(() => $<HTMLAnchorElement>(article, '[part=translation] a'), 'the other-language link');
    other.click();
    await waitFor(() => $(el, 'ayuda-panel', 'ayuda-article')?.getAttribute('locale') === 'en' && $(el, 'ayuda-panel', 'ayuda-article', 'h2'), 'the English article');
    expect(launcher(el).textContent!.trim()).to.equal('Help');
    $<HTMLButtonElement>(el, 'ayuda-panel', '[part=back-button]')!.click();
    // Home in English: an empty search box with focus, the categories shown, no Back button.
    await waitFor(() => active() === searchInput(el), 'focus in the search box');
    expect(searchInput(el)!.value).to.equal('');
    expect($(el, 'ayuda-panel', 'ayuda-article')).to.equal(null);
    expect($(el, 'ayuda-panel', '[part=back-button]')).to.equal(null);
    const categories = $(el, 'ayuda-panel', 'ayuda-categories')!;
    expect(categories.hidden).to.equal(false);
    expect(categories.getAttribute('locale')).to.equal('en');
    await waitFor(() => $$(categories, 'a, button').length > 0, 'the English categories');
    expect($(el, 'ayuda-panel', '[part=title]')!.textContent).to.equal('Help');
  });

  it('browses a category and back', async () => {
    const el = mount('locale="en"');
    await el.open();
    const home = await waitFor(() => {
      const c = $(el, 'ayuda-panel', 'ayuda-categories');
      return c && $$(c, '[part=item]').length > 0 ? c : null;
    }, 'categories at home');
    $<HTMLAnchorElement>(home, '[part=item]')!.click();
    const route = await waitFor(() => $(el, 'ayuda-panel', 'ayuda-categories.route'), 'category route');
    await waitFor(() => $(route, 'h2')?.textContent === 'Billing and payments', 'category heading');
    await expectAccessible(el, 'category route');
    $<HTMLButtonElement>(el, 'ayuda-panel', '[part=back-button]')!.click();
    await waitFor(() => !$(el, 'ayuda-panel', 'ayuda-categories.route'), 'back home');
  });

  it('opens "My requests" from home: the account view of the fast lane, behind the same sign-in', async () => {
    const el = mount('locale="es"');
    await el.open();
    const entry = await waitFor(() => $<HTMLButtonElement>(el, 'ayuda-panel', '[part=requests-button]'), 'the My requests entry');
    expect(entry.textContent!.trim()).to.equal('Mis solicitudes');
    entry.click();
    const view = await waitFor(() => $(el, 'ayuda-panel', 'ayuda-fastlane'), 'the account view');
    expect(view.getAttribute('view') ?? (view as unknown as { view: string }).view).to.equal('requests');
    await waitFor(() => $(view, 'h2')?.textContent === 'Mis solicitudes', 'its heading');
    await expectAccessible(el, 'my requests');
    $<HTMLButtonElement>(el, 'ayuda-panel', '[part=back-button]')!.click();
    await waitFor(() => !$(el, 'ayuda-panel', 'ayuda-fastlane'), 'back home');
  });

  it('answers the API: search(), show(), setLocale(), toggle()', async () => {
    const el = mount('locale="en"');
    await el.search('roaming');
    const search = $(el, 'ayuda-panel', 'ayuda-search')!;
    await waitFor(() => $$(search, '[role=option]').length > 0, 'results for the API search');
    await el.show('pin-and-puk');
    const article = await waitFor(() => $(el, 'ayuda-panel', 'ayuda-article'), 'article');
    await waitFor(() => $(article, 'h2')?.textContent, 'article loaded');
    el.setLocale('es');
    await waitFor(() => launcher(el).textContent!.trim() === 'Ayuda', 'Spanish launcher');
    await waitFor(() => $(el, 'ayuda-panel', '[part=title]')?.textContent === 'Ayuda', 'Spanish panel');
    await el.toggle();
    expect(el.isOpen).to.equal(false);
  });

  it('fills the screen under 480 px wide', async () => {
    await setViewport({ width: 375, height: 700 });
    const el = mount();
    await el.open();
    // (after the fade-in, which moves it by a few pixels)
    await waitFor(() => {
      const r = panel(el)!.getBoundingClientRect();
      return JSON.stringify([r.left, r.top, r.width, r.height]) === '[0,0,375,700]';
    }, 'a full-screen panel');
    await expectAccessible(el, 'phone');
  });

  it('sits in the bottom corner given by position, mirrored in right-to-left pages', async () => {
    const el = mount('locale="en" position="bottom-left"');
    await ready(el);
    expect(launcher(el).getBoundingClientRect().left).to.equal(20);
    el.removeAttribute('position');
    document.documentElement.dir = 'rtl';
    expect(launcher(el).getBoundingClientRect().left).to.equal(20);
    document.documentElement.dir = 'ltr';
    expect(window.innerWidth - launcher(el).getBoundingClientRect().right).to.equal(20);
  });

  it('is not broken by hostile page CSS', async () => {
    const style = fixture<HTMLStyleElement>(`<style>* { all: unset !important; color: rgb(255, 0, 0) !important; font-family: serif !important; transform: translateX(40px) !important; } ayuda-widget { display: none !important; }</style>`);
    const el = mount();
    el.style.setProperty('--ayuda-color-primary', 'rgb(0, 90, 60)');
    await ready(el);
    const cs = getComputedStyle(launcher(el));
    expect(cs.position).to.equal('fixed');
    expect(cs.backgroundColor).to.equal('rgb(0, 90, 60)');
    expect(cs.color).to.equal('rgb(255, 255, 255)');
    expect(cs.fontFamily).to.not.equal('serif');
    expect(launcher(el).getBoundingClientRect().width).to.be.greaterThan(40);
    await el.open();
    const title = $(el, 'ayuda-panel', '[part=home-title]')!;
    expect(getComputedStyle(title).color).to.not.equal('rgb(255, 0, 0)');
    expect(panel(el)!.getBoundingClientRect().height).to.be.greaterThan(300);
    style.remove();
  });

  it('restyles through custom properties and parts only, and respects reduced motion and dark mode', async () => {
    const style = fixture<HTMLStyleElement>(`<style>ayuda-widget { --ayuda-radius: 2px; --ayuda-font: Georgia, serif; } ayuda-widget::part(launcher) { text-transform: uppercase; }</style>`);
    const el = mount('locale="en" theme="dark"');
    await ready(el);
    const cs = getComputedStyle(launcher(el));
    expect(cs.textTransform).to.equal('uppercase');
    expect(cs.fontFamily).to.contain('Georgia');
    expect(cs.backgroundColor).to.equal('rgb(156, 192, 255)'); // the dark palette's primary
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(launcher(el)).transitionDuration).to.equal('0s');
    await el.open();
    expect(getComputedStyle($(el, 'ayuda-panel', 'ayuda-search', 'input')!).borderRadius).to.equal('2px');
    await expectAccessible(el, 'dark');
    style.remove();
  });

  it('lets events from inside bubble out of the shadow roots to the page', async () => {
    const el = mount('locale="en"');
    const seen: string[] = [];
    const names = ['ayuda-open', 'ayuda-query-change', 'ayuda-close'];
    const record = (e: Event) => seen.push(e.type);
    for (const n of names) document.addEventListener(n, record);
    await el.open();
    searchInput(el)!.focus();
    await sendKeys({ type: 'x' });
    await el.close();
    for (const n of names) document.removeEventListener(n, record);
    expect(seen).to.deep.equal(['ayuda-open', 'ayuda-query-change', 'ayuda-close']);
  });
});
