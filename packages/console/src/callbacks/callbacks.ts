// <ayuda-callbacks>: the callback queue (issue 16, item 5). Customers who asked to be called,
// the fast lane first and then by the first attempt's due time, overdue ones said in words;
// each with its phone as a tel: link, its window in the company's zone, its attempts, and a
// form to record the next attempt's outcome. Done and failed ones through the tabs. Its own
// chunk, loaded when the screen opens; refreshed every minute while shown.
import { css, html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { AyudaApiError, type CallbackOutcome, type StaffCallback } from '@ayuda/client/staff';
import { formatWindow } from '@ayuda/core/format';
import { sharedStyles } from '../styles/shared.styles.js';
import { cardStyles, screenStyles } from '../styles/screen.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { CurrentLinkInSight } from '../internal/current-link.js';
import { notify } from '../internal/notices.js';
import { refusalReason } from '../internal/optimistic.js';
import { dateTime } from '../internal/format.js';
import { laneBadge } from '../queue/row.js';
import { strings, type CallbacksStrings } from './i18n.js';

export type CallbackView = 'waiting' | 'done' | 'failed';
export const CALLBACK_VIEWS: readonly CallbackView[] = ['waiting', 'done', 'failed'];
const OUTCOMES: readonly CallbackOutcome[] = ['reached', 'no_answer', 'voicemail', 'busy', 'wrong_number'];
const UNANSWERED: readonly CallbackOutcome[] = ['no_answer', 'voicemail', 'busy'];
/** The server's limit of unanswered attempts (core CALLBACK_LIMITS.maxUnanswered). */
const MAX_UNANSWERED = 3;
/** How often the shown list is fetched again. */
export const CALLBACKS_REFRESH_MS = 60_000;

/**
 * The callback queue screen.
 *
 * @attr view - `waiting` (default), `done` or `failed`
 * @event ayuda-callback-closed - an attempt closed a callback (detail: the callback as the server answered)
 */
export class AyudaCallbacks extends LitElement {
  static override styles = [
    sharedStyles,
    screenStyles,
    cardStyles,
    css`
      ol.list {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      /* Its column and the values' one may shrink below their content: a long address or name
         wraps inside a phone's screen instead of widening the card past it. */
      article {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.5rem;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem 0.75rem;
        align-items: center;
      }
      h2 {
        margin: 0;
      }
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 0.2rem 0.75rem;
        margin: 0;
      }
      dt {
        color: var(--ayuda-muted);
      }
      dd,
      h2 {
        overflow-wrap: anywhere;
      }
      dd {
        margin: 0;
      }
      a.tel {
        font-size: 1.0625rem;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      .overdue {
        color: var(--ayuda-danger);
        background: var(--ayuda-danger-bg);
        font-weight: 700;
        border-radius: 4px;
        padding: 0 0.3rem;
      }
      .notes {
        white-space: pre-line;
      }
      ul.attempts {
        margin: 0;
        padding-left: 1.1rem;
      }
      fieldset {
        border: 0;
        padding: 0;
        margin: 0 0 0.4rem;
      }
      legend {
        font-weight: 600;
        padding: 0;
        margin-bottom: 0.3rem;
      }
      .outcomes {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
      }
      .outcomes label {
        display: inline-flex;
        flex-direction: row;
        gap: 0.3rem;
        align-items: center;
      }
      .note {
        display: grid;
        gap: 0.2rem;
        margin-bottom: 0.4rem;
        max-width: 40rem;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        margin-bottom: 0.75rem;
      }
      @media (forced-colors: active) {
        .overdue {
          border: 1px solid CanvasText;
        }
      }
    `,
  ];
  static override properties: PropertyDeclarations = {
    view: { reflect: true },
    items: { state: true },
    timeZone: { state: true },
    error: { state: true },
    busy: { state: true },
    formErrors: { state: true },
  };

  declare view: CallbackView;
  /** null while the first answer is awaited. */
  declare items: StaffCallback[] | null;
  declare timeZone: string;
  declare error: string;
  /** The callback whose attempt is being sent. */
  declare busy: string | null;
  /** Per callback, what its form says is wrong. */
  declare formErrors: Record<string, string>;
  readonly #l = new LocalizeController(this);
  // On a phone the tabs scroll sideways (screenStyles): the current one stays in sight.
  readonly #tabs = new CurrentLinkInSight(this);
  #timer: ReturnType<typeof setInterval> | undefined;
  #abort: AbortController | null = null;

  constructor() {
    super();
    this.view = 'waiting';
    this.items = null;
    this.timeZone = '';
    this.error = '';
    this.busy = null;
    this.formErrors = {};
  }

  get #t(): CallbacksStrings {
    return strings[this.#l.locale];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => void this.load(true), CALLBACKS_REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
    this.#abort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('view')) {
      if (!CALLBACK_VIEWS.includes(this.view)) {
        console.warn(`Ayuda: <ayuda-callbacks view="${String(this.view)}"> is not a view; use waiting, done or failed.`);
        this.view = 'waiting';
      }
      this.items = null;
      void this.load();
    }
  }

  /** Fetches the list of the current view again; `background` for the periodic refresh. */
  async load(background = false): Promise<void> {
    // A refresh never overwrites the list while someone is recording an attempt.
    if (background && this.busy) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    try {
      const list = await api().staffCallbacks({ status: this.view }, { signal: abort.signal, background });
      if (abort.signal.aborted) return;
      this.items = list.callbacks;
      this.timeZone = list.timeZone;
      this.error = '';
    } catch (err) {
      if (abort.signal.aborted) return;
      this.error = refusalReason(this.#l.cat, err);
    }
  }

  async #record(e: SubmitEvent, cb: StaffCallback): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const t = this.#t;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const outcome = String(data.get('outcome') ?? '') as CallbackOutcome;
    const note = String(data.get('note') ?? '').trim();
    if (!OUTCOMES.includes(outcome)) {
      this.formErrors = { ...this.formErrors, [cb.id]: t.pickOutcome };
      form.querySelector<HTMLInputElement>('input[name=outcome]')?.focus();
      return;
    }
    this.busy = cb.id;
    this.formErrors = { ...this.formErrors, [cb.id]: '' };
    try {
      const after = await api().staffCallbackAttempt(cb.id, { outcome, ...(note ? { note } : {}) });
      if (after.status === 'waiting') {
        this.items = (this.items ?? []).map((x) => (x.id === after.id ? after : x));
        form.reset();
        notify(t.recorded(after.name, t.outcomes[outcome]));
      } else {
        this.items = (this.items ?? []).filter((x) => x.id !== after.id);
        notify(after.status === 'done' ? t.closedDone(after.name) : t.closedFailed(after.name));
        this.dispatchEvent(new CustomEvent('ayuda-callback-closed', { bubbles: true, composed: true, detail: after }));
        // The next callback's heading takes the focus the removed form had.
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('ol.list h2')?.focus();
      }
    } catch (err) {
      this.formErrors = { ...this.formErrors, [cb.id]: refusalReason(this.#l.cat, err) };
      // Closed by someone else meanwhile: the list as it is now.
      if (err instanceof AyudaApiError && err.status === 409) void this.load();
    } finally {
      this.busy = null;
    }
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    return html`<h1 id="callbacks-h">${t.heading}</h1>
      <p class="muted">${t.intro}</p>
      <nav aria-label=${t.tabsLabel}>
        <ul>
          ${CALLBACK_VIEWS.map((v) => html`<li><a href=${v === 'waiting' ? '#/callbacks' : `#/callbacks/${v}`} aria-current=${this.view === v ? 'page' : 'false'}>${t.tabs[v]}</a></li>`)}
        </ul>
      </nav>
      <div class="bar">
        <button type="button" @click=${() => void this.load()}>${t.refresh}</button>
        <span class="muted" role="status">${this.items ? t.count(this.items.length) : t.loading}${this.timeZone ? html` · ${t.zone(this.timeZone)}` : nothing}</span>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.items === null
        ? nothing
        : this.items.length === 0
          ? html`<p class="muted">${t.empty[this.view]}</p>`
          : html`<ol class="list" aria-labelledby="callbacks-h">
              ${this.items.map((cb) => html`<li>${this.#item(cb)}</li>`)}
            </ol>`}`;
  }

  #item(cb: StaffCallback): TemplateResult {
    const t = this.#t;
    const cat = this.#l.cat;
    const h = `cb-${cb.id}`;
    const unanswered = cb.attempts.filter((a) => UNANSWERED.includes(a.outcome)).length;
    return html`<section>
      <article aria-labelledby=${h}>
        <div class="head">
          <h2 id=${h} tabindex="-1">${cb.name}</h2>
          ${laneBadge(cat, cb.lane)}
          ${cb.overdue ? html`<span class="overdue">${t.overdue}</span>` : nothing}
          ${cb.status !== 'waiting' ? html`<span class="badge">${t.statuses[cb.status]}</span>` : nothing}
        </div>
        <dl>
          <dt>${t.phone}</dt>
          <dd><a class="tel" href=${`tel:${cb.phone}`} aria-label=${`${t.call(cb.name)}: ${cb.phoneDisplay}`}>${cb.phoneDisplay}</a></dd>
          <dt>${t.window}</dt>
          <dd>${formatWindow(cat.locale, this.timeZone || 'UTC', cb.windowStart, cb.windowEnd)}</dd>
          ${cb.status === 'waiting' ? html`<dt>${t.due}</dt><dd><time datetime=${cb.dueAt}>${dateTime(cat, cb.dueAt)}</time></dd>` : nothing}
          <dt>${t.email}</dt>
          <dd>${cb.email}</dd>
          ${cb.case ? html`<dt>${t.caseRef}</dt><dd><a href=${`#/cases/${encodeURIComponent(cb.case)}`}>${cb.case}</a></dd>` : nothing}
          ${cb.notes ? html`<dt>${t.notes}</dt><dd class="notes">${cb.notes}</dd>` : nothing}
          <dt>${t.requested}</dt>
          <dd><time datetime=${cb.createdAt}>${dateTime(cat, cb.createdAt)}</time></dd>
          <dt>${t.attempts}</dt>
          <dd>
            ${cb.attempts.length
              ? html`<ul class="attempts">
                  ${cb.attempts.map((a) => html`<li>${t.attemptLine(dateTime(cat, a.at), a.by, t.outcomes[a.outcome])}${a.note ? html`<span class="notes"> · ${a.note}</span>` : nothing}</li>`)}
                </ul>`
              : html`<span class="muted">${t.noAttempts}</span>`}
            ${cb.status === 'waiting' && unanswered ? html`<span class="muted">${t.unanswered(unanswered, MAX_UNANSWERED)}</span>` : nothing}
          </dd>
        </dl>
        ${cb.status === 'waiting' ? this.#form(cb, h) : nothing}
      </article>
    </section>`;
  }

  #form(cb: StaffCallback, h: string): TemplateResult {
    const t = this.#t;
    const error = this.formErrors[cb.id];
    const busy = this.busy === cb.id;
    return html`<form novalidate aria-labelledby=${`${h}-rec ${h}`} @submit=${(e: SubmitEvent) => void this.#record(e, cb)}>
      <fieldset aria-describedby=${error ? `${h}-error` : nothing}>
        <legend id=${`${h}-rec`}>${t.outcome}</legend>
        <div class="outcomes">${OUTCOMES.map((o) => html`<label><input type="radio" name="outcome" value=${o} />${t.outcomes[o]}</label>`)}</div>
      </fieldset>
      <label class="note">${t.note}<textarea name="note" rows="2" maxlength="1000"></textarea></label>
      ${error ? html`<p class="error" id=${`${h}-error`} role="alert">${error}</p>` : nothing}
      <button type="submit" class="primary" aria-disabled=${busy ? 'true' : 'false'}>${busy ? t.recording : t.record}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-callbacks': AyudaCallbacks;
  }
}
