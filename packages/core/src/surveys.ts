// Surveys after a case (issue 15): CSAT (1-5), CES (1-7), "was the fast lane worth its price?"
// (no 0, yes 1) for fast-lane cases, and NPS (0-10) at most once per customer in a while. Each
// question of a case is answered through a signed token that names the case and the question:
// one-click links in the solved-case mail, the tracking page and the widget all use it.
import { z } from 'zod';
import { InstantSchema, LocaleSchema } from './api.js';
import { LaneSchema } from './cases.js';
import { PeriodQuerySchema } from './fastlane.js';

export const SURVEY_QUESTIONS = ['csat', 'ces', 'fastlane_worth', 'nps'] as const;
export const SurveyQuestionSchema = z.enum(SURVEY_QUESTIONS);
export type SurveyQuestion = z.infer<typeof SurveyQuestionSchema>;

/** Each question's scale, inclusive. `fastlane_worth`: 0 is "no", 1 is "yes". */
export const SURVEY_SCALES: Readonly<Record<SurveyQuestion, { min: number; max: number }>> = {
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
  fastlane_worth: { min: 0, max: 1 },
  nps: { min: 0, max: 10 },
};

export const SURVEY_LIMITS = {
  commentMax: 2000,
  /** Survey tokens are signed, so only their shape is checked before the signature. */
  tokenMax: 120,
  /** The staff list answers at most this many, newest first. */
  listMax: 500,
} as const;

export const SurveyTokenSchema = z.string().regex(/^[a-z0-9]{1,10}\.[a-z]\.[a-z0-9]{1,10}\.[A-Za-z0-9_-]{22}$/, 'a survey token');

// Plain text with line breaks; no other control characters.
const Comment = z
  .string()
  .trim()
  .min(1)
  .max(SURVEY_LIMITS.commentMax)
  .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(s.replace(/\r\n/g, '\n')), 'must be plain text (line breaks allowed, no other control characters)');

/**
 * An answer, a comment on it, or both. A question takes one answer (the first), and one
 * comment after it; the score must be on the question's scale (checked by the server, which
 * knows the question from the token).
 */
export const SurveyAnswerSchema = z
  .strictObject({
    token: SurveyTokenSchema,
    score: z.number().int().min(0).max(10).optional(),
    comment: Comment.optional(),
  })
  .refine((a) => a.score !== undefined || a.comment !== undefined, { message: 'give a score, a comment or both', path: ['score'] });
export type SurveyAnswerInput = z.infer<typeof SurveyAnswerSchema>;

export const SurveyQuestionStateSchema = z.object({
  question: SurveyQuestionSchema,
  /** The signed token that answers this question of this case. */
  token: SurveyTokenSchema,
  min: z.number().int(),
  max: z.number().int(),
  answer: z.object({ score: z.number().int(), comment: z.string().nullable(), answeredAt: InstantSchema }).nullable(),
  /** True while a comment can still be added: answered, no comment yet, not expired. */
  canComment: z.boolean(),
});
export type SurveyQuestionState = z.infer<typeof SurveyQuestionStateSchema>;

/** A case's survey: empty `questions` until the case is solved. */
export const CaseSurveySchema = z.object({
  reference: z.string(),
  locale: LocaleSchema,
  lane: LaneSchema,
  /** When the survey's links stop working; null while there is no survey. */
  expiresAt: InstantSchema.nullable(),
  /** The names the questions speak of: the company, and the fast lane's name in the case's language. */
  names: z.object({ company: z.string(), service: z.string() }),
  /** True while questions can be answered and comments added (a survey, not expired). */
  open: z.boolean(),
  questions: z.array(SurveyQuestionStateSchema),
});
export type CaseSurvey = z.infer<typeof CaseSurveySchema>;

export const StaffSurveyQuerySchema = PeriodQuerySchema.and(
  z.object({
    lane: LaneSchema.optional(),
    question: SurveyQuestionSchema.optional(),
    limit: z.coerce.number().int().min(1).max(SURVEY_LIMITS.listMax).default(100),
  }),
);

export const StaffSurveyAnswerSchema = z.object({
  reference: z.string(),
  question: SurveyQuestionSchema,
  score: z.number().int(),
  comment: z.string().nullable(),
  /** The case's lane, category and assignee when the answer was given. */
  lane: LaneSchema,
  category: z.string().nullable(),
  agentId: z.number().int().nullable(),
  agent: z.string().nullable(),
  locale: LocaleSchema,
  answeredAt: InstantSchema,
});
export const StaffSurveyAnswerListSchema = z.object({ answers: z.array(StaffSurveyAnswerSchema) });
export type StaffSurveyAnswer = z.infer<typeof StaffSurveyAnswerSchema>;
