// Support metrics for a period (issue 15): volume, first response and resolution in business
// time, SLA attainment, reopens, first-contact resolution, satisfaction, deflection and the fast
// lane's account, beside the same figures for the period before. Computed in SQL by the server;
// every definition is in docs/analytics.md. The keys are snake_case as the issue names them.
import { z } from 'zod';
import { InstantSchema, LocaleSchema } from './api.js';
import { LaneSchema } from './cases.js';
import { PERIOD_MAX_DAYS, withinMaxPeriod } from './periods.js';

export const ANALYTICS_LIMITS = {
  /** Without `from`, a summary covers this many days up to `to`. */
  defaultDays: 30,
  /** The longest period one summary covers (its previous period is as long again). */
  maxDays: PERIOD_MAX_DAYS,
} as const;


export const AnalyticsSummaryQuerySchema = z
  .object({
    from: InstantSchema.optional(),
    to: InstantSchema.optional(),
    lane: LaneSchema.optional(),
    /** A knowledge-base category key: cases of that category now, answers given for it. */
    category: z.string().regex(/^[a-z0-9-]{1,64}$/, 'a category key (lowercase letters, digits, hyphens)').optional(),
    /** A staff user's id: cases assigned to them now, answers given while they had the case. */
    agentId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] })
  .refine((q) => withinMaxPeriod(q.from, q.to), {
    message: `the period may be at most ${ANALYTICS_LIMITS.maxDays} days long`,
    path: ['to'],
  });
export type AnalyticsSummaryQuery = z.input<typeof AnalyticsSummaryQuerySchema>;

const Seconds = z.number().nonnegative().nullable();
const Rate = z.number().min(0).max(1).nullable();
const Count = z.number().int().nonnegative();
const Minor = z.number().int();

/** The figures of one period. Null where there is nothing to measure (never NaN). */
export const AnalyticsFiguresSchema = z.object({
  /** Cases created in the period (of the lane, when one is asked for). */
  cases: Count,
  /** Of those, the ones that had a first public staff reply. */
  first_responses: Count,
  /** Median and 90th percentile of the business seconds from creation to the first public staff reply. */
  first_response_p50_s: Seconds,
  first_response_p90_s: Seconds,
  /** Of the period's cases, the ones solved now. */
  solved: Count,
  /** Median and 90th percentile of the business seconds from creation to being solved. */
  resolution_p50_s: Seconds,
  resolution_p90_s: Seconds,
  /** Cases whose first-response target is decided (answered, or its due time has passed). */
  sla_measured: Count,
  /** Share of `sla_measured` answered in time and not (yet) late for resolution, 0..1. */
  sla_attainment: Rate,
  /** Share of the cases ever solved solved with one public staff reply and never reopened, 0..1. */
  fcr_rate: Rate,
  /** Share of the cases ever solved that were reopened, 0..1. */
  reopen_rate: Rate,
  /** CSAT: share of answers 4 or 5 (satisfied), 0..1; `csat_mean` the mean score, 1..5. */
  csat: Rate,
  csat_mean: z.number().nullable(),
  csat_answers: Count,
  /** CES: the mean score, 1..7. */
  ces: z.number().nullable(),
  ces_answers: Count,
  /** NPS: % promoters (9-10) minus % detractors (0-6), -100..100. */
  nps: z.number().min(-100).max(100).nullable(),
  nps_answers: Count,
  /** Fast-lane cases: share answering yes to "was it worth its price?", 0..1. */
  fastlane_worth: Rate,
  fastlane_worth_answers: Count,
  /** Deflections (case forms left because an article or announcement answered) over those plus cases sent from the widget, 0..1. */
  deflection_rate: Rate,
  deflections: Count,
  /** Fast-lane payments received in the period (gross), in minor units of `currency`. */
  fastlane_revenue_minor: Minor,
  /** Fast-lane refunds made in the period. */
  fastlane_refunds_minor: Minor,
  /** Revenue minus refunds. */
  fastlane_net_revenue_minor: Minor,
  /** Staff time logged in the period on fast-lane cases, each entry at the hourly cost its person had when it was logged, plus `fastlane_overhead_minor`. */
  fastlane_cost_minor: Minor,
  /** The per-case overhead (fast-lane setting `caseOverheadMinor`) times the cases that entered the fast lane in the period. */
  fastlane_overhead_minor: Minor,
  /** The staff time behind `fastlane_cost_minor`, and the part of it by people with no hourly cost set (costed at 0). */
  fastlane_time_s: Count,
  fastlane_unpriced_time_s: Count,
  /** Revenue minus refunds minus cost. */
  fastlane_margin_minor: Minor,
  /** ISO 4217, lower case: the fast lane's currency; payments in another are not summed. */
  currency: z.string(),
});
export type AnalyticsFigures = z.infer<typeof AnalyticsFiguresSchema>;

export const AnalyticsSummarySchema = AnalyticsFiguresSchema.extend({
  /** The period, half-open: [from, to). */
  from: InstantSchema,
  to: InstantSchema,
  lane: LaneSchema.nullable(),
  category: z.string().nullable(),
  agentId: z.number().int().nullable(),
  /** The company's zone, in which business hours count. */
  timeZone: z.string(),
  /** The same figures for the period of equal length just before. */
  previous: AnalyticsFiguresSchema.extend({ from: InstantSchema, to: InstantSchema }),
});
export type AnalyticsSummary = z.infer<typeof AnalyticsSummarySchema>;

// ---- the standard lane's impact: did the fast lane take service from everyone else? ----

export const LaneImpactQuerySchema = z
  .object({
    from: InstantSchema.optional(),
    to: InstantSchema.optional(),
    baselineFrom: InstantSchema.optional(),
    baselineTo: InstantSchema.optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] })
  .refine((q) => withinMaxPeriod(q.from, q.to), {
    message: `the period may be at most ${ANALYTICS_LIMITS.maxDays} days long`,
    path: ['to'],
  })
  .refine((q) => (q.baselineFrom === undefined) === (q.baselineTo === undefined), { message: 'give baselineFrom and baselineTo together, or neither', path: ['baselineFrom'] })
  .refine((q) => !q.baselineFrom || !q.baselineTo || Date.parse(q.baselineFrom) < Date.parse(q.baselineTo), { message: 'baselineFrom must be before baselineTo', path: ['baselineFrom'] })
  .refine((q) => withinMaxPeriod(q.baselineFrom, q.baselineTo), {
    message: `the baseline may be at most ${ANALYTICS_LIMITS.maxDays} days long`,
    path: ['baselineTo'],
  });
export type LaneImpactQuery = z.input<typeof LaneImpactQuerySchema>;

/** One figure in the baseline and in the period, their difference (period minus baseline) and its bootstrap 95% interval. */
export const LaneImpactFigureSchema = z.object({
  baseline: z.number().nullable(),
  period: z.number().nullable(),
  difference: z.number().nullable(),
  /** Percentile bootstrap interval of the difference; null when either side has nothing to measure. */
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  /** What each side is measured over: answered cases, measured cases, CSAT answers. */
  baselineN: Count,
  periodN: Count,
});
export type LaneImpactFigure = z.infer<typeof LaneImpactFigureSchema>;

export const LaneImpactSchema = z.object({
  /** Always the standard lane: the customers who do not pay. */
  lane: z.literal('standard'),
  /** When the fast lane was first used (a case entered it, or a payment was received); null if never. */
  fastlaneStartedAt: InstantSchema.nullable(),
  baseline: z.object({
    from: InstantSchema,
    to: InstantSchema,
    /** `fastlane_start`: the period of equal length before the fast lane's first use; `chosen`: baselineFrom/baselineTo. */
    source: z.enum(['fastlane_start', 'chosen']),
  }),
  period: z.object({ from: InstantSchema, to: InstantSchema }),
  timeZone: z.string(),
  /** Same definitions as the summary's (docs/analytics.md). */
  first_response_p50_s: LaneImpactFigureSchema,
  sla_attainment: LaneImpactFigureSchema,
  csat: LaneImpactFigureSchema,
  bootstrap: z.object({ resamples: z.number().int(), seed: z.number().int(), maxValues: z.number().int() }),
});
export type LaneImpact = z.infer<typeof LaneImpactSchema>;

// ---- the fast lane's account: revenue, refunds, cost and margin by month, plan, reason, agent ----

export const FastlaneAccountQuerySchema = z
  .object({
    from: InstantSchema.optional(),
    to: InstantSchema.optional(),
    /** The language of the plans' names (`plan_name`); the company's default language without it. */
    locale: LocaleSchema.optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] })
  .refine((q) => withinMaxPeriod(q.from, q.to), {
    message: `the period may be at most ${ANALYTICS_LIMITS.maxDays} days long`,
    path: ['to'],
  });
export type FastlaneAccountQuery = z.input<typeof FastlaneAccountQuerySchema>;

/** Why a refund was made, as a code (the `reason` text is what the customer reads). */
export const REFUND_REASON_CODES = ['sla_guarantee', 'duplicate_payment', 'customer_request', 'goodwill', 'other'] as const;
export const RefundReasonCodeSchema = z.enum(REFUND_REASON_CODES);
export type RefundReasonCode = z.infer<typeof RefundReasonCodeSchema>;

/** A calendar month in the company's zone, `YYYY-MM`. */
const Month = z.string().regex(/^\d{4}-\d{2}$/);

export const FastlaneAccountSchema = z.object({
  /** The period, half-open: [from, to). */
  from: InstantSchema,
  to: InstantSchema,
  /** The company's zone: months are its calendar months. */
  timeZone: z.string(),
  /** ISO 4217, lower case: the fast lane's currency; payments in another are not summed. */
  currency: z.string(),
  totals: z.object({
    /** Payments received in the period (gross). */
    revenue_minor: Minor,
    /** Succeeded refunds decided in the period. */
    refunds_minor: Minor,
    net_revenue_minor: Minor,
    /** Staff time logged in the period on fast-lane cases, each entry at the hourly cost its person had when it was logged. */
    time_cost_minor: Minor,
    /** The per-case overhead times `fastlane_cases`. */
    overhead_minor: Minor,
    /** `time_cost_minor` + `overhead_minor`. */
    cost_minor: Minor,
    /** `net_revenue_minor` − `cost_minor`. */
    margin_minor: Minor,
    time_s: Count,
    /** The part of `time_s` logged by people with no hourly cost set (costed at 0). */
    unpriced_time_s: Count,
    /** Cases that entered the fast lane in the period: created in it, or moved to it. */
    fastlane_cases: Count,
    /** Payments received in the period. */
    payments: Count,
  }),
  /** Revenue and refunds by month, plan and kind of payment, sorted by month then plan. Refunds count in the month they were made. */
  months: z.array(
    z.object({
      month: Month,
      plan: z.string(),
      /** The plan's name in the company's language, or its key for a plan no longer offered. */
      plan_name: z.string(),
      kind: z.enum(['incident', 'subscription', 'renewal']),
      payments: Count,
      revenue_minor: Minor,
      refunds_minor: Minor,
      net_revenue_minor: Minor,
    }),
  ),
  /** The cost by month, oldest first. */
  costByMonth: z.array(
    z.object({
      month: Month,
      time_cost_minor: Minor,
      overhead_minor: Minor,
      cost_minor: Minor,
      time_s: Count,
      fastlane_cases: Count,
    }),
  ),
  /** Succeeded refunds decided in the period by reason, largest amount first; `automatic`: made by Ayuda itself, nobody asked. */
  refundsByReason: z.array(z.object({ reason_code: RefundReasonCodeSchema, automatic: z.boolean(), count: Count, amount_minor: Minor })),
  /** Staff time on fast-lane cases in the period by person, most time first. */
  byAgent: z.array(z.object({ agentId: z.number().int(), name: z.string(), time_s: Count, cost_minor: Minor, hourly_cost_minor: z.number().int().nullable() })),
});
export type FastlaneAccount = z.infer<typeof FastlaneAccountSchema>;
