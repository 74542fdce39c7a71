// Staff accounts and sign-in: accounts with roles, argon2id passwords with lock-out, one-time
// links mailed through the outbox, and sessions (an opaque cookie token stored hashed, with a
// CSRF token, idle and absolute expiry). Every step is written to the audit log.
import { createHash, randomBytes } from 'node:crypto';
import { PROBLEM_TYPES, type Locale, type StaffRole, type StaffSession, type StaffUser } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { AppError, unauthorized } from '../http/problem.js';
import { enforce, type RateLimitRule } from '../http/rate-limit.js';
import { enqueueMail } from '../mail/outbox.js';
import type { StaffActor } from './actor.js';
import type { AuditActor, AuditLog } from './audit.js';
import { needsRehash, PasswordWork, type PasswordWorkLimits } from './passwords.js';
import * as store from './store.js';
import type { SessionMethod, StaffSessionRow, StaffUserRow } from './store.js';

/** Every limit of staff sign-in. Docs and code read this one object (the per-IP sign-in limit is AYUDA_STAFF_SIGNIN_LIMIT). */
export const STAFF_AUTH_DEFAULTS = {
  cookie: 'ayuda_staff',
  /** A session unused this long ends. */
  sessionIdleMs: 12 * 3_600_000,
  /** A session ends this long after sign-in, used or not. */
  sessionMaxMs: 7 * 86_400_000,
  /** `lastSeenAt` is written at most this often. */
  touchEveryMs: 60_000,
  signInLinkTtlMs: 15 * 60_000,
  setPasswordTtlMs: 7 * 86_400_000,
  /** A session opened by a mailed link may set a new password without the old one for this long. */
  recentLinkMs: 15 * 60_000,
  /** Wrong passwords in a row that lock password sign-in, and for how long. */
  lockAfter: 10,
  lockMs: 15 * 60_000,
  /** Sign-in attempts (password, mailed link, set-password) per account. */
  signInPerAccount: { limit: 20, windowMs: 15 * 60_000 },
  /** Sign-in attempts per client IP; the limit is AYUDA_STAFF_SIGNIN_LIMIT. */
  signInPerIpWindowMs: 15 * 60_000,
  /** Sign-in links asked for, per IP and per address. */
  linksPerIp: { limit: 20, windowMs: 3_600_000 },
  linksPerAccount: { limit: 5, windowMs: 3_600_000 },
} as const;

/** What the request tells about where it came from. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** A session just opened: the cookie's token (shown once) and what the API answers. */
export interface OpenedSession {
  token: string;
  session: StaffSession;
}

/** The session a request carries, once checked. */
export interface ActiveSession {
  tokenHash: string;
  csrfToken: string;
  method: string;
  createdAt: Date;
  expiresAt: Date;
  user: StaffUserRow;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const SESSION_PREFIX = 'ayuda_ss_';
const random = () => randomBytes(32).toString('base64url');

const conflict = (detail: string, field?: string) => new AppError(409, PROBLEM_TYPES.conflict, 'Conflict', detail, field ? [{ field, message: detail }] : undefined);
const disabled = () => new AppError(403, PROBLEM_TYPES.forbidden, 'Account disabled', 'This staff account is disabled; ask an admin.');

export class StaffAuth {
  readonly #passwords: PasswordWork;
  readonly #rules: { ip: RateLimitRule; account: RateLimitRule; linkIp: RateLimitRule; linkAccount: RateLimitRule };

  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      config: Config;
      audit: AuditLog;
      /** What every session answer tells the console of this installation (the fast lane's currency). */
      settings: StaffSession['settings'];
      onMailQueued?: () => void;
      passwordWork?: PasswordWorkLimits;
    },
  ) {
    this.#passwords = new PasswordWork(deps.passwordWork);
    const d = STAFF_AUTH_DEFAULTS;
    this.#rules = {
      ip: { name: 'staff-sign-in:ip', limit: deps.config.staffSignInLimit, windowMs: d.signInPerIpWindowMs },
      account: { name: 'staff-sign-in:account', ...d.signInPerAccount },
      linkIp: { name: 'staff-link:ip', ...d.linksPerIp },
      linkAccount: { name: 'staff-link:account', ...d.linksPerAccount },
    };
  }

  get #db() {
    return this.deps.db.db;
  }

  /** The API's view of an account: hourly costs for admins and for the person alone. */
  view(row: StaffUserRow, viewer?: Pick<StaffActor, 'kind' | 'id' | 'role'>): StaffUser {
    const sees = !viewer || viewer.role === 'admin' || (viewer.kind === 'user' && viewer.id === row.id);
    return { id: row.id, email: row.email, name: row.name, role: row.role as StaffRole, locale: row.locale as Locale, hourlyCost: sees ? row.hourlyCost : null, disabled: row.disabledAt !== null };
  }

  /** The actor a session acts as. */
  actorOf(user: StaffUserRow): StaffActor {
    return { kind: 'user', id: user.id, name: user.name, role: user.role as StaffRole };
  }

  #url(kind: 'link' | 'set-password', token: string) {
    return `${this.deps.config.publicUrl}/console/#/${kind}/${token}`;
  }

  // ---- accounts ----

  /**
   * Creates an account (no password yet) and a one-time set-password link, which is mailed to
   * the person when `mail` is set (the admin endpoint) and only returned otherwise (the CLI).
   */
  async createUser(input: { email: string; name: string; role: StaffRole; locale?: Locale | undefined; password?: string }, by: AuditActor, meta: RequestMeta, opts: { mail: boolean }): Promise<{ user: StaffUser; setPasswordUrl: string }> {
    const now = this.deps.clock.now();
    const passwordHash = input.password ? await this.#passwords.hash(input.password) : null;
    const token = random();
    const locale = input.locale ?? this.deps.config.defaultLocale;
    const row = await this.#db.transaction(async (tx) => {
      const row = await store.insertUser(tx, { email: input.email, name: input.name, role: input.role, locale, passwordHash }, now);
      if (!row) throw conflict(`A staff account with the address ${input.email} already exists.`, 'body.email');
      await store.insertLink(tx, { tokenHash: sha(token), userId: row.id, purpose: 'set-password', expiresAt: new Date(now.getTime() + STAFF_AUTH_DEFAULTS.setPasswordTtlMs) }, now);
      if (opts.mail) {
        await enqueueMail(tx, now, row.email, locale, { template: 'staff_invite', vars: { company: this.deps.config.companyName, name: row.name, url: this.#url('set-password', token), days: STAFF_AUTH_DEFAULTS.setPasswordTtlMs / 86_400_000 } });
      }
      await this.deps.audit.record({ actor: by, action: 'user.create', target: `user:${row.id}`, data: { email: row.email, role: row.role }, ip: meta.ip }, tx);
      return row;
    });
    if (opts.mail) this.deps.onMailQueued?.();
    return { user: this.view(row), setPasswordUrl: this.#url('set-password', token) };
  }

  async listUsers(viewer: StaffActor): Promise<StaffUser[]> {
    return (await store.listUsers(this.#db)).map((r) => this.view(r, viewer));
  }

  async userByEmail(email: string): Promise<StaffUserRow | null> {
    return store.userByEmail(this.#db, email.toLowerCase());
  }

  /** Changes an account. Disabling it ends its sessions; the last active admin stays one. */
  async updateUser(id: number, patch: { name?: string | undefined; role?: StaffRole | undefined; hourlyCost?: number | null | undefined; disabled?: boolean | undefined }, by: StaffActor, meta: RequestMeta): Promise<StaffUser> {
    const now = this.deps.clock.now();
    const row = await this.#db.transaction(async (tx) => {
      const before = await store.userById(tx, id, true);
      if (!before) throw new AppError(404, PROBLEM_TYPES.notFound, 'Not found', `There is no staff account ${id}.`);
      const demoted = before.role === 'admin' && !before.disabledAt && ((patch.role && patch.role !== 'admin') || patch.disabled === true);
      if (demoted) {
        // Serialise admin changes, so two admins demoting each other cannot both succeed.
        await store.lockAdmins(tx);
        if ((await store.otherActiveAdmins(tx, id)) === 0) throw conflict('This is the last active admin: make someone else an admin first.', patch.disabled === true ? 'body.disabled' : 'body.role');
      }
      const set: Parameters<typeof store.updateUser>[2] = {};
      const changes: Record<string, unknown> = {};
      if (patch.name !== undefined && patch.name !== before.name) (set.name = patch.name), (changes.name = patch.name);
      if (patch.role !== undefined && patch.role !== before.role) (set.role = patch.role), (changes.role = patch.role);
      if (patch.hourlyCost !== undefined && patch.hourlyCost !== before.hourlyCost) (set.hourlyCost = patch.hourlyCost), (changes.hourlyCost = patch.hourlyCost);
      if (patch.disabled !== undefined && patch.disabled !== (before.disabledAt !== null)) (set.disabledAt = patch.disabled ? now : null), (changes.disabled = patch.disabled);
      if (!Object.keys(changes).length) return before;
      const after = (await store.updateUser(tx, id, set, now))!;
      const ended = patch.disabled === true ? await store.deleteUserSessions(tx, id) : 0;
      await this.deps.audit.record({ actor: by, action: 'user.update', target: `user:${id}`, data: { ...changes, ...(ended ? { sessionsEnded: ended } : {}) }, ip: meta.ip }, tx);
      return after;
    });
    return this.view(row, by);
  }

  /**
   * Mails the person a one-time set-password link (the invite's lifetime), at an admin's
   * request: a way back for someone who cannot sign in. The link goes to their mailbox alone,
   * so an admin cannot take over the account with it; their password and sessions stay as they
   * are until the link is used. A disabled account gets none (409).
   */
  async sendPasswordLink(id: number, by: AuditActor, meta: RequestMeta): Promise<void> {
    const now = this.deps.clock.now();
    const token = random();
    await this.#db.transaction(async (tx) => {
      const user = await store.userById(tx, id, true);
      if (!user) throw new AppError(404, PROBLEM_TYPES.notFound, 'Not found', `There is no staff account ${id}.`);
      if (user.disabledAt) throw conflict('This account is disabled: enable it first, then send the link.');
      await store.insertLink(tx, { tokenHash: sha(token), userId: user.id, purpose: 'set-password', expiresAt: new Date(now.getTime() + STAFF_AUTH_DEFAULTS.setPasswordTtlMs) }, now);
      await enqueueMail(tx, now, user.email, user.locale as Locale, { template: 'staff_password_reset', vars: { company: this.deps.config.companyName, name: user.name, url: this.#url('set-password', token), days: STAFF_AUTH_DEFAULTS.setPasswordTtlMs / 86_400_000 } });
      await this.deps.audit.record({ actor: by, action: 'user.password-link', target: `user:${user.id}`, ip: meta.ip }, tx);
    });
    this.deps.onMailQueued?.();
  }

  // ---- sign-in ----

  async #limit(rule: RateLimitRule, subject: string, detail: string, field?: string) {
    await enforce(this.#db, rule, subject, this.deps.clock.now(), detail, field);
  }

  /** Signs in with a password. Unknown address and wrong password get the same answer. */
  async signIn(email: string, password: string, meta: RequestMeta): Promise<OpenedSession> {
    await this.#limit(this.#rules.ip, meta.ip ?? 'unknown', 'Too many sign-in attempts from this network.');
    await this.#limit(this.#rules.account, email, 'Too many sign-in attempts for this account.', 'body.email');
    const now = this.deps.clock.now();
    const user = await store.userByEmail(this.#db, email);
    const failed = (reason: string, target: StaffUserRow | null, data: Record<string, unknown> = {}) =>
      this.deps.audit.record({ actor: { key: 'anonymous', name: email }, action: 'staff.sign-in.failed', target: target ? `user:${target.id}` : null, data: { method: 'password', reason, ...data }, ip: meta.ip });
    const { lockAfter, lockMs } = STAFF_AUTH_DEFAULTS;
    // An address without an account locks as an account does: a 423 tells nothing.
    const lockedUntil = user ? user.lockedUntil : await store.unknownAddressLockedUntil(this.#db, email, now, lockAfter);
    if (lockedUntil && lockedUntil > now) {
      await failed('locked', user);
      throw locked(lockedUntil, now);
    }
    const ok = await this.#passwords.check(user?.passwordHash ?? null, password);
    if (!ok || !user) {
      const after = user ? await store.recordFailedSignIn(this.#db, user.id, now, lockAfter, lockMs) : await store.recordUnknownAddressFailure(this.#db, email, now, lockAfter, lockMs);
      await failed(user ? (user.passwordHash ? 'password' : 'no-password') : 'unknown', user, after.lockedUntil ? { locked: true } : {});
      if (after.lockedUntil) throw locked(after.lockedUntil, now);
      throw wrongPassword();
    }
    if (user.disabledAt) {
      await failed('disabled', user);
      throw disabled();
    }
    const rehash = needsRehash(user.passwordHash!) ? await this.#passwords.hash(password) : null;
    return this.#db.transaction(async (tx) => {
      await store.updateUser(tx, user.id, { failedSignIns: 0, lockedUntil: null, ...(rehash ? { passwordHash: rehash } : {}) }, now);
      return this.#open(tx, user, 'password', meta);
    });
  }

  /** Mails a one-time sign-in link to the address's account, if there is one that may sign in; answers alike either way. */
  async requestLink(email: string, locale: Locale | undefined, meta: RequestMeta): Promise<void> {
    await this.#limit(this.#rules.linkIp, meta.ip ?? 'unknown', 'Too many sign-in links asked for from this network.');
    await this.#limit(this.#rules.linkAccount, email, 'Too many sign-in links asked for this address; use the last one or wait.', 'body.email');
    const now = this.deps.clock.now();
    const user = await store.userByEmail(this.#db, email);
    if (!user || user.disabledAt) {
      await this.deps.audit.record({ actor: { key: 'anonymous', name: email }, action: 'staff.link.refused', target: user ? `user:${user.id}` : null, data: { reason: user ? 'disabled' : 'unknown' }, ip: meta.ip });
      return;
    }
    const token = random();
    await this.#db.transaction(async (tx) => {
      await store.insertLink(tx, { tokenHash: sha(token), userId: user.id, purpose: 'sign-in', expiresAt: new Date(now.getTime() + STAFF_AUTH_DEFAULTS.signInLinkTtlMs) }, now);
      await enqueueMail(tx, now, user.email, locale ?? (user.locale as Locale), { template: 'staff_sign_in_link', vars: { company: this.deps.config.companyName, name: user.name, url: this.#url('link', token), minutes: STAFF_AUTH_DEFAULTS.signInLinkTtlMs / 60_000 } });
      await this.deps.audit.record({ actor: { key: 'anonymous', name: email }, action: 'staff.link.sent', target: `user:${user.id}`, ip: meta.ip }, tx);
    });
    this.deps.onMailQueued?.();
  }

  /** Signs in with a mailed link's token (once). It also lifts a lock-out: the mailbox's owner proved who they are. */
  async verifyLink(token: string, meta: RequestMeta): Promise<OpenedSession> {
    await this.#limit(this.#rules.ip, meta.ip ?? 'unknown', 'Too many sign-in attempts from this network.');
    const now = this.deps.clock.now();
    return this.#db.transaction(async (tx) => {
      const link = await store.takeLink(tx, sha(token), 'sign-in', now);
      if (!link) throw badLink();
      const user = (await store.userById(tx, link.userId))!;
      if (user.disabledAt) throw disabled();
      await store.updateUser(tx, user.id, { failedSignIns: 0, lockedUntil: null }, now);
      return this.#open(tx, user, 'link', meta);
    });
  }

  /**
   * Sets a new password, ends every session of the account and opens a new one: with a
   * set-password link's `token`; or, signed in (`current`), with the current password, or
   * without it when the session was opened by a mailed link in the last minutes or the account
   * has no password yet (forgotten passwords).
   */
  async setPassword(input: { token?: string | undefined; currentPassword?: string | undefined; password: string }, current: ActiveSession | null, meta: RequestMeta): Promise<OpenedSession> {
    await this.#limit(this.#rules.ip, meta.ip ?? 'unknown', 'Too many sign-in attempts from this network.');
    const now = this.deps.clock.now();
    const passwordHash = await this.#passwords.hash(input.password);
    if (input.token !== undefined) {
      return this.#db.transaction(async (tx) => {
        const link = await store.takeLink(tx, sha(input.token!), 'set-password', now);
        if (!link) throw badLink('body.token');
        const user = (await store.userById(tx, link.userId))!;
        if (user.disabledAt) throw disabled();
        return this.#replacePassword(tx, user, passwordHash, 'link', meta);
      });
    }
    if (!current) throw unauthorized('Sign in first, or use the token of a set-password link.');
    const user = current.user;
    await this.#limit(this.#rules.account, user.email, 'Too many password attempts for this account.', 'body.currentPassword');
    let via: string;
    if (input.currentPassword !== undefined) {
      if (!(await this.#passwords.check(user.passwordHash, input.currentPassword))) {
        await this.deps.audit.record({ actor: this.actorOf(user), action: 'staff.password.failed', target: `user:${user.id}`, ip: meta.ip });
        throw new AppError(401, PROBLEM_TYPES.unauthorized, 'Wrong password', 'The current password is wrong.', [{ field: 'body.currentPassword', message: 'is wrong' }]);
      }
      via = 'current-password';
    } else if (!user.passwordHash) {
      via = 'first-password';
    } else if (current.method === 'link' && now.getTime() - current.createdAt.getTime() <= STAFF_AUTH_DEFAULTS.recentLinkMs) {
      via = 'recent-link';
    } else {
      throw new AppError(403, PROBLEM_TYPES.forbidden, 'Current password needed', 'Give your current password, or sign in with a mailed link and set a new one within 15 minutes.', [{ field: 'body.currentPassword', message: 'is required' }]);
    }
    return this.#db.transaction((tx) => this.#replacePassword(tx, user, passwordHash, via, meta));
  }

  /** The new session counts as a password sign-in: it opens no new window to change the password without it. */
  async #replacePassword(tx: Tx, user: StaffUserRow, passwordHash: string, via: string, meta: RequestMeta): Promise<OpenedSession> {
    const now = this.deps.clock.now();
    await store.updateUser(tx, user.id, { passwordHash, failedSignIns: 0, lockedUntil: null }, now);
    const ended = await store.deleteUserSessions(tx, user.id);
    await this.deps.audit.record({ actor: this.actorOf(user), action: 'staff.password', target: `user:${user.id}`, data: { via, sessionsEnded: ended }, ip: meta.ip }, tx);
    return this.#open(tx, user, 'password', meta, false);
  }

  async #open(tx: Tx, user: StaffUserRow, method: SessionMethod, meta: RequestMeta, audit = true): Promise<OpenedSession> {
    const now = this.deps.clock.now();
    const token = SESSION_PREFIX + random();
    const csrfToken = random();
    const expiresAt = new Date(now.getTime() + STAFF_AUTH_DEFAULTS.sessionMaxMs);
    await store.insertSession(tx, { tokenHash: sha(token), userId: user.id, csrfToken, method, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 500) ?? null, expiresAt, lastSeenAt: now, createdAt: now });
    if (audit) await this.deps.audit.record({ actor: this.actorOf(user), action: 'staff.sign-in', target: `user:${user.id}`, data: { method }, ip: meta.ip }, tx);
    return { token, session: { user: this.view(user), csrfToken, expiresAt: this.#endsAt({ expiresAt, lastSeenAt: now }).toISOString(), settings: { ...this.deps.settings } } };
  }

  #endsAt(s: Pick<StaffSessionRow, 'expiresAt' | 'lastSeenAt'>): Date {
    return new Date(Math.min(s.expiresAt.getTime(), s.lastSeenAt.getTime() + STAFF_AUTH_DEFAULTS.sessionIdleMs));
  }

  // ---- sessions ----

  /**
   * The session of a cookie token, if it is live and its account enabled; it counts as used
   * (at most one write a minute) unless `touch` is false (a check that is not a use, as an
   * open event stream's). A session past a limit is deleted.
   */
  async session(token: string, opts: { touch?: boolean } = {}): Promise<ActiveSession | null> {
    if (!token.startsWith(SESSION_PREFIX) || token.length > 200) return null;
    const now = this.deps.clock.now();
    const hash = sha(token);
    const found = await store.sessionWithUser(this.#db, hash);
    if (!found) return null;
    const { session, user } = found;
    if (this.#endsAt(session) <= now) {
      await store.deleteSession(this.#db, hash);
      return null;
    }
    if (user.disabledAt) return null;
    if (opts.touch !== false && now.getTime() - session.lastSeenAt.getTime() >= STAFF_AUTH_DEFAULTS.touchEveryMs) {
      await store.touchSession(this.#db, hash, now);
      session.lastSeenAt = now;
    }
    return { tokenHash: hash, csrfToken: session.csrfToken, method: session.method, createdAt: session.createdAt, expiresAt: this.#endsAt(session), user };
  }

  /** What `GET /staff/session` answers. */
  describe(s: ActiveSession): StaffSession {
    return { user: this.view(s.user), csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString(), settings: { ...this.deps.settings } };
  }

  async signOut(s: ActiveSession, meta: RequestMeta): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await store.deleteSession(tx, s.tokenHash);
      await this.deps.audit.record({ actor: this.actorOf(s.user), action: 'staff.sign-out', target: `user:${s.user.id}`, ip: meta.ip }, tx);
    });
  }

  async signOutEverywhere(s: ActiveSession, meta: RequestMeta): Promise<number> {
    return this.#db.transaction(async (tx) => {
      const ended = await store.deleteUserSessions(tx, s.user.id);
      await this.deps.audit.record({ actor: this.actorOf(s.user), action: 'staff.sign-out.everywhere', target: `user:${s.user.id}`, data: { sessionsEnded: ended }, ip: meta.ip }, tx);
      return ended;
    });
  }

  /** Forgets ended sessions and links past use (housekeeping). */
  purge(): Promise<{ sessions: number; links: number }> {
    return store.purgeStaffAuth(this.#db, this.deps.clock.now(), STAFF_AUTH_DEFAULTS.sessionIdleMs);
  }

  // ---- development ----

  /** Creates an account with a password unless the address has one; true when created. */
  async ensureAccount(input: { email: string; name: string; role: StaffRole; locale: Locale; password: string }): Promise<boolean> {
    if (await store.userByEmail(this.#db, input.email)) return false;
    const now = this.deps.clock.now();
    const row = await store.insertUser(this.#db, { email: input.email, name: input.name, role: input.role, locale: input.locale, passwordHash: await this.#passwords.hash(input.password) }, now);
    if (row) await this.deps.audit.record({ actor: { key: 'system', name: 'demo' }, action: 'user.create', target: `user:${row.id}`, data: { email: row.email, role: row.role, demo: true }, ip: null });
    return row !== null;
  }
}

function wrongPassword() {
  const detail = 'The email or the password is wrong.';
  return new AppError(401, PROBLEM_TYPES.unauthorized, 'Wrong email or password', detail, [{ field: 'body.password', message: detail }], { 'WWW-Authenticate': 'Bearer realm="ayuda"' });
}

function locked(until: Date, now: Date) {
  const s = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError(423, PROBLEM_TYPES.accountLocked, 'Account locked', `Too many wrong passwords in a row: try again in ${Math.ceil(s / 60)} minutes, or sign in with a mailed link.`, undefined, { 'Retry-After': String(s) });
}

function badLink(field = 'body.token') {
  const detail = 'This link is unknown, already used or expired; ask for a new one.';
  return new AppError(401, PROBLEM_TYPES.unauthorized, 'Link not valid', detail, [{ field, message: detail }], { 'WWW-Authenticate': 'Bearer realm="ayuda"' });
}
