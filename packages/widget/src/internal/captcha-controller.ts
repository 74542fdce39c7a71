// The ALTCHA checkbox as a reactive controller, shared by <ayuda-case-form> and <ayuda-fastlane>:
// it fetches a challenge (cancellable), creates the <altcha-widget> with the challenge already
// set (the widget reads its attributes once, when it is inserted), adopts ALTCHA's stylesheet
// into the host's shadow root, and tracks the checkbox until it is solved, fails or expires.
// The host renders `element` where the checkbox goes; the code and ALTCHA load only on `load()`.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AyudaClient } from '@ayuda/client';

/** `off`: none asked for; `loading`: challenge and code on their way; `ready`: shown, not ticked; `solved`: ticked, `payload` set; `error`: could not load. */
export type CaptchaState = 'off' | 'loading' | 'ready' | 'solved' | 'error';

export interface CaptchaControllerOptions {
  /** What the challenge is for (the server issues one per purpose). */
  purpose: 'cases' | 'fastlane';
  /** The client that asks the host's server for a challenge. */
  client: () => Pick<AyudaClient, 'captchaChallenge'>;
  /** The checkbox was ticked and verified. */
  onSolved?: () => void;
  /** The challenge expired (they live ten minutes); by default a new one replaces it. */
  onExpired?: () => void;
}

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

export class CaptchaController implements ReactiveController {
  state: CaptchaState = 'off';
  /** The verified solution to send with the form, or ''. */
  payload = '';
  /** The `<altcha-widget>` to render, once loaded. */
  element: HTMLElement | null = null;
  /** Why the last load failed. */
  error: unknown;

  readonly #host: Host;
  readonly #options: CaptchaControllerOptions;
  #abort: AbortController | undefined;
  #last: { locale: string; strings: Record<string, string> } | undefined;
  #interrupted = false;

  constructor(host: Host, options: CaptchaControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    // A load cut short by a disconnect (the element moved in the page) starts again.
    if (this.#interrupted && this.#last) void this.load(this.#last.locale, this.#last.strings).catch(() => undefined);
  }

  hostDisconnected(): void {
    if (this.state === 'loading') this.#interrupted = true;
    this.#abort?.abort();
  }

  /**
   * Loads ALTCHA (its own chunks) and a fresh challenge, and makes the checkbox `element`, in
   * `locale` with `strings` (its texts). A load started later, `reset()` or a disconnect cancels
   * it (it then resolves quietly); a failure rejects, with `state` 'error'.
   */
  async load(locale: string, strings: Record<string, string>): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.#last = { locale, strings };
    this.#interrupted = false;
    this.payload = '';
    this.element = null;
    this.#set('loading');
    try {
      const [[m, sheet], challenge] = await Promise.all([
        import('./altcha.js').then(async (m) => [m, await m.loadAltcha(locale, strings)] as const),
        this.#options.client().captchaChallenge(this.#options.purpose, { signal: abort.signal }),
      ]);
      if (abort.signal.aborted) return;
      const root = this.#host.renderRoot as ShadowRoot;
      if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      const el = m.createAltcha(challenge, locale);
      el.addEventListener('statechange', (e) => {
        if (this.element !== el) return;
        const d = (e as CustomEvent<{ state: string; payload?: string | null }>).detail;
        this.payload = d.state === 'verified' && d.payload ? d.payload : '';
        this.#set(this.payload ? 'solved' : 'ready');
        if (this.payload) this.#options.onSolved?.();
        if (d.state === 'expired') (this.#options.onExpired ?? (() => void this.load(locale, strings).catch(() => undefined)))();
      });
      this.element = el;
      this.#set('ready');
    } catch (err) {
      if (abort.signal.aborted) return;
      this.error = err;
      this.#set('error');
      throw err;
    }
  }

  /** No checkbox: cancels a load and forgets the solution. */
  reset(): void {
    this.#abort?.abort();
    this.#interrupted = false;
    this.payload = '';
    this.element = null;
    this.#set('off');
  }

  /** Moves focus to the checkbox (after "tick the box first"). */
  focus(): void {
    this.element?.querySelector<HTMLElement>('input')?.focus();
  }

  #set(state: CaptchaState): void {
    this.state = state;
    this.#host.requestUpdate();
  }
}
