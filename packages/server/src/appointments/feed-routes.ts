// The private calendar feeds over HTTP: the signed-in staff member's own feed (see, make anew,
// revoke: the session cookie alone, CSRF on changes, since a feed belongs to a person and not to
// an API token), and the public feed URL a calendar subscribes to.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { AppointmentTokenParamsSchema } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { notFound } from '../http/problem.js';
import { respond } from '../http/respond.js';
import type { AuditLog } from '../staff/audit.js';
import type { StaffGate } from '../staff/middleware.js';
import type { CalendarFeeds } from './feed.js';

export interface FeedRouteDeps {
  feeds: CalendarFeeds;
  gate: Pick<StaffGate, 'sessionOnly' | 'meta'>;
  audit: AuditLog;
  rateLimited: MiddlewareHandler;
}

/** Mounted at the API's root: `/staff/appointments/feed` and `/appointments/feed/{token}`. */
export function calendarFeedRoutes(deps: FeedRouteDeps) {
  const { feeds, gate, audit } = deps;
  // A feed's URL is a credential: no cache keeps an answer that shows or serves one.
  const noStore = async (c: Context, next: () => Promise<void>) => {
    await next();
    c.header('Cache-Control', 'no-store');
  };
  const userOf = (c: Context<AppEnv>) => c.get('staffSession')!.user;
  const record = (c: Context<AppEnv>, action: 'calendar_feed.renew' | 'calendar_feed.revoke') =>
    audit.record({ actor: c.get('staff'), action, target: `staff:${userOf(c).id}`, ip: gate.meta(c).ip });
  return new Hono<AppEnv>()
    .get('/staff/appointments/feed', noStore, gate.sessionOnly, async (c) => respond(c, 'staffCalendarFeed', await feeds.state(userOf(c).id)))
    .post('/staff/appointments/feed', noStore, gate.sessionOnly, async (c) => {
      const made = await feeds.renew(userOf(c).id);
      await record(c, 'calendar_feed.renew');
      return respond(c, 'staffRenewCalendarFeed', made, 201);
    })
    .delete('/staff/appointments/feed', noStore, gate.sessionOnly, async (c) => {
      if (await feeds.revoke(userOf(c).id)) await record(c, 'calendar_feed.revoke');
      return c.body(null, 204);
    })
    .get('/appointments/feed/:token', deps.rateLimited, async (c) => {
      // A malformed token is as unknown as a forged or revoked one: 404 alike, nothing told apart.
      const params = AppointmentTokenParamsSchema.safeParse(c.req.param());
      const body = params.success ? await feeds.calendar(params.data.token) : null;
      if (body === null) throw notFound('No calendar feed has this address: it was revoked or renewed, or never existed.');
      return c.body(body, 200, {
        'Content-Type': 'text/calendar; charset=utf-8',
        'Content-Disposition': 'inline; filename="appointments.ics"',
        'Cache-Control': 'private, no-store',
        'Referrer-Policy': 'no-referrer',
        'X-Robots-Tag': 'noindex',
      });
    });
}
