// Stripe's webhook signature, checked with node:crypto alone: what the SDK's
// constructEventAsync does (HMAC-SHA256 of `${t}.${body}` with the endpoint's secret, any of the
// header's `v1` signatures, the timestamp no older than the tolerance), plus a timestamp dated
// ahead refused too. The SDK's version went through its async crypto provider (a Web Crypto
// key imported on every call, the body decoded and encoded again): about a twentieth of the
// server's CPU per webhook (docs/performance.md, "Webhooks: the request path").
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a signature was refused: the message is for the log, never for the sender. */
export class SignatureError extends Error {}

/** A valid header has a `t=` and at most a few signatures; anything longer is refused before any work. */
const MAX_HEADER_LENGTH = 4096;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * Verifies `header` (the `Stripe-Signature` value) for the raw body `payload` and returns the
 * parsed event; throws SignatureError when the header is missing or malformed, no `v1` signature
 * matches, the timestamp is outside `toleranceS` either way, or the body is not JSON.
 */
export function verifyStripeSignature(payload: Buffer | string, header: string | undefined, secret: string, toleranceS: number, nowMs: number = Date.now()): unknown {
  if (!header) throw new SignatureError('missing Stripe-Signature header');
  if (header.length > MAX_HEADER_LENGTH) throw new SignatureError('Stripe-Signature header too long');
  if (payload.length === 0) throw new SignatureError('no webhook payload');
  // `t=…,v1=…,v1=…,v0=…` as Stripe's SDK reads it: the last `t` wins, other schemes are ignored.
  let timestamp = -1;
  const signatures: Buffer[] = [];
  for (const item of header.split(',')) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? '' : item.slice(eq + 1);
    if (key === 't') timestamp = /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN;
    else if (key === 'v1' && HEX_SHA256.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (!Number.isFinite(timestamp) || timestamp < 0) throw new SignatureError('unable to extract the timestamp from the Stripe-Signature header');
  if (signatures.length === 0) throw new SignatureError('no v1 signature in the Stripe-Signature header');
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest();
  // Every signature is compared, in constant time each, so the time taken says nothing of which matched.
  let found = false;
  for (const s of signatures) found = timingSafeEqual(s, expected) || found;
  if (!found) throw new SignatureError('no signature matches the expected signature for this payload');
  const age = Math.floor(nowMs / 1000) - timestamp;
  if (age > toleranceS) throw new SignatureError('timestamp outside the tolerance');
  // The SDK refuses signatures too old but not ones dated ahead, which would stay acceptable
  // (and a captured request replayable) until that time had passed plus the tolerance.
  if (-age > toleranceS) throw new SignatureError('timestamp in the future beyond the tolerance');
  try {
    return JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    throw new SignatureError('the signed payload is not JSON');
  }
}
