// <ayuda-appearance>: the widget's look on every site (the `appearance` settings section), with
// the real widget beside the controls. The preview is a same-origin frame of the server's
// /widget/preview page, which loads /embed.js like any site; each change of a control restyles
// that live widget at once with the draft's embed theme (what the server would write into
// embed.js), before anything is saved. Admins only; its own chunk, strings in ./i18n.ts.
import { css, html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { AyudaApiError, type SettingsRevision, type SettingsSectionOf } from '@ayuda/client/staff';
import {
  APPEARANCE_FONT_NAMES,
  APPEARANCE_LIMITS,
  APPEARANCE_MODES,
  APPEARANCE_POSITIONS,
  AppearanceSettingsSchema,
  contrastRatio,
  EMBED_THEME_PROPERTIES,
  embedTheme,
  readableOn,
  type AppearanceSettings,
  type EmbedTheme,
} from '@ayuda/core';
import { sharedStyles } from '../styles/shared.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { notify } from '../internal/notices.js';
import { refusalReason } from '../internal/optimistic.js';
import { dateTime } from '../internal/format.js';
import { confirmAction } from '../dialogs/confirm-dialog.js';
import { en, es, type AppearanceStrings } from './i18n.js';
import { issueMessage, type Issue } from '../settings/section-form.js';
import { LeaveGuardController } from '../internal/leave-guard.js';
import { strings as settingsStrings } from '../settings/i18n.js';

type View = SettingsSectionOf<'appearance'>;
type Lang = 'es' | 'en';
/** The form's value: what the admin typed, not yet checked. */
type Draft = AppearanceSettings;
/** The live widget in the preview frame, as its embed made it. */
type PreviewWidget = HTMLElement & { launcherLabels?: Readonly<Record<string, string>> | undefined; open(): Promise<void> };

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Restyles a live widget with an embed theme, clearing whatever an earlier theme set. */
export function applyEmbedTheme(el: PreviewWidget, theme: EmbedTheme, locale: Lang): void {
  for (const p of EMBED_THEME_PROPERTIES) {
    const v = theme.css?.[p];
    if (v) el.style.setProperty(p, v);
    else el.style.removeProperty(p);
  }
  for (const a of ['theme', 'position'] as const) {
    const v = theme[a];
    if (v) el.setAttribute(a, v);
    else el.removeAttribute(a);
  }
  el.launcherLabels = theme.label;
  // Setting the language again makes the launcher read its label.
  el.setAttribute('locale', locale);
}

export class AyudaAppearance extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 1.5rem;
        align-items: start;
      }
      @media (max-width: 900px) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      h2 {
        font-size: 1.125rem;
        margin-bottom: 0.25rem;
      }
      fieldset {
        border: 1px solid var(--ayuda-border);
        border-radius: var(--ayuda-radius);
        padding: 0.75rem;
        margin: 0 0 1rem;
        display: grid;
        /* A fieldset and its column are as wide as the widest control by default: past a 320 px phone's screen. */
        grid-template-columns: minmax(0, 1fr);
        gap: 0.75rem;
        min-width: 0;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      label {
        display: flex;
      }
      .colour {
        display: flex;
        gap: 0.5rem;
        align-items: end;
        flex-wrap: wrap;
      }
      .colour input[type='color'] {
        width: 2.75rem;
        padding: 0.15rem;
      }
      .hint {
        font-size: 0.8125rem;
        color: var(--ayuda-muted);
        margin: 0;
      }
      .field-error {
        color: var(--ayuda-danger, #b3261e);
        font-size: 0.8125rem;
        margin: 0;
      }
      [aria-invalid='true'] {
        border-color: var(--ayuda-danger, #b3261e);
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
        align-items: center;
      }
      .preview {
        position: sticky;
        top: 0;
        display: grid;
        gap: 0.5rem;
      }
      iframe {
        width: 100%;
        height: 640px;
        max-height: 80vh;
        border: 1px solid var(--ayuda-border);
        border-radius: var(--ayuda-radius);
        background: var(--ayuda-surface);
      }
      pre {
        margin: 0;
        padding: 0.6rem;
        border: 1px solid var(--ayuda-border);
        border-radius: var(--ayuda-radius);
        background: var(--ayuda-surface-2, var(--ayuda-surface));
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        font-family: var(--ayuda-mono, monospace);
        font-size: 0.8125rem;
      }
      ol {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.4rem;
      }
      li {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
      }
      .swatch {
        display: inline-block;
        width: 1.1rem;
        height: 1.1rem;
        border-radius: 50%;
        border: 1px solid var(--ayuda-border);
        flex: none;
      }
    `,
  ];

  static override properties: PropertyDeclarations = {
    view: { state: true },
    draft: { state: true },
    errors: { state: true },
    touched: { state: true },
    revisions: { state: true },
    previewLocale: { state: true },
    stale: { state: true },
    busy: { state: true },
    loadError: { state: true },
  };

  declare view: View | null;
  declare draft: Draft | null;
  /** Messages per field path (`primary`, `label.es`), from the schema in the browser or the server's 422. */
  declare errors: Record<string, string>;
  /** Fields the admin changed: the browser's check speaks only about them until a save is tried. */
  declare touched: Set<string>;
  declare revisions: SettingsRevision[];
  declare previewLocale: Lang;
  /** The server refused a save with 412: someone else changed the section. */
  declare stale: boolean;
  declare busy: boolean;
  declare loadError: string;

  readonly #l = new LocalizeController(this);
  #localeSet = false;

  constructor() {
    super();
    this.view = null;
    this.draft = null;
    this.errors = {};
    this.touched = new Set();
    this.revisions = [];
    this.previewLocale = 'es';
    this.stale = false;
    this.busy = false;
    this.loadError = '';
  }

  readonly #leave = new LeaveGuardController(this, {
    dirty: () => this.#dirty,
    question: () => ({ title: this.#t.leaveTitle, message: this.#t.leaveMessage, confirm: this.#t.leave }),
    discard: () => this.view && (this.draft = structuredClone(this.view.value) as unknown as Draft),
  });

  get #t(): AppearanceStrings {
    return this.#l.locale === 'en' ? en : es;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.#localeSet) {
      this.#localeSet = true;
      this.previewLocale = this.#l.locale;
    }
    void this.load();
  }

  /** Loads the section and its history; the draft starts as the value in effect. */
  async load(): Promise<void> {
    try {
      const [view, revisions] = await Promise.all([api().staffSettingsSection('appearance'), api().staffSettingsRevisions('appearance')]);
      this.#adopt(view);
      this.revisions = revisions;
      this.loadError = '';
    } catch (err) {
      this.loadError = refusalReason(this.#l.cat, err);
    }
  }

  #adopt(view: View): void {
    this.view = view;
    this.draft = structuredClone(view.value);
    this.errors = {};
    this.touched = new Set();
    this.stale = false;
  }

  get #dirty(): boolean {
    return !!this.view && !!this.draft && JSON.stringify(this.view.value) !== JSON.stringify(this.draft);
  }

  /** The draft checked with the section's own schema: its value, or each field's message. */
  #check(): { value?: AppearanceSettings; errors: Record<string, string> } {
    const r = AppearanceSettingsSchema.safeParse(this.draft);
    if (r.success) return { value: r.data, errors: {} };
    const errors: Record<string, string> = {};
    for (const i of r.error.issues) errors[i.path.join('.')] ??= this.#message(i.path.join('.'), i as Issue);
    return { errors };
  }

  /** A contrast ratio as people read it in the console's language: "4,52" or "4.52". */
  #ratio(n: number): string {
    return new Intl.NumberFormat(this.#l.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
  }

  /** A check's message in the console's language (the schema writes English). */
  #message(path: string, i: Issue): string {
    if (path === 'onPrimary' && i.code === 'custom' && this.draft) {
      const d = this.draft as unknown as { primary: string; onPrimary: string };
      return this.#t.contrastLow(this.#ratio(contrastRatio(d.primary, d.onPrimary)));
    }
    return issueMessage(i, settingsStrings[this.#l.locale]);
  }

  #set(field: string, value: unknown): void {
    if (!this.draft) return;
    const next = structuredClone(this.draft) as unknown as Record<string, unknown>;
    const [head, sub] = field.split('.');
    if (sub) next[head!] = { ...(next[head!] as object), [sub]: value };
    else next[head!] = value;
    this.draft = next as unknown as Draft;
    this.touched = new Set([...this.touched, field]);
    const { errors } = this.#check();
    // A field's own message, and the contrast one (it belongs to the pair) as soon as either colour changed.
    this.errors = Object.fromEntries(Object.entries(errors).filter(([f]) => this.touched.has(f) || (f === 'onPrimary' && this.touched.has('primary')) || (f === 'customFont' && this.touched.has('font'))));
  }

  protected override updated(): void {
    this.#applyPreview();
    // Through the CSSOM: the console's CSP forbids style attributes.
    for (const sw of this.renderRoot.querySelectorAll<HTMLElement>('.swatch')) sw.style.background = HEX.test(sw.dataset['colour'] ?? '') ? sw.dataset['colour']! : 'transparent';
  }

  #frame(): HTMLIFrameElement | null {
    return this.renderRoot.querySelector('iframe');
  }

  #previewWidget(): PreviewWidget | null {
    try {
      const w = this.#frame()?.contentWindow as (Window & { Ayuda?: { element: PreviewWidget } }) | null | undefined;
      return w?.Ayuda?.element ?? null;
    } catch {
      return null; // not (yet) our origin
    }
  }

  /** Puts the draft on the preview's widget, when the draft is valid (else the last valid look stays). */
  #applyPreview(): void {
    const el = this.#previewWidget();
    const { value } = this.#check();
    if (el && value) applyEmbedTheme(el, embedTheme(value), this.previewLocale);
  }

  #frameLoaded(): void {
    const doc = this.#frame()?.contentDocument;
    if (!this.#previewWidget()) doc?.addEventListener('ayuda-ready', () => this.#applyPreview(), { once: true });
    this.#applyPreview();
  }

  async #save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.view || !this.draft) return;
    const t = this.#t;
    const { value, errors } = this.#check();
    if (!value) {
      this.errors = errors;
      this.touched = new Set([...this.touched, ...Object.keys(errors)]);
      notify(t.invalid, 'error');
      await this.updateComplete;
      (this.renderRoot.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
      return;
    }
    await this.#change(() => api().staffUpdateSettings('appearance', value, { ifMatch: this.view!.version }), t.saved);
  }

  async #reset(): Promise<void> {
    if (!this.view) return;
    const t = this.#t;
    if (!(await confirmAction({ title: t.resetTitle, message: t.resetMessage, confirm: t.reset }))) return;
    await this.#change(() => api().staffResetSettings('appearance', { ifMatch: this.view!.version }), t.resetDone);
  }

  async #restore(r: SettingsRevision): Promise<void> {
    if (!this.view) return;
    const t = this.#t;
    if (!(await confirmAction({ title: t.restoreTitle, message: t.restoreMessage(dateTime(this.#l.cat, r.changedAt)), confirm: t.restore }))) return;
    await this.#change(() => api().staffRestoreSettings('appearance', r.id, { ifMatch: this.view!.version }), t.restored);
  }

  /** Sends a change; the section and its history come back from the server. */
  async #change(request: () => Promise<View>, done: string): Promise<void> {
    const t = this.#t;
    this.busy = true;
    try {
      const view = await request();
      this.#adopt(view);
      notify(done);
      this.revisions = await api().staffSettingsRevisions('appearance').catch(() => this.revisions);
    } catch (err) {
      if (err instanceof AyudaApiError && err.status === 412) {
        this.stale = true;
      } else if (err instanceof AyudaApiError && err.status === 422 && err.problem.errors?.length) {
        this.errors = Object.fromEntries(err.problem.errors.map((x) => [x.field.replace(/^body\./, ''), this.#message(x.field.replace(/^body\./, ''), { code: 'custom', path: [], message: x.message })]));
        this.touched = new Set([...this.touched, ...Object.keys(this.errors)]);
        notify(t.invalid, 'error');
      } else if (err instanceof AyudaApiError && err.status === 409) {
        notify(t.restoreInvalid, 'error');
      } else {
        notify(refusalReason(this.#l.cat, err), 'error');
      }
    } finally {
      this.busy = false;
    }
  }

  async #copy(snippet: string): Promise<void> {
    const t = this.#t;
    try {
      await navigator.clipboard.writeText(snippet);
      notify(t.copied);
    } catch {
      notify(t.copyFailed, 'error');
    }
  }

  #openPanel(): void {
    void this.#previewWidget()?.open();
  }

  /** A field's message element id, for aria-describedby. */
  #err(field: string): TemplateResult | typeof nothing {
    const m = this.errors[field];
    return m ? html`<p class="field-error" id=${`err-${field.replace('.', '-')}`}>${m}</p>` : nothing;
  }

  #describedBy(field: string, hint?: string): string {
    return [hint, this.errors[field] ? `err-${field.replace('.', '-')}` : ''].filter(Boolean).join(' ');
  }

  #colour(field: 'primary' | 'onPrimary', label: string, hint: string): TemplateResult {
    const v = this.draft![field];
    return html`<div>
      <div class="colour">
        <label
          >${label}
          <input
            name=${field}
            .value=${v}
            maxlength="7"
            size="8"
            spellcheck="false"
            autocomplete="off"
            aria-invalid=${this.errors[field] ? 'true' : 'false'}
            aria-describedby=${this.#describedBy(field, `hint-${field}`)}
            @input=${(e: Event) => this.#set(field, (e.target as HTMLInputElement).value)}
        /></label>
        <input type="color" tabindex="-1" aria-label=${this.#t.pickColour(label)} .value=${HEX.test(v) ? v.toLowerCase() : '#000000'} @input=${(e: Event) => this.#set(field, (e.target as HTMLInputElement).value)} />
      </div>
      <p class="hint" id=${`hint-${field}`}>${hint}</p>
      ${this.#err(field)}
    </div>`;
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const cat = this.#l.cat;
    if (this.loadError) return html`<p class="error" role="alert">${this.loadError}</p>`;
    if (!this.view || !this.draft) return html`<p aria-live="polite">${t.loading}</p>`;
    const d = this.draft;
    const ratio = HEX.test(d.primary) && HEX.test(d.onPrimary) ? contrastRatio(d.primary.toLowerCase(), d.onPrimary.toLowerCase()) : null;
    const origin = location.origin;
    const snippet = `<script type="module" src="${origin}/embed.js" async></script>`;
    const text = (field: string, label: string, value: string, hint: string, max: number) =>
      html`<div>
        <label
          >${label}
          <input
            name=${field}
            .value=${value}
            maxlength=${max}
            aria-invalid=${this.errors[field] ? 'true' : 'false'}
            aria-describedby=${this.#describedBy(field, `hint-${field.replace('.', '-')}`)}
            @input=${(e: Event) => this.#set(field, (e.target as HTMLInputElement).value)}
        /></label>
        <p class="hint" id=${`hint-${field.replace('.', '-')}`}>${hint}</p>
        ${this.#err(field)}
      </div>`;
    return html`<h2 id="appearance-title">${t.title}</h2>
      <p class="hint">${t.intro}</p>
      <p class="hint">${t.source(t.sources[this.view.source])}</p>
      ${this.stale
        ? html`<div role="alert" class="actions"><p class="error">${t.stale}</p><button type="button" @click=${() => void this.load()}>${t.reload}</button></div>`
        : nothing}
      <div class="layout">
        <form @submit=${(e: SubmitEvent) => void this.#save(e)} novalidate aria-labelledby="appearance-title">
          <fieldset>
            <legend>${t.colours}</legend>
            ${this.#colour('primary', t.primary, t.primaryHint)} ${this.#colour('onPrimary', t.onPrimary, t.onPrimaryHint)}
            <div class="actions">
              <button type="button" ?disabled=${!HEX.test(d.primary)} @click=${() => this.#set('onPrimary', readableOn(d.primary.toLowerCase()))}>${t.bestContrast}</button>
              <span aria-live="polite" class=${ratio !== null && ratio < APPEARANCE_LIMITS.minContrast ? 'field-error' : 'hint'}
                >${ratio === null ? '' : ratio < APPEARANCE_LIMITS.minContrast ? t.contrastLow(this.#ratio(ratio)) : t.contrast(this.#ratio(ratio))}</span
              >
            </div>
          </fieldset>
          <fieldset>
            <legend>${t.shape}</legend>
            <div>
              <label
                >${t.radius}
                <input
                  name="radius"
                  type="number"
                  inputmode="numeric"
                  min=${APPEARANCE_LIMITS.radiusMin}
                  max=${APPEARANCE_LIMITS.radiusMax}
                  step="1"
                  .value=${String(d.radius)}
                  aria-invalid=${this.errors['radius'] ? 'true' : 'false'}
                  aria-describedby=${this.#describedBy('radius', 'hint-radius')}
                  @input=${(e: Event) => {
                    const raw = (e.target as HTMLInputElement).value;
                    this.#set('radius', raw === '' ? Number.NaN : Number(raw));
                  }}
              /></label>
              <p class="hint" id="hint-radius">${t.radiusHint(APPEARANCE_LIMITS.radiusMin, APPEARANCE_LIMITS.radiusMax)}</p>
              ${this.#err('radius')}
            </div>
            <div>
              <label
                >${t.font}
                <select name="font" @change=${(e: Event) => this.#set('font', (e.target as HTMLSelectElement).value)}>
                  ${[...APPEARANCE_FONT_NAMES, 'custom' as const].map((f) => html`<option value=${f} ?selected=${d.font === f}>${t.fonts[f]}</option>`)}
                </select></label
              >
              ${this.#err('font')}
            </div>
            ${d.font === 'custom' ? text('customFont', t.customFont, d.customFont, t.customFontHint, APPEARANCE_LIMITS.fontMax) : nothing}
          </fieldset>
          <fieldset>
            <legend>${t.launcher}</legend>
            <label
              >${t.position}
              <select name="position" @change=${(e: Event) => this.#set('position', (e.target as HTMLSelectElement).value)}>
                ${APPEARANCE_POSITIONS.map((p) => html`<option value=${p} ?selected=${d.position === p}>${t.positions[p]}</option>`)}
              </select></label
            >
            ${text('label.es', t.labelEs, d.label.es, t.labelHint(APPEARANCE_LIMITS.labelMax), APPEARANCE_LIMITS.labelMax)}
            ${text('label.en', t.labelEn, d.label.en, t.labelHint(APPEARANCE_LIMITS.labelMax), APPEARANCE_LIMITS.labelMax)}
            <label
              >${t.mode}
              <select name="mode" @change=${(e: Event) => this.#set('mode', (e.target as HTMLSelectElement).value)}>
                ${APPEARANCE_MODES.map((m) => html`<option value=${m} ?selected=${d.mode === m}>${t.modes[m]}</option>`)}
              </select></label
            >
          </fieldset>
          <p aria-live="polite" class="hint">${this.#dirty ? t.unsaved : ''}</p>
          <div class="actions">
            <button type="submit" class="primary" ?disabled=${this.busy || !this.#dirty}>${t.save}</button>
            <button type="button" ?disabled=${this.busy || !this.#dirty} @click=${() => this.#adopt(this.view!)}>${t.discard}</button>
            <button type="button" ?disabled=${this.busy || this.view.source !== 'console'} @click=${() => void this.#reset()}>${t.reset}</button>
          </div>
        </form>
        <section class="preview" aria-labelledby="preview-title">
          <h2 id="preview-title">${t.preview}</h2>
          <p class="hint">${t.previewHint}</p>
          <div class="actions">
            <label
              >${t.previewLanguage}
              <select @change=${(e: Event) => (this.previewLocale = (e.target as HTMLSelectElement).value === 'en' ? 'en' : 'es')}>
                <option value="es" ?selected=${this.previewLocale === 'es'}>Español</option>
                <option value="en" ?selected=${this.previewLocale === 'en'}>English</option>
              </select></label
            >
            <button type="button" @click=${() => this.#openPanel()}>${t.openPanel}</button>
          </div>
          <iframe title=${t.previewFrame} src=${`${origin}/widget/preview?locale=${this.previewLocale}`} @load=${() => this.#frameLoaded()}></iframe>
          <h2 id="snippet-title">${t.snippet}</h2>
          <p class="hint">${t.snippetHint}</p>
          <pre aria-labelledby="snippet-title"><code>${snippet}</code></pre>
          <div class="actions"><button type="button" @click=${() => void this.#copy(snippet)}>${t.copy}</button></div>
        </section>
      </div>
      <section aria-labelledby="history-title">
        <h2 id="history-title">${t.history}</h2>
        ${this.revisions.length === 0
          ? html`<p class="hint">${t.noHistory}</p>`
          : html`<ol>
              ${this.revisions.map((r, i) => {
                const v = r.value as Partial<AppearanceSettings> | null;
                return html`<li>
                  <span class="swatch" aria-hidden="true" data-colour=${v?.primary ?? ''}></span>
                  <span>${v ? `${v.primary ?? ''} · ${v.label?.[this.#l.locale] ?? ''}` : t.backToStart}</span>
                  <span class="hint">${t.changedBy(r.changedByName, dateTime(cat, r.changedAt))}</span>
                  ${i === 0 ? nothing : html`<button type="button" ?disabled=${this.busy} @click=${() => void this.#restore(r)}>${t.restore}</button>`}
                </li>`;
              })}
            </ol>`}
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-appearance': AyudaAppearance;
  }
}
