import { html, nothing, type PropertyValues } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { AyudaApiError, type CaseView } from '@ayuda/client';
import { AyudaElement } from '../internal/base.js';
import { emit } from '../events.js';
import type { Catalogue } from '../i18n/index.js';
import { format } from '../i18n/format.js';
import { dateText } from '../i18n/dates.js';
import { isOffline } from '../data/service.js';
import { caseStatusStyles } from './case-status.styles.js';
import { ACCEPT, CASE_FORM_LIMITS as L, fieldOf, fileProblem, fileSize } from '../case-form/files.js';

type Status = 'idle' | 'loading' | 'ready' | 'not-found' | 'offline' | 'error';
type Message = CaseView['messages'][number];

/**
 * A support case seen through its private tracking token: reference, subject, status, service
 * level and due times, the conversation with its files, a reply box and "Close the request".
 * A token that matches no case offers to mail the customer their links again.
 *
 * @summary Follow a support case: status, due times, thread, reply and close.
 *
 * @customElement ayuda-case-status
 *
 * @attr token - The case's tracking token (the last part of its tracking link).
 * @attr server - The Ayuda server's URL. Default: the embed's server, else this page's origin.
 * @attr locale - `es` or `en`. Default: the nearest `lang` attribute, then `<html lang>`.
 * @attr theme - `light` or `dark`; unset follows `prefers-color-scheme`.
 *
 * @event ayuda-case-updated - The case changed after a reply or closing it. `detail: { reference, status }`.
 *
 * @csspart base - The component's root.
 * @csspart heading - The case's reference.
 * @csspart summary - The status, service and due times.
 * @csspart thread - The conversation.
 * @csspart message - One message.
 * @csspart message-customer - A message from the customer (also `message`).
 * @csspart message-staff - A message from the team (also `message`).
 * @csspart message-system - A message from the system, such as a status change (also `message`).
 * @csspart message-body - A message's text; a team reply's is formatted (paragraphs, lists, links).
 * @csspart reply - The reply form.
 * @csspart close-button - "Close the request" and its confirmation.
 * @csspart notice - Loading, not-found, error and confirmation messages.
 * @csspart retry-button - The "Try again" button.
 * @csspart survey-* - The parts of the `<ayuda-survey>` shown once the case is solved, prefixed: `survey-score-button`, `survey-comment`, ….
 */
export class AyudaCaseStatus extends AyudaElement {
  static override styles = caseStatusStyles;
  static override properties = {
    token: { type: String, reflect: true },
    view: { state: true },
    status: { state: true },
    reply: { state: true },
    files: { state: true },
    replyError: { state: true },
    filesError: { state: true },
    notice: { state: true },
    sending: { state: true },
    confirming: { state: true },
    resent: { state: true },
  };

  declare token: string | undefined;
  declare protected view: CaseView | undefined;
  declare protected status: Status;
  declare protected reply: string;
  declare protected files: File[];
  declare protected replyError: string;
  declare protected filesError: string;
  declare protected notice: string;
  declare protected sending: boolean;
  declare protected confirming: boolean;
  declare protected resent: string;

  #loadedKey = '';
  #abort: AbortController | undefined;
  #surveyLoaded = false;

  constructor() {
    super();
    this.status = 'idle';
    this.reply = '';
    this.files = [];
    this.replyError = '';
    this.filesError = '';
    this.notice = '';
    this.sending = false;
    this.confirming = false;
    this.resent = '';
  }

  /** Loads the case again. */
  reload(): Promise<void> {
    return this.#load();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const key = `${this.service.server}|${this.token ?? ''}`;
    if (key !== this.#loadedKey) {
      this.#loadedKey = key;
      void this.#load();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  async #load(): Promise<void> {
    this.#abort?.abort();
    const token = this.token;
    if (!token) {
      this.status = 'idle';
      return;
    }
    const abort = (this.#abort = new AbortController());
    this.status = 'loading';
    try {
      this.view = await this.service.client.getCase(token, { signal: abort.signal });
      if (!abort.signal.aborted) this.status = 'ready';
      void this.#loadSurvey(this.view.status);
    } catch (err) {
      if (abort.signal.aborted) return;
      this.view = undefined;
      this.status = err instanceof AyudaApiError && (err.status === 404 || err.status === 400) ? 'not-found' : isOffline(err) ? 'offline' : 'error';
    }
  }

  /** A solved case's survey: its code loads only for such a case. */
  async #loadSurvey(status: string): Promise<void> {
    if (this.#surveyLoaded || (status !== 'solved' && status !== 'closed')) return;
    await import('../define/ayuda-survey.js');
    this.#surveyLoaded = true;
    this.requestUpdate();
  }

  #when(iso: string): string {
    return dateText(this.cat!.locale, this.view?.timeZone, iso);
  }

  #updated(view: CaseView): void {
    this.view = view;
    void this.#loadSurvey(view.status);
    emit(this, 'ayuda-case-updated', { reference: view.reference, status: view.status });
  }

  #onFiles(e: Event): void {
    const input = e.target as HTMLInputElement;
    const cat = this.cat!;
    const problems: string[] = [];
    const files = [...this.files];
    for (const f of Array.from(input.files ?? [])) {
      const p = fileProblem(cat, f);
      if (p) problems.push(p);
      else if (files.length >= L.attachmentsMax) problems.push(format(cat.cases.errTooManyFiles, { max: L.attachmentsMax }));
      else files.push(f);
    }
    input.value = '';
    this.files = files;
    this.filesError = [...new Set(problems)].join(' ');
  }

  async #sendReply(e: Event): Promise<void> {
    e.preventDefault();
    const c = this.cat!.cases;
    if (this.sending || !this.view || !this.token) return;
    const body = this.reply.trim();
    this.replyError = !body ? c.errReplyRequired : body.length > L.replyMax ? format(c.errReplyLong, { max: L.replyMax }) : '';
    this.notice = '';
    if (this.replyError) {
      this.notice = this.replyError;
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#reply')?.focus());
      return;
    }
    this.sending = true;
    try {
      const view = await this.service.client.replyToCase(this.token, body, { files: this.files });
      this.reply = '';
      this.files = [];
      this.notice = c.replySent;
      this.#updated(view);
    } catch (err) {
      if (!(err instanceof AyudaApiError)) this.notice = c.replyFailed;
      else if (err.status === 409) {
        this.notice = c.replyConflict;
        void this.#load();
      } else if (err.problem.errors?.some((x) => fieldOf(x.field).startsWith('attachments')) || err.status === 413) {
        this.filesError = format(c.errFileRejected, { name: this.files.map((f) => f.name).join(', '), size: fileSize(this.cat!, L.attachmentBytesMax) });
        this.notice = this.filesError;
      } else this.notice = c.serverError;
    } finally {
      this.sending = false;
    }
  }

  async #close(): Promise<void> {
    if (!this.token) return;
    this.sending = true;
    try {
      const view = await this.service.client.closeCase(this.token);
      this.confirming = false;
      this.notice = this.cat!.cases.closedNotice;
      this.#updated(view);
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('h2')?.focus());
    } catch (err) {
      this.notice = err instanceof AyudaApiError ? this.cat!.cases.serverError : this.cat!.cases.replyFailed;
    } finally {
      this.sending = false;
    }
  }

  #confirm(on: boolean): void {
    this.confirming = on;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(on ? '#confirm-yes' : '#close')?.focus());
  }

  async #resend(e: Event): Promise<void> {
    e.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#resend-email')!;
    const email = input.value.trim();
    const c = this.cat!.cases;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      this.replyError = email ? c.errEmail : c.errEmailRequired;
      input.focus();
      return;
    }
    this.replyError = '';
    this.sending = true;
    try {
      await this.service.client.resendCaseLinks(email, this.currentLocale as 'es' | 'en');
      this.resent = format(c.resendDone, { email });
    } catch (err) {
      this.replyError = err instanceof AyudaApiError ? c.serverError : c.replyFailed;
    } finally {
      this.sending = false;
    }
  }

  #renderMessage(cat: Catalogue, m: Message) {
    const c = cat.cases;
    const who = m.author === 'customer' ? c.you : m.author === 'staff' ? format(c.staff, { name: m.authorName }) : c.system;
    return html`<li class=${m.author} part="message message-${m.author}">
      <p class="who">${who} <time datetime=${m.createdAt}>${this.#when(m.createdAt)}</time></p>
      ${m.html !== null && m.html !== undefined
        ? // A staff reply: markdown the server rendered and sanitised (the portal's allowlist), so it is inserted as HTML.
          html`<div class="body md" part="message-body">${unsafeHTML(m.html)}</div>`
        : html`<p class="body" part="message-body">${m.body}</p>`}
      ${m.attachments.length
        ? html`<ul class="attachments">
            ${m.attachments.map((a) => html`<li><a href=${new URL(a.url, `${this.service.server}/`).href} download=${a.filename}>${format(c.fileLink, { name: a.filename, size: fileSize(cat, a.size) })}</a></li>`)}
          </ul>`
        : nothing}
    </li>`;
  }

  #renderNotFound(cat: Catalogue) {
    const c = cat.cases;
    return html`<p class="notice" part="notice">${c.notFound}</p>
      <form novalidate @submit=${this.#resend}>
        <p>${c.resendIntro}</p>
        <div class="field">
          <label for="resend-email">${c.emailLabel}</label>
          <input
            id="resend-email"
            type="email"
            autocomplete="email"
            aria-invalid=${this.replyError ? 'true' : 'false'}
            aria-describedby=${this.replyError ? 'resend-error' : nothing}
          />
          ${this.replyError ? html`<p class="error" id="resend-error">${this.replyError}</p>` : nothing}
        </div>
        <button type="submit" class="primary" aria-disabled=${this.sending ? 'true' : 'false'}>${c.resendButton}</button>
        <p role="status">${this.resent}</p>
      </form>`;
  }

  #renderCase(cat: Catalogue, v: CaseView) {
    const c = cat.cases;
    const zone = v.timeZone;
    const paused = v.status === 'pending_customer' && !v.resolutionDue;
    const canReply = v.canReply;
    return html`<h2 part="heading" tabindex="-1">${format(c.caseTitle, { reference: v.reference })}</h2>
      <p class="subject">${v.subject}</p>
      <dl part="summary">
        <dt>${c.statusLabel}</dt>
        <dd>${c.statuses[v.status]}</dd>
        <dt>${c.laneLabel}</dt>
        <dd>${c.lanes[v.lane]}</dd>
        ${v.firstRespondedAt
          ? html`<dt>${c.firstRespondedAt}</dt>
              <dd><time datetime=${v.firstRespondedAt}>${this.#when(v.firstRespondedAt)}</time></dd>`
          : v.firstResponseDue
            ? html`<dt>${c.firstResponseDue}</dt>
                <dd><time datetime=${v.firstResponseDue}>${this.#when(v.firstResponseDue)}</time></dd>`
            : nothing}
        ${v.status === 'solved' || v.status === 'closed'
          ? nothing
          : html`<dt>${c.resolutionDue}</dt>
              <dd>${paused || !v.resolutionDue ? c.resolutionPaused : html`<time datetime=${v.resolutionDue}>${this.#when(v.resolutionDue)}</time>`}</dd>`}
      </dl>
      <p class="note">${format(c.timesIn, { zone })}</p>
      ${v.status === 'solved' && v.reopenableUntil ? html`<p class="note">${format(c.reopenableUntil, { date: this.#when(v.reopenableUntil) })}</p>` : nothing}
      ${this.#surveyLoaded && (v.status === 'solved' || v.status === 'closed') ? html`<ayuda-survey exportparts="base:survey-base,heading:survey-heading,question:survey-question,score-button:survey-score-button,comment:survey-comment,status:survey-status" .server=${this.server} .theme=${this.theme} locale=${this.currentLocale} token=${this.token ?? ''}></ayuda-survey>` : nothing}
      <h3>${c.thread}</h3>
      <ol part="thread">
        ${v.messages.map((m) => this.#renderMessage(cat, m))}
      </ol>
      <form part="reply" novalidate @submit=${this.#sendReply}>
        <div class="field">
          <label for="reply">${c.replyLabel}</label>
          ${canReply ? nothing : html`<p class="hint" id="reply-hint">${c.cannotReply}</p>`}
          <textarea
            id="reply"
            rows="4"
            maxlength=${L.replyMax}
            ?disabled=${!canReply}
            aria-invalid=${this.replyError ? 'true' : 'false'}
            aria-describedby=${[canReply ? '' : 'reply-hint', this.replyError ? 'reply-error' : ''].filter(Boolean).join(' ') || nothing}
            .value=${this.reply}
            @input=${(e: Event) => (this.reply = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          ${this.replyError ? html`<p class="error" id="reply-error">${this.replyError}</p>` : nothing}
        </div>
        <div class="field">
          <label for="reply-files">${c.replyFiles} <span class="optional">${c.optional}</span></label>
          <p class="hint" id="reply-files-hint">${format(c.attachmentsHint, { max: L.attachmentsMax, size: fileSize(cat, L.attachmentBytesMax) })}</p>
          <input
            id="reply-files"
            type="file"
            multiple
            accept=${ACCEPT}
            ?disabled=${!canReply}
            aria-invalid=${this.filesError ? 'true' : 'false'}
            aria-describedby=${this.filesError ? 'reply-files-hint reply-files-error' : 'reply-files-hint'}
            @change=${this.#onFiles}
          />
          ${this.filesError ? html`<p class="error" id="reply-files-error">${this.filesError}</p>` : nothing}
          ${this.files.length ? html`<ul class="attachments">${this.files.map((f) => html`<li>${f.name} (${fileSize(cat, f.size)})</li>`)}</ul>` : nothing}
        </div>
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${!canReply} aria-disabled=${this.sending ? 'true' : 'false'}>${c.sendReply}</button>
          ${v.status !== 'closed' && !this.confirming
            ? html`<button id="close" type="button" class="secondary" part="close-button" @click=${() => this.#confirm(true)}>${c.closeCase}</button>`
            : nothing}
        </div>
        ${this.confirming
          ? html`<div class="confirm" role="group" aria-labelledby="confirm-q">
              <p id="confirm-q">${c.closeConfirm}</p>
              <div class="actions">
                <button id="confirm-yes" type="button" class="primary" part="close-button" @click=${() => void this.#close()}>${c.confirmClose}</button>
                <button type="button" class="secondary" @click=${() => this.#confirm(false)}>${c.cancel}</button>
              </div>
            </div>`
          : nothing}
      </form>`;
  }

  protected renderContent(cat: Catalogue) {
    let body;
    switch (this.status) {
      case 'ready':
        body = this.view ? this.#renderCase(cat, this.view) : nothing;
        break;
      case 'not-found':
        body = this.#renderNotFound(cat);
        break;
      case 'offline':
      case 'error':
        body = html`<p class="notice" part="notice">${this.status === 'offline' ? cat.offline : cat.loadError}</p>
          <button type="button" class="secondary" part="retry-button" @click=${() => void this.#load()}>${cat.retry}</button>`;
        break;
      case 'loading':
        body = html`<p class="notice" part="notice">${cat.loading}</p>`;
        break;
      default:
        body = nothing;
    }
    return html`<div class="root" part="base" lang=${cat.locale} dir=${cat.dir} aria-busy=${this.status === 'loading' ? 'true' : 'false'}>
      ${body}
      <div class="alert" role="alert">${this.notice && this.status === 'ready' ? html`<p>${this.notice}</p>` : nothing}</div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-case-status': AyudaCaseStatus;
  }
}
