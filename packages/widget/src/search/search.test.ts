import { expect } from 'chai';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../define/ayuda-search.js';
import type { AyudaSearch } from './search.js';
import type { AyudaEvent } from '../events.js';
import { $, AYUDA, analyticsUntil, cleanup, expectAccessible, fixture, nextEvent, waitFor } from '../test-helpers.js';
import { expectNoSeeAll, expectSeeAll, input, mount, searched, status, titles, type } from './search.testing.js';

describe('<ayuda-search>', () => {
  afterEach(async () => {
    cleanup();
    await emulateMedia({ colorScheme: 'light', forcedColors: 'none', reducedMotion: 'no-preference' });
  });

  it('is labelled in the page language and has no axe violations when empty', async () => {
    const el = mount('locale="es"');
    await el.ready;
    expect(input(el).labels?.[0]?.textContent).to.equal('Buscar en la ayuda');
    expect(input(el).getAttribute('role')).to.equal('combobox');
    expect(input(el).getAttribute('aria-expanded')).to.equal('false');
    await expectAccessible(el, 'empty');
  });

  it('takes its locale from the nearest lang attribute, then <html lang>', async () => {
    const wrap = fixture<HTMLDivElement>(`<div lang="es-ES"><ayuda-search server="${AYUDA.server}"></ayuda-search></div>`);
    const inner = wrap.querySelector('ayuda-search')!;
    await inner.ready;
    expect(inner.currentLocale).to.equal('es');
    const el = mount();
    await el.ready;
    expect(el.currentLocale).to.equal('en'); // the test page is <html lang="en">
    expect(input(el).labels?.[0]?.textContent).to.equal('Search help');
  });

  it('answers a misspelt query without accents on every keystroke, with highlighted snippets and an announced count', async () => {
    const el = mount('locale="es"');
    await el.ready;
    await type(el, 'contrasena del wiifi');
    await waitFor(() => titles(el).length > 0, 'results');
    expect(titles(el)[0]).to.equal('Cambiar el nombre y la contraseña del Wi-Fi');
    expect($(el, '[role=option] mark')?.textContent).to.match(/contraseña|wi-?fi/i);
    expect(status(el)).to.match(/^(\d+ de )?\d+ resultados?$/);
    expect(input(el).getAttribute('aria-expanded')).to.equal('true');
    await expectAccessible(el, 'with results');
  });

  it('offers "did you mean" after a search that found nothing, as a button that runs the corrected search; no axe violations', async () => {
    for (const [locale, typed, suggestion, lead] of [['es', 'wfi', 'wifi', '¿Quisiste decir'], ['en', 'wfi', 'wifi', 'Did you mean']] as const) {
      const el = mount(`locale="${locale}"`);
      await el.ready;
      await type(el, typed);
      const button = await waitFor(() => $<HTMLButtonElement>(el, '[part=suggestion-button]'), 'the suggestion');
      expect(button.textContent!.trim()).to.equal(suggestion);
      expect($(el, '#dym')!.textContent).to.equal(lead);
      expect(button.getAttribute('aria-describedby')).to.equal('dym');
      // Screen readers hear it once, in the status; it shows once, as the button (not also in the status line).
      expect(status(el)).to.contain(`${lead} ${suggestion}?`);
      const spoken = $<HTMLElement>(el, '[role=status] .visually-hidden')!;
      expect(spoken.textContent!.trim()).to.equal(`${lead} ${suggestion}?`);
      expect(spoken.getBoundingClientRect().width).to.be.at.most(1);
      expect(getComputedStyle(spoken).clipPath).to.equal('inset(50%)');
      await expectAccessible(el, `did you mean ${locale}`);
      const changed = nextEvent<{ query: string }>(el, 'ayuda-query-change');
      button.click();
      expect((await changed).detail.query).to.equal(suggestion);
      await waitFor(() => titles(el).length > 0, 'the corrected search’s results');
      expect(input(el).value).to.equal(suggestion);
      expect($(el, '[part=suggestion]')).to.equal(null);
      cleanup();
    }
  });

  it('finds nothing for an unrelated question and offers contact, with no suggestion', async () => {
    for (const [locale, q] of [['es', 'receta de paella'], ['en', 'pizza recipe']] as const) {
      const el = mount(`locale="${locale}"`);
      await el.ready;
      await type(el, q);
      await waitFor(() => $(el, '[part=contact-button]'), 'contact');
      expect(titles(el)).to.deep.equal([]);
      expect($(el, '[part=suggestion]')).to.equal(null);
      cleanup();
    }
  });

  it('moves through results with the arrows and opens one with Enter', async () => {
    const el = mount('locale="es"');
    await el.ready;
    await type(el, 'factura');
    await waitFor(() => titles(el).length > 2, 'results');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(input(el).getAttribute('aria-activedescendant')).to.equal('r1');
    expect($(el, '#r1')!.getAttribute('aria-selected')).to.equal('true');
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(input(el).getAttribute('aria-activedescendant')).to.equal(`r${titles(el).length - 1}`, 'ArrowUp wraps to the last result');
    await sendKeys({ press: 'ArrowDown' });
    const clicked = nextEvent<{ slug: string; position: number; query: string }>(el, 'ayuda-result-click');
    el.addEventListener('ayuda-result-click', (e) => e.preventDefault(), { once: true });
    await sendKeys({ press: 'Enter' });
    const e = await clicked;
    expect(e.detail).to.include({ position: 1, query: 'factura', locale: 'es' });
    expect(e.detail.slug).to.be.a('string');
  });

  it('links to all the results on the help portal, in its language and with the query encoded, when more match than are shown; no axe violations', async () => {
    for (const [locale, q, text] of [['es', 'contraseña wifi', 'Ver los {n} resultados'], ['en', 'bill & payment', 'See all {n} results']] as const) {
      // The portal counts as the search API does: the same number.
      const el = await searched(locale, q);
      await expectSeeAll(el, locale, q, text);
      await expectAccessible(el, `all results ${locale}`);
      cleanup();
    }
  });

  it('shows no link to all the results when every match is shown', async () => {
    for (const [locale, q, count] of [['es', 'roaming', 5], ['en', 'roaming', 5], ['en', 'payment', 8]] as const) {
      const el = await searched(locale, q);
      expect(titles(el)).to.have.length(count);
      expectNoSeeAll(el, locale, q);
      cleanup();
    }
  });

  it('announces "See all" as a cancelable ayuda-see-all: cancelled, the page stays; not cancelled, the link is followed', async () => {
    const el = await searched('en', 'bill & payment');
    const link = $<HTMLAnchorElement>(el, '.more a')!;
    const prevented: boolean[] = [];
    // Runs after the component's own handler (the click reaches window last): records whether the
    // link would be followed, then stops the test page from leaving.
    const stop = (e: MouseEvent) => {
      prevented.push(e.defaultPrevented);
      e.preventDefault();
    };
    window.addEventListener('click', stop);
    const details: Array<AyudaEvent<'ayuda-see-all'>['detail']> = [];
    const cancel = (e: AyudaEvent<'ayuda-see-all'>) => {
      details.push(e.detail);
      e.preventDefault();
    };
    try {
      el.addEventListener('ayuda-see-all', cancel);
      link.click();
      el.removeEventListener('ayuda-see-all', cancel);
      el.addEventListener('ayuda-see-all', (e) => details.push(e.detail), { once: true });
      link.click();
    } finally {
      window.removeEventListener('click', stop);
    }
    expect(details).to.have.length(2);
    const { total } = await (await fetch(`${AYUDA.server}/api/v1/kb/search?locale=en&limit=8&analytics=off&q=${encodeURIComponent('bill & payment')}`)).json();
    expect(total).to.be.greaterThan(8);
    expect(details[0]).to.deep.equal({ query: 'bill & payment', locale: 'en', total });
    expect(details[1]).to.deep.equal(details[0]);
    expect(prevented).to.deep.equal([true, false]);
  });

  it('reaches the link to all the results with Tab after the list; the arrows stay in the list', async () => {
    const el = mount('locale="es"');
    await el.ready;
    await type(el, 'factura');
    const link = await waitFor(() => $<HTMLAnchorElement>(el, '.more a'), 'the link to all results');
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(input(el).getAttribute('aria-activedescendant')).to.equal(`r${titles(el).length - 1}`, 'ArrowUp wraps to the last result, not the link');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(input(el).getAttribute('aria-activedescendant')).to.equal('r0', 'ArrowDown wraps to the first result');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(link);
    expect(getComputedStyle(link).outlineStyle).to.equal('solid', 'a visible focus ring');
  });

  it('clears with Escape, and lets the next Escape through', async () => {
    const el = mount('locale="es"');
    await el.ready;
    await type(el, 'router');
    await waitFor(() => titles(el).length > 0, 'results');
    let reachedParent = 0;
    document.body.addEventListener('keydown', (e) => e.key === 'Escape' && reachedParent++);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(input(el).value).to.equal('');
    expect(titles(el)).to.deep.equal([]);
    expect(reachedParent).to.equal(0);
    await sendKeys({ press: 'Escape' });
    expect(reachedParent).to.equal(1);
  });

  it('says when nothing matches and offers to contact support', async () => {
    const el = mount('locale="en"');
    await el.ready;
    await type(el, 'qwertyuiop');
    await waitFor(() => status(el).startsWith('No results'), 'no results');
    expect(status(el)).to.equal('No results for “qwertyuiop”.');
    await expectAccessible(el, 'no results');
    const contact = nextEvent<{ query: string }>(el, 'ayuda-contact');
    el.addEventListener('ayuda-contact', (e) => e.preventDefault(), { once: true });
    $<HTMLButtonElement>(el, '[part=contact-button]')!.click();
    expect((await contact).detail).to.deep.equal({ query: 'qwertyuiop', locale: 'en' });
  });

  it('keeps a long query without spaces inside its width (the count and the no-results line wrap)', async () => {
    const el = mount('locale="en" style="display:block;width:320px"');
    await el.ready;
    input(el).focus();
    input(el).value = 'q'.repeat(150);
    input(el).dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await waitFor(() => status(el).startsWith('No results'), 'no results');
    const root = $(el, '.root')!;
    expect(root.scrollWidth).to.be.at.most(root.clientWidth);
    expect(el.scrollWidth).to.be.at.most(320);
  });

  it('shows an offline state with a retry button when the index cannot be downloaded', async () => {
    const el = fixture<AyudaSearch>(`<ayuda-search server="http://127.0.0.1:9" locale="en"></ayuda-search>`);
    await el.ready;
    await type(el, 'bill');
    await waitFor(() => /offline|could not load/.test(status(el)), 'offline state', 10_000);
    expect($(el, '[part=retry-button]')?.textContent).to.equal('Try again');
    await expectAccessible(el, 'offline');
  });

  it('sends one search event per settled query, not one per keystroke', async () => {
    const el = mount('locale="en"');
    await el.ready;
    const seen: Array<{ query: string; resultCount: number }> = [];
    el.addEventListener('ayuda-search', (e) => seen.push(e.detail));
    await type(el, 'roaming charges');
    const e = await nextEvent<{ query: string; resultCount: number }>(el, 'ayuda-search');
    expect(e.detail.query).to.equal('roaming charges');
    expect(e.detail.resultCount).to.be.greaterThan(0);
    expect(seen).to.have.length(1);
    const report = await analyticsUntil((a) => a.topQueries.some((q) => q.query === 'roaming charges'), 'en');
    expect(report.topQueries.find((q) => q.query === 'roaming charges')?.count).to.equal(1);
  });

  it('counts in its events (and its analytics) what matches, as the portal does, not the 8 listed', async () => {
    const el = mount('locale="en"');
    await el.ready;
    const results: number[] = [];
    el.addEventListener('ayuda-results', (e) => results.push(e.detail.resultCount));
    const settled = nextEvent<AyudaEvent<'ayuda-search'>['detail']>(el, 'ayuda-search');
    await type(el, 'bill & payment');
    const { detail } = await settled;
    const { total } = await (await fetch(`${AYUDA.server}/api/v1/kb/search?locale=en&limit=8&analytics=off&q=${encodeURIComponent('bill & payment')}`)).json();
    expect(total).to.be.greaterThan(8);
    expect(titles(el)).to.have.length(8);
    expect(detail).to.deep.equal({ query: 'bill & payment', locale: 'en', resultCount: total });
    expect(results.at(-1)).to.equal(total);
  });

  it('follows the theme: custom properties, dark mode and forced colours', async () => {
    const el = mount('locale="en"');
    el.style.setProperty('--ayuda-color-primary', 'rgb(200, 0, 100)');
    await el.ready;
    await type(el, 'bill');
    await waitFor(() => titles(el).length > 0, 'results');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(getComputedStyle($(el, '[aria-selected=true]')!).borderColor).to.equal('rgb(200, 0, 100)');
    const light = getComputedStyle(input(el)).backgroundColor;
    el.style.removeProperty('--ayuda-color-primary');
    await emulateMedia({ colorScheme: 'dark' });
    const dark = getComputedStyle(input(el)).backgroundColor;
    expect(dark).to.not.equal(light);
    await expectAccessible(el, 'dark');
    el.setAttribute('theme', 'light');
    expect(getComputedStyle(input(el)).backgroundColor).to.equal(light, 'theme="light" wins over the system');
    // In forced colours the system palette decides contrast; matches must stay visible.
    await emulateMedia({ forcedColors: 'active' });
    const mark = $(el, '[role=option] mark')!;
    expect(getComputedStyle(mark).forcedColorAdjust).to.equal('none');
    expect(getComputedStyle(mark).backgroundColor).to.not.equal(getComputedStyle(mark.parentElement!).backgroundColor);
  });
});
