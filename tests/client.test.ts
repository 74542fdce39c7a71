// @ayuda/client against the real HTTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AyudaApiError, AyudaClient, AyudaNetworkError } from '@ayuda/client';
import { AyudaStaffClient } from '@ayuda/client/staff';
import { KnowledgeSearch } from '@ayuda/core';
import { startTestServer } from './helpers/server.js';
import { testDatabases } from '../packages/server/src/testing/db.js';

describe.each(testDatabases())('AyudaClient against the server on %s', (kind) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let client: AyudaClient;
  let staff: AyudaStaffClient;
  beforeAll(async () => {
    server = await startTestServer(kind);
    client = new AyudaClient({ baseUrl: `${server.url}/` });
    staff = new AyudaStaffClient({ baseUrl: `${server.url}/`, staffToken: server.staffToken });
  });
  afterAll(() => server?.close());

  it('reads categories, articles and search results', async () => {
    const { categories } = await client.listCategories('en');
    expect(categories.map((c) => c.key)).toContain('billing');
    expect(categories.map((c) => c.key)).not.toContain('internal');
    const list = await client.listArticles({ locale: 'en', category: 'billing', limit: 2 });
    expect(list.articles).toHaveLength(2);
    const article = await client.getArticle('en', list.articles[0]!.slug);
    expect(article.html).toContain('<');
    const found = await client.search({ q: 'wifi pasword', locale: 'en' });
    expect(found.results[0]?.slug).toBe('change-wifi-name-password');
  });

  it('downloads the index once and revalidates it with its ETag', async () => {
    let calls = 0;
    const statuses: number[] = [];
    const counting = new AyudaClient({
      baseUrl: server.url,
      fetch: async (input, init) => {
        calls++;
        const res = await fetch(input, init);
        statuses.push(res.status);
        return res;
      },
    });
    const a = await counting.getIndex('es');
    const b = await counting.getIndex('es');
    expect(calls).toBe(2);
    expect(statuses).toEqual([200, 304]);
    expect(b).toBe(a);
    expect(KnowledgeSearch.load(a).search('facutra').length).toBeGreaterThan(0);
  });

  it('turns problem details into typed errors with field messages', async () => {
    const err = await client.search({ q: '', locale: 'es' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AyudaApiError);
    const e = err as AyudaApiError;
    expect(e.status).toBe(400);
    expect(e.type).toBe('validation-error');
    expect(Object.keys(e.fieldErrors)).toContain('query.q');
    const nf = (await client.getArticle('es', 'no-existe').catch((x: unknown) => x)) as AyudaApiError;
    expect(nf.status).toBe(404);
    expect(nf.type).toBe('not-found');
    expect(nf.problem.requestId).toBeTruthy();
  });

  it('sends events and reads the staff report', async () => {
    expect(await client.trackEvents([{ type: 'search', locale: 'en', query: 'router lights', resultCount: 4 }])).toEqual({ accepted: 1 });
    const report = await staff.searchAnalytics({ locale: 'en' });
    expect(report.topQueries).toContainEqual({ query: 'router lights', locale: 'en', count: 1 });
    // Without a token a staff call goes with the session cookie; there is none here.
    const anonymous = new AyudaStaffClient({ baseUrl: server.url });
    await expect(anonymous.searchAnalytics()).rejects.toMatchObject({ status: 401, type: 'unauthorized' });
    const wrong = new AyudaStaffClient({ baseUrl: server.url, staffToken: 'ayuda_st_wrong' });
    await expect(wrong.searchAnalytics()).rejects.toMatchObject({ status: 401 });
  });

  it('sends with keepalive when asked (what a page sends as it is left)', async () => {
    const seen: Array<boolean | undefined> = [];
    const watched = new AyudaClient({ baseUrl: server.url, fetch: (input, init) => (seen.push(init?.keepalive), fetch(input, init)) });
    expect(await watched.trackEvents([{ type: 'search', locale: 'en', query: 'leaving', resultCount: 0 }], { keepalive: true })).toEqual({ accepted: 1 });
    expect(await watched.trackEvents([{ type: 'search', locale: 'en', query: 'staying', resultCount: 0 }])).toEqual({ accepted: 1 });
    expect(seen).toEqual([true, undefined]);
  });

  it('retries GETs on 503 but never a POST', async () => {
    let n = 0;
    const flaky = new AyudaClient({
      baseUrl: server.url,
      retryDelayMs: 1,
      fetch: async (input, init) => (++n < 3 ? new Response('busy', { status: 503 }) : fetch(input, init)),
    });
    expect((await flaky.listCategories('es')).locale).toBe('es');
    expect(n).toBe(3);
    let posts = 0;
    const failing = new AyudaClient({
      baseUrl: server.url,
      retryDelayMs: 1,
      fetch: async () => {
        posts++;
        throw new TypeError('fetch failed');
      },
    });
    await expect(failing.trackEvents([{ type: 'article_view', locale: 'es', slug: 'x' }])).rejects.toBeInstanceOf(AyudaNetworkError);
    expect(posts).toBe(1);
  });

  it('can be aborted', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(client.search({ q: 'router', locale: 'es' }, { signal: ctrl.signal })).rejects.toThrow();
  });

  it('signs staff in with the session cookie and sends its CSRF token on changes', async () => {
    await server.ayuda.staff.ensureAccount({ email: 'marta@nubefibra.test', name: 'Marta', role: 'admin', locale: 'es', password: 'a long enough password' });
    // What a browser does for the console: keep the cookie, send it back to the same origin.
    let cookie = '';
    const sent: Array<Record<string, string>> = [];
    const browser = new AyudaStaffClient({
      baseUrl: server.url,
      fetch: async (input, init) => {
        const headers = { ...(init?.headers as Record<string, string>), ...(cookie ? { Cookie: cookie } : {}) };
        sent.push(headers);
        const res = await fetch(input, { ...init, headers });
        const set = res.headers.get('set-cookie');
        if (set) cookie = /Max-Age=0/.test(set) ? '' : set.split(';')[0]!;
        return res;
      },
    });
    const wrong = await browser.staffSignIn({ email: 'marta@nubefibra.test', password: 'not the password' }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ status: 401, type: 'unauthorized' });
    const session = await browser.staffSignIn({ email: 'marta@nubefibra.test', password: 'a long enough password' });
    expect(session.user).toMatchObject({ email: 'marta@nubefibra.test', role: 'admin' });
    expect(browser.csrfToken).toBe(session.csrfToken);

    // A reloaded page: a new client with the cookie alone learns the CSRF token.
    const reloaded = new AyudaStaffClient({ baseUrl: server.url, fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Cookie: cookie } }) });
    expect(reloaded.csrfToken).toBeNull();
    expect((await reloaded.staffSession()).csrfToken).toBe(session.csrfToken);
    expect(reloaded.csrfToken).toBe(session.csrfToken);

    const { user, setPasswordUrl } = await browser.staffCreateUser({ email: 'luis@nubefibra.test', name: 'Luis', role: 'agent' });
    expect(setPasswordUrl).toContain('/console/#/set-password/');
    expect(sent.at(-1)!['X-CSRF-Token']).toBe(session.csrfToken);
    expect(await browser.staffUpdateUser(user.id, { hourlyCost: 2500 })).toMatchObject({ id: user.id, hourlyCost: 2500 });
    expect((await browser.staffUsers()).users.map((u) => u.email)).toContain('luis@nubefibra.test');
    const audit = await browser.staffAudit({ action: 'user', limit: 1 });
    expect(audit.entries[0]).toMatchObject({ action: 'user.update', target: `user:${user.id}` });
    expect(audit.next).not.toBeNull();
    await browser.staffSendPasswordLink(user.id);
    expect((await browser.staffAudit({ action: 'user.password-link', limit: 1 })).entries[0]).toMatchObject({ target: `user:${user.id}` });
    // Tokens with a role: made, listed (without the token), used, revoked.
    const made = await browser.staffCreateToken({ name: 'Informes', role: 'agent' });
    expect(made).toMatchObject({ name: 'Informes', role: 'agent', revokedAt: null });
    expect((await browser.staffTokens()).tokens.find((x) => x.id === made.id)).toMatchObject({ role: 'agent', prefix: made.prefix });
    const script = new AyudaStaffClient({ baseUrl: server.url, staffToken: made.token });
    await expect(script.staffAudit()).rejects.toMatchObject({ status: 403, type: 'forbidden' });
    expect((await script.staffQueue({ limit: 1 })).cases).toBeInstanceOf(Array);
    await browser.staffRevokeToken(made.id);
    await expect(script.staffQueue({ limit: 1 })).rejects.toMatchObject({ status: 401 });
    // Without the CSRF token, the cookie changes nothing.
    const forgetful = new AyudaStaffClient({ baseUrl: server.url, fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Cookie: cookie } }) });
    await expect(forgetful.staffUpdateUser(user.id, { hourlyCost: 1 })).rejects.toMatchObject({ status: 403, type: 'csrf-failed' });

    // The set-password link signs the new person in.
    const luis = new AyudaStaffClient({ baseUrl: server.url });
    const luisSession = await luis.staffSetPassword({ token: setPasswordUrl.split('/').pop()!, password: 'luis has a long one' });
    expect(luisSession.user.email).toBe('luis@nubefibra.test');
    expect(luis.csrfToken).toBe(luisSession.csrfToken);
    expect(await luis.staffRequestLink({ email: 'luis@nubefibra.test' })).toEqual({ sent: true });
    await expect(luis.staffVerifyLink('x'.repeat(43))).rejects.toMatchObject({ status: 401 });

    await browser.staffSignOut();
    expect(browser.csrfToken).toBeNull();
    expect(cookie).toBe('');
    await expect(reloaded.staffSession()).rejects.toMatchObject({ status: 401 });
  });

  it('refuses to be built without a base URL', () => {
    expect(() => new AyudaClient({} as never)).toThrow(/baseUrl/);
    expect(() => new AyudaStaffClient({} as never)).toThrow(/baseUrl/);
  });
});
