// The request machinery both clients share (`AyudaClient` and `@ayuda/client/staff`'s
// `AyudaStaffClient`): URLs, retries, ETag revalidation, problem details as errors. Not an
// entry point of the package; index.ts re-exports what is public.
import type { Problem } from '@ayuda/core';

export interface AyudaClientOptions {
  /** The server's base URL, e.g. `https://help.example.com`. */
  baseUrl: string;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Attempts for GET requests (and creates with an Idempotency-Key) that fail on the network or with 502/503/504. Default 3. */
  retries?: number;
  /** Milliseconds before the first retry; doubled each time. Default 200. */
  retryDelayMs?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * Let the request outlive the page (`fetch`'s `keepalive`): for what a page sends as it is
   * left, such as its last analytics. Browsers cap such bodies at 64 KB in all.
   */
  keepalive?: boolean;
}

/** The server answered with an error; `problem` holds its details. */
export class AyudaApiError extends Error {
  override name = 'AyudaApiError';
  readonly status: number;
  readonly problem: Problem;
  /** Seconds the server asked to wait (its `Retry-After`, on 429 and 503); null when it named none. */
  readonly retryAfterS: number | null;
  constructor(problem: Problem, retryAfterS: number | null = null) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.status = problem.status;
    this.problem = problem;
    this.retryAfterS = retryAfterS;
  }
  /** The problem type's last segment, e.g. `validation-error`, `not-found`, `rate-limited`. */
  get type(): string {
    return this.problem.type.split('/').pop() ?? this.problem.type;
  }
  /** Per-field messages, keyed by field path (`query.locale`). */
  get fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem.errors ?? []).map((e) => [e.field, e.message]));
  }
}

/** `Retry-After` in seconds (a number of seconds or an HTTP date); null if absent or unreadable. */
function retryAfterSeconds(h: string | null): number | null {
  if (!h) return null;
  if (/^\d+$/.test(h.trim())) return Number(h.trim());
  const at = Date.parse(h);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** The request did not reach the server or no answer came back. */
export class AyudaNetworkError extends Error {
  override name = 'AyudaNetworkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A fresh Idempotency-Key for a create: keep it until the server answers, and send the same
 * key with every retry of that request (a new request gets a new key).
 */
export const newIdempotencyKey = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export type Query = Record<string, string | number | undefined>;
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  keepalive?: boolean;
  /** Revalidate with the last answer's ETag (a 304 answers the stored body). */
  cache?: boolean;
  idempotencyKey?: string;
  /** A customer session token, sent as `Authorization: Bearer`. */
  bearer?: string;
  channel?: string;
  /** Answer the body as text instead of parsing JSON. */
  text?: boolean;
  /** Answer the body as a Blob (a file) instead of parsing JSON. */
  blob?: boolean;
  /** More headers, set last (the staff client's credentials). */
  headers?: Record<string, string>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });

export class Http {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #etags = new Map<string, { etag: string; body: unknown }>();

  constructor(opts: AyudaClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.fetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.#retries = opts.retries ?? 3;
    this.#retryDelayMs = opts.retryDelayMs ?? 200;
  }

  url(path: string, query?: Query): string {
    const url = new URL(`${this.baseUrl}/api/v1${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    return url.toString();
  }

  /** The error for a request that did not reach the server. */
  unreachable(err: unknown): AyudaNetworkError {
    return new AyudaNetworkError(`Ayuda: could not reach ${this.baseUrl} (${String((err as Error)?.message ?? err)}).`, { cause: err });
  }

  async request<T>(method: Method, path: string, opts: HttpRequest = {}): Promise<T> {
    const url = this.url(path, opts.query);
    const headers: Record<string, string> = { Accept: 'application/json' };
    const form = typeof FormData !== 'undefined' && opts.body instanceof FormData;
    if (opts.body !== undefined && !form) headers['Content-Type'] = 'application/json';
    if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
    if (opts.bearer) headers.Authorization = `Bearer ${opts.bearer}`;
    if (opts.channel) headers['X-Ayuda-Channel'] = opts.channel;
    Object.assign(headers, opts.headers);
    const cached = opts.cache ? this.#etags.get(url) : undefined;
    if (cached) headers['If-None-Match'] = cached.etag;
    // GETs, and creates that carry an Idempotency-Key, are safe to send again.
    const attempts = method === 'GET' || opts.idempotencyKey ? Math.max(1, this.#retries) : 1;
    let delay = this.#retryDelayMs;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await this.fetch(url, {
          method,
          headers,
          // The staff session cookie goes to the console's own server (same origin) only.
          credentials: 'same-origin',
          body: opts.body === undefined ? null : form ? (opts.body as FormData) : JSON.stringify(opts.body),
          ...(opts.signal ? { signal: opts.signal } : {}),
          ...(opts.keepalive ? { keepalive: true } : {}),
        });
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        if (attempt < attempts) {
          await sleep(delay, opts.signal);
          delay *= 2;
          continue;
        }
        throw this.unreachable(err);
      }
      if (attempt < attempts && [502, 503, 504].includes(res.status)) {
        await sleep(delay, opts.signal);
        delay *= 2;
        continue;
      }
      if (res.status === 304 && cached) return cached.body as T;
      if (opts.blob && res.ok) return (await res.blob()) as T;
      const text = await res.text();
      if (opts.text && res.ok) return text as T;
      let body: unknown = undefined;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: handled below */
      }
      if (!res.ok) {
        const p = body as Partial<Problem> | undefined;
        throw new AyudaApiError({
          type: p?.type ?? 'about:blank',
          title: p?.title ?? (res.statusText || `HTTP ${res.status}`),
          status: res.status,
          ...(p?.detail ? { detail: p.detail } : {}),
          ...(p?.errors ? { errors: p.errors } : {}),
          ...(p?.requestId ? { requestId: p.requestId } : {}),
          ...(p?.slots ? { slots: p.slots } : {}),
        }, retryAfterSeconds(res.headers.get('retry-after')));
      }
      const etag = res.headers.get('etag');
      if (opts.cache && etag) this.#etags.set(url, { etag, body });
      return body as T;
    }
  }
}
