// The fast lane's own settings: its name in each language, its plans and prices, its refund
// policy and the tax its prices include. The same schema reads AYUDA_FASTLANE_FILE at start and
// checks the console's `PUT /staff/settings/fastlane`. The currency is the file's alone: every
// amount in the ledger is in it, so it is not a setting one changes on a running installation.
import { z } from 'zod';

const Localized = z.strictObject({ es: z.string().trim().min(1).max(80), en: z.string().trim().min(1).max(80) });

export const FastlanePlanConfigSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and "-", at most 40'),
  kind: z.enum(['incident', 'subscription']),
  interval: z.enum(['month', 'year']).optional(),
  /** Minor units (cents). */
  amount: z.number().int().min(50).max(10_000_000),
  name: Localized,
});
export type FastlanePlanConfig = z.infer<typeof FastlanePlanConfigSchema>;

export const FASTLANE_PLANS_MAX = 20;

const fields = {
  enabled: z.boolean().default(true),
  /** Never a name that sounds like a privilege for a few. */
  name: Localized.default({ es: 'Soporte prioritario', en: 'Priority support' }),
  plans: z
    .array(FastlanePlanConfigSchema)
    .min(1)
    .max(FASTLANE_PLANS_MAX)
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
   * What handling one fast-lane case costs beyond the staff time logged on it (tools, payment
   * fees, management), in minor units of the currency. The fast lane's account adds it once per
   * case that enters the lane. 0 (none) by default.
   */
  caseOverheadMinor: z.number().int().min(0).max(10_000_000).default(0),
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
};

function checkPlans(c: { plans: FastlanePlanConfig[] }, ctx: z.RefinementCtx): void {
  c.plans.forEach((p, i) => {
    if (p.kind === 'subscription' && !p.interval) ctx.addIssue({ code: 'custom', path: ['plans', i, 'interval'], message: 'a subscription needs interval: month or year' });
    if (p.kind === 'incident' && p.interval) ctx.addIssue({ code: 'custom', path: ['plans', i, 'interval'], message: 'an incident plan has no interval' });
  });
  const keys = c.plans.map((p) => p.key);
  keys.forEach((k, i) => {
    if (keys.indexOf(k) !== i) ctx.addIssue({ code: 'custom', path: ['plans', i, 'key'], message: 'plan keys must be unique' });
  });
}

/** `PUT /staff/settings/fastlane`: everything but the currency. */
export const FastlaneSettingsSchema = z.strictObject(fields).superRefine(checkPlans);
export type FastlaneSettings = z.infer<typeof FastlaneSettingsSchema>;

/** AYUDA_FASTLANE_FILE: the settings and the currency. */
export const FastlaneConfigSchema = z
  .strictObject({
    ...fields,
    currency: z.string().regex(/^[a-z]{3}$/, 'an ISO 4217 code in lower case, e.g. "eur"').default('eur'),
  })
  .superRefine(checkPlans);
export type FastlaneConfig = z.infer<typeof FastlaneConfigSchema>;
