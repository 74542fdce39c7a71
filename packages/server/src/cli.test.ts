import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/ayuda.js', import.meta.url));

/** `ayuda <args>` in its own process, on the embedded database in `dataDir`, with its output kept. */
function ayuda(args: string[], dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', PORT: '0', AYUDA_DATA_DIR: dataDir };
  for (const name of ['DATABASE_URL', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET']) delete env[name];
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

describe('ayuda start on the embedded database', () => {
  it('refuses a second process on the same data folder: it says why on stderr and exits 1, having started nothing, while the first serves on', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ayuda-cli-'));
    dirs.push(dataDir);
    const first = ayuda(['start', '--demo'], dataDir);
    running.push(first.proc);
    const [, url] = await waitForOutput(first, /Ayuda is running at (http:\/\/\S+)/);

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
