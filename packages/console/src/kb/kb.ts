// <ayuda-kb>: the knowledge-base screens (their own chunk, loaded when someone first opens
// #/kb): the article list, the editor (with history and diff), a new article, categories,
// synonyms and content health. Agents read everything; only admins get editing controls (the
// server refuses agents every change anyway).
import { css, html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { StaffUser } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { screenStyles } from '../styles/screen.styles.js';
import { LocalizeController } from '../internal/localize.js';
import { CurrentLinkInSight } from '../internal/current-link.js';
import type { KbPage } from '../internal/router.js';
import { kbStrings } from './strings.js';

const TABS = ['list', 'new', 'categories', 'synonyms', 'health'] as const;

export class AyudaKb extends LitElement {
  static override styles = [
    sharedStyles,
    screenStyles,
  ];
  static override properties: PropertyDeclarations = { page: { attribute: false }, user: { attribute: false } };
  declare page: KbPage;
  declare user: StaffUser | undefined;
  readonly #l = new LocalizeController(this);
  // On a phone the tabs scroll sideways (screenStyles): the current one stays in sight.
  readonly #tabs = new CurrentLinkInSight(this);

  constructor() {
    super();
    this.page = { view: 'list' };
    this.user = undefined;
  }

  protected override render(): TemplateResult {
    const s = kbStrings(this.#l);
    const admin = this.user?.role === 'admin';
    const current = this.page.view === 'article' ? 'list' : this.page.view;
    const tabs = TABS.filter((t) => admin || t !== 'new');
    return html`<h1>${s.title}</h1>
      <nav aria-label=${s.title}>
        <ul>
          ${tabs.map((t) => html`<li><a href=${t === 'list' ? '#/kb' : `#/kb/${t}`} aria-current=${current === t && this.page.view !== 'article' ? 'page' : 'false'}>${s.tabs[t]}</a></li>`)}
        </ul>
      </nav>
      ${admin ? nothing : html`<p class="muted">${s.readOnly}</p>`}
      ${this.#view(admin)}`;
  }

  #view(admin: boolean): TemplateResult {
    const p = this.page;
    switch (p.view) {
      case 'article':
        return html`<ayuda-kb-editor .locale=${p.locale} .slug=${p.slug} .admin=${admin}></ayuda-kb-editor>`;
      case 'new':
        return admin ? html`<ayuda-kb-editor .slug=${null} .admin=${true}></ayuda-kb-editor>` : html`<ayuda-kb-list></ayuda-kb-list>`;
      case 'categories':
        return html`<ayuda-kb-categories .admin=${admin}></ayuda-kb-categories>`;
      case 'synonyms':
        return html`<ayuda-kb-synonyms .admin=${admin}></ayuda-kb-synonyms>`;
      case 'health':
        return html`<ayuda-kb-health></ayuda-kb-health>`;
      default:
        return html`<ayuda-kb-list></ayuda-kb-list>`;
    }
  }
}
