// <ayuda-composer>: writes a reply to the customer or an internal note, in markdown, with a
// preview rendered by the server (the portal's renderer and sanitiser) and a search box that
// inserts a link to a help article. Ctrl+Enter sends.
import { css, html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { ResponseOf } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { refusalReason } from '../internal/optimistic.js';

export type ComposeMode = 'reply' | 'note';

export interface SendDetail {
  body: string;
  internal: boolean;
  /** Solve the case with this reply. */
  solve: boolean;
}

const DRAFT_PREFIX = 'ayuda.console.draft.';

/** The unsent text of a case, kept for this browser tab (sessionStorage). */
export function readDraft(key: string): { mode: ComposeMode; body: string } | null {
  if (!key) return null;
  try {
    const d = JSON.parse(sessionStorage.getItem(DRAFT_PREFIX + key) ?? 'null') as { mode?: unknown; body?: unknown } | null;
    return d && typeof d.body === 'string' && (d.mode === 'reply' || d.mode === 'note') ? { mode: d.mode, body: d.body } : null;
  } catch {
    return null;
  }
}

function writeDraft(key: string, draft: { mode: ComposeMode; body: string } | null): void {
  if (!key) return;
  try {
    if (draft) sessionStorage.setItem(DRAFT_PREFIX + key, JSON.stringify(draft));
    else sessionStorage.removeItem(DRAFT_PREFIX + key);
  } catch {
    /* no storage: the draft lasts while the case is open */
  }
}

/** The most a reply may hold (CASE_LIMITS.replyMax in @ayuda/core). */
export const REPLY_MAX = 20_000;

/**
 * @event ayuda-send - the person sends; `detail` is a SendDetail (the composer empties itself; `restore()` puts the text back)
 * @event ayuda-typing - on each keystroke (for presence)
 */
export class AyudaComposer extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
        border: 1px solid var(--ayuda-border);
        border-radius: var(--ayuda-radius);
        padding: 0.75rem;
        background: var(--ayuda-surface);
      }
      form.note {
        background: var(--ayuda-note-bg);
        border: 2px dashed var(--ayuda-note-border);
      }
      fieldset {
        border: none;
        padding: 0;
        margin: 0;
        display: flex;
        gap: 1rem;
        align-items: center;
      }
      legend {
        float: left;
        margin-right: 0.5rem;
        color: var(--ayuda-muted);
        font-size: 0.875rem;
      }
      fieldset label {
        flex-direction: row;
        align-items: center;
        gap: 0.3rem;
        color: var(--ayuda-text);
        font-size: 0.9375rem;
      }
      .ta {
        display: flex;
      }
      textarea {
        min-height: 8rem;
      }
      .preview {
        min-height: 8rem;
        border: 1px solid var(--ayuda-border);
        border-radius: var(--ayuda-radius);
        padding: 0.5rem 0.75rem;
        background: var(--ayuda-surface);
        overflow: auto;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .grow {
        flex: 1;
      }
      details summary {
        cursor: pointer;
        color: var(--ayuda-primary);
      }
      .kb {
        display: flex;
        flex-direction: column;
        gap: 0.4rem;
        padding-top: 0.5rem;
      }
      .kb ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
      }
      .kb li {
        display: flex;
        justify-content: space-between;
        gap: 0.5rem;
        align-items: center;
      }
      .badge {
        font-size: 0.8em;
        padding: 0 0.35rem;
        border: 1px solid var(--ayuda-border);
        border-radius: var(--ayuda-radius);
      }
      .reading {
        border: 1px solid var(--ayuda-border);
        border-radius: var(--ayuda-radius);
        padding: 0.5rem 0.75rem;
        max-height: 20rem;
        overflow: auto;
      }
    `,
  ];
  static override properties: PropertyDeclarations = {
    draftKey: { type: String },
    mode: { type: String },
    locale: { type: String },
    disabled: { type: Boolean },
    confirmSolve: { attribute: false },
    previewing: { state: true },
    empty: { state: true },
    previewHtml: { state: true },
    previewError: { state: true },
    articles: { state: true },
    reading: { state: true },
  };

  /** Where the unsent text is kept (the case's reference): leaving a case and coming back, or reloading, keeps it. */
  declare draftKey: string;
  declare mode: ComposeMode;
  /** The customer's language: the help articles searched and linked are in it. */
  declare locale: 'es' | 'en';
  declare disabled: boolean;
  /** Asked before "Send and solve" sends (the case view's solve confirmation); false keeps the text here. */
  declare confirmSolve: (() => Promise<boolean>) | undefined;
  declare previewing: boolean;
  /** A send was asked with nothing written: said at the text box until the agent types. */
  declare empty: boolean;
  declare previewHtml: string | null;
  declare previewError: string;
  declare articles: ResponseOf<'staffKbSearch'>['results'] | null;
  /** An internal article opened from the search to read (it is for the team: never linked in a reply). */
  declare reading: { title: string; html: string | null; error: boolean } | null;

  readonly #l = new LocalizeController(this);
  #kbAbort: AbortController | null = null;
  #kbTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.draftKey = '';
    this.mode = 'reply';
    this.locale = 'es';
    this.disabled = false;
    this.confirmSolve = undefined;
    this.previewing = false;
    this.empty = false;
    this.previewHtml = null;
    this.previewError = '';
    this.articles = null;
    this.reading = null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('draftKey')) {
      const draft = readDraft(this.draftKey);
      const ta = this.#textarea;
      if (ta) ta.value = draft?.body ?? '';
      if (draft) this.mode = draft.mode;
    }
  }

  #saveDraft(): void {
    writeDraft(this.draftKey, this.value.trim() ? { mode: this.mode, body: this.value } : null);
  }

  get #textarea(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  /** The text being written. */
  get value(): string {
    return this.#textarea?.value ?? '';
  }

  /**
   * Switches to replying or to a note and puts the cursor in the text at once (within the key
   * press that asked for it, so the keys typed next land in the text, not on the page's shortcuts).
   */
  async start(mode: ComposeMode): Promise<void> {
    this.#textarea?.focus();
    this.mode = mode;
    this.previewing = false;
    await this.updateComplete;
    this.#textarea?.focus();
  }

  /** Puts back text whose sending the server refused. */
  async restore(body: string, mode: ComposeMode): Promise<void> {
    this.mode = mode;
    this.previewing = false;
    await this.updateComplete;
    const ta = this.#textarea;
    if (ta && !ta.value.trim()) ta.value = body;
    this.#saveDraft();
  }

  /** Sends at once; "Send and solve" first asks `confirmSolve` (the text stays while it asks, and if the answer is no). */
  async #send(solve: boolean): Promise<void> {
    const ta = this.#textarea;
    if (!ta || this.disabled) return;
    if (!ta.value.trim()) {
      // Nothing to send: said at the box, which takes the focus (the text shows again if it was previewed).
      this.empty = true;
      this.previewing = false;
      await this.updateComplete;
      ta.focus();
      return;
    }
    if (solve && this.confirmSolve && !(await this.confirmSolve())) return;
    const body = ta.value.trim();
    if (!body || this.disabled) return;
    this.dispatchEvent(new CustomEvent<SendDetail>('ayuda-send', { detail: { body, internal: this.mode === 'note', solve }, bubbles: true, composed: true }));
    ta.value = '';
    this.previewing = false;
    writeDraft(this.draftKey, null);
  }

  #keydown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void this.#send(false);
    }
  }

  async #togglePreview(): Promise<void> {
    if (this.previewing) {
      this.previewing = false;
      await this.updateComplete;
      this.#textarea?.focus();
      return;
    }
    const md = this.value;
    this.previewing = true;
    this.previewHtml = null;
    this.previewError = '';
    if (!md.trim()) {
      this.previewHtml = '';
      return;
    }
    try {
      // Sanitised by the server with the knowledge base's allowlist: safe to insert.
      this.previewHtml = (await api().preview(md, this.locale)).html;
    } catch (err) {
      this.previewError = refusalReason(this.#l.cat, err);
    }
  }

  #searchArticles(q: string): void {
    clearTimeout(this.#kbTimer);
    this.#kbAbort?.abort();
    if (!q.trim()) {
      this.articles = null;
      return;
    }
    this.#kbTimer = setTimeout(async () => {
      const ctl = new AbortController();
      this.#kbAbort = ctl;
      try {
        // Staff search: internal articles too, to read while answering.
        this.articles = (await api().staffKbSearch({ q: q.trim(), locale: this.locale, limit: 5 }, { signal: ctl.signal })).results;
      } catch {
        if (!ctl.signal.aborted) this.articles = [];
      }
    }, 200);
  }

  /** Opens an internal article to read beside the reply. */
  async #read(a: { slug: string; title: string }): Promise<void> {
    this.reading = { title: a.title, html: null, error: false };
    try {
      const article = await api().staffKbArticle(this.locale, a.slug);
      // Sanitised by the server with the portal's renderer: safe to insert.
      if (this.reading?.title === a.title) this.reading = { title: a.title, html: article.published?.html ?? '', error: false };
    } catch {
      if (this.reading?.title === a.title) this.reading = { title: a.title, html: null, error: true };
    }
  }

  /** Inserts a markdown link to the article's page on the help portal at the cursor. */
  async #insert(a: { slug: string; title: string }): Promise<void> {
    this.previewing = false;
    await this.updateComplete;
    const ta = this.#textarea;
    if (!ta) return;
    const url = new URL(`/help/${this.locale}/articles/${encodeURIComponent(a.slug)}`, api().baseUrl).href;
    const link = `[${a.title.replace(/([[\]\\])/g, '\\$1')}](${url})`;
    const start = ta.selectionStart ?? ta.value.length;
    const end = ta.selectionEnd ?? start;
    ta.setRangeText(link, start, end, 'end');
    // Text now, as if typed: the "nothing to send" message goes.
    this.empty = false;
    ta.focus();
    this.#saveDraft();
    this.dispatchEvent(new Event('ayuda-typing', { bubbles: true, composed: true }));
  }

  protected override render(): TemplateResult {
    const cat = this.#l.cat;
    const note = this.mode === 'note';
    return html`<form class=${note ? 'note' : 'reply'} @submit=${(e: Event) => (e.preventDefault(), void this.#send(false))}>
      <fieldset>
        <legend>${cat.composeMode}</legend>
        <label><input type="radio" name="mode" value="reply" .checked=${!note} @change=${() => ((this.mode = 'reply'), this.#saveDraft())} />${cat.reply}</label>
        <label><input type="radio" name="mode" value="note" .checked=${note} @change=${() => ((this.mode = 'note'), this.#saveDraft())} />${cat.note}</label>
      </fieldset>
      <label class="ta" ?hidden=${this.previewing}>${note ? cat.noteLabel : cat.replyLabel}
        <textarea
          name="body"
          maxlength=${REPLY_MAX}
          aria-keyshortcuts="Control+Enter"
          aria-invalid=${this.empty ? 'true' : 'false'}
          aria-describedby=${this.empty ? 'empty-error' : nothing}
          ?disabled=${this.disabled}
          @keydown=${(e: KeyboardEvent) => this.#keydown(e)}
          @input=${() => ((this.empty = false), this.#saveDraft(), this.dispatchEvent(new Event('ayuda-typing', { bubbles: true, composed: true })))}
        ></textarea>
      </label>
      ${this.empty ? html`<p class="error" id="empty-error" role="alert">${note ? cat.emptyNote : cat.emptyReply}</p>` : nothing}
      ${this.previewing
        ? html`<div class="preview" role="region" aria-label=${cat.preview} aria-busy=${this.previewHtml === null && !this.previewError ? 'true' : 'false'}>
            ${this.previewError ? html`<p class="error" role="alert">${this.previewError}</p>` : this.previewHtml === null ? html`<p class="muted">${cat.loading}</p>` : this.previewHtml ? unsafeHTML(this.previewHtml) : html`<p class="muted">${cat.previewEmpty}</p>`}
          </div>`
        : nothing}
      <div class="row">
        <button type="button" aria-pressed=${this.previewing ? 'true' : 'false'} @click=${() => void this.#togglePreview()}>${cat.preview}</button>
        <span class="grow"></span>
        ${note ? nothing : html`<button type="button" ?disabled=${this.disabled} @click=${() => void this.#send(true)}>${cat.sendAndSolve}</button>`}
        <button type="submit" class="primary" ?disabled=${this.disabled}>${note ? cat.addNote : cat.sendReply}</button>
      </div>
      ${note
        ? nothing
        : html`<details>
            <summary>${cat.insertArticle}</summary>
            <div class="kb">
              <label>${cat.articleSearch}<input type="search" placeholder=${cat.articleSearchPlaceholder} maxlength="200" @input=${(e: Event) => this.#searchArticles((e.target as HTMLInputElement).value)} /></label>
              <div role="status">
                ${this.articles === null
                  ? nothing
                  : this.articles.length
                    ? html`<ul>
                        ${this.articles.map((a) =>
                          a.visibility === 'internal'
                            ? html`<li><span>${a.title} <span class="badge">${cat.internalArticle}</span></span><button type="button" @click=${() => void this.#read(a)}>${cat.readArticle}<span class="visually-hidden">: ${a.title}</span></button></li>`
                            : html`<li><span>${a.title}</span><button type="button" @click=${() => void this.#insert(a)}>${cat.insert}<span class="visually-hidden">: ${a.title}</span></button></li>`,
                        )}
                      </ul>`
                    : html`<p class="muted">${cat.noArticles}</p>`}
              </div>
              ${this.reading
                ? html`<section class="reading" aria-label=${this.reading.title}>
                    <div class="row"><strong class="grow">${this.reading.title}</strong><button type="button" @click=${() => (this.reading = null)}>${cat.closeArticle}</button></div>
                    ${this.reading.error ? html`<p role="alert">${cat.articleLoadFailed}</p>` : this.reading.html === null ? nothing : html`<div class="article">${unsafeHTML(this.reading.html)}</div>`}
                  </section>`
                : nothing}
            </div>
          </details>`}
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-composer': AyudaComposer;
  }
}
