// "My requests" API for the signed-in customer (the fast lane's session: bearer or cookie), and
// the company's record of data requests for admins. JSON bodies only: a cross-site form cannot
// send one without CORS, which only the allowed origins pass.
import { Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { AccountDeletionSchema, DataRequestsQuerySchema, PROBLEM_TYPES } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { AppError, parseOrThrow } from '../http/problem.js';
import { readJson } from '../http/body.js';
import { respond } from '../http/respond.js';
import { requireRole } from '../staff/roles.js';
import { staffGuards } from '../staff/http.js';
import { LOGIN_DEFAULTS, type LoginService } from '../fastlane/login.js';
import type { AccountService } from './service.js';

/** Mounted at the API's root: `/account…` and `/staff/data-requests`. */
export function accountRoutes(deps: { account: AccountService; login: LoginService; rateLimited: MiddlewareHandler<AppEnv>; staffOnly: MiddlewareHandler<AppEnv> }) {
  const { account, login } = deps;
  const app = new Hono<AppEnv>();
  app.use('/account/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex, nofollow');
  });
  app.use('/account', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  return app
    .get('/account', deps.rateLimited, async (c) => respond(c, 'account', await account.overview(await login.requireCustomer(c))))
    .get('/account/export', deps.rateLimited, async (c) => {
      // The cookie goes with a request another site starts; a bearer token does not. An export
      // by cookie is for this site's own pages (the widget on another site sends its token).
      if (!/^Bearer\s/i.test(c.req.header('authorization') ?? '') && c.req.header('sec-fetch-site') === 'cross-site') {
        throw new AppError(403, PROBLEM_TYPES.forbidden, 'Forbidden', 'An export signed in by cookie is only for this site’s own pages; send the session as a bearer token.');
      }
      const out = await account.export(await login.requireCustomer(c));
      c.header('Content-Type', 'application/zip');
      c.header('Content-Disposition', `attachment; filename="${out.filename}"`);
      c.header('Content-Security-Policy', "default-src 'none'; sandbox");
      return c.body(out.zip as Uint8Array<ArrayBuffer>);
    })
    .post('/account/deletion', deps.rateLimited, async (c) => {
      const customer = await login.requireCustomer(c);
      const input = parseOrThrow(AccountDeletionSchema, await readJson(c), 'body');
      const done = await account.delete(customer, input.confirmEmail, input.locale);
      deleteCookie(c, LOGIN_DEFAULTS.cookie, { path: '/' });
      return respond(c, 'accountDeletion', done);
    })
    .get('/staff/data-requests', ...staffGuards(deps.staffOnly), requireRole('admin'), async (c) => {
      const q = parseOrThrow(DataRequestsQuerySchema, c.req.query(), 'query');
      return respond(c, 'staffDataRequests', await account.requests(q.limit));
    });
}
