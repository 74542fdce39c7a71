// Live search (`GET /api/v1/kb/search/live` as a WebSocket): searches as the customer types over
// one open socket, which in a browser answers in a fraction of a fetch's own cost. Anything that
// keeps it from answering (no WebSocket in this runtime, a proxy or a Content-Security-Policy
// that refuses it, a socket closed or silent) answers null, and the caller asks over HTTP.
import type { LiveSearchReply, SearchResponse } from '@ayuda/core';
import { AyudaApiError } from './http.js';

/** A reply later than this is not waited for: the search goes over HTTP, and the socket is dropped. */
const REPLY_TIMEOUT_MS = 3000;

export interface LiveSearchQuery {
  q: string;
  locale: 'es' | 'en';
  limit?: number;
}

/** A socket and the searches waiting for its replies. */
interface Socket {
  ws: WebSocket;
  waiting: Map<number, (reply: LiveSearchReply | null) => void>;
  /** Gives up on it: the searches waiting answer null (for HTTP), and the next search opens another. */
  end(): void;
}

export class LiveSearch {
  readonly url: string;
  #socket: Promise<Socket | null> | null = null;
  /** Set once a socket could not open: this page searches over HTTP from then on. */
  #off = typeof WebSocket === 'undefined';
  #next = 0;

  /** `url`: the server's live search address (`ws:` or `wss:`). */
  constructor(url: string) {
    this.url = url;
  }

  /** Opens the socket now (a widget opening over a large knowledge base), so the first keystroke finds it open. */
  connect(): void {
    void this.#open();
  }

  /**
   * The server's answer to one search; null when live search cannot answer it, to ask over HTTP
   * (which also retries what a server error refused). Throws `AyudaApiError` when the server
   * refused the search (invalid, rate-limited), and the signal's reason when it aborts.
   */
  async search(query: LiveSearchQuery, signal?: AbortSignal): Promise<SearchResponse | null> {
    signal?.throwIfAborted();
    // A search aborted while the socket opens rejects at once; the socket goes on opening for the next.
    const socket = await untilAborted(this.#open(), signal);
    signal?.throwIfAborted();
    if (socket?.ws.readyState !== 1) return null;
    const id = ++this.#next;
    const reply = await new Promise<LiveSearchReply | null>((resolve, reject) => {
      // Silent too long (a half-open connection): this search and those waiting go over HTTP.
      const timer = setTimeout(socket.end, REPLY_TIMEOUT_MS);
      const clear = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
        socket.waiting.delete(id);
      };
      const abort = () => {
        clear();
        reject(signal!.reason);
      };
      socket.waiting.set(id, (r) => {
        clear();
        resolve(r);
      });
      signal?.addEventListener('abort', abort);
      socket.ws.send(JSON.stringify({ id, ...query }));
    });
    if (!reply || reply.status >= 500) return null;
    if (reply.status === 200) return reply.body as SearchResponse;
    const refused = reply as Extract<LiveSearchReply, { retryAfter?: number }>;
    throw new AyudaApiError(refused.body, refused.retryAfter ?? null);
  }

  #open(): Promise<Socket | null> {
    if (this.#off) return Promise.resolve(null);
    const p: Promise<Socket | null> = (this.#socket ??= new Promise((resolve) => {
      let ws: WebSocket;
      try {
        ws = new WebSocket(this.url);
      } catch {
        // Refused at once (an older browser's answer to a Content-Security-Policy).
        this.#off = true;
        return resolve(null);
      }
      let opened = false;
      const socket: Socket = {
        ws,
        waiting: new Map(),
        end: () => {
          if (this.#socket === p) this.#socket = null;
          resolve(null);
          for (const done of [...socket.waiting.values()]) done(null);
          ws.close();
        },
      };
      // Not open in time (a proxy holding the upgrade): as if refused.
      const timer = setTimeout(socket.end, REPLY_TIMEOUT_MS);
      ws.onopen = () => {
        clearTimeout(timer);
        opened = true;
        resolve(socket);
      };
      ws.onmessage = (e) => {
        const reply = JSON.parse(e.data as string) as LiveSearchReply;
        socket.waiting.get(reply.id ?? -1)?.(reply);
      };
      // The close that follows any error says what to do (and a runtime like `ws` throws an error nobody listens to).
      ws.onerror = () => undefined;
      ws.onclose = () => {
        clearTimeout(timer);
        // Closed after it worked (idle, a restart): the next search opens another. Never
        // opened (refused by a proxy, a Content-Security-Policy, an older server): HTTP from now on.
        if (!opened) this.#off = true;
        socket.end();
      };
    }));
    return p;
  }
}

/** `p`'s outcome, or the signal's reason as soon as it aborts, whichever comes first. */
function untilAborted<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
