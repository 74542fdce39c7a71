// The survey in HTML, working without JavaScript: each open question a group of buttons (one
// click answers it), each answer with its comment box while one can be added. Shown on the
// survey page (the mail's links) and on the case's tracking page.
import { html } from 'hono/html';
import type { CaseSurvey, Locale, SurveyQuestionState } from '@ayuda/core';
import { surveyStrings } from './i18n.js';

type Html = ReturnType<typeof html>;

export const surveyPath = (locale: Locale, token: string) => `/help/${locale}/survey/${token}`;

export interface SurveyNotice {
  /** What happened to the question this page was opened for. */
  kind: 'answered' | 'commented' | 'already' | 'expired' | 'error';
  question?: SurveyQuestionState['question'];
  message?: string;
}

function question(locale: Locale, q: SurveyQuestionState, names: CaseSurvey['names'], closed: boolean, error: string | null): Html {
  const s = surveyStrings(locale);
  const id = `q-${q.question}`;
  const ends = s.ends(q.question);
  const scores = Array.from({ length: q.max - q.min + 1 }, (_, i) => q.min + i);
  if (q.answer) {
    return html`<section class="survey-q" id="${id}" aria-labelledby="${id}-h">
<h3 id="${id}-h">${s.question(q.question, names)}</h3>
<p>${s.yourAnswer(s.score(q.question, q.answer.score))}</p>
${q.answer.comment ? html`<blockquote class="survey-comment">${q.answer.comment}</blockquote>` : ''}
${q.canComment && !closed
  ? html`<form method="post" action="${surveyPath(locale, q.token)}" class="case">
<div class="field${error ? ' invalid' : ''}"><label for="${id}-comment">${s.commentLabel}</label>
<p class="hint" id="${id}-hint">${s.commentHint}</p>
<textarea id="${id}-comment" name="comment" rows="4" maxlength="2000" aria-describedby="${id}-hint${error ? ` ${id}-error` : ''}" aria-invalid="${error ? 'true' : 'false'}"></textarea>
${error ? html`<p class="error" id="${id}-error">${error}</p>` : ''}</div>
<button type="submit">${s.send}</button>
</form>`
  : ''}
</section>`;
  }
  if (closed) return html``;
  return html`<section class="survey-q" id="${id}">
<form method="post" action="${surveyPath(locale, q.token)}">
<fieldset class="scores"${error ? html` aria-describedby="${id}-error"` : ''}>
<legend>${s.question(q.question, names)}</legend>
${ends ? html`<p class="hint">${ends[0]} · ${ends[1]}</p>` : ''}
<div class="score-row">${scores.map((n) => html`<button type="submit" name="score" value="${n}" class="secondary score" aria-label="${ends && (n === q.min || n === q.max) ? ends[n === q.min ? 0 : 1] : s.score(q.question, n)}">${s.score(q.question, n)}</button>`)}</div>
${error ? html`<p class="error" id="${id}-error">${error}</p>` : ''}
</fieldset>
</form>
</section>`;
}

/**
 * The survey of a case: a status line for what just happened, the question the page was
 * opened for first, then the others still open.
 */
export function surveySection(
  locale: Locale,
  survey: CaseSurvey,
  opts: { first?: SurveyQuestionState['question']; notice?: SurveyNotice; headingLevel?: 1 | 2; chosen?: number; script?: string } = {},
): Html {
  const s = surveyStrings(locale);
  if (!survey.questions.length) return html``;
  const closed = !survey.open;
  // One comment box at a time: the page's own question's, else the last answered one's.
  const commentable = survey.questions.filter((q) => q.canComment);
  const commentOn = commentable.find((q) => q.question === opts.first) ?? [...commentable].sort((a, b) => (a.answer!.answeredAt < b.answer!.answeredAt ? 1 : -1))[0];
  const first = survey.questions.find((q) => q.question === opts.first);
  const confirm = first && !first.answer && !closed && opts.chosen !== undefined && opts.chosen >= first.min && opts.chosen <= first.max ? { q: first, score: opts.chosen } : null;
  const allDone = survey.questions.every((q) => q.answer) && !commentOn;
  const n = opts.notice;
  const status = n
    ? n.kind === 'answered'
      ? s.thanks
      : n.kind === 'commented'
        ? s.commentThanks
        : n.kind === 'already'
          ? s.already
          : n.kind === 'expired'
            ? s.expired
            : null
    : closed
      ? s.expired
      : null;
  const errorFor = (q: SurveyQuestionState) => (n?.kind === 'error' && n.question === q.question ? (n.message ?? null) : null);
  const heading = opts.headingLevel === 1 ? html`<h1 id="survey">${s.title}</h1>` : html`<h2 id="survey">${s.title}</h2>`;
  return html`<div class="survey">${heading}
${status ? html`<div class="notice" role="status">${status}${allDone && !closed ? html` ${s.allDone}` : ''}</div>` : html`<div role="status">${allDone && !closed ? s.allDone : ''}</div>`}
${confirm
  ? html`<form method="post" action="${surveyPath(locale, confirm.q.token)}" class="survey-confirm" data-ayuda-autosubmit>
<input type="hidden" name="score" value="${confirm.score}">
<p><strong>${s.question(confirm.q.question, survey.names)}</strong></p>
<p>${s.chosen(s.score(confirm.q.question, confirm.score))}</p>
<button type="submit">${s.confirm}</button>
</form>${opts.script ? html`<script type="module" src="${opts.script}"></script>` : ''}`
  : ''}
${survey.questions.filter((q) => q !== confirm?.q).map((q) => question(locale, { ...q, canComment: q === commentOn }, survey.names, closed, errorFor(q)))}
</div>`;
}
