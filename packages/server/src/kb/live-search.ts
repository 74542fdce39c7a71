// Live search: the search API over one WebSocket per widget (`GET /api/v1/kb/search/live`).
// A widget over a large knowledge base asks the server on every keystroke; in a browser a fetch
// costs several milliseconds of its own (a request set up, sent and read through the network
// process) before the server sees it, often more than the search. A message on an open socket
// costs a fraction of that. Each message is one search, answered with the status and body
// `GET /api/v1/kb/search` would have given: the same validation, rate limit and ranking.
// Served beside Hono, on the HTTP server's `upgrade` event (server.ts), like Stripe's webhook.
import { ServerResponse, type IncomingMessage, type RequestListener } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { LIVE_SEARCH_PATH, LiveSearchRequestSchema, PROBLEM_TYPES, type LiveSearchReply, type Locale, type Problem, type SearchResponse } from '@ayuda/core';
import type { Logger } from '../http/logger.js';
import type { RequestRecorder } from '../metrics/recorder.js';
import { apiErrorAnswer } from '../http/error-answer.js';
import { AppError, check, fieldErrors, validationError } from '../http/problem.js';
import { tooManyRequests, type RateLimitState } from '../http/rate-limit.js';
import { checkAnswer } from '../http/respond.js';

/** The largest message taken (a query is at most 200 characters); a larger one closes the socket (1009). */
export const LIVE_SEARCH_MAX_MESSAGE_BYTES = 2048;
/** A socket that sends nothing for this long is closed (1000); the widget opens another when it next searches. */
export const LIVE_SEARCH_IDLE_MS = 5 * 60_000;
/**
 * Searches of one socket answered at once: a widget has one or two in flight (a keystroke's,
 * while the next is typed). A client that sends more without waiting is closed (1008).
 */
export const LIVE_SEARCH_MAX_IN_FLIGHT = 8;
/** Replies a client has not read, in bytes: past this the socket is cut (it reads too slowly, or not at all). */
export const LIVE_SEARCH_MAX_UNREAD_BYTES = 256 * 1024;
/** Open sockets per client IP, per process (a page needs one; many customers may share an IP). */
export const LIVE_SEARCH_MAX_SOCKETS_PER_IP = 64;
/** Open sockets per process; past it new ones are refused with 503 (widgets search over HTTP then). */
export const LIVE_SEARCH_MAX_SOCKETS = 10_000;

export interface LiveSearchDeps {
  /** The search API's answer (KbService.searchResponse). */
  search(locale: Locale, q: string, limit: number): Promise<SearchResponse>;
  /**
   * Counts one hit of `ip` against the search API's limit (the counter `GET /kb/search` uses):
   * each message, and the opening of a socket.
   */
  countSearch(ip: string): Promise<RateLimitState>;
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
  /**
   * The HTTP server's `upgrade` listener: takes WebSocket upgrades of live search's path, and
   * gives every other request that asks for an upgrade (`Upgrade: h2c`, say) to `http`, the
   * server's request listener, as if it had not asked.
   */
  upgrade(http: RequestListener): (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /**
   * The server is shutting down: no new socket opens, each open one is closed (1001, going
   * away) once the searches it has in flight are answered, and after a second whatever is
   * left (sockets, handshakes under way) is cut.
   */
  closeAll(): void;
}

/** The status line of each refusal of an upgrade. */
const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };

const tooMany = (s: RateLimitState) => tooManyRequests(`Try again in ${s.resetS} seconds.`, s.resetS);
const shuttingDown = () => new AppError(503, PROBLEM_TYPES.notReady, 'Not ready', 'The server is shutting down.', undefined, { 'Retry-After': '1' });

export function liveSearch(deps: LiveSearchDeps): LiveSearch {
  // perMessageDeflate off: answers are a few kilobytes, and compressing each costs more time than it saves on the wire.
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIVE_SEARCH_MAX_MESSAGE_BYTES, perMessageDeflate: false, clientTracking: false });
  /** Open sockets and the searches each has in flight. */
  const sockets = new Map<WebSocket, { ip: string; inFlight: number }>();
  const perIp = new Map<string, number>();
  /** Connections whose handshake is under way (waiting for the settings or the rate limit). */
  const handshakes = new Set<Duplex>();
  let closing = false;

  /** Answers an upgrade with the problem an HTTP request would get, and closes the connection. */
  const refuse = (socket: Duplex, err: unknown) => {
    const a = apiErrorAnswer(err, LIVE_SEARCH_PATH, undefined, deps.logger);
    const headers = { 'Content-Type': 'application/problem+json', 'Content-Length': String(Buffer.byteLength(a.body)), Connection: 'close', ...a.headers };
    socket.end(`HTTP/1.1 ${a.status} ${STATUS_TEXT[a.status] ?? 'Error'}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${a.body}`);
  };

  const open = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (closing || deps.draining()) return refuse(socket, shuttingDown());
    await deps.ready();
    // Browsers send the page's origin with every WebSocket and do not apply CORS to it: the
    // origins CORS allows are checked here (a page of the server's own origin included).
    const origin = req.headers.origin;
    const own = origin !== undefined && [`http://${req.headers.host}`, `https://${req.headers.host}`].includes(origin);
    if (origin !== undefined && !own && !deps.allowedOrigin(origin)) return refuse(socket, new AppError(403, PROBLEM_TYPES.forbidden, 'Forbidden', `Pages of ${origin} may not search this server; add the origin to AYUDA_CORS_ORIGINS.`));
    const ip = deps.ipOf(req);
    const counted = await deps.countSearch(ip);
    if (counted.exceeded) return refuse(socket, tooMany(counted));
    if ((perIp.get(ip) ?? 0) >= LIVE_SEARCH_MAX_SOCKETS_PER_IP) return refuse(socket, new AppError(429, PROBLEM_TYPES.rateLimited, 'Too many requests', `At most ${LIVE_SEARCH_MAX_SOCKETS_PER_IP} live searches may be open from one address; close one.`, undefined, { 'Retry-After': '60' }));
    if (sockets.size >= LIVE_SEARCH_MAX_SOCKETS) return refuse(socket, new AppError(503, PROBLEM_TYPES.notReady, 'Not ready', 'Too many live searches are open; search over GET /api/v1/kb/search.', undefined, { 'Retry-After': '60' }));
    if (closing || deps.draining()) return refuse(socket, shuttingDown());
    handshakes.delete(socket);
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, ip));
  };

  const serve = (ws: WebSocket, ip: string) => {
    const state = { ip, inFlight: 0 };
    sockets.set(ws, state);
    perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
    let idle: NodeJS.Timeout;
    const awake = () => {
      clearTimeout(idle);
      idle = setTimeout(() => ws.close(1000, 'idle'), LIVE_SEARCH_IDLE_MS);
      idle.unref();
    };
    awake();
    ws.on('close', () => {
      clearTimeout(idle);
      sockets.delete(ws);
      const n = (perIp.get(ip) ?? 1) - 1;
      if (n) perIp.set(ip, n);
      else perIp.delete(ip);
    });
    ws.on('error', (err) => deps.logger.info('live search: socket error', { error: String(err) }));
    ws.on('message', (data, isBinary) => {
      if (++state.inFlight > LIVE_SEARCH_MAX_IN_FLIGHT) return ws.close(1008, `at most ${LIVE_SEARCH_MAX_IN_FLIGHT} searches in flight`);
      awake();
      void answer(data, isBinary, ip).then((reply) => {
        state.inFlight--;
        if (ws.readyState !== ws.OPEN) return;
        ws.send(JSON.stringify(reply));
        if (ws.bufferedAmount > LIVE_SEARCH_MAX_UNREAD_BYTES) ws.terminate();
        else if (closing && !state.inFlight) ws.close(1001, 'server shutting down');
      });
    });
    if (closing) ws.close(1001, 'server shutting down');
  };

  const answer = async (data: RawData, isBinary: boolean, ip: string): Promise<LiveSearchReply> => {
    const started = performance.now();
    let id: number | null = null;
    let reply: LiveSearchReply;
    try {
      // Every message counts, valid or not, as every request to GET /kb/search does.
      const counted = await deps.countSearch(ip);
      let message: unknown;
      try {
        message = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        /* not JSON: refused below */
      }
      const given = (message as { id?: unknown } | null)?.id;
      if (Number.isSafeInteger(given) && (given as number) >= 0) id = given as number;
      if (counted.exceeded) throw tooMany(counted);
      if (message === null || typeof message !== 'object' || Array.isArray(message)) throw validationError([{ field: 'message', message: 'a JSON object: {"id", "q", "locale", "limit"}' }], 400, 'A message is one search as a JSON object.');
      const r = check(LiveSearchRequestSchema, message);
      if (!r.success) throw validationError(fieldErrors(r.issues, 'message'));
      const q = r.data;
      const body = await deps.search(q.locale, q.q, q.limit);
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
    upgrade: (http) => (req, socket, head) => {
      const path = req.url!.split('?')[0];
      if (path !== LIVE_SEARCH_PATH || req.headers.upgrade?.toLowerCase() !== 'websocket') return asHttp(http, req, socket);
      // A client gone before its answer (the socket errors) is no concern of the server's.
      socket.on('error', () => undefined);
      handshakes.add(socket);
      socket.once('close', () => handshakes.delete(socket));
      open(req, socket, head).catch((err: unknown) => refuse(socket, err));
    },
    closeAll() {
      closing = true;
      for (const [ws, state] of sockets) if (!state.inFlight) ws.close(1001, 'server shutting down');
      // What did not end within a second is cut off: the shutdown has 10 s in all.
      setTimeout(() => {
        for (const ws of sockets.keys()) ws.terminate();
        for (const socket of handshakes) socket.destroy();
      }, 1000).unref();
    },
  };
}

/**
 * Serves a request that asked for an upgrade live search does not take as the plain request it
 * also is (RFC 9110 lets a server ignore `Upgrade`). Node hands every such request to the
 * `upgrade` listener once there is one, after its parser let go of the connection, so the
 * answer is written on the socket directly and the connection closes after it. A request with
 * a body cannot be read from there any more: it is refused (400) rather than misread.
 */
function asHttp(http: RequestListener, req: IncomingMessage, socket: Duplex): void {
  socket.on('error', () => undefined);
  const length = req.headers['content-length'];
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket as Socket);
  res.on('finish', () => {
    res.detachSocket(socket as Socket);
    socket.end();
  });
  if (req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')) {
    const body = JSON.stringify(new AppError(400, PROBLEM_TYPES.validation, 'Invalid request', 'A request with a body cannot ask for a protocol upgrade here; send it without the Upgrade header.').toProblem(req.url!.split('?')[0]));
    res.writeHead(400, { 'Content-Type': 'application/problem+json', 'Content-Length': Buffer.byteLength(body) }).end(body);
    return;
  }
  // The parser is gone: the request has no more body to give (it had none), so it is ended here.
  req.push(null);
  void http(req, res);
}
