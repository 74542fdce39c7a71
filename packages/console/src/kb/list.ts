// <ayuda-kb-list>: every article (drafts and internal ones too), filtered by text, language,
// state, category and visibility; each row opens the editor.
import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { KbArticleRows, KbArticlesQuery, KbStaffCategoryList } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { refusalReason } from '../internal/optimistic.js';
import { dateTime } from '../internal/format.js';
import { kbStyles } from './kb.styles.js';
import { articleHref, kbStrings } from './strings.js';

type Visibility = 'public' | 'customers' | 'internal';
const STATES = ['published', 'changed', 'draft', 'unpublished'] as const;
const VISIBILITIES: readonly Visibility[] = ['public', 'customers', 'internal'];

export class AyudaKbList extends LitElement {
  static override styles = [sharedStyles, kbStyles];
  static override properties: PropertyDeclarations = { rows: { state: true }, categories: { state: true }, visibility: { state: true }, error: { state: true } };
  declare rows: KbArticleRows | null;
  declare categories: KbStaffCategoryList['categories'];
  declare visibility: Visibility | '';
  declare error: string;
  readonly #l = new LocalizeController(this);
  #query: KbArticlesQuery = {};
  #seq = 0;

  constructor() {
    super();
    this.rows = null;
    this.categories = [];
    this.visibility = '';
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
    api()
      .staffKbCategories()
      .then((r) => (this.categories = r.categories))
      .catch(() => undefined);
  }

  async #load(): Promise<void> {
    const seq = ++this.#seq;
    try {
      const r = await api().staffKbArticles(this.#query);
      if (seq !== this.#seq) return;
      this.rows = r;
      this.error = '';
    } catch (err) {
      if (seq === this.#seq) this.error = refusalReason(this.#l.cat, err);
    }
  }

  #filter(e: Event): void {
    e.preventDefault();
    const form = (e.target as HTMLElement).closest('form')!;
    const d = new FormData(form);
    const v = (k: string) => String(d.get(k) ?? '').trim() || undefined;
    this.#query = Object.fromEntries(Object.entries({ q: v('q'), locale: v('locale'), state: v('state'), category: v('category') }).filter(([, x]) => x)) as KbArticlesQuery;
    this.visibility = (v('visibility') as Visibility | undefined) ?? '';
    void this.#load();
  }

  protected override render(): TemplateResult {
    const s = kbStrings(this.#l);
    const cat = this.#l.cat;
    const rows = this.rows?.articles.filter((a) => !this.visibility || a.visibility === this.visibility) ?? null;
    const catName = (key: string) => this.categories.find((c) => c.key === key)?.[cat.locale].name ?? key;
    return html`<section aria-labelledby="kb-list">
      <h2 id="kb-list">${s.tabs.list}</h2>
      <form class="row" role="search" @submit=${(e: Event) => this.#filter(e)} @change=${(e: Event) => this.#filter(e)}>
        <label>${s.search}<input type="search" name="q" maxlength="200" /></label>
        <label>${s.language}
          <select name="locale"><option value="">${s.any}</option>${(['es', 'en'] as const).map((l) => html`<option value=${l}>${s.languages[l]}</option>`)}</select>
        </label>
        <label>${s.state}
          <select name="state"><option value="">${s.any}</option>${STATES.map((st) => html`<option value=${st}>${s.states[st]}</option>`)}</select>
        </label>
        <label>${s.category}
          <select name="category"><option value="">${s.any}</option>${this.categories.map((c) => html`<option value=${c.key}>${c[cat.locale].name}</option>`)}</select>
        </label>
        <label>${s.visibility}
          <select name="visibility"><option value="">${s.any}</option>${VISIBILITIES.map((v) => html`<option value=${v}>${s.visibilities[v]}</option>`)}</select>
        </label>
        <button type="submit">${s.filter}</button>
      </form>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <p role="status" class="muted">${rows === null ? cat.loading : s.count(rows.length)}</p>
      ${rows === null
        ? nothing
        : rows.length === 0
          ? html`<p>${s.none}</p>`
          : html`<table class="stack">
              <thead>
                <tr><th scope="col">${s.articleTitle}</th><th scope="col">${s.language}</th><th scope="col">${s.state}</th><th scope="col">${s.category}</th><th scope="col">${s.visibility}</th><th scope="col">${s.updated}</th></tr>
              </thead>
              <tbody>
                ${rows.map(
                  (a) => html`<tr>
                    <th scope="row"><a href=${articleHref(a.locale, a.slug)}>${a.title}</a><br /><span class="muted">${a.slug}</span></th>
                    <td data-label=${s.language}><span lang=${a.locale}>${a.locale.toUpperCase()}</span></td>
                    <td class="state" data-label=${s.state}>${s.states[a.state]}</td>
                    <td data-label=${s.category}>${catName(a.category)}</td>
                    <td data-label=${s.visibility}>${s.visibilities[a.visibility]}</td>
                    <td data-label=${s.updated}>${dateTime(cat, a.updatedAt)}${a.updatedByName ? html`<br /><span class="muted">${a.updatedByName}</span>` : nothing}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
    </section>`;
  }
}
