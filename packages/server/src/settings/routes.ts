// The staff settings API (admins): each section's value in effect and where it comes from,
// changes guarded by If-Match, reset to the start value, history and restore. The staff gate
// writes every change to the audit log.
import { Hono, type MiddlewareHandler } from 'hono';
import { HolidayCountriesQuerySchema, PublicHolidaysQuerySchema, SettingsRevisionParamsSchema, SettingsSectionParamsSchema } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { parseOrThrow } from '../http/problem.js';
import { readJson } from '../http/body.js';
import { respond } from '../http/respond.js';
import { requireRole } from '../staff/roles.js';
import { staffGuards } from '../staff/http.js';
import { parseIfMatch, type SettingsService } from './service.js';
import { holidayCountries, publicHolidays } from './holidays.js';

/** Mounted at /staff/settings. */
export function settingsRoutes(deps: { settings: SettingsService; staffOnly: MiddlewareHandler<AppEnv> }) {
  const { settings } = deps;
  const admin = [...staffGuards(deps.staffOnly), requireRole('admin')] as const;
  const sectionOf = (p: Record<string, string>) => parseOrThrow(SettingsSectionParamsSchema, p, 'params').section;
  return new Hono<AppEnv>()
    .get('/', ...admin, (c) => respond(c, 'staffSettings', { sections: settings.list() }))
    .get('/:section', ...admin, (c) => respond(c, 'staffSettingsSection', settings.view(sectionOf(c.req.param()))))
    .put('/:section', ...admin, async (c) => {
      const section = sectionOf(c.req.param());
      const ifMatch = parseIfMatch(c.req.header('if-match'));
      const saved = await settings.update(section, await readJson(c), ifMatch, c.get('staff'));
      c.set('audit', { action: 'settings.change', target: `settings:${section}`, data: { version: saved.version } });
      return respond(c, 'staffSettingsUpdate', saved);
    })
    .delete('/:section', ...admin, async (c) => {
      const section = sectionOf(c.req.param());
      const saved = await settings.reset(section, parseIfMatch(c.req.header('if-match')), c.get('staff'));
      c.set('audit', { action: 'settings.reset', target: `settings:${section}`, data: { version: saved.version } });
      return respond(c, 'staffSettingsReset', saved);
    })
    .get('/:section/revisions', ...admin, async (c) => respond(c, 'staffSettingsRevisions', { revisions: await settings.revisions(sectionOf(c.req.param())) }))
    .post('/:section/revisions/:id/restore', ...admin, async (c) => {
      const { section, id } = parseOrThrow(SettingsRevisionParamsSchema, c.req.param(), 'params');
      const saved = await settings.restore(section, id, parseIfMatch(c.req.header('if-match')), c.get('staff'));
      c.set('audit', { action: 'settings.restore', target: `settings:${section}`, data: { version: saved.version, revision: id } });
      return respond(c, 'staffSettingsRestore', saved);
    });
}

/** Mounted at /staff/holidays: public holidays to import into the business hours. */
export function holidayRoutes(deps: { staffOnly: MiddlewareHandler<AppEnv> }) {
  const admin = [...staffGuards(deps.staffOnly), requireRole('admin')] as const;
  return new Hono<AppEnv>()
    .get('/countries', ...admin, (c) => respond(c, 'staffHolidayCountries', holidayCountries(parseOrThrow(HolidayCountriesQuerySchema, c.req.query(), 'query').locale)))
    .get('/', ...admin, (c) => respond(c, 'staffPublicHolidays', publicHolidays(parseOrThrow(PublicHolidaysQuerySchema, c.req.query(), 'query'))));
}
