// The announcements API: the public list of active ones for a locale, and the staff endpoints
// to publish, list and withdraw them (agents and admins; every change audited).
import { Hono, type MiddlewareHandler } from 'hono';
import { ANNOUNCEMENT_LIMITS, AnnouncementCreateSchema, AnnouncementParamsSchema, AnnouncementsQuerySchema } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { parseOrThrow } from '../http/problem.js';
import { readJson } from '../http/body.js';
import { respond } from '../http/respond.js';
import { staffGuards } from '../staff/http.js';
import type { AnnouncementService } from './service.js';

/** Mounted at the API's root: `/announcements` and `/staff/announcements`. */
export function announcementRoutes(deps: { announcements: AnnouncementService; staffOnly: MiddlewareHandler<AppEnv>; rateLimited: MiddlewareHandler }) {
  const { announcements } = deps;
  const staff = staffGuards(deps.staffOnly);
  return new Hono<AppEnv>()
    .get('/announcements', deps.rateLimited, async (c) => {
      const { locale } = parseOrThrow(AnnouncementsQuerySchema, c.req.query(), 'query');
      // Briefly cacheable: a new notice or a withdrawal reaches every customer within half a minute.
      c.header('Cache-Control', `public, max-age=${ANNOUNCEMENT_LIMITS.publicMaxAgeS}`);
      c.header('Vary', 'Origin');
      return respond(c, 'announcements', { announcements: await announcements.active(locale) });
    })
    .get('/staff/announcements', ...staff, async (c) => respond(c, 'staffAnnouncements', await announcements.list()))
    .post('/staff/announcements', ...staff, async (c) => {
      const input = parseOrThrow(AnnouncementCreateSchema, await readJson(c), 'body');
      const created = await announcements.create(c.get('staff'), input);
      c.set('audit', { action: 'announcement.create', target: `announcement:${created.id}` });
      return respond(c, 'staffCreateAnnouncement', created, 201);
    })
    .post('/staff/announcements/:id/withdraw', ...staff, async (c) => {
      const { id } = parseOrThrow(AnnouncementParamsSchema, c.req.param(), 'params');
      return respond(c, 'staffWithdrawAnnouncement', await announcements.withdraw(id));
    });
}
