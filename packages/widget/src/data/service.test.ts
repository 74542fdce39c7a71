import { expect } from 'chai';
import { AyudaService } from './service.js';
import { AYUDA } from '../test-helpers.js';
import { BEHAVIOUR } from '../config.js';

describe('AyudaService analytics', () => {
  const realFetch = window.fetch;
  afterEach(() => {
    window.fetch = realFetch;
  });

  /** A service whose requests to the real server are recorded on the way. */
  function watched(): { service: AyudaService; sent: Array<{ url: string; keepalive: boolean | undefined; events: number; status?: number }> } {
    const sent: Array<{ url: string; keepalive: boolean | undefined; events: number; status?: number }> = [];
    window.fetch = async (input, init) => {
      const entry = { url: String(input), keepalive: init?.keepalive, events: init?.body ? (JSON.parse(String(init.body)) as { events: unknown[] }).events.length : 0 } as (typeof sent)[number];
      sent.push(entry);
      const res = await realFetch(input, init);
      entry.status = res.status;
      return res;
    };
    return { service: new AyudaService(AYUDA.server), sent };
  }

  it('sends a batch on its timer with keepalive too, so that it outlives a page left while it is on its way', async () => {
    const { service, sent } = watched();
    service.track({ type: 'search', locale: 'en', query: 'service timer', resultCount: 2 });
    await service.flush();
    expect(sent).to.have.length(1);
    expect(sent[0]).to.deep.include({ keepalive: true, events: 1, status: 202 });
  });

  it('sends what is queued with keepalive when the page is left, every batch at once', async () => {
    const { service, sent } = watched();
    for (let i = 0; i < 19; i++) service.track({ type: 'search', locale: 'en', query: `leaving ${i}`, resultCount: 0 });
    // Nothing went yet (batches of 20 go at once; fewer wait for the timer).
    expect(sent).to.have.length(0);
    dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(sent.map((s) => [s.keepalive, s.events])).to.deep.equal([[true, 19]]);
    await new Promise((r) => setTimeout(r, 300));
    expect(sent[0]!.status).to.equal(202);
    expect(sent[0]!.url).to.equal(`${AYUDA.server}/api/v1/analytics/events`);
  });

  it('sends nothing when analytics are off', async () => {
    const { service, sent } = watched();
    service.analytics = false;
    service.track({ type: 'search', locale: 'en', query: 'off', resultCount: 0 });
    dispatchEvent(new PageTransitionEvent('pagehide'));
    await service.flush();
    expect(sent).to.have.length(0);
  });
});

describe('AyudaService index recheck', () => {
  const realFetch = window.fetch;
  const realNow = Date.now;
  afterEach(() => {
    window.fetch = realFetch;
    Date.now = realNow;
  });

  it('checks the index metadata at most once a second (calls meanwhile wait for the second’s end and share one request), and downloads the index again only when its revision changed, once, asking again while the server still answers the old one', async () => {
    const english = await (await realFetch(`${AYUDA.server}/api/v1/kb/index/en`)).text();
    const asked: Array<{ what: 'index' | 'meta'; ifNoneMatch: string | null }> = [];
    /**
     * What the server says: the truth; a new revision in its metadata while its index is still
     * the old one (another process not rebuilt yet: a 304); or the new revision in both.
     */
    let answer: 'real' | 'lagging' | 'published' = 'real';
    window.fetch = async (input, init) => {
      const url = String(input);
      const m = /\/kb\/index\/es(\/meta)?$/.exec(url);
      if (!m) return realFetch(input, init);
      asked.push({ what: m[1] ? 'meta' : 'index', ifNoneMatch: new Headers(init?.headers).get('If-None-Match') });
      if (answer === 'real' || (answer === 'lagging' && !m[1])) return realFetch(input, init);
      if (m[1]) {
        const meta = await (await realFetch(url)).json();
        return new Response(JSON.stringify({ ...meta, revision: 'published' }), { status: 200, headers: { 'Content-Type': 'application/json', ETag: 'W/"published"' } });
      }
      return new Response(JSON.stringify({ ...JSON.parse(english), revision: 'published' }), { status: 200, headers: { 'Content-Type': 'application/json', ETag: '"published"' } });
    };
    // The clock moved on by hand, past the second between checks.
    let shift = 0;
    Date.now = () => realNow() + shift;
    const later = () => (shift += BEHAVIOUR.indexRecheckMs);
    const service = new AyudaService(AYUDA.server);
    const first = await service.index('es');
    expect(asked.map((a) => a.what)).to.deep.equal(['index']);

    // Right after the download, twice: one question, to the metadata, once the second is over
    // (an article published meanwhile shows without another keystroke); the same revision keeps the engine.
    expect(await Promise.all([service.recheck('es'), service.recheck('es')])).to.deep.equal([null, null]);
    expect(asked.map((a) => a.what)).to.deep.equal(['index', 'meta']);
    expect(await service.index('es')).to.equal(first);

    // The metadata says a new revision, but the index answered is still the old one (a 304): asked again at the next check.
    answer = 'lagging';
    later();
    expect(await service.recheck('es')).to.equal(null);
    expect(asked.map((a) => a.what)).to.deep.equal(['index', 'meta', 'meta', 'index']);
    answer = 'published';
    later();
    const fresh = await service.recheck('es');
    expect(asked.map((a) => a.what)).to.deep.equal(['index', 'meta', 'meta', 'index', 'meta', 'index']);
    expect(fresh).to.not.equal(null);
    expect(fresh).to.not.equal(first);
    expect(await service.index('es'), 'later searches use the new engine').to.equal(fresh);
    later();
    expect(await service.recheck('es')).to.equal(null);
    expect(asked.map((a) => a.what), 'once per revision').to.deep.equal(['index', 'meta', 'meta', 'index', 'meta', 'index', 'meta']);
    expect(asked.at(-1)!.ifNoneMatch, 'the metadata revalidated by its ETag').to.equal('W/"published"');
  });

  it('revalidates the index itself by its ETag where the server has no metadata (an older server)', async () => {
    const asked: Array<{ what: 'index' | 'meta'; ifNoneMatch: string | null }> = [];
    window.fetch = async (input, init) => {
      const url = String(input);
      const m = /\/kb\/index\/en(\/meta)?$/.exec(url);
      if (!m) return realFetch(input, init);
      asked.push({ what: m[1] ? 'meta' : 'index', ifNoneMatch: new Headers(init?.headers).get('If-None-Match') });
      if (m[1]) return new Response(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }), { status: 404, headers: { 'Content-Type': 'application/problem+json' } });
      return realFetch(input, init);
    };
    let shift = 0;
    Date.now = () => realNow() + shift;
    const service = new AyudaService(AYUDA.server);
    const first = await service.index('en');
    shift += BEHAVIOUR.indexRecheckMs;
    expect(await service.recheck('en')).to.equal(null);
    expect(asked.map((a) => a.what)).to.deep.equal(['index', 'meta', 'index']);
    expect(asked[2]!.ifNoneMatch, 'revalidated by its ETag').to.be.a('string').and.not.equal('');
    expect(await service.index('en')).to.equal(first);
  });
});
