// StripeGateway: the thin interface over the official `stripe` SDK that the fast lane uses.
// Every mutating call carries an idempotency key. The SDK talks to Stripe, to any
// Stripe-compatible endpoint (STRIPE_API_BASE), or to the local emulator in development.
import Stripe from 'stripe';
import { verifyStripeSignature } from './signature.js';

export type { Stripe };

export interface StripeGatewayOptions {
  secretKey: string;
  webhookSecret: string;
  publishableKey?: string | undefined;
  /** `http://127.0.0.1:12111`: host, port and protocol for the SDK. */
  apiBase?: string | undefined;
}

export interface StripeGateway {
  readonly stripe: Stripe;
  readonly publishableKey: string | undefined;
  /** Verifies a webhook's signature on its raw body and returns the event (parsed, not yet checked); throws otherwise. */
  verifyEvent(rawBody: Buffer | string, signature: string | undefined): unknown;
}

/** Seconds a webhook signature may be off, either way; Stripe's SDK default for the past. */
export const SIGNATURE_TOLERANCE_S = 300;

export function createStripeGateway(o: StripeGatewayOptions): StripeGateway {
  const base = o.apiBase ? new URL(o.apiBase) : null;
  const stripe = new Stripe(o.secretKey, {
    ...(base ? { host: base.hostname, port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)), protocol: base.protocol.replace(':', '') as 'http' | 'https' } : {}),
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'Ayuda', url: 'https://ayuda.dev' },
  });
  return {
    stripe,
    publishableKey: o.publishableKey,
    verifyEvent: (rawBody, signature) => verifyStripeSignature(rawBody, signature, o.webhookSecret, SIGNATURE_TOLERANCE_S),
  };
}
