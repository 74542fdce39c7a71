// Development and tests only: the local Stripe emulator and a gateway pointed at it. The
// emulator refuses to start when NODE_ENV=production.
import { startStripeEmulator, type StripeEmulator } from '@ayuda/stripe-emulator';
import type { Clock } from '../clock.js';
import { createStripeGateway, type StripeGateway } from './gateway.js';

export const DEV_WEBHOOK_SECRET = 'whsec_ayuda_development_only';

export async function startDevStripe(opts: { clock?: Clock; retryDelayMs?: number; accountName?: string } = {}): Promise<{ emulator: StripeEmulator; gateway: StripeGateway; connect(serverUrl: string): void }> {
  const emulator = await startStripeEmulator({
    ...(opts.clock ? { clock: opts.clock } : {}),
    // The business the checkout page names, as Stripe names the account's (the company's).
    ...(opts.accountName ? { accountName: opts.accountName } : {}),
    ...(opts.retryDelayMs !== undefined ? { webhookRetry: { initialDelayMs: opts.retryDelayMs, maxDelayMs: opts.retryDelayMs * 8 } } : {}),
  });
  const gateway = createStripeGateway({ secretKey: emulator.secretKey, webhookSecret: DEV_WEBHOOK_SECRET, apiBase: emulator.url });
  return {
    emulator,
    gateway,
    connect: (serverUrl) => void emulator.addWebhookEndpoint(`${serverUrl}/api/v1/stripe/webhook`, DEV_WEBHOOK_SECRET),
  };
}
