// The server for the fast-lane webhook bench, in its own process so the load generator (and the
// Stripe emulator, which stays in the bench's process) never shares its event loop: configured
// from the environment (the bench passes the emulator as STRIPE_API_BASE), with its mail worker
// stopped so that mail stays in the outbox, it prints `{"url": ...}` on one line once listening.
// Each `cpu` line on its standard input is answered with `{"cpuUs": ..., "sysUs": ...}`, the CPU
// time this process has used (user and system, and system alone, microseconds); it stops when its standard input closes.
import { createInterface } from 'node:readline';
import { loadConfig } from '../packages/server/src/config.js';
import { startServer } from '../packages/server/src/server.js';

const server = await startServer(loadConfig(process.env as Record<string, string>, {}));
await server.ayuda.mail.stop();
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ cpuUs: user + system, sysUs: system })}\n`);
});
lines.on('close', () => void server.close().then(() => process.exit(0)));
