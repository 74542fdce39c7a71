// The staff session as the console's requests meet it: a 401 from any staff endpoint (the
// session expired, or was ended elsewhere) tells the app, which shows the sign-in screen and
// comes back to the same place; a 403 `csrf-failed` (another tab signed in again, so the
// cookie's session and its CSRF token changed) fetches the current token and sends the
// request once more.
const target = new EventTarget();

export function sessionLost(): void {
  target.dispatchEvent(new Event('lost'));
}

export function onSessionLost(fn: () => void): () => void {
  target.addEventListener('lost', fn);
  return () => target.removeEventListener('lost', fn);
}

const OWN_SESSION = /\/staff\/(session|password)(\/|$|\?)/;

/**
 * A fetch for the console's client: reports 401s from staff endpoints (but the session's own)
 * and retries once, with the session's current CSRF token, a change refused for a stale one.
 * `csrf` is told the new token.
 */
export function watchingFetch(inner: typeof fetch = globalThis.fetch.bind(globalThis), csrf: (token: string) => void = () => {}): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    let res = await inner(input, init);
    const staff = /\/api\/v1\/staff\//.test(url) && !OWN_SESSION.test(url);
    const sent = new Headers(init?.headers);
    if (staff && res.status === 403 && sent.has('X-CSRF-Token') && /csrf-failed/.test(await res.clone().text())) {
      const session = await inner(new URL('/api/v1/staff/session', url).href, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (session.ok) {
        const { csrfToken } = (await session.json()) as { csrfToken: string };
        csrf(csrfToken);
        sent.set('X-CSRF-Token', csrfToken);
        res = await inner(input, { ...init, headers: sent });
      } else if (session.status === 401) {
        sessionLost();
        return res;
      }
    }
    if (staff && res.status === 401) sessionLost();
    return res;
  };
}
