import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { connect } from 'node:net';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/ayuda.js', import.meta.url));

/** `ayuda <args>` in its own process, on the embedded database in `dataDir`, with its output kept. */
function ayuda(args: string[], dataDir: string, extraEnv: Record<string, string> = {}) {
  // A free port for replies by email too, not development's 2525 another process may hold.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', PORT: '0', AYUDA_INBOUND_SMTP_PORT: '0', AYUDA_DATA_DIR: dataDir };
  for (const name of ['DATABASE_URL', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET']) delete env[name];
  Object.assign(env, extraEnv);
  const proc = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  proc.stdout!.on('data', (d: Buffer) => (out.stdout += d));
  proc.stderr!.on('data', (d: Buffer) => (out.stderr += d));
  const exited = once(proc, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  return { proc, out, exited };
}

/** Resolves with the first match of `pattern` in the process's stdout; rejects if it exits first. */
function waitForOutput(p: ReturnType<typeof ayuda>, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = p.out.stdout.match(pattern);
      if (m) {
        p.proc.stdout!.off('data', check);
        resolve(m);
      }
    };
    p.proc.stdout!.on('data', check);
    void p.exited.then((e) => reject(new Error(`ayuda exited (${e.code ?? e.signal}) before printing ${pattern}:\n${p.out.stdout}\n${p.out.stderr}`)));
    check();
  });
}

const dirs: string[] = [];
const running: ChildProcess[] = [];
afterAll(() => {
  for (const p of running) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// One embedded database migrated by `ayuda db migrate` on an empty folder, copied for each test:
// creating and migrating a PGlite takes seconds each time, and what the tests look at starts
// from an empty, migrated database either way (ayuda.pid is gone once the command has exited).
let migrated = '';
beforeAll(async () => {
  migrated = mkdtempSync(join(tmpdir(), 'ayuda-cli-migrated-'));
  dirs.push(migrated);
  const run = ayuda(['db', 'migrate'], migrated);
  running.push(run.proc);
  expect(await run.exited, run.out.stderr).toEqual({ code: 0, signal: null });
  expect(run.out.stdout).toContain('Database migrated.');
  expect(existsSync(join(migrated, 'ayuda.pid'))).toBe(false);
}, 60_000);

/** A data folder of its own for a test, holding an empty, migrated database. */
function newDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ayuda-cli-'));
  dirs.push(d);
  cpSync(migrated, d, { recursive: true });
  return d;
}

describe('ayuda start on the embedded database', () => {
  it('refuses a second process on the same data folder: it says why on stderr and exits 1, having started nothing, while the first serves on', async () => {
    const dataDir = newDir();
    // The generated history is not what this tests (the next describe's demo test checks it).
    const first = ayuda(['start', '--demo', '--no-history'], dataDir);
    running.push(first.proc);
    const [, url] = await waitForOutput(first, /Ayuda is running: open \S+ \(listening on (http:\/\/[^\s)]+)\)/);
    expect(first.out.stdout).toMatch(/demo cases {4}19 added/);
    expect(first.out.stdout).not.toContain('demo history');

    const second = ayuda(['start', '--demo'], dataDir);
    running.push(second.proc);
    // Before, the refused process kept running with its Stripe emulator listening: this waited forever.
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.out.stderr.trim()).toBe(`Ayuda: the embedded database in ${dataDir} is in use by another Ayuda process (pid ${first.proc.pid}). Stop that process first, or use PostgreSQL (DATABASE_URL) to run several processes. If pid ${first.proc.pid} is not Ayuda, delete ${join(dataDir, 'ayuda.pid')}.`);
    expect(second.out.stdout).not.toMatch(/running|emulator/i);

    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    first.proc.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dataDir, 'ayuda.pid'))).toBe(false);
  }, 120_000);
});

describe('ayuda start --workers', () => {
  it('refuses a count that is not 1 to 64 (exit 2, with the usage), and more than one process on the embedded database', async () => {
    const dataDir = newDir();
    // All at once: each is a process of its own that stops before opening the database.
    const bad = ['0', '-1', 'abc', '65'].map((value) => ({ value, run: ayuda(['start', `--workers=${value}`], dataDir) }));
    const pglite = ayuda(['start', '--workers', '2'], dataDir);
    for (const { value, run } of bad) {
      expect((await run.exited).code, value).toBe(2);
      expect(run.out.stderr).toContain(`ayuda: start: --workers must be a whole number from 1 to 64, not "${value}"`);
      expect(run.out.stderr).toContain('start [--demo] [--no-history] [--workers N]');
      expect(run.out.stdout).toBe('');
    }
    expect((await pglite.exited).code).toBe(2);
    expect(pglite.out.stderr).toContain('ayuda: --workers 2 needs PostgreSQL: the embedded database (PGlite) is one process\'s alone. Set DATABASE_URL to run several processes, or start one (--workers 1).');
    expect(pglite.out.stdout).toBe('');
    // Nothing was started: the data folder is not held.
    expect(existsSync(join(dataDir, 'ayuda.pid'))).toBe(false);
  }, 120_000);

  describe.skipIf(!process.env.DATABASE_URL)('on PostgreSQL (needs DATABASE_URL; skipped without it)', () => {
    let databaseUrl = '';
    const name = `ayuda_cli_workers_${process.pid}_${Date.now().toString(36)}`;
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    };
    beforeAll(async () => {
      await admin(`create database ${name}`);
      const u = new URL(process.env.DATABASE_URL!);
      u.pathname = `/${name}`;
      databaseUrl = u.toString();
    });
    afterAll(async () => {
      for (const p of running) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
      await admin(`drop database if exists ${name} with (force)`);
    });

    /** A GET on a connection of its own, so the port's round robin hands each to the next worker. */
    const get = (url: string) =>
      new Promise<number>((resolve, reject) => {
        http.get(url, { agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        }).once('error', reject);
      });

    /** A POST of JSON on a connection of its own; resolves with the status and the parsed body. */
    const post = (url: string, body: unknown, headers: Record<string, string>) =>
      new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
        const req = http.request(url, { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as Record<string, unknown> }));
        });
        req.once('error', reject);
        req.end(JSON.stringify(body));
      });

    it('serves from two processes on one port with one rate limit and one event stream, replaces a killed worker, and stops all on SIGTERM', async () => {
      const fixture = fileURLToPath(new URL('./testing/fixtures/kb', import.meta.url));
      const metricsToken = 'workers-metrics-token-0123456789';
      const env = { DATABASE_URL: databaseUrl, AYUDA_RATE_LIMIT: '10', AYUDA_SEARCH_RATE_LIMIT: '10', AYUDA_KB_DIR: fixture, AYUDA_METRICS_TOKEN: metricsToken };
      const tokenRun = ayuda(['staff', 'token', 'create', '--name', 'Consola', '--role', 'agent'], newDir(), env);
      expect(await tokenRun.exited, tokenRun.out.stderr).toEqual({ code: 0, signal: null });
      const staffToken = /\n {2}(ayuda_st_\S+)\n/.exec(tokenRun.out.stdout)![1]!;
      const server = ayuda(['start', '--workers', '2'], newDir(), env);
      running.push(server.proc);
      const [, url] = await waitForOutput(server, /Ayuda is running: open \S+ \(listening on (http:\/\/[^\s)]+)\)/);
      expect(server.out.stdout).toContain('    storage       PostgreSQL\n    processes     2 (--workers; one port)\n');
      const logs = () =>
        server.out.stdout
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { msg: string; pid?: number; path?: string; status?: number });
      const workerPids = logs().filter((l) => l.msg === 'workers: started a worker').map((l) => l.pid!);
      expect(workerPids).toHaveLength(2);
      // The knowledge base was imported once, by the primary, not by each worker.
      expect(logs().filter((l) => l.msg === 'knowledge base imported')).toHaveLength(1);
      expect(logs().find((l) => l.msg === 'knowledge base imported')!.pid).toBeUndefined();

      // 30 searches from one client IP against 10 a minute, each on a new connection: both
      // workers answer, and together they let 10 through. The window is a clock minute: start
      // the burst with half of it to spare (30 requests on a busy machine can take seconds).
      while (new Date().getSeconds() > 30) await new Promise((r) => setTimeout(r, 500));
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push(await get(`${url}/api/v1/kb/search?q=factura&locale=es`));
      expect(statuses.filter((s) => s === 200)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20);
      // The workers' log lines come through pipes, and may follow the answers by a moment.
      const searchLines = () => logs().filter((l) => l.msg === 'request' && l.path === '/api/v1/kb/search');
      for (let i = 0; i < 100 && searchLines().length < 30; i++) await new Promise((r) => setTimeout(r, 100));
      const searches = searchLines();
      expect(searches).toHaveLength(30);
      expect(new Set(searches.map((l) => l.pid))).toEqual(new Set(workerPids));

      // /metrics, whichever worker a scrape reaches, sums both: the 30 searches are all there.
      const scrape = () =>
        new Promise<string>((resolve, reject) => {
          http.get(`${url}/metrics`, { agent: false, headers: { Authorization: `Bearer ${metricsToken}` } }, (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d));
            res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`/metrics answered ${res.statusCode}: ${text}`))));
          }).once('error', reject);
        });
      const scrapers = new Set<number | undefined>();
      for (let i = 0; i < 4; i++) {
        const text = await scrape();
        expect(text).toContain('\nayuda_server_processes 2\n');
        expect(text).toContain('ayuda_http_requests_total{method="GET",route="/api/v1/kb/search",status="200"} 10\n');
        expect(text).toContain('ayuda_http_requests_total{method="GET",route="/api/v1/kb/search",status="429"} 20\n');
      }
      const metricsLines = () => logs().filter((l) => l.msg === 'request' && l.path === '/metrics');
      for (let i = 0; i < 100 && metricsLines().length < 4; i++) await new Promise((r) => setTimeout(r, 100));
      for (const l of metricsLines()) scrapers.add(l.pid);
      // Both workers took scrapes, and each answered for both.
      expect(scrapers).toEqual(new Set(workerPids));

      // The console's live stream, held by one worker, hears the cases that either worker takes.
      const leave = new AbortController();
      const stream = await fetch(`${url}/api/v1/staff/events`, { headers: { Authorization: `Bearer ${staffToken}` }, signal: leave.signal });
      expect(stream.status).toBe(200);
      let heard = '';
      const reading = (async () => {
        const decoder = new TextDecoder();
        const reader = stream.body!.getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) heard += decoder.decode(r.value, { stream: true });
      })().catch(() => {});
      const references: string[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await post(`${url}/api/v1/cases`, { name: `Ana ${i}`, email: `ana${i}@example.com`, subject: `Prueba ${i} de varios procesos`, description: 'Una prueba del flujo de eventos entre procesos.', category: 'billing', locale: 'es' }, { 'Idempotency-Key': `workers-${i}` });
        expect(r.status).toBe(201);
        references.push(r.body.reference as string);
      }
      const caseLines = () => logs().filter((l) => l.msg === 'request' && l.path === '/api/v1/cases');
      for (let i = 0; i < 100 && caseLines().length < 4; i++) await new Promise((r) => setTimeout(r, 100));
      const submitters = new Set(caseLines().map((l) => l.pid));
      // Both workers took cases, so the stream's worker heard some from the other one.
      expect(submitters).toEqual(new Set(workerPids));
      for (let i = 0; i < 100 && !references.every((r) => heard.includes(`"reference":"${r}"`)); i++) await new Promise((r) => setTimeout(r, 100));
      for (const r of references) expect(heard).toContain(`"reference":"${r}"`);
      leave.abort();
      await reading;

      // A worker killed outright is replaced, and the new one serves.
      process.kill(workerPids[0]!, 'SIGKILL');
      await waitForOutput(server, /"msg":"workers: a worker died; starting another".*"signal":"SIGKILL"/);
      const [, replacement] = await waitForOutput(server, /"msg":"workers: a worker serves","worker":3,"pid":(\d+)/);
      const newPid = Number(replacement);
      const servedBy = (pid: number) => logs().some((l) => l.msg === 'request' && l.path === '/readyz' && l.pid === pid);
      // Its log line may follow its answer by a moment.
      for (let i = 0; i < 20 && !servedBy(newPid); i++) await get(`${url}/readyz`);
      expect(servedBy(newPid)).toBe(true);

      server.proc.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
      // The workers were gone before the primary exited.
      for (const pid of [workerPids[1]!, newPid]) expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    }, 180_000);
  });
});

describe('ayuda staff create, and the demo staff of ayuda start --demo', () => {
  const post = (url: string, body: unknown, headers: Record<string, string> = {}) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('refuses bad input with a message naming each option, and exit code 2', async () => {
    const dataDir = newDir();
    // All at once: each is a process of its own that stops before opening the database.
    const missing = ayuda(['staff', 'create', '--name', 'Marta'], dataDir);
    const wrong = ayuda(['staff', 'create', '--email', 'not-an-address', '--name', 'Marta\u0007', '--role', 'owner', '--locale', 'fr'], dataDir);
    const unknown = ayuda(['staff', 'create', '--email', 'a@b.es', '--name', 'A', '--role', 'agent', '--admin'], dataDir);
    // A mistyped option of `start` is refused before anything starts, with the usage.
    const typo = ayuda(['start', '--demo', '--no-histroy'], dataDir);
    expect((await missing.exited).code).toBe(2);
    expect(missing.out.stderr).toContain('--email: missing');
    expect(missing.out.stderr).toContain('--role: missing');
    expect((await wrong.exited).code).toBe(2);
    for (const option of ['--email', '--name', '--role', '--locale']) expect(wrong.out.stderr).toContain(option);
    expect((await unknown.exited).code).toBe(2);
    expect(unknown.out.stderr).toMatch(/staff create: .*--admin/);
    expect((await typo.exited).code).toBe(2);
    expect(typo.out.stderr).toContain("ayuda: Unknown option '--no-histroy'");
    expect(typo.out.stderr).toContain('--no-history');
    expect(missing.out.stdout + wrong.out.stdout + unknown.out.stdout + typo.out.stdout).toBe('');
  }, 60_000);

  it('creates an account and prints its set-password link; start --demo adds and prints the demo accounts, which sign in', async () => {
    const dataDir = newDir();
    const env = { AYUDA_PUBLIC_URL: 'http://help.test' };
    const created = ayuda(['staff', 'create', '--email', 'Marta@NubeFibra.test', '--name', 'Marta Gil', '--role', 'admin'], dataDir, env);
    expect(await created.exited).toEqual({ code: 0, signal: null });
    expect(created.out.stdout).toMatch(/Staff account \d+ created: Marta Gil <marta@nubefibra\.test> \(admin\)/);
    const token = /http:\/\/help\.test\/console\/#\/set-password\/([\w-]+)/.exec(created.out.stdout)?.[1];
    expect(token).toBeTruthy();
    const again = ayuda(['staff', 'create', '--email', 'marta@nubefibra.test', '--name', 'Otra', '--role', 'agent'], dataDir, env);
    expect((await again.exited).code).toBe(1);
    expect(again.out.stderr).toContain('already exists');

    const server = ayuda(['start', '--demo'], dataDir, env);
    running.push(server.proc);
    const [, url] = await waitForOutput(server, /Ayuda is running: open \S+ \(listening on (http:\/\/[^\s)]+)\)/);
    await waitForOutput(server, /demo staff/);
    expect(server.out.stdout).toContain('admin@nubefibra.example (admin), agente@nubefibra.example (agent); password ayuda-demo');
    // The pages are printed on the public URL, where mails and payment returns lead, not on the
    // listening address, which the first line names only in brackets after what to open.
    expect(server.out.stdout).toMatch(/Ayuda is running: open http:\/\/help\.test\/ \(listening on http:\/\/127\.0\.0\.1:\d+\)\n/);
    expect(server.out.stdout).toMatch(/company site {2}http:\/\/help\.test\/\n {4}help portal {3}http:\/\/help\.test\/help\n/);
    expect(server.out.stdout).toContain('console       http://help.test/console\n');
    // The demo's cases, the paid one through the Stripe emulator the command started.
    expect(server.out.stdout).toMatch(/demo cases {4}19 added, 7 in the console queue \(1 paid fast lane\)\n/);
    const api = `${url}/api/v1/staff`;
    const admin = await post(`${api}/session`, { email: 'admin@nubefibra.example', password: 'ayuda-demo' });
    expect(admin.status).toBe(200);
    const cookie = admin.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const queue = (await (await fetch(`${api}/cases?view=all`, { headers: { cookie } })).json()) as { total: number; cases: Array<{ lane: string; reference: string }> };
    expect(queue.total).toBe(7);
    expect(queue.cases[0]!.lane).toBe('fast');
    // And 90 days of settled history before today: the queue above is still the day's; the
    // analytics read each lane's earnings, cost and satisfaction, and the standard lane's before and after.
    expect(server.out.stdout).toMatch(/demo history  \d+ cases over 90 days \(\d+ in the fast lane\), .* survey answers, \d+ payments .* \([\d.]+ s\)\n/);
    for (const lane of ['standard', 'fast']) {
      const summary = (await (await fetch(`${api}/analytics/summary?lane=${lane}`, { headers: { cookie } })).json()) as Record<string, number | null>;
      expect(summary.cases, lane).toBeGreaterThan(0);
      for (const k of ['first_response_p50_s', 'sla_attainment', 'csat', 'ces', 'fastlane_revenue_minor', 'fastlane_cost_minor', 'fastlane_margin_minor']) expect(summary[k], `${lane} ${k}`).not.toBeNull();
      expect(summary.fastlane_revenue_minor).toBeGreaterThan(0);
    }
    const impact = await fetch(`${api}/analytics/lane-impact`, { headers: { cookie } });
    expect(impact.status).toBe(200);
    expect(((await impact.json()) as { csat: { baselineN: number; periodN: number } }).csat).toMatchObject({ baselineN: expect.any(Number), periodN: expect.any(Number) });
    expect((await admin.json()).user).toMatchObject({ role: 'admin', email: 'admin@nubefibra.example' });
    expect((await (await post(`${api}/session`, { email: 'agente@nubefibra.example', password: 'ayuda-demo' })).json()).user.role).toBe('agent');

    // The printed link sets the password, once, and signs in.
    const set = await post(`${api}/password`, { token, password: 'marta’s own password' });
    expect(set.status).toBe(200);
    expect((await set.json()).user.email).toBe('marta@nubefibra.test');
    expect((await post(`${api}/password`, { token, password: 'another password here' })).status).toBe(401);
    expect((await post(`${api}/session`, { email: 'marta@nubefibra.test', password: 'marta’s own password' })).status).toBe(200);
    server.proc.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });

    // A restart adds no more cases.
    const again2 = ayuda(['start', '--demo'], dataDir, env);
    running.push(again2.proc);
    const [, url2] = await waitForOutput(again2, /Ayuda is running: open \S+ \(listening on (http:\/\/[^\s)]+)\)/);
    expect(again2.out.stdout).toContain('demo cases    none added: the database has cases already');
    expect(again2.out.stdout).not.toContain('demo history');
    const admin2 = await post(`${url2}/api/v1/staff/session`, { email: 'admin@nubefibra.example', password: 'ayuda-demo' });
    const cookie2 = admin2.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(((await (await fetch(`${url2}/api/v1/staff/cases?view=all`, { headers: { cookie: cookie2 } })).json()) as { total: number }).total).toBe(7);
    again2.proc.kill('SIGTERM');
    expect(await again2.exited).toEqual({ code: 0, signal: null });
  }, 180_000);

  it('staff token create needs --name and --role admin|agent (exit 2 naming each); the token acts with its role; list shows it, revoke ends it', async () => {
    const dataDir = newDir();
    // The refusals at once: each stops before opening the database.
    const missing = ayuda(['staff', 'token', 'create', '--name', 'Informes'], dataDir);
    const wrong = ayuda(['staff', 'token', 'create', '--name', '', '--role', 'owner'], dataDir);
    const badRevoke = ayuda(['staff', 'token', 'revoke', 'x'], dataDir);
    expect((await badRevoke.exited).code).toBe(2);
    expect(badRevoke.out.stderr).toContain('staff token revoke needs the token id');
    expect((await missing.exited).code).toBe(2);
    expect(missing.out.stderr).toContain('--role: missing');
    expect((await wrong.exited).code).toBe(2);
    expect(wrong.out.stderr).toMatch(/--name: .*\n.*--role: Invalid option/);
    expect(missing.out.stdout + wrong.out.stdout).toBe('');

    const agentRun = ayuda(['staff', 'token', 'create', '--name', 'Informes', '--role', 'agent'], dataDir);
    expect(await agentRun.exited).toEqual({ code: 0, signal: null });
    expect(agentRun.out.stdout).toMatch(/Staff token (\d+) \("Informes", agent\) created/);
    const agentToken = /\n {2}(ayuda_st_\S+)\n/.exec(agentRun.out.stdout)![1]!;
    const adminRun = ayuda(['staff', 'token', 'create', '--name', 'Scripts', '--role', 'admin'], dataDir);
    expect((await adminRun.exited).code).toBe(0);
    const adminToken = /\n {2}(ayuda_st_\S+)\n/.exec(adminRun.out.stdout)![1]!;
    const list = ayuda(['staff', 'token', 'list'], dataDir);
    expect((await list.exited).code).toBe(0);
    expect(list.out.stdout).toMatch(/^1\tayuda_st_\S+…\tagent\tInformes\tactive/m);
    expect(list.out.stdout).toMatch(/^2\tayuda_st_\S+…\tadmin\tScripts\tactive/m);
    expect(list.out.stdout).not.toContain(agentToken);

    const server = ayuda(['start'], dataDir);
    running.push(server.proc);
    const [, url] = await waitForOutput(server, /Ayuda is running: open \S+ \(listening on (http:\/\/[^\s)]+)\)/);
    // Replies by email: the inbound SMTP server says where it listens, and answers there.
    const [, smtpPort] = await waitForOutput(server, /inbound mail +smtp:\/\/127\.0\.0\.1:(\d+) \(replies to reply\+…@localhost\)/);
    const greeting = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(smtpPort), '127.0.0.1');
      socket.once('data', (d) => {
        resolve(String(d));
        socket.destroy();
      });
      socket.once('error', reject);
    });
    expect(greeting).toMatch(/^220 .*Ayuda replies by email/);
    const audit = (token: string) => fetch(`${url}/api/v1/staff/audit?action=token`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await audit(agentToken)).status).toBe(403);
    const seen = await audit(adminToken);
    expect(seen.status).toBe(200);
    // The command line's changes are in the audit log, as the system's.
    expect(((await seen.json()) as { entries: Array<{ actor: string; action: string; target: string }> }).entries.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['system', 'token.create', 'token:2'],
      ['system', 'token.create', 'token:1'],
    ]);
    server.proc.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);

    const revoke = ayuda(['staff', 'token', 'revoke', '1'], dataDir);
    expect((await revoke.exited).code).toBe(0);
    expect(revoke.out.stdout).toContain('Staff token 1 revoked.');
  }, 180_000);

  it('demo history adds generated history once (--replace again), refuses bad options (2) and production (1)', async () => {
    const dataDir = newDir();
    const first = ayuda(['demo', 'history', '--days', '10', '--seed', '5'], dataDir);
    running.push(first.proc);
    // The refusals alongside: bad options stop before opening the database (were one to open
    // it, it would find it in use and exit 1, not 2), production before reading its configuration.
    const refused = [['--days', '0'], ['--days', '366'], ['--seed', '-1'], ['--weeks', '3']].map((args) => ({ args, run: ayuda(['demo', 'history', ...args], dataDir) }));
    const prod = ayuda(['demo', 'history'], newDir(), { NODE_ENV: 'production', AYUDA_SECRET: 'a-production-secret-of-32-characters-or-more' });
    for (const { args, run } of refused) {
      expect((await run.exited).code, args.join(' ')).toBe(2);
      expect(run.out.stderr).toContain('demo history');
    }
    expect((await prod.exited).code).toBe(1);
    expect(prod.out.stderr.trim()).toBe('Ayuda: no demo history in production: it would mix invented cases and payments with real ones.');
    expect(prod.out.stdout).toBe('');
    expect(await first.exited, first.out.stderr).toEqual({ code: 0, signal: null });
    const line = /Demo history added \(seed 5\): (\d+) cases over 10 days/.exec(first.out.stdout);
    expect(Number(line?.[1])).toBeGreaterThan(20);
    const again = ayuda(['demo', 'history', '--days', '10', '--seed', '5'], dataDir);
    expect((await again.exited).code).toBe(1);
    expect(again.out.stderr.trim()).toBe('Ayuda: this database has a generated demo history already; run `npx ayuda demo history --replace` to generate it again.');
    const replaced = ayuda(['demo', 'history', '--days', '10', '--seed', '5', '--replace'], dataDir);
    expect((await replaced.exited).code).toBe(0);
    // The same seed gives the same history (the day the command runs aside).
    expect(replaced.out.stdout).toContain('Removed the generated history.');
    expect(replaced.out.stdout).toMatch(/Demo history added \(seed 5\): \d+ cases over 10 days/);
  }, 180_000);

  it('creates no demo accounts in production', async () => {
    const dataDir = newDir();
    const server = ayuda(['start', '--demo'], dataDir, { NODE_ENV: 'production', AYUDA_SECRET: 'a-production-secret-of-32-characters-or-more', LOG_LEVEL: 'warn' });
    running.push(server.proc);
    const [, url] = await waitForOutput(server, /Ayuda is running: open \S+ \(listening on (http:\/\/[^\s)]+)\)/);
    expect(server.out.stdout).not.toContain('ayuda-demo');
    expect(server.out.stdout).toContain('no demo staff accounts in production');
    // Production runs a process per core, but on the embedded database one: no --workers asked.
    expect(server.out.stdout).toMatch(/\n {4}processes {5}1\n/);
    expect(server.out.stdout).not.toContain('demo cases');
    expect((await post(`${url}/api/v1/staff/session`, { email: 'admin@nubefibra.example', password: 'ayuda-demo' })).status).toBe(401);
    server.proc.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  }, 120_000);
});

describe('ayuda kb import and export', () => {
  it('exports the folder format that imports back unchanged, refuses a folder with files without --force, and names what it needs', async () => {
    const dataDir = newDir();
    const out = mkdtempSync(join(tmpdir(), 'ayuda-kb-out-'));
    dirs.push(out);
    const fixture = fileURLToPath(new URL('./testing/fixtures/kb', import.meta.url));
    const run = async (args: string[]) => {
      const p = ayuda(args, dataDir);
      running.push(p.proc);
      return { ...(await p.exited), ...p.out };
    };
    // The usage errors alongside the first import: they stop before opening the database.
    const usageRuns = Promise.all([run(['kb', 'export']), run(['kb', 'import', fixture, '--forse'])]);
    expect(await run(['kb', 'import', fixture])).toMatchObject({ code: 0, stdout: expect.stringMatching(/8 added, 0 updated, 0 removed, 0 unchanged/) });
    expect(await run(['kb', 'export', out])).toMatchObject({ code: 0, stdout: expect.stringContaining(`Exported 8 articles to ${out}.`) });
    const again = await run(['kb', 'export', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty.*--force/);
    expect(await run(['kb', 'import', out])).toMatchObject({ code: 0, stdout: expect.stringMatching(/0 added, 0 updated, 0 removed, 8 unchanged/) });
    const [usage, typo] = await usageRuns;
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('kb export needs one folder');
    expect(typo.code).toBe(2);
  }, 180_000);
});
