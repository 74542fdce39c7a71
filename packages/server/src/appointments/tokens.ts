// The private tokens of the appointments' mail links. A manage token is the appointment's id
// with an HMAC of it, so any later mail (a reminder, a change) can give the same link again
// without storing it; the database keeps only its SHA-256. A proposal token is random, stored
// hashed, and used once.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const MANAGE_CONTEXT = 'ayuda-appointment:1:';

/** SHA-256 hex: what the database keeps of a token. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

const mac = (secret: string, id: string): string => createHmac('sha256', secret).update(MANAGE_CONTEXT + id).digest().subarray(0, 16).toString('base64url');

/** The manage token of appointment `id` (a UUID): 32 hex digits of the id, then 22 base64url characters of its HMAC. */
export function manageToken(secret: string, id: string): string {
  return id.replaceAll('-', '').toLowerCase() + mac(secret, id.toLowerCase());
}

/** The appointment id a manage token names, or null when it is malformed or its HMAC does not verify (compared in constant time). */
export function appointmentIdOf(secret: string, token: string): string | null {
  const m = /^([0-9a-f]{32})([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return null;
  const hex = m[1]!;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const given = Buffer.from(m[2]!);
  const expected = Buffer.from(mac(secret, id));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

/** A new proposal token: 32 random bytes, base64url (43 characters). */
export const proposalToken = (): string => randomBytes(32).toString('base64url');

/** The manage tokens of one server (its AYUDA_SECRET): what mail needs to give an appointment's link again. */
export class AppointmentTokens {
  constructor(private readonly secret: string) {}

  /** The manage token of appointment `id` (see `manageToken`). */
  manage(id: string): string {
    return manageToken(this.secret, id);
  }

  /** The appointment id of a manage token, or null when it is malformed or forged. */
  idOf(token: string): string | null {
    return appointmentIdOf(this.secret, token);
  }
}
