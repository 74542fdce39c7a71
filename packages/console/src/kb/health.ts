// <ayuda-kb-health>: content health: searches that found nothing, articles with most "no"
// votes, articles not updated for a year, articles missing a translation; every article links
// to its editor.
import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { KbHealth, KbHealthQuery } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { refusalReason } from '../internal/optimistic.js';
import { date, dateTime } from '../internal/format.js';
import { kbStyles } from './kb.styles.js';
import { articleHref, kbStrings } from './strings.js';
import type { KbStrings } from './i18n.js';

export class AyudaKbHealth extends LitElement {
  static override styles = [sharedStyles, kbStyles];
  static override properties: PropertyDeclarations = { report: { state: true }, error: { state: true } };
  declare report: KbHealth | null;
  declare error: string;
  readonly #l = new LocalizeController(this);
  #query: KbHealthQuery = {};

  constructor() {
    super();
    this.report = null;
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(e?: Event): Promise<void> {
    if (e) {
      e.preventDefault();
      const d = new FormData(e.target as HTMLFormElement);
      const locale = String(d.get('locale') ?? '');
      const days = Number(d.get('days'));
      this.#query = { ...(locale === 'es' || locale === 'en' ? { locale } : {}), ...(Number.isInteger(days) && days >= 1 && days <= 365 ? { days } : {}) };
    }
    try {
      this.report = await api().staffKbHealth(this.#query);
      this.error = '';
    } catch (err) {
      this.error = refusalReason(this.#l.cat, err);
    }
  }

  protected override render(): TemplateResult {
    const s = kbStrings(this.#l);
    const r = this.report;
    return html`<section aria-labelledby="kb-health">
        <h2 id="kb-health">${s.tabs.health}</h2>
        <form class="row" @submit=${(e: Event) => void this.#load(e)}>
          <label>${s.language}
            <select name="locale"><option value="">${s.any}</option>${(['es', 'en'] as const).map((l) => html`<option value=${l}>${s.languages[l]}</option>`)}</select>
          </label>
          <label>${s.days}<input class="num" name="days" type="number" min="1" max="365" value="30" required /></label>
          <button type="submit">${s.show}</button>
        </form>
        <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
        ${r === null ? html`<p class="muted" role="status">${this.#l.cat.loading}</p>` : nothing}
      </section>
      ${r ? this.#lists(s, r) : nothing}`;
  }

  #article(a: { locale: 'es' | 'en'; slug: string; title: string }): TemplateResult {
    return html`<a href=${articleHref(a.locale, a.slug)} lang=${a.locale}>${a.title}</a> <span class="muted">(${a.locale.toUpperCase()})</span>`;
  }

  #lists(s: KbStrings, r: KbHealth): TemplateResult {
    const cat = this.#l.cat;
    const empty = html`<p class="muted">${s.allGood}</p>`;
    return html`<section aria-labelledby="h-zero">
        <h2 id="h-zero">${s.zeroResults}</h2>
        <p class="hint">${s.zeroResultsHint}</p>
        ${r.zeroResultSearches.length === 0
          ? empty
          : html`<table>
              <thead><tr><th scope="col">${s.query}</th><th scope="col">${s.language}</th><th scope="col">${s.times}</th><th scope="col">${s.lastSearched}</th></tr></thead>
              <tbody>${r.zeroResultSearches.map((q) => html`<tr><th scope="row" lang=${q.locale}>${q.query}</th><td>${q.locale.toUpperCase()}</td><td>${q.count}</td><td>${dateTime(cat, q.lastSearchedAt)}</td></tr>`)}</tbody>
            </table>
            <p><a href="#/kb/new">${s.writeArticle}</a></p>`}
      </section>
      <section aria-labelledby="h-votes">
        <h2 id="h-votes">${s.unhelpful}</h2>
        ${r.unhelpful.length === 0
          ? empty
          : html`<table>
              <thead><tr><th scope="col">${s.articleTitle}</th><th scope="col">${s.noVotes}</th><th scope="col">${s.yesVotes}</th></tr></thead>
              <tbody>${r.unhelpful.map((a) => html`<tr><th scope="row">${this.#article(a)}</th><td>${a.no}</td><td>${a.yes}</td></tr>`)}</tbody>
            </table>`}
      </section>
      <section aria-labelledby="h-stale">
        <h2 id="h-stale">${s.stale}</h2>
        <p class="hint">${s.staleHint}</p>
        ${r.stale.length === 0
          ? empty
          : html`<table>
              <thead><tr><th scope="col">${s.articleTitle}</th><th scope="col">${s.updated}</th></tr></thead>
              <tbody>${r.stale.map((a) => html`<tr><th scope="row">${this.#article(a)}</th><td>${date(cat, a.updated)}</td></tr>`)}</tbody>
            </table>`}
      </section>
      <section aria-labelledby="h-trans">
        <h2 id="h-trans">${s.untranslated}</h2>
        ${r.untranslated.length === 0
          ? empty
          : html`<table>
              <thead><tr><th scope="col">${s.articleTitle}</th><th scope="col">${s.missing}</th><th scope="col">${s.translation}</th></tr></thead>
              <tbody>${r.untranslated.map((a) => html`<tr><th scope="row">${this.#article(a)}</th><td>${s.languages[a.missing]}</td><td>${a.translation ?? '—'}</td></tr>`)}</tbody>
            </table>`}
      </section>`;
  }
}
