// `GET /staff/events`: the console's live updates as server-sent events, fed by the staff
// event bus. Each stream holds a short backlog; a client too slow to read it is ended and
// reconnects (and reloads what it shows), as it does when the bus loses the database's events.
// At each heartbeat the caller's session or token is checked again: a stream ends once its
// session is signed out (here or everywhere), its password changed, its account disabled or
// its token revoked, so nothing more reaches a console that should no longer see it.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../http/env.js';
import { databaseUnavailable } from '../http/unavailable.js';
import type { StaffEventBus, StaffEventEnvelope } from './bus.js';

export const LIVE_DEFAULTS = {
  /** A comment line this often keeps proxies from closing an idle stream; the caller's credentials are checked again as often. */
  heartbeatMs: 20_000,
  /** Events waiting for a slow client before its stream is ended. */
  backlog: 1_000,
  /** What EventSource waits before reconnecting (the `retry:` field). */
  retryMs: 3_000,
} as const;

export function staffEventRoutes(deps: {
  bus: StaffEventBus;
  staffOnly: MiddlewareHandler<AppEnv>;
  /** Whether the request's session or token still holds (staff/middleware.ts). */
  stillAllowed: (c: Context<AppEnv>) => Promise<boolean>;
  heartbeatMs?: number;
}) {
  const { bus } = deps;
  const heartbeatMs = deps.heartbeatMs ?? LIVE_DEFAULTS.heartbeatMs;
  const allowed = async (c: Context<AppEnv>): Promise<boolean> => {
    try {
      return await deps.stillAllowed(c);
    } catch (err) {
      // Unsure is no: the client reconnects, and is let in again if it still may.
      c.get('logger').warn('live: cannot check the stream’s credentials', { requestId: c.get('requestId'), error: String(err) });
      return false;
    }
  };
  return new Hono<AppEnv>()
    .use('*', deps.staffOnly)
    .use('*', async (c, next) => {
      await next();
      if (!c.res.headers.get('content-type')?.startsWith('text/event-stream')) return;
      // Set after the handler: streamSSE's own `no-cache` would win otherwise.
      c.header('Cache-Control', 'no-store');
      // Nginx and similar proxies would otherwise hold events back in their buffers.
      c.header('X-Accel-Buffering', 'no');
      // One stream per connection: when the stream ends (the server stops), so does the
      // connection, instead of idling in keep-alive and holding the server's shutdown.
      c.header('Connection', 'close');
    })
    .get('/', async (c) => {
      if (bus.closing) throw databaseUnavailable();
      try {
        await bus.ready();
      } catch (err) {
        c.get('logger').warn('live: cannot hear the database events', { requestId: c.get('requestId'), error: String(err) });
        throw databaseUnavailable();
      }
      const lastEventId = c.req.header('last-event-id');
      return streamSSE(c, async (stream) => {
        const pending: StaffEventEnvelope[] = lastEventId && lastEventId.length <= 100 ? bus.since(lastEventId) : [];
        let ended = false;
        let beat = false;
        let wake = () => {};
        const end = () => {
          ended = true;
          wake();
        };
        const unsubscribe = bus.subscribe({
          event: (e) => {
            if (pending.length >= LIVE_DEFAULTS.backlog) return end();
            pending.push(e);
            wake();
          },
          end,
        });
        stream.onAbort(end);
        const heartbeat = setInterval(() => {
          beat = true;
          wake();
        }, heartbeatMs);
        try {
          await stream.write(`retry: ${LIVE_DEFAULTS.retryMs}\n: connected\n\n`);
          while (!ended) {
            const e = pending.shift();
            if (e) await stream.writeSSE({ event: e.event, id: e.id, data: JSON.stringify(e.data) });
            else if (beat) {
              beat = false;
              if (!(await allowed(c))) break;
              await stream.write(': heartbeat\n\n');
            } else await new Promise<void>((resolve) => (wake = resolve));
          }
        } finally {
          clearInterval(heartbeat);
          unsubscribe();
        }
      });
    });
}
