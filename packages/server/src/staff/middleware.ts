// Who may call the staff API: a staff user's session cookie (with its CSRF token on anything
// that changes something) or a staff API token; admin-only endpoints besides. Every
// successful change made through the staff API is written to the audit log here.
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { forbidden, requireRole } from './roles.js';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { PROBLEM_TYPES, wellFormed } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { AppError, unauthorized } from '../http/problem.js';
import type { StaffTokens } from './tokens.js';
import { STAFF_AUTH_DEFAULTS, type ActiveSession, type RequestMeta, type StaffAuth } from './service.js';
import { auditAction, type AuditLog } from './audit.js';

/** What a route tells the audit log about its request, when it knows better than its path. */
export interface AuditNote {
  action?: string;
  target?: string | null;
  data?: Record<string, unknown>;
  /**
   * `false`: the request's body is not kept, as `data` says what an audit needs of it (a draft's
   * save: its title and which fields changed, not the article's text). Default: kept (see `auditedBody`).
   */
  body?: false;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Body fields never written to the audit log, at any depth. */
const SECRET_FIELDS = new Set(['password', 'currentPassword', 'token']);
/** The most of a request body the audit log keeps (characters of JSON); a longer one is cut. */
export const AUDIT_BODY_MAX = 4_096;
/** The most of one text field the audit log keeps. */
const AUDIT_TEXT_MAX = 1_000;

/** Text the database takes in jsonb: no NUL, no lone surrogate. */
const storable = (text: string) => wellFormed(text.replace(/\u0000/g, ''));

function withoutSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return storable(value.length > AUDIT_TEXT_MAX ? `${value.slice(0, AUDIT_TEXT_MAX)}…` : value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 8) return '…';
  if (Array.isArray(value)) return value.map((v) => withoutSecrets(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !SECRET_FIELDS.has(k))
      .map(([k, v]) => [storable(k), withoutSecrets(v, depth + 1)]),
  );
}

/**
 * What a change asked for, for the audit log: the request's JSON body (read again from Hono's
 * cache: the route has read it), without password or token fields, long texts cut, and at most
 * `AUDIT_BODY_MAX` characters in all (beyond that, `{ truncated: true, json }` with its start).
 */
async function auditedBody(c: Context<AppEnv>): Promise<unknown> {
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(c.req.header('content-type') ?? '')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await c.req.text());
  } catch {
    return undefined;
  }
  const clean = withoutSecrets(parsed);
  const json = JSON.stringify(clean) ?? '';
  return json.length > AUDIT_BODY_MAX ? { truncated: true, json: json.slice(0, AUDIT_BODY_MAX) } : clean;
}

export const csrfFailed = () =>
  new AppError(403, PROBLEM_TYPES.csrfFailed, 'CSRF token missing or wrong', 'Requests signed in by the session cookie that change something must send the session’s csrfToken in the X-CSRF-Token header (GET /api/v1/staff/session answers it).');

export { forbidden };

/** 403 `forbidden` unless the staff actor set by the staff middleware is an admin (a user, or an API token made with the admin role). */
export const adminOnly = (): MiddlewareHandler<AppEnv> => requireRole('admin');

/** What a console sends by itself (live updates, presence, the timer's heartbeat) is no use of the session. */
const AUTOMATIC = /\/staff\/(events$|cases\/[^/]+\/(presence|timer\/heartbeat)$)/;

/**
 * Requests that do not keep a session from idling out: the automatic ones above, and any that
 * says `X-Ayuda-Background: 1` (the console's periodic queue refresh). An open console left
 * alone is signed out after the idle time like any other.
 */
export const isBackground = (c: Context): boolean => c.req.header('x-ayuda-background') === '1' || AUTOMATIC.test(c.req.path);

export interface StaffGateDeps {
  tokens: StaffTokens;
  auth: StaffAuth;
  audit: AuditLog;
  /** The client's address (see http/client-ip.ts). */
  ipOf: (c: Context) => string;
  /** Mark the cookie Secure (production). */
  secure: boolean;
}

export type StaffGate = ReturnType<typeof staffGate>;

export function staffGate(deps: StaffGateDeps) {
  const cookieName = STAFF_AUTH_DEFAULTS.cookie;
  const cookieOptions = { httpOnly: true, sameSite: 'Strict', path: '/', secure: deps.secure } as const;

  const meta = (c: Context): RequestMeta => ({ ip: deps.ipOf(c), userAgent: c.req.header('user-agent') ?? null });

  /** The live session of the request's cookie, or null (a dead one's cookie is cleared). */
  async function session(c: Context<AppEnv>): Promise<ActiveSession | null> {
    const token = getCookie(c, cookieName);
    if (!token) return null;
    const s = await deps.auth.session(token, { touch: !isBackground(c) });
    if (!s) deleteCookie(c, cookieName, cookieOptions);
    return s;
  }

  /** 403 `csrf-failed` unless a request that changes something carries the session's CSRF token. */
  function checkCsrf(c: Context<AppEnv>, s: ActiveSession): void {
    if (SAFE_METHODS.has(c.req.method)) return;
    const given = Buffer.from(c.req.header('x-csrf-token') ?? '');
    const expected = Buffer.from(s.csrfToken);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw csrfFailed();
  }

  function setSessionCookie(c: Context, token: string): void {
    setCookie(c, cookieName, token, { ...cookieOptions, maxAge: Math.floor(STAFF_AUTH_DEFAULTS.sessionMaxMs / 1000) });
    c.header('Cache-Control', 'no-store');
  }

  function clearSessionCookie(c: Context): void {
    deleteCookie(c, cookieName, cookieOptions);
  }

  const signInFirst = (hadCookie: boolean) =>
    unauthorized(hadCookie ? 'The staff session has ended; sign in again.' : 'This endpoint is for staff: sign in to the console, or send "Authorization: Bearer <token>" (create one with `npx ayuda staff token create --name ... --role admin|agent`).');

  /**
   * Writes a successful change to the audit log, with what the request asked for (its JSON
   * body, see `auditedBody`); a failure to write is logged, not answered (the change is made).
   * A read is recorded only when its route names an action (an export).
   */
  async function audited(c: Context<AppEnv>): Promise<void> {
    if (c.error || c.res.status >= 400) return;
    const note = c.get('audit');
    if (note === false) return;
    if (SAFE_METHODS.has(c.req.method) && !note?.action) return;
    const derived = auditAction(c.req.method, c.req.path);
    if (!derived) return;
    try {
      const body = SAFE_METHODS.has(c.req.method) || note?.body === false ? undefined : await auditedBody(c);
      const data = { ...(body !== undefined ? { body } : {}), ...note?.data };
      await deps.audit.record({ actor: c.get('staff'), action: note?.action ?? derived.action, target: note?.target !== undefined ? note.target : derived.target, data, ip: deps.ipOf(c) });
    } catch (err) {
      c.get('logger')?.error('audit: could not record a staff action', { requestId: c.get('requestId'), path: c.req.path, error: String(err) });
    }
  }

  /**
   * Whether the credentials a request was let in with still hold: its token is not revoked,
   * its session not ended (signed out, everywhere, password changed, account disabled, expired).
   * Long-lived answers (the event stream) ask it again while they run; it does not count as use.
   */
  async function stillAllowed(c: Context<AppEnv>): Promise<boolean> {
    const actor = c.get('staff');
    if (actor?.kind === 'token') {
      const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
      const token = m ? await deps.tokens.verify(m[1]!) : null;
      return token?.id === actor.id;
    }
    const cookie = getCookie(c, cookieName);
    if (!cookie) return false;
    const s = await deps.auth.session(cookie, { touch: false });
    return s !== null && s.user.id === actor?.id;
  }

  /** Authenticates by the session cookie (401 without a live one), with CSRF on changes. */
  async function bySession(c: Context<AppEnv>): Promise<void> {
    const s = await session(c);
    if (!s) throw signInFirst(getCookie(c, cookieName) !== undefined);
    checkCsrf(c, s);
    c.set('staff', deps.auth.actorOf(s.user));
    c.set('staffSession', s);
  }

  /** The staff API: a bearer staff API token, or the session cookie (with CSRF on changes); audited. */
  const staffOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      // A request that names a token is judged by it alone, never by a cookie that came along.
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const token = m ? await deps.tokens.verify(m[1]!) : null;
      if (!token) throw unauthorized(m ? 'The staff token is unknown or revoked.' : 'Send "Authorization: Bearer <staff token>", or sign in to the console.');
      c.set('staff', { kind: 'token', id: token.id, name: token.name, role: token.role });
    } else await bySession(c);
    await next();
    await audited(c);
  };

  /** Endpoints about the session itself: the cookie alone (a token has no session), CSRF on changes. */
  const sessionOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
    await bySession(c);
    await next();
  };

  return { staffOnly, sessionOnly, stillAllowed, session, checkCsrf, setSessionCookie, clearSessionCookie, meta };
}
