// Keyboard shortcuts: one list (which the `?` dialog and docs/console.md show) and a controller
// that binds some of them while its host is on screen. A shortcut does nothing while the person
// types in a field (Escape excepted), with a modifier held, or while a modal dialog is open.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Catalogue } from '../i18n/types.js';

export type ShortcutName = keyof Catalogue['shortcuts'];

/** Every shortcut, in the order the `?` dialog lists them. `keys` as shown to people. */
export const SHORTCUTS: ReadonlyArray<{ name: ShortcutName; keys: string[] }> = [
  { name: 'j', keys: ['j'] },
  { name: 'k', keys: ['k'] },
  { name: 'enter', keys: ['Enter'] },
  { name: 'r', keys: ['r'] },
  { name: 'n', keys: ['n'] },
  { name: 'a', keys: ['a'] },
  { name: 's', keys: ['s'] },
  { name: 'slash', keys: ['/'] },
  { name: 'help', keys: ['?'] },
  { name: 'escape', keys: ['Escape'] },
  { name: 'send', keys: ['Ctrl', 'Enter'] },
];

/** The `KeyboardEvent.key` of each single-key shortcut. */
const KEY_OF: Partial<Record<ShortcutName, string>> = { j: 'j', k: 'k', enter: 'Enter', r: 'r', n: 'n', a: 'a', s: 's', slash: '/', help: '?', escape: 'Escape' };

/** Whether the event comes from somewhere the person types (through shadow roots). */
export function isTyping(e: Event): boolean {
  for (const t of e.composedPath()) {
    if (!(t instanceof HTMLElement)) continue;
    if (t.isContentEditable) return true;
    const tag = t.localName;
    if (tag === 'textarea' || tag === 'select') return true;
    if (tag === 'input') {
      const type = (t as HTMLInputElement).type;
      return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
    }
  }
  return false;
}

let paused = 0;
/** While a modal dialog is open its own keys apply, not the page's; call the result to resume. */
export function pauseShortcuts(): () => void {
  paused++;
  let done = false;
  return () => {
    if (!done) paused--;
    done = true;
  };
}

export type ShortcutHandlers = Partial<Record<ShortcutName, (e: KeyboardEvent) => void | false>>;

export class ShortcutController implements ReactiveController {
  readonly #handlers: () => ShortcutHandlers;
  readonly #onKey = (e: KeyboardEvent) => this.handle(e);

  /** `handlers` is read at each key press, so it can depend on the host's state. */
  constructor(host: ReactiveControllerHost, handlers: () => ShortcutHandlers) {
    this.#handlers = handlers;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('keydown', this.#onKey);
  }

  hostDisconnected(): void {
    window.removeEventListener('keydown', this.#onKey);
  }

  /** Runs the handler the key is bound to; true when one ran. */
  handle(e: KeyboardEvent): boolean {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return false;
    // A modal dialog handles its own keys, Escape included (it closes the dialog).
    if (paused > 0) return false;
    if (e.key !== 'Escape' && isTyping(e)) return false;
    const handlers = this.#handlers();
    for (const [name, key] of Object.entries(KEY_OF) as Array<[ShortcutName, string]>) {
      const fn = handlers[name];
      // A handler that returns false declines (the key keeps its native meaning).
      if (fn && e.key === key && fn(e) !== false) {
        e.preventDefault();
        return true;
      }
    }
    return false;
  }
}
