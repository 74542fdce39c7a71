// Live search: the search API over one WebSocket per widget (`GET /api/v1/kb/search/live`).
// A widget over a large knowledge base asks the server on every keystroke; in a browser a fetch
// costs several milliseconds of its own (a request set up, sent and read through the network
// process) before the server sees it, often more than the search. A message on an open socket
// costs a fraction of that. Each message is one search, answered with the status and body
// `GET /api/v1/kb/search` would have given: the same validation, rate limit and ranking.
// Served beside Hono, on the HTTP server's `upgrade` event (server.ts), like Stripe's webhook.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { LIVE_SEARCH_PATH, LiveSearchRequestSchema, PROBLEM_TYPES, type LiveSearchReply, type Locale, type Problem, type SearchResponse } from '@ayuda/core';
import type { Logger } from '../http/logger.js';
import type { RequestRecorder } from '../metrics/recorder.js';
import { apiErrorAnswer } from '../http/error-answer.js';
import { AppError, check, fieldErrors, validationError } from '../http/problem.js';
import type { RateLimitState } from '../http/rate-limit.js';
import { checkAnswer } from '../http/respond.js';

/** The largest message taken (a query is at most 200 characters); a larger one closes the socket (1009). */
export const LIVE_SEARCH_MAX_MESSAGE_BYTES = 2048;
/** A socket that sends nothing for this long is closed (1000); the widget opens another when it next searches. */
export const LIVE_SEARCH_IDLE_MS = 5 * 60_000;

export interface LiveSearchDeps {
  search(locale: Locale, q: string, limit: number): Promise<Omit<SearchResponse, 'query' | 'locale'>>;
  /** Counts one search of `ip` against the search API's limit (the same counter as `GET /kb/search`). */
  countSearch(ip: string): Promise<RateLimitState>;
  /** Counts the opening of a socket against the general per-IP limit, as one request. */
  countRequest(ip: string): Promise<RateLimitState>;
  /** The client's address (behind trusted proxies, as every route reads it). */
  ipOf(req: IncomingMessage): string;
  /** Whether a page of `origin` may search: the public URL's and the configured CORS origins. */
  allowedOrigin(origin: string): boolean;
  /** Resolves once the settings saved in the console are in effect (as every Hono route waits for). */
  ready(): Promise<void>;
  draining(): boolean;
  checkAnswers: boolean;
  logger: Logger;
  metrics: RequestRecorder;
}

export interface LiveSearch {
  /** The HTTP server's `upgrade` listener: takes live search's path, refuses everything else. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every open socket (1001, going away): the server is shutting down. */
  closeAll(): void;
}

/** The status line of each refusal of an upgrade. */
const STATUS_TEXT: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };

export function liveSearch(deps: LiveSearchDeps): LiveSearch {
  // perMessageDeflate off: answers are a few kilobytes, and compressing each costs more time than it saves on the wire.
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIVE_SEARCH_MAX_MESSAGE_BYTES, perMessageDeflate: false, clientTracking: true });

  /** Answers an upgrade with the problem an HTTP request would get, and closes the connection. */
  const refuse = (socket: Duplex, err: unknown) => {
    const a = apiErrorAnswer(err, LIVE_SEARCH_PATH, undefined, deps.logger);
    const headers = { 'Content-Type': 'application/problem+json', 'Content-Length': String(Buffer.byteLength(a.body)), Connection: 'close', ...a.headers };
    socket.end(`HTTP/1.1 ${a.status} ${STATUS_TEXT[a.status] ?? 'Error'}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${a.body}`);
  };

  const open = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = req.url!.split('?')[0];
    if (path !== LIVE_SEARCH_PATH) return refuse(socket, new AppError(404, PROBLEM_TYPES.notFound, 'Not found', 'Only live search (GET /api/v1/kb/search/live) takes a WebSocket.'));
    if (deps.draining()) return refuse(socket, new AppError(503, PROBLEM_TYPES.notReady, 'Not ready', 'The server is shutting down.', undefined, { 'Retry-After': '1' }));
    await deps.ready();
    // Browsers send the page's origin with every WebSocket and do not apply CORS to it: the
    // origins CORS allows are checked here (a page of the server's own origin included).
    const origin = req.headers.origin;
    const own = origin !== undefined && [`http://${req.headers.host}`, `https://${req.headers.host}`].includes(origin);
    if (origin !== undefined && !own && !deps.allowedOrigin(origin)) return refuse(socket, new AppError(403, PROBLEM_TYPES.forbidden, 'Forbidden', `Pages of ${origin} may not search this server; add the origin to AYUDA_CORS_ORIGINS.`));
    const ip = deps.ipOf(req);
    const opened = await deps.countRequest(ip);
    if (opened.exceeded) return refuse(socket, new AppError(429, PROBLEM_TYPES.rateLimited, 'Too many requests', `Try again in ${opened.resetS} seconds.`, undefined, { 'Retry-After': String(Math.max(1, opened.resetS)) }));
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, ip));
  };

  const serve = (ws: WebSocket, ip: string) => {
    let idle: NodeJS.Timeout;
    const awake = () => {
      clearTimeout(idle);
      idle = setTimeout(() => ws.close(1000, 'idle'), LIVE_SEARCH_IDLE_MS);
      idle.unref();
    };
    awake();
    ws.on('close', () => clearTimeout(idle));
    ws.on('error', (err) => deps.logger.info('live search: socket error', { error: String(err) }));
    ws.on('message', (data, isBinary) => {
      awake();
      void answer(data, isBinary, ip).then((reply) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
      });
    });
  };

  const answer = async (data: RawData, isBinary: boolean, ip: string): Promise<LiveSearchReply> => {
    const started = performance.now();
    let id: number | null = null;
    let reply: LiveSearchReply;
    try {
      let message: unknown;
      try {
        message = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        /* not JSON: refused below */
      }
      if (message === null || typeof message !== 'object' || Array.isArray(message)) throw validationError([{ field: 'message', message: 'a JSON object: {"id", "q", "locale", "limit"}' }], 400, 'A message is one search as a JSON object.');
      const given = (message as { id?: unknown }).id;
      if (Number.isSafeInteger(given) && (given as number) >= 0) id = given as number;
      const r = check(LiveSearchRequestSchema, message);
      if (!r.success) throw validationError(fieldErrors(r.issues, 'message'));
      const limited = await deps.countSearch(ip);
      if (limited.exceeded) throw new AppError(429, PROBLEM_TYPES.rateLimited, 'Too many requests', `Try again in ${limited.resetS} seconds.`, undefined, { 'Retry-After': String(Math.max(1, limited.resetS)) });
      const q = r.data;
      const found = await deps.search(q.locale, q.q, q.limit);
      const body: SearchResponse = { query: q.q, locale: q.locale, total: found.total, results: found.results, ...(found.suggestion ? { suggestion: found.suggestion } : {}) };
      if (deps.checkAnswers) checkAnswer('search', 200, body);
      reply = { id: id!, status: 200, body };
    } catch (err) {
      const a = apiErrorAnswer(err, LIVE_SEARCH_PATH, undefined, deps.logger);
      const retryAfter = Number(a.headers['Retry-After']);
      reply = { id, status: a.status, body: JSON.parse(a.body) as Problem, ...(retryAfter ? { retryAfter } : {}) };
    }
    deps.metrics.record('WS', LIVE_SEARCH_PATH, reply.status, (performance.now() - started) / 1000);
    return reply;
  };

  return {
    upgrade(req, socket, head) {
      // A client gone before its answer (the socket errors) is no concern of the server's.
      socket.on('error', () => undefined);
      open(req, socket, head).catch((err: unknown) => refuse(socket, err));
    },
    closeAll() {
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      // A client that does not answer the close within a second is cut off: the shutdown has 10 s in all.
      setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, 1000).unref();
    },
  };
}
