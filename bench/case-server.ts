// The server for the case-submission bench, in its own process so the load generator never
// shares its event loop: started with the bench's settings from the environment, it prints
// `{"url": ...}` on one line once listening and stops when its standard input closes.
import { startServer } from '../packages/server/src/server.js';
import { caseBenchConfig } from './cases.js';

const server = await startServer(caseBenchConfig(process.env as Record<string, string>));
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
