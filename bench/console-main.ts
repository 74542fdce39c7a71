// Runs the console benchmark alone and prints its figures as one JSON line
// (`npx tsx --conditions=ayuda-source bench/console-main.ts`).
import { benchConsole } from './console.js';

process.stdout.write(`${JSON.stringify(await benchConsole())}\n`);
