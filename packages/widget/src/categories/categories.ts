import { html, nothing, type PropertyValues } from 'lit';
import type { ArticleList, CategoryList } from '@ayuda/client';
import { AyudaElement } from '../internal/base.js';
import { emit, type NavigationTarget } from '../events.js';
import type { Catalogue } from '../i18n/index.js';
import { plural } from '../i18n/format.js';
import { isOffline } from '../data/service.js';
import { categoriesStyles } from './categories.styles.js';

type Status = 'loading' | 'ready' | 'offline' | 'error';

/**
 * Browse the knowledge base by category: the list of categories, or with `category` set, the
 * articles of one category.
 *
 * @summary Knowledge-base categories and the articles in each.
 *
 * @customElement ayuda-categories
 *
 * @attr category - A category key; unset shows every category.
 * @attr server - The Ayuda server's URL. Default: the embed's server, else this page's origin.
 * @attr locale - `es` or `en`. Default: the nearest `lang` attribute, then `<html lang>`.
 * @attr theme - `light` or `dark`; unset follows `prefers-color-scheme`.
 *
 * @event ayuda-navigate - Cancelable. A category or article was chosen; by default a category opens in place and an article on the help portal. `detail: { kind, locale, slug | category }`.
 *
 * @csspart base - The component's root.
 * @csspart heading - The heading ("Help topics", or the category's name).
 * @csspart description - The category's description.
 * @csspart list - The list of categories or articles.
 * @csspart item - One category or article link.
 * @csspart count - A category's number of articles.
 * @csspart excerpt - An article's excerpt.
 * @csspart message - Loading, empty and error messages.
 * @csspart retry-button - The "Try again" button.
 *
 * @cssproperty --ayuda-categories-columns - Columns of the category grid (default 1).
 */
export class AyudaCategories extends AyudaElement {
  static override styles = categoriesStyles;
  static override properties = {
    category: { type: String, reflect: true },
    list: { state: true },
    articles: { state: true },
    status: { state: true },
  };

  declare category: string | undefined;
  declare protected list: CategoryList | undefined;
  declare protected articles: ArticleList | undefined;
  declare protected status: Status;
  #key = '';

  constructor() {
    super();
    this.status = 'loading';
  }

  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus(options);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const key = `${this.currentLocale}/${this.category ?? ''}`;
    if (key !== this.#key) {
      this.#key = key;
      void this.#load();
    }
  }

  async #load(): Promise<void> {
    const key = this.#key;
    const locale = this.currentLocale;
    this.status = 'loading';
    try {
      const [list, articles] = await Promise.all([this.service.categories(locale), this.category ? this.service.articles(locale, this.category) : undefined]);
      if (key !== this.#key) return;
      this.list = list;
      this.articles = articles;
      this.status = 'ready';
    } catch (err) {
      if (key === this.#key) this.status = isOffline(err) ? 'offline' : 'error';
    }
  }

  #go(e: MouseEvent, target: NavigationTarget): void {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (!emit(this, 'ayuda-navigate', target, true)) e.preventDefault();
    else if (target.kind === 'category') {
      e.preventDefault();
      this.category = target.category;
    }
  }

  protected renderContent(cat: Catalogue) {
    const locale = this.currentLocale;
    const s = this.service;
    if (this.status !== 'ready' || !this.list) {
      return html`<div class="root" part="base" lang=${cat.locale} dir=${cat.dir}>
        <p class="message" part="message" role="status">${this.status === 'loading' ? cat.loading : this.status === 'offline' ? cat.offline : cat.loadError}</p>
        ${this.status === 'loading' ? nothing : html`<button type="button" part="retry-button" @click=${() => void this.#load()}>${cat.retry}</button>`}
      </div>`;
    }
    if (!this.category) {
      return html`<section class="root" part="base" lang=${cat.locale} dir=${cat.dir} aria-labelledby="h">
        <h2 id="h" part="heading" tabindex="-1">${cat.categoriesTitle}</h2>
        <ul part="list">
          ${this.list.categories.map(
            (c) =>
              html`<li>
                <a part="item" href=${s.portalUrl(locale, `categories/${c.key}`)} @click=${(e: MouseEvent) => this.#go(e, { kind: 'category', locale, category: c.key })}
                  >${c.name}<span class="count" part="count">${plural(cat, cat.articleCount, c.articleCount)}</span></a
                >
              </li>`,
          )}
        </ul>
      </section>`;
    }
    const info = this.list.categories.find((c) => c.key === this.category);
    const articles = this.articles?.articles ?? [];
    return html`<section class="root" part="base" lang=${cat.locale} dir=${cat.dir} aria-labelledby="h">
      <h2 id="h" part="heading" tabindex="-1">${info?.name ?? this.category}</h2>
      ${info?.description ? html`<p class="description" part="description">${info.description}</p>` : nothing}
      ${articles.length
        ? html`<ul part="list">
            ${articles.map(
              (a) =>
                html`<li>
                  <a part="item" href=${s.portalUrl(locale, `articles/${a.slug}`)} @click=${(e: MouseEvent) => this.#go(e, { kind: 'article', locale, slug: a.slug })}
                    >${a.title}<span class="excerpt" part="excerpt">${a.excerpt}</span></a
                  >
                </li>`,
            )}
          </ul>`
        : html`<p class="message" part="message">${cat.emptyCategory}</p>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-categories': AyudaCategories;
  }
}
