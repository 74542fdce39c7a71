// Shared set-up for this package's tests: an emulator, the official SDK pointed at it and a webhook receiver.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from './emulator.js';

export interface ReceivedWebhook {
  body: string;
  headers: IncomingHttpHeaders;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Decides the status to answer for each request; default 200. */
  respond: (n: number, hook: ReceivedWebhook) => number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  let server: Server;
  const receiver: Receiver = {
    url: '',
    received,
    respond: () => 200,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hook = { body: Buffer.concat(chunks).toString('utf8'), headers: req.headers };
      received.push(hook);
      res.writeHead(receiver.respond(received.length, hook));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

export interface Harness {
  emulator: StripeEmulator;
  stripe: Stripe;
  close(): Promise<void>;
}

export async function startHarness(options: StripeEmulatorOptions = {}): Promise<Harness> {
  const emulator = await startStripeEmulator({ webhookRetry: { initialDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 }, ...options });
  const stripe = new Stripe(emulator.secretKey, { ...emulator.stripeOptions, maxNetworkRetries: 0 });
  return { emulator, stripe, close: () => emulator.close() };
}

/** A product with a one-time price (15.00 EUR) and monthly and yearly prices. */
export async function catalogue(stripe: Stripe) {
  const product = await stripe.products.create({ name: 'Priority support', metadata: { ayuda: 'fastlane' } });
  const incident = await stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 1500, lookup_key: 'incident' });
  const monthly = await stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 2900, recurring: { interval: 'month' } });
  const yearly = await stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 29000, recurring: { interval: 'year' } });
  return { product, incident, monthly, yearly };
}

/** Posts the hosted checkout form as a browser without JavaScript would. */
export async function submitCheckoutForm(
  sessionUrl: string,
  fields: { card: string; expiry?: string; cvc?: string; name?: string; email?: string },
): Promise<Response> {
  const form = new URLSearchParams({
    card_number: fields.card,
    card_expiry: fields.expiry ?? '12 / 40',
    card_cvc: fields.cvc ?? '123',
    card_name: fields.name ?? 'Ana García',
  });
  if (fields.email !== undefined) form.set('email', fields.email);
  return fetch(sessionUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
}

export const DAY = 86_400;
