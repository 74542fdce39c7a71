// The console's time tracking, opportunities (upsell notes) and markdown preview: request and
// answer shapes, and the limits the server enforces and the docs quote.
import { z } from 'zod';
import { IdSchema, InstantSchema, LocaleSchema } from './api.js';
import { LaneSchema } from './cases.js';
import { PeriodQuerySchema } from './fastlane.js';
import { INT4_MAX } from './input.js';
import { CASE_LIMITS } from './limits.js';

/** Every limit of time tracking, opportunities and preview. Docs and code read this one object. */
export const TIME_LIMITS = {
  /** A manual entry (or an edited one) lasts at most this long. */
  entryMaxHours: 24,
  noteMax: 500,
  /**
   * A running timer that has had no heartbeat for this long counts as abandoned (the tab was
   * closed, the laptop slept): it ends at its last heartbeat, and housekeeping closes it.
   */
  idleMinutes: 10,
  /**
   * A timer that ends less than this many seconds after it started (a glance at the case on the
   * way to another, a reload) leaves no entry: it is deleted rather than kept. Not one with a
   * note or edited by hand.
   */
  timerMinSeconds: 10,
  /**
   * Coming back to a case within this many seconds of stopping the timer there continues that
   * entry instead of opening a new one (the seconds between count), when it is the person's latest
   * timer entry, ended by a stop (not by the idle limit), has no note and was not edited by hand.
   */
  timerResumeSeconds: 60,
  /** How often the console sends a heartbeat while a case stays open (well inside `idleMinutes`). */
  heartbeatSeconds: 60,
  productMax: 200,
  opportunityNoteMax: 2000,
  /** Listings and the CSV export hold at most this many opportunities (the newest); `truncated` says when more matched. */
  opportunitiesMax: 10_000,
  /** Markdown a preview renders, in characters: what a reply or note may hold. */
  previewMax: CASE_LIMITS.replyMax,
} as const;

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const Note = z.string().trim().max(TIME_LIMITS.noteMax).transform((s) => s || null);
const StaffUserRef = z.object({ id: z.number().int(), name: z.string() });

// ---- time ----

export const TimeEntrySchema = z.object({
  id: z.number().int(),
  caseReference: z.string(),
  user: StaffUserRef,
  startedAt: z.string(),
  /** Null while the timer runs. */
  endedAt: z.string().nullable(),
  /** Time recorded; for a running timer, so far. */
  seconds: z.number().int(),
  source: z.enum(['timer', 'manual']),
  note: z.string().nullable(),
});
export type TimeEntry = z.infer<typeof TimeEntrySchema>;

export const CaseTimeSchema = z.object({ entries: z.array(TimeEntrySchema).describe('Newest first'), totalSeconds: z.number().int() });
export type CaseTime = z.infer<typeof CaseTimeSchema>;

/** A manual entry: a span that ended, of at most `entryMaxHours`, not in the future (checked against the server's clock). */
export const TimeCreateSchema = z.object({ startedAt: InstantSchema, endedAt: InstantSchema, note: Note.optional() });
export type TimeCreate = z.input<typeof TimeCreateSchema>;

/** Changes an entry: any of its start, end (ending a running timer) and note (`null` or `""` clears it). */
export const TimeUpdateSchema = z
  .object({ startedAt: InstantSchema.optional(), endedAt: InstantSchema.optional(), note: Note.nullable().optional() })
  .refine((b) => b.startedAt !== undefined || b.endedAt !== undefined || b.note !== undefined, { message: 'give startedAt, endedAt or note', path: ['note'] });
export type TimeUpdate = z.input<typeof TimeUpdateSchema>;

export const TimeParamsSchema = z.object({ id: IdSchema });

export const TimeSummaryQuerySchema = PeriodQuerySchema;
export const TimeSummarySchema = z.object({
  from: z.string(),
  to: z.string(),
  /** The currency of hourly costs and costs (the fast lane's), lower case. */
  currency: z.string(),
  totalSeconds: z.number().int(),
  /** Cost of the time logged with an hourly cost, each entry at its own (its person's when it was logged), minor units. */
  totalCost: z.number().int(),
  users: z.array(
    z.object({
      user: StaffUserRef,
      seconds: z.number().int(),
      /** The person's hourly cost now, minor units per hour; null when no admin has set it. Past entries keep the cost they were logged at. */
      hourlyCost: z.number().int().nullable(),
      /** Minor units, rounded: each entry at the hourly cost it was logged at; null when none of the time has one. */
      cost: z.number().int().nullable(),
    }),
  ),
  lanes: z.array(
    z.object({
      lane: LaneSchema,
      seconds: z.number().int(),
      /** Cost of the part of `seconds` logged with an hourly cost. */
      cost: z.number().int(),
      /** Time logged while its person had no hourly cost (not in `cost`). */
      uncostedSeconds: z.number().int(),
    }),
  ),
});
export type TimeSummary = z.infer<typeof TimeSummarySchema>;

// ---- opportunities ----

/** Whether `code` is an ISO 4217 currency this runtime knows. */
const knownCurrency = (code: string): boolean => {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  return supported ? supported('currency').includes(code.toUpperCase()) : true;
};
export const CurrencySchema = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'an ISO 4217 code such as "eur"')
  .refine(knownCurrency, 'not an ISO 4217 currency')
  .transform((c) => c.toLowerCase());

export const OpportunityCreateSchema = z.object({
  /** The product or plan the customer might buy. */
  product: text(1, TIME_LIMITS.productMax),
  /** Estimated value in minor units of `currency`. */
  value: z.number().int().min(0).max(INT4_MAX),
  /** Default: the fast lane's currency. */
  currency: CurrencySchema.optional(),
  note: z.string().trim().max(TIME_LIMITS.opportunityNoteMax).transform((s) => s || null).optional(),
});
export type OpportunityCreate = z.input<typeof OpportunityCreateSchema>;

export const OpportunitySchema = z.object({
  id: z.number().int(),
  caseReference: z.string(),
  customer: z.object({ name: z.string(), email: z.string() }),
  user: StaffUserRef,
  product: z.string(),
  value: z.number().int(),
  currency: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type Opportunity = z.infer<typeof OpportunitySchema>;

export const OpportunityQuerySchema = PeriodQuerySchema;
/** The CSV export's query: the period, and the language of the header row. */
export const OpportunityCsvQuerySchema = z
  .object({ from: InstantSchema.optional(), to: InstantSchema.optional(), locale: LocaleSchema.optional() })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] });
export const OpportunityListSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** The company's zone (the business hours'), in which the console reads the period's days and shows the times. */
  timeZone: z.string(),
  /** Newest first. */
  opportunities: z.array(OpportunitySchema),
  /** More than `TIME_LIMITS.opportunitiesMax` matched: narrow the period. */
  truncated: z.boolean(),
});
export type OpportunityList = z.infer<typeof OpportunityListSchema>;

// ---- preview ----

export const PreviewSchema = z.object({
  markdown: z.string().max(TIME_LIMITS.previewMax),
  /** The language whose portal articles `[text](slug)` links point to. Default: the server's default language. */
  locale: LocaleSchema.optional(),
});
export const PreviewHtmlSchema = z.object({ html: z.string().describe('Sanitised HTML, as the customer will see the reply') });
