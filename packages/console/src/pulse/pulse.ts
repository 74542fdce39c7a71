// The agent pulse in the console (issue 15, item 2): <ayuda-pulse-question>, the week's
// anonymous question shown above the queue until the person answers or puts it off for the
// week, and <ayuda-pulse-report>, the admins' table of weeks (figures only from five answers)
// beside the workload. One chunk, loaded after the queue shows.
import { css, html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { AyudaApiError, type PulseSummary, type PulseWeek } from '@ayuda/client/staff';
import { addDaysToDate } from '@ayuda/core/periods';
import { sharedStyles, visuallyHidden } from '../styles/shared.styles.js';
import { cardStyles, tableScrollStyles } from '../styles/screen.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { refusalReason } from '../internal/optimistic.js';
import { strings, type PulseStrings } from './i18n.js';

const SNOOZE_KEY = 'ayuda.console.pulse.later';
/** The floor the server applies; the question's text names it before any summary is read. */
const FLOOR = 5;

function snoozed(week: string): boolean {
  try {
    return localStorage.getItem(SNOOZE_KEY) === week;
  } catch {
    return false;
  }
}

/**
 * This week's anonymous pulse question, shown to a signed-in person until they answer it or
 * choose "Not now" (which lasts until next Monday, in this browser).
 *
 * @event ayuda-pulse-answered - The answer was stored (no detail: it is anonymous).
 */
export class AyudaPulseQuestion extends LitElement {
  static override styles = [
    sharedStyles,
    cardStyles,
    css`
      /* Only the card (or the thanks) takes room: once answered or put off, nothing is left. */
      :host {
        display: block;
        padding: 0 1rem;
      }
      section,
      .thanks {
        margin: 0.75rem 0 0;
      }
      .idle {
        margin: 0;
      }
      fieldset {
        border: 0;
        padding: 0;
        margin: 0 0 0.5rem;
      }
      legend {
        font-weight: 600;
        padding: 0;
        margin-bottom: 0.35rem;
      }
      .scores {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
      }
      .scores label {
        display: inline-flex;
        flex-direction: row;
        gap: 0.3rem;
        align-items: center;
      }
      .comment {
        display: grid;
        gap: 0.25rem;
        margin-bottom: 0.5rem;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      /* What only a phone shows (below): each score's number, the scale's ends, the comment's button. */
      .score-number,
      .ends,
      .comment-toggle {
        display: none;
      }
      /*
       * On a phone (the header's breakpoint, app.styles.ts) the question took 405 px above the
       * queue. There the five scores are one row of numbers (each radio still named by its whole
       * label, shown at the scale's ends), the comment field opens from a button, and the card
       * is tighter. Wider screens keep the card above.
       */
      @media (max-width: 47.99rem) {
        :host {
          padding: 0 0.75rem;
        }
        section {
          padding: 0.5rem 0.75rem;
        }
        section,
        .thanks {
          margin-top: 0.5rem;
        }
        h2 {
          font-size: 0.9375rem;
          margin-bottom: 0.15rem;
        }
        legend {
          margin-bottom: 0.15rem;
        }
        fieldset {
          margin-bottom: 0.25rem;
        }
        .scores {
          display: grid;
          grid-template-columns: repeat(5, 1fr);
          gap: 0;
        }
        .scores label {
          position: relative;
          justify-content: center;
          padding: 0.2rem 0;
        }
        .score-number,
        .ends {
          display: flex;
        }
        .score-word {
          ${visuallyHidden}
        }
        .ends {
          justify-content: space-between;
          font-size: 0.8125rem;
        }
        #pulse-anon {
          font-size: 0.8125rem;
          margin-bottom: 0.25rem;
        }
        .comment-toggle {
          display: inline;
          margin-bottom: 0.5rem;
        }
        .comment:not([data-open]) {
          display: none;
        }
      }
    `,
  ];
  static override properties: PropertyDeclarations = {
    week: { state: true },
    commentOpen: { state: true },
    done: { state: true },
    busy: { state: true },
    error: { state: true },
  };

  /** This week's Monday while the question is open; null when there is nothing to ask. */
  declare week: string | null;
  declare done: boolean;
  declare busy: boolean;
  declare error: string;
  /** On a phone, whether the comment field is shown (it always is on a wider screen). */
  declare commentOpen: boolean;
  readonly #l = new LocalizeController(this);

  constructor() {
    super();
    this.commentOpen = false;
    this.week = null;
    this.done = false;
    this.busy = false;
    this.error = '';
  }

  get #t(): PulseStrings {
    return strings[this.#l.locale];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const state = await api().staffPulse();
      this.week = state.answered || snoozed(state.week) ? null : state.week;
    } catch {
      // The pulse is never in the way: without an answer from the server it does not show.
      this.week = null;
    }
  }

  async #submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const score = Number(data.get('score'));
    const comment = String(data.get('comment') ?? '').trim();
    if (!(score >= 1 && score <= 5)) {
      this.error = this.#t.pickScore;
      form.querySelector<HTMLInputElement>('input[name=score]')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await api().answerPulse({ score, ...(comment ? { comment } : {}) });
      this.#answered();
    } catch (err) {
      // Answered in another tab meanwhile: nothing more to ask.
      if (err instanceof AyudaApiError && err.status === 409) this.#answered();
      else this.error = err instanceof AyudaApiError ? refusalReason(this.#l.cat, err) : this.#t.failed;
    } finally {
      this.busy = false;
    }
  }

  #answered(): void {
    this.week = null;
    this.done = true;
    this.dispatchEvent(new CustomEvent('ayuda-pulse-answered', { bubbles: true, composed: true }));
  }

  /** On a phone: shows or hides the comment field; shown, it takes the focus (its text stays either way). */
  async #toggleComment(): Promise<void> {
    this.commentOpen = !this.commentOpen;
    if (!this.commentOpen) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLTextAreaElement>('textarea[name=comment]')?.focus();
  }

  #later(): void {
    try {
      if (this.week) localStorage.setItem(SNOOZE_KEY, this.week);
    } catch {
      /* the choice lasts this page */
    }
    this.week = null;
  }

  protected override render(): TemplateResult | typeof nothing {
    const t = this.#t;
    if (this.done) return html`<p class="muted thanks" role="status">${t.thanks}</p>`;
    if (!this.week) return html`<p class="idle" role="status"></p>`;
    return html`<section aria-labelledby="pulse-h">
      <h2 id="pulse-h">${t.heading}</h2>
      <form novalidate @submit=${(e: SubmitEvent) => void this.#submit(e)}>
        <fieldset aria-describedby="pulse-anon${this.error ? ' pulse-error' : ''}">
          <legend>${t.question}</legend>
          <div class="scores">
            ${t.scores.map((label, i) => html`<label><input type="radio" name="score" value=${i + 1} /><span class="score-number" aria-hidden="true">${i + 1}</span><span class="score-word">${label}</span></label>`)}
          </div>
          <div class="ends muted" aria-hidden="true"><span>${t.scores[0]}</span><span>${t.scores[4]}</span></div>
        </fieldset>
        <p class="muted" id="pulse-anon">${t.anonymous(FLOOR)}</p>
        <button type="button" class="link comment-toggle" aria-expanded=${this.commentOpen ? 'true' : 'false'} aria-controls="pulse-comment" @click=${() => void this.#toggleComment()}>${t.addComment}</button>
        <label class="comment" id="pulse-comment" ?data-open=${this.commentOpen}>${t.comment}<textarea name="comment" rows="2" maxlength="1000"></textarea></label>
        ${this.error ? html`<p class="error" id="pulse-error" role="alert">${this.error}</p>` : nothing}
        <div class="actions">
          <button type="submit" class="primary" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? t.sending : t.send}</button>
          <button type="button" @click=${() => this.#later()}>${t.later}</button>
        </div>
      </form>
    </section>`;
  }
}

/** The admins' view of the pulse: a table of weeks, the comments of weeks at or above the floor. */
export class AyudaPulseReport extends LitElement {
  static override styles = [
    sharedStyles,
    cardStyles,
    tableScrollStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 0.75rem;
        align-items: flex-end;
        margin-bottom: 0.75rem;
      }
      label {
        display: grid;
        gap: 0.2rem;
      }
      td.num,
      th.num {
        text-align: right;
      }
      details {
        margin: 0.5rem 0;
      }
      blockquote {
        margin: 0.35rem 0;
        padding-left: 0.75rem;
        border-left: 3px solid var(--ayuda-border);
        white-space: pre-line;
      }
    `,
  ];
  static override properties: PropertyDeclarations = {
    summary: { state: true },
    error: { state: true },
  };

  declare summary: PulseSummary | null;
  declare error: string;
  readonly #l = new LocalizeController(this);

  constructor() {
    super();
    this.summary = null;
    this.error = '';
  }

  get #t(): PulseStrings {
    return strings[this.#l.locale];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load({});
  }

  /** The period last asked for. */
  #asked: { from?: string; to?: string } = {};

  async #load(q: { from?: string; to?: string }, e?: SubmitEvent): Promise<void> {
    e?.preventDefault();
    this.#asked = q;
    this.error = '';
    try {
      this.summary = await api().staffPulseSummary(q);
    } catch (err) {
      this.error = refusalReason(this.#l.cat, err);
    }
  }

  #submit(e: SubmitEvent): void {
    const data = new FormData(e.target as HTMLFormElement);
    const from = String(data.get('from') ?? '');
    const to = String(data.get('to') ?? '');
    void this.#load({ ...(from ? { from } : {}), ...(to ? { to } : {}) }, e);
  }

  /**
   * The period the table shows, for the From and To fields (empty, they hid that the default is
   * 12 weeks): the oldest week's Monday to the newest week's Sunday. Typed dates stay while
   * loading or when no week came back.
   */
  #shownPeriod(): { from: string; to: string } {
    const weeks = this.summary?.weeks ?? [];
    const asked = this.#asked;
    if (weeks.length === 0) return { from: asked.from ?? '', to: asked.to ?? '' };
    return { from: weeks.at(-1)!.week, to: addDaysToDate(weeks[0]!.week, 6) };
  }

  #date(iso: string): string {
    return new Intl.DateTimeFormat(this.#l.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
  }

  /**
   * The mean's cell: the week under way shows only its count (its figures wait until it ends),
   * a week without answers says so, and "too few" is for ended weeks below the floor.
   */
  #mean(w: PulseWeek): TemplateResult | string {
    const t = this.#t;
    if (w.open) return html`<span class="muted">${t.underWay}</span>`;
    if (w.mean !== null) return w.mean.toLocaleString(this.#l.locale);
    if (w.answers === 0) return html`<span class="muted">${t.noAnswers}</span>`;
    return html`<span class="muted">${t.belowFloor}</span>`;
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const s = this.summary;
    const shown = s?.weeks.filter((w) => w.comments !== null) ?? [];
    return html`<section aria-labelledby="pulse-report">
      <h2 id="pulse-report">${t.report}</h2>
      <p class="muted">${t.reportIntro(s?.floor ?? FLOOR)}</p>
      <form @submit=${(e: SubmitEvent) => this.#submit(e)}>
        <label>${t.from}<input type="date" name="from" .value=${live(this.#shownPeriod().from)} /></label>
        <label>${t.to}<input type="date" name="to" .value=${live(this.#shownPeriod().to)} /></label>
        <button type="submit">${t.show}</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${!s
        ? html`<p class="muted" role="status">${t.loading}</p>`
        : s.weeks.length === 0
          ? html`<p class="muted">${t.noWeeks}</p>`
          : html`<div class="table-scroll" role="group" tabindex="0" aria-label=${t.report}><table>
              <caption class="muted">${s.timeZone}</caption>
              <thead>
                <tr>
                  <th scope="col">${t.week}</th>
                  <th scope="col" class="num">${t.answers}</th>
                  <th scope="col" class="num">${t.mean}</th>
                  <th scope="col">${t.spread}</th>
                  <th scope="col" class="num">${t.created}</th>
                  <th scope="col" class="num">${t.solved}</th>
                  <th scope="col" class="num">${t.replies}</th>
                </tr>
              </thead>
              <tbody>
                ${s.weeks.map(
                  (w) => html`<tr>
                    <th scope="row">${t.weekOf(this.#date(w.week))}</th>
                    <td class="num">${w.answers}</td>
                    <td class="num">${this.#mean(w)}</td>
                    <td>${w.distribution ? t.spreadCell(w.distribution) : ''}</td>
                    <td class="num">${w.workload.casesCreated}</td>
                    <td class="num">${w.workload.casesSolved}</td>
                    <td class="num">${w.workload.staffReplies}</td>
                  </tr>`,
                )}
              </tbody>
            </table></div>
            ${shown.map(
              (w) => html`<details>
                <summary>${t.comments(this.#date(w.week), w.comments!.length)}</summary>
                ${w.comments!.length ? w.comments!.map((c) => html`<blockquote>${c}</blockquote>`) : html`<p class="muted">${t.noComments}</p>`}
              </details>`,
            )}`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-pulse-question': AyudaPulseQuestion;
    'ayuda-pulse-report': AyudaPulseReport;
  }
}
