// The fast lane's configuration: its name in each language, its plans and prices, and the
// refund policy. Defaults here; a company overrides them with AYUDA_FASTLANE_FILE.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../config.js';

const Localized = z.strictObject({ es: z.string().trim().min(1).max(80), en: z.string().trim().min(1).max(80) });

export const PlanSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9-]{1,40}$/),
  kind: z.enum(['incident', 'subscription']),
  interval: z.enum(['month', 'year']).optional(),
  /** Minor units (cents). */
  amount: z.number().int().min(50).max(10_000_000),
  name: Localized,
});
export type Plan = z.infer<typeof PlanSchema>;

export const FastlaneConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** Never a name that sounds like a privilege for a few. */
    name: Localized.default({ es: 'Soporte prioritario', en: 'Priority support' }),
    currency: z.string().regex(/^[a-z]{3}$/, 'an ISO 4217 code in lower case, e.g. "eur"').default('eur'),
    plans: z
      .array(PlanSchema)
      .min(1)
      .default([
        { key: 'incident', kind: 'incident', amount: 990, name: { es: 'Esta consulta', en: 'This request' } },
        { key: 'monthly', kind: 'subscription', interval: 'month', amount: 499, name: { es: 'Suscripción mensual', en: 'Monthly subscription' } },
        { key: 'yearly', kind: 'subscription', interval: 'year', amount: 4900, name: { es: 'Suscripción anual', en: 'Yearly subscription' } },
      ]),
    refunds: z
      .strictObject({
        /** Refund an incident at once if no agent has replied yet. */
        beforeFirstReply: z.boolean().default(true),
        /** Refund an incident automatically when the fast lane's first-response SLA is missed. */
        slaGuarantee: z.boolean().default(true),
        /** Cancelling a subscription at once refunds the unused part of the period. */
        proratedCancellation: z.boolean().default(true),
      })
      .default({ beforeFirstReply: true, slaGuarantee: true, proratedCancellation: true }),
    /**
     * The tax included in every price, shown on receipts, e.g. `{ rate: 21, label: { es: 'IVA',
     * en: 'VAT' } }`. None by default. Plan amounts are what the customer pays, tax included.
     */
    tax: z
      .strictObject({
        /** Per cent, e.g. 21 for 21 %. */
        rate: z.number().min(0).max(100),
        /** Only prices that include the tax are supported: the plan's amount is what the customer pays. */
        inclusive: z.literal(true, { message: 'only prices that include tax are supported: set inclusive: true (the plan amount is what the customer pays)' }).default(true),
        label: Localized,
      })
      .nullable()
      .default(null),
  })
  .superRefine((c, ctx) => {
    c.plans.forEach((p, i) => {
      if (p.kind === 'subscription' && !p.interval) ctx.addIssue({ code: 'custom', path: ['plans', i, 'interval'], message: 'a subscription needs interval: month or year' });
      if (p.kind === 'incident' && p.interval) ctx.addIssue({ code: 'custom', path: ['plans', i, 'interval'], message: 'an incident plan has no interval' });
    });
    const keys = c.plans.map((p) => p.key);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', path: ['plans'], message: 'plan keys must be unique' });
  });
export type FastlaneConfig = z.infer<typeof FastlaneConfigSchema>;

/** The tax part of an amount that includes it, in minor units (rounded to the nearest unit). */
export function taxIncluded(amount: number, rate: number): number {
  return Math.round(amount - amount / (1 + rate / 100));
}

export const FASTLANE_DEFAULTS: FastlaneConfig = FastlaneConfigSchema.parse({});

export function loadFastlaneConfig(file: string | undefined): FastlaneConfig {
  if (!file) return FASTLANE_DEFAULTS;
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(`Ayuda: AYUDA_FASTLANE_FILE=${file} could not be read: ${(err as Error).message}`);
  }
  const r = FastlaneConfigSchema.safeParse(raw ?? {});
  if (!r.success) throw new ConfigError(`Ayuda: AYUDA_FASTLANE_FILE=${file} is not valid:\n${r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return r.data;
}

/** The Stripe lookup key of a plan at a price in a language: a new price gets a new key, old ones stay. */
export const lookupKey = (p: Plan, currency: string, locale: string) => `ayuda_${p.key}_${p.amount}_${currency}_${locale}`;
