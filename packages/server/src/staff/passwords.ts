// Staff passwords as argon2id hashes (PHC strings), with the parameters @node-rs/argon2
// recommends (OWASP's first choice: 19 MiB, 2 passes, 1 lane). A hash made with older
// parameters is replaced at the next successful sign-in.
import { hash, parseOptions, verify, type Algorithm, type Version } from '@node-rs/argon2';
import { PROBLEM_TYPES } from '@ayuda/core';
import { AppError } from '../http/problem.js';

export const PASSWORD_POLICY = {
  // The package's const enums cannot be read at run time here (verbatimModuleSyntax): their values.
  algorithm: 2 as Algorithm, // Algorithm.Argon2id
  version: 1 as Version, // Version.V0x13 (19)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

export const hashPassword = (password: string): Promise<string> => hash(password, PASSWORD_POLICY);

let dummy: Promise<string> | null = null;

/**
 * Whether `password` matches `stored`. Without a stored hash (an unknown address, an account
 * with no password yet) a dummy hash is verified all the same, so the answer takes as long
 * and says nothing about whether the account exists.
 */
export async function checkPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword('ayuda-dummy-password-for-constant-time');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false; // not a PHC string we can read: no password matches it
  }
}

/** Whether a stored hash was made with other parameters than today's policy. */
export function needsRehash(stored: string): boolean {
  try {
    const p = parseOptions(stored);
    return (
      p.algorithm !== PASSWORD_POLICY.algorithm ||
      p.version !== PASSWORD_POLICY.version ||
      p.memoryCost !== PASSWORD_POLICY.memoryCost ||
      p.timeCost !== PASSWORD_POLICY.timeCost ||
      p.parallelism !== PASSWORD_POLICY.parallelism ||
      p.outputLen !== PASSWORD_POLICY.outputLen ||
      p.saltLen < 16
    );
  } catch {
    return true;
  }
}

/** How much argon2id work runs at once (each holds 19 MiB and a thread), and how much may wait. */
export const PASSWORD_WORK_DEFAULTS = { concurrent: 4, queued: 8, retryAfterS: 1 } as const;

export interface PasswordWorkLimits {
  concurrent: number;
  queued: number;
  retryAfterS?: number;
}

export const passwordsBusy = (retryAfterS: number) =>
  new AppError(503, PROBLEM_TYPES.unavailable, 'Busy', 'Too many passwords are being checked right now; try again in a moment.', undefined, { 'Retry-After': String(retryAfterS) });

/**
 * A bound on the argon2id work the server does at once. Sign-in and set-password are open
 * to anyone, and each hash costs 19 MiB and a thread: without a bound, a burst of requests
 * would exhaust memory and starve everything else. Work beyond `concurrent` waits in a short
 * queue; beyond that it is refused at once with 503 `service-unavailable` and Retry-After.
 */
export class PasswordWork {
  #running = 0;
  readonly #waiting: Array<() => void> = [];
  readonly #limits: Required<PasswordWorkLimits>;

  constructor(limits: PasswordWorkLimits = PASSWORD_WORK_DEFAULTS) {
    this.#limits = { retryAfterS: PASSWORD_WORK_DEFAULTS.retryAfterS, ...limits };
  }

  async #run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#limits.concurrent) {
      if (this.#waiting.length >= this.#limits.queued) throw passwordsBusy(this.#limits.retryAfterS);
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else this.#running++;
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next in line, or free it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }

  hash(password: string): Promise<string> {
    return this.#run(() => hashPassword(password));
  }

  check(stored: string | null, password: string): Promise<boolean> {
    return this.#run(() => checkPassword(stored, password));
  }
}
