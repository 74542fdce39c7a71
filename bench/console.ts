// The console's server figures, on PostgreSQL (a fresh database, dropped afterwards):
// - console_queue_ms_10k: p99 of `GET /api/v1/staff/cases` listing 10,000 open cases (and
//   solved and closed ones beside them): the default view, filtered views and later pages;
// - console_search_ms_10k: p99 of the same endpoint searching them (`q`: a common word, two
//   words with accents, an email, a word nothing has); console_queue_all_ms_10k: both together;
// - console_event_ms: p99 time from a customer reply posted to one server process until its
//   event arrives on a staff event stream held on another server process (a child process
//   running `ayuda start`), the two meeting only through PostgreSQL's LISTEN/NOTIFY.
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { CaseLane } from '@ayuda/core';
import { loadConfig } from '../packages/server/src/config.js';
import { startServer, type RunningServer } from '../packages/server/src/server.js';
import { createLogger } from '../packages/server/src/http/logger.js';
import { caseMessages, cases, customers } from '../packages/server/src/db/schema.js';
import type { SlaEngine } from '../packages/server/src/cases/sla.js';
import type { Db } from '../packages/server/src/db/client.js';
import { findPostgres, redact, withFreshDatabase } from './portal.js';
import { log, percentile, round } from './stats.js';

export const CONSOLE_BENCH_DEFAULTS = {
  /** Cases waiting in the queue (new, open, pending customer). */
  openCases: 10_000,
  /** Solved and closed cases beside them, as a help desk accumulates. */
  finishedCases: 5_000,
  customers: 4_000,
  /** Queue requests timed per variant, after `queueWarmup` untimed ones. */
  queueRequests: 100,
  queueWarmup: 10,
  /** Customer replies whose events are timed, after `eventWarmup` untimed ones. */
  events: 200,
  eventWarmup: 10,
  /** Any one request or event giving up after this long fails the run rather than hanging it. */
  timeoutMs: 20_000,
} as const;

export type ConsoleBenchOptions = typeof CONSOLE_BENCH_DEFAULTS;

const HIGH_LIMIT = '1000000';
const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

const SUBJECTS = [
  'No tengo conexión a Internet',
  'Factura duplicada este mes',
  'El router parpadea en rojo',
  'Cambio de titularidad del contrato',
  'Wi-Fi drops every evening',
  'Charged twice for my plan',
  'Portabilidad de mi número móvil',
  'Cannot log in to my account',
  'Velocidad muy baja por la noche',
  'Quiero darme de baja',
];
const SENTENCES = [
  'Desde esta mañana el router parpadea en rojo y no tengo conexión en ningún dispositivo.',
  'Ya lo he reiniciado dos veces y he comprobado los cables, sin cambios.',
  'My last invoice shows the same monthly charge twice; please refund the duplicate.',
  'The Wi-Fi drops every evening between 20:00 and 23:00, while daytime speed tests are fine.',
  'Quiero cambiar la titularidad del contrato a nombre de mi pareja porque me mudo.',
  '¿Qué documentos necesitáis para la portabilidad? Tengo el DNI y una factura reciente.',
  'Hemos reiniciado tu puerto desde la central; dinos si vuelve a fallar.',
  'We have refunded the duplicate charge; it reaches your account in 5 to 10 days.',
  'La fibra llega bien a la roseta pero el ONT muestra la luz LOS encendida.',
  'I moved the router away from the microwave and it seems more stable now.',
];

/** A deterministic pseudo-random sequence, so every run seeds the same queue. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Inserts `open` waiting cases and `finished` solved or closed ones, created over the last 30
 * days, with 1 to 4 messages each and due times from the server's SLA engine, straight into
 * the database (the API would take minutes). References NF-000001…; the sequence moves past them.
 */
export async function seedCases(db: Db, sla: SlaEngine, now: Date, n: { open: number; finished: number; customers: number }): Promise<void> {
  const rand = rng(20261205);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const customerIds: number[] = [];
  for (let i = 0; i < n.customers; i += 1000) {
    const rows = await db
      .insert(customers)
      .values(Array.from({ length: Math.min(1000, n.customers - i) }, (_, k) => ({ email: `cliente${i + k}@ejemplo${(i + k) % 50}.es`, name: `Cliente ${i + k}`, locale: rand() < 0.7 ? 'es' : 'en', createdAt: now })))
      .returning({ id: customers.id });
    customerIds.push(...rows.map((r) => r.id));
  }
  const total = n.open + n.finished;
  const day = 86_400_000;
  for (let i = 0; i < total; i += 500) {
    const batch = Array.from({ length: Math.min(500, total - i) }, (_, k) => {
      const no = i + k + 1;
      const createdAt = new Date(now.getTime() - Math.floor(rand() * 30 * day));
      const lane: CaseLane = rand() < 0.15 ? 'fast' : 'standard';
      const finished = no > n.open;
      const r = rand();
      const status = finished ? (r < 0.5 ? 'solved' : 'closed') : r < 0.35 ? 'new' : r < 0.75 ? 'open' : 'pending_customer';
      const respondedAt = status === 'new' ? null : new Date(createdAt.getTime() + Math.floor(rand() * 4 * 3_600_000));
      const pauses = status === 'pending_customer' && respondedAt ? [{ from: respondedAt.toISOString() }] : [];
      const solvedAt = finished ? new Date(Math.min(now.getTime(), createdAt.getTime() + day)) : null;
      const due = sla.dueTimes({ createdAt, lane, pauses: pauses.map((p) => ({ from: new Date(p.from) })), firstRespondedAt: respondedAt, resolvedAt: solvedAt, laneChangedAt: null }, now);
      return {
        reference: `NF-${String(no).padStart(6, '0')}`,
        trackingHash: randomBytes(16).toString('hex'),
        trackingTokenEnc: 'seeded',
        customerId: pick(customerIds),
        subject: `${pick(SUBJECTS)} (${no})`,
        category: rand() < 0.6 ? pick(['billing', 'outages', 'router-wifi']) : null,
        locale: rand() < 0.7 ? 'es' : 'en',
        status,
        lane,
        channel: rand() < 0.5 ? 'widget' : 'portal',
        createdAt,
        updatedAt: respondedAt ?? createdAt,
        firstResponseDue: due.firstResponseDue,
        resolutionDue: due.resolutionDue,
        firstRespondedAt: respondedAt,
        solvedAt,
        closedAt: status === 'closed' ? solvedAt : null,
        pauses,
      };
    });
    const rows = await db.insert(cases).values(batch).returning({ id: cases.id, createdAt: cases.createdAt });
    const messages = rows.flatMap((c) =>
      Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, m) => ({
        caseId: c.id,
        author: m % 2 === 0 ? 'customer' : 'staff',
        authorName: m % 2 === 0 ? 'Cliente' : 'Marta',
        internal: m % 2 === 1 && rand() < 0.2,
        body: Array.from({ length: 2 + Math.floor(rand() * 4) }, () => pick(SENTENCES)).join(' '),
        createdAt: new Date(c.createdAt.getTime() + m * 60_000),
      })),
    );
    await db.insert(caseMessages).values(messages);
  }
  await db.execute(sql`select setval('case_reference_seq', ${total})`);
  await db.execute(sql`analyze`);
}

/** A free local port (for the child process, which must be told one). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise((resolve) => s.close(resolve));
  return port;
}

function productionEnv(databaseUrl: string, secret: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    AYUDA_SECRET: secret,
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    AYUDA_CASE_PREFIX: 'NF',
    AYUDA_RATE_LIMIT: HIGH_LIMIT,
    AYUDA_CASE_RATE_LIMIT: HIGH_LIMIT,
    AYUDA_CASE_EMAIL_LIMIT: HIGH_LIMIT,
  };
}

/** `ayuda start` in a child process on the same database, ready once /readyz answers. */
async function startPeer(env: Record<string, string>, timeoutMs: number): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [root('packages/server/bin/ayuda.js'), 'start'], { env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bench: the second server exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return { url, child, stop };
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`bench: the second server did not answer within ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Times `GET /api/v1/staff/cases` variants one request at a time (what an agent's screen asks). */
async function benchQueue(server: RunningServer, token: string, o: ConsoleBenchOptions) {
  const get = async (query: string) => {
    const res = await fetch(`${server.url}/api/v1/staff/cases${query}`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(o.timeoutMs) });
    const body = (await res.json()) as { total: number; next: string | null; cases: unknown[] };
    if (res.status !== 200) throw new Error(`bench: GET /staff/cases${query} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    return body;
  };
  const first = await get('');
  // Page 3 of the default view, reached by its cursor: keyset paging costs the same at any depth.
  const page2 = await get(`?cursor=${first.next}`);
  const deep = `?cursor=${page2.next}`;
  // The list (views, filters, pages), then searches over subjects, messages and emails.
  const variants: Array<[string, string, 'list' | 'search']> = [
    ['default view (all open, limit 50)', '', 'list'],
    ['third page by cursor', deep, 'list'],
    ['unassigned, fast lane', '?view=unassigned&lane=fast', 'list'],
    ['pending customer, category', '?view=pending&category=billing', 'list'],
    ['search a common word', `?q=${encodeURIComponent('router')}`, 'search'],
    ['search two words, accents', `?q=${encodeURIComponent('titularidad mudó')}`, 'search'],
    ['search an email', `?q=${encodeURIComponent('cliente1234@')}`, 'search'],
    ['search nothing matches', `?q=${encodeURIComponent('zzqx')}`, 'search'],
  ];
  const all: number[] = [];
  const list: number[] = [];
  const search: number[] = [];
  const byVariant: Array<{ name: string; p50: number; p99: number; total: number }> = [];
  for (const [name, query, kind] of variants) {
    for (let i = 0; i < o.queueWarmup; i++) await get(query);
    const ms: number[] = [];
    let total = 0;
    for (let i = 0; i < o.queueRequests; i++) {
      const start = performance.now();
      total = (await get(query)).total;
      ms.push(performance.now() - start);
    }
    all.push(...ms);
    (kind === 'list' ? list : search).push(...ms);
    byVariant.push({ name, p50: percentile(ms, 0.5), p99: percentile(ms, 0.99), total });
  }
  return {
    total: first.total,
    list: { p50: percentile(list, 0.5), p99: percentile(list, 0.99), requests: list.length },
    search: { p50: percentile(search, 0.5), p99: percentile(search, 0.99), requests: search.length },
    all: { p50: percentile(all, 0.5), p99: percentile(all, 0.99), requests: all.length },
    byVariant,
  };
}

/** Reads server-sent events from `url`, calling `onEvent` with each `event: case` data. */
async function openStream(url: string, token: string, onEvent: (data: { reference: string; change: string }) => void) {
  const ac = new AbortController();
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal: ac.signal });
  if (res.status !== 200 || !res.body) throw new Error(`bench: GET /staff/events answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let opened: () => void = () => {};
  const ready = new Promise<void>((r) => (opened = r));
  void (async () => {
    let buf = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buf += value;
        for (let at = buf.indexOf('\n\n'); at !== -1; at = buf.indexOf('\n\n')) {
          const block = buf.slice(0, at);
          buf = buf.slice(at + 2);
          if (block.includes(': connected')) opened();
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event === 'case' && data) onEvent(JSON.parse(data));
        }
      }
    } catch {
      /* aborted */
    }
  })();
  const timeout = setTimeout(() => ac.abort(), 10_000);
  await Promise.race([ready, new Promise((_, reject) => ac.signal.addEventListener('abort', () => reject(new Error('bench: the event stream did not open'))))]);
  clearTimeout(timeout);
  return () => ac.abort();
}

/** Posts customer replies to `server` (process A) and times each until its event arrives on the stream held on the peer (process B). */
async function benchEvents(server: RunningServer, peerUrl: string, token: string, o: ConsoleBenchOptions) {
  const waiting = new Map<string, () => void>();
  const close = await openStream(`${peerUrl}/api/v1/staff/events`, token, (e) => {
    if (e.change === 'customer_replied') waiting.get(e.reference)?.();
  });
  try {
    // Cases of their own, submitted through the API, for their tracking tokens.
    const n = o.eventWarmup + o.events;
    const open: Array<{ reference: string; trackingToken: string }> = [];
    for (let i = 0; i < Math.min(n, 20); i++) {
      const res = await fetch(`${server.url}/api/v1/cases`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomBytes(12).toString('hex') },
        body: JSON.stringify({ name: 'Ana', email: `evento${i}@ejemplo.es`, subject: 'Sigo sin conexión', description: 'El router parpadea en rojo desde ayer por la tarde.', locale: 'es' }),
      });
      if (res.status !== 201) throw new Error(`bench: POST /cases answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      open.push((await res.json()) as { reference: string; trackingToken: string });
    }
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = open[i % open.length]!;
      const arrived = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bench: the event of a reply to ${c.reference} did not arrive within ${o.timeoutMs} ms`)), o.timeoutMs);
        waiting.set(c.reference, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      const start = performance.now();
      const res = await fetch(`${server.url}/api/v1/cases/track/${c.trackingToken}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: `Sigue igual (${i}).` }) });
      if (res.status !== 201) throw new Error(`bench: the reply answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      await res.arrayBuffer();
      await arrived;
      waiting.delete(c.reference);
      if (i >= o.eventWarmup) ms.push(performance.now() - start);
    }
    return { events: ms.length, p50: percentile(ms, 0.5), p99: percentile(ms, 0.99), max: Math.max(...ms) };
  } finally {
    close();
  }
}

async function measure(databaseUrl: string, o: ConsoleBenchOptions, results: Record<string, number>): Promise<void> {
  const secret = randomBytes(32).toString('base64');
  const env = productionEnv(databaseUrl, secret);
  const server = await startServer(loadConfig({ ...env, PORT: '0' }, {}), { logger: createLogger('silent') });
  let peer: Awaited<ReturnType<typeof startPeer>> | null = null;
  try {
    const seedStart = performance.now();
    await seedCases(server.database.db, server.ayuda.sla, new Date(), { open: o.openCases, finished: o.finishedCases, customers: o.customers });
    log(`  seeded ${o.openCases} open and ${o.finishedCases} solved or closed cases in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    const { token } = await server.ayuda.staffTokens.create('Bench');

    const q = await benchQueue(server, token, o);
    Object.assign(results, {
      console_queue_ms_10k: round(q.list.p99, 2),
      console_queue_p50_ms_10k: round(q.list.p50, 2),
      console_queue_requests_10k: q.list.requests,
      console_search_ms_10k: round(q.search.p99, 2),
      console_search_p50_ms_10k: round(q.search.p50, 2),
      console_search_requests_10k: q.search.requests,
      console_queue_all_ms_10k: round(q.all.p99, 2),
    });
    log(`  queue: ${q.total} open cases; the list (views, filters, pages): ${q.list.requests} requests one at a time, p50 ${q.list.p50.toFixed(1)} ms, p99 ${q.list.p99.toFixed(1)} ms`);
    log(`  queue search (subjects, messages, emails): ${q.search.requests} requests, p50 ${q.search.p50.toFixed(1)} ms, p99 ${q.search.p99.toFixed(1)} ms; all ${q.all.requests}: p99 ${q.all.p99.toFixed(1)} ms`);
    for (const v of q.byVariant) log(`    ${v.name.padEnd(36)} total ${String(v.total).padStart(5)}  p50 ${v.p50.toFixed(1)} ms  p99 ${v.p99.toFixed(1)} ms`);

    peer = await startPeer(env, o.timeoutMs);
    const e = await benchEvents(server, peer.url, token, o);
    Object.assign(results, { console_event_ms: round(e.p99, 2), console_event_p50_ms: round(e.p50, 2), console_events: e.events });
    log(`  events: ${e.events} customer replies to process A, heard on a stream of process B: p50 ${e.p50.toFixed(1)} ms, p99 ${e.p99.toFixed(1)} ms, max ${e.max.toFixed(1)} ms`);
  } finally {
    await peer?.stop();
    await server.close();
  }
}

/**
 * The console figures for `npm run bench`, on PostgreSQL (the budgets are PostgreSQL's: it is
 * what runs several server processes). Skipped, and failed, when no PostgreSQL answers.
 */
export async function benchConsole(opts: Partial<ConsoleBenchOptions> = {}): Promise<{ results: Record<string, number>; failed: boolean }> {
  const o: ConsoleBenchOptions = { ...CONSOLE_BENCH_DEFAULTS, ...opts };
  const results: Record<string, number> = {};
  const pgServer = await findPostgres();
  if (pgServer.url === null) {
    log(`console: FAILED, no PostgreSQL answers (${pgServer.reason}); set DATABASE_URL to measure console_queue_ms_10k and console_event_ms`);
    return { results, failed: true };
  }
  log(`console: the queue with ${o.openCases} open cases and live events across two server processes, on PostgreSQL (${redact(pgServer.url)})`);
  try {
    await withFreshDatabase(pgServer.url, (url) => measure(url, o, results));
    return { results, failed: false };
  } catch (e) {
    log(`  console: FAILED: ${(e as Error).stack ?? String(e)}`);
    return { results, failed: true };
  }
}
