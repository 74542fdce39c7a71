// The announcements API: the public list of active ones for a locale, and the staff endpoints
// to publish, list and withdraw them (agents and admins; every change audited).
import { Hono, type MiddlewareHandler } from 'hono';
import { createHash } from 'node:crypto';
import { AnnouncementCreateSchema, AnnouncementParamsSchema, AnnouncementsQuerySchema } from '@ayuda/core';
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
      const list = await announcements.active(locale);
      // Stored but revalidated at every use: a notice published or withdrawn shows at once,
      // and an unchanged list costs a 304.
      const etag = `W/"${createHash('sha1').update(JSON.stringify(list)).digest('base64url').slice(0, 20)}"`;
      c.header('Cache-Control', 'public, no-cache');
      c.header('ETag', etag);
      c.header('Vary', 'Origin');
      const inm = c.req.header('if-none-match');
      if (inm && inm.split(',').some((t) => t.trim() === etag)) return c.body(null, 304);
      return respond(c, 'announcements', { announcements: list });
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
