// <ayuda-kb-editor>: one article (or a new one): every front-matter field, the markdown with a
// live preview rendered by the server (debounced, and waiting when the preview's rate limit
// answers 429), save and discard the draft, publish (a 409 conflict explained, with "publish
// anyway"), take down (asked first), the history with a line diff against the text being
// edited and restore as a draft. Unsaved changes are guarded: leaving asks first.
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { diffLines } from 'diff';
import { AyudaApiError, type KbDraftInput, type KbEditorArticle, type KbRevision, type KbStaffCategoryList, type ResponseOf } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { notify } from '../internal/notices.js';
import { refusalReason } from '../internal/optimistic.js';
import { dateTime } from '../internal/format.js';
import { navigate } from '../internal/router.js';
import { LeaveGuardController } from '../internal/leave-guard.js';
import { confirmAction } from '../dialogs/confirm-dialog.js';
import '../define/ayuda-confirm-dialog.js';
import { kbStyles } from './kb.styles.js';
import { kbStrings, SLUG_RE } from './strings.js';
import type { KbStrings } from './i18n.js';

type Locale = 'es' | 'en';
type Visibility = 'public' | 'customers' | 'internal';
type Field = 'locale' | 'slug' | 'title' | 'category' | 'tags' | 'visibility' | 'type' | 'translation' | 'body';
interface Form {
  locale: Locale;
  slug: string;
  title: string;
  category: string;
  tags: string;
  visibility: Visibility;
  type: 'article' | 'faq';
  translation: string;
  body: string;
}
type Revisions = ResponseOf<'staffKbRevisions'>['revisions'];

export const EDITOR_TIMING = {
  /** Quiet time after typing before the preview is asked for. */
  previewDebounceMs: 500,
  /** After a 429 from the preview, how long it waits before asking again. */
  previewBackoffMs: 10_000,
};

const FIELDS: readonly Field[] = ['locale', 'slug', 'title', 'category', 'tags', 'visibility', 'type', 'translation', 'body'];
const emptyForm = (locale: Locale): Form => ({ locale, slug: '', title: '', category: '', tags: '', visibility: 'public', type: 'article', translation: '', body: '' });
const tagList = (s: string) => s.split(',').map((t) => t.trim()).filter(Boolean);

export class AyudaKbEditor extends LitElement {
  static override styles = [sharedStyles, kbStyles];
  static override properties: PropertyDeclarations = {
    staleDraft: { state: true },
    locale: { type: String },
    slug: { attribute: false },
    admin: { type: Boolean },
    article: { state: true },
    categories: { state: true },
    form: { state: true },
    dirty: { state: true },
    errors: { state: true },
    error: { state: true },
    busy: { state: true },
    conflict: { state: true },
    previewHtml: { state: true },
    previewNote: { state: true },
    revisions: { state: true },
    compared: { state: true },
    missing: { state: true },
  };

  declare locale: Locale;
  /** null: a new article. */
  declare slug: string | null;
  declare admin: boolean;
  declare article: KbEditorArticle | null;
  declare categories: KbStaffCategoryList['categories'];
  declare form: Form;
  declare dirty: boolean;
  /** Messages per field (client checks and the server's 400/422 `errors`). */
  declare errors: Partial<Record<Field, string>>;
  declare error: string;
  declare busy: boolean;
  /** The last publish answered 409: the article changed since the draft was started. */
  declare conflict: boolean;
  declare previewHtml: string;
  declare previewNote: string;
  declare revisions: Revisions | null;
  declare compared: KbRevision | null;
  declare missing: boolean;

  readonly #l = new LocalizeController(this);
  #previewTimer: ReturnType<typeof setTimeout> | undefined;
  #previewAbort: AbortController | null = null;
  #previewPausedUntil = 0;
  #focusInvalid = false;
  readonly #leave = new LeaveGuardController(this, {
    dirty: () => this.dirty,
    question: () => {
      const s = kbStrings(this.#l);
      return { title: s.confirmLeaveTitle, message: s.confirmLeaveText, confirm: s.leave };
    },
    discard: () => (this.dirty = false),
  });

  /** The last save was refused because someone else changed the draft (412). */
  declare staleDraft: boolean;

  constructor() {
    super();
    this.staleDraft = false;
    this.locale = 'es';
    this.slug = null;
    this.admin = false;
    this.article = null;
    this.categories = [];
    this.form = emptyForm('es');
    this.dirty = false;
    this.errors = {};
    this.error = '';
    this.busy = false;
    this.conflict = false;
    this.previewHtml = '';
    this.previewNote = '';
    this.revisions = null;
    this.compared = null;
    this.missing = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#previewTimer);
    this.#previewAbort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale') || changed.has('slug')) void this.#load();
  }

  protected override updated(): void {
    if (!this.#focusInvalid) return;
    this.#focusInvalid = false;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  /** Counts loads: an answer for an article left meanwhile (A then B quickly) is dropped, never shown at B's address. */
  #loads = 0;

  async #load(): Promise<void> {
    const n = ++this.#loads;
    const current = () => n === this.#loads;
    this.staleDraft = false;
    this.errors = {};
    this.error = '';
    this.conflict = false;
    this.compared = null;
    this.missing = false;
    void api()
      .staffKbCategories()
      .then((r) => (this.categories = r.categories))
      .catch(() => undefined);
    if (this.slug === null) {
      this.article = null;
      this.revisions = [];
      this.form = emptyForm(this.#l.locale);
      this.dirty = false;
      this.previewHtml = '';
      return;
    }
    try {
      const [article, revisions] = await Promise.all([api().staffKbArticle(this.locale, this.slug), api().staffKbRevisions(this.locale, this.slug)]);
      if (!current()) return;
      this.revisions = revisions.revisions;
      await this.#show(article, current);
    } catch (err) {
      if (!current()) return;
      if (err instanceof AyudaApiError && err.status === 404) this.missing = true;
      else this.error = refusalReason(this.#l.cat, err);
    }
  }

  /** Shows an article: the form from its draft, else its published version, else (taken down) its last revision. */
  async #show(a: KbEditorArticle, current: () => boolean = () => true): Promise<void> {
    const v = a.draft ?? a.published ?? (this.revisions?.[0] ? await api().staffKbRevision(a.locale, a.slug, this.revisions[0].id) : null);
    if (!current()) return;
    this.article = a;
    this.form = v
      ? { locale: a.locale, slug: a.slug, title: v.title, category: v.category, tags: v.tags.join(', '), visibility: v.visibility, type: v.type, translation: v.translation ?? '', body: v.body }
      : { ...emptyForm(a.locale), slug: a.slug };
    this.dirty = false;
    this.errors = {};
    this.conflict = a.conflict;
    this.#schedulePreview(0);
  }

  #set(field: Field, value: string): void {
    this.form = { ...this.form, [field]: value };
    this.dirty = true;
    if (this.errors[field]) this.errors = { ...this.errors, [field]: undefined };
    if (field === 'body' || field === 'type' || field === 'locale') this.#schedulePreview(EDITOR_TIMING.previewDebounceMs);
  }

  // ---- preview ----

  #schedulePreview(ms: number): void {
    clearTimeout(this.#previewTimer);
    const wait = Math.max(ms, this.#previewPausedUntil - Date.now());
    this.#previewTimer = setTimeout(() => void this.#preview(), wait);
  }

  async #preview(): Promise<void> {
    const s = kbStrings(this.#l);
    this.#previewAbort?.abort();
    const ac = new AbortController();
    this.#previewAbort = ac;
    if (!this.form.body.trim()) {
      this.previewHtml = '';
      return;
    }
    this.previewNote = s.previewing;
    try {
      const r = await api().staffKbPreview({ markdown: this.form.body, locale: this.form.locale, type: this.form.type }, { signal: ac.signal });
      if (ac.signal.aborted) return;
      this.previewHtml = r.html;
      this.previewNote = '';
    } catch (err) {
      if (ac.signal.aborted) return;
      if (err instanceof AyudaApiError && err.status === 429) {
        this.#previewPausedUntil = Date.now() + EDITOR_TIMING.previewBackoffMs;
        this.previewNote = s.previewLimited;
        this.#schedulePreview(0);
      } else this.previewNote = s.previewFailed;
    }
  }

  // ---- checks ----

  #check(): boolean {
    const s = kbStrings(this.#l);
    const f = this.form;
    const e: Partial<Record<Field, string>> = {};
    if (this.slug === null && (!SLUG_RE.test(f.slug) || f.slug.length > 120)) e.slug = s.errors.slugInvalid;
    if (!f.title.trim()) e.title = s.errors.titleRequired;
    if (!f.category) e.category = s.errors.categoryRequired;
    const tags = tagList(f.tags);
    if (tags.length > 20 || tags.some((t) => t.length > 50)) e.tags = s.errors.tooManyTags;
    if (f.translation.trim() && !SLUG_RE.test(f.translation.trim())) e.translation = s.errors.translationInvalid;
    if (!f.body.trim()) e.body = s.errors.bodyRequired;
    this.errors = e;
    if (Object.keys(e).length) {
      this.error = s.fixFields;
      this.#focusInvalid = true;
      return false;
    }
    this.error = '';
    return true;
  }

  /** A refusal: its per-field errors at their fields (`body.title` → title), the rest above the form. */
  #refused(err: unknown): void {
    const s = kbStrings(this.#l);
    if (err instanceof AyudaApiError && (err.status === 400 || err.status === 422) && Object.keys(err.fieldErrors).length) {
      const e: Partial<Record<Field, string>> = {};
      const other: string[] = [];
      for (const [path, message] of Object.entries(err.fieldErrors)) {
        const name = path.split('.')[1] as Field;
        if (FIELDS.includes(name)) e[name] = message;
        else other.push(message);
      }
      this.errors = e;
      this.error = [s.fixFields, ...other].join(' ');
      this.#focusInvalid = true;
      return;
    }
    if (err instanceof AyudaApiError && err.status === 412 && this.slug === null) {
      // "New article" on an address that is taken: said at the slug's field.
      this.errors = { slug: s.errors.slugTaken };
      this.error = s.fixFields;
      this.#focusInvalid = true;
      return;
    }
    // Someone else changed the draft meanwhile: say who, keep the text typed here, offer to reload theirs.
    this.staleDraft = err instanceof AyudaApiError && err.status === 412;
    this.error = err instanceof AyudaApiError && (err.status === 409 || err.status === 412) && err.problem.detail ? err.problem.detail : refusalReason(this.#l.cat, err);
  }

  #input(): KbDraftInput {
    const f = this.form;
    // On an existing article, the draft it was loaded with: a save over someone else's newer draft is refused (412).
    return { title: f.title.trim(), category: f.category, tags: tagList(f.tags), visibility: f.visibility, type: f.type, translation: f.translation.trim() || null, body: f.body, ...(this.article ? { baseRevisionId: this.article.currentRevisionId, expectedDraftAt: this.article.draft?.updatedAt ?? null } : {}) };
  }

  // ---- actions ----

  async #act<T>(fn: () => Promise<T>): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    try {
      return await fn();
    } catch (err) {
      this.#refused(err);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** Saves the draft; true when saved (a new article's address then becomes its own). */
  async #save(announce = true): Promise<boolean> {
    if (!this.#check()) return false;
    const s = kbStrings(this.#l);
    const locale = this.slug === null ? this.form.locale : this.locale;
    const slug = this.slug ?? this.form.slug;
    // A new article must not land on an address another article has: the server answers 412.
    const saved = await this.#act(() => api().staffKbSaveDraft(locale, slug, this.#input(), { create: this.slug === null }));
    if (!saved) return false;
    this.dirty = false;
    this.staleDraft = false;
    this.error = '';
    if (announce) notify(s.saved);
    if (this.slug === null) {
      navigate({ name: 'kb', page: { view: 'article', locale, slug } }, true);
      return true;
    }
    this.article = saved;
    this.conflict = saved.conflict;
    return true;
  }

  async #publish(force: boolean): Promise<void> {
    const s = kbStrings(this.#l);
    if (this.slug === null) {
      // A new article is saved (its address then changes); publish it from there.
      if (await this.#save(false)) notify(s.saved);
      return;
    }
    if ((this.dirty || !this.article?.draft) && !(await this.#save(false))) return;
    const slug = this.slug;
    let conflict = false;
    const done = await this.#act(() =>
      api()
        .staffKbPublish(this.locale, slug, { force })
        .catch((err: unknown) => {
          if (err instanceof AyudaApiError && err.status === 409) {
            conflict = true;
            return undefined;
          }
          throw err;
        }),
    );
    if (conflict) {
      this.conflict = true;
      this.error = '';
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#conflict')?.focus();
      return;
    }
    if (!done) return;
    notify(s.published);
    await this.#afterChange(done);
  }

  async #afterChange(a: KbEditorArticle): Promise<void> {
    this.revisions = (await api().staffKbRevisions(a.locale, a.slug).catch(() => null))?.revisions ?? this.revisions;
    await this.#show(a);
  }

  async #discard(): Promise<void> {
    const s = kbStrings(this.#l);
    if (!this.article?.draft || this.slug === null) return;
    if (!(await confirmAction({ title: s.confirmDiscardTitle, message: s.confirmDiscardText, confirm: s.discardDraft }))) return;
    const slug = this.slug;
    const ok = await this.#act(() => api().staffKbDiscardDraft(this.locale, slug).then(() => true));
    if (!ok) return;
    notify(s.discarded);
    this.dirty = false;
    if (this.article.state === 'draft') navigate({ name: 'kb', page: { view: 'list' } });
    else await this.#load();
  }

  async #unpublish(): Promise<void> {
    const s = kbStrings(this.#l);
    if (!this.article?.published || this.slug === null) return;
    if (!(await confirmAction({ title: s.confirmUnpublishTitle(this.article.published.title), message: s.confirmUnpublishText, confirm: s.unpublish }))) return;
    const slug = this.slug;
    const done = await this.#act(() => api().staffKbUnpublish(this.locale, slug));
    if (!done) return;
    notify(s.unpublished);
    await this.#afterChange(done);
  }

  async #compare(id: number): Promise<void> {
    if (this.slug === null) return;
    const slug = this.slug;
    const r = await this.#act(() => api().staffKbRevision(this.locale, slug, id));
    if (!r) return;
    this.compared = r;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#diff-title')?.focus();
  }

  async #restore(id: number): Promise<void> {
    const s = kbStrings(this.#l);
    if (this.slug === null) return;
    if (!(await confirmAction({ title: s.confirmRestoreTitle, message: s.confirmRestoreText, confirm: s.restore }))) return;
    const slug = this.slug;
    const done = await this.#act(() => api().staffKbRestore(this.locale, slug, id));
    if (!done) return;
    notify(s.restored);
    this.compared = null;
    await this.#afterChange(done);
  }

  // ---- rendering ----

  protected override render(): TemplateResult {
    const s = kbStrings(this.#l);
    const cat = this.#l.cat;
    if (this.missing) return html`<section><p role="alert">${s.notFound}</p><p><a href="#/kb">${s.tabs.list}</a></p></section>`;
    if (this.slug !== null && !this.article) return html`<div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div><p class="muted" role="status">${this.error ? '' : cat.loading}</p>`;
    const a = this.article;
    const heading = this.slug === null ? s.newArticle : this.form.title || this.slug;
    return html`<div class="columns"><section aria-labelledby="kb-editor">
        <h2 id="kb-editor">${heading}</h2>
        ${a
          ? html`<p class="muted">
              <span class="state">${s.states[a.state]}</span> · <span lang=${a.locale}>${s.languages[a.locale]}</span> · <code>${a.slug}</code>
              ${a.draft ? html` · ${s.draftBy(a.draft.updatedByName, dateTime(cat, a.draft.updatedAt))}` : nothing}
              ${a.published && a.state !== 'draft' ? html` · <a href="/help/${a.locale}/articles/${encodeURIComponent(a.slug)}" target="_blank" rel="noopener">/help/${a.locale}/articles/${a.slug}</a>` : nothing}
            </p>`
          : nothing}
        <!-- One live region, updated in place (a swapped element may not be announced). -->
        <p role="status" class=${this.dirty ? 'badge' : 'visually-hidden'}>${this.dirty ? s.unsaved : ''}</p>
        ${this.conflict && this.admin ? this.#conflict(s) : nothing}
        <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
        ${this.staleDraft ? html`<p><button type="button" @click=${() => ((this.staleDraft = false), (this.dirty = false), void this.#load())}>${s.reloadDraft}</button></p>` : nothing}
        <form novalidate @submit=${(e: Event) => {
          e.preventDefault();
          void this.#save();
        }}>
          ${this.#fields(s)}
          ${this.admin ? this.#actions(s) : nothing}
        </form>
      </section>
      <section aria-labelledby="kb-preview">
        <h2 id="kb-preview">${s.preview}</h2>
        <p class="muted" role="status" aria-live="polite">${this.previewNote}</p>
        <div class="rendered" lang=${this.form.locale}>${unsafeHTML(this.previewHtml)}</div>
      </section></div>
      ${this.slug !== null ? this.#history(s) : nothing}`;
  }

  #conflict(s: KbStrings): TemplateResult {
    return html`<div class="notice" id="conflict" tabindex="-1" role="alert">
      <p><strong>${s.conflictTitle}</strong></p>
      <p>${s.conflictText}</p>
      <button type="button" class="danger" ?disabled=${this.busy} @click=${() => void this.#publish(true)}>${s.publishAnyway}</button>
    </div>`;
  }

  /** A field's label, control, hint and error, tied together for screen readers. */
  #field(name: Field, label: string, control: (describedBy: string, invalid: boolean) => TemplateResult, hint?: string): TemplateResult {
    const err = this.errors[name];
    const describedBy = [hint ? `hint-${name}` : '', err ? `err-${name}` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label>${label}${control(describedBy, !!err)}</label>
      ${hint ? html`<p class="hint" id="hint-${name}">${hint}</p>` : nothing}
      ${err ? html`<p class="field-error" id="err-${name}">${err}</p>` : nothing}
    </div>`;
  }

  #fields(s: KbStrings): TemplateResult {
    const f = this.form;
    const ro = !this.admin;
    const isNew = this.slug === null;
    const cat = this.#l.cat;
    const text = (name: Field, max: number) => (d: string, inv: boolean) =>
      html`<input name=${name} .value=${f[name]} maxlength=${max} ?readonly=${ro} aria-invalid=${inv ? 'true' : 'false'} aria-describedby=${d || nothing} @input=${(e: Event) => this.#set(name, (e.target as HTMLInputElement).value)} />`;
    return html`<div class="row">
        ${isNew
          ? this.#field('locale', s.language, (d) => html`<select name="locale" aria-describedby=${d || nothing} @change=${(e: Event) => this.#set('locale', (e.target as HTMLSelectElement).value)}>${(['es', 'en'] as const).map((l) => html`<option value=${l} ?selected=${f.locale === l}>${s.languages[l]}</option>`)}</select>`)
          : nothing}
        ${this.#field('title', s.articleTitle, text('title', 200))}
        ${isNew ? this.#field('slug', s.slug, text('slug', 120), s.slugHint) : nothing}
      </div>
      <div class="row">
        ${this.#field(
          'category',
          s.category,
          (d, inv) => html`<select name="category" ?disabled=${ro} aria-invalid=${inv ? 'true' : 'false'} aria-describedby=${d || nothing} @change=${(e: Event) => this.#set('category', (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!f.category}>—</option>
            ${this.categories.map((c) => html`<option value=${c.key} ?selected=${f.category === c.key}>${c[cat.locale].name}</option>`)}
            ${f.category && !this.categories.some((c) => c.key === f.category) ? html`<option value=${f.category} selected>${f.category}</option>` : nothing}
          </select>`,
        )}
        ${this.#field(
          'visibility',
          s.visibility,
          (d) => html`<select name="visibility" ?disabled=${ro} aria-describedby=${d || nothing} @change=${(e: Event) => this.#set('visibility', (e.target as HTMLSelectElement).value)}>
            ${(['public', 'customers', 'internal'] as const).map((v) => html`<option value=${v} ?selected=${f.visibility === v}>${s.visibilities[v]}</option>`)}
          </select>`,
        )}
        ${this.#field(
          'type',
          s.type,
          (d) => html`<select name="type" ?disabled=${ro} aria-describedby=${d || nothing} @change=${(e: Event) => this.#set('type', (e.target as HTMLSelectElement).value)}>
            ${(['article', 'faq'] as const).map((t) => html`<option value=${t} ?selected=${f.type === t}>${s.types[t]}</option>`)}
          </select>`,
        )}
      </div>
      <div class="row">
        ${this.#field('tags', s.tags, text('tags', 1100), s.tagsHint)}
        ${this.#field('translation', s.translation, text('translation', 120), s.translationHint)}
      </div>
      ${this.#field(
        'body',
        s.body,
        (d, inv) => html`<textarea name="body" rows="16" maxlength="100000" spellcheck="true" lang=${f.locale} .value=${f.body} ?readonly=${ro} aria-invalid=${inv ? 'true' : 'false'} aria-describedby=${d || nothing} @input=${(e: Event) => this.#set('body', (e.target as HTMLTextAreaElement).value)}></textarea>`,
      )}`;
  }

  #actions(s: KbStrings): TemplateResult {
    const a = this.article;
    return html`<p class="row actions">
      <button type="submit" ?disabled=${this.busy}>${s.saveDraft}</button>
      <button type="button" class="primary" ?disabled=${this.busy || !(this.dirty || !a || a.draft || a.state === 'unpublished')} @click=${() => void this.#publish(false)}>${s.publish}</button>
      ${a?.draft ? html`<button type="button" ?disabled=${this.busy} @click=${() => void this.#discard()}>${s.discardDraft}</button>` : nothing}
      ${a?.published ? html`<button type="button" class="danger" ?disabled=${this.busy} @click=${() => void this.#unpublish()}>${s.unpublish}</button>` : nothing}
    </p>`;
  }

  #history(s: KbStrings): TemplateResult {
    const cat = this.#l.cat;
    const list = this.revisions;
    return html`<section aria-labelledby="kb-history">
      <h2 id="kb-history">${s.revisions}</h2>
      ${list === null
        ? html`<p class="muted">${cat.loading}</p>`
        : list.length === 0
          ? html`<p class="muted">${s.noRevisions}</p>`
          : html`<table class="stack">
              <thead><tr><th scope="col">${s.updated}</th><th scope="col">${s.articleTitle}</th><th scope="col">${s.by}</th><th scope="col"><span class="visually-hidden">${s.compare}</span></th></tr></thead>
              <tbody>
                ${list.map(
                  (r) => html`<tr>
                    <td data-label=${s.updated}>${dateTime(cat, r.publishedAt)}<br /><span class="muted">${s.sources[r.source]}</span></td>
                    <td data-label=${s.articleTitle}>${r.title}</td>
                    <td data-label=${s.by}>${r.publishedByName}</td>
                    <td class="row">
                      <button type="button" aria-label="${s.compare}: ${dateTime(cat, r.publishedAt)}" @click=${() => void this.#compare(r.id)}>${s.compare}</button>
                      ${this.admin ? html`<button type="button" aria-label="${s.restore}: ${dateTime(cat, r.publishedAt)}" ?disabled=${this.busy} @click=${() => void this.#restore(r.id)}>${s.restore}</button>` : nothing}
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
      ${this.compared ? this.#diff(s, this.compared) : nothing}
    </section>`;
  }

  #diff(s: KbStrings, r: KbRevision): TemplateResult {
    const cat = this.#l.cat;
    const changes = diffLines(r.body, this.form.body);
    const same = changes.every((c) => !c.added && !c.removed);
    const lines = (value: string) => value.replace(/\n$/, '').split('\n');
    return html`<div class="diff-box">
      <h3 id="diff-title" tabindex="-1">${s.diffTitle(dateTime(cat, r.publishedAt))}</h3>
      <p class="hint">${s.diffLegend}</p>
      ${same
        ? html`<p>${s.noDifference}</p>`
        : html`<ul class="diff" lang=${r.locale}>
            ${changes.flatMap((c) =>
              lines(c.value).map((line) =>
                c.added ? html`<li><ins>+ ${line}</ins></li>` : c.removed ? html`<li><del>− ${line}</del></li>` : html`<li>&nbsp; ${line}</li>`,
              ),
            )}
          </ul>`}
      <p><button type="button" @click=${() => (this.compared = null)}>${s.closeDiff}</button></p>
    </div>`;
  }
}
