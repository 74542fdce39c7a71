import { describe, expect, it } from 'vitest';
import { assertNotProduction, startStripeEmulator } from './index.js';

describe('never in production', () => {
  it('assertNotProduction throws an Ayuda message only when NODE_ENV=production', () => {
    expect(() => assertNotProduction({ NODE_ENV: 'production' })).toThrow(/^Ayuda: the Stripe emulator must not run/);
    expect(() => assertNotProduction({ NODE_ENV: 'test' })).not.toThrow();
    expect(() => assertNotProduction({})).not.toThrow();
  });

  it('startStripeEmulator refuses to start in production', async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(startStripeEmulator()).rejects.toThrow(/Ayuda:/);
    } finally {
      process.env.NODE_ENV = before;
    }
  });

  it('refuses a live secret key as its own key', async () => {
    await expect(startStripeEmulator({ secretKey: 'sk_live_123' })).rejects.toThrow(/sk_test_/);
  });
});
