// The staff session as the console's requests meet it: a 401 from any staff endpoint (the
// session expired, or was ended elsewhere) tells the app, which shows the sign-in screen and
// comes back to the same place; a 403 `csrf-failed` (another tab signed in again, so the
// cookie's session and its CSRF token changed) fetches the current token and sends the
// request once more, if the session is still the same person's.
import type { StaffSession } from '@ayuda/client/staff';

const target = new EventTarget();
let signedInUser: number | null = null;

/** Who this tab is signed in as (a change refused for a stale token is sent again only for them). */
export function rememberSessionUser(id: number | null): void {
  signedInUser = id;
}

export function sessionLost(): void {
  target.dispatchEvent(new Event('lost'));
}

export function onSessionLost(fn: () => void): () => void {
  target.addEventListener('lost', fn);
  return () => target.removeEventListener('lost', fn);
}

/** The session the cookie now holds, after another tab signed in (maybe as someone else). */
export function onSessionRenewed(fn: (session: StaffSession) => void): () => void {
  const h = (e: Event) => fn((e as CustomEvent<StaffSession>).detail);
  target.addEventListener('renewed', h);
  return () => target.removeEventListener('renewed', h);
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
        const current = (await session.json()) as StaffSession;
        csrf(current.csrfToken);
        target.dispatchEvent(new CustomEvent<StaffSession>('renewed', { detail: current }));
        // Someone else signed in meanwhile: what this tab asked is not done in their name.
        if (signedInUser !== null && current.user.id !== signedInUser) return res;
        sent.set('X-CSRF-Token', current.csrfToken);
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
