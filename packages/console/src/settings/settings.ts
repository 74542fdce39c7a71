// <ayuda-settings>: admins change the company's settings while the server runs (#/settings/<section>):
// one form per section (./forms), checked in the browser with the section's own schema from
// @ayuda/core and by the server (its per-field 422s shown at the fields), each field's source
// (file, environment, default, or who changed it in the console), saves guarded by If-Match (a
// 412 says someone else changed it and offers to reload), back to the start value, and the
// section's history (what each revision changed, field by field: ./history-diff.ts) with
// restore. Its own chunk, loaded when an admin first opens it.
import { css, html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { AyudaApiError, type SettingsRevision, type SettingsSection, type SettingsSectionName } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { cardStyles, screenStyles } from '../styles/screen.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { CurrentLinkInSight } from '../internal/current-link.js';
import { notify } from '../internal/notices.js';
import { refusalReason } from '../internal/optimistic.js';
import { dateTime } from '../internal/format.js';
import { DEFAULT_CURRENCY } from '../internal/money.js';
import { LeaveGuardController } from '../internal/leave-guard.js';
import { confirmAction } from '../dialogs/confirm-dialog.js';
import '../define/ayuda-confirm-dialog.js';
import { strings, type SettingsStrings } from './i18n.js';
import { SECTION_FORMS } from './forms/index.js';
import { validate, type FormContext, type SectionForm, type SectionStrings } from './section-form.js';
import { summariseHistory, type RevisionSummary } from './history-diff.js';

const FIRST = Object.keys(SECTION_FORMS)[0]!;

export class AyudaSettings extends LitElement {
  static override styles = [
    sharedStyles,
    screenStyles,
    cardStyles,
    css`
      h2 {
        font-size: 1.0625rem;
        margin-bottom: 0.35rem;
      }
      h3 {
        font-size: 0.9375rem;
        margin: 0.75rem 0 0.25rem;
      }
      section {
        max-width: 60rem;
        overflow-x: visible;
      }
      fieldset {
        border: 1px solid var(--ayuda-border);
        border-radius: var(--ayuda-radius);
        padding: 0.5rem 0.75rem 0.75rem;
        margin: 0 0 0.75rem;
        min-width: 0;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        gap: 0.5rem;
        margin-bottom: 0.6rem;
      }
      .field {
        display: inline-flex;
        flex-direction: column;
        gap: 0.2rem;
        /* A long option (the lane-change policy's) narrows its select on a 320 px phone, not the page. */
        max-width: 100%;
      }
      .field.wide {
        flex: 1 1 16rem;
        max-width: 32rem;
      }
      .field.wide input {
        width: 100%;
      }
      .field-error {
        font-size: 0.8125rem;
        font-weight: 600;
      }
      .hint {
        font-size: 0.8125rem;
      }
      input[aria-invalid='true'] {
        border-color: var(--ayuda-danger);
        box-shadow: 0 0 0 1px var(--ayuda-danger);
      }
      .check {
        flex-direction: row;
        align-items: center;
        gap: 0.35rem;
        color: var(--ayuda-text);
      }
      .num {
        width: 5.5rem;
      }
      .badge.source {
        font-weight: 500;
        border-radius: 0.75rem;
        color: var(--ayuda-muted);
        white-space: normal;
      }
      .badge.source.console {
        color: var(--ayuda-primary);
      }
      ul.entries {
        list-style: none;
        padding: 0;
        margin: 0 0 0.5rem;
        display: grid;
        gap: 0.4rem;
      }
      ul.entries li,
      .interval,
      .add {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        gap: 0.4rem;
      }
      .interval input {
        width: 5.5rem;
      }
      .week {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
        gap: 0.5rem;
      }
      .lanes {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr));
        gap: 0.5rem;
      }
      .duration {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: flex-end;
      }
      .duration legend {
        font-weight: 500;
      }
      .note {
        border-left: 4px solid var(--ayuda-primary);
        padding: 0.35rem 0.6rem;
        background: var(--ayuda-surface-2);
      }
      .conflict {
        border: 2px solid var(--ayuda-danger);
        border-radius: var(--ayuda-radius);
        padding: 0.5rem 0.75rem;
        margin: 0.5rem 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 0.75rem;
      }
      .history {
        overflow-x: auto;
      }
      ul.changes {
        margin: 0 0 0.25rem;
        padding-inline-start: 1.1rem;
        overflow-wrap: anywhere;
      }
      pre {
        font-family: var(--ayuda-mono);
        font-size: 0.8125rem;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin: 0.25rem 0 0;
      }
    `,
  ];
  static override properties: PropertyDeclarations = {
    section: { type: String },
    currency: { attribute: false },
    view: { state: true },
    draft: { state: true },
    errors: { state: true },
    revisions: { state: true },
    conflict: { state: true },
    busy: { state: true },
    error: { state: true },
    summary: { state: true },
  };

  /** The section shown (a key of SECTION_FORMS; anything else shows the first). */
  declare section: string;
  /** The fast lane's currency (the staff session's), for amounts. */
  currency: string = DEFAULT_CURRENCY;
  declare view: SettingsSection | null;
  declare draft: unknown;
  /** Errors by field path, from the browser's check or the server's 422. */
  declare errors: Record<string, string>;
  declare revisions: SettingsRevision[] | null;
  /** A change was refused with 412: someone else changed the section. */
  declare conflict: boolean;
  declare busy: boolean;
  declare error: string;
  /** "Fix the marked fields", after a refused save. */
  declare summary: string;

  readonly #l = new LocalizeController(this);
  // On a phone the tabs scroll sideways (screenStyles): the current one stays in sight.
  readonly #tabs = new CurrentLinkInSight(this);
  readonly #leave = new LeaveGuardController(this, {
    dirty: () => !!this.view && this.draft !== null && JSON.stringify(this.view.value) !== JSON.stringify(this.draft),
    question: () => ({ title: this.#t.leaveTitle, message: this.#t.leaveMessage, confirm: this.#t.leave }),
    discard: () => this.view && (this.draft = structuredClone(this.view.value)),
  });
  /** What inputs show while typed in, by key (cleared on every load). */
  #raws = new Map<string, string>();
  /** Errors the form set itself (an entry refused before it joins a list). */
  #local = new Map<string, string>();
  /** Whether a save was tried: from then on every change is checked at once. */
  #tried = false;
  #loads = 0;
  #focusNext: string | null = null;
  /** The history's lines, made again only when the revisions, the section or the language change (not on every keystroke). */
  #summaries: { of: readonly unknown[]; value: RevisionSummary[] } | null = null;

  constructor() {
    super();
    this.section = FIRST;
    this.view = null;
    this.draft = null;
    this.errors = {};
    this.revisions = null;
    this.conflict = false;
    this.busy = false;
    this.error = '';
    this.summary = '';
  }

  get #name(): string {
    return Object.hasOwn(SECTION_FORMS, this.section) ? this.section : FIRST;
  }

  get #form(): SectionForm {
    return SECTION_FORMS[this.#name]!;
  }

  get #t(): SettingsStrings {
    return strings[this.#l.locale];
  }

  #s(): SectionStrings {
    return this.#form.strings[this.#l.locale] as SectionStrings;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('section')) void this.#load();
  }

  protected override updated(): void {
    if (!this.#focusNext) return;
    const el = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(this.#focusNext)}`);
    this.#focusNext = null;
    el?.focus();
  }

  /** Loads the section and its history; what was typed is dropped. */
  async #load(): Promise<void> {
    const name = this.#name as SettingsSectionName;
    const n = ++this.#loads;
    this.view = null;
    this.revisions = null;
    this.error = '';
    try {
      const [view, revisions] = await Promise.all([api().staffSettingsSection(name), api().staffSettingsRevisions(name)]);
      if (n !== this.#loads) return;
      this.#show(view);
      this.revisions = revisions;
    } catch (err) {
      if (n === this.#loads) this.error = refusalReason(this.#l.cat, err);
    }
  }

  #show(view: SettingsSection): void {
    this.view = view;
    this.draft = structuredClone(view.value);
    this.errors = {};
    this.summary = '';
    this.conflict = false;
    this.#raws = new Map();
    this.#local = new Map();
    this.#tried = false;
  }

  async #reloadHistory(): Promise<void> {
    const name = this.#name as SettingsSectionName;
    try {
      const revisions = await api().staffSettingsRevisions(name);
      if (name === this.#name) this.revisions = revisions;
    } catch {
      /* the history shows what it had; the next load brings it */
    }
  }

  #check(): ReturnType<typeof validate> {
    const r = validate(this.#form.schema, this.draft, this.#t);
    this.errors = r.ok ? {} : r.errors;
    if (r.ok) this.summary = '';
    return r;
  }

  async #focusFirstError(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus();
  }

  async #save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const view = this.view;
    if (!view || this.busy) return;
    const t = this.#t;
    this.#tried = true;
    const r = this.#check();
    if (!r.ok) {
      this.summary = t.fixErrors(Object.keys(r.errors).length);
      await this.#focusFirstError();
      return;
    }
    await this.#change(() => api().staffUpdateSettings(view.section, r.data as never, { ifMatch: view.version }), () => {
      const s = this.#s();
      const after = this.#form.afterSave?.(s);
      notify(after ? `${t.saved(s.title)} ${after}` : t.saved(s.title));
    });
  }

  async #reset(): Promise<void> {
    const view = this.view;
    if (!view || this.busy) return;
    const t = this.#t;
    const title = this.#s().title;
    if (!(await confirmAction({ title: t.resetTitle(title), message: t.resetMessage(t.sources[view.startSource as 'file' | 'env' | 'default'] ?? view.startSource), confirm: t.reset }))) return;
    await this.#change(() => api().staffResetSettings(view.section, { ifMatch: view.version }), () => notify(t.resetDone(title)));
  }

  async #restore(rev: SettingsRevision): Promise<void> {
    const view = this.view;
    if (!view || this.busy) return;
    const t = this.#t;
    if (!(await confirmAction({ title: t.restoreTitle(rev.version), message: t.restoreMessage, confirm: t.restore }))) return;
    await this.#change(() => api().staffRestoreSettings(view.section, rev.id, { ifMatch: view.version }), () => notify(t.restored(rev.version)));
  }

  /** Sends a change; its answer is the section as it now is. */
  async #change(request: () => Promise<SettingsSection>, done: () => void): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      this.#show(await request());
      done();
      void this.#reloadHistory();
    } catch (err) {
      this.#refused(err);
    } finally {
      this.busy = false;
    }
  }

  #refused(err: unknown): void {
    if (err instanceof AyudaApiError && err.status === 412) {
      this.conflict = true;
      return;
    }
    if (err instanceof AyudaApiError && err.status === 409) {
      // Only a restore is refused so: the old value breaks today's rules.
      this.error = this.#t.restoreInvalid;
      return;
    }
    const fields = err instanceof AyudaApiError ? (err.problem.errors ?? []) : [];
    if (err instanceof AyudaApiError && err.status === 422 && fields.length) {
      // The server's own check (the same schema): each message at its field.
      this.errors = Object.fromEntries(fields.map((f) => [f.field.replace(/^body\.?/, ''), this.#t.schemaMessages[f.message] ?? f.message]));
      this.summary = this.#t.fixErrors(fields.length);
      void this.#focusFirstError();
      return;
    }
    this.error = refusalReason(this.#l.cat, err);
  }

  #context(shown: Set<string>): FormContext<unknown> {
    const view = this.view!;
    const t = this.#t;
    const s = this.#s();
    const cat = this.#l.cat;
    return {
      draft: this.draft,
      view,
      locale: this.#l.locale,
      currency: this.currency,
      common: t,
      change: (mutate) => {
        mutate(this.draft);
        if (this.#tried) this.#check();
        this.requestUpdate();
      },
      error: (path) => {
        shown.add(path);
        return this.#local.get(path) ?? this.errors[path];
      },
      setError: (path, message) => {
        if (message === null) this.#local.delete(path);
        else this.#local.set(path, message);
        this.requestUpdate();
      },
      forget: (prefix) => {
        for (const k of [...this.#raws.keys()]) if (k.startsWith(prefix)) this.#raws.delete(k);
        for (const k of [...this.#local.keys()]) if (k.startsWith(prefix)) this.#local.delete(k);
        this.requestUpdate();
      },
      raw: (key, fallback) => this.#raws.get(key) ?? fallback,
      setRaw: (key, value) => {
        this.#raws.set(key, value);
        this.requestUpdate();
      },
      focusAfter: (id) => {
        this.#focusNext = id;
        this.requestUpdate();
      },
      source: (field) => {
        const src = view.fields[field] ?? view.source;
        const text = src === 'console' ? (view.updatedBy && view.updatedAt ? t.changedBy(view.updatedBy.name, dateTime(cat, view.updatedAt)) : t.changedInConsole) : t.sources[src];
        return html`<span class="badge source ${src}" title=${t.sourceOf(s.fields[field] ?? field)}>${text}</span>`;
      },
    };
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const current = this.#name;
    return html`<h1>${t.title}</h1>
      <nav aria-label=${t.sectionsNav}>
        <ul>
          ${Object.entries(SECTION_FORMS).map(([name, f]) => html`<li><a href="#/settings/${name}" aria-current=${current === name ? 'page' : 'false'}>${(f.strings[this.#l.locale] as SectionStrings).title}</a></li>`)}
          <!-- The widget's look has its own screen, with the real widget beside the controls. -->
          <li><a href="#/admin/appearance">${this.#l.cat.adminTabs.appearance}</a></li>
        </ul>
      </nav>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      ${this.view && this.view.section === current ? this.#section(this.view) : html`<p class="muted" role="status">${this.#l.cat.loading}</p>`}`;
  }

  #section(view: SettingsSection): TemplateResult {
    const t = this.#t;
    const s = this.#s();
    const cat = this.#l.cat;
    const shown = new Set<string>();
    // Rendered first, so the errors no field showed are known.
    const fields = this.#form.render(this.#context(shown), s);
    const others = Object.entries(this.errors).filter(([path]) => !shown.has(path));
    return html`<section aria-labelledby="section-title">
        <h2 id="section-title">${s.title}</h2>
        <p>${s.intro}</p>
        <p class="muted">${view.updatedBy && view.updatedAt ? t.lastChange(view.updatedBy.name, dateTime(cat, view.updatedAt), view.version) : t.neverChanged(view.startSource)}</p>
        <div role="alert">
          ${this.conflict
            ? html`<div class="conflict">
                <p>${t.conflict}</p>
                <button type="button" class="primary" @click=${() => void this.#load()}>${t.reload}</button>
              </div>`
            : nothing}
          ${this.summary ? html`<p class="error">${this.summary}</p>` : nothing}
        </div>
        <form novalidate aria-labelledby="section-title" @submit=${(e: SubmitEvent) => void this.#save(e)}>
          ${fields}
          ${others.length
            ? html`<div class="others">
                <h3>${t.otherErrors}</h3>
                <ul>
                  ${others.map(([path, message]) => html`<li class="error">${path ? html`<code>${path}</code>: ` : nothing}${message}</li>`)}
                </ul>
              </div>`
            : nothing}
          <div class="actions">
            <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? t.saving : t.save}</button>
            <button type="button" ?disabled=${this.busy || view.source !== 'console'} @click=${() => void this.#reset()}>${t.reset}</button>
          </div>
        </form>
      </section>
      ${this.#history(view)}`;
  }

  /** What each revision changed, against the one before it, with the form's labels. */
  #summarise(view: SettingsSection, list: SettingsRevision[]): RevisionSummary[] {
    const locale = this.#l.locale;
    const of = [list, view, locale, this.currency];
    if (this.#summaries?.of.every((x, i) => x === of[i])) return this.#summaries.value;
    const form = this.#form;
    const s = this.#s();
    const ctx = { locale, currency: this.currency };
    const value = summariseHistory(list, view.startValue, { field: (path) => form.historyField?.(path, s, ctx), words: this.#t });
    this.#summaries = { of, value };
    return value;
  }

  #what(r: SettingsRevision, sum: RevisionSummary | undefined): TemplateResult {
    const t = this.#t;
    if (!sum || sum.kind === 'start') return html`${t.backToStart}`;
    return html`${sum.kind === 'same'
        ? html`<p class="muted">${t.noChanges}</p>`
        : html`${sum.kind === 'set' ? html`<p>${t.setValues}</p>` : nothing}
            <ul class="changes">
              ${sum.lines.map((line) => html`<li>${line}</li>`)}
              ${sum.more ? html`<li class="muted">${t.moreChanges(sum.more)}</li>` : nothing}
            </ul>`}
      <details><summary>${t.savedValue}</summary><pre>${JSON.stringify(r.value, null, 2)}</pre></details>`;
  }

  #history(view: SettingsSection): TemplateResult {
    const t = this.#t;
    const cat = this.#l.cat;
    const list = this.revisions;
    const summaries = list?.length ? this.#summarise(view, list) : [];
    return html`<section class="history" aria-labelledby="history">
      <h2 id="history">${t.history}</h2>
      ${list === null
        ? html`<p class="muted" role="status">${cat.loading}</p>`
        : list.length === 0
          ? html`<p class="muted">${t.noHistory}</p>`
          : html`<table class="stack">
              <thead>
                <tr><th scope="col">${t.when}</th><th scope="col">${t.who}</th><th scope="col">${t.what}</th><th scope="col"><span class="visually-hidden">${t.restore}</span></th></tr>
              </thead>
              <tbody>
                ${list.map(
                  (r, i) => html`<tr>
                    <td data-label=${t.when}>${dateTime(cat, r.changedAt)}<br /><span class="muted">v${r.version}</span></td>
                    <td data-label=${t.who}>${r.changedByName}</td>
                    <td data-label=${t.what}>${this.#what(r, summaries[i])}</td>
                    <td>
                      ${r.version === view.version
                        ? html`<span class="muted">${t.current}</span>`
                        : html`<button type="button" aria-label=${t.restoreLabel(r.version)} ?disabled=${this.busy} @click=${() => void this.#restore(r)}>${t.restore}</button>`}
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-settings': AyudaSettings;
  }
}
