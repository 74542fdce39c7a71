// <ayuda-opportunity-form>: records an upsell opportunity from a case (product or plan,
// estimated value, currency, note), for sales to follow up.
import { html, LitElement, type PropertyDeclarations, type TemplateResult } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';
import { panelStyles, summaryHeading } from './panel.styles.js';
import { api } from '../internal/api.js';
import { ANY_MONEY_PATTERN, DEFAULT_CURRENCY, toMinorUnits } from '../internal/money.js';
import { LocalizeController } from '../internal/localize.js';
import { notify } from '../internal/notices.js';
import { refusalReason } from '../internal/optimistic.js';

export class AyudaOpportunityForm extends LitElement {
  static override styles = [sharedStyles, panelStyles, summaryHeading];
  static override properties: PropertyDeclarations = { reference: { type: String }, currency: { type: String }, busy: { state: true } };

  declare reference: string;
  /** The fast lane's currency (the session's `settings.currency`): the server's choice when none is typed. */
  declare currency: string;
  declare busy: boolean;

  readonly #l = new LocalizeController(this);

  constructor() {
    super();
    this.reference = '';
    this.currency = DEFAULT_CURRENCY;
    this.busy = false;
  }

  async #submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const cat = this.#l.cat;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const currency = String(data.get('currency') ?? '').trim();
    // No currency given: the server takes the fast lane's, which the session told us.
    const value = toMinorUnits(String(data.get('value') ?? ''), currency || this.currency);
    const note = String(data.get('note') ?? '').trim();
    if (value === null || !Number.isFinite(value) || value < 0) {
      form.querySelector<HTMLInputElement>('[name=value]')?.focus();
      return;
    }
    // At once: the form empties and says it is recorded; if the server refuses, the values come back.
    const input = { product: String(data.get('product')).trim(), value, ...(currency ? { currency: currency.toLowerCase() } : {}), ...(note ? { note } : {}) };
    const values = Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)]));
    form.reset();
    notify(cat.opportunityRecorded);
    this.busy = true;
    try {
      await api().createOpportunity(this.reference, input);
    } catch (err) {
      for (const [k, v] of Object.entries(values)) {
        const field = form.elements.namedItem(k);
        if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) field.value = v;
      }
      notify(cat.serverRefused(cat.opportunity, refusalReason(cat, err)), 'error');
    } finally {
      this.busy = false;
    }
  }

  protected override render(): TemplateResult {
    const cat = this.#l.cat;
    return html`<section aria-labelledby="opp">
      <details>
        <summary><h2 id="opp" class="inline">${cat.opportunity}</h2></summary>
        <form @submit=${(e: SubmitEvent) => void this.#submit(e)} aria-busy=${this.busy ? 'true' : 'false'}>
          <label>${cat.product}<input name="product" required maxlength="200" /></label>
          <label>${cat.estimatedValue}<input name="value" required inputmode="decimal" pattern=${ANY_MONEY_PATTERN} /></label>
          <label>${cat.currency}<input name="currency" maxlength="3" pattern="[A-Za-z]{3}" placeholder=${this.currency.toUpperCase()} aria-describedby="cur-hint" size="4" /></label>
          <span id="cur-hint" class="small muted">${cat.currencyHint}</span>
          <label>${cat.opportunityNote}<textarea name="note" maxlength="2000" rows="2"></textarea></label>
          <button type="submit" ?disabled=${this.busy}>${cat.record}</button>
        </form>
      </details>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-opportunity-form': AyudaOpportunityForm;
  }
}
