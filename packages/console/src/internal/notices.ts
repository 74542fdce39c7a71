// Messages for the person at the screen (done, undone, lost connection), shown and announced by
// the app's live regions: `info` politely, `error` at once. What is on screen is a NoticeList:
// an info message goes by itself after a while (not while the pointer or the focus is on the
// messages), an error stays until closed, and a message said again replaces the same one on
// screen rather than stacking under it.
export type NoticeTone = 'info' | 'error';
export interface Notice {
  id: number;
  message: string;
  tone: NoticeTone;
}

export const NOTICE_DEFAULTS = {
  /** How long an info message stays on screen (ms); errors stay until closed. */
  infoMs: 8000,
  /** Messages on screen at most: the oldest goes first. */
  max: 3,
};

const target = new EventTarget();
let seq = 0;

/** Shows (and announces) a message. */
export function notify(message: string, tone: NoticeTone = 'info'): void {
  target.dispatchEvent(new CustomEvent<Notice>('notice', { detail: { id: ++seq, message, tone } }));
}

/** Calls `fn` for each message until the returned function is called. */
export function onNotice(fn: (n: Notice) => void): () => void {
  const h = (e: Event) => fn((e as CustomEvent<Notice>).detail);
  target.addEventListener('notice', h);
  return () => target.removeEventListener('notice', h);
}

/** The messages on screen, oldest first; `onChange` gets the new list at each change. */
export class NoticeList {
  #items: Notice[] = [];
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();
  #held = false;

  constructor(
    private readonly onChange: (items: Notice[]) => void,
    private readonly o: { infoMs: number; max: number } = NOTICE_DEFAULTS,
  ) {}

  get items(): readonly Notice[] {
    return this.#items;
  }

  /** Shows `n`; the same message already on screen (same words and tone) goes, so the two do not stack. */
  add(n: Notice): void {
    for (const x of this.#items) if (x.message === n.message && x.tone === n.tone) this.#clear(x.id);
    const kept = this.#items.filter((x) => x.message !== n.message || x.tone !== n.tone);
    const dropped = kept.slice(0, Math.max(0, kept.length - (this.o.max - 1)));
    for (const x of dropped) this.#clear(x.id);
    this.#items = [...kept.slice(dropped.length), n];
    if (n.tone === 'info' && !this.#held) this.#time(n.id);
    this.onChange(this.#items);
  }

  dismiss(id: number): void {
    this.#clear(id);
    const before = this.#items.length;
    this.#items = this.#items.filter((x) => x.id !== id);
    if (this.#items.length !== before) this.onChange(this.#items);
  }

  /**
   * While held (the pointer or the focus on the messages) no info message goes; released, each
   * gets its whole time again, so someone reading or reaching for Close does not lose it.
   */
  hold(held: boolean): void {
    if (held === this.#held) return;
    this.#held = held;
    for (const n of this.#items) {
      if (n.tone !== 'info') continue;
      if (held) this.#clear(n.id);
      else this.#time(n.id);
    }
  }

  /** Stops every timer (the app leaves the page). */
  dispose(): void {
    for (const id of [...this.#timers.keys()]) this.#clear(id);
  }

  #time(id: number): void {
    this.#clear(id);
    this.#timers.set(
      id,
      setTimeout(() => this.dismiss(id), this.o.infoMs),
    );
  }

  #clear(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }
}
