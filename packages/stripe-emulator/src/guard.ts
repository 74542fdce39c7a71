/**
 * Throws when the process runs in production. The emulator accepts fake cards and signs
 * webhooks with a secret anyone can read, so it must never stand in for Stripe there.
 */
export function assertNotProduction(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'Ayuda: the Stripe emulator must not run with NODE_ENV=production. ' +
        'Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET to use Stripe, or unset NODE_ENV for a local demo.',
    );
  }
}
