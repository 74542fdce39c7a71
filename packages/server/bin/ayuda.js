#!/usr/bin/env node
// The `ayuda` command. Runs the TypeScript sources through tsx, so no build step is needed.
import { runFromSources } from './sources.mjs';

runFromSources();
const { main } = await import('../src/cli.ts');
const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
