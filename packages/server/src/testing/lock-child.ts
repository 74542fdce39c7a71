// A separate process for the lock tests: takes and lets go of the embedded database's lock on
// command, one command a line on stdin, one answer a line on stdout. Several of these told to
// lock at once are several Ayuda processes starting at the same instant.
//   lock <dir> <atMs> [emptyGraceMs]  ->  locked | refused <message> | error <message>
//     (at the instant atMs, on the clock of performance.timeOrigin + performance.now(); the
//     last milliseconds are spun, so that processes told the same instant really collide)
//   release                    ->  released
// It says `ready <pid>` when it can take commands, and exits when stdin closes.
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { ConfigError } from '../config.js';
import { lockDataDir } from '../db/lock.js';

let release: (() => void) | null = null;
const say = (line: string) => process.stdout.write(`${line}\n`);

say(`ready ${process.pid}`);

for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, dir, at, grace] = line.split(' ');
  if (cmd === 'lock' && dir) {
    const now = () => performance.timeOrigin + performance.now();
    const start = Number(at ?? 0);
    if (start - now() > 5) await delay(start - now() - 5);
    while (now() < start);
    try {
      release = await lockDataDir(dir, grace ? { emptyGraceMs: Number(grace) } : {});
      say('locked');
    } catch (err) {
      say(`${err instanceof ConfigError ? 'refused' : 'error'} ${(err as Error).message}`);
    }
  } else if (cmd === 'release') {
    release?.();
    release = null;
    say('released');
  }
}
