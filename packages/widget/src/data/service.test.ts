import { expect } from 'chai';
import { AyudaService } from './service.js';
import { AYUDA } from '../test-helpers.js';

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
  afterEach(() => {
    window.fetch = realFetch;
  });

  it('asks for the index again at most once a second (a call inside the second waits for its end, calls share one request), keeps the engine on a 304 and swaps it when the index changed', async () => {
    const english = await (await realFetch(`${AYUDA.server}/api/v1/kb/index/en`)).text();
    const asked: Array<{ url: string; ifNoneMatch: string | null; at: number }> = [];
    let answer: 'real' | '304' | 'changed' = 'real';
    window.fetch = async (input, init) => {
      const url = String(input);
      if (!url.includes('/kb/index/')) return realFetch(input, init);
      asked.push({ url, ifNoneMatch: new Headers(init?.headers).get('If-None-Match'), at: performance.now() });
      if (answer === 'real') return realFetch(input, init);
      if (answer === '304') return new Response(null, { status: 304, headers: { ETag: 'W/"same"' } });
      return new Response(english, { status: 200, headers: { 'Content-Type': 'application/json', ETag: '"changed"' } });
    };
    const service = new AyudaService(AYUDA.server);
    const first = await service.index('es');
    const loaded = performance.now();
    expect(asked).to.have.length(1);

    // Asked right away, twice: one request, once the second since the download is over.
    answer = '304';
    const [a, b] = await Promise.all([service.recheck('es'), service.recheck('es')]);
    expect([a, b]).to.deep.equal([null, null]);
    expect(asked).to.have.length(2);
    expect(asked[1]!.at - loaded).to.be.at.least(900);
    expect(asked[1]!.ifNoneMatch, 'revalidated by its ETag').to.be.a('string').and.not.equal('');
    expect(await service.index('es')).to.equal(first);

    answer = 'changed';
    const fresh = await service.recheck('es');
    expect(asked).to.have.length(3);
    expect(fresh).to.not.equal(null);
    expect(fresh).to.not.equal(first);
    expect(await service.index('es'), 'later searches use the new engine').to.equal(fresh);
  });
});
