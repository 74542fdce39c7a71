// Builds the HTTP application from its parts. No module-level state: tests give it their
// own database, clock and configuration.
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { getConnInfo } from '@hono/node-server/conninfo';
import { API_PREFIX, PROBLEM_TYPES } from '@ayuda/core';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { systemClock, type Clock } from './clock.js';
import { createLogger, type Logger } from './http/logger.js';
import type { AppEnv } from './http/env.js';
import { AppError, notFound } from './http/problem.js';
import { rateLimit } from './http/rate-limit.js';
import { KbService } from './kb/service.js';
import { kbRoutes } from './kb/routes.js';
import { AnalyticsService } from './analytics/service.js';
import { analyticsRoutes } from './analytics/routes.js';
import { StaffTokens } from './staff/tokens.js';
import { portalNotFound, portalRoutes } from './portal/routes.js';
import { staticFolder } from './site/static.js';
import { openApiDocument } from './openapi.js';
import { VERSION } from './version.js';

export interface AppDeps {
  db: Database;
  config: Config;
  clock?: Clock;
  logger?: Logger;
}

export interface AyudaApp {
  app: Hono<AppEnv>;
  kb: KbService;
  analytics: AnalyticsService;
  staffTokens: StaffTokens;
  /** Writes what is buffered (analytics). The database is the caller's to close. */
  close(): Promise<void>;
}

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'https:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
};

function clientIp(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

export function createApp(deps: AppDeps): AyudaApp {
  const { db, config } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const kb = new KbService({ db, clock });
  const analytics = new AnalyticsService({ db, clock, logger });
  const staffTokens = new StaffTokens({ db, clock });
  const staffOnly = staffTokens.middleware();
  const rateLimited = rateLimit({ limit: config.rateLimitPerMinute, windowMs: 60_000, clock, key: (c) => clientIp(c as Context<AppEnv>, config.trustProxy) });
  const publicOrigin = new URL(config.publicUrl).origin;
  const allowedOrigins = new Set([publicOrigin, ...config.corsOrigins]);

  const app = new Hono<AppEnv>();

  app.use(requestId({ headerName: 'X-Request-Id' }));
  app.use(async (c, next) => {
    const started = performance.now();
    c.set('logger', logger);
    await next();
    logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
      referrerPolicy: 'strict-origin-when-cross-origin',
      xFrameOptions: 'SAMEORIGIN',
      crossOriginResourcePolicy: false,
      crossOriginOpenerPolicy: 'same-origin',
      strictTransportSecurity: config.publicUrl.startsWith('https:') ? 'max-age=31536000; includeSubDomains' : false,
    }),
  );
  app.use(
    `${API_PREFIX}/*`,
    cors({
      origin: (origin) => (allowedOrigins.has(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key'],
      exposeHeaders: ['ETag', 'Retry-After', 'X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
      maxAge: 600,
    }),
  );
  app.use(
    bodyLimit({
      maxSize: config.bodyLimit,
      onError: () => {
        throw new AppError(413, PROBLEM_TYPES.payloadTooLarge, 'Payload too large', `The request body is larger than ${config.bodyLimit} bytes.`);
      },
    }),
  );

  app.get('/healthz', (c) => c.json({ status: 'ok', version: VERSION }));
  app.get('/readyz', async (c) => {
    try {
      await db.ping();
      await kb.revision();
      return c.json({ status: 'ok', version: VERSION });
    } catch (err) {
      logger.warn('readyz: database not ready', { error: String(err) });
      throw new AppError(503, PROBLEM_TYPES.notReady, 'Not ready', 'The database does not answer.');
    }
  });

  const api = new Hono<AppEnv>()
    .get('/openapi.json', (c) => c.json(openApiDocument(config.publicUrl + API_PREFIX, VERSION)))
    .route('/kb', kbRoutes({ kb, analytics }))
    .route('/analytics', analyticsRoutes({ analytics, staffOnly, rateLimited }));
  api.use('/kb/search', rateLimited);
  app.route(API_PREFIX, api);
  app.all(`${API_PREFIX}/*`, () => {
    throw notFound('No such API endpoint; see /api/v1/openapi.json.');
  });

  app.route('/', portalRoutes({ kb, analytics, config, rateLimited }));

  if (config.siteDir) {
    const site = staticFolder(config.siteDir);
    app.get('*', async (c, next) => (await site(c)) ?? next());
  }

  app.notFound((c) => {
    if (c.req.path.startsWith('/help/') || c.req.header('accept')?.includes('text/html')) {
      return portalNotFound(c, config);
    }
    const p = notFound().toProblem(c.req.path, c.get('requestId'));
    return c.body(JSON.stringify(p), 404, { 'Content-Type': 'application/problem+json' });
  });

  app.onError((err, c) => {
    const known = err instanceof AppError ? err : null;
    if (!known) logger.error('unhandled error', { requestId: c.get('requestId'), path: c.req.path, error: err.stack ?? String(err) });
    const e = known ?? new AppError(500, PROBLEM_TYPES.internal, 'Internal error', 'Something went wrong on our side; try again. If it keeps happening, quote the requestId.');
    for (const [k, v] of Object.entries(e.headers ?? {})) c.header(k, v);
    return c.body(JSON.stringify(e.toProblem(c.req.path, c.get('requestId'))), e.status as 400, { 'Content-Type': 'application/problem+json' });
  });

  return {
    app,
    kb,
    analytics,
    staffTokens,
    close: () => analytics.flush(),
  };
}
