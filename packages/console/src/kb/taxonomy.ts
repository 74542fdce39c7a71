// <ayuda-kb-categories> and <ayuda-kb-synonyms>: the knowledge base's categories (create,
// rename in each language, reorder) and search synonyms (one group of words per line). Agents
// see them; admins change them.
import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { AyudaApiError, type KbStaffCategoryList } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { notify } from '../internal/notices.js';
import { refusalReason } from '../internal/optimistic.js';
import { kbStyles } from './kb.styles.js';
import { kbStrings } from './strings.js';

type Category = KbStaffCategoryList['categories'][number];
type Label = { name: string; description: string };

/** A refusal's per-field messages keyed by the field's last part (`body.es.name` → `es.name`), and the rest. */
function fieldMessages(err: unknown): Record<string, string> {
  if (!(err instanceof AyudaApiError)) return {};
  return Object.fromEntries(Object.entries(err.fieldErrors).map(([k, v]) => [k.replace(/^body\./, ''), v]));
}

export class AyudaKbCategories extends LitElement {
  static override styles = [sharedStyles, kbStyles];
  static override properties: PropertyDeclarations = { admin: { type: Boolean }, categories: { state: true }, error: { state: true }, errors: { state: true }, busy: { state: true } };
  declare admin: boolean;
  declare categories: Category[] | null;
  declare error: string;
  /** Field messages of the new-category form (`key`, `es.name`, ...). */
  declare errors: Record<string, string>;
  declare busy: boolean;
  readonly #l = new LocalizeController(this);

  constructor() {
    super();
    this.admin = false;
    this.categories = null;
    this.error = '';
    this.errors = {};
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#run(() => api().staffKbCategories());
  }

  async #run(fn: () => Promise<KbStaffCategoryList>, done?: string): Promise<boolean> {
    this.busy = true;
    try {
      this.categories = (await fn()).categories;
      this.error = '';
      if (done) {
        notify(done);
        // A change: it heads the history now.
        void this.renderRoot.querySelector('ayuda-kb-taxonomy-history')?.reload();
      }
      return true;
    } catch (err) {
      this.error = refusalReason(this.#l.cat, err);
      this.errors = fieldMessages(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  #labels(d: FormData): { es: Label; en: Label } {
    const v = (k: string) => String(d.get(k) ?? '').trim();
    return { es: { name: v('es.name'), description: v('es.description') }, en: { name: v('en.name'), description: v('en.description') } };
  }

  async #rename(e: SubmitEvent, c: Category): Promise<void> {
    e.preventDefault();
    const s = kbStrings(this.#l);
    const labels = this.#labels(new FormData(e.target as HTMLFormElement));
    if (!labels.es.name || !labels.en.name) {
      this.error = s.fixFields;
      return;
    }
    await this.#run(() => api().staffKbUpdateCategory(c.key, labels), s.categorySaved);
  }

  async #move(at: number, by: -1 | 1): Promise<void> {
    const list = this.categories;
    if (!list || !list[at + by]) return;
    const keys = list.map((c) => c.key);
    [keys[at], keys[at + by]] = [keys[at + by]!, keys[at]!];
    const key = list[at]!.key;
    if (await this.#run(() => api().staffKbOrderCategories(keys), kbStrings(this.#l).orderSaved)) {
      await this.updateComplete;
      // The focus stays with the moved category's button, now one row up or down.
      const row = this.renderRoot.querySelector(`tr[data-key="${key}"]`);
      row?.querySelector<HTMLButtonElement>(by < 0 ? 'button.up' : 'button.down')?.focus();
    }
  }

  async #create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const s = kbStrings(this.#l);
    const form = e.target as HTMLFormElement;
    const d = new FormData(form);
    const key = String(d.get('key') ?? '').trim();
    const labels = this.#labels(d);
    const errors: Record<string, string> = {};
    if (!/^[a-z0-9-]{1,64}$/.test(key)) errors.key = s.keyHint;
    if (!labels.es.name) errors['es.name'] = s.errors.titleRequired;
    if (!labels.en.name) errors['en.name'] = s.errors.titleRequired;
    this.errors = errors;
    if (Object.keys(errors).length) {
      this.error = s.fixFields;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('form.create [aria-invalid="true"]')?.focus();
      return;
    }
    const ok = await this.#run(() => api().staffKbCreateCategory({ key, ...labels }), s.categoryCreated);
    if (ok) form.reset();
    else if (this.error === this.#l.cat.refusals.conflict) this.errors = { key: s.keyTaken };
  }

  protected override render(): TemplateResult {
    const s = kbStrings(this.#l);
    const cat = this.#l.cat;
    const list = this.categories;
    return html`<section aria-labelledby="kb-cats">
        <h2 id="kb-cats">${s.tabs.categories}</h2>
        <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
        ${list === null
          ? html`<p class="muted" role="status">${cat.loading}</p>`
          : html`<table class="stack">
              <thead><tr><th scope="col">${s.key}</th><th scope="col">${s.name('es')} · ${s.name('en')}</th><th scope="col">${s.articles}</th></tr></thead>
              <tbody>
                ${list.map((c, i) => html`<tr data-key=${c.key}>
                  <th scope="row"><code>${c.key}</code>
                    ${this.admin
                      ? html`<p class="row">
                          <button type="button" class="up" aria-label=${s.moveUp(c[cat.locale].name)} ?disabled=${this.busy || i === 0} @click=${() => void this.#move(i, -1)}>↑</button>
                          <button type="button" class="down" aria-label=${s.moveDown(c[cat.locale].name)} ?disabled=${this.busy || i === list.length - 1} @click=${() => void this.#move(i, 1)}>↓</button>
                        </p>`
                      : nothing}
                  </th>
                  <td data-label=${this.admin ? nothing : `${s.name('es')} · ${s.name('en')}`}>
                    ${this.admin
                      ? html`<form class="row" aria-label=${c.key} @submit=${(e: SubmitEvent) => void this.#rename(e, c)}>
                          ${(['es', 'en'] as const).map(
                            (l) => html`<label>${s.name(l)}<input name="${l}.name" required maxlength="100" .value=${c[l].name} /></label>
                              <label>${s.description(l)}<input name="${l}.description" maxlength="300" .value=${c[l].description} /></label>`,
                          )}
                          <button type="submit" ?disabled=${this.busy}>${s.rename}</button>
                        </form>`
                      : html`<span lang="es">${c.es.name}</span> · <span lang="en">${c.en.name}</span>`}
                  </td>
                  <td data-label=${s.articles}>${c.articleCount}</td>
                </tr>`)}
              </tbody>
            </table>`}
        <ayuda-kb-taxonomy-history kind="categories" ?admin=${this.admin} @ayuda-restored=${() => void this.#run(() => api().staffKbCategories())}></ayuda-kb-taxonomy-history>
      </section>
      ${this.admin ? this.#createForm(s) : nothing}`;
  }

  #createForm(s: ReturnType<typeof kbStrings>): TemplateResult {
    const err = (k: string) => this.errors[k];
    const input = (name: string, label: string, max: number, required: boolean) =>
      html`<div class="field">
        <label>${label}<input name=${name} maxlength=${max} ?required=${required} aria-invalid=${err(name) ? 'true' : 'false'} aria-describedby=${err(name) ? `new-err-${name.replace('.', '-')}` : nothing} /></label>
        ${err(name) ? html`<p class="field-error" id="new-err-${name.replace('.', '-')}">${err(name)}</p>` : nothing}
      </div>`;
    return html`<section aria-labelledby="kb-cat-new">
      <h2 id="kb-cat-new">${s.createCategory}</h2>
      <form class="row create" novalidate @submit=${(e: SubmitEvent) => void this.#create(e)}>
        ${input('key', s.key, 64, true)}
        ${input('es.name', s.name('es'), 100, true)}
        ${input('es.description', s.description('es'), 300, false)}
        ${input('en.name', s.name('en'), 100, true)}
        ${input('en.description', s.description('en'), 300, false)}
        <button type="submit" class="primary" ?disabled=${this.busy}>${s.createCategory}</button>
      </form>
      <p class="hint">${s.keyHint}</p>
    </section>`;
  }
}

const toText = (groups: string[][]) => groups.map((g) => g.join(', ')).join('\n');
const toGroups = (text: string) =>
  text
    .split('\n')
    .map((line) => line.split(',').map((w) => w.trim()).filter(Boolean));

export class AyudaKbSynonyms extends LitElement {
  static override styles = [sharedStyles, kbStyles];
  static override properties: PropertyDeclarations = { admin: { type: Boolean }, text: { state: true }, error: { state: true }, errors: { state: true }, busy: { state: true } };
  declare admin: boolean;
  declare text: { es: string; en: string } | null;
  declare error: string;
  declare errors: { es?: string; en?: string };
  declare busy: boolean;
  readonly #l = new LocalizeController(this);

  constructor() {
    super();
    this.admin = false;
    this.text = null;
    this.error = '';
    this.errors = {};
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#load();
  }

  #load(): void {
    api()
      .staffKbSynonyms()
      .then((r) => (this.text = { es: toText(r.es), en: toText(r.en) }))
      .catch((err: unknown) => (this.error = refusalReason(this.#l.cat, err)));
  }

  async #save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const s = kbStrings(this.#l);
    const d = new FormData(e.target as HTMLFormElement);
    const lines = { es: toGroups(String(d.get('es') ?? '')), en: toGroups(String(d.get('en') ?? '')) };
    const errors: { es?: string; en?: string } = {};
    for (const l of ['es', 'en'] as const) {
      const bad = lines[l].findIndex((g) => g.length === 1);
      if (bad >= 0) errors[l] = `${s.synonymsLine(s.languages[l], bad + 1)}: ${s.synonymsGroupTooSmall}`;
    }
    this.errors = errors;
    if (errors.es || errors.en) {
      this.error = s.fixFields;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const body = { es: lines.es.filter((g) => g.length), en: lines.en.filter((g) => g.length) };
    this.busy = true;
    try {
      const r = await api().staffKbReplaceSynonyms(body);
      this.text = { es: toText(r.es), en: toText(r.en) };
      this.error = '';
      notify(s.synonymsSaved);
      void this.renderRoot.querySelector('ayuda-kb-taxonomy-history')?.reload();
    } catch (err) {
      this.error = refusalReason(this.#l.cat, err);
      // `body.es.3.0` → line 4 of the Spanish groups.
      const found: { es?: string; en?: string } = {};
      if (err instanceof AyudaApiError) {
        for (const [k, v] of Object.entries(err.fieldErrors)) {
          const m = /^body\.(es|en)(?:\.(\d+))?/.exec(k);
          if (m) found[m[1] as 'es' | 'en'] = m[2] !== undefined ? `${s.synonymsLine(s.languages[m[1] as 'es' | 'en'], Number(m[2]) + 1)}: ${v}` : v;
        }
      }
      this.errors = found;
    } finally {
      this.busy = false;
    }
  }

  protected override render(): TemplateResult {
    const s = kbStrings(this.#l);
    const t = this.text;
    return html`<section aria-labelledby="kb-syn">
      <h2 id="kb-syn">${s.tabs.synonyms}</h2>
      <p class="hint" id="syn-hint">${s.synonymsHint}</p>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      ${t === null
        ? html`<p class="muted" role="status">${this.#l.cat.loading}</p>`
        : html`<form novalidate @submit=${(e: SubmitEvent) => void this.#save(e)}>
            ${(['es', 'en'] as const).map(
              (l) => html`<div class="field">
                <label>${s.languages[l]}
                  <textarea name=${l} rows="10" lang=${l} .value=${t[l]} ?readonly=${!this.admin} aria-invalid=${this.errors[l] ? 'true' : 'false'} aria-describedby="syn-hint${this.errors[l] ? ` syn-err-${l}` : ''}"></textarea>
                </label>
                ${this.errors[l] ? html`<p class="field-error" id="syn-err-${l}">${this.errors[l]}</p>` : nothing}
              </div>`,
            )}
            ${this.admin ? html`<p><button type="submit" class="primary" ?disabled=${this.busy}>${this.#l.cat.save}</button></p>` : nothing}
          </form>`}
      <ayuda-kb-taxonomy-history kind="synonyms" ?admin=${this.admin} @ayuda-restored=${() => this.#load()}></ayuda-kb-taxonomy-history>
    </section>`;
  }
}
