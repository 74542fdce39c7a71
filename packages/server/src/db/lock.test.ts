import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config.js';
import { LOCK_FILE, lockDataDir } from './lock.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('../testing/lock-child.ts', import.meta.url));

/** Another process that takes the lock when told to (see testing/lock-child.ts). */
class LockProcess {
  private readonly answers: string[] = [];
  private readonly waiting: Array<{ resolve: (line: string) => void; reject: (err: Error) => void }> = [];
  private exited = false;
  pid = 0;

  private constructor(readonly proc: ChildProcessByStdio<Writable, Readable, null>) {
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const w = this.waiting.shift();
      if (w) w.resolve(line);
      else this.answers.push(line);
    });
    proc.once('exit', (code, signal) => {
      this.exited = true;
      for (const w of this.waiting.splice(0)) w.reject(new Error(`lock process exited (${code ?? signal}) before answering`));
    });
  }

  static async start(): Promise<LockProcess> {
    const p = new LockProcess(spawn(process.execPath, ['--import', 'tsx', '--conditions=ayuda-source', CHILD], { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] }));
    const ready = await p.next();
    expect(ready).toMatch(/^ready \d+$/);
    p.pid = Number(ready.split(' ')[1]);
    return p;
  }

  private next(): Promise<string> {
    const line = this.answers.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.exited) return Promise.reject(new Error('lock process has exited'));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Tells it to lock `dir` at the instant `at` (ms since the epoch). */
  lock(dir: string, at = 0, emptyGraceMs?: number): Promise<string> {
    return this.send(`lock ${dir} ${at}${emptyGraceMs === undefined ? '' : ` ${emptyGraceMs}`}`);
  }

  send(command: string): Promise<string> {
    this.proc.stdin.write(`${command}\n`);
    return this.next();
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exit = once(this.proc, 'exit');
    this.proc.stdin.end();
    await exit;
  }

  async kill(): Promise<void> {
    if (this.exited) return;
    const exit = once(this.proc, 'exit');
    this.proc.kill('SIGKILL');
    await exit;
  }
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const p = spawn(process.execPath, ['-e', '']);
  await once(p, 'exit');
  return p.pid!;
}

let root: string;
let n = 0;
const freshDir = () => join(root, `data-${++n}`);
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ayuda-lock-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the embedded database lock, across processes', () => {
  const procs: LockProcess[] = [];
  beforeAll(async () => {
    procs.push(...(await Promise.all(Array.from({ length: 6 }, () => LockProcess.start()))));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
  });

  // Each trial: six processes told to lock the same folder at once; exactly one may hold it,
  // and the others are refused naming it. The folder starts free, with a lock left by a dead
  // process, or with an empty lock (a holder that died between creating and writing it).
  // Sixteen trials, because a collision needs two processes on the CPU at that instant: the
  // lock this replaced (read, then write) let two in about one trial in three on two cores.
  const times = (n: number, trial: [string, (dir: string) => Promise<void>]) => Array.from({ length: n }, () => trial);
  const trials = [
    ...times(10, ['free', async () => {}]),
    ...times(4, ['left by a dead process', async (dir) => writeFileSync(join(dir, LOCK_FILE), String(await deadPid()))]),
    ...times(2, ['left empty', async (dir) => writeFileSync(join(dir, LOCK_FILE), '')]),
  ];
  it.each(trials.map(([name, setup], i) => [i + 1, name, setup] as const))('trial %i (%s): of six processes locking at once, exactly one holds the lock', async (_, __, setup) => {
    const dir = freshDir();
    mkdirSync(dir);
    await setup(dir);
    // The same instant for all, a moment ahead, so that none is still reading its command.
    const at = performance.timeOrigin + performance.now() + 50;
    const answers = await Promise.all(procs.map((p) => p.lock(dir, at, 300)));
    const winners = procs.filter((_, i) => answers[i] === 'locked');
    expect(answers.filter((a) => !a.startsWith('locked') && !a.startsWith('refused'))).toEqual([]);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!;
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(winner.pid));
    for (const a of answers.filter((a) => a !== 'locked')) expect(a).toContain(`in use by another Ayuda process (pid ${winner.pid})`);
    expect(await Promise.all(procs.map((p) => p.send('release')))).toEqual(procs.map(() => 'released'));
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(existsSync(join(dir, `${LOCK_FILE}.recover`))).toBe(false);
  });
});

describe('the embedded database lock', () => {
  const releases: Array<() => void> = [];
  afterEach(() => {
    for (const r of releases.splice(0)) r();
  });
  const lock = async (dir: string, opts = {}) => {
    const release = await lockDataDir(dir, opts);
    releases.push(release);
    return release;
  };

  it('is refused while another live process holds it, naming it, and taken once that process lets go', async () => {
    const dir = freshDir();
    const other = await LockProcess.start();
    try {
      expect(await other.lock(dir)).toBe('locked');
      const refusal = lockDataDir(dir);
      await expect(refusal).rejects.toBeInstanceOf(ConfigError);
      await expect(refusal).rejects.toThrow(`Ayuda: the embedded database in ${dir} is in use by another Ayuda process (pid ${other.pid}). Stop that process first, or use PostgreSQL (DATABASE_URL) to run several processes.`);
      expect(await other.send('release')).toBe('released');
      await lock(dir);
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(process.pid));
    } finally {
      await other.stop();
    }
  });

  it('is recovered from a process that was killed while holding it', async () => {
    const dir = freshDir();
    const other = await LockProcess.start();
    expect(await other.lock(dir)).toBe('locked');
    await other.kill();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(other.pid));
    await lock(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(process.pid));
  });

  it('is let go at exit by a process that never released it', async () => {
    const dir = freshDir();
    const other = await LockProcess.start();
    expect(await other.lock(dir)).toBe('locked');
    await other.stop();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('treats a lock naming this very pid as left by an earlier life of it (a restarted container), unless this process holds it', async () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(join(dir, LOCK_FILE), String(process.pid));
    await lock(dir);
    await expect(lockDataDir(dir)).rejects.toThrow(`Ayuda: the embedded database in ${dir} is already open in this process`);
  });

  it('waits for an empty lock to name its holder, and refuses if that holder lives', async () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(join(dir, LOCK_FILE), '');
    const attempt = lockDataDir(dir, { emptyGraceMs: 60_000 });
    // The holder writes its pid (the parent of this test process stands in for it: alive).
    writeFileSync(join(dir, LOCK_FILE), String(process.ppid));
    await expect(attempt).rejects.toThrow(`in use by another Ayuda process (pid ${process.ppid})`);
  });

  it('takes over an empty lock that stays empty, and a recovery left by a dead process', async () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(join(dir, LOCK_FILE), '');
    writeFileSync(join(dir, `${LOCK_FILE}.recover`), String(await deadPid()));
    const release = await lock(dir, { emptyGraceMs: 50 });
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(process.pid));
    expect(existsSync(join(dir, `${LOCK_FILE}.recover`))).toBe(false);
    release();
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('lets go of its own lock only, never one a later holder took', async () => {
    const dir = freshDir();
    const release = await lock(dir);
    // Someone removed ours by hand and another process took the folder.
    rmSync(join(dir, LOCK_FILE));
    writeFileSync(join(dir, LOCK_FILE), String(process.ppid));
    release();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(process.ppid));
  });
});
