// Messages for the person at the screen (done, undone, lost connection), shown and announced by
// the app's live regions: `info` politely, `error` at once.
export type NoticeTone = 'info' | 'error';
export interface Notice {
  id: number;
  message: string;
  tone: NoticeTone;
}

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
