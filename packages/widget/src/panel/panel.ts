import { html, nothing, type PropertyValues } from 'lit';
import { AyudaElement } from '../internal/base.js';
import { emit, type AyudaEvent, type CloseReason } from '../events.js';
import type { Catalogue } from '../i18n/index.js';
import { deepActiveElement } from '../internal/focus.js';
import { tabbables } from '../internal/tabbable.js';
import type { AyudaSearch } from '../search/search.js';
import { panelStyles } from './panel.styles.js';
import type { Announcement, ResponseTimes } from '@ayuda/client';
import { activeAnnouncements, announcementItem } from '../announcements/announcements.js';
import { responseTimes, usualReply } from '../contact/response-times.js';
import type { PopularArticles } from '@ayuda/client';
import { mostReadList, popularArticles } from '../popular/popular.js';
import { apiLocale } from '../data/service.js';

export type Route = { name: 'home' } | { name: 'article'; locale: string; slug: string } | { name: 'category'; category: string } | ({ name: 'fastlane' } & FastlaneOptions) | { name: 'contact' } | { name: 'booking' };

/** How the fast lane opens: for one request (`trackingToken`), signed in by the host page (`identityToken`), on "My payments" (`view: 'account'`) or on "My requests" (`view: 'requests'`). */
export interface FastlaneOptions {
  trackingToken?: string | undefined;
  identityToken?: string | undefined;
  view?: 'offer' | 'account' | 'requests' | undefined;
}

const PARTS = {
  search: ['base', 'label', 'field', 'input', 'status', 'results', 'result', 'result-active', 'result-title', 'result-category', 'snippet', 'suggestion', 'suggestion-button', 'more', 'more-link', 'message', 'contact-button', 'retry-button'],
  article: ['base', 'title', 'meta', 'content', 'translation', 'related', 'feedback', 'vote-button', 'vote-yes', 'vote-no', 'comment', 'send-button', 'contact-button', 'usual-reply', 'message', 'retry-button'],
  categories: ['base', 'heading', 'description', 'list', 'item', 'count', 'excerpt', 'message', 'retry-button'],
  fastlane: ['base', 'heading', 'captcha', 'input', 'button', 'plan', 'usual-reply', 'message'],
  booking: ['base', 'heading', 'types', 'type-button', 'change-type', 'calendar', 'months', 'grid', 'day', 'day-selected', 'times', 'time', 'zone', 'field', 'input', 'error', 'alert', 'submit-button', 'confirmation', 'ics-link', 'manage-link'],
  'case-form': ['base', 'heading', 'field', 'label', 'input', 'hint', 'error', 'alert', 'suggestions', 'suggestion', 'answered-button', 'files', 'submit-button', 'retry-button', 'secondary-button', 'captcha', 'confirmation', 'track-link', 'announcements', 'announcement'],
};
const forward = (prefix: keyof typeof PARTS) => PARTS[prefix].map((p) => `${p}:${prefix}-${p}`).join(',');
/**
 * The parts a page can style through `ayuda-widget::part(...)`: the panel's own, and its
 * components' with a prefix (`search-input`, `article-title`, `categories-item`, ...).
 */
export const PANEL_EXPORTED_PARTS = ['base:panel-base', 'announcements', 'announcement', 'header', 'back-button', 'title', 'close-button', 'body', 'home-title', 'most-read', 'most-read-heading', 'most-read-list', 'most-read-item', 'contact', 'contact-button', 'booking-button', 'usual-reply', 'fastlane-button', 'usual-reply-fast', 'requests-button', 'footer', ...Object.entries(PARTS).flatMap(([c, parts]) => parts.map((p) => `${c}-${p}`))].join(',');

/** Fired on the panel itself (not composed) when the customer asks to close it; `<ayuda-widget>` decides. */
export const DISMISS_EVENT = 'ayuda-panel-dismiss';

const backIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2.25" stroke-linecap="round" stroke-linejoin="round" d="M15 5l-7 7 7 7"/></svg>`;
const closeIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2.25" stroke-linecap="round" d="M6 6l12 12M18 6L6 18"/></svg>`;

/**
 * The help panel that `<ayuda-widget>` opens: search and categories at home, then articles and
 * categories as routes with back navigation. It keeps keyboard focus inside while open.
 *
 * @summary The widget's dialog: home (search, categories), article and category routes.
 *
 * @customElement ayuda-panel
 *
 * @attr server - The Ayuda server's URL.
 * @attr locale - `es` or `en`.
 * @attr theme - `light` or `dark`; unset follows `prefers-color-scheme`.
 * @attr position - `bottom-right` (default) or `bottom-left`.
 * @attr contact-url - Where "Contact support" leads after a search without results (the home's button then fires `ayuda-contact` and follows it) and after a "No" vote on an article, instead of the case form.
 * @attr topic - The page's topic, a category key of the knowledge base (`billing`): home lists that topic's most-read articles. Unset, or a key without public articles: those of every topic.
 *
 * @event ayuda-locale-change - The panel switched language (an article's other-language link). `detail: { locale }`.
 * @event ayuda-panel-dismiss - The customer asked to close the panel (its close button, or Escape). It does not bubble: the element that shows the panel (`<ayuda-widget>`) listens on it and closes it. `detail: { reason }`.
 *
 * @csspart base - The panel's content root.
 * @csspart header - The bar with the back button, title and close button.
 * @csspart back-button - The back button.
 * @csspart title - The panel's title.
 * @csspart close-button - The close button.
 * @csspart body - The scrolling area with the current route.
 * @csspart announcements - The home route's active announcements: a polite live region, there from the start, that holds a `role="status"` list when there are any.
 * @csspart announcement - One announcement: `.ann-info`, `.ann-warning` or `.ann-critical`.
 * @csspart home-title - The home route's heading.
 * @csspart most-read - The home route's most-read articles (of the last 30 days, of the page's topic when set), above the categories; hidden while there is a query.
 * @csspart most-read-heading - Its heading ("Most read").
 * @csspart most-read-list - Its ordered list.
 * @csspart most-read-item - One article's link.
 * @csspart contact - The home route's contact block, above the categories: its button and the usual reply time.
 * @csspart contact-button - The home route's "Contact support" button (opens the case form). It is the only one after a search without results: the panel's search shows none of its own.
 * @csspart booking-button - The home route's "Book a call" button beside it (opens `<ayuda-booking>`), shown when the server offers appointment types.
 * @csspart booking-* - The parts of the `<ayuda-booking>` inside, prefixed: `booking-day`, `booking-submit-button`, ….
 * @csspart usual-reply - "We usually reply within 3 hrs" under the contact button (the team's median first-response time of the last 30 days; absent while too few cases were answered).
 * @csspart usual-reply-fast - "With Priority support: 20 min" under the fast-lane button (its median first-response time; absent while too few cases or the fast lane is off).
 * @csspart case-form-* - The parts of the `<ayuda-case-form>` inside, prefixed: `case-form-input`, `case-form-submit-button`, ….
 * @csspart footer - The footer with the link to the help portal.
 * @csspart search-* - The parts of the `<ayuda-search>` inside, prefixed: `search-input`, `search-result`, ….
 * @csspart article-* - The parts of the `<ayuda-article>` inside, prefixed: `article-title`, `article-content`, ….
 * @csspart categories-* - The parts of the `<ayuda-categories>` inside, prefixed: `categories-item`, ….
 * @csspart fastlane-button - The home view's "Get faster help" button.
 * @csspart requests-button - The home view's "My requests" link (the customer's cases, payments and data, after sign-in).
 * @csspart fastlane-* - The parts of the `<ayuda-fastlane>` inside, prefixed: `fastlane-plan`, `fastlane-button`, ….
 *
 * @cssproperty --ayuda-widget-width - Panel width on screens 480 px and wider (default 400px).
 * @cssproperty --ayuda-widget-height - Panel height (default 640px, never taller than the window).
 * @cssproperty --ayuda-widget-offset - Distance from the window's edges (default 20px).
 * @cssproperty --ayuda-z-index - Stacking order of the launcher and panel (default 2147483000).
 */
export class AyudaPanel extends AyudaElement {
  static override styles = panelStyles;
  static override properties = {
    position: { type: String, reflect: true },
    contactUrl: { type: String, attribute: 'contact-url' },
    topic: { type: String },
    routes: { state: true },
    popular: { state: true },
    query: { state: true },
    announcements: { state: true },
    times: { state: true },
    bookable: { state: true },
  };

  declare position: string | undefined;
  declare contactUrl: string | undefined;
  declare topic: string | undefined;
  declare protected popular: PopularArticles | null;
  #popularFor = '';
  declare protected routes: Route[];
  declare protected query: string;
  declare protected announcements: Announcement[];
  /** The usual first-response times shown beside the contact and fast-lane buttons. */
  declare protected times: ResponseTimes | null;
  /** Whether the server offers appointment types in the panel's language (the "Book a call" entry). */
  declare protected bookable: boolean;
  #bookableFor = '';
  #focusOnLoad = false;
  #announcementsFor = '';
  #timesFor = '';

  constructor() {
    super();
    this.routes = [{ name: 'home' }];
    this.query = '';
    this.announcements = [];
    this.times = null;
    this.popular = null;
    this.bookable = false;
    this.addEventListener('keydown', (e) => this.#onKeydown(e));
  }

  get route(): Route {
    return this.routes[this.routes.length - 1]!;
  }

  get #search(): AyudaSearch | null {
    return this.renderRoot.querySelector('ayuda-search');
  }

  /** Starts loading the search index and reads the announcements again (called when the panel opens). */
  prefetch(): void {
    void this.ready.then(() => this.#search?.prefetch().catch(() => undefined));
    void this.#loadAnnouncements();
    void this.#loadTimes();
    void this.#loadPopular();
    void this.#loadBookable();
  }

  /** Whether to show "Book a call": the server offers a type in this language (asked once per language and panel; a failure shows no entry). */
  async #loadBookable(): Promise<void> {
    const locale = this.currentLocale;
    if (this.#bookableFor === locale) return;
    this.#bookableFor = locale;
    try {
      const list = await this.service.client.appointmentTypes(apiLocale(locale));
      if (locale === this.currentLocale) this.bookable = list.types.length > 0;
    } catch {
      if (locale === this.currentLocale) this.bookable = false;
    }
  }

  /** The most-read articles of the panel's language and topic (kept a minute, then asked again). */
  async #loadPopular(): Promise<void> {
    const locale = this.currentLocale;
    const topic = this.topic?.trim() ?? '';
    const key = `${locale}|${topic}`;
    if (this.#popularFor !== key) this.popular = null;
    this.#popularFor = key;
    const list = await popularArticles(this.service, locale, topic);
    if (key === this.#popularFor) this.popular = list;
  }

  #openPopular(e: MouseEvent, slug: string): void {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    this.showArticle(slug);
  }

  /** The active announcements of the panel's language (kept 10 s, then asked again). */
  async #loadAnnouncements(): Promise<void> {
    const locale = this.currentLocale;
    this.#announcementsFor = locale;
    const list = await activeAnnouncements(this.service, locale);
    if (locale === this.currentLocale) this.announcements = list;
  }

  /** The usual reply times in the panel's language (kept 5 minutes; a failure shows none). */
  async #loadTimes(): Promise<void> {
    const locale = this.currentLocale;
    this.#timesFor = locale;
    const times = await responseTimes(this.service, locale);
    if (locale === this.currentLocale) this.times = times;
  }

  /** Puts focus where the current route starts: the search box at home, else the heading. */
  async focusStart(): Promise<void> {
    await this.ready;
    const route = this.route;
    if (route.name === 'home') this.#search?.focus();
    else if (route.name === 'contact') this.renderRoot.querySelector('ayuda-case-form')?.focus();
    else if (route.name === 'booking') this.renderRoot.querySelector('ayuda-booking')?.focus();
    else (this.renderRoot.querySelector(route.name === 'article' ? 'ayuda-article' : route.name === 'fastlane' ? 'ayuda-fastlane' : '.route ayuda-categories') as HTMLElement | null)?.focus();
  }

  /** Home, with `query` searched. */
  async search(query: string): Promise<void> {
    this.routes = [{ name: 'home' }];
    await this.ready;
    this.#search?.search(query);
    this.query = query;
  }

  /** Opens an article (`locale` defaults to the panel's). */
  showArticle(slug: string, locale = this.currentLocale): void {
    this.#push({ name: 'article', locale, slug });
  }

  /** Opens the fast lane; its code (and later the captcha's) loads only now. */
  async showFastlane(options: FastlaneOptions = {}): Promise<void> {
    await import('../define/ayuda-fastlane.js');
    const top = this.route;
    if (top.name === 'fastlane') this.routes = this.routes.slice(0, -1);
    this.#push({ name: 'fastlane', ...options });
  }

  /** Opens the support-case form; its code (and the captcha's, when the server asks for one) loads only now. */
  async showContact(): Promise<void> {
    await import('../define/ayuda-case-form.js');
    if (this.route.name !== 'contact') this.#push({ name: 'contact' });
  }

  /** Opens "Book a call"; its code loads only now. */
  async showBooking(): Promise<void> {
    await import('../define/ayuda-booking.js');
    if (this.route.name !== 'booking') this.#push({ name: 'booking' });
  }

  /** Goes back one route. */
  back(): void {
    if (this.routes.length > 1) {
      this.routes = this.routes.slice(0, -1);
      void this.updateComplete.then(() => this.focusStart());
    } else if (this.query) this.#search?.clear();
  }

  #push(route: Route): void {
    this.routes = [...this.routes, route];
    this.#focusOnLoad = route.name === 'article';
    // Focus must not stay on the hidden result that was chosen: hold it on the back button until the new view is ready.
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLElement>('.back')?.focus();
      if (route.name === 'category' || route.name === 'fastlane' || route.name === 'booking') void this.focusStart();
      if (route.name === 'contact') void this.ready.then(() => this.focusStart());
    });
  }

  #dismiss(reason: CloseReason): void {
    this.dispatchEvent(new CustomEvent(DISMISS_EVENT, { detail: { reason } }));
  }

  #onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      this.#dismiss('escape');
    } else if (e.key === 'Tab') {
      const list = tabbables(this.renderRoot);
      if (!list.length) return;
      const active = deepActiveElement();
      const first = list[0]!;
      const last = list[list.length - 1]!;
      if (e.shiftKey && (active === first || !list.includes(active as HTMLElement))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (active === last || !list.includes(active as HTMLElement))) {
        e.preventDefault();
        first.focus();
      }
    }
  }

  #onResultClick(e: AyudaEvent<'ayuda-result-click'>): void {
    e.preventDefault();
    this.#push({ name: 'article', locale: e.detail.locale, slug: e.detail.slug });
  }

  /** "Contact support" after a search: the case form, unless the site set `contact-url` (then the search follows it). */
  #onContact(e: AyudaEvent<'ayuda-contact'>): void {
    if (this.contactUrl) return;
    e.preventDefault();
    void this.showContact();
  }

  /**
   * The home's contact button. After a search without results it is the search's "Contact
   * support" (the search shows none of its own here): it fires `ayuda-contact` and, with
   * `contact-url` set, follows it, as the search's own button does. Otherwise: the case form.
   */
  #onHomeContact(e: MouseEvent): void {
    const search = this.#search;
    if (!search?.showsNoResults) return void this.showContact();
    if (emit(e.currentTarget as HTMLElement, 'ayuda-contact', { query: search.value.trim(), locale: this.currentLocale }, true) && this.contactUrl) location.assign(this.contactUrl);
  }

  #onNavigate(e: AyudaEvent<'ayuda-navigate'>): void {
    e.preventDefault();
    const d = e.detail;
    if (d.kind === 'article') {
      if (d.locale !== this.currentLocale) {
        this.locale = d.locale;
        emit(this, 'ayuda-locale-change', { locale: d.locale });
        // The other language starts afresh: its home under the article (Back leads there), and
        // no query or views left over from the language before.
        this.routes = [{ name: 'home' }];
        if (this.query) this.#search?.clear();
        this.query = '';
      }
      this.#push({ name: 'article', locale: d.locale, slug: d.slug });
    } else this.#push({ name: 'category', category: d.category });
  }

  #onArticleView(): void {
    if (!this.#focusOnLoad) return;
    this.#focusOnLoad = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector('ayuda-article')?.focus());
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.#announcementsFor !== this.currentLocale) void this.#loadAnnouncements();
    if (this.#timesFor !== this.currentLocale) void this.#loadTimes();
    if (this.#popularFor !== `${this.currentLocale}|${this.topic?.trim() ?? ''}`) void this.#loadPopular();
    if (this.#bookableFor && this.#bookableFor !== this.currentLocale) void this.#loadBookable();
    if (this.cat) this.setAttribute('aria-label', this.cat.panelLabel);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('role', 'dialog');
    this.setAttribute('aria-modal', 'true');
    this.setAttribute('part', 'panel');
    this.setAttribute('exportparts', PANEL_EXPORTED_PARTS);
  }

  protected renderContent(cat: Catalogue) {
    const route = this.route;
    const locale = this.currentLocale;
    const canGoBack = this.routes.length > 1 || !!this.query;
    const common = { server: this.server, theme: this.theme, analytics: this.analytics };
    const usual = usualReply(cat, this.times);
    const usualFast = usualReply(cat, this.times, 'fast');
    return html`<div class="root" part="base" lang=${cat.locale} dir=${cat.dir}>
      <div class="header" part="header">
        ${canGoBack
          ? html`<button class="icon back" part="back-button" type="button" aria-label=${cat.back} @click=${() => this.back()}>${backIcon}</button>`
          : nothing}
        <p class="title" part="title">${cat.panelLabel}</p>
        <button class="icon close" part="close-button" type="button" aria-label=${cat.close} @click=${() => this.#dismiss('close-button')}>${closeIcon}</button>
      </div>
      <div
        class="body"
        part="body"
        @ayuda-result-click=${this.#onResultClick}
        @ayuda-navigate=${this.#onNavigate}
        @ayuda-article-view=${this.#onArticleView}
        @ayuda-contact=${this.#onContact}
        @ayuda-query-change=${(e: AyudaEvent<'ayuda-query-change'>) => (this.query = e.detail.query)}
      >
        <div class="home" ?hidden=${route.name !== 'home'}>
          <div class="announcements" part="announcements" aria-live="polite">
            ${this.announcements.length ? html`<div role="status" aria-label=${cat.announcements}>${this.announcements.map((a) => announcementItem(cat, a))}</div>` : nothing}
          </div>
          <h2 class="home-title" part="home-title">${cat.homeTitle}</h2>
          <ayuda-search exportparts=${forward('search')} .server=${common.server} .theme=${common.theme} .analytics=${common.analytics} locale=${locale} contact-url=${this.contactUrl ?? ''} hide-contact></ayuda-search>
          <div class="popular" ?hidden=${!!this.query}>${mostReadList(cat, this.popular, (slug) => this.service.portalUrl(locale, `articles/${slug}`), (e, slug) => this.#openPopular(e, slug))}</div>
          <div class="contact" part="contact">
            <button class="contact-entry" part="contact-button" type="button" aria-describedby=${usual ? 'usual-reply' : nothing} @click=${this.#onHomeContact}>${cat.contactSupport}</button>
            ${this.bookable ? html`<button class="booking-entry" part="booking-button" type="button" @click=${() => void this.showBooking()}>${cat.bookEntry}</button>` : nothing}
            ${usual ? html`<p id="usual-reply" class="usual-reply" part="usual-reply">${usual}</p>` : nothing}
          </div>
          <ayuda-categories exportparts=${forward('categories')} ?hidden=${!!this.query} .server=${common.server} .theme=${common.theme} locale=${locale}></ayuda-categories>
          <div class="fastlane">
            <button class="fastlane-entry" part="fastlane-button" type="button" aria-describedby=${usualFast ? 'usual-reply-fast' : nothing} @click=${() => void this.showFastlane()}>${cat.fastlaneEntry}</button>
            ${usualFast ? html`<p id="usual-reply-fast" class="usual-reply" part="usual-reply-fast">${usualFast}</p>` : nothing}
          </div>
          <button class="requests-entry" part="requests-button" type="button" @click=${() => void this.showFastlane({ view: 'requests' })}>${cat.myRequests}</button>
        </div>
        ${route.name === 'category'
          ? html`<ayuda-categories exportparts=${forward('categories')} class="route" .server=${common.server} .theme=${common.theme} locale=${locale} category=${route.category}></ayuda-categories>`
          : nothing}
        ${this.routes.some((r) => r.name === 'contact')
          ? html`<ayuda-case-form exportparts=${forward('case-form')} ?hidden=${route.name !== 'contact'} .server=${common.server} .theme=${common.theme} .analytics=${common.analytics} locale=${locale}></ayuda-case-form>`
          : nothing}
        ${route.name === 'fastlane'
          ? html`<ayuda-fastlane exportparts=${forward('fastlane')} .server=${common.server} .theme=${common.theme} locale=${locale} .trackingToken=${route.trackingToken} .identityToken=${route.identityToken} .view=${route.view}></ayuda-fastlane>`
          : nothing}
        ${route.name === 'booking'
          ? html`<ayuda-booking exportparts=${forward('booking')} .server=${common.server} .theme=${common.theme} locale=${locale}></ayuda-booking>`
          : nothing}
        ${route.name === 'article'
          ? html`<ayuda-article exportparts=${forward('article')} .server=${common.server} .theme=${common.theme} .analytics=${common.analytics} locale=${route.locale} slug=${route.slug} contact-url=${this.contactUrl ?? ''}></ayuda-article>`
          : nothing}
      </div>
      <div class="footer" part="footer">
        <a href=${this.service.portalUrl(locale)} target="_blank" rel="noopener">${cat.openPortal}<span class="visually-hidden"> ${cat.newTab}</span></a>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-panel': AyudaPanel;
  }
}
