// Survey tokens: `<case id>.<question>.<expiry>.<signature>`, the first three in base 36 or a
// letter, the signature an HMAC-SHA-256 (first 128 bits, base64url) over all three with the
// server's secret. A token answers one question of one case until it expires; it cannot be
// made for another case or question without the secret. Nothing is stored for it: the answer
// row (one per case and question) is what makes it work once.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SurveyQuestion } from '@ayuda/core';

const CODES: Record<SurveyQuestion, string> = { csat: 'c', ces: 'e', fastlane_worth: 'w', nps: 'n' };
const QUESTIONS = new Map(Object.entries(CODES).map(([q, c]) => [c, q as SurveyQuestion]));

export interface SurveyTokenClaims {
  caseId: number;
  question: SurveyQuestion;
  /** Expiry, in seconds since the epoch. */
  expS: number;
}

export class SurveyTokens {
  constructor(private readonly secret: string) {}

  #sign(caseId: number, question: SurveyQuestion, expS: number): Buffer {
    return createHmac('sha256', this.secret).update(`ayuda-survey:1:${caseId}:${question}:${expS}`).digest().subarray(0, 16);
  }

  make(c: SurveyTokenClaims): string {
    return `${c.caseId.toString(36)}.${CODES[c.question]}.${c.expS.toString(36)}.${this.#sign(c.caseId, c.question, c.expS).toString('base64url')}`;
  }

  /** The claims of a well-signed token (expired or not), else null. */
  open(token: string): SurveyTokenClaims | null {
    const m = /^([a-z0-9]{1,10})\.([a-z])\.([a-z0-9]{1,10})\.([A-Za-z0-9_-]{22})$/.exec(token);
    if (!m) return null;
    const caseId = parseInt(m[1]!, 36);
    const question = QUESTIONS.get(m[2]!);
    const expS = parseInt(m[3]!, 36);
    if (!question || !Number.isSafeInteger(caseId) || caseId < 1 || caseId > 2_147_483_647 || !Number.isSafeInteger(expS)) return null;
    // Only the canonical spelling of each number is signed: "0a" and "a" are one id, one token.
    if (caseId.toString(36) !== m[1] || expS.toString(36) !== m[3]) return null;
    const given = Buffer.from(m[4]!, 'base64url');
    const expected = this.#sign(caseId, question, expS);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { caseId, question, expS };
  }
}
