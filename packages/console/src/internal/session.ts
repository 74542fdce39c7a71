// Tells the app when a staff call answered 401 (the session ended elsewhere, expired or was
// revoked): the app then shows the sign-in screen and comes back to the same place.
const target = new EventTarget();

export function sessionLost(): void {
  target.dispatchEvent(new Event('lost'));
}

export function onSessionLost(fn: () => void): () => void {
  target.addEventListener('lost', fn);
  return () => target.removeEventListener('lost', fn);
}

/** A fetch that reports a 401 from any staff endpoint but the session's own. */
export function watchingFetch(inner: typeof fetch = globalThis.fetch.bind(globalThis)): typeof fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (res.status === 401 && /\/api\/v1\/staff\//.test(url) && !/\/staff\/(session|password)(\/|$|\?)/.test(url)) sessionLost();
    return res;
  };
}
