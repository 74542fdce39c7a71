// Live updates for the console: the events of `GET /staff/events` (server-sent events) and
// the presence a staff member announces on a case.
import { z } from 'zod';

/** What changed on a case. */
export const CASE_CHANGES = ['created', 'customer_replied', 'staff_replied', 'note_added', 'status', 'lane', 'assignee', 'category'] as const;
export const CaseChangeSchema = z.enum(CASE_CHANGES);
export type CaseChange = z.infer<typeof CaseChangeSchema>;

/** `event: case`: a case changed; fetch it (or the queue) again to see how. */
export const CaseEventSchema = z.object({
  reference: z.string(),
  change: CaseChangeSchema,
  /** Who changed it: `user:<id>` (a staff user), `staff:<id>` (an API token), `customer` or `system`. */
  by: z.string(),
  at: z.string(),
});
export type CaseEvent = z.infer<typeof CaseEventSchema>;

export const PRESENCE_STATES = ['viewing', 'typing', 'left'] as const;
export const PresenceStateSchema = z.enum(PRESENCE_STATES);
export type PresenceState = z.infer<typeof PresenceStateSchema>;

/** How long a viewer who says nothing more still counts as viewing; announce again well within it. */
export const PRESENCE_TTL_MS = 60_000;

/** `event: presence`: a staff member is viewing or typing in a case, or left it. Not stored. */
export const PresenceEventSchema = z.object({
  reference: z.string(),
  user: z.object({ id: z.number().int(), name: z.string() }),
  /** The same person as `user`, as history names them (`user:<id>`, or `staff:<id>` for a script's token). */
  by: z.string(),
  state: PresenceStateSchema,
  at: z.string(),
});
export type PresenceEvent = z.infer<typeof PresenceEventSchema>;

export const PresenceSchema = z.object({ state: PresenceStateSchema });

/** The server-sent events of `GET /staff/events`, by event name. */
export const STAFF_EVENTS = { case: CaseEventSchema, presence: PresenceEventSchema } as const;
export type StaffEventName = keyof typeof STAFF_EVENTS;
