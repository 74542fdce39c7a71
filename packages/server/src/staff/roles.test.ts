import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { AppError } from '../http/problem.js';
import type { StaffActor } from './actor.js';
import { requireRole, staffUserOf } from './roles.js';

/** A minimal app: a stand-in authentication sets the actor the `x-actor` header names. */
function app() {
  const actors: Record<string, StaffActor> = {
    agent: { kind: 'user', id: 1, name: 'Ana', role: 'agent' },
    admin: { kind: 'user', id: 2, name: 'Marta', role: 'admin' },
    token: { kind: 'token', id: 3, name: 'Script', role: 'admin' },
    agentToken: { kind: 'token', id: 4, name: 'Report', role: 'agent' },
  };
  const a = new Hono<AppEnv>();
  a.onError((err, c) => c.json((err as AppError).toProblem(), (err as AppError).status as 403));
  a.use('*', async (c, next) => {
    const actor = actors[c.req.header('x-actor') ?? ''];
    if (actor) c.set('staff', actor);
    await next();
  });
  a.get('/admin', requireRole('admin'), (c) => c.text('ok'));
  a.get('/agent', requireRole('agent'), (c) => c.text('ok'));
  a.get('/person', (c) => c.text(staffUserOf(c.get('staff')).name));
  return a;
}

describe('requireRole', () => {
  it('lets admins (people and admin tokens) through and answers 403 forbidden to agents (people and agent tokens)', async () => {
    const a = app();
    expect((await a.request('/admin', { headers: { 'x-actor': 'admin' } })).status).toBe(200);
    expect((await a.request('/admin', { headers: { 'x-actor': 'token' } })).status).toBe(200);
    const refused = await a.request('/admin', { headers: { 'x-actor': 'agent' } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ type: 'https://ayuda.dev/problems/forbidden', detail: 'This endpoint is for admins.' });
    expect((await a.request('/admin', { headers: { 'x-actor': 'agentToken' } })).status).toBe(403);
    expect((await a.request('/agent', { headers: { 'x-actor': 'agentToken' } })).status).toBe(200);
    // A higher role does what a lower one may.
    expect((await a.request('/agent', { headers: { 'x-actor': 'agent' } })).status).toBe(200);
    expect((await a.request('/agent', { headers: { 'x-actor': 'admin' } })).status).toBe(200);
  });

  it('refuses when no authentication ran before it', async () => {
    expect((await app().request('/admin')).status).toBe(403);
  });
});

describe('staffUserOf', () => {
  it('gives the person, and 403 forbidden for an API token', async () => {
    const a = app();
    expect(await (await a.request('/person', { headers: { 'x-actor': 'agent' } })).text()).toBe('Ana');
    const refused = await a.request('/person', { headers: { 'x-actor': 'token' } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).detail).toContain('needs a signed-in staff user');
  });
});
