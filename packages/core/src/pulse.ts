// The agent pulse (issue 15): once a week each staff member is asked "how was your week with the
// queue?" (1-5, optional comment). Answers are anonymous: who answered and what was answered are
// stored apart, and the figures are shown only for weeks with at least PULSE_LIMITS.floor answers.
import { z } from 'zod';
import { InstantSchema } from './api.js';
import { localDayOf, localToUtc } from './sla/zone.js';

export const PULSE_LIMITS = {
  /** A week's figures (mean, spread, comments) show only from this many answers. */
  floor: 5,
  commentMax: 1000,
  /** The most weeks one summary covers. */
  maxWeeks: 106,
} as const;

const DAY = 86_400_000;

/** The week (Monday to Sunday in `timeZone`) that holds instant `ms`: its Monday as `YYYY-MM-DD`, and its start and end instants. */
export function pulseWeekOf(ms: number, timeZone: string): { week: string; start: Date; end: Date } {
  const day = localDayOf(ms, timeZone);
  // Day 0 (1970-01-01) was a Thursday: Monday is 3 days before it.
  const monday = day - ((day + 3) % 7);
  return { week: new Date(monday * DAY).toISOString().slice(0, 10), start: new Date(localToUtc(monday * DAY, timeZone)), end: new Date(localToUtc((monday + 7) * DAY, timeZone)) };
}

export const PulseStateSchema = z.object({
  /** This week's Monday in the company's time zone. */
  week: z.iso.date(),
  weekStart: InstantSchema,
  weekEnd: InstantSchema,
  /** Whether the signed-in staff member answered this week (what they answered is not kept with them). */
  answered: z.boolean(),
});
export type PulseState = z.infer<typeof PulseStateSchema>;

export const PulseAnswerSchema = z.strictObject({
  score: z.number().int().min(1).max(5),
  comment: z
    .string()
    .trim()
    .min(1)
    .max(PULSE_LIMITS.commentMax)
    .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(s.replace(/\r\n/g, '\n')), 'must be plain text (line breaks allowed, no other control characters)')
    .optional(),
});
export type PulseAnswer = z.infer<typeof PulseAnswerSchema>;

export const PulseSummaryQuerySchema = z
  .object({ from: z.iso.date().optional(), to: z.iso.date().optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

export const PulseWeekSchema = z.object({
  week: z.iso.date(),
  /** The week under way: its figures wait until it ends, so nobody reads one person's answer in the change. */
  open: z.boolean(),
  answers: z.number().int(),
  /** Null below the floor and while the week is open, as are `distribution` and `comments`. */
  mean: z.number().nullable(),
  /** Answers per score, 1 to 5. */
  distribution: z.array(z.number().int()).length(5).nullable(),
  /** The week's comments, in no particular order. */
  comments: z.array(z.string()).nullable(),
  /** The queue that week, beside the mood: cases created and solved, replies sent by staff. */
  workload: z.object({ casesCreated: z.number().int(), casesSolved: z.number().int(), staffReplies: z.number().int() }),
});
export const PulseSummarySchema = z.object({
  floor: z.number().int(),
  timeZone: z.string(),
  /** Newest first. */
  weeks: z.array(PulseWeekSchema),
});
export type PulseSummary = z.infer<typeof PulseSummarySchema>;
export type PulseWeek = z.infer<typeof PulseWeekSchema>;
