// Presence in a case: tells the other agents this one is viewing it (again every 30 s, since a
// viewer unseen for 60 s counts as gone), typing in it, or has left it; and keeps the list of
// the other agents in the same case from the live `presence` events, for the collision notice.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PresenceEvent, PresenceState } from '@ayuda/client/staff';
import { api } from './api.js';
import { liveEvents } from './live.js';

export const PRESENCE_TIMING = {
  /** How often "viewing" is said again while the case is open. */
  heartbeatMs: 30_000,
  /** Another agent not heard from for this long has left. */
  expireMs: 60_000,
  /** "typing" is said at most this often while typing; "viewing" again after this long without a key. */
  typingMs: 5_000,
} as const;

export interface OtherAgent {
  /** Who, as history names them: `user:<id>` for a person, `staff:<id>` for an API token. */
  by: string;
  id: number;
  name: string;
  state: Exclude<PresenceState, 'left'>;
  /** When last heard from (this browser's clock). */
  seen: number;
}

export class PresenceController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #me: () => number | undefined;
  #reference: string | null = null;
  #others = new Map<string, OtherAgent>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #typingSent = 0;
  #typingIdle: ReturnType<typeof setTimeout> | undefined;
  #off: (() => void) | null = null;
  readonly #pagehide = () => this.#say('left', true);
  readonly #pageshow = (e: PageTransitionEvent) => e.persisted && this.#say('viewing');

  /** `me` is the signed-in staff user's id (their own events are not "others"). */
  constructor(host: ReactiveControllerHost, me: () => number | undefined) {
    this.#host = host;
    this.#me = me;
    host.addController(this);
  }

  /** The other agents in this case now, typing ones first. */
  get others(): OtherAgent[] {
    return [...this.#others.values()].sort((a, b) => (a.state === b.state ? a.name.localeCompare(b.name) : a.state === 'typing' ? -1 : 1));
  }

  hostConnected(): void {
    this.#off = liveEvents.add({ presence: (e) => this.#heard(e), reconnected: () => this.#say('viewing') });
    window.addEventListener('pagehide', this.#pagehide);
    window.addEventListener('pageshow', this.#pageshow);
    this.#heartbeat = setInterval(() => {
      if (this.#reference && this.#typingSent === 0) this.#say('viewing');
      this.#expire();
    }, PRESENCE_TIMING.heartbeatMs);
    if (this.#reference) this.#say('viewing');
  }

  hostDisconnected(): void {
    this.#off?.();
    window.removeEventListener('pagehide', this.#pagehide);
    window.removeEventListener('pageshow', this.#pageshow);
    clearInterval(this.#heartbeat);
    clearTimeout(this.#typingIdle);
    if (this.#reference) this.#say('left', true);
  }

  /** The case now on screen (null: none). Says "left" to the previous one and "viewing" to this one. */
  setReference(reference: string | null): void {
    if (reference === this.#reference) return;
    if (this.#reference) this.#say('left', true);
    this.#reference = reference;
    this.#others.clear();
    this.#typingSent = 0;
    if (reference) this.#say('viewing');
    this.#host.requestUpdate();
  }

  /** Call on every keystroke in the composer. */
  typing(): void {
    if (!this.#reference) return;
    const now = Date.now();
    if (now - this.#typingSent >= PRESENCE_TIMING.typingMs) {
      this.#typingSent = now;
      this.#say('typing');
    }
    clearTimeout(this.#typingIdle);
    this.#typingIdle = setTimeout(() => {
      this.#typingSent = 0;
      this.#say('viewing');
    }, PRESENCE_TIMING.typingMs);
  }

  #say(state: PresenceState, keepalive = false): void {
    const ref = this.#reference;
    if (!ref) return;
    // Presence is a courtesy: a failure is not worth a message.
    api()
      .staffPresence(ref, state, keepalive ? { keepalive: true } : {})
      .catch(() => undefined);
  }

  #heard(e: PresenceEvent): void {
    // `by`, not `user.id`: an API token's id may equal a user's (`staff:7` is not `user:7`).
    if (e.reference !== this.#reference || e.by === `user:${this.#me()}`) return;
    if (e.state === 'left') this.#others.delete(e.by);
    else this.#others.set(e.by, { by: e.by, id: e.user.id, name: e.user.name, state: e.state, seen: Date.now() });
    this.#host.requestUpdate();
  }

  #expire(): void {
    const before = this.#others.size;
    for (const [by, o] of this.#others) if (Date.now() - o.seen > PRESENCE_TIMING.expireMs) this.#others.delete(by);
    if (this.#others.size !== before) this.#host.requestUpdate();
  }
}
