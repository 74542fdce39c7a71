// The ALTCHA widget (the case form's and the fast lane's captcha), loaded only when one asks
// for it (through CaptchaController), made to work inside a shadow root and under a strict CSP
// (`script-src 'self'`, `style-src 'self'`, no `blob:` workers):
//  - `altcha/external` is the build without inline styles or inlined workers; its CSS is
//    adopted into our shadow root as a constructed stylesheet (allowed by any CSP);
//  - the proof of work runs on the page's thread in short slices, through an object that speaks
//    the altcha worker protocol, because a real Worker would need a file on the page's own
//    origin (cross-site embeds) or a `blob:` URL (forbidden by a strict CSP). The work is small
//    (AYUDA_CAPTCHA_MAX_NUMBER hashes at most; about a second at the default).

import type { CaptchaChallenge } from '@ayuda/client';

interface WorkMessage {
  type: 'work' | 'abort';
  challenge: { parameters: { algorithm: string; nonce: string; salt: string; keyPrefix: string; cost?: number; keyLength?: number } };
  counterMode?: 'uint32' | 'string';
  counterStart?: number;
  counterStep?: number;
  timeout?: number;
}

const hex = (s: string) => new Uint8Array((s.match(/../g) ?? []).map((b) => parseInt(b, 16)));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** Solves one altcha (v2, SHA-*) challenge the way its `sha` worker does, yielding to the page every few milliseconds. */
async function solve(m: WorkMessage, aborted: () => boolean): Promise<{ counter: number; derivedKey: string; time: number } | null> {
  const { algorithm, nonce, salt, keyPrefix } = m.challenge.parameters;
  const cost = Math.max(1, m.challenge.parameters.cost ?? 1);
  const keyLength = m.challenge.parameters.keyLength ?? 32;
  const nonceBuf = hex(nonce);
  const saltBuf = hex(salt);
  const prefixBuf = keyPrefix.length % 2 === 0 ? hex(keyPrefix) : null;
  const enc = new TextEncoder();
  const start = performance.now();
  let lastYield = start;
  const step = m.counterStep ?? 1;
  for (let counter = m.counterStart ?? 0; ; counter += step) {
    if (aborted() || (m.timeout && performance.now() - start > m.timeout)) return null;
    let password: Uint8Array;
    if (m.counterMode === 'string') {
      const c = enc.encode(String(counter));
      password = new Uint8Array(nonceBuf.length + c.length);
      password.set(nonceBuf);
      password.set(c, nonceBuf.length);
    } else {
      password = new Uint8Array(nonceBuf.length + 4);
      password.set(nonceBuf);
      new DataView(password.buffer).setUint32(nonceBuf.length, counter, false);
    }
    let data = new Uint8Array(saltBuf.length + password.length);
    data.set(saltBuf);
    data.set(password, saltBuf.length);
    let key = data;
    for (let i = 0; i < cost; i++) {
      key = new Uint8Array((await crypto.subtle.digest(algorithm, data)).slice(0, keyLength));
      data = key;
    }
    if (prefixBuf ? prefixBuf.every((b, i) => key[i] === b) : toHex(key).startsWith(keyPrefix)) {
      return { counter, derivedKey: toHex(key), time: Math.round((performance.now() - start) * 10) / 10 };
    }
    if (performance.now() - lastYield > 12) {
      await new Promise((r) => setTimeout(r, 0));
      lastYield = performance.now();
    }
  }
}

/** An in-page stand-in for altcha's worker: the same messages, no Worker. */
class InPageWorker extends EventTarget {
  #aborted = false;
  postMessage(m: WorkMessage): void {
    if (m.type === 'abort') {
      this.#aborted = true;
      return;
    }
    this.#aborted = false;
    solve(m, () => this.#aborted).then(
      (data) => this.dispatchEvent(new MessageEvent('message', { data })),
      (err: unknown) => this.dispatchEvent(new MessageEvent('message', { data: { error: String(err) } })),
    );
  }
  terminate(): void {
    this.#aborted = true;
  }
}

let loading: Promise<CSSStyleSheet> | undefined;

/**
 * Loads and sets up `<altcha-widget>` (once) and resolves to its stylesheet, to adopt into the
 * shadow root that shows it. `strings` are its texts in the page's language.
 */
export function loadAltcha(lang: string, strings: Record<string, string>): Promise<CSSStyleSheet> {
  loading ??= (async () => {
    await import('altcha/external');
    const altcha = globalThis.$altcha!;
    for (const alg of ['SHA-256', 'SHA-384', 'SHA-512']) altcha.algorithms.set(alg, () => new InPageWorker() as unknown as Worker);
    const sheet = new CSSStyleSheet();
    try {
      // Its variables are declared on :root, which matches nothing inside a shadow root. Taken
      // as written (`?raw`): the CSS pipeline would lower its `light-dark()` colours into
      // variables only its own `color-scheme` rules set, leaving the checkbox without a border.
      // As written, they follow the `color-scheme` our theme sets on the host, dark mode included.
      // Its `all: revert-layer` also resets `color-scheme`; it is given back so that it follows ours.
      const css = (await import('altcha/altcha.css?raw')).default.replace(/:root\b/g, ':host');
      sheet.replaceSync(`${css}\n.altcha,.altcha *,.altcha-popover,.altcha-popover *{color-scheme:inherit}`);
    } catch {
      /* unstyled, still usable (a dev server that cannot inline CSS) */
    }
    return sheet;
  })();
  loading.catch(() => (loading = undefined));
  return loading.then((sheet) => {
    const altcha = globalThis.$altcha!;
    altcha.i18n.set(lang, { ...(altcha.i18n.get('en') ?? {}), ...strings });
    return sheet;
  });
}

/** A new `<altcha-widget>` for `challenge`: attributes are set before it is inserted, as the widget reads them once. */
export function createAltcha(challenge: CaptchaChallenge, lang: string): HTMLElement {
  const el = document.createElement('altcha-widget');
  el.setAttribute('challenge', JSON.stringify(challenge));
  el.setAttribute('language', lang);
  el.setAttribute('name', 'altcha');
  el.setAttribute('workers', '1');
  el.setAttribute('configuration', JSON.stringify({ hideFooter: true, hideLogo: true, minDuration: 0, disableAutoFocus: true }));
  return el;
}
