// Quick login for the fast lane: a one-time code mailed to the customer (limited in attempts
// and time), or an identity token signed by a site that already knows its user. Either opens
// a session: an HttpOnly cookie on the same site, or a bearer token for cross-site embeds.
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, isNull } from 'drizzle-orm';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { PROBLEM_TYPES, type Locale } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { customerSessions, customers, loginCodes } from '../db/schema.js';
import { AppError } from '../http/problem.js';
import { enqueueMail } from '../mail/outbox.js';
import { tooManyRequests } from '../http/rate-limit.js';
import { lockSubject } from '../db/locks.js';
import type { Customer, CustomerDirectory } from '../customers/service.js';

export const LOGIN_DEFAULTS = { codeTtlMs: 10 * 60_000, maxAttempts: 5, codesPerHour: 5, sessionTtlMs: 12 * 3_600_000, cookie: 'ayuda_session' } as const;

export type { Customer } from '../customers/service.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export class LoginService {
  constructor(private readonly deps: { db: Database; clock: Clock; config: Config; customers: CustomerDirectory; onMailQueued?: () => void }) {}

  #codeHash(email: string, code: string) {
    return sha(`${this.deps.config.secret}:${email}:${code}`);
  }

  /** Mails a six-digit code. Answers alike whether or not the address is known. */
  async requestCode(email: string, locale: Locale): Promise<void> {
    const now = this.deps.clock.now();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.deps.db.db.transaction(async (tx) => {
      // One request per address at a time, in every process, so the count is exact.
      await lockSubject(tx, 'login:code', email);
      const recent = await tx
        .select({ at: loginCodes.createdAt })
        .from(loginCodes)
        .where(and(eq(loginCodes.email, email), gte(loginCodes.createdAt, new Date(now.getTime() - 3_600_000))))
        .orderBy(asc(loginCodes.createdAt));
      if (recent.length >= LOGIN_DEFAULTS.codesPerHour) {
        const retryS = (recent[recent.length - LOGIN_DEFAULTS.codesPerHour]!.at.getTime() + 3_600_000 - now.getTime()) / 1000;
        throw tooManyRequests('Too many codes for this address in the last hour; use the last one or wait.', retryS);
      }
      await tx.insert(loginCodes).values({ email, codeHash: this.#codeHash(email, code), expiresAt: new Date(now.getTime() + LOGIN_DEFAULTS.codeTtlMs), createdAt: now });
      await enqueueMail(tx, now, email, locale, { template: 'login_code', vars: { company: this.deps.config.companyName, code, minutes: LOGIN_DEFAULTS.codeTtlMs / 60_000 } });
    });
    this.deps.onMailQueued?.();
  }

  /** Checks a code; the latest code of the address is locked after LOGIN_DEFAULTS.maxAttempts wrong tries. */
  async verifyCode(email: string, code: string, locale: Locale): Promise<{ token: string; customer: Customer; expiresAt: Date }> {
    const now = this.deps.clock.now();
    const fail = (detail: string, status = 401) => new AppError(status, status === 429 ? PROBLEM_TYPES.rateLimited : PROBLEM_TYPES.unauthorized, status === 429 ? 'Too many attempts' : 'Wrong or expired code', detail, [{ field: 'body.code', message: detail }]);
    const customer = await this.deps.db.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(loginCodes)
        .where(and(eq(loginCodes.email, email), isNull(loginCodes.consumedAt), gt(loginCodes.expiresAt, now)))
        .orderBy(desc(loginCodes.id))
        .limit(1)
        .for('update');
      if (!row) throw fail('This code has expired or was never sent; ask for a new one.');
      if (row.attempts >= LOGIN_DEFAULTS.maxAttempts) throw fail('Too many wrong codes; ask for a new one.', 429);
      const ok = timingSafeEqual(Buffer.from(row.codeHash), Buffer.from(this.#codeHash(email, code)));
      if (!ok) {
        await tx.update(loginCodes).set({ attempts: row.attempts + 1 }).where(eq(loginCodes.id, row.id));
        return null;
      }
      await tx.update(loginCodes).set({ consumedAt: now }).where(eq(loginCodes.id, row.id));
      return this.deps.customers.findOrCreate(tx, { email, name: email.split('@')[0]!, locale }, now);
    });
    if (!customer) throw fail('Wrong code; check the last mail we sent.');
    return { ...(await this.#openSession(customer.id, 'code')), customer };
  }

  async #openSession(customerId: number, method: string) {
    const now = this.deps.clock.now();
    const token = `ayuda_cs_${randomBytes(24).toString('base64url')}`;
    const expiresAt = new Date(now.getTime() + LOGIN_DEFAULTS.sessionTtlMs);
    await this.deps.db.db.insert(customerSessions).values({ tokenHash: sha(token), customerId, method, expiresAt, createdAt: now });
    return { token, expiresAt };
  }

  /**
   * Signs in with a JWT (HS256) that the site signed with AYUDA_IDENTITY_SECRET, carrying
   * `email`, optional `name`, and `exp` at most a day ahead.
   */
  async signInWithIdentityToken(jwt: string, locale: Locale): Promise<{ token: string; customer: Customer; expiresAt: Date }> {
    const secret = this.deps.config.identitySecret;
    const fail = (detail: string) => new AppError(401, PROBLEM_TYPES.unauthorized, 'Identity token refused', detail, [{ field: 'body.token', message: detail }]);
    if (!secret) throw new AppError(404, PROBLEM_TYPES.notFound, 'Not found', 'Identity tokens are not enabled: set AYUDA_IDENTITY_SECRET.');
    const parts = jwt.split('.');
    if (parts.length !== 3) throw fail('Not a JWT.');
    const [h, p, sig] = parts as [string, string, string];
    let header: unknown;
    let claims: unknown;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString());
      claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    } catch {
      throw fail('Not a JWT.');
    }
    // Valid JSON is not yet a JWT: `null`, a number or an array are no header or claims.
    if (!isRecord(header) || !isRecord(claims)) throw fail('Not a JWT.');
    if (header.alg !== 'HS256') throw fail('Only HS256 tokens are accepted.');
    const expected = createHmac('sha256', secret).update(`${h}.${p}`).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw fail('Bad signature.');
    const nowS = Math.floor(this.deps.clock.now().getTime() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= nowS) throw fail('The token has expired.');
    if (claims.exp > nowS + 86_400) throw fail('The token lives too long: exp may be at most a day ahead.');
    // No control characters (PostgreSQL cannot store NUL), and no longer than an address can be.
    if (typeof claims.email !== 'string' || claims.email.length > 254 || !/^[^@\s\p{Cc}]+@[^@\s\p{Cc}]+\.[^@\s\p{Cc}]+$/u.test(claims.email)) throw fail('The token has no valid email claim.');
    const email = claims.email.toLowerCase();
    // A display name the site chose: control characters read as spaces rather than refusing the sign-in.
    const shown = typeof claims.name === 'string' ? claims.name.replace(/\p{Cc}+/gu, ' ').trim() : '';
    const name = shown ? shown.slice(0, 100) : email.split('@')[0]!;
    const customer = await this.deps.db.db.transaction((tx) => this.deps.customers.findOrCreate(tx, { email, name, locale }, this.deps.clock.now()));
    return { ...(await this.#openSession(customer.id, 'identity-token')), customer };
  }

  /** The session token a request carries: a bearer token, else the cookie. */
  tokenOf(c: Context): string | null {
    const bearer = /^Bearer\s+(ayuda_cs_[\w-]+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const token = bearer ?? getCookie(c, LOGIN_DEFAULTS.cookie);
    return token && token.length <= 200 ? token : null;
  }

  async signOut(token: string): Promise<void> {
    await this.deps.db.db.delete(customerSessions).where(eq(customerSessions.tokenHash, sha(token)));
  }

  /** The signed-in customer of a request (bearer token or cookie), or null. */
  async customerOf(c: Context): Promise<Customer | null> {
    const token = this.tokenOf(c);
    if (!token) return null;
    const [row] = await this.deps.db.db
      .select({ id: customers.id, email: customers.email, name: customers.name, locale: customers.locale })
      .from(customerSessions)
      .innerJoin(customers, eq(customers.id, customerSessions.customerId))
      .where(and(eq(customerSessions.tokenHash, sha(token)), gt(customerSessions.expiresAt, this.deps.clock.now())));
    return row ?? null;
  }

  async requireCustomer(c: Context): Promise<Customer> {
    const customer = await this.customerOf(c);
    if (!customer) throw new AppError(401, PROBLEM_TYPES.unauthorized, 'Sign in first', 'Solve the captcha and sign in with the code we mail you.', undefined, { 'WWW-Authenticate': 'Bearer realm="ayuda-customer"' });
    return customer;
  }
}
