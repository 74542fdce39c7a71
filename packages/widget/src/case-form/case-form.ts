import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { AyudaApiError, AyudaClient, type Announcement, type CaseCreated } from '@ayuda/client';
import type { SearchHit } from '@ayuda/core/search';
import { AyudaElement } from '../internal/base.js';
import { CaptchaController } from '../internal/captcha-controller.js';
import { emit } from '../events.js';
import type { Catalogue } from '../i18n/index.js';
import { format, plural } from '../i18n/format.js';
import { apiLocale, isOffline } from '../data/service.js';
import { draftKey, EMPTY_FIELDS, loadDraft, newIdempotencyKey, saveDraft, type Draft, type DraftFields } from './draft.js';
import { ACCEPT, CASE_FORM_LIMITS as L, fieldOf, fileProblem, fileSize, SUGGEST_DEBOUNCE_MS, SUGGESTION_LIMIT } from './files.js';
import { caseFormStyles } from './case-form.styles.js';

/**
 * The announcements' severity icons, as in packages/widget/src/announcements/announcements.ts:
 * a copy, because importing them from there splits lit into a chunk of its own and the list of
 * chunks in embed.js no longer fits its 4,096-byte budget (tests/widget/size.test.ts).
 */
const SEVERITY_ICONS: Record<Announcement['severity'], TemplateResult> = {
  info: html`<svg class="sev-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"><circle cx="8" cy="8" r="6.7" /><path d="M8 7.2v4M8 4.8v.1" /></svg>`,
  warning: html`<svg class="sev-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"><path d="M8 1.8 14.8 14H1.2zM8 6.2v3.6M8 11.9v.1" /></svg>`,
  critical: html`<svg class="sev-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><path fill="currentColor" fill-rule="evenodd" d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zM4.5 7h7v2h-7z" /></svg>`,
};


type Phase = 'editing' | 'sending' | 'failed' | 'success' | 'deflected';
type Field = keyof DraftFields | 'attachments' | 'captcha' | 'website';

const TEXT_FIELDS = ['name', 'email', 'subject', 'description'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// One client per server for submissions: it does not retry on its own, so a failed attempt is
// shown at once and the customer decides (the retry reuses the draft's Idempotency-Key).
const submitters = new Map<string, AyudaClient>();
const submitter = (server: string) => {
  let c = submitters.get(server);
  if (!c) submitters.set(server, (c = new AyudaClient({ baseUrl: server, retries: 1, fetch: (input, init) => fetch(input, init) })));
  return c;
};
const settingsCache = new Map<string, Promise<{ captcha: { cases: boolean } }>>();

/**
 * The support-case form: name, email, subject, description, topic and files. While the customer
 * types, it suggests the articles that best match; "This answered my question" ends the flow.
 * What is typed is kept on the device until the server confirms the case, and every retry of
 * one draft sends the same Idempotency-Key, so a lost answer never makes a second case.
 *
 * @summary Submit a support case, with article suggestions and a draft that survives errors.
 *
 * @customElement ayuda-case-form
 *
 * @attr server - The Ayuda server's URL. Default: the embed's server, else this page's origin.
 * @attr locale - `es` or `en`. Default: the nearest `lang` attribute, then `<html lang>`.
 * @attr theme - `light` or `dark`; unset follows `prefers-color-scheme`.
 * @attr category - The topic chosen at first (a category key such as `billing`).
 * @attr analytics - `off` stops sending the deflection event to the server.
 *
 * @event ayuda-case-created - The server confirmed the case. `detail: { reference, trackingUrl }`.
 * @event ayuda-deflected - The customer said a suggested article answered the question. `detail: { locale, slug, query }`.
 * @event ayuda-navigate - Cancelable. A suggested article was chosen; by default it opens on the help portal in a new tab. `detail: { kind: 'article', locale, slug }`.
 *
 * @csspart base - The component's root.
 * @csspart heading - The form's (or the confirmation's) heading.
 * @csspart field - Each label, input and message group.
 * @csspart label - The fields' labels.
 * @csspart input - The inputs, the select and the textarea.
 * @csspart hint - Help text under a label.
 * @csspart error - A field's error message.
 * @csspart alert - The announced summary of errors and failures.
 * @csspart suggestions - The suggested articles.
 * @csspart suggestion - One suggested article.
 * @csspart answered-button - "This answered my question".
 * @csspart files - The list of chosen files.
 * @csspart submit-button - The send button.
 * @csspart retry-button - The "Try again" button after a failure.
 * @csspart secondary-button - Clear the form, remove a file.
 * @csspart captcha - The box around the verification checkbox.
 * @csspart confirmation - The confirmation after sending (reference and tracking link).
 * @csspart track-link - The link to follow the case.
 * @csspart announcements - Below the topic: the announcements of the topic chosen (a polite live region).
 * @csspart announcement - One announcement: `.ann-info`, `.ann-warning` or `.ann-critical`.
 *
 * @cssproperty --ayuda-case-form-max-width - Maximum width of the form (default: none).
 */
export class AyudaCaseForm extends AyudaElement {
  static override styles = caseFormStyles;
  static override properties = {
    category: { type: String },
    fields: { state: true },
    files: { state: true },
    errors: { state: true },
    phase: { state: true },
    alert: { state: true },
    categories: { state: true },
    hits: { state: true },
    created: { state: true },
    announcements: { state: true },
  };

  declare category: string | undefined;
  declare protected fields: DraftFields;
  declare protected files: File[];
  declare protected errors: Partial<Record<Field, string>>;
  declare protected phase: Phase;
  declare protected alert: string;
  declare protected categories: Array<{ key: string; name: string }>;
  declare protected hits: SearchHit[];
  declare protected created: (CaseCreated & { email: string }) | undefined;
  /** The active announcements of the form's language; those of the chosen topic show by its field. */
  declare protected announcements: Announcement[];
  /** Announcements shown for a chosen topic: a deflection each when the customer leaves without sending. */
  readonly #shownAnnouncements = new Set<number>();
  readonly #onPageHide = () => {
    if (this.#countDeflections()) this.service.flush(true);
  };

  #draft: Draft | null = null;
  #draftFor = '';
  #website = '';
  #suggestTimer: ReturnType<typeof setTimeout> | undefined;
  #suggestedFor = '';
  #submitted = false;
  #abort: AbortController | undefined;
  readonly #captcha = new CaptchaController(this, {
    purpose: 'cases',
    client: () => this.service.client,
    onSolved: () => {
      if (this.errors.captcha) this.errors = { ...this.errors, captcha: '' };
    },
    onExpired: () => void this.#newCaptcha(),
  });

  constructor() {
    super();
    this.fields = { ...EMPTY_FIELDS };
    this.files = [];
    this.errors = {};
    this.phase = 'editing';
    this.alert = '';
    this.categories = [];
    this.hits = [];
    this.announcements = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('pagehide', this.#onPageHide);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pagehide', this.#onPageHide);
    this.#countDeflections();
    clearTimeout(this.#suggestTimer);
    this.#abort?.abort();
  }

  /** The Idempotency-Key the next attempt will send (the draft's), or '' before any typing. */
  get idempotencyKey(): string {
    return this.#draft?.key ?? '';
  }

  /** Moves focus to the first field, or to the heading of a confirmation. */
  override focus(options?: FocusOptions): void {
    const target = this.phase === 'success' || this.phase === 'deflected' ? this.renderRoot.querySelector<HTMLElement>('h2') : this.renderRoot.querySelector<HTMLElement>('input:not([tabindex="-1"]), textarea');
    target?.focus(options);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const key = draftKey(this.service.server, this.currentLocale);
    if (key !== this.#draftFor) {
      this.#draftFor = key;
      this.#draft = loadDraft(key);
      this.fields = this.#draft ? { ...this.#draft.fields } : { ...EMPTY_FIELDS, category: this.category ?? '' };
      this.errors = {};
      this.alert = '';
      this.#suggestedFor = '';
      this.#scheduleSuggest(0);
      void this.#loadCategories();
      void this.#loadAnnouncements();
      void this.#setUpCaptcha();
    }
  }

  async #loadAnnouncements(): Promise<void> {
    const locale = this.currentLocale;
    // Asked here rather than through the panel's module, so the form's chunk stays its own; an
    // unchanged list is a 304 (the browser revalidates it by ETag).
    try {
      const { announcements } = await this.service.client.announcements(apiLocale(locale));
      if (locale === this.currentLocale) this.announcements = announcements;
    } catch {
      /* none shown: they are a help, not a step */
    }
  }

  /** The announcements of the chosen topic. */
  get #matching(): Announcement[] {
    const topic = this.fields.category;
    return topic ? this.announcements.filter((a) => a.category === topic) : [];
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.phase === 'editing' || this.phase === 'failed') for (const a of this.#matching) this.#shownAnnouncements.add(a.id);
  }

  /**
   * The customer leaves the form (it is removed, or the page goes away) without sending it after
   * seeing an announcement for their topic: one `announcement_deflection` per announcement seen.
   * True when any was counted.
   */
  #countDeflections(): boolean {
    if (!this.#shownAnnouncements.size || this.phase === 'success' || this.phase === 'sending') return false;
    for (const id of this.#shownAnnouncements) this.service.track({ type: 'announcement_deflection', locale: this.currentLocale, announcementId: id });
    this.#shownAnnouncements.clear();
    return true;
  }

  async #loadCategories(): Promise<void> {
    const locale = this.currentLocale;
    try {
      const list = await this.service.categories(locale);
      if (locale === this.currentLocale) this.categories = list.categories.map((c) => ({ key: c.key, name: c.name }));
    } catch {
      /* no topics offered: the field is optional */
    }
  }

  // ---- the draft ----

  #onInput(e: Event): void {
    const el = e.target as HTMLInputElement;
    const name = el.name as keyof DraftFields;
    this.fields = { ...this.fields, [name]: el.value };
    // The draft exists from the first keystroke, with the key every attempt to send it will use.
    this.#draft ??= { v: 1, key: newIdempotencyKey(), fields: this.fields };
    this.#draft.fields = this.fields;
    saveDraft(this.#draftFor, this.#draft);
    if (this.#submitted && this.errors[name]) this.errors = { ...this.errors, [name]: this.#check(name) };
    if (name === 'subject' || name === 'description') this.#scheduleSuggest(SUGGEST_DEBOUNCE_MS);
  }

  #clear(): void {
    saveDraft(this.#draftFor, null);
    this.#draft = null;
    this.fields = { ...EMPTY_FIELDS, category: this.category ?? '' };
    this.files = [];
    this.errors = {};
    this.alert = '';
    this.hits = [];
    this.#suggestedFor = '';
    this.#submitted = false;
    if (this.phase === 'failed') this.phase = 'editing';
    void this.updateComplete.then(() => this.focus());
  }

  // ---- suggestions ----

  #scheduleSuggest(ms: number): void {
    clearTimeout(this.#suggestTimer);
    this.#suggestTimer = setTimeout(() => void this.#suggest(), ms);
  }

  get #query(): string {
    return `${this.fields.subject} ${this.fields.description}`.trim().replace(/\s+/g, ' ').slice(0, 200);
  }

  async #suggest(): Promise<void> {
    const q = this.#query;
    if (q === this.#suggestedFor) return;
    this.#suggestedFor = q;
    if (q.length < 3) {
      this.hits = [];
      return;
    }
    try {
      const locale = this.currentLocale;
      // Over a large knowledge base the server searches (the same ranking), and the index is never downloaded.
      const hits =
        (await this.service.searchMode(locale)) === 'server'
          ? (await this.service.searchServer(locale, q, SUGGESTION_LIMIT)).hits
          : (await this.service.index(locale)).search(q, { limit: SUGGESTION_LIMIT });
      if (q !== this.#query) return;
      this.hits = hits;
    } catch {
      // Suggestions are a help, not a step: without the index the form works the same.
      this.#suggestedFor = '';
    }
  }

  #openSuggestion(e: MouseEvent, hit: SearchHit): void {
    if (!emit(this, 'ayuda-navigate', { kind: 'article', locale: this.currentLocale, slug: hit.slug }, true)) e.preventDefault();
  }

  #answered(hit: SearchHit): void {
    const locale = this.currentLocale;
    const query = this.#query || undefined;
    this.service.track({ type: 'deflection', locale, slug: hit.slug, ...(query ? { query } : {}) });
    void this.service.flush();
    saveDraft(this.#draftFor, null);
    this.#draft = null;
    this.phase = 'deflected';
    emit(this, 'ayuda-deflected', { locale, slug: hit.slug, ...(query ? { query } : {}) });
    void this.updateComplete.then(() => this.focus());
  }

  // ---- files ----

  #onFiles(e: Event): void {
    const input = e.target as HTMLInputElement;
    const chosen = Array.from(input.files ?? []);
    input.value = '';
    const cat = this.cat!;
    const problems: string[] = [];
    const files = [...this.files];
    for (const f of chosen) {
      const p = fileProblem(cat, f);
      if (p) problems.push(p);
      else if (files.length >= L.attachmentsMax) problems.push(format(cat.cases.errTooManyFiles, { max: L.attachmentsMax }));
      else files.push(f);
    }
    this.files = files;
    this.errors = { ...this.errors, attachments: [...new Set(problems)].join(' ') };
    if (problems.length) this.alert = this.errors.attachments!;
  }

  #removeFile(i: number): void {
    this.files = this.files.filter((_, j) => j !== i);
    this.errors = { ...this.errors, attachments: '' };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#f-attachments')?.focus());
  }

  // ---- captcha ----

  async #setUpCaptcha(): Promise<void> {
    const server = this.service.server;
    let settings = settingsCache.get(server);
    if (!settings) {
      settings = this.service.client.settings();
      settings.catch(() => settingsCache.delete(server));
      settingsCache.set(server, settings);
    }
    try {
      if (!(await settings).captcha.cases) return;
    } catch {
      return; // unknown: the server will say if it wants one (body.captcha)
    }
    await this.#newCaptcha();
  }

  /** Shows the ALTCHA checkbox (its code is a separate chunk) with a fresh challenge. */
  async #newCaptcha(): Promise<void> {
    try {
      await this.ready;
      await this.#captcha.load(this.currentLocale, this.cat!.cases.altcha);
    } catch (err) {
      console.warn(`Ayuda: the verification checkbox could not load (${String(err)}).`);
    }
  }

  // ---- validation and sending ----

  /** The message for one field's current value, or ''. */
  #check(field: Field): string {
    const c = this.cat!.cases;
    const v = field in this.fields ? this.fields[field as keyof DraftFields].trim() : '';
    switch (field) {
      case 'name':
        return !v ? c.errNameRequired : v.length > L.nameMax ? format(c.errNameLong, { max: L.nameMax }) : '';
      case 'email':
        return !v ? c.errEmailRequired : !EMAIL.test(v) || v.length > L.emailMax ? c.errEmail : '';
      case 'subject':
        return v.length < L.subjectMin ? format(c.errSubjectShort, { min: L.subjectMin }) : v.length > L.subjectMax ? format(c.errSubjectLong, { max: L.subjectMax }) : '';
      case 'description':
        return v.length < L.descriptionMin
          ? format(c.errDescriptionShort, { min: L.descriptionMin })
          : v.length > L.descriptionMax
            ? format(c.errDescriptionLong, { max: L.descriptionMax })
            : '';
      case 'captcha':
        return this.#captcha.state !== 'off' && !this.#captcha.payload ? c.errCaptcha : '';
      default:
        return '';
    }
  }

  /** The localized message for a field the server refused (it may see what the browser cannot). */
  #serverMessage(apiField: string): [Field, string] {
    const c = this.cat!.cases;
    const f = fieldOf(apiField);
    if (f.startsWith('attachments')) {
      const file = this.files[Number(f.split('.')[1])];
      const size = fileSize(this.cat!, L.attachmentBytesMax);
      return ['attachments', file ? format(c.errFileRejected, { name: file.name, size }) : format(c.errTooManyFiles, { max: L.attachmentsMax })];
    }
    if (f === 'captcha') return ['captcha', c.errCaptchaFailed];
    if (f === 'website') return ['website', c.errSpam];
    if (f === 'category') return ['category', c.errCategory];
    if ((TEXT_FIELDS as readonly string[]).includes(f)) {
      const field = f as (typeof TEXT_FIELDS)[number];
      return [field, this.#check(field) || (field === 'email' ? c.errEmail : format(field === 'subject' ? c.errSubjectLong : field === 'name' ? c.errNameLong : c.errDescriptionLong, { max: L[`${field}Max`] }))];
    }
    return ['website', c.serverError];
  }

  #showErrors(errors: Partial<Record<Field, string>>): void {
    this.errors = errors;
    const fields = Object.entries(errors).filter(([, m]) => m);
    const only = fields.length === 1 && (fields[0]![0] === 'website' || fields[0]![0] === 'attachments') ? fields[0]![1] : '';
    this.alert = only || plural(this.cat!, this.cat!.cases.errorSummary, fields.length);
    const first = fields.find(([f]) => f !== 'website')?.[0];
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#f-${first}`)?.focus());
  }

  async #submit(e?: Event): Promise<void> {
    e?.preventDefault();
    if (this.phase === 'sending' || !this.cat) return;
    this.#submitted = true;
    const errors: Partial<Record<Field, string>> = {};
    for (const f of [...TEXT_FIELDS, 'captcha'] as const) {
      const m = this.#check(f);
      if (m) errors[f] = m;
    }
    if (Object.keys(errors).length) return this.#showErrors(errors);
    this.#draft ??= { v: 1, key: newIdempotencyKey(), fields: this.fields };
    saveDraft(this.#draftFor, this.#draft);
    const draft = this.#draft;
    const locale = this.currentLocale as 'es' | 'en';
    const f = this.fields;
    const input = {
      name: f.name.trim(),
      email: f.email.trim(),
      subject: f.subject.trim(),
      description: f.description.trim(),
      locale,
      ...(f.category ? { category: f.category } : {}),
      ...(this.#website ? { website: this.#website } : {}),
      ...(this.#captcha.payload ? { captcha: this.#captcha.payload } : {}),
    };
    this.errors = {};
    this.alert = '';
    this.phase = 'sending';
    const abort = (this.#abort = new AbortController());
    try {
      const created = await submitter(this.service.server).submitCase(input, { files: this.files, idempotencyKey: draft.key, channel: 'widget', signal: abort.signal });
      saveDraft(this.#draftFor, null);
      this.#draft = null;
      this.created = { ...created, email: input.email };
      this.phase = 'success';
      emit(this, 'ayuda-case-created', { reference: created.reference, trackingUrl: created.trackingUrl });
      void this.updateComplete.then(() => this.focus());
    } catch (err) {
      if (abort.signal.aborted) return;
      this.phase = 'editing';
      if (!(err instanceof AyudaApiError)) {
        // The draft and its key stay: the retry sends the same key, so if the first attempt did
        // reach the server, the answer is that case, not a second one.
        this.phase = 'failed';
        this.alert = this.cat.cases.networkError;
        if (!isOffline(err)) console.warn(String(err));
        return;
      }
      // The captcha answer may have been used up: solve a new one.
      if (this.#captcha.state !== 'off') void this.#newCaptcha();
      const c = this.cat.cases;
      if (err.type === 'idempotency-key-mismatch') {
        draft.key = newIdempotencyKey();
        saveDraft(this.#draftFor, draft);
        this.alert = c.keyMismatch;
      } else if (err.status === 429) {
        this.alert = c.rateLimited;
      } else if (err.status === 413) {
        this.#showErrors({ attachments: format(c.errFileLarge, { name: this.files.map((x) => x.name).join(', '), size: fileSize(this.cat, L.attachmentBytesMax) }) });
      } else if (err.problem.errors?.length && err.status < 500) {
        const out: Partial<Record<Field, string>> = {};
        for (const pe of err.problem.errors) {
          const [field, message] = this.#serverMessage(pe.field);
          out[field] = out[field] && out[field] !== message ? `${out[field]} ${message}` : message;
        }
        this.#showErrors(out);
      } else {
        this.phase = 'failed';
        this.alert = c.serverError;
      }
    }
  }

  // ---- rendering ----

  #field(cat: Catalogue, name: keyof DraftFields, label: string, control: (describedBy: string, invalid: boolean) => TemplateResult, hint = '', optional = false) {
    const err = this.errors[name];
    const ids = [hint ? `f-${name}-hint` : '', err ? `f-${name}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field" part="field">
      <label part="label" for="f-${name}">${label}${optional ? html` <span class="optional">${cat.cases.optional}</span>` : nothing}</label>
      ${hint ? html`<p class="hint" part="hint" id="f-${name}-hint">${hint}</p>` : nothing} ${control(ids, !!err)}
      ${err ? html`<p class="error" part="error" id="f-${name}-error">${err}</p>` : nothing}
    </div>`;
  }

  #text(name: 'name' | 'email' | 'subject', type: string, autocomplete: string, max: number) {
    return (describedBy: string, invalid: boolean) =>
      html`<input
        id="f-${name}"
        part="input"
        name=${name}
        type=${type}
        autocomplete=${autocomplete}
        maxlength=${max}
        aria-required="true"
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        .value=${this.fields[name]}
        @input=${this.#onInput}
      />`;
  }

  #renderSuggestions(cat: Catalogue) {
    if (!this.hits.length) return nothing;
    return html`<section class="suggestions" part="suggestions" aria-labelledby="sugg-title">
      <h3 id="sugg-title">${cat.cases.suggestionsTitle}</h3>
      <ul>
        ${this.hits.map(
          (h) => html`<li part="suggestion">
            <a href=${this.service.portalUrl(this.currentLocale, `articles/${h.slug}`)} target="_blank" rel="noopener" @click=${(e: MouseEvent) => this.#openSuggestion(e, h)}
              >${h.title}<span class="visually-hidden"> ${cat.newTab}</span></a
            >
            <span class="snippet">${unsafeHTML(h.snippet)}</span>
            <button type="button" class="secondary" part="answered-button" @click=${() => this.#answered(h)}>
              ${cat.cases.answered}<span class="visually-hidden">: ${h.title}</span>
            </button>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  #renderForm(cat: Catalogue) {
    const c = cat.cases;
    const sending = this.phase === 'sending';
    const filesErr = this.errors.attachments;
    const captchaErr = this.errors.captcha;
    const captcha = this.#captcha.state;
    return html`<form novalidate @submit=${this.#submit} aria-labelledby="title" aria-busy=${sending ? 'true' : 'false'}>
      <h2 id="title" part="heading" tabindex="-1">${c.formTitle}</h2>
      <p class="intro">${c.formIntro} ${c.draftKept}</p>
      ${this.#field(cat, 'name', c.nameLabel, this.#text('name', 'text', 'name', L.nameMax))}
      ${this.#field(cat, 'email', c.emailLabel, this.#text('email', 'email', 'email', L.emailMax), c.emailHint)}
      ${this.#field(
        cat,
        'category',
        c.categoryLabel,
        (d, invalid) =>
          html`<select id="f-category" part="input" name="category" aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${d || nothing} @change=${this.#onInput}>
            <option value="" ?selected=${!this.fields.category}>${c.categoryNone}</option>
            ${this.categories.map((k) => html`<option value=${k.key} ?selected=${this.fields.category === k.key}>${k.name}</option>`)}
          </select>`,
        '',
        true,
      )}
      <div class="announcements" part="announcements" aria-live="polite">
        ${this.#matching.length ? html`<div role="status"><p class="ann-for">${c.announcementFor}</p>${this.#matching.map(
              (a) => html`<div class="ann ann-${a.severity}" part="announcement" data-announcement=${a.id}>
                <p><span class="ann-icon" aria-hidden="true">${SEVERITY_ICONS[a.severity]}</span> <b>${cat.severities[a.severity]}:</b> <strong>${a.title}</strong></p>
                <p class="ann-body">${a.body}</p>
              </div>`,
            )}</div>` : nothing}
      </div>
      ${this.#field(cat, 'subject', c.subjectLabel, this.#text('subject', 'text', 'off', L.subjectMax))}
      ${this.#field(
        cat,
        'description',
        c.descriptionLabel,
        (d, invalid) =>
          html`<textarea
            id="f-description"
            part="input"
            name="description"
            rows="6"
            maxlength=${L.descriptionMax}
            aria-required="true"
            aria-invalid=${invalid ? 'true' : 'false'}
            aria-describedby=${d || nothing}
            .value=${this.fields.description}
            @input=${this.#onInput}
          ></textarea>`,
        c.descriptionHint,
      )}
      ${this.#renderSuggestions(cat)}
      <div class="field" part="field">
        <label part="label" for="f-attachments">${c.attachmentsLabel} <span class="optional">${c.optional}</span></label>
        <p class="hint" part="hint" id="f-attachments-hint">${format(c.attachmentsHint, { max: L.attachmentsMax, size: fileSize(cat, L.attachmentBytesMax) })}</p>
        <input
          id="f-attachments"
          part="input"
          type="file"
          multiple
          accept=${ACCEPT}
          aria-invalid=${filesErr ? 'true' : 'false'}
          aria-describedby=${filesErr ? 'f-attachments-hint f-attachments-error' : 'f-attachments-hint'}
          @change=${this.#onFiles}
        />
        ${filesErr ? html`<p class="error" part="error" id="f-attachments-error">${filesErr}</p>` : nothing}
        ${this.files.length
          ? html`<ul class="files" part="files">
              ${this.files.map(
                (f, i) => html`<li>
                  <span>${f.name} (${fileSize(cat, f.size)})</span>
                  <button type="button" class="secondary small" part="secondary-button" @click=${() => this.#removeFile(i)}>${format(c.removeFile, { name: f.name })}</button>
                </li>`,
              )}
            </ul>`
          : nothing}
      </div>
      <div class="hp" aria-hidden="true">
        <label for="f-website">${c.honeypotLabel}</label>
        <input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off" @input=${(e: Event) => (this.#website = (e.target as HTMLInputElement).value)} />
      </div>
      ${captcha !== 'off'
        ? html`<div class="field captcha" part="captcha" role="group" aria-labelledby="captcha-label" aria-describedby=${captchaErr ? 'captcha-hint f-captcha-error' : 'captcha-hint'}>
            <p class="label" id="captcha-label">${c.captchaLabel}</p>
            <p class="hint" part="hint" id="captcha-hint">${c.captchaHint}</p>
            <div id="captcha-box" tabindex="-1">${this.#captcha.element ?? (captcha === 'loading' ? html`<p>${cat.loading}</p>` : nothing)}</div>
            ${captchaErr ? html`<p class="error" part="error" id="f-captcha-error">${captchaErr}</p>` : nothing}
            ${captcha === 'error' ? html`<button type="button" class="secondary" part="secondary-button" @click=${() => void this.#newCaptcha()}>${cat.retry}</button>` : nothing}
          </div>`
        : nothing}
      <div class="alert" part="alert" role="alert">${this.alert ? html`<p>${this.alert}</p>` : nothing}</div>
      <div class="actions">
        ${this.phase === 'failed'
          ? html`<button type="submit" class="primary" part="retry-button">${cat.retry}</button>`
          : html`<button type="submit" class="primary" part="submit-button" aria-disabled=${sending ? 'true' : 'false'}>${sending ? c.sending : c.submit}</button>`}
        <button type="button" class="secondary" part="secondary-button" ?hidden=${sending} @click=${this.#clear}>${c.discardDraft}</button>
      </div>
      <p class="visually-hidden" role="status">${sending ? c.sending : ''}</p>
    </form>`;
  }

  protected renderContent(cat: Catalogue) {
    const c = cat.cases;
    let body: TemplateResult;
    if (this.phase === 'success' && this.created) {
      const r = this.created;
      body = html`<div class="done" part="confirmation" role="status">
        <h2 part="heading" tabindex="-1">${c.successTitle}</h2>
        <p>${format(c.successReference, { reference: '\u0000' })
          .split('\u0000')
          .map((s, i) => (i ? html`<strong class="reference">${r.reference}</strong>${s}` : s))}</p>
        <p>${format(c.successEmail, { email: r.email })}</p>
        <p><a part="track-link" href=${r.trackingUrl}>${c.trackLink}</a></p>
      </div>`;
    } else if (this.phase === 'deflected') {
      body = html`<div class="done" part="confirmation" role="status">
        <h2 part="heading" tabindex="-1">${c.deflectedTitle}</h2>
        <p>${c.deflectedText}</p>
      </div>`;
    } else body = this.#renderForm(cat);
    return html`<div class="root" part="base" lang=${cat.locale} dir=${cat.dir}>${body}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-case-form': AyudaCaseForm;
  }
}
