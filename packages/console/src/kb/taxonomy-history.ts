// <ayuda-kb-taxonomy-history>: under the categories or the synonyms, every value they took (an
// import, a console change, a restore), newest first, with who and when; admins restore an
// earlier one after a question. Fires `ayuda-restored` so the screen above shows the value.
import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { KbTaxonomyKind, KbTaxonomyRevision } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { notify } from '../internal/notices.js';
import { refusalReason } from '../internal/optimistic.js';
import { dateTime } from '../internal/format.js';
import { confirmAction } from '../dialogs/confirm-dialog.js';
import '../define/ayuda-confirm-dialog.js';
import { kbStyles } from './kb.styles.js';
import { kbStrings } from './strings.js';

export class AyudaKbTaxonomyHistory extends LitElement {
  static override styles = [sharedStyles, kbStyles];
  static override properties: PropertyDeclarations = { kind: { type: String }, admin: { type: Boolean }, revisions: { state: true }, error: { state: true }, busy: { state: true } };
  declare kind: KbTaxonomyKind;
  declare admin: boolean;
  declare revisions: KbTaxonomyRevision[] | null;
  declare error: string;
  declare busy: boolean;
  readonly #l = new LocalizeController(this);

  constructor() {
    super();
    this.kind = 'categories';
    this.admin = false;
    this.revisions = null;
    this.error = '';
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  /** Reads the history again (after a change made above). */
  async reload(): Promise<void> {
    try {
      this.revisions = (await api().staffKbTaxonomyRevisions(this.kind)).revisions;
      this.error = '';
    } catch (err) {
      this.error = refusalReason(this.#l.cat, err);
    }
  }

  #summary(r: KbTaxonomyRevision): string {
    const s = kbStrings(this.#l);
    if (Array.isArray(r.value)) {
      const locale = this.#l.locale;
      return s.taxonomySummary.categories(r.value.length, r.value.map((c) => c.labels[locale]?.name ?? c.key).join(', '));
    }
    return s.taxonomySummary.synonyms(r.value.es.length, r.value.en.length);
  }

  async #restore(r: KbTaxonomyRevision): Promise<void> {
    const s = kbStrings(this.#l);
    if (!(await confirmAction({ title: s.taxonomyRestoreTitle, message: s.taxonomyRestoreText[this.kind], confirm: s.taxonomyRestore }))) return;
    this.busy = true;
    try {
      await api().staffKbRestoreTaxonomy(this.kind, r.id);
      notify(s.taxonomyRestored);
      this.dispatchEvent(new CustomEvent('ayuda-restored', { bubbles: true, composed: true }));
      await this.reload();
    } catch (err) {
      this.error = refusalReason(this.#l.cat, err);
    } finally {
      this.busy = false;
    }
  }

  protected override render(): TemplateResult {
    const s = kbStrings(this.#l);
    const cat = this.#l.cat;
    const list = this.revisions;
    const id = `history-${this.kind}`;
    // Inside the screen's own section (which scrolls sideways on a phone).
    return html`<div aria-labelledby=${id} role="region">
      <h3 id=${id}>${s.taxonomyHistory}</h3>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      ${list === null
        ? html`<p class="muted" role="status">${cat.loading}</p>`
        : list.length === 0
          ? html`<p class="muted">${s.taxonomyEmpty}</p>`
          : html`<table class="stack">
                <thead>
                  <tr><th scope="col">${s.taxonomyColumns.when}</th><th scope="col">${s.taxonomyColumns.who}</th><th scope="col">${s.taxonomyColumns.what}</th>${this.admin ? html`<th scope="col"><span class="visually-hidden">${s.taxonomyRestore}</span></th>` : nothing}</tr>
                </thead>
                <tbody>
                  ${list.map(
                    (r, i) => html`<tr>
                      <td data-label=${s.taxonomyColumns.when}>${dateTime(cat, r.changedAt)}</td>
                      <td data-label=${s.taxonomyColumns.who}>${r.changedByName}<br /><span class="muted">${s.taxonomySources[r.source as 'console'] ?? r.source}</span></td>
                      <td data-label=${s.taxonomyColumns.what}>${this.#summary(r)}</td>
                      ${this.admin
                        ? html`<td>
                            ${i === 0
                              ? html`<span class="badge">${s.taxonomyCurrent}</span>`
                              : html`<button type="button" ?disabled=${this.busy} aria-label=${s.taxonomyRestoreLabel(dateTime(cat, r.changedAt))} @click=${() => void this.#restore(r)}>${s.taxonomyRestore}</button>`}
                          </td>`
                        : nothing}
                    </tr>`,
                  )}
                </tbody>
              </table>`}
    </div>`;
  }
}
