#!/usr/bin/env node
// The `ayuda` command. Runs dist/cli/ayuda.mjs (scripts/build-cli.mjs: the command bundled, which
// skips compiling and resolving its modules through tsx) when it was built after every source it
// holds was last changed; otherwise the TypeScript sources through tsx, so no build step is
// needed and an edit is seen at once.
import { builtCli } from './built.mjs';

const built = builtCli();
let main;
if (built) ({ main } = await import(built));
else {
  const { runFromSources } = await import('./sources.mjs');
  runFromSources();
  ({ main } = await import('../src/cli.ts'));
}
const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
