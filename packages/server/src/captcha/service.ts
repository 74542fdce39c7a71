// Proof-of-work captcha with ALTCHA: challenges signed with the server secret, expiring after
// a few minutes (checked against Ayuda's clock), each solution accepted once.
import { createHash } from 'node:crypto';
import { createChallenge, randomInt, verifySolution, type Challenge, type Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { lt } from 'drizzle-orm';
import { PROBLEM_TYPES } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { captchaSolutions } from '../db/schema.js';
import { AppError } from '../http/problem.js';

export const CAPTCHA_DEFAULTS = { algorithm: 'SHA-256', ttlMs: 10 * 60_000 } as const;

export class CaptchaService {
  readonly #hmac: string;
  readonly #keyHmac: string;

  constructor(private readonly deps: { db: Database; clock: Clock; config: Config }) {
    this.#hmac = createHash('sha256').update(`ayuda:captcha:${deps.config.secret}`).digest('hex');
    this.#keyHmac = createHash('sha256').update(`ayuda:captcha-key:${deps.config.secret}`).digest('hex');
  }

  /** Whether a case submission needs a solved captcha. */
  get required(): boolean {
    return this.deps.config.captcha;
  }

  async challenge(purpose: string): Promise<Challenge> {
    const expires = this.deps.clock.now().getTime() + CAPTCHA_DEFAULTS.ttlMs;
    return createChallenge({
      algorithm: CAPTCHA_DEFAULTS.algorithm,
      cost: this.deps.config.captchaCost,
      counter: randomInt(this.deps.config.captchaMaxNumber),
      deriveKey,
      // Expiry lives in the signed data and is checked against Ayuda's clock.
      data: { purpose, exp: expires },
      hmacSignatureSecret: this.#hmac,
      hmacKeySignatureSecret: this.#keyHmac,
    });
  }

  /** Verifies a base64 ALTCHA payload once; throws 403 problem details otherwise. */
  async verify(payload: string | undefined, field: string, purpose = 'cases', q: Pick<Database['db'], 'insert' | 'delete'> = this.deps.db.db): Promise<void> {
    const fail = (detail: string) =>
      new AppError(403, PROBLEM_TYPES.captcha, 'Captcha not solved', detail, [{ field, message: detail }]);
    if (!payload) throw fail('Solve the captcha first.');
    let parsed: { challenge: Challenge; solution: Solution };
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
      if (!parsed?.challenge?.parameters || !parsed.solution) throw new Error('shape');
    } catch {
      throw fail('The captcha answer is not readable; solve it again.');
    }
    const r = await verifySolution({ challenge: parsed.challenge, solution: parsed.solution, deriveKey, hmacSignatureSecret: this.#hmac, hmacKeySignatureSecret: this.#keyHmac });
    if (!r.verified) throw fail('The captcha answer is wrong; solve it again.');
    const data = parsed.challenge.parameters.data ?? {};
    const now = this.deps.clock.now();
    if (data.purpose !== purpose) throw fail('This captcha was solved for something else; solve it again.');
    if (typeof data.exp !== 'number' || data.exp < now.getTime()) throw fail('The captcha expired; solve it again.');
    const inserted = await q
      .insert(captchaSolutions)
      .values({ signature: parsed.challenge.signature!, expiresAt: new Date(data.exp) })
      .onConflictDoNothing()
      .returning();
    if (!inserted.length) throw fail('This captcha answer was already used; solve a new one.');
    // Forget used solutions once they could no longer be replayed anyway.
    if (Math.random() < 0.05) await q.delete(captchaSolutions).where(lt(captchaSolutions.expiresAt, now));
  }
}
