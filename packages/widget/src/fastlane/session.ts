// What the fast lane keeps in `sessionStorage` (per tab, per site; cross-site embeds cannot use
// the server's cookie): the customer's session token, and the checkout in progress, so the
// widget can confirm the payment when the customer comes back from Stripe's page.

const PREFIX = 'ayuda:fastlane:';
/** The key embed.js checks to reopen the fast lane after a checkout. */
export const PENDING_KEY = `${PREFIX}pending`;

export interface StoredSession {
  token: string;
  expiresAt: string;
  email: string;
}

export interface PendingCheckout {
  server: string;
  sessionId: string;
  orderId: number;
  plan: string;
  kind: 'incident' | 'subscription';
  trackingToken?: string | undefined;
  /** When the checkout was opened (ms since the epoch). */
  startedAt: number;
}

function read<T>(key: string): T | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null; // storage disabled (privacy mode, sandboxed frame): the fast lane still works in memory
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* see read() */
  }
}

const sessionKey = (server: string) => `${PREFIX}session:${server}`;

/**
 * The stored session for `server`. Its expiry is not checked here (the browser's clock and the
 * server's may disagree): an expired session gets a 401, and the customer signs in again.
 */
export function loadSession(server: string): StoredSession | null {
  const s = read<StoredSession>(sessionKey(server));
  return s?.token ? s : null;
}

export function saveSession(server: string, s: StoredSession | null): void {
  write(sessionKey(server), s);
}

export function loadPending(server: string): PendingCheckout | null {
  const p = read<PendingCheckout>(PENDING_KEY);
  // A checkout older than a day has expired at Stripe anyway.
  return p && p.server === server && Date.now() - p.startedAt < 86_400_000 ? p : null;
}

export function savePending(p: PendingCheckout | null): void {
  write(PENDING_KEY, p);
}
