/**
 * @ayuda/stripe-emulator: a local, stateful stand-in for the part of the Stripe API that
 * Ayuda uses, for the offline demo and tests. Never for production.
 */
export {
  startStripeEmulator,
  STRIPE_API_VERSION,
  EMULATOR_DEFAULTS,
  type StripeEmulator,
  type StripeEmulatorOptions,
  type WebhookControls,
} from './emulator.js';
export { assertNotProduction } from './guard.js';
export { TEST_CARDS, type CardInput, type CardBehaviour, type TestCard } from './cards.js';
export { signPayload, DEFAULT_WEBHOOK_RETRY } from './webhooks.js';
export type {
  DeliveryAttempt,
  DeliveryStatus,
  DropFilter,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointConfig,
  WebhookRetryOptions,
} from './webhooks.js';
export type { EmulatorState, PaymentResult } from './engine.js';
export type { StripeErrorBody, StripeErrorType } from './errors.js';
export type * from './types.js';
