// Signs a staff user in for a test, through the real endpoint: creates the account with a
// password (unless its address has one) and answers the session's cookie and CSRF token.
import type { StaffRole, StaffUser } from '@ayuda/core';
import type { AyudaApp } from '../app.js';
import type { RunningServer } from '../server.js';

/** The password of accounts the helper creates. */
export const TEST_STAFF_PASSWORD = 'correct horse battery staple';

export interface SignedInStaff {
  user: StaffUser;
  /** `ayuda_staff=<token>`, for a `Cookie` header. */
  cookie: string;
  csrfToken: string;
  /** The session's headers: the cookie, and with `mutating` the `X-CSRF-Token` too. */
  headers: (mutating?: boolean) => Record<string, string>;
}

/** A test app (`createTestApp`), an app (`createApp`) or a running server (`startServer`). */
export type StaffTarget = (Pick<AyudaApp, 'staff'> & { request(path: string, init?: RequestInit): Promise<Response> }) | AyudaApp | RunningServer;

let seq = 0;

function requester(t: StaffTarget): { staff: AyudaApp['staff']; request: (path: string, init: RequestInit) => Promise<Response> } {
  if ('ayuda' in t) return { staff: t.ayuda.staff, request: (path, init) => fetch(`${t.url}${path}`, init) };
  if ('request' in t && typeof t.request === 'function') return { staff: t.staff, request: (path, init) => Promise.resolve(t.request(path, init)) };
  const app = (t as AyudaApp).app;
  return { staff: t.staff, request: (path, init) => Promise.resolve(app.request(path, init)) };
}

/**
 * Creates a staff user (an agent by default, with a fresh address) and signs in with
 * `POST /api/v1/staff/session`. Each call counts against the per-IP sign-in limit
 * (AYUDA_STAFF_SIGNIN_LIMIT, 60 per 15 minutes): a test app that signs in more often needs it higher.
 */
export async function signInStaff(t: StaffTarget, opts: { email?: string; role?: StaffRole; name?: string; password?: string; locale?: 'es' | 'en' } = {}): Promise<SignedInStaff> {
  const { staff, request } = requester(t);
  const role = opts.role ?? 'agent';
  const n = ++seq;
  const email = (opts.email ?? `${role}${n}-${process.pid}@staff.test`).toLowerCase();
  const password = opts.password ?? TEST_STAFF_PASSWORD;
  await staff.ensureAccount({ email, name: opts.name ?? `${role === 'admin' ? 'Admin' : 'Agent'} ${n}`, role, locale: opts.locale ?? 'es', password });
  const res = await request('/api/v1/staff/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`signInStaff: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: StaffUser; csrfToken: string };
  const set = res.headers.get('set-cookie') ?? '';
  const cookie = /(?:^|,\s*)(ayuda_staff=[^;]+)/.exec(set)?.[1];
  if (!cookie) throw new Error(`signInStaff: no session cookie in "${set}"`);
  return {
    user: body.user,
    cookie,
    csrfToken: body.csrfToken,
    headers: (mutating = false) => ({ Cookie: cookie, ...(mutating ? { 'X-CSRF-Token': body.csrfToken } : {}) }),
  };
}
