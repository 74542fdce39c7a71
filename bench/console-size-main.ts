// Runs the console size benchmark alone and prints its figures as one JSON line
// (`npx tsx --conditions=ayuda-source bench/console-size-main.ts`).
import { benchConsoleSize } from './console-size.js';

process.stdout.write(`${JSON.stringify(await benchConsoleSize())}\n`);
