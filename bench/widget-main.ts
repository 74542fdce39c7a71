// Runs the widget benchmark alone and prints its figures as one JSON line. bench/run.ts starts
// it in a fresh process so that what earlier benchmarks left in memory (a 10,000-article
// index, servers' buffers) cannot slow the server that feeds Chromium.
import { benchWidget } from './widget.js';

process.stdout.write(`${JSON.stringify(await benchWidget())}\n`);
