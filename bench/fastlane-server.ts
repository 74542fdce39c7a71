// The server for the fast-lane webhook bench, in its own process so the load generator (and the
// Stripe emulator, which stays in the bench's process) never shares its event loop: configured
// from the environment (the bench passes the emulator as STRIPE_API_BASE), with its mail worker
// stopped so that mail stays in the outbox, it prints `{"url": ...}` on one line once listening
// and stops when its standard input closes.
import { loadConfig } from '../packages/server/src/config.js';
import { startServer } from '../packages/server/src/server.js';

const server = await startServer(loadConfig(process.env as Record<string, string>, {}));
await server.ayuda.mail.stop();
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
