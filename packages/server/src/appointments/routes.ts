// The appointments API: types and slots, booking (Idempotency-Key), the customer's private
// links (see, cancel, reschedule, answer a move proposal), and the staff endpoints the console
// uses (types, calendar, working time, absences, one appointment, proposals, cancellation).
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import {
  AbsenceInputSchema,
  AbsenceParamsSchema,
  AgentAvailabilityInputSchema,
  AgentParamsSchema,
  AppointmentCreateSchema,
  AppointmentRescheduleSchema,
  AppointmentTokenParamsSchema,
  AppointmentTypeInputSchema,
  AppointmentTypeParamsSchema,
  LocaleQuerySchema,
  MoveAnswerSchema,
  SlotsQuerySchema,
  StaffAppointmentParamsSchema,
  StaffCalendarQuerySchema,
  StaffCancelSchema,
  StaffMoveProposalSchema,
} from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { notFound, parseOrThrow, validationError } from '../http/problem.js';
import { readJson } from '../http/body.js';
import { requireIdempotencyKey } from '../http/idempotency.js';
import { respond } from '../http/respond.js';
import { staffGuards } from '../staff/http.js';
import { requireRole } from '../staff/roles.js';
import type { StaffActor } from '../staff/actor.js';
import type { MailAttachment } from '../mail/outbox.js';
import type { AppointmentRecord } from './ports.js';
import type { AppointmentService, SessionCustomer } from './service.js';

export interface AppointmentRouteDeps {
  appointments: AppointmentService;
  /** The signed-in customer of a request (the fast lane's login), or null. */
  customerOf: (c: Context) => Promise<SessionCustomer | null>;
  /** The staff member of a request (session cookie or staff token), or null: they see every slot with `reserved`. */
  staffOf: (c: Context<AppEnv>) => Promise<StaffActor | null>;
  rateLimited: MiddlewareHandler<AppEnv>;
  /** The appointment as an iCalendar file (the mail part's, METHOD:PUBLISH). */
  calendarFile: (a: AppointmentRecord, manageToken: string) => MailAttachment;
  /** Bookings per client IP (as case submissions). */
  perIp: MiddlewareHandler<AppEnv>;
}

/** A mail link's token; a malformed one is answered as a forged one, 404. */
const tokenOf = (c: Context) => {
  const r = AppointmentTokenParamsSchema.safeParse(c.req.param());
  if (!r.success) throw notFound('This link is not valid. Use the link of your latest mail about it.');
  return r.data.token;
};

const privateAnswer = (c: Context) => {
  c.header('Cache-Control', 'private, no-store');
  c.header('X-Robots-Tag', 'noindex');
  c.header('Referrer-Policy', 'no-referrer');
};

/** Mounted at /appointments. */
export function appointmentRoutes(deps: AppointmentRouteDeps) {
  const { appointments } = deps;
  return new Hono<AppEnv>()
    .get('/types', deps.rateLimited, async (c) => {
      const { locale } = parseOrThrow(LocaleQuerySchema, c.req.query(), 'query');
      c.header('Cache-Control', 'public, max-age=60');
      return respond(c, 'appointmentTypes', await appointments.types(locale));
    })
    .get('/slots', deps.rateLimited, async (c) => {
      const q = parseOrThrow(SlotsQuerySchema, c.req.query(), 'query');
      c.header('Cache-Control', 'private, no-store');
      const staff = await deps.staffOf(c);
      if (staff) return respond(c, 'appointmentSlots', await appointments.slots(q, { staff: true }));
      const lane = await appointments.laneOf(await deps.customerOf(c), q.case);
      return respond(c, 'appointmentSlots', await appointments.slots(q, { lane }));
    })
    .post('/', deps.perIp, async (c) => {
      const key = requireIdempotencyKey(c.req.header('idempotency-key'));
      const input = parseOrThrow(AppointmentCreateSchema, await readJson(c), 'body');
      if (input.website) throw validationError([{ field: 'body.website', message: 'leave this field empty' }], 422);
      const answer = await appointments.book(input, { idempotencyKey: key, customer: await deps.customerOf(c) });
      if (answer.replayed) c.header('Idempotent-Replayed', 'true');
      c.header('Cache-Control', 'no-store');
      return respond(c, 'bookAppointment', answer.body, 201);
    })
    .get('/manage/:token', deps.rateLimited, async (c) => {
      const token = tokenOf(c);
      privateAnswer(c);
      return respond(c, 'manageAppointment', await appointments.manage(token));
    })
    .get('/manage/:token/ics', deps.rateLimited, async (c) => {
      const token = tokenOf(c);
      const file = deps.calendarFile(await appointments.recordOfToken(token), token);
      privateAnswer(c);
      c.header('Content-Type', 'text/calendar; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${file.filename}"`);
      return c.body(new Uint8Array(file.content));
    })
    .post('/manage/:token/cancel', deps.rateLimited, async (c) => {
      const token = tokenOf(c);
      privateAnswer(c);
      return respond(c, 'cancelAppointment', await appointments.cancel(token));
    })
    .post('/manage/:token/reschedule', deps.rateLimited, async (c) => {
      const token = tokenOf(c);
      const input = parseOrThrow(AppointmentRescheduleSchema, await readJson(c), 'body');
      privateAnswer(c);
      return respond(c, 'rescheduleAppointment', await appointments.reschedule(token, input.start));
    })
    .get('/proposals/:token', deps.rateLimited, async (c) => {
      const token = tokenOf(c);
      privateAnswer(c);
      return respond(c, 'moveProposal', await appointments.proposal(token));
    })
    .post('/proposals/:token', deps.rateLimited, async (c) => {
      const token = tokenOf(c);
      const input = parseOrThrow(MoveAnswerSchema, await readJson(c), 'body');
      privateAnswer(c);
      return respond(c, 'answerMoveProposal', await appointments.answer(token, input));
    });
}

/** Mounted at /staff/appointment-agents: an agent's working time and absences. */
export function staffAppointmentAgentRoutes(deps: { appointments: AppointmentService; staffOnly: MiddlewareHandler<AppEnv> }) {
  const { appointments } = deps;
  const staff = staffGuards(deps.staffOnly);
  return new Hono<AppEnv>()
    .get('/:agentId', ...staff, async (c) => {
      const { agentId } = parseOrThrow(AgentParamsSchema, c.req.param(), 'params');
      return respond(c, 'staffAvailability', await appointments.availability(agentId));
    })
    .put('/:agentId', ...staff, async (c) => {
      const { agentId } = parseOrThrow(AgentParamsSchema, c.req.param(), 'params');
      const input = parseOrThrow(AgentAvailabilityInputSchema, await readJson(c), 'body');
      return respond(c, 'staffSaveAvailability', await appointments.saveAvailability(c.get('staff'), agentId, input));
    })
    .post('/:agentId/absences', ...staff, async (c) => {
      const { agentId } = parseOrThrow(AgentParamsSchema, c.req.param(), 'params');
      const input = parseOrThrow(AbsenceInputSchema, await readJson(c), 'body');
      return respond(c, 'staffAddAbsence', await appointments.addAbsence(c.get('staff'), agentId, input), 201);
    })
    .delete('/:agentId/absences/:id', ...staff, async (c) => {
      const { agentId, id: absenceId } = parseOrThrow(AbsenceParamsSchema, c.req.param(), 'params');
      await appointments.deleteAbsence(c.get('staff'), agentId, absenceId);
      return c.body(null, 204);
    });
}

/** Mounted at /staff/appointment-types (beside /staff/appointments, whose `{id}/…` paths would make `types/{key}` ambiguous). */
export function staffAppointmentTypeRoutes(deps: { appointments: AppointmentService; staffOnly: MiddlewareHandler<AppEnv> }) {
  const { appointments } = deps;
  const staff = staffGuards(deps.staffOnly);
  return new Hono<AppEnv>()
    .get('/', ...staff, async (c) => respond(c, 'staffAppointmentTypes', await appointments.staffTypes()))
    .put('/:key', ...staff, requireRole('admin'), async (c) => {
      const { key } = parseOrThrow(AppointmentTypeParamsSchema, c.req.param(), 'params');
      const input = parseOrThrow(AppointmentTypeInputSchema, await readJson(c), 'body');
      return respond(c, 'staffSaveAppointmentType', await appointments.saveType(key, input));
    });
}

/**
 * Mounted at /staff/appointments. Each route carries the staff guards (no router-wide `use`),
 * so the calendar feed's routes mounted beside it keep their own, and `GET /feed` is never read
 * as an appointment's id.
 */
export function staffAppointmentRoutes(deps: { appointments: AppointmentService; staffOnly: MiddlewareHandler<AppEnv> }) {
  const { appointments } = deps;
  const staff = staffGuards(deps.staffOnly);
  const id = (c: Context) => parseOrThrow(StaffAppointmentParamsSchema, c.req.param(), 'params').id;
  // `/feed` (the calendar feed, mounted beside) is not an appointment's id.
  const item = ':id{(?!feed$)[^/]+}';
  return new Hono<AppEnv>()
    .get('/calendar', ...staff, async (c) => {
      const q = parseOrThrow(StaffCalendarQuerySchema, c.req.query(), 'query');
      return respond(c, 'staffCalendar', await appointments.calendar(q));
    })
    .get(`/${item}`, ...staff, async (c) => respond(c, 'staffAppointment', await appointments.staffAppointment(id(c))))
    .post('/:id/proposals', ...staff, async (c) => {
      const appointmentId = id(c);
      const input = parseOrThrow(StaffMoveProposalSchema, await readJson(c), 'body');
      return respond(c, 'staffProposeMove', await appointments.propose(c.get('staff'), appointmentId, input), 201);
    })
    .post('/:id/cancel', ...staff, async (c) => {
      const appointmentId = id(c);
      const input = parseOrThrow(StaffCancelSchema, await readJson(c), 'body');
      return respond(c, 'staffCancelAppointment', await appointments.staffCancel(appointmentId, input.reason));
    });
}
