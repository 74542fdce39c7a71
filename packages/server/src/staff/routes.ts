// The staff API for sign-in and accounts: sessions (password, mailed link, sign-out), passwords,
// the accounts themselves (admins), staff API tokens (admins) and the audit log (admins).
import { Hono, type Context } from 'hono';
import { AuditQuerySchema, StaffLinkRequestSchema, StaffLinkVerifySchema, StaffPasswordSchema, StaffSignInSchema, StaffUserCreateSchema, StaffUserParamsSchema, StaffUserPatchSchema, StaffTokenCreateSchema, StaffTokenParamsSchema, PROBLEM_TYPES } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { AppError, parseOrThrow } from '../http/problem.js';
import { readJson } from '../http/body.js';
import { respond } from '../http/respond.js';
import type { StaffAuth } from './service.js';
import type { AuditLog } from './audit.js';
import { adminOnly, type StaffGate } from './middleware.js';
import type { StaffTokens } from './tokens.js';

export function staffAuthRoutes(deps: { auth: StaffAuth; audit: AuditLog; gate: StaffGate; tokens: StaffTokens }) {
  const { auth, audit, gate, tokens } = deps;
  const admin = adminOnly();
  // Nothing about sessions and accounts may be kept by a cache.
  const noStore = async (c: Context, next: () => Promise<void>) => {
    await next();
    c.header('Cache-Control', 'no-store');
  };
  return new Hono<AppEnv>()
    .post('/session', noStore, async (c) => {
      const input = parseOrThrow(StaffSignInSchema, await readJson(c), 'body');
      const opened = await auth.signIn(input.email, input.password, gate.meta(c));
      gate.setSessionCookie(c, opened.token);
      return respond(c, 'staffSignIn', opened.session);
    })
    .get('/session', noStore, gate.sessionOnly, (c) => respond(c, 'staffSession', auth.describe(c.get('staffSession')!)))
    .delete('/session', noStore, async (c) => {
      // Signing out without a live session has nothing to end; its cookie goes all the same.
      const s = await gate.session(c);
      if (s) {
        gate.checkCsrf(c, s);
        await auth.signOut(s, gate.meta(c));
      }
      gate.clearSessionCookie(c);
      return c.body(null, 204);
    })
    .post('/session/revoke-all', noStore, gate.sessionOnly, async (c) => {
      await auth.signOutEverywhere(c.get('staffSession')!, gate.meta(c));
      gate.clearSessionCookie(c);
      return c.body(null, 204);
    })
    .post('/session/link', noStore, async (c) => {
      const input = parseOrThrow(StaffLinkRequestSchema, await readJson(c), 'body');
      await auth.requestLink(input.email, input.locale, gate.meta(c));
      return respond(c, 'staffRequestLink', { sent: true }, 202);
    })
    .post('/session/link/verify', noStore, async (c) => {
      const input = parseOrThrow(StaffLinkVerifySchema, await readJson(c), 'body');
      const opened = await auth.verifyLink(input.token, gate.meta(c));
      gate.setSessionCookie(c, opened.token);
      return respond(c, 'staffVerifyLink', opened.session);
    })
    .post('/password', noStore, async (c) => {
      const input = parseOrThrow(StaffPasswordSchema, await readJson(c), 'body');
      // A set-password link stands alone; anything else is the signed-in person's, with CSRF.
      const current = input.token === undefined ? await gate.session(c) : null;
      if (current) gate.checkCsrf(c, current);
      const opened = await auth.setPassword(input, current, gate.meta(c));
      gate.setSessionCookie(c, opened.token);
      return respond(c, 'staffSetPassword', opened.session);
    })
    .get('/users', noStore, gate.staffOnly, async (c) => respond(c, 'staffUsers', { users: await auth.listUsers(c.get('staff')) }))
    .post('/users', noStore, gate.staffOnly, admin, async (c) => {
      const input = parseOrThrow(StaffUserCreateSchema, await readJson(c), 'body');
      c.set('audit', false); // the service records it, with the new account's id
      return respond(c, 'staffCreateUser', await auth.createUser(input, c.get('staff'), gate.meta(c), { mail: true }), 201);
    })
    .patch('/users/:id', noStore, gate.staffOnly, admin, async (c) => {
      const { id } = parseOrThrow(StaffUserParamsSchema, c.req.param(), 'params');
      const input = parseOrThrow(StaffUserPatchSchema, await readJson(c), 'body');
      c.set('audit', false); // the service records what changed
      return respond(c, 'staffUpdateUser', await auth.updateUser(id, input, c.get('staff'), gate.meta(c)));
    })
    .post('/users/:id/password-link', noStore, gate.staffOnly, admin, async (c) => {
      const { id } = parseOrThrow(StaffUserParamsSchema, c.req.param(), 'params');
      c.set('audit', false); // the service records it
      await auth.sendPasswordLink(id, c.get('staff'), gate.meta(c));
      return respond(c, 'staffUserPasswordLink', { sent: true }, 202);
    })
    .get('/tokens', noStore, gate.staffOnly, admin, async (c) => respond(c, 'staffTokens', { tokens: await tokens.list() }))
    .post('/tokens', noStore, gate.staffOnly, admin, async (c) => {
      const input = parseOrThrow(StaffTokenCreateSchema, await readJson(c), 'body');
      c.set('audit', false); // the store records it, with the new token's id
      return respond(c, 'staffCreateToken', await tokens.create(input.name, input.role, { actor: c.get('staff'), ip: gate.meta(c).ip }), 201);
    })
    .delete('/tokens/:id', noStore, gate.staffOnly, admin, async (c) => {
      const { id } = parseOrThrow(StaffTokenParamsSchema, c.req.param(), 'params');
      c.set('audit', false); // the store records it
      if (!(await tokens.revoke(id, { actor: c.get('staff'), ip: gate.meta(c).ip }))) throw new AppError(404, PROBLEM_TYPES.notFound, 'Not found', `There is no active staff token ${id}.`);
      return c.body(null, 204);
    })
    .get('/audit', noStore, gate.staffOnly, admin, async (c) => {
      const q = parseOrThrow(AuditQuerySchema, c.req.query(), 'query');
      return respond(c, 'staffAudit', await audit.list(q));
    });
}
