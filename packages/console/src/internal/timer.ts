// The agent's timer on a case: started when the case opens, stopped when the agent leaves it
// (another case, the queue, the tab closed), shown ticking each second, and kept alive with a
// heartbeat every minute (a timer without one ends at its last heartbeat on the server: a
// closed laptop does not count as work). No heartbeat goes out while the page is hidden (another
// tab, a minimised window): the server then ends the entry at its last heartbeat once its idle
// window passes, so time spent elsewhere is not counted. On coming back a heartbeat goes out at
// once; one the server refuses (the timer ended meanwhile, after a sleep or a hidden spell)
// starts it again, since the agent is on the case; the entries are reloaded each time, so an
// entry stopped elsewhere, or edited, shows as it is. Starts and stops go to the server one at a
// time, in the order the agent moved (see `inOrder`). What a visit leaves (nothing when it was a
// glance, the same entry continued when the agent comes back at once) is the server's decision.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AyudaApiError, type TimeEntry, type CaseTime } from '@ayuda/client/staff';
import { api } from './api.js';

/** `turnMs`: how long a start or stop may hold back the next one (a request the network leaves hanging must not stop the timer for good). */
export const TIMER_TIMING = { tickMs: 1000, heartbeatMs: 60_000, turnMs: 10_000 } as const;

let queue: Promise<unknown> = Promise.resolve();
/**
 * Runs the timer's starts and stops one at a time, in order, for every case view of the page.
 * The server stops a person's other timer when one starts, and a stop names its case: sent side by
 * side, a start for the case just left could land after the one for the case on screen and stop it,
 * and a stop for a case left could land after the start of the same case opened again and stop
 * that. Either left the agent on a case with no timer until the next heartbeat restarted it as a
 * new, second entry: rows of a second or two. Not for the stop of a page going away (pagehide),
 * which cannot wait.
 */
function inOrder<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = Promise.race([run, new Promise((resolve) => setTimeout(resolve, TIMER_TIMING.turnMs))]).catch(() => undefined);
  return run;
}

export class TimerController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #reference: string | null = null;
  #running: TimeEntry | null = null;
  /** `Date.now()` when `#running.seconds` was read. */
  #readAt = 0;
  #tick: ReturnType<typeof setInterval> | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #connected = false;
  /** The case's entries, as last loaded. */
  list: CaseTime | null = null;
  readonly #pagehide = () => this.#stop(true);
  readonly #pageshow = (e: PageTransitionEvent) => e.persisted && this.#reference && void this.#start(this.#reference);
  readonly #visibility = () => !document.hidden && void this.heartbeat();

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** The running entry's seconds, counting on between server reads; null when stopped. */
  get elapsed(): number | null {
    if (!this.#running) return null;
    return this.#running.seconds + Math.max(0, Math.floor((Date.now() - this.#readAt) / 1000));
  }

  get running(): TimeEntry | null {
    return this.#running;
  }

  hostConnected(): void {
    this.#connected = true;
    window.addEventListener('pagehide', this.#pagehide);
    window.addEventListener('pageshow', this.#pageshow);
    document.addEventListener('visibilitychange', this.#visibility);
    this.#tick = setInterval(() => this.#running && this.#host.requestUpdate(), TIMER_TIMING.tickMs);
    this.#heartbeat = setInterval(() => !document.hidden && void this.heartbeat(), TIMER_TIMING.heartbeatMs);
    if (this.#reference) void this.#start(this.#reference);
  }

  hostDisconnected(): void {
    this.#connected = false;
    window.removeEventListener('pagehide', this.#pagehide);
    window.removeEventListener('pageshow', this.#pageshow);
    document.removeEventListener('visibilitychange', this.#visibility);
    clearInterval(this.#tick);
    clearInterval(this.#heartbeat);
    this.#stop();
  }

  /** The case on screen: stops the timer on the previous one and starts it on this one. */
  setReference(reference: string | null): void {
    if (reference === this.#reference) return;
    this.#stop();
    this.#reference = reference;
    this.list = null;
    if (reference && this.#connected) void this.#start(reference);
  }

  /** Reloads the case's entries (and the running entry's seconds) from the server. */
  async reload(): Promise<void> {
    const ref = this.#reference;
    if (!ref) return;
    try {
      const list = await api().caseTime(ref);
      if (ref !== this.#reference) return;
      this.list = list;
      const mine = this.#running ? list.entries.find((e) => e.id === this.#running!.id) : undefined;
      if (this.#running) {
        this.#running = mine && mine.endedAt === null ? mine : null;
        this.#readAt = Date.now();
      }
      this.#host.requestUpdate();
    } catch {
      /* the next heartbeat tries again */
    }
  }

  /** Says the agent is still on the case (every minute while the page is visible), then reloads the entries. */
  async heartbeat(): Promise<void> {
    const ref = this.#reference;
    if (!ref) return;
    if (this.#running) {
      try {
        await api().timerHeartbeat(ref);
      } catch (err) {
        // 409: no timer runs there any more (ended while the machine slept): start it again.
        if (err instanceof AyudaApiError && err.status === 409 && ref === this.#reference) return this.#start(ref);
      }
    }
    await this.reload();
  }

  async #start(ref: string): Promise<void> {
    const here = () => ref === this.#reference && this.#connected;
    const client = api();
    try {
      const entry = await inOrder(async () => {
        // Left before its turn came: nothing to start.
        if (!here()) return null;
        const started = await client.startTimer(ref);
        // Left before the server answered: stop what it started, before anything queued after.
        if (!here()) await client.stopTimer(ref, { keepalive: true }).catch(() => undefined);
        return started;
      });
      if (!entry || !here()) return;
      this.#running = entry;
      this.#readAt = Date.now();
    } catch {
      this.#running = null;
    }
    await this.reload();
  }

  /** Stops the timer of the case on screen; `now`: at once, out of turn (the page is going away). */
  #stop(now = false): void {
    const ref = this.#reference;
    if (!ref || !this.#running) return;
    this.#running = null;
    const client = api();
    const stop = () => client.stopTimer(ref, { keepalive: true }).catch(() => undefined);
    void (now ? stop() : inOrder(stop));
  }
}
