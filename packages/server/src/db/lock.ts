// The embedded database's lock: a PGlite folder is opened by one process at a time, because a
// second process writing the same files corrupts them and loses acknowledged writes.
//
// The lock is a file, `ayuda.pid`, holding the holder's pid. It is taken with an exclusive
// create (O_CREAT | O_EXCL), so of any number of processes starting at the same instant exactly
// one creates it; reading it first and writing it after, as this used to, let several in.
//
// A lock left by a process that died (kill -9, a crash, a container stopped) names a dead pid
// and is recovered: it may be removed only by a process that holds a second, short-lived file,
// `ayuda.pid.recover` (also taken with an exclusive create), and only if, under it, the lock is
// still the very file that was judged dead (same inode, change time and content). Without that,
// two processes that both saw the dead lock could each remove it, the second removing the
// lock the first had just taken in its place, and both would open the database.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, unlinkSync, writeSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ConfigError } from '../config.js';

export const LOCK_FILE = 'ayuda.pid';
const RECOVERY_SUFFIX = '.recover';

export interface LockOptions {
  /**
   * How long a lock file that names no pid is waited for before it counts as abandoned. Such a
   * file belongs to a holder between creating it and writing its pid (microseconds), or to one
   * that died right there. Default 2000 ms.
   */
  emptyGraceMs?: number;
  /**
   * How long the recovery file may stay unchanged before it counts as abandoned even though
   * the pid it names is alive (that pid was reused). Its holder keeps it for microseconds,
   * without yielding. Default 5000 ms.
   */
  recoveryGraceMs?: number;
  /** How often to look again while waiting for one of the above. Default 10 ms. */
  pollMs?: number;
}

const DEFAULTS: Required<LockOptions> = { emptyGraceMs: 2000, recoveryGraceMs: 5000, pollMs: 10 };

/** The lock files this process holds, and how to let each go (also run at exit). */
const held = new Map<string, () => void>();
let exitHook = false;

/**
 * Takes the lock on the embedded database in `dir` for this process, or throws a ConfigError
 * naming the live process that holds it. Returns the function that lets it go (safe to call
 * more than once); a process that exits without calling it lets it go at exit, and one that
 * is killed leaves a lock the next process recovers.
 */
export async function lockDataDir(dir: string, options: LockOptions = {}): Promise<() => void> {
  const opts = { ...DEFAULTS, ...options };
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  // When each not-yet-readable lock or recovery file was first seen, by identity.
  const firstSeen = new Map<string, number>();
  const waitedOut = (f: Snapshot, grace: number) => {
    const key = identity(f);
    const since = firstSeen.get(key) ?? Date.now();
    firstSeen.set(key, since);
    return Date.now() - since >= grace;
  };

  for (;;) {
    const mine = createExclusive(file);
    if (mine) return holdUntilReleased(file, mine);

    const seen = snapshot(file);
    if (!seen) continue; // let go (or recovered) since: try again
    const pid = pidIn(seen);
    if (pid === process.pid && held.has(file)) {
      throw new ConfigError(`Ayuda: the embedded database in ${dir} is already open in this process; open it once and share it.`);
    }
    if (pid !== null && pid !== process.pid && isAlive(pid)) {
      throw new ConfigError(`Ayuda: the embedded database in ${dir} is in use by another Ayuda process (pid ${pid}). Stop that process first, or use PostgreSQL (DATABASE_URL) to run several processes. If pid ${pid} is not Ayuda, delete ${file}.`);
    }
    if (pid === null && !waitedOut(seen, opts.emptyGraceMs)) {
      await delay(opts.pollMs);
      continue;
    }
    // Dead, or this very pid in an earlier life (a restarted container reuses pids), or empty
    // for too long: abandoned.
    if (!removeAbandoned(file, seen, waitedOut, opts.recoveryGraceMs)) await delay(opts.pollMs);
  }
}

/**
 * Removes the abandoned lock `seen`, if it is still there, while holding the recovery file.
 * Returns false when another process is recovering, so the caller waits a moment. Runs
 * without yielding, so the recovery file is held for microseconds.
 */
function removeAbandoned(file: string, seen: Snapshot, waitedOut: (f: Snapshot, grace: number) => boolean, recoveryGraceMs: number): boolean {
  const recovery = file + RECOVERY_SUFFIX;
  const mutex = createExclusive(recovery);
  if (!mutex) {
    const other = snapshot(recovery);
    if (!other) return true;
    const pid = pidIn(other);
    // Its holder died inside the few statements below (or named no pid for too long, or has
    // held it far longer than those statements take: its pid was reused). Removing it is a
    // check-then-act of its own, but it needs a crash at that exact point to matter.
    if (pid === process.pid || (pid !== null && !isAlive(pid)) || waitedOut(other, recoveryGraceMs)) removeIfUnchanged(recovery, other);
    return false;
  }
  try {
    removeIfUnchanged(file, seen);
  } finally {
    removeIfUnchanged(recovery, mutex);
  }
  return true;
}

function holdUntilReleased(file: string, mine: Snapshot): () => void {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(file);
    // Only our own file: never one a later holder created after ours was taken from us.
    const now = snapshot(file);
    if (now && now.stats.ino === mine.stats.ino && pidIn(now) === process.pid) unlinkQuietly(file);
  };
  held.set(file, release);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const r of [...held.values()]) r();
    });
  }
  return release;
}

interface Snapshot {
  stats: BigIntStats;
  text: string;
}

/** Creates `path` holding this pid, or returns null if it exists. */
function createExclusive(path: string): Snapshot | null {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw err;
  }
  try {
    const text = String(process.pid);
    writeSync(fd, text);
    return { stats: fstatSync(fd, { bigint: true }), text };
  } catch (err) {
    // A lock without a pid would make everyone else wait; do not leave one.
    unlinkQuietly(path);
    throw err;
  } finally {
    closeSync(fd);
  }
}

/** The file's identity and content, read through one descriptor; null if it is gone. */
function snapshot(path: string): Snapshot | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const buf = Buffer.alloc(64);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return { stats: fstatSync(fd, { bigint: true }), text: buf.subarray(0, n).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

function identity(s: Snapshot): string {
  return `${s.stats.dev}:${s.stats.ino}:${s.stats.ctimeNs}:${s.text}`;
}

/** Removes `path` if it is still the file `seen` was taken of. */
function removeIfUnchanged(path: string, seen: Snapshot): void {
  const now = snapshot(path);
  if (now && identity(now) === identity(seen)) unlinkQuietly(path);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function pidIn(s: Snapshot): number | null {
  const text = s.text.trim();
  if (!/^\d{1,10}$/.test(text)) return null;
  const pid = Number(text);
  // 0 would signal our own process group below; never a holder.
  return pid > 0 ? pid : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
