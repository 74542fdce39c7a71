// How often an open widget asks for its search index: once per page view, and once more only
// when the knowledge base's revision changes; its freshness check in between is the small
// index metadata. Its own page (module state), so the shared data service starts afresh.
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import '../define/ayuda-widget.js';
import type { AyudaWidget } from './widget.js';
import { BEHAVIOUR } from '../config.js';
import { $, $$, AYUDA, cleanup, expectAccessible, fixture, nextEvent, waitFor } from '../test-helpers.js';

/** Every request for the index (`index`) or its metadata (`meta`), with its status once answered. */
const asked: Array<{ what: 'index' | 'meta'; status?: number }> = [];
/** Set: the server's metadata says a new revision (an article published meanwhile). */
let revision = '';
const realFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  const m = /\/kb\/index\/en(\/meta)?$/.exec(url);
  if (!m) return realFetch(input, init);
  const entry: (typeof asked)[number] = { what: m[1] ? 'meta' : 'index' };
  asked.push(entry);
  if (!revision) {
    const res = await realFetch(input, init);
    entry.status = res.status;
    return res;
  }
  // The new revision's metadata and index, each with its own ETag (revalidated as the server would).
  const tag = `W/"${m[1] ? 'meta' : 'index'}-${revision}"`;
  const headers = new Headers(init?.headers);
  if (headers.get('If-None-Match') === tag) return new Response(null, { status: (entry.status = 304), headers: { ETag: tag } });
  headers.delete('If-None-Match');
  const body = (await (await realFetch(input, { ...init, headers })).json()) as Record<string, unknown>;
  return new Response(JSON.stringify({ ...body, revision }), { status: (entry.status = 200), headers: { 'Content-Type': 'application/json', ETag: tag } });
};

const index = () => asked.filter((a) => a.what === 'index');
/** Long enough for any recheck the last search asked for to have been sent. */
const pastRecheck = () => new Promise((r) => setTimeout(r, BEHAVIOUR.indexRecheckMs + 700));

describe('<ayuda-widget> index requests', () => {
  afterEach(() => cleanup());

  it('downloads the index once per page view, however the customer types, and again only when the revision changes', async () => {
    const el = fixture<AyudaWidget>(`<ayuda-widget server="${AYUDA.server}" preload="interaction" locale="en"></ayuda-widget>`);
    const launcher = await waitFor(() => $<HTMLButtonElement>(el, '[part=launcher]'), 'the launcher');
    launcher.focus();
    const opened = nextEvent(el, 'ayuda-open');
    await sendKeys({ press: 'Enter' });
    await opened;
    const search = await waitFor(() => $(el, 'ayuda-panel', 'ayuda-search'), 'the search box');
    await expectAccessible(search, 'open');
    // Typed at once after opening (the download just ended), then again after a pause.
    await sendKeys({ type: 'bill' });
    await waitFor(() => $$(search, '[role=option]').length > 0, 'results');
    await pastRecheck();
    // The freshness check of a search right after the download waits for the second's end: the small metadata, not the index.
    expect(index().map((a) => a.status), 'one download, no revalidation of an index just downloaded').to.deep.equal([200]);
    await sendKeys({ type: ' pay' });
    await waitFor(() => asked.filter((a) => a.what === 'meta').length >= 2, 'the freshness check of a search a while after the download');
    await pastRecheck();
    expect(index().map((a) => a.status), 'the freshness check asks the small metadata, not the index').to.deep.equal([200]);

    // An article published meanwhile: the next search notices the new revision and downloads the index once.
    revision = 'published-meanwhile';
    await sendKeys({ press: 'Backspace' });
    await waitFor(() => index().length === 2, 'the new revision’s index');
    await sendKeys({ press: 'Backspace' });
    await pastRecheck();
    await sendKeys({ press: 'Backspace' });
    await pastRecheck();
    expect(index(), 'once per revision').to.have.length(2);
  });
});
