// Staff passwords as argon2id hashes (PHC strings), with the parameters @node-rs/argon2
// recommends (OWASP's first choice: 19 MiB, 2 passes, 1 lane). A hash made with older
// parameters is replaced at the next successful sign-in.
import { hash, parseOptions, verify, type Algorithm, type Version } from '@node-rs/argon2';

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
