import { html, nothing, type PropertyValues } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { SEARCH_COUNT_UP_TO } from '@ayuda/core/limits';
import type { SearchEngine, SearchHit } from '@ayuda/core/search';
import { AyudaElement } from '../internal/base.js';
import { BEHAVIOUR, WIDGET_DEFAULTS } from '../config.js';
import { emit } from '../events.js';
import type { Catalogue } from '../i18n/index.js';
import { format, plural } from '../i18n/format.js';
import { isOffline, type SearchAnswer } from '../data/service.js';
import { searchStyles } from './search.styles.js';

type Status = 'idle' | 'loading' | 'ready' | 'offline' | 'error';

const icon = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M10.5 18a7.5 7.5 0 1 1 0-15 7.5 7.5 0 0 1 0 15zM16 16l5 5"/></svg>`;

/**
 * A search box that answers on every keystroke: from the knowledge base's index, which it
 * downloads once per locale and searches in the browser, while that index is small; through the
 * server's search API (the same engine and ranking) once the server's index metadata says it is
 * too large to download.
 *
 * @summary Knowledge-base search with highlighted snippets and keyboard navigation.
 *
 * @customElement ayuda-search
 *
 * @attr server - The Ayuda server's URL. Default: the embed's server, else this page's origin.
 * @attr locale - `es` or `en`. Default: the nearest `lang` attribute, then `<html lang>`.
 * @attr theme - `light` or `dark`; unset follows `prefers-color-scheme`.
 * @attr limit - Results shown (default 8). When more articles match, a "See all N results" link under them opens the help portal's search page for the query.
 * @attr contact-url - Where "Contact support" leads when no script handles `ayuda-contact`.
 * @attr hide-contact - Shows no "Contact support" after a search without results, for a container that offers contact itself next to the search (the widget's panel does), so the customer sees one, not two.
 * @attr analytics - `off` stops sending search analytics to the server.
 *
 * @event ayuda-query-change - The text changed. `detail: { query, locale }`.
 * @event ayuda-results - Results for the text in the box are shown (every keystroke; from the server, when its answer arrived). `detail: { query, locale, resultCount }`, `resultCount` being how many articles match (the list shows the first `limit`).
 * @event ayuda-search - A query settled (typing paused or a result was chosen). `detail: { query, locale, resultCount }`.
 * @event ayuda-result-click - Cancelable. A result was chosen; by default the article opens on the help portal. `detail: { query, locale, slug, position }`.
 * @event ayuda-see-all - Cancelable. "See all N results" was chosen; by default its link opens the help portal's search page. `detail: { query, locale, total }`.
 * @event ayuda-contact - Cancelable. "Contact support" was pressed after a search without results. `detail: { query, locale }`.
 *
 * @csspart base - The component's root.
 * @csspart label - The visible label of the search box.
 * @csspart field - The box around the input and its icon.
 * @csspart input - The search input.
 * @csspart status - The live region announcing the result count, loading and offline states.
 * @csspart results - The list of results.
 * @csspart result - One result.
 * @csspart result-active - The highlighted result (also `result`).
 * @csspart result-title - A result's title.
 * @csspart result-category - A result's category.
 * @csspart snippet - A result's excerpt, with matches in `<mark>`.
 * @csspart message - The no-results, offline and error messages.
 * @csspart suggestion - "Did you mean …?" after a search that found nothing, when a close query finds something.
 * @csspart suggestion-button - The suggested query: a button that searches it.
 * @csspart more - The line under the results holding "See all N results", when more articles match than are shown.
 * @csspart more-link - The "See all N results" link to the help portal's search page.
 * @csspart contact-button - The "Contact support" button.
 * @csspart retry-button - The "Try again" button.
 *
 * @cssproperty --ayuda-search-results-max-height - Maximum height of the result list before it scrolls (default: none).
 */
export class AyudaSearch extends AyudaElement {
  static override styles = searchStyles;
  static override properties = {
    limit: { type: Number },
    contactUrl: { type: String, attribute: 'contact-url' },
    hideContact: { type: Boolean, attribute: 'hide-contact' },
    query: { state: true },
    hits: { state: true },
    total: { state: true },
    suggestion: { state: true },
    active: { state: true },
    status: { state: true },
    categoryNames: { state: true },
  };

  declare limit: number;
  declare contactUrl: string;
  declare hideContact: boolean;
  declare protected query: string;
  declare protected hits: SearchHit[];
  /** How many articles match the query of `hits` (up to SEARCH_COUNT_UP_TO): more than `hits.length` when the portal shows more. */
  declare protected total: number;
  /** "Did you mean": a close query that finds articles, when this one found none ('' otherwise). */
  declare protected suggestion: string;
  declare protected active: number;
  declare protected status: Status;
  declare protected categoryNames: Record<string, string>;

  #engine: SearchEngine | undefined;
  #engineLocale = '';
  /** The locale searched through the server ('' when none is). */
  #remoteLocale = '';
  /** The server search in flight, aborted by the next keystroke. */
  #request: AbortController | undefined;
  #loading: Promise<void> | undefined;
  #settleTimer: ReturnType<typeof setTimeout> | undefined;
  #sent = '';
  #hitsFor = '';
  #online = () => this.status === 'offline' && this.run();

  constructor() {
    super();
    this.limit = BEHAVIOUR.resultLimit;
    this.contactUrl = WIDGET_DEFAULTS.contactUrl;
    this.hideContact = false;
    this.query = '';
    this.hits = [];
    this.total = 0;
    this.suggestion = '';
    this.active = -1;
    this.status = 'idle';
    this.categoryNames = {};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('online', this.#online);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this.#online);
    this.#settle();
  }

  /** True while the search shows its "nothing found" (a query answered with no result). */
  get showsNoResults(): boolean {
    return this.status === 'ready' && !this.hits.length && !!this.query.trim();
  }

  /** The text in the box. */
  get value(): string {
    return this.query;
  }

  /** Puts `query` in the box and searches it. */
  search(query: string): void {
    this.query = query;
    this.run();
    this.#scheduleSettle();
  }

  /** Empties the box and the results. */
  clear(): void {
    this.#settle();
    this.query = '';
    this.run();
    emit(this, 'ayuda-query-change', { query: '', locale: this.currentLocale });
  }

  /**
   * Prepares to search now (for example when a panel opens), so the first keystroke answers at
   * once: asks the server where to search and, for a small index, downloads the engine and the index.
   */
  prefetch(): Promise<void> {
    const locale = this.currentLocale;
    if ((this.#engine && this.#engineLocale === locale) || this.#remoteLocale === locale) return Promise.resolve();
    this.#loading ??= this.service
      .searchMode(locale)
      .then((mode) => (mode === 'server' ? null : this.service.index(locale)))
      .then(
        (engine) => {
          this.#loading = undefined;
          if (locale !== this.currentLocale) return;
          if (engine) {
            this.#engine = engine;
            this.#engineLocale = locale;
          } else this.#remoteLocale = locale;
          this.service.categories(locale).then(
            (c) => (this.categoryNames = Object.fromEntries(c.categories.map((x) => [x.key, x.name]))),
            () => undefined,
          );
        },
        (err: unknown) => {
          this.#loading = undefined;
          throw err;
        },
      );
    return this.#loading;
  }

  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector('input')?.focus(options);
  }

  protected override localeChanged(): void {
    this.#engine = undefined;
    this.#remoteLocale = '';
    this.#request?.abort();
    this.#loading = undefined;
    this.categoryNames = {};
    if (this.query) queueMicrotask(() => this.run());
  }

  /** Searches the current text; loads the engine first when needed. */
  protected run(): void {
    const q = this.query.trim();
    this.#request?.abort();
    this.#request = undefined;
    if (!q) {
      this.hits = [];
      this.total = 0;
      this.suggestion = '';
      this.active = -1;
      this.status = 'idle';
      this.#hitsFor = '';
      return;
    }
    if (this.#remoteLocale === this.currentLocale) {
      this.#runRemote(q);
      return;
    }
    if (!this.#engine || this.#engineLocale !== this.currentLocale) {
      this.status = 'loading';
      this.prefetch().then(
        () => this.run(),
        (err: unknown) => {
          this.status = isOffline(err) ? 'offline' : 'error';
        },
      );
      return;
    }
    const { hits, total } = this.#engine.searchCounted(q, { limit: this.limit, countUpTo: SEARCH_COUNT_UP_TO });
    // Only after a search that found nothing: the suggestion scans the index's words.
    this.#show(q, { hits, total, suggestion: hits.length ? '' : (this.#engine.suggest(q) ?? '') });
    this.#recheck();
  }

  #show(q: string, answer: SearchAnswer): void {
    this.hits = answer.hits;
    this.total = Math.max(answer.total, answer.hits.length);
    this.suggestion = answer.suggestion;
    this.#hitsFor = q;
    this.active = -1;
    this.status = 'ready';
    emit(this, 'ayuda-results', { query: q, locale: this.currentLocale, resultCount: this.total });
  }

  /**
   * Asks the server, aborting the question of the previous keystroke; an answer already received
   * shows at once. Until the new answer arrives, the previous results stay (no flicker).
   */
  #runRemote(q: string): void {
    const locale = this.currentLocale;
    const cached = this.service.cachedSearch(locale, q, this.limit);
    if (cached) {
      this.#show(q, cached);
      return;
    }
    if (this.status !== 'ready') this.status = 'loading';
    const request = (this.#request = new AbortController());
    this.service.searchServer(locale, q, this.limit, request.signal).then(
      (answer) => {
        if (request.signal.aborted || locale !== this.currentLocale) return;
        this.#request = undefined;
        this.#show(q, answer);
      },
      (err: unknown) => {
        if (request.signal.aborted) return;
        this.#request = undefined;
        this.status = isOffline(err) ? 'offline' : 'error';
      },
    );
  }

  /** An index changed on the server since it was loaded (an article published): search it again. */
  #recheck(): void {
    const locale = this.currentLocale;
    void this.service.recheck(locale).then((engine) => {
      if (!engine || locale !== this.currentLocale || engine === this.#engine) return;
      this.#engine = engine;
      if (this.query.trim()) this.run();
    });
  }

  #onInput(e: InputEvent): void {
    this.query = (e.target as HTMLInputElement).value;
    emit(this, 'ayuda-query-change', { query: this.query, locale: this.currentLocale });
    this.run();
    this.#scheduleSettle();
  }

  #scheduleSettle(): void {
    clearTimeout(this.#settleTimer);
    this.#settleTimer = setTimeout(() => this.#settle(), BEHAVIOUR.searchSettleMs);
  }

  /** Records the query once it settled: one analytics event per query, not per keystroke. */
  #settle(): void {
    clearTimeout(this.#settleTimer);
    const q = this.query.trim().slice(0, 200);
    if (!q || q === this.#sent) return;
    if (this.#hitsFor !== this.query.trim()) {
      // Results not there yet (index still loading, or the server's answer): wait for them.
      if (this.status === 'loading' || this.#request) this.#scheduleSettle();
      return;
    }
    this.#sent = q;
    // How many match, as the portal and the search API record it (the list shows the first `limit`).
    const detail = { query: q, locale: this.currentLocale, resultCount: this.total };
    this.service.track({ type: 'search', ...detail });
    emit(this, 'ayuda-search', detail);
  }

  #onKeydown(e: KeyboardEvent): void {
    const n = this.hits.length;
    if (e.key === 'ArrowDown' && n) {
      this.active = (this.active + 1) % n;
    } else if (e.key === 'ArrowUp' && n) {
      this.active = this.active <= 0 ? n - 1 : this.active - 1;
    } else if (e.key === 'Enter') {
      if (n) this.#select(Math.max(0, this.active));
      else this.#settle();
    } else if (e.key === 'Escape' && this.query) {
      // The first Escape clears the box; the next one is left to the panel (close).
      e.stopPropagation();
      this.clear();
    } else return;
    e.preventDefault();
  }

  #select(i: number): void {
    const hit = this.hits[i];
    if (!hit) return;
    this.#settle();
    const locale = this.currentLocale;
    const query = this.query.trim().slice(0, 200);
    this.service.track({ type: 'result_click', locale, query, slug: hit.slug, position: i + 1 });
    if (emit(this, 'ayuda-result-click', { query, locale, slug: hit.slug, position: i + 1 }, true)) {
      location.assign(this.service.portalUrl(locale, `articles/${hit.slug}`));
    }
  }

  #contact(): void {
    const detail = { query: this.query.trim(), locale: this.currentLocale };
    if (emit(this, 'ayuda-contact', detail, true)) {
      if (this.contactUrl) location.assign(this.contactUrl);
      else console.warn('Ayuda: "Contact support" was pressed but nothing handles the ayuda-contact event; listen to it or set contact-url (data-contact-url on the embed).');
    }
  }

  /** Searches the suggested query, as if typed, and leaves focus in the box. */
  #useSuggestion(): void {
    const q = this.suggestion;
    this.search(q);
    emit(this, 'ayuda-query-change', { query: q, locale: this.currentLocale });
    this.focus();
  }

  #retry(): void {
    this.run();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('active') && this.active >= 0) this.renderRoot.querySelector(`#r${this.active}`)?.scrollIntoView({ block: 'nearest' });
  }

  /**
   * "Did you mean …?" for screen readers, in the live status with the count: the button below
   * shows it, so here it is not shown a second time.
   */
  #spokenSuggestion(cat: Catalogue) {
    return this.status === 'ready' && !this.hits.length && this.suggestion ? html`<span class="visually-hidden"> ${cat.didYouMean} ${this.suggestion}?</span>` : nothing;
  }

  #statusText(cat: Catalogue): string {
    switch (this.status) {
      case 'loading':
        return cat.loading;
      case 'ready':
        // "8 of 28 results" when the list is the first of more: the same number as "See all".
        if (this.hits.length) return this.total > this.hits.length ? plural(cat, cat.resultCountOf, this.total, { shown: this.hits.length }) : plural(cat, cat.resultCount, this.hits.length);
        return format(cat.noResults, { query: this.query.trim() });
      case 'offline':
        return cat.offline;
      case 'error':
        return cat.loadError;
      default:
        return '';
    }
  }

  /**
   * "See all N results": a real link, after the list (Tab reaches it from the box; the arrows
   * stay in the list), to the help portal's search page for the query whose results are shown.
   */
  #seeAll(cat: Catalogue) {
    const href = this.service.portalUrl(this.currentLocale, `search?q=${encodeURIComponent(this.#hitsFor)}`);
    return html`<p class="more" part="more"><a part="more-link" href=${href} @click=${this.#onSeeAll}>${plural(cat, cat.seeAllResults, this.total)}</a></p>`;
  }

  /** A page that shows the rest itself (its own search page, a route of its app) cancels `ayuda-see-all`. */
  readonly #onSeeAll = (e: MouseEvent): void => {
    if (!emit(this, 'ayuda-see-all', { query: this.#hitsFor, locale: this.currentLocale, total: this.total }, true)) e.preventDefault();
  };

  protected renderContent(cat: Catalogue) {
    const expanded = this.status === 'ready' && this.hits.length > 0;
    return html`<div class="root" part="base" lang=${cat.locale} dir=${cat.dir}>
      <label part="label" for="q">${cat.searchLabel}</label>
      <div class="field" part="field">
        ${icon}
        <input
          id="q"
          part="input"
          type="search"
          role="combobox"
          autocomplete="off"
          spellcheck="false"
          enterkeyhint="search"
          aria-autocomplete="list"
          aria-controls="results"
          aria-expanded=${expanded ? 'true' : 'false'}
          aria-activedescendant=${this.active >= 0 && expanded ? `r${this.active}` : nothing}
          aria-describedby="status"
          placeholder=${cat.searchPlaceholder}
          .value=${this.query}
          @input=${this.#onInput}
          @keydown=${this.#onKeydown}
          @focus=${() => this.prefetch().catch(() => undefined)}
        />
      </div>
      <p id="status" class="status" part="status" role="status" aria-live="polite" aria-atomic="true">${this.#statusText(cat)}${this.#spokenSuggestion(cat)}</p>
      <ul id="results" part="results" role="listbox" aria-label=${cat.results} ?hidden=${!expanded}>
        ${expanded
          ? this.hits.map(
              (h, i) =>
                html`<li id="r${i}" role="option" part=${i === this.active ? 'result result-active' : 'result'} aria-selected=${i === this.active ? 'true' : 'false'} @click=${() => this.#select(i)}>
                  <span class="title" part="result-title">${h.title}</span>
                  ${this.categoryNames[h.category] ? html`<span class="category" part="result-category">${this.categoryNames[h.category]}</span>` : nothing}
                  <span class="snippet" part="snippet">${unsafeHTML(h.snippet)}</span>
                </li>`,
            )
          : nothing}
      </ul>
      ${expanded && this.total > this.hits.length ? this.#seeAll(cat) : nothing}
      ${this.status === 'ready' && !this.hits.length && this.suggestion
        ? html`<p class="suggestion" part="suggestion"><span id="dym">${cat.didYouMean}</span> <button class="link" part="suggestion-button" type="button" aria-describedby="dym" @click=${this.#useSuggestion}>${this.suggestion}</button>?</p>`
        : nothing}
      ${this.status === 'ready' && !this.hits.length
        ? html`<p class="message" part="message">${cat.noResultsHint}</p>
            ${this.hideContact ? nothing : html`<button class="action" part="contact-button" type="button" @click=${this.#contact}>${cat.contactSupport}</button>`}`
        : nothing}
      ${this.status === 'offline' || this.status === 'error'
        ? html`<button class="action secondary" part="retry-button" type="button" @click=${this.#retry}>${cat.retry}</button>`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-search': AyudaSearch;
  }
}
