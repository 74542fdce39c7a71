// <ayuda-search> over a knowledge base too large to download: the server's index metadata says
// `server` (answered here in place of the demo's `local`), and the box asks the server as the
// customer types, over live search (a WebSocket) and, where that cannot open, the search API.
// Its own page (module state), so every service here starts afresh.
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import '../define/ayuda-search.js';
import { $, AYUDA, analyticsUntil, cleanup, expectAccessible, nextEvent, waitFor } from '../test-helpers.js';
import { expectNoSeeAll, expectSeeAll, input, mount, searched, status, titles, type } from './search.testing.js';

/** Every search asked, in order: over live search (its message) or HTTP (its URL's query). */
let asked: Array<{ via: 'live' | 'http'; params: URLSearchParams }> = [];
let searchFails = false;
/** Set: a live socket opened from now on is refused, as by a proxy that does not pass WebSockets. */
let refuseLive = false;
const realFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  if (/\/kb\/index\/(es|en)\/meta$/.test(url)) {
    const res = await realFetch(input, init);
    const meta = await res.json();
    return new Response(JSON.stringify({ ...meta, localMaxBytes: 1000, mode: 'server' }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }
  if (url.includes('/kb/search')) {
    asked.push({ via: 'http', params: new URL(url).searchParams });
    if (searchFails) throw new TypeError('Failed to fetch');
  }
  return realFetch(input, init);
};
const sockets: WebSocket[] = [];
window.WebSocket = class extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(refuseLive ? String(url).replace('/search/live', '/search/refused') : url, protocols);
    sockets.push(this);
  }
  override send(data: string): void {
    const { id: _id, ...search } = JSON.parse(data) as Record<string, string>;
    asked.push({ via: 'live', params: new URLSearchParams(search) });
    // The network gone: the socket drops, as a connection does.
    if (searchFails) this.close();
    else super.send(data);
  }
};

const searches = () => asked.map((a) => a.params);

describe('<ayuda-search> searching through the server', () => {
  beforeEach(() => {
    asked = [];
    searchFails = false;
  });
  afterEach(() => cleanup());

  it('answers every keystroke over live search, with the same results as the engine, and never downloads the index', async () => {
    const el = mount('locale="es"');
    await el.ready;
    const shown: string[] = [];
    el.addEventListener('ayuda-results', (e) => shown.push(e.detail.query));
    await type(el, 'facutra');
    await waitFor(() => shown.includes('facutra'), 'results from the server for the whole word');
    expect(/resultado/.test(status(el))).to.equal(true);
    expect(asked.every((a) => a.via === 'live')).to.equal(true);
    const last = searches().at(-1)!;
    expect(last.get('q')).to.equal('facutra');
    expect(last.get('limit')).to.equal('8');
    // The server's answer to the same query, straight: what the box shows.
    const direct = await (await realFetch(`${AYUDA.server}/api/v1/kb/search?locale=es&limit=8&analytics=off&q=facutra`)).json();
    expect(titles(el)).to.deep.equal(direct.results.map((r: { title: string }) => r.title));
    expect($(el, '[part=snippet] mark')).to.exist;
    expect(performance.getEntriesByType('resource').some((e) => /\/kb\/index\/es$/.test(e.name))).to.equal(false);
    await expectAccessible(el, 'server results');
  });

  it('links to all the server’s results on the help portal when more match than are shown, and not when all are', async () => {
    for (const [locale, q, text] of [['es', 'contraseña wifi', 'Ver los {n} resultados'], ['en', 'bill & payment', 'See all {n} results']] as const) {
      await expectSeeAll(await searched(locale, q), locale, q, text, realFetch);
      cleanup();
    }
    const el = await searched('en', 'payment');
    expect(titles(el)).to.have.length(8);
    expectNoSeeAll(el, 'en', 'payment');
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

  it('shows the offline state with a retry button when the server cannot be reached, and recovers', async function () {
    // Its waits are bounded below; the test as a whole gets room for them on a loaded machine
    // (the fresh-clone check ran out of the default 15 s, the offline state's own wait's length,
    // while the type check ran beside it; alone the offline state shows in about 0.2 s).
    this.timeout(45_000);
    const el = mount('locale="en"');
    await el.ready;
    searchFails = true;
    // A query no earlier test typed, nor any prefix of it: the page keeps the answers it received
    // (ayuda-search shows one at once, asking nothing), and 'bill' came as 'bill & payment' was typed.
    await type(el, 'invoice');
    await waitFor(() => /offline|could not load/i.test(status(el)), 'offline state', 15_000);
    // The socket dropped, then the search API did not answer either.
    expect(asked.some((a) => a.via === 'live') && asked.some((a) => a.via === 'http')).to.equal(true);
    expect($(el, '[part=retry-button]')?.textContent).to.equal('Try again');
    await expectAccessible(el, 'offline');
    searchFails = false;
    $<HTMLButtonElement>(el, '[part=retry-button]')!.click();
    await waitFor(() => titles(el).length > 0, 'results after retry', 15_000);
  });

  // Last: once live search could not open, the page searches over HTTP for the rest of its life.
  it('searches through the search API when live search cannot open (a proxy or a Content-Security-Policy refusing it)', async () => {
    const el = mount('locale="es"');
    await el.ready;
    refuseLive = true;
    for (const ws of sockets) ws.close();
    const shown: string[] = [];
    el.addEventListener('ayuda-results', (e) => shown.push(e.detail.query));
    await type(el, 'router');
    await waitFor(() => shown.includes('router'), 'results for the whole word');
    const last = asked.at(-1)!;
    expect(last.via).to.equal('http');
    expect(last.params.get('q')).to.equal('router');
    expect(last.params.get('analytics')).to.equal('off');
    const direct = await (await realFetch(`${AYUDA.server}/api/v1/kb/search?locale=es&limit=8&analytics=off&q=router`)).json();
    expect(titles(el)).to.deep.equal(direct.results.map((r: { title: string }) => r.title));
  });
});
