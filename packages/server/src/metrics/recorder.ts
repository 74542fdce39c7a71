// Request counts and latencies per route, kept in memory for /metrics. Recording costs a few
// Map lookups and no allocation once a route has been seen, because every request pays it.

/** Upper bounds of the latency histogram's buckets, in seconds (a cached page takes well under a millisecond). */
export const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/**
 * Methods counted under their own name; anything else a client invents is `OTHER`, so it cannot
 * grow the label set. `WS` is one message on a WebSocket (a live search: kb/live-search.ts).
 */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'WS']);

/** The route label of a request no route matched. */
export const UNMATCHED_ROUTE = 'unmatched';

/** What the portal's fast path and the Hono app both call once per answered request. */
export interface RequestRecorder {
  /**
   * Counts one answered request. `route` is the matched route pattern (`/api/v1/cases/:id`),
   * never the raw path: paths carry ids and tokens, and each distinct label value is a series
   * kept forever.
   */
  record(method: string, route: string, status: number, seconds: number): void;
}

/** One process's request figures as plain data: what a worker sends the primary for a scrape of all of them. */
export type RequestSnapshot = Array<{ route: string; counts: Array<[method: string, byStatus: Array<[status: number, n: number]>]>; buckets: number[]; sum: number; count: number }>;

interface RouteSeries {
  /** Requests by method, then by status. */
  counts: Map<string, Map<number, number>>;
  /** Requests per latency bucket (not cumulative; the last one is +Inf). */
  buckets: Float64Array;
  sum: number;
  count: number;
}

export class RequestMetrics implements RequestRecorder {
  readonly #routes = new Map<string, RouteSeries>();

  record(method: string, route: string, status: number, seconds: number): void {
    let series = this.#routes.get(route);
    if (!series) {
      series = { counts: new Map(), buckets: new Float64Array(LATENCY_BUCKETS_S.length + 1), sum: 0, count: 0 };
      this.#routes.set(route, series);
    }
    const m = METHODS.has(method) ? method : 'OTHER';
    let byStatus = series.counts.get(m);
    if (!byStatus) {
      byStatus = new Map();
      series.counts.set(m, byStatus);
    }
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    let i = 0;
    while (i < LATENCY_BUCKETS_S.length && seconds > LATENCY_BUCKETS_S[i]!) i++;
    series.buckets[i]!++;
    series.sum += seconds;
    series.count++;
  }

  snapshot(): RequestSnapshot {
    return [...this.#routes].map(([route, s]) => ({ route, counts: [...s.counts].map(([m, byStatus]) => [m, [...byStatus]]), buckets: [...s.buckets], sum: s.sum, count: s.count }));
  }

  /** Adds another process's figures to these (the sum of several processes is what a scrape of them all shows). */
  add(snapshot: RequestSnapshot): this {
    for (const r of snapshot) {
      let series = this.#routes.get(r.route);
      if (!series) {
        series = { counts: new Map(), buckets: new Float64Array(LATENCY_BUCKETS_S.length + 1), sum: 0, count: 0 };
        this.#routes.set(r.route, series);
      }
      for (const [m, byStatus] of r.counts) {
        let mine = series.counts.get(m);
        if (!mine) series.counts.set(m, (mine = new Map()));
        for (const [status, n] of byStatus) mine.set(status, (mine.get(status) ?? 0) + n);
      }
      for (let i = 0; i < series.buckets.length; i++) series.buckets[i]! += r.buckets[i] ?? 0;
      series.sum += r.sum;
      series.count += r.count;
    }
    return this;
  }

  /** Writes the request counter and the latency histogram. */
  write(out: Exposition): void {
    out.family('ayuda_http_requests_total', 'counter', 'HTTP requests answered, by method, matched route pattern and status.');
    for (const [route, s] of this.#routes) {
      for (const [method, byStatus] of s.counts) for (const [status, n] of byStatus) out.sample('ayuda_http_requests_total', { method, route, status: String(status) }, n);
    }
    out.family('ayuda_http_request_duration_seconds', 'histogram', 'Time from the request reaching the application to its answer, by matched route pattern.');
    for (const [route, s] of this.#routes) {
      let cumulative = 0;
      for (let i = 0; i < LATENCY_BUCKETS_S.length; i++) {
        cumulative += s.buckets[i]!;
        out.sample('ayuda_http_request_duration_seconds_bucket', { route, le: String(LATENCY_BUCKETS_S[i]) }, cumulative);
      }
      out.sample('ayuda_http_request_duration_seconds_bucket', { route, le: '+Inf' }, s.count);
      out.sample('ayuda_http_request_duration_seconds_sum', { route }, s.sum);
      out.sample('ayuda_http_request_duration_seconds_count', { route }, s.count);
    }
  }
}

/** Counts nothing: the recorder while /metrics is off. */
export const NO_METRICS: RequestRecorder = { record: () => {} };

/** The Prometheus text exposition format, version 0.0.4. */
export class Exposition {
  readonly #lines: string[] = [];

  family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string): void {
    this.#lines.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`);
  }

  sample(name: string, labels: Record<string, string> | null, value: number): void {
    const l = labels ? Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`) : [];
    this.#lines.push(`${name}${l.length ? `{${l.join(',')}}` : ''} ${formatValue(value)}`);
  }

  /** One family of one unlabelled sample. */
  gauge(name: string, help: string, value: number): void {
    this.family(name, 'gauge', help);
    this.sample(name, null, value);
  }

  text(): string {
    return this.#lines.join('\n') + '\n';
  }
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}
