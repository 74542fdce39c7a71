// Every option of the widget with its default. The code reads these, and docs/widget.md lists
// them; change one here and in the docs together.

/** Options a site sets on the embed script (`data-*`) or on `<ayuda-widget>` (attributes). */
export const WIDGET_DEFAULTS = {
  /** The Ayuda server. Embed: the folder `embed.js` was loaded from. npm: `location.origin`. */
  server: '',
  /** `es` or `en`. Unset: the element's `lang`, then `<html lang>`, then `fallbackLocale`. */
  locale: '',
  fallbackLocale: 'es',
  /** Corner of the launcher and panel: `bottom-right` or `bottom-left` (mirrored in RTL). */
  position: 'bottom-right',
  /** `auto` follows `prefers-color-scheme`; `light` or `dark` forces one. */
  theme: 'auto',
  /** `idle`: download the panel's code when the browser is idle (it runs on hover, focus or open); `interaction`: download it only then. */
  preload: 'idle',
  /** `on` sends anonymous search and article analytics to the server; `off` sends nothing. */
  analytics: 'on',
  /** Where "contact support" leads when no page script handles `ayuda-contact`. Unset: nowhere. */
  contactUrl: '',
} as const;

/** Tunables of the search box and analytics (not attributes). */
export const BEHAVIOUR = {
  /** Results shown for a query. */
  resultLimit: 8,
  /** Milliseconds without typing after which a query counts as settled (one analytics event). */
  searchSettleMs: 1200,
  /** Milliseconds analytics events wait to be sent together. */
  analyticsFlushMs: 1500,
  /** Idle-callback timeout of the `idle` preload, in milliseconds. */
  idlePreloadTimeoutMs: 4000,
  /**
   * While someone searches, whether the index is still current is checked at most this often
   * (its metadata's revision; a 304 when unchanged, the index downloaded again only when the
   * revision changed), so an article published meanwhile shows within about a second on a page
   * left open.
   */
  indexRecheckMs: 1000,
} as const;

export type Position = 'bottom-right' | 'bottom-left';
export type Theme = 'auto' | 'light' | 'dark';

/** Defaults set by the embed (server and locale from the script tag) for components without their own. */
export const pageDefaults: { server?: string; locale?: string } = {};

const warned = new Set<string>();
/** Warns a developer once per message, in a sentence that says how to fix it. Never throws. */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(message);
}
