// <ayuda-search> over a knowledge base too large to download: the server's index metadata says
// `server` (answered here in place of the demo's `local`), and the box asks the server's search
// API as the customer types. Its own page (module state), so every service here starts afresh.
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import '../define/ayuda-search.js';
import type { AyudaSearch } from './search.js';
import { $, $$, AYUDA, analyticsUntil, cleanup, expectAccessible, fixture, nextEvent, waitFor } from '../test-helpers.js';

const realFetch = window.fetch.bind(window);
let asked: string[] = [];
let searchFails = false;
window.fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  asked.push(url);
  if (/\/kb\/index\/(es|en)\/meta$/.test(url)) {
    const res = await realFetch(input, init);
    const meta = await res.json();
    return new Response(JSON.stringify({ ...meta, localMaxBytes: 1000, mode: 'server' }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }
  if (searchFails && url.includes('/kb/search')) throw new TypeError('Failed to fetch');
  return realFetch(input, init);
};

const mount = (attrs = '') => fixture<AyudaSearch>(`<ayuda-search server="${AYUDA.server}" ${attrs}></ayuda-search>`);
const input = (el: AyudaSearch) => $<HTMLInputElement>(el, 'input')!;
const status = (el: AyudaSearch) => $(el, '[role=status]')!.textContent!.trim();
const titles = (el: AyudaSearch) => $$(el, '[role=option] .title').map((t) => t.textContent!.trim());
const searches = () => asked.filter((u) => u.includes('/kb/search')).map((u) => new URL(u).searchParams);

async function type(el: AyudaSearch, text: string): Promise<void> {
  input(el).focus();
  await sendKeys({ type: text });
}

describe('<ayuda-search> searching through the server', () => {
  beforeEach(() => {
    asked = [];
    searchFails = false;
  });
  afterEach(() => cleanup());

  it('answers every keystroke from the search API, with the same results as the engine, and never downloads the index', async () => {
    const el = mount('locale="es"');
    await el.ready;
    const shown: string[] = [];
    el.addEventListener('ayuda-results', (e) => shown.push(e.detail.query));
    await type(el, 'facutra');
    await waitFor(() => shown.includes('facutra'), 'results from the server for the whole word');
    expect(/resultado/.test(status(el))).to.equal(true);
    const last = searches().at(-1)!;
    expect(last.get('q')).to.equal('facutra');
    expect(last.get('analytics')).to.equal('off');
    expect(last.get('limit')).to.equal('8');
    // The server's answer to the same query, straight: what the box shows.
    const direct = await (await realFetch(`${AYUDA.server}/api/v1/kb/search?locale=es&limit=8&analytics=off&q=facutra`)).json();
    expect(titles(el)).to.deep.equal(direct.results.map((r: { title: string }) => r.title));
    expect($(el, '[part=snippet] mark')).to.exist;
    expect(asked.some((u) => /\/kb\/index\/es$/.test(u))).to.equal(false);
    await expectAccessible(el, 'server results');
  });

  it('asks nothing again for a query it already has (typing back over it), and shows "did you mean" from the server', async () => {
    const el = mount('locale="en"');
    await el.ready;
    await type(el, 'wfi');
    await waitFor(() => $(el, '[part=suggestion-button]'), 'suggestion');
    expect($(el, '[part=suggestion-button]')!.textContent).to.equal('wifi');
    const shown: string[] = [];
    el.addEventListener('ayuda-results', (e) => shown.push(e.detail.query));
    const before = searches().length;
    await sendKeys({ press: 'Backspace' });
    await waitFor(() => shown.includes('wf'), 'results for "wf"');
    await sendKeys({ type: 'i' });
    await waitFor(() => shown.at(-1) === 'wfi', 'results for "wfi" again');
    // "wfi" comes from the answers already received ("wf" too, unless its request was aborted by the next key).
    expect(searches().slice(before).map((p) => p.get('q'))).to.not.include('wfi');
    await waitFor(() => $(el, '[part=suggestion-button]'), 'suggestion again');
  });

  it('records one search event per settled query in analytics: the widget’s, none from the API calls', async () => {
    const el = mount('locale="en"');
    await el.ready;
    await type(el, 'roaming abroad');
    const e = await nextEvent<{ query: string; resultCount: number }>(el, 'ayuda-search');
    expect(e.detail.query).to.equal('roaming abroad');
    expect(searches().length).to.be.greaterThan(5);
    const report = await analyticsUntil((a) => a.topQueries.some((q) => q.query === 'roaming abroad'), 'en');
    expect(report.topQueries.find((q) => q.query === 'roaming abroad')?.count).to.equal(1);
    expect(report.topQueries.some((q) => q.query === 'roaming abroa')).to.equal(false);
  });

  it('shows the offline state with a retry button when the search API cannot be reached, and recovers', async () => {
    const el = mount('locale="en"');
    await el.ready;
    searchFails = true;
    await type(el, 'bill');
    await waitFor(() => /offline|could not load/i.test(status(el)), 'offline state', 15_000);
    expect($(el, '[part=retry-button]')?.textContent).to.equal('Try again');
    await expectAccessible(el, 'offline');
    searchFails = false;
    $<HTMLButtonElement>(el, '[part=retry-button]')!.click();
    await waitFor(() => titles(el).length > 0, 'results after retry');
  });
});
