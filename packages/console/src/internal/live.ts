// Live updates: one EventSource on /api/v1/staff/events for the whole console, reconnected
// with backoff when the server closes it (EventSource itself retries only network drops), and
// a controller through which a component hears `case` and `presence` events while it is on
// screen, and `reconnected` after a gap (when it should reload what it shows).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CaseEvent, PresenceEvent } from '@ayuda/client/staff';

export type LiveState = 'off' | 'connecting' | 'open' | 'lost';

interface Listeners {
  case?(e: CaseEvent): void;
  presence?(e: PresenceEvent): void;
  /** The stream is back after a gap: events may have been missed. */
  reconnected?(): void;
  state?(s: LiveState): void;
}

export interface LiveOptions {
  /** Makes the EventSource (tests give a fake). */
  eventSource?: (url: string) => EventSource;
  /** Milliseconds before the first reconnection; doubled up to `maxDelayMs`. */
  delayMs?: number;
  maxDelayMs?: number;
}

class LiveEvents {
  state: LiveState = 'off';
  readonly #listeners = new Set<Listeners>();
  #source: EventSource | null = null;
  #url = '';
  #opts: Required<LiveOptions> = { eventSource: (u) => new EventSource(u), delayMs: 1000, maxDelayMs: 30_000 };
  #delay = 1000;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #hadGap = false;

  /** Opens the stream (again, if the URL or options change). */
  start(url: string, opts: LiveOptions = {}): void {
    this.stop();
    this.#url = url;
    this.#opts = { ...this.#opts, ...opts };
    this.#delay = this.#opts.delayMs;
    this.#hadGap = false;
    this.#open();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#source?.close();
    this.#source = null;
    this.#set('off');
  }

  add(l: Listeners): () => void {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  }

  #set(s: LiveState) {
    if (this.state === s) return;
    this.state = s;
    for (const l of this.#listeners) l.state?.(s);
  }

  #open() {
    this.#set(this.#hadGap ? 'lost' : 'connecting');
    const es = this.#opts.eventSource(this.#url);
    this.#source = es;
    es.addEventListener('open', () => {
      this.#delay = this.#opts.delayMs;
      this.#set('open');
      if (this.#hadGap) for (const l of this.#listeners) l.reconnected?.();
      this.#hadGap = false;
    });
    es.addEventListener('error', () => {
      if (this.#source !== es) return;
      this.#hadGap = true;
      this.#set('lost');
      // CONNECTING: the browser retries by itself. CLOSED (an HTTP error, e.g. 401 or 503): we do.
      if (es.readyState === 2) {
        es.close();
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => this.#source === es && this.#open(), this.#delay);
        this.#delay = Math.min(this.#delay * 2, this.#opts.maxDelayMs);
      }
    });
    const forward = <T>(type: 'case' | 'presence') => (e: Event) => {
      let data: T;
      try {
        data = JSON.parse((e as MessageEvent<string>).data) as T;
      } catch {
        return;
      }
      for (const l of this.#listeners) (l[type] as ((d: T) => void) | undefined)?.(data);
    };
    es.addEventListener('case', forward<CaseEvent>('case'));
    es.addEventListener('presence', forward<PresenceEvent>('presence'));
  }
}

/** The console's one stream of live events. */
export const liveEvents = new LiveEvents();

/** Hears live events while the host is connected. */
export class LiveController implements ReactiveController {
  readonly #listeners: Listeners;
  #off: (() => void) | null = null;
  constructor(host: ReactiveControllerHost, listeners: Listeners) {
    this.#listeners = listeners;
    host.addController(this);
  }
  get state(): LiveState {
    return liveEvents.state;
  }
  hostConnected(): void {
    this.#off = liveEvents.add(this.#listeners);
  }
  hostDisconnected(): void {
    this.#off?.();
    this.#off = null;
  }
}
