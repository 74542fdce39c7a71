// Helpers shared by the search component's tests, searching in the browser (search.test.ts) and
// through the server (search-server.test.ts).
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import type { AyudaSearch } from './search.js';
import { $, $$, AYUDA, fixture, waitFor } from '../test-helpers.js';

export const mount = (attrs = '') => fixture<AyudaSearch>(`<ayuda-search server="${AYUDA.server}" ${attrs}></ayuda-search>`);
export const input = (el: AyudaSearch) => $<HTMLInputElement>(el, 'input')!;
export const status = (el: AyudaSearch) => $(el, '[role=status]')!.textContent!.trim();
export const titles = (el: AyudaSearch) => $$(el, '[role=option] .title').map((t) => t.textContent!.trim());

export async function type(el: AyudaSearch, text: string): Promise<void> {
  input(el).focus();
  await sendKeys({ type: text });
}

/** A search in `locale` with `q` typed, once its results for `q` are shown. */
export async function searched(locale: string, q: string): Promise<AyudaSearch> {
  const el = mount(`locale="${locale}"`);
  await el.ready;
  const shown: string[] = [];
  el.addEventListener('ayuda-results', (e) => shown.push(e.detail.query));
  await type(el, q);
  await waitFor(() => shown.at(-1) === q, `results for "${q}"`);
  await el.updateComplete;
  return el;
}

/**
 * The "See all N results" link for `q`: N is the search API's count for the same query (more
 * than the 8 shown), the link the help portal's search page in `locale` with the query encoded.
 */
export async function expectSeeAll(el: AyudaSearch, locale: string, q: string, text: string, fetchFn: typeof fetch = fetch): Promise<void> {
  const { total } = await (await fetchFn(`${AYUDA.server}/api/v1/kb/search?locale=${locale}&limit=8&analytics=off&q=${encodeURIComponent(q)}`)).json();
  expect(total).to.be.greaterThan(8);
  expect(titles(el)).to.have.length(8);
  const link = $<HTMLAnchorElement>(el, '.more a')!;
  expect(link.textContent!.trim()).to.equal(text.replace('{n}', String(total)));
  // The status counts the same: the 8 shown of all that match.
  expect(status(el)).to.equal(`8 ${locale === 'es' ? 'de' : 'of'} ${total} ${locale === 'es' ? 'resultados' : 'results'}`);
  expect(link.getAttribute('href')).to.equal(`${AYUDA.server}/help/${locale}/search?q=${encodeURIComponent(q)}`);
  expect(new URL(link.href).searchParams.get('q')).to.equal(q);
}

/** No "See all" link: every match is shown, and the status counts them alone ("5 results"). */
export function expectNoSeeAll(el: AyudaSearch, locale: string, q: string): void {
  expect($(el, '.more a')?.textContent ?? null, `no link for "${q}"`).to.equal(null);
  expect(status(el), `the count for "${q}"`).to.equal(`${titles(el).length} ${locale === 'es' ? 'resultados' : 'results'}`);
}
