// <ayuda-widget>: the floating launcher and the shell of the help panel. Written without Lit on
// purpose: it ships in the embed, which must stay under 4 KB, and it loads the panel (Lit, the
// components, the search engine) only when the launcher is hovered, focused or opened, or the
// browser is idle.
import { BEHAVIOUR, WIDGET_DEFAULTS } from '../config.js';
import { emit, type CloseReason, type OpenSource } from '../events.js';
import { loadCatalogue } from '../i18n/index.js';
import { deepActiveElement } from '../internal/focus.js';
import { resolveLocale } from '../internal/locale.js';
import type { AyudaPanel } from '../panel/panel.js';
import { widgetCss } from './widget.styles.js';

let sheet: CSSStyleSheet | undefined;
// The launcher's label in each language, written in by the build from the catalogues
// (scripts/launcher-labels.mjs): the launcher shows in the page's first frame, with no
// catalogue download. The rest of the catalogue loads with the panel.
declare const __AYUDA_LAUNCHER_LABELS__: Readonly<Record<string, string>>;
// The CDN build writes the panel's chunk files here (comma-separated). At idle the embed only
// downloads them into the HTTP cache: parsing and running them waits for a hover, focus or open,
// so a page that never uses the widget spends no main-thread time on it. Empty elsewhere.
const CHUNKS = '__AYUDA_PANEL_CHUNKS__';
const PASSED = ['server', 'locale', 'theme', 'position', 'contact-url', 'analytics', 'topic'];

// The launcher is a manual popover so that it sits in the top layer: no page stacking context,
// z-index or transformed ancestor can hide it or move it.
// (No `type="button"`: inside a shadow root no form can own it.)
const template = `<button part="launcher" popover="manual" aria-haspopup="dialog" aria-expanded="false" aria-controls="panel">
<svg class="open" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2h-9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>
<svg class="shut" viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" d="M6 6l12 12M18 6L6 18"/></svg>
<span part="launcher-label"></span></button>`;

/**
 * The help launcher: a floating button that opens the help panel (search, categories,
 * articles). Full screen under 480 px wide. Keyboard focus stays inside the panel while it is
 * open and returns where it was when it closes.
 *
 * @summary Floating help launcher and panel.
 *
 * @customElement ayuda-widget
 *
 * @attr server - The Ayuda server's URL. Default: the embed's server, else this page's origin.
 * @attr locale - `es` or `en`. Default: the nearest `lang` attribute, then `<html lang>`.
 * @attr theme - `light` or `dark`; unset follows `prefers-color-scheme`.
 * @attr position - `bottom-right` (default) or `bottom-left`; mirrored in right-to-left pages.
 * @attr preload - `idle` (default) downloads the panel's code when the browser is idle (it runs on hover, focus or open); `interaction` downloads it only then.
 * @attr contact-url - Where "Contact support" leads when no script handles `ayuda-contact`.
 * @attr analytics - `off` sends no analytics to the server.
 * @attr topic - The page's topic: a category key of the knowledge base (`billing`, `router-wifi`). The panel's home then lists that topic's most-read articles; unset, or a key without public articles (a console warning says so), those of every topic.
 * @attr open - Present while the panel is open (read-only; use `open()` and `close()`).
 *
 * @event ayuda-open - The panel opened. `detail: { source: 'launcher' | 'api' }`.
 * @event ayuda-request-close - Cancelable; fired before the panel closes. `preventDefault()` keeps it open. `detail: { reason }`.
 * @event ayuda-close - The panel closed. `detail: { reason: 'close-button' | 'escape' | 'launcher' | 'outside' | 'api' }`.
 * @event ayuda-locale-change - The widget switched language. `detail: { locale }`.
 *
 * @csspart launcher - The floating button.
 * @csspart launcher-label - The button's text (visually hidden under 480 px).
 * @csspart panel - The help panel (the dialog).
 * @csspart panel-base - The panel's content root.
 * @csspart announcements - The home's active announcements (a polite live region, there from the start).
 * @csspart announcement - One announcement: `.ann-info`, `.ann-warning` or `.ann-critical`.
 * @csspart header - The panel's bar with the back button, title and close button.
 * @csspart back-button - The panel's back button.
 * @csspart title - The panel's title.
 * @csspart close-button - The panel's close button.
 * @csspart body - The scrolling area with the current view.
 * @csspart home-title - The home view's heading.
 * @csspart most-read - The home view's most-read articles, above the categories.
 * @csspart most-read-heading - Their heading.
 * @csspart most-read-list - Their list.
 * @csspart most-read-item - One article's link.
 * @csspart contact - The home view's contact block, above the categories: its button and the usual reply time.
 * @csspart contact-button - The home view's "Contact support" button (the only one after a search without results).
 * @csspart booking-button - The home view's "Book a call" button, beside it (shown when the server offers appointment types).
 * @csspart usual-reply - "We usually reply within 3 hrs" under the contact button (absent while too few cases were answered).
 * @csspart fastlane-button - The home view's "Get faster help" button.
 * @csspart usual-reply-fast - "With Priority support: 20 min" under the fast-lane button (absent while too few cases, or the fast lane is off).
 * @csspart requests-button - The home view's "My requests" link (the customer's cases, payments and data, after sign-in).
 * @csspart footer - The panel's footer with the link to the help portal.
 * @csspart search-* - The parts of the `<ayuda-search>` inside, prefixed: `search-input`, `search-result`, ….
 * @csspart article-* - The parts of the `<ayuda-article>` inside, prefixed: `article-title`, `article-content`, ….
 * @csspart categories-* - The parts of the `<ayuda-categories>` inside, prefixed: `categories-item`, ….
 * @csspart case-form-* - The parts of the `<ayuda-case-form>` inside, prefixed: `case-form-input`, ….
 * @csspart fastlane-* - The parts of the `<ayuda-fastlane>` inside, prefixed: `fastlane-plan`, ….
 * @csspart booking-* - The parts of the `<ayuda-booking>` inside, prefixed: `booking-day`, `booking-submit-button`, ….
 *
 * @cssproperty --ayuda-color-primary - Brand colour: launcher, header, buttons, links.
 * @cssproperty --ayuda-color-on-primary - Text on the brand colour.
 * @cssproperty --ayuda-color-background - Panel background.
 * @cssproperty --ayuda-color-surface - Hovered and selected rows.
 * @cssproperty --ayuda-color-text - Body text.
 * @cssproperty --ayuda-color-muted - Secondary text.
 * @cssproperty --ayuda-color-border - Borders and separators.
 * @cssproperty --ayuda-color-link - Links (default: the primary colour).
 * @cssproperty --ayuda-color-link-dark - Links in dark mode (default: the link colour).
 * @cssproperty --ayuda-color-focus - Focus ring (default: the link colour).
 * @cssproperty --ayuda-color-mark - Highlight behind matched words.
 * @cssproperty --ayuda-color-mark-text - Text of matched words.
 * @cssproperty --ayuda-font - Font family.
 * @cssproperty --ayuda-font-size - Base font size (default 16px).
 * @cssproperty --ayuda-radius - Corner radius (default 12px).
 * @cssproperty --ayuda-shadow - Shadow of the launcher and panel.
 * @cssproperty --ayuda-launcher-size - Launcher height (default 56px).
 * @cssproperty --ayuda-launcher-radius - Launcher corner radius (default: half its height, a pill).
 * @cssproperty --ayuda-widget-offset - Distance from the window's edges (default 20px).
 * @cssproperty --ayuda-z-index - Stacking order (default 2147483000).
 */
export class AyudaWidget extends HTMLElement {
  static observedAttributes = PASSED;

  /** The launcher's text per language, over the built-in one (the embed sets the site's theme's). Set `locale` again to show a change. */
  declare launcherLabels?: Readonly<Record<string, string>> | undefined;

  readonly #root: ShadowRoot;
  readonly #button: HTMLButtonElement;
  #panel: AyudaPanel | undefined;
  #loading: Promise<unknown> | undefined;
  #open = false;
  #returnTo: Element | null = null;
  #outside = (e: Event) => {
    if (!e.composedPath().includes(this)) void this.close('outside');
  };

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    sheet ??= new CSSStyleSheet();
    if (!sheet.cssRules.length) sheet.replaceSync(widgetCss);
    this.#root.adoptedStyleSheets = [sheet];
    this.#root.innerHTML = template;
    this.#button = this.#root.querySelector('button')!;
    this.#button.addEventListener('click', () => void this.toggle('launcher'));
    const warm = () => void this.preload().catch(() => undefined);
    for (const t of ['pointerenter', 'focus']) this.#button.addEventListener(t, warm, { once: true, passive: true });
  }

  connectedCallback(): void {
    this.#relabel();
    if ((this.getAttribute('preload') ?? WIDGET_DEFAULTS.preload) !== 'idle') return;
    const files = CHUNKS.startsWith('__') ? [] : CHUNKS.split(',');
    // The page's catalogue too (2-3 KB gzip), so that the panel opens with its texts.
    const warm = () =>
      files.length
        ? [...files.map((f) => fetch(new URL(f, import.meta.url), { priority: 'low' } as RequestInit)), loadCatalogue(this.currentLocale)].map((p) => p.catch(() => undefined))
        : void this.preload().catch(() => undefined);
    const idle = () => (window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 200)))(warm, { timeout: BEHAVIOUR.idlePreloadTimeoutMs });
    if (document.readyState === 'complete') idle();
    else addEventListener('load', idle, { once: true });
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (name === 'locale') this.#relabel();
    if (this.#panel) {
      if (value === null) this.#panel.removeAttribute(name);
      else this.#panel.setAttribute(name, value);
    }
  }

  /** True while the panel is open. */
  get isOpen(): boolean {
    return this.#open;
  }

  /** The locale in use. */
  get currentLocale(): string {
    return resolveLocale(this, this.getAttribute('locale'), 'ayuda-widget');
  }

  #relabel(): void {
    const locale = this.currentLocale;
    this.#button.lastElementChild!.textContent = this.launcherLabels?.[locale] || __AYUDA_LAUNCHER_LABELS__[locale]!;
    this.#button.lang = locale;
    if (this.isConnected && !this.#button.matches(':popover-open')) this.#button.showPopover?.();
  }

  /** Loads the panel's code (once): Lit, the components, the search box, and the page's catalogue. Nothing renders until the first open. */
  preload(): Promise<unknown> {
    this.#loading ??= Promise.all([import('../define/ayuda-panel.js'), loadCatalogue(this.currentLocale)]).catch((err: unknown) => {
      this.#loading = undefined;
      console.warn(`Ayuda: could not load the help panel (${String(err)}); is the server up?`);
      throw err;
    });
    return this.#loading;
  }

  async #ensurePanel(): Promise<AyudaPanel> {
    await this.preload();
    if (this.#panel) return this.#panel;
    const panel = document.createElement('ayuda-panel');
    panel.id = 'panel';
    panel.setAttribute('popover', 'manual');
    for (const a of PASSED) {
      const v = this.getAttribute(a);
      if (v !== null) panel.setAttribute(a, v);
    }
    panel.addEventListener('ayuda-panel-dismiss', (e) => void this.close((e as CustomEvent<{ reason: CloseReason }>).detail.reason));
    panel.addEventListener('ayuda-locale-change', (e) => this.setAttribute('locale', e.detail.locale));
    this.#root.append(panel);
    return (this.#panel = panel);
  }

  /** Opens the panel. */
  async open(source: OpenSource = 'api'): Promise<void> {
    if (this.#open) return;
    this.#open = true;
    this.#returnTo = deepActiveElement();
    // Until focus is in the panel (its code may still be loading), Escape anywhere closes it;
    // once it is, the panel handles Escape itself (and marks the event handled).
    const escape = (e: KeyboardEvent) => e.key === 'Escape' && !e.defaultPrevented && void this.close('escape');
    document.addEventListener('keydown', escape);
    try {
      const panel = await this.#ensurePanel();
      if (!this.#open) return;
      panel.toggleAttribute('open', true);
      panel.showPopover?.();
      this.toggleAttribute('open', true);
      this.#button.setAttribute('aria-expanded', 'true');
      document.addEventListener('pointerdown', this.#outside, true);
      panel.prefetch();
      await panel.focusStart();
      emit(this, 'ayuda-open', { source });
    } catch {
      this.#open = false;
    } finally {
      document.removeEventListener('keydown', escape);
    }
  }

  /** Closes the panel unless an `ayuda-request-close` listener prevents it; resolves to whether it closed. */
  async close(reason: CloseReason = 'api'): Promise<boolean> {
    if (!this.#open) return true;
    if (!emit(this, 'ayuda-request-close', { reason }, true)) return false;
    this.#open = false;
    const panel = this.#panel;
    if (panel) {
      if (panel.matches(':popover-open')) panel.hidePopover();
      panel.removeAttribute('open');
    }
    this.removeAttribute('open');
    this.#button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', this.#outside, true);
    const back = this.#returnTo;
    this.#returnTo = null;
    ((back as HTMLElement | null)?.isConnected && back !== document.body ? (back as HTMLElement) : this.#button).focus();
    emit(this, 'ayuda-close', { reason });
    return true;
  }

  /** Opens the panel, or closes it when open. */
  toggle(source: OpenSource = 'api'): Promise<unknown> {
    return this.#open ? this.close(source === 'launcher' ? 'launcher' : 'api') : this.open(source);
  }

  /** Opens the panel and searches `query`. */
  async search(query: string): Promise<void> {
    await this.open();
    await this.#panel?.search(query);
  }

  /** Opens the panel on an article. */
  async show(slug: string, locale?: string): Promise<void> {
    await this.open();
    this.#panel?.showArticle(slug, locale);
  }

  /** Opens the panel on the support-case form. */
  async contact(): Promise<void> {
    await this.open();
    await this.#panel?.showContact();
  }

  /** Switches the language of the launcher and the panel. */
  setLocale(locale: string): void {
    this.setAttribute('locale', locale);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-widget': AyudaWidget;
  }
}
