// What a staff actor may do: admin-only endpoints, and work that belongs to a person (time,
// opportunities), which a script's API token cannot do.
import type { MiddlewareHandler } from 'hono';
import { PROBLEM_TYPES } from '@ayuda/core';
import { AppError } from '../http/problem.js';
import type { AppEnv } from '../http/env.js';
import type { StaffActor, StaffRole } from './actor.js';

export const forbidden = (detail: string) => new AppError(403, PROBLEM_TYPES.forbidden, 'Forbidden', detail);

const RANK: Record<StaffRole, number> = { agent: 1, admin: 2 };

/** Middleware, after the staff authentication: 403 problem unless the actor has `role` or a higher one (an API token acts with the role it was made with). */
export function requireRole(role: StaffRole): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const staff = c.get('staff');
    if (!staff || RANK[staff.role] < RANK[role]) throw forbidden(`This endpoint is for ${role}s.`);
    await next();
  };
}

/** The staff user acting, for work recorded as a person's (their time, their opportunities); 403 problem for an API token. */
export function staffUserOf(actor: StaffActor): StaffActor & { kind: 'user' } {
  if (actor.kind !== 'user') throw forbidden('This endpoint needs a signed-in staff user: time and opportunities are recorded as a person’s, and a staff API token is no person.');
  return actor as StaffActor & { kind: 'user' };
}
