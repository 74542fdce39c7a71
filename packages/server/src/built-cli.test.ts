// The `ayuda` command built (scripts/build-cli.mjs): what it holds, that it runs
// the same commands as the sources (migrations and the demo found from the sources' addresses),
// and when bin/ayuda.js may run it instead of the sources.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli } from '../bin/built.mjs';

const BUILD = fileURLToPath(new URL('../scripts/build-cli.mjs', import.meta.url));

const dirs: string[] = [];
// The test's build goes inside the package, as the real one does, so that it finds node_modules.
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const tempDir = (name: string, under = tmpdir()) => {
  mkdirSync(under, { recursive: true });
  const d = mkdtempSync(join(under, `ayuda-${name}-`));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs `node args` with the environment `env` added (an undefined value removes the variable); resolves with its exit code and output. */
async function node(args: string[], env: Record<string, string | undefined> = {}) {
  const all = { ...process.env, ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete all[name];
  const proc = spawn(process.execPath, args, { env: all, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d));
  proc.stderr.on('data', (d: Buffer) => (stderr += d));
  const [code] = (await once(proc, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('the built ayuda command', () => {
  let out = '';
  beforeAll(async () => {
    out = tempDir('cli-build', DIST);
    const build = await node([BUILD, '--out', out]);
    expect(build, build.stderr).toMatchObject({ code: 0 });
  }, 60_000);

  it('holds the workspace sources it runs and imports every other package', () => {
    const inputs = JSON.parse(readFileSync(join(out, 'inputs.json'), 'utf8')) as string[];
    expect(inputs).toContain('packages/server/src/cli.ts');
    expect(inputs).toContain('packages/server/src/db/client.ts');
    expect(inputs.some((f) => f.startsWith('packages/core/src/'))).toBe(true);
    expect(inputs.filter((f) => f.includes('node_modules'))).toEqual([]);
    // The entry imports no server runtime: the chunk that does is loaded once the arguments are checked.
    const entry = readFileSync(join(out, 'ayuda.mjs'), 'utf8');
    expect(entry).not.toMatch(/from "(hono|drizzle-orm|pg|stripe)"/);
    const runtime = readdirSync(out).find((f) => f.startsWith('cli-runtime-'));
    expect(readFileSync(join(out, runtime!), 'utf8')).toMatch(/from "hono"/);
  });

  it('runs commands from the build: migrates an empty embedded database, refuses a bad option', async () => {
    const run = (args: string[], dataDir: string) =>
      node(['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(pathToFileURL(join(out, 'ayuda.mjs')).href)}); process.exitCode = await main(${JSON.stringify(args)});`], {
        NODE_ENV: 'development',
        AYUDA_DATA_DIR: dataDir,
        DATABASE_URL: undefined,
      });
    const [migrated, refused] = await Promise.all([run(['db', 'migrate'], tempDir('cli-built-db')), run(['start', '--workers=0'], tempDir('cli-built-db'))]);
    // The migrations are read from the folder beside the sources (db/client.ts's own address).
    expect(migrated, migrated.stderr).toMatchObject({ code: 0, stdout: 'Database migrated.\n' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--workers/);
  }, 60_000);
});

describe('bin/ayuda.js runs the built command only while it is newer than every source it holds', () => {
  const layout = () => {
    const repo = tempDir('cli-fresh');
    mkdirSync(join(repo, 'src'));
    mkdirSync(join(repo, 'dist'));
    writeFileSync(join(repo, 'src/a.ts'), '');
    writeFileSync(join(repo, 'src/b.ts'), '');
    writeFileSync(join(repo, 'dist/ayuda.mjs'), '');
    writeFileSync(join(repo, 'dist/inputs.json'), JSON.stringify(['src/a.ts', 'src/b.ts']));
    const at = (file: string, seconds: number) => utimesSync(join(repo, file), seconds, seconds);
    at('src/a.ts', 1_000);
    at('src/b.ts', 1_000);
    at('dist/ayuda.mjs', 2_000);
    const bundle = pathToFileURL(join(repo, 'dist/ayuda.mjs'));
    return { repo, at, bundle, check: () => builtCli(bundle, pathToFileURL(`${repo}/`)) };
  };

  it('built after its sources: the built file', () => {
    const { bundle, check } = layout();
    expect(check()).toBe(bundle.href);
  });

  it('a source changed since: the sources', () => {
    const { at, check } = layout();
    at('src/b.ts', 3_000);
    expect(check()).toBeNull();
  });

  it('a source gone, no list of sources, or no built file: the sources', () => {
    const a = layout();
    rmSync(join(a.repo, 'src/a.ts'));
    expect(a.check()).toBeNull();
    const b = layout();
    rmSync(join(b.repo, 'dist/inputs.json'));
    expect(b.check()).toBeNull();
    const c = layout();
    rmSync(join(c.repo, 'dist/ayuda.mjs'));
    expect(c.check()).toBeNull();
  });

  it('AYUDA_FROM_SOURCES=1: the sources', () => {
    const { check } = layout();
    process.env.AYUDA_FROM_SOURCES = '1';
    try {
      expect(check()).toBeNull();
    } finally {
      delete process.env.AYUDA_FROM_SOURCES;
    }
  });
});
