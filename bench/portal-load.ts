// The portal benchmark's load generator, in a process of its own (started by bench/portal.ts):
// autocannon with keep-alive connections against one server, requesting the given paths in
// rotation on each connection, after a warm-up that is not counted. Prints its figures as one
// JSON line.
import autocannon from 'autocannon';

export interface LoadRequest {
  url: string;
  paths: string[];
  connections: number;
  warmupS: number;
  durationS: number;
}

export interface LoadFigures {
  rps: number;
  requests: number;
  /** Connection errors, timeouts and answers other than 2xx. */
  errors: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
}

const req = JSON.parse(process.argv[2] ?? '') as LoadRequest;
const result = await autocannon({
  url: req.url,
  connections: req.connections,
  duration: req.durationS,
  warmup: { connections: req.connections, duration: req.warmupS },
  requests: req.paths.map((path) => ({ method: 'GET', path })),
});
const figures: LoadFigures = {
  rps: result.requests.average,
  requests: result.requests.total,
  errors: result.errors + result.timeouts + result.non2xx,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  seconds: result.duration,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
