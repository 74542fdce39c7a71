import { html, nothing, type PropertyValues } from 'lit';
import { AyudaApiError, type CaseSurvey } from '@ayuda/client';
import { AyudaElement } from '../internal/base.js';
import { emit } from '../events.js';
import type { Catalogue } from '../i18n/index.js';
import { format } from '../i18n/format.js';
import { surveyStrings } from './strings.js';
import { surveyStyles } from './survey.styles.js';

type Question = CaseSurvey['questions'][number];
const COMMENT_MAX = 2000;

/**
 * The survey of a solved case, seen through its tracking token: each question a row of
 * buttons (one press answers it), then a comment box under the answer. Nothing renders until
 * the case is solved and asked a survey.
 *
 * @summary Rate a solved case: CSAT, CES, the fast lane's worth, NPS.
 *
 * @customElement ayuda-survey
 *
 * @attr token - The case's tracking token.
 * @attr server - The Ayuda server's URL. Default: the embed's server, else this page's origin.
 * @attr locale - `es` or `en`. Default: the nearest `lang` attribute, then `<html lang>`.
 * @attr theme - `light` or `dark`; unset follows `prefers-color-scheme`.
 *
 * @event ayuda-survey-answered - A question was answered or commented. `detail: { question, score, comment }`.
 *
 * @csspart base - The component's root.
 * @csspart heading - "Your feedback".
 * @csspart question - One question.
 * @csspart score-button - A score's button.
 * @csspart comment - The comment box.
 * @csspart status - What just happened (a polite live region).
 */
export class AyudaSurvey extends AyudaElement {
  static override styles = surveyStyles;
  static override properties = {
    token: { type: String, reflect: true },
    survey: { state: true },
    busy: { state: true },
    message: { state: true },
    errors: { state: true },
  };

  declare token: string | undefined;
  declare protected survey: CaseSurvey | undefined;
  declare protected busy: boolean;
  declare protected message: string;
  declare protected errors: Record<string, string>;
  #abort: AbortController | undefined;

  constructor() {
    super();
    this.busy = false;
    this.message = '';
    this.errors = {};
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('token') || changed.has('server')) void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  /** Reads the survey again (after the case changed). */
  async reload(): Promise<void> {
    await this.#load();
  }

  async #load(): Promise<void> {
    this.#abort?.abort();
    if (!this.token) return;
    const abort = (this.#abort = new AbortController());
    try {
      const survey = await this.service.client.caseSurvey(this.token, { signal: abort.signal });
      if (!abort.signal.aborted) this.survey = survey;
    } catch {
      // A survey that cannot load shows nothing: the case page around it says what failed.
      if (!abort.signal.aborted) this.survey = undefined;
    }
  }

  async #send(q: Question, body: { score?: number; comment?: string }): Promise<void> {
    if (this.busy) return;
    const s = surveyStrings(this.currentLocale);
    this.busy = true;
    this.message = '';
    this.errors = {};
    try {
      this.survey = await this.service.client.answerSurvey({ token: q.token, ...body });
      this.message = body.score !== undefined ? s.thanks : s.commentThanks;
      emit(this, 'ayuda-survey-answered', { question: q.question, score: body.score ?? null, comment: body.comment ?? null });
      // After a score, the comment box of that answer is where to go on.
      if (body.score !== undefined) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#c-${q.question}`)?.focus());
    } catch (err) {
      if (err instanceof AyudaApiError && (err.status === 409 || err.status === 410)) {
        this.message = err.status === 409 ? s.already : s.closed;
        await this.#load();
      } else this.errors = { [q.question]: s.failed };
    } finally {
      this.busy = false;
    }
  }

  #comment(e: Event, q: Question): void {
    e.preventDefault();
    const s = surveyStrings(this.currentLocale);
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>(`#c-${q.question}`)!;
    const text = box.value.trim();
    const error = !text ? s.commentEmpty : text.length > COMMENT_MAX ? format(s.commentLong, { max: COMMENT_MAX }) : '';
    if (error) {
      this.errors = { [q.question]: error };
      box.focus();
      return;
    }
    void this.#send(q, { comment: text });
  }

  #question(q: Question, survey: CaseSurvey) {
    const s = surveyStrings(this.currentLocale);
    const id = `q-${q.question}`;
    const text = s.question(q.question, survey.names);
    const error = this.errors[q.question];
    if (q.answer) {
      return html`<div class="answer" part="question">
        <p><strong>${text}</strong></p>
        <p>${format(s.yourAnswer, { answer: s.score(q.question, q.answer.score) })}</p>
        ${q.answer.comment ? html`<blockquote>${q.answer.comment}</blockquote>` : nothing}
        ${q.canComment
          ? html`<form novalidate @submit=${(e: Event) => this.#comment(e, q)}>
              <div class="field">
                <label for="c-${q.question}">${s.commentLabel}</label>
                <p class="hint" id="h-${q.question}">${s.commentHint}</p>
                <textarea id="c-${q.question}" part="comment" rows="3" maxlength=${COMMENT_MAX} aria-describedby="h-${q.question}${error ? ` e-${q.question}` : ''}" aria-invalid=${error ? 'true' : 'false'}></textarea>
                ${error ? html`<p class="error" id="e-${q.question}">${error}</p>` : nothing}
              </div>
              <button type="submit" class="secondary" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? s.sending : s.send}</button>
            </form>`
          : nothing}
      </div>`;
    }
    if (!survey.open) return nothing;
    const ends = s.ends(q.question);
    const scores = Array.from({ length: q.max - q.min + 1 }, (_, i) => q.min + i);
    return html`<fieldset part="question" aria-describedby=${[ends ? `${id}-ends` : '', error ? `e-${q.question}` : ''].filter(Boolean).join(' ') || nothing}>
      <legend>${text}</legend>
      ${ends ? html`<p class="hint" id="${id}-ends">${ends[0]} · ${ends[1]}</p>` : nothing}
      <div class="scores">
        ${scores.map(
          (n) =>
            html`<button type="button" class="secondary" part="score-button" aria-disabled=${this.busy ? 'true' : 'false'} aria-label=${ends && (n === q.min || n === q.max) ? ends[n === q.min ? 0 : 1] : s.score(q.question, n)} @click=${() => void this.#send(q, { score: n })}>${s.score(q.question, n)}</button>`,
        )}
      </div>
      ${error ? html`<p class="error" id="e-${q.question}">${error}</p>` : nothing}
    </fieldset>`;
  }

  protected renderContent(cat: Catalogue) {
    const survey = this.survey;
    const s = surveyStrings(cat.locale);
    return html`<div class="root" part="base" lang=${cat.locale} dir=${cat.dir}>
      ${survey?.questions.length
        ? html`<h3 part="heading">${s.heading}</h3>
            ${survey.open ? nothing : html`<p class="hint">${s.closed}</p>`} ${survey.questions.map((q) => this.#question(q, survey))}`
        : nothing}
      <p class="status" part="status" role="status">${this.message}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-survey': AyudaSurvey;
  }
}
