// StripeGateway: the thin interface over the official `stripe` SDK that the fast lane uses.
// Every mutating call carries an idempotency key. The SDK talks to Stripe, to any
// Stripe-compatible endpoint (STRIPE_API_BASE), or to the local emulator in development.
import Stripe from 'stripe';

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
  /** Verifies a webhook's signature on its raw body and returns the event; throws otherwise. */
  verifyEvent(rawBody: string, signature: string | undefined): Promise<Stripe.Event>;
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
    async verifyEvent(rawBody, signature) {
      if (!signature) throw new Error('missing Stripe-Signature header');
      // The SDK refuses signatures too old but not ones dated ahead, which would stay acceptable
      // (and a captured request replayable) until that time had passed plus the tolerance.
      const t = Number(/(?:^|,)\s*t=(\d+)/.exec(signature)?.[1]);
      if (Number.isFinite(t) && t > Math.floor(Date.now() / 1000) + SIGNATURE_TOLERANCE_S) throw new Error('Stripe-Signature timestamp is in the future beyond the tolerance');
      return stripe.webhooks.constructEventAsync(rawBody, signature, o.webhookSecret, SIGNATURE_TOLERANCE_S);
    },
  };
}
