// Announcements (issue 14): a notice staff publish for a while ("Avería en Valencia: trabajamos
// en ello, hora estimada 18:00"), shown at the top of the widget and the portal in its language
// while active, and again in the case form when the customer picks its category.
import { z } from 'zod';
import { IdSchema, InstantSchema, LocaleSchema } from './api.js';
import { CategoryKeySchema } from './kb.js';

export const ANNOUNCEMENT_LIMITS = {
  titleMax: 120,
  bodyMax: 1000,
  /** How far ahead `endsAt` may be: a notice is for an outage or a known problem, not a banner for ever. */
  maxDays: 30,
  /** The staff list answers at most this many, newest first. */
  listMax: 200,
} as const;

export const AnnouncementSeveritySchema = z.enum(['info', 'warning', 'critical']);
export type AnnouncementSeverity = z.infer<typeof AnnouncementSeveritySchema>;
/** Most severe first: the order the public list uses before recency. */
export const ANNOUNCEMENT_SEVERITIES: readonly AnnouncementSeverity[] = ['critical', 'warning', 'info'];

// Plain text: no control characters but line breaks (and tabs in the body).
const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s), 'must be one line of plain text (no control characters)');
const paragraphs = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(s.replace(/\r\n/g, '\n')), 'must be plain text (line breaks allowed, no other control characters)');

/**
 * What staff publish. `endsAt` must be in the future and at most 30 days ahead (checked by the
 * server against its clock); `startsAt` defaults to now and must be before `endsAt`.
 */
export const AnnouncementCreateSchema = z
  .strictObject({
    locale: LocaleSchema,
    severity: AnnouncementSeveritySchema,
    title: oneLine(ANNOUNCEMENT_LIMITS.titleMax),
    /** Plain text; line breaks are kept. */
    body: paragraphs(ANNOUNCEMENT_LIMITS.bodyMax),
    startsAt: InstantSchema.optional(),
    endsAt: InstantSchema,
    /** A knowledge-base category key: the case form shows the notice again when the customer picks it. */
    category: CategoryKeySchema.nullable().optional(),
  })
  .refine((a) => !a.startsAt || Date.parse(a.startsAt) < Date.parse(a.endsAt), { message: 'must be after startsAt', path: ['endsAt'] });
export type AnnouncementCreate = z.input<typeof AnnouncementCreateSchema>;
export type AnnouncementInput = z.output<typeof AnnouncementCreateSchema>;

export const AnnouncementParamsSchema = z.object({ id: IdSchema });
export const AnnouncementsQuerySchema = z.object({ locale: LocaleSchema });

/** What customers see (the public list). */
export const AnnouncementSchema = z.object({
  id: z.number().int(),
  locale: LocaleSchema,
  severity: AnnouncementSeveritySchema,
  title: z.string(),
  body: z.string(),
  category: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
});
export type Announcement = z.infer<typeof AnnouncementSchema>;
export const AnnouncementListSchema = z.object({ announcements: z.array(AnnouncementSchema) });
export type AnnouncementList = z.infer<typeof AnnouncementListSchema>;

/** What staff see: the same with its state, who published it and when it was withdrawn. */
export const StaffAnnouncementSchema = AnnouncementSchema.extend({
  /** `scheduled` (starts later), `active`, `ended` or `withdrawn`, at the time of the answer. */
  state: z.enum(['scheduled', 'active', 'ended', 'withdrawn']),
  withdrawnAt: z.string().nullable(),
  createdBy: z.object({ key: z.string(), name: z.string() }),
  createdAt: z.string(),
});
export type StaffAnnouncement = z.infer<typeof StaffAnnouncementSchema>;
export const StaffAnnouncementListSchema = z.object({ announcements: z.array(StaffAnnouncementSchema), truncated: z.boolean() });
export type StaffAnnouncementList = z.infer<typeof StaffAnnouncementListSchema>;
