// What the fault suite runs its scenarios on: a PostgreSQL instance of its own (initdb in a
// temporary folder, its own port, stopped and removed at the end), `ayuda start` as a child
// process that can be killed with SIGKILL and started again on the same database, and a real
// SMTP server standing in for the mail provider. Never the machine's shared PostgreSQL: the
// suite stops and starts the instance it runs on.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';

const BIN = fileURLToPath(new URL('../../packages/server/bin/ayuda.js', import.meta.url));

/** The folder holding both initdb and pg_ctl, or null: the suite is skipped then (and says so). */
export function findPostgresTools(): string | null {
  const candidates = ['/usr/local/bin', '/usr/lib/postgresql/15/bin'];
  try {
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse()) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  } catch {
    // No Debian-style installation.
  }
  for (const p of (process.env.PATH ?? '').split(':')) if (p) candidates.push(p);
  return candidates.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl'))) ?? null;
}

/** Why the suite does not run here, or null when it does (printed by each file it skips). */
export function skipReason(): string | null {
  if (!findPostgresTools()) return 'tests/faults skipped: initdb and pg_ctl were not found (install PostgreSQL server binaries to run the fault suite)';
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    } catch {
      return 'tests/faults skipped: running as root and there is no `postgres` user for initdb (it refuses to run as root)';
    }
  }
  return null;
}

export async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as AddressInfo).port;
  s.close();
  await once(s, 'close');
  return port;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(everyMs);
  }
}

/**
 * A PostgreSQL cluster in a temporary folder, trust authentication, on 127.0.0.1 and a free
 * port, fsync on. initdb and the server refuse to run as root: as root they run as `postgres`,
 * which then owns the folder.
 */
export class TestPostgres {
  readonly port: number;
  readonly dir: string;
  readonly #bin: string;
  readonly #asPostgres: boolean;

  private constructor(bin: string, dir: string, port: number) {
    this.#bin = bin;
    this.dir = dir;
    this.port = port;
    this.#asPostgres = process.getuid?.() === 0;
  }

  static async create(): Promise<TestPostgres> {
    const bin = findPostgresTools();
    if (!bin) throw new Error('initdb and pg_ctl were not found');
    const dir = mkdtempSync(join(tmpdir(), 'ayuda-faults-pg-'));
    const p = new TestPostgres(bin, dir, await freePort());
    if (p.#asPostgres) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
    // --no-sync only spares initdb's own flush of the template files; the server runs with fsync on.
    p.#run('initdb', ['-D', p.#data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    await p.start();
    const c = new pg.Client({ connectionString: p.url('postgres') });
    await c.connect();
    await c.query('create database ayuda');
    await c.end();
    return p;
  }

  get #data() {
    return join(this.dir, 'data');
  }

  #run(tool: string, args: string[]): string {
    const exe = join(this.#bin, tool);
    const [cmd, argv] = this.#asPostgres ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
    try {
      return execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: this.dir, timeout: 60_000 }).toString();
    } catch (err) {
      const e = err as { stderr?: Buffer; stdout?: Buffer };
      throw new Error(`${tool} failed: ${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? ''}\n${this.log()}`);
    }
  }

  url(database = 'ayuda'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    this.#run('pg_ctl', ['-D', this.#data, '-l', join(this.dir, 'postgres.log'), '-w', '-t', '60', '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=on`, 'start']);
  }

  /** `pg_ctl stop -m fast`: connections are cut, the server shuts down cleanly. */
  async stop(): Promise<void> {
    this.#run('pg_ctl', ['-D', this.#data, '-w', '-t', '60', '-m', 'fast', 'stop']);
  }

  log(): string {
    try {
      return readFileSync(join(this.dir, 'postgres.log'), 'utf8').slice(-3000);
    } catch {
      return '';
    }
  }

  async destroy(): Promise<void> {
    try {
      this.#run('pg_ctl', ['-D', this.#data, '-w', '-t', '60', '-m', 'immediate', 'stop']);
    } catch {
      // Already stopped.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One query on the test's database, on a connection of its own. */
export async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

export interface ReceivedMail {
  messageId: string;
  to: string;
  subject: string;
}

/**
 * A real SMTP server that keeps what it is given. `delayMs` holds each message before it is
 * accepted (a slow provider, so mail is in flight when the server is killed); `stop()` and
 * `listen()` take it down and bring it back on the same port.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** Message-IDs of the messages received whole and not yet answered: in flight for the sender. */
  readonly pending = new Set<string>();
  port = 0;
  #server: SMTPServer | null = null;

  constructor(private readonly delayMs = 0) {}

  async listen(port = 0): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const head = raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, ' ');
          const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
          const mail = { messageId: header('Message-ID'), to: session.envelope.rcptTo.map((r) => r.address).join(','), subject: header('Subject') };
          this.pending.add(mail.messageId);
          setTimeout(() => {
            this.pending.delete(mail.messageId);
            if (this.#server !== server) return callback(new Error('shutting down'));
            // Like a real provider, a message received whole is delivered even if the sender
            // is gone before it hears the answer: the sender sends it again, a duplicate.
            this.received.push(mail);
            callback();
          }, this.delayMs);
        });
      },
    });
    // A client killed mid-conversation resets its connection: expected here, not a failure.
    server.on('error', () => {});
    this.#server = server;
    server.listen(port, '127.0.0.1');
    await once(server.server, 'listening');
    this.port = (server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Closes the port and drops open connections: the provider is down. */
  async stop(): Promise<void> {
    const s = this.#server;
    this.#server = null;
    if (!s) return;
    await new Promise<void>((r) => s.close(() => r()));
  }
}

/** How many copies of each Message-ID were received. */
export function byMessageId(mails: readonly ReceivedMail[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of mails) m.set(x.messageId, (m.get(x.messageId) ?? 0) + 1);
  return m;
}

/** `ayuda start` as a child process on `databaseUrl`, on a fixed port so a client retries the same URL after a restart. */
export class AyudaProcess {
  #proc: ChildProcess | null = null;
  output = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.#proc?.pid;
  }

  async start(): Promise<void> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(this.port),
      AYUDA_INBOUND_SMTP_PORT: 'off',
      LOG_LEVEL: 'warn',
      // Every request comes from one address.
      AYUDA_RATE_LIMIT: '1000000',
      AYUDA_CASE_RATE_LIMIT: '1000000',
      AYUDA_CASE_EMAIL_LIMIT: '1000000',
      ...this.env,
    };
    for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_BASE', 'SMTP_URL']) if (!(name in this.env)) delete env[name];
    this.output = '';
    const proc = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#proc = proc;
    proc.stdout!.on('data', (d: Buffer) => (this.output += d));
    proc.stderr!.on('data', (d: Buffer) => (this.output += d));
    const exited = once(proc, 'exit');
    const started = waitFor('ayuda start', async () => (this.output.includes('Ayuda is running:') ? true : undefined), 60_000, 100);
    await Promise.race([started, exited.then(([code, signal]) => Promise.reject(new Error(`ayuda start exited (${code ?? signal}):\n${this.output.slice(-3000)}`)))]);
  }

  /** SIGKILL: no handler runs, nothing is flushed or released. */
  async kill(): Promise<void> {
    const p = this.#proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = once(p, 'exit');
    p.kill('SIGKILL');
    await exited;
  }
}

/** What a scenario tried and what came of it. */
export interface Figures {
  tried: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  [detail: string]: number;
}

/** Where each run's figures go, one key per scenario (docs/performance.md, "Faults"). */
export const FIGURES_FILE = join(tmpdir(), 'ayuda-faults.json');

/** Adds a scenario's figures to FIGURES_FILE and prints its summary line. */
export function report(scenario: string, f: Figures): void {
  let all: Record<string, Figures> = {};
  try {
    all = JSON.parse(readFileSync(FIGURES_FILE, 'utf8')) as Record<string, Figures>;
  } catch {
    // The first scenario of the run.
  }
  all[scenario] = f;
  writeFileSync(FIGURES_FILE, JSON.stringify(all, null, 2) + '\n');
  console.log(`faults: ${scenario}: ${Object.entries(f).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

/**
 * For the describe block that calls it: a PostgreSQL of its own and `ayuda start` on it, with
 * `env` added (read as the server starts, so a hook registered before this one, an SMTP sink's
 * say, may provide it); killed and removed after the block. Both are set once beforeAll ran.
 */
export function ayudaOnOwnPostgres(env: () => Record<string, string> = () => ({})): { postgres: TestPostgres; ayuda: AyudaProcess } {
  const started = {} as { postgres: TestPostgres; ayuda: AyudaProcess };
  beforeAll(async () => {
    started.postgres = await TestPostgres.create();
    started.ayuda = new AyudaProcess(await freePort(), { DATABASE_URL: started.postgres.url(), AYUDA_DATA_DIR: started.postgres.dir, ...env() });
    await started.ayuda.start();
  }, 120_000);
  afterAll(async () => {
    await started.ayuda?.kill();
    await started.postgres?.destroy();
  });
  return started;
}
