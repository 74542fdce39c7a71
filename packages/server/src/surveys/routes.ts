// The surveys over HTTP: the API (a case's survey by tracking token, answering by survey token,
// the staff list of answers) and the survey page the mail's one-click links open, which works
// without JavaScript.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import { LocaleSchema, StaffSurveyQuerySchema, SurveyAnswerSchema, SurveyTokenSchema, TrackingParamsSchema, type CaseSurvey, type Announcement, type Locale } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import type { Config } from '../config.js';
import { AppError, check, parseOrThrow } from '../http/problem.js';
import { readJson } from '../http/body.js';
import { respond } from '../http/respond.js';
import { staffGuards } from '../staff/http.js';
import { layout } from '../portal/views.js';
import type { SurveyService } from './service.js';
import { surveyStrings } from './i18n.js';
import { surveyPath, surveySection, type SurveyNotice } from './views.js';

export const SURVEY_SCRIPT_PATH = '/help/assets/survey.js';
/** Presses the Send button of a score chosen in a mail, once the page has loaded in a browser. */
const SURVEY_SCRIPT = "const f = document.querySelector('form[data-ayuda-autosubmit]');\nif (f) f.requestSubmit();\n";

const noStore = async (c: Context, next: () => Promise<void>) => {
  await next();
  c.header('Cache-Control', 'no-store');
};

/** Mounted at the API's root: `/cases/track/{token}/survey`, `/surveys/answers`, `/staff/surveys/answers`. */
export function surveyRoutes(deps: { surveys: SurveyService; staffOnly: MiddlewareHandler<AppEnv>; rateLimited: MiddlewareHandler }) {
  const { surveys } = deps;
  return new Hono<AppEnv>()
    .get('/cases/track/:token/survey', deps.rateLimited, noStore, async (c) => {
      const { token } = parseOrThrow(TrackingParamsSchema, c.req.param(), 'params');
      return respond(c, 'getCaseSurvey', await surveys.ofTrackingToken(token));
    })
    .post('/surveys/answers', deps.rateLimited, noStore, async (c) => {
      const input = parseOrThrow(SurveyAnswerSchema, await readJson(c), 'body');
      return respond(c, 'answerSurvey', await surveys.answer(input));
    })
    .get('/staff/surveys/answers', ...staffGuards(deps.staffOnly), async (c) => {
      const q = parseOrThrow(StaffSurveyQuerySchema, c.req.query(), 'query');
      return respond(c, 'staffSurveyAnswers', { answers: await surveys.staffAnswers(q) });
    });
}

/**
 * The survey page: `GET /help/:locale/survey/:token` shows the case's survey (the token's
 * question first); `?score=N` answers it in one click (the mail's links) and comes back here;
 * `POST` takes a score or a comment from the page's forms.
 */
export function surveyPageRoutes(deps: { surveys: SurveyService; config: Config; rateLimited: MiddlewareHandler; announcements?: (locale: Locale) => Promise<Announcement[]> }) {
  const { surveys, config } = deps;
  const app = new Hono<AppEnv>();

  const page = async (c: Context, locale: Locale, body: Parameters<typeof layout>[1], status: 200 | 404 | 410 | 422 = 200) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    // The token is in the URL: never send it to another site.
    c.header('Referrer-Policy', 'no-referrer');
    const title = `${surveyStrings(locale).title} · ${config.companyName}`;
    const announcements = deps.announcements ? await deps.announcements(locale) : [];
    return c.html(layout({ locale, title, description: title, canonical: `${config.publicUrl}/help/${locale}/`, alternates: {}, noindex: true, company: config.companyName, announcements }, body), status);
  };

  const params = (c: Context) => {
    const locale = LocaleSchema.safeParse(c.req.param('locale')).data ?? null;
    const token = SurveyTokenSchema.safeParse(c.req.param('token')).data ?? null;
    return { locale, token };
  };

  const show = async (c: Context, locale: Locale, token: string | null, notice?: SurveyNotice, status: 200 | 410 | 422 = 200, chosen?: number) => {
    const s = surveyStrings(locale);
    let found: { survey: CaseSurvey; question: CaseSurvey['questions'][number]['question'] } | null = null;
    try {
      found = token ? await surveys.ofToken(token) : null;
    } catch (err) {
      if (!(err instanceof AppError && err.status === 404)) throw err;
    }
    if (!found) return page(c, locale, html`<h1>${s.title}</h1><p role="alert">${s.invalid}</p>`, 404);
    const { survey, question } = found;
    return page(c, locale, surveySection(locale, survey, { first: question, headingLevel: 1, ...(notice ? { notice } : {}), ...(chosen !== undefined ? { chosen, script: SURVEY_SCRIPT_PATH } : {}) }), status);
  };

  // A link in a mail is fetched by scanners and previews before anyone clicks it (Safe Links,
  // Mimecast, Proofpoint): GET and HEAD never record anything. `?score=N` shows the choice with
  // a Send button, which the page's script presses at once in a browser; without JavaScript it
  // is one more press.
  app.get(SURVEY_SCRIPT_PATH, (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(SURVEY_SCRIPT);
  });

  app.get('/help/:locale/survey/:token', deps.rateLimited, async (c) => {
    const { locale, token } = params(c);
    if (!locale) return c.notFound();
    const done = c.req.query('done');
    const score = c.req.query('score');
    const chosen = score !== undefined && /^\d{1,2}$/.test(score) ? Number(score) : undefined;
    return show(c, locale, token, done === 'answered' || done === 'commented' ? { kind: done } : undefined, 200, chosen);
  });

  app.post('/help/:locale/survey/:token', deps.rateLimited, async (c) => {
    const { locale, token } = params(c);
    if (!locale) return c.notFound();
    if (!token) return show(c, locale, null);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    return answer(c, locale, token, { score: form.score, comment: form.comment });
  });

  async function answer(c: Context, locale: Locale, token: string, form: { score?: unknown; comment?: unknown }) {
    const s = surveyStrings(locale);
    const comment = typeof form.comment === 'string' && form.comment.trim() ? form.comment : undefined;
    const score = typeof form.score === 'string' && /^\d{1,2}$/.test(form.score) ? Number(form.score) : form.score === undefined ? undefined : NaN;
    const parsed = check(SurveyAnswerSchema, { token, ...(score !== undefined ? { score } : {}), ...(comment !== undefined ? { comment } : {}) });
    // The signature names the question; whether the case exists and was asked it, answer() says (404).
    const question = surveys.questionOf(token);
    if (!question) return show(c, locale, null);
    if (!parsed.success) {
      const message = score === undefined && comment === undefined ? s.commentError : score !== undefined ? s.scoreError : s.commentError;
      return show(c, locale, token, { kind: 'error', question, message }, 422);
    }
    try {
      await surveys.answer(parsed.data);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.status === 404) return show(c, locale, null);
      if (err.status === 409) return show(c, locale, token, { kind: 'already', question });
      if (err.status === 410) return show(c, locale, token, { kind: 'expired', question }, 410);
      if (err.status === 422) return show(c, locale, token, { kind: 'error', question, message: parsed.data.score !== undefined ? s.scoreError : s.commentError }, 422);
      throw err;
    }
    return c.redirect(`${surveyPath(locale, token)}?done=${parsed.data.score !== undefined ? 'answered' : 'commented'}#q-${question}`, 303);
  }

  return app;
}
