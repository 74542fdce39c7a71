// Whether the built `ayuda` command (scripts/build-cli.mjs) can stand in for the sources: it
// exists, and none of the files it was built from has changed since (a few hundred `stat`s,
// about 5 ms). AYUDA_FROM_SOURCES=1 always runs the sources.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO = new URL('../../../', import.meta.url);
const BUNDLE = new URL('../dist/cli/ayuda.mjs', import.meta.url);

/** The built command's URL, or null when the sources must run. `bundle` (its entry; `inputs.json` beside it) and `repo` (what the inputs are relative to) are for the tests. */
export function builtCli(bundle = BUNDLE, repo = REPO) {
  if (process.env.AYUDA_FROM_SOURCES === '1') return null;
  try {
    const builtAt = statSync(bundle).mtimeMs;
    const inputs = new URL('inputs.json', bundle);
    for (const file of JSON.parse(readFileSync(inputs, 'utf8'))) {
      if (statSync(fileURLToPath(new URL(file, repo))).mtimeMs > builtAt) return null;
    }
    return bundle.href;
  } catch {
    // Not built, or a source it was built from is gone: the sources it is.
    return null;
  }
}
