// Vitest's global setup (vite.config.ts): one migrated PGlite for the whole run, saved as a
// dump of its data folder that each test file's template loads (testing/db.ts). Creating a
// PGlite is its initdb, about 3.5 s of CPU, which every file on PGlite paid before; loading the
// dump takes a fifth of that. The dump lives in a folder of its own, removed after the run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { migrate, openDatabase } from '../db/client.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated PGlite's data folder, dumped (a tar file): see testing/db.ts. */
    pgliteTemplateDump: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'ayuda-pglite-template-'));
  const file = join(dir, 'migrated.tar');
  const pglite = new PGlite();
  await pglite.waitReady;
  await migrate(await openDatabase({ kind: 'pglite', pglite }));
  writeFileSync(file, new Uint8Array(await (await pglite.dumpDataDir('none')).arrayBuffer()));
  await pglite.close();
  project.provide('pgliteTemplateDump', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
