// Reply addresses: `reply+<case id>-<mac>@<reply domain>`, the Reply-To of every case mail. The
// MAC (an HMAC of the case id with the server's secret) makes them unforgeable, so a mail to one
// is about that case and nobody can write into another case by changing the number. Lower-case
// letters and digits only: mail systems may lower-case the local part on the way back.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Hex characters of the MAC: 80 bits, far beyond guessing at the inbound server's rate limit. */
const MAC_LENGTH = 20;
const PATTERN = /^reply\+([1-9][0-9]{0,9})-([0-9a-f]{20})@([a-z0-9.-]+)$/;

export class ReplyAddresses {
  readonly #key: Buffer;

  constructor(
    secret: string,
    /** The domain of the addresses (AYUDA_REPLY_DOMAIN); null: case mails carry no reply address. */
    readonly domain: string | null,
  ) {
    // A key of its own, so a MAC made here is worth nothing anywhere else the secret is used.
    this.#key = createHash('sha256').update(`ayuda:reply-address:${secret}`).digest();
  }

  get enabled(): boolean {
    return this.domain !== null;
  }

  #mac(caseId: number): string {
    return createHmac('sha256', this.#key).update(`case:${caseId}`).digest('hex').slice(0, MAC_LENGTH);
  }

  /** The reply address of a case, or null when replies by email are off. */
  of(caseId: number): string | null {
    return this.domain === null ? null : `reply+${caseId}-${this.#mac(caseId)}@${this.domain}`;
  }

  /** The case a reply address names, or null for anything else (another domain, a forged or altered MAC). */
  caseOf(address: string): number | null {
    if (this.domain === null) return null;
    const m = PATTERN.exec(address.trim().toLowerCase());
    if (!m || m[3] !== this.domain) return null;
    const id = Number(m[1]);
    if (!Number.isSafeInteger(id) || id > 2_147_483_647) return null;
    const want = Buffer.from(this.#mac(id));
    return timingSafeEqual(want, Buffer.from(m[2]!)) ? id : null;
  }
}
