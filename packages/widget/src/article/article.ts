import { html, nothing, type PropertyValues } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Article, ResponseTimes } from '@ayuda/client';
import { AyudaApiError } from '@ayuda/client';
import { AyudaElement } from '../internal/base.js';
import { emit, type NavigationTarget } from '../events.js';
import type { Catalogue } from '../i18n/index.js';
import { format, formatDate, languageName } from '../i18n/format.js';
import { isOffline } from '../data/service.js';
import { articleStyles } from './article.styles.js';
import { responseTimes, usualReply } from '../contact/response-times.js';
import { WIDGET_DEFAULTS } from '../config.js';

type Status = 'idle' | 'loading' | 'ready' | 'not-found' | 'offline' | 'error';

const PORTAL_LINK = /^\/help\/([a-z]{2})\/(articles|categories)\/([a-z0-9-]+)\/?$/;

/**
 * One knowledge-base article: its sanitised HTML (rendered and cleaned by the server), related
 * articles, a link to the same article in another language, and "was this helpful?".
 *
 * @summary A knowledge-base article with related articles and feedback.
 *
 * @customElement ayuda-article
 *
 * @attr slug - The article to show.
 * @attr server - The Ayuda server's URL. Default: the embed's server, else this page's origin.
 * @attr locale - `es` or `en`. Default: the nearest `lang` attribute, then `<html lang>`.
 * @attr theme - `light` or `dark`; unset follows `prefers-color-scheme`.
 * @attr analytics - `off` stops sending article views and votes to the server.
 * @attr contact-url - Where "Contact support" (offered after a "No" vote) leads when no script handles `ayuda-contact`. Default: the help portal's contact form.
 *
 * @event ayuda-article-view - The article was shown. `detail: { locale, slug, title }`.
 * @event ayuda-feedback - The reader voted (sent with the optional comment, or when leaving the article). `detail: { locale, slug, helpful, comment? }`.
 * @event ayuda-contact - Cancelable. "Contact support" was pressed after a "No" vote; by default the link opens `contact-url`. `detail: { query: '', locale, slug }`.
 * @event ayuda-navigate - Cancelable. A link leads to another article or a category; by default another article opens in place and a category on the help portal. `detail: { kind, locale, slug | category }`.
 *
 * @csspart base - The `<article>` root.
 * @csspart title - The article's title.
 * @csspart meta - The "updated" line.
 * @csspart content - The article's body.
 * @csspart translation - The link to the article in another language.
 * @csspart related - The related articles block.
 * @csspart feedback - The "was this helpful?" block.
 * @csspart vote-button - The yes and no buttons.
 * @csspart vote-yes - The yes button (also `vote-button`).
 * @csspart vote-no - The no button (also `vote-button`).
 * @csspart comment - The optional comment box.
 * @csspart send-button - The button that sends the comment.
 * @csspart contact-button - After a "No" vote: the "Contact support" link.
 * @csspart usual-reply - Under it: "We usually reply within 3 hrs" (absent while too few cases were answered).
 * @csspart message - Loading, not found and error messages.
 * @csspart retry-button - The "Try again" button.
 *
 * @cssproperty --ayuda-article-max-width - Maximum width of the article (default: none).
 */
export class AyudaArticle extends AyudaElement {
  static override styles = articleStyles;
  static override properties = {
    slug: { type: String, reflect: true },
    article: { state: true },
    status: { state: true },
    vote: { state: true },
    sent: { state: true },
    times: { state: true },
    contactUrl: { type: String, attribute: 'contact-url' },
  };

  declare slug: string | undefined;
  declare protected article: Article | undefined;
  declare protected status: Status;
  declare protected vote: boolean | undefined;
  declare protected sent: boolean;
  declare protected times: ResponseTimes | null;
  declare contactUrl: string;

  #abort: AbortController | undefined;
  #loadedKey = '';
  #pending: { locale: string; slug: string; helpful: boolean } | undefined;
  #onPageHide = () => this.#sendFeedback();

  constructor() {
    super();
    this.status = 'idle';
    this.sent = false;
    this.times = null;
    this.contactUrl = WIDGET_DEFAULTS.contactUrl;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('pagehide', this.#onPageHide);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pagehide', this.#onPageHide);
    this.#sendFeedback();
  }

  /** Moves focus to the article's title (after navigating to it). */
  override focus(options?: FocusOptions): void {
    (this.renderRoot.querySelector('h2') ?? this.renderRoot.querySelector<HTMLElement>('.message'))?.focus(options);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const key = this.slug ? `${this.currentLocale}/${this.slug}` : '';
    if (key !== this.#loadedKey) {
      this.#loadedKey = key;
      void this.#load();
    }
  }

  async #load(): Promise<void> {
    this.#sendFeedback();
    this.#abort?.abort();
    this.vote = undefined;
    this.sent = false;
    const slug = this.slug;
    if (!slug) {
      this.status = 'idle';
      this.article = undefined;
      return;
    }
    const locale = this.currentLocale;
    const abort = (this.#abort = new AbortController());
    this.status = 'loading';
    try {
      const article = await this.service.article(locale, slug, abort.signal);
      if (abort.signal.aborted) return;
      this.article = article;
      this.status = 'ready';
      this.service.track({ type: 'article_view', locale, slug });
      emit(this, 'ayuda-article-view', { locale, slug, title: article.title });
    } catch (err) {
      if (abort.signal.aborted) return;
      this.article = undefined;
      this.status = err instanceof AyudaApiError && err.status === 404 ? 'not-found' : isOffline(err) ? 'offline' : 'error';
    }
  }

  #retry(): void {
    void this.#load();
  }

  protected override updated(changed: PropertyValues): void {
    if (!changed.has('article') || !this.article) return;
    // Links and images in the article are relative to the server, not to the host page.
    const base = `${this.service.server}/`;
    for (const a of this.renderRoot.querySelectorAll<HTMLAnchorElement>('.content a[href]')) {
      const href = a.getAttribute('href')!;
      if (!href.startsWith('#')) a.href = new URL(href, base).href;
    }
    for (const img of this.renderRoot.querySelectorAll<HTMLImageElement>('.content img[src]')) img.src = new URL(img.getAttribute('src')!, base).href;
  }

  /** Follows links to other articles in place (or lets a parent route them). */
  #onClick(e: MouseEvent): void {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
    if (!a?.href) return;
    const url = new URL(a.href);
    const m = url.origin === new URL(this.service.server).origin ? PORTAL_LINK.exec(url.pathname) : null;
    if (!m) return;
    const [, locale, kind, key] = m as unknown as [string, string, string, string];
    const target: NavigationTarget = kind === 'articles' ? { kind: 'article', locale, slug: key } : { kind: 'category', locale, category: key };
    if (!emit(this, 'ayuda-navigate', target, true)) {
      e.preventDefault();
      return;
    }
    if (target.kind === 'article') {
      e.preventDefault();
      this.#sendFeedback();
      if (locale !== this.currentLocale) this.locale = locale;
      this.slug = key;
    }
  }

  #vote(helpful: boolean): void {
    if (!this.article) return;
    this.vote = helpful;
    this.#pending = { locale: this.currentLocale, slug: this.article.slug, helpful };
    // A "No" offers contact right there, with the usual reply time.
    if (!helpful) {
      const locale = this.currentLocale;
      void responseTimes(this.service, locale).then((t) => {
        if (locale === this.currentLocale) this.times = t;
      });
    }
  }

  /** "Contact support" after a "No": a parent (the panel) may take it; else the link is followed. */
  #contact(e: MouseEvent): void {
    this.#sendFeedback();
    if (!emit(this, 'ayuda-contact', { query: '', locale: this.currentLocale, slug: this.slug ?? '' }, true)) e.preventDefault();
  }

  #submit(e: SubmitEvent): void {
    e.preventDefault();
    const comment = (this.renderRoot.querySelector('textarea')?.value ?? '').trim().slice(0, 1000);
    this.#sendFeedback(comment);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.thanks')?.focus());
  }

  /** Sends the pending vote once: with the comment, or when the reader moves on. */
  #sendFeedback(comment?: string): void {
    const p = this.#pending;
    if (!p) return;
    this.#pending = undefined;
    this.sent = true;
    const detail = comment ? { ...p, comment } : p;
    this.service.track({ type: 'feedback', ...detail });
    void this.service.flush();
    emit(this, 'ayuda-feedback', detail);
  }

  #contactOffer(cat: Catalogue) {
    const usual = usualReply(cat, this.times);
    return html`<a class="contact" part="contact-button" href=${this.contactUrl || this.service.portalUrl(this.currentLocale, 'contact')} aria-describedby=${usual ? 'usual-reply' : nothing} @click=${this.#contact}
        >${cat.contactSupport}</a
      >
      ${usual ? html`<p id="usual-reply" class="usual-reply" part="usual-reply">${usual}</p>` : nothing}`;
  }

  protected renderContent(cat: Catalogue) {
    const a = this.article;
    if (this.status !== 'ready' || !a) {
      const msg =
        this.status === 'loading' ? cat.loading : this.status === 'not-found' ? cat.articleNotFound : this.status === 'offline' ? cat.offline : this.status === 'error' ? cat.loadError : '';
      return html`<div class="root" part="base" lang=${cat.locale} dir=${cat.dir}>
        <p class="message" part="message" role="status" tabindex="-1">${msg}</p>
        ${this.status === 'offline' || this.status === 'error' ? html`<button type="button" part="retry-button" @click=${this.#retry}>${cat.retry}</button>` : nothing}
      </div>`;
    }
    const others = a.translations.filter((t) => t.locale !== a.locale);
    return html`<article class="root" part="base" lang=${a.locale} dir=${cat.dir} aria-labelledby="title" @click=${this.#onClick}>
      <h2 id="title" part="title" tabindex="-1">${a.title}</h2>
      <p class="meta" part="meta">${format(cat.updated, { date: formatDate(cat, a.updated) })}</p>
      <div class="content" part="content">${unsafeHTML(a.html)}</div>
      ${others.map(
        (t) =>
          html`<p class="translation" part="translation">
            <a href=${this.service.portalUrl(t.locale, `articles/${t.slug}`)} hreflang=${t.locale}
              ><span>${format(cat.readIn, { language: languageName(cat, t.locale) })}</span> <span class="translated" lang=${t.locale}>${t.title}</span></a
            >
          </p>`,
      )}
      ${a.related.length
        ? html`<nav part="related" aria-labelledby="related">
            <h3 id="related">${cat.related}</h3>
            <ul>
              ${a.related.map((r) => html`<li><a href=${this.service.portalUrl(a.locale, `articles/${r.slug}`)}>${r.title}</a></li>`)}
            </ul>
          </nav>`
        : nothing}
      <section part="feedback" aria-labelledby="feedback">
        <h3 id="feedback">${cat.helpfulQuestion}</h3>
        ${this.sent
          ? nothing
          : html`<div class="votes">
              <button type="button" part="vote-button vote-yes" aria-pressed=${this.vote === true ? 'true' : 'false'} @click=${() => this.#vote(true)}>${cat.yes}</button>
              <button type="button" part="vote-button vote-no" aria-pressed=${this.vote === false ? 'true' : 'false'} @click=${() => this.#vote(false)}>${cat.no}</button>
            </div>`}
        <p class="thanks" role="status" tabindex="-1">${this.vote === false ? `${cat.thanks} ${cat.notHelpful}` : this.vote ? cat.thanks : ''}</p>
        ${this.vote === false ? this.#contactOffer(cat) : nothing}
        ${this.vote !== undefined && !this.sent
          ? html`<form @submit=${this.#submit}>
              <label for="comment">${cat.commentLabel}</label>
              <textarea id="comment" part="comment" maxlength="1000"></textarea>
              <button class="primary" type="submit" part="send-button">${cat.send}</button>
            </form>`
          : nothing}
      </section>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-article': AyudaArticle;
  }
}
