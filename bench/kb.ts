// Loads the demo knowledge base for the benchmark even while people are still writing it:
// when the folder does not import cleanly, the files named in the problems are left out
// of a temporary copy until the rest imports, and the problems are reported.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KbImportError, parseKbDirectory, type ImportProblem, type ParsedKb } from '../packages/server/src/kb/parse.js';

export interface LoadedKb {
  kb: ParsedKb;
  /** A folder that imports without problems: `dir` itself, or a cleaned temporary copy. */
  dir: string;
  /** Problems of the original folder; empty when it imported cleanly. */
  problems: ImportProblem[];
  /** Files left out of the copy. */
  skipped: string[];
  /** Removes the temporary copy, if one was made. */
  dispose(): Promise<void>;
}

export async function loadKb(dir: string): Promise<LoadedKb> {
  try {
    const kb = await parseKbDirectory(dir);
    return { kb, dir, problems: [], skipped: [], dispose: async () => {} };
  } catch (err) {
    if (!(err instanceof KbImportError)) throw err;
    const problems = err.problems;
    const copy = await mkdtemp(join(tmpdir(), 'ayuda-bench-kb-'));
    await cp(dir, copy, { recursive: true });
    const skipped = new Set<string>();
    let current: ImportProblem[] = problems;
    // Each round removes every file with a problem; an article that only failed because of
    // a bad categories file comes back clean in the next round.
    for (let round = 0; round < 10; round++) {
      for (const p of current) {
        skipped.add(p.path);
        await rm(join(copy, p.path), { force: true });
      }
      try {
        const kb = await parseKbDirectory(copy);
        return { kb, dir: copy, problems, skipped: [...skipped].sort(), dispose: () => rm(copy, { recursive: true, force: true }) };
      } catch (e) {
        if (!(e instanceof KbImportError)) throw e;
        current = e.problems;
      }
    }
    await rm(copy, { recursive: true, force: true });
    throw err;
  }
}
