// Surveys after a case (issue 15, item 1). When a case is solved its customer is asked, in the
// case's language: CSAT (1-5), CES (1-7), for fast-lane cases whether the fast lane was worth
// its price, and NPS (0-10) when they were not asked it in the last AYUDA_NPS_INTERVAL_DAYS.
// The questions asked are recorded (survey_invitations); each is answered once, through a
// signed token (tokens.ts), from the mail, the tracking page or the widget, and then takes one
// comment. Answers keep the case's lane, category and assignee of that moment.
import {
  PROBLEM_TYPES,
  SURVEY_QUESTIONS,
  SURVEY_SCALES,
  type CaseSurvey,
  type CaseLane as Lane,
  type Locale,
  type StaffSurveyAnswer,
  type SurveyAnswerInput,
  type SurveyQuestion,
} from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import { AppError, notFound, validationError } from '../http/problem.js';
import { SurveyTokens } from './tokens.js';
import * as store from './store.js';

export const SURVEY_DEFAULTS = {
  /** Days a survey's links work after the case is solved. */
  ttlDays: 30,
} as const;

/** What the surveys need to know of a case. */
export interface SurveyCase {
  id: number;
  reference: string;
  locale: string;
  lane: string;
  status: string;
  category: string | null;
  customerId: number;
  assignee: string | null;
  assigneeId: number | null;
}

/** The cases the surveys read: by tracking token (tracking page, widget) and by id (a survey token). */
export interface SurveyCases {
  byTrackingToken(token: string): Promise<SurveyCase | null>;
  byId(id: number): Promise<SurveyCase | null>;
}

/** The links of a survey for a mail: one per score of the first question, and the page with all of them. */
export interface SurveyMail {
  question: SurveyQuestion;
  /** The company's and the fast lane's names in the case's language (the questions speak of them). */
  names: { company: string; service: string };
  scores: Array<{ score: number; url: string }>;
  pageUrl: string;
}

const SOLVED = new Set(['solved', 'closed']);
const DAY_MS = 86_400_000;

export class SurveyService {
  readonly #tokens: SurveyTokens;

  constructor(private readonly deps: { db: Database; clock: Clock; secret: string; npsIntervalDays: number; cases: SurveyCases; names: (locale: Locale) => { company: string; service: string } }) {
    this.#tokens = new SurveyTokens(deps.secret);
  }

  /** The survey page of a token, on `base` (an origin). `score` answers it in one click. */
  pageUrl(base: string, locale: string, token: string, score?: number): string {
    return `${base}/help/${locale}/survey/${token}${score === undefined ? '' : `?score=${score}`}`;
  }

  /**
   * Asks the customer of a case that is being solved (in the solving transaction): records the
   * questions and answers the mail's links, or null when every question was answered already
   * (a case solved again after a reopen asks only what is still open).
   */
  async invite(tx: Tx, c: Pick<SurveyCase, 'id' | 'lane' | 'customerId' | 'locale'>, base: string, now: Date): Promise<SurveyMail | null> {
    const answered = new Set((await store.answersOf(tx, c.id)).map((a) => a.question));
    const asked = new Set((await store.invitationsOf(tx, c.id)).map((i) => i.question));
    const questions: SurveyQuestion[] = ['csat', 'ces'];
    if (c.lane === 'fast') questions.push('fastlane_worth');
    const lastNps = asked.has('nps') ? now : await store.lastNpsInvitation(tx, c.customerId);
    if (asked.has('nps') || !lastNps || now.getTime() - lastNps.getTime() >= this.deps.npsIntervalDays * DAY_MS) questions.push('nps');
    const open = questions.filter((q) => !answered.has(q));
    if (!open.length) return null;
    await store.invite(tx, c.id, c.customerId, open, now);
    const first = open[0]!;
    const token = this.#token(c.id, first, now);
    const { min, max } = SURVEY_SCALES[first];
    return {
      question: first,
      names: this.deps.names(c.locale as Locale),
      scores: Array.from({ length: max - min + 1 }, (_, i) => ({ score: min + i, url: this.pageUrl(base, c.locale, token, min + i) })),
      pageUrl: this.pageUrl(base, c.locale, token),
    };
  }

  #token(caseId: number, question: SurveyQuestion, sentAt: Date): string {
    return this.#tokens.make({ caseId, question, expS: Math.floor((sentAt.getTime() + SURVEY_DEFAULTS.ttlDays * DAY_MS) / 1000) });
  }

  /** The survey of a case by its tracking token (404 for an unknown token). */
  async ofTrackingToken(token: string): Promise<CaseSurvey> {
    const c = await this.deps.cases.byTrackingToken(token);
    if (!c) throw notFound('No case has this tracking link.');
    return this.#state(c);
  }

  /** The survey a survey token belongs to (404 when forged or for a case that is gone; expired ones still show, read-only). */
  async ofToken(token: string): Promise<{ survey: CaseSurvey; question: SurveyQuestion; expired: boolean }> {
    const { survey, question, expired } = await this.#open(token);
    return { survey, question, expired };
  }

  /** The question a well-signed token answers (its signature only: no reading), else null. */
  questionOf(token: string): SurveyQuestion | null {
    return this.#tokens.open(token)?.question ?? null;
  }

  async #open(token: string) {
    const claims = this.#tokens.open(token);
    const c = claims ? await this.deps.cases.byId(claims.caseId) : null;
    if (!claims || !c) throw invalidLink();
    const survey = await this.#state(c);
    const state = survey.questions.find((q) => q.question === claims.question);
    if (!state) throw invalidLink();
    return { c, survey, state, question: claims.question, expired: claims.expS * 1000 <= this.deps.clock.now().getTime() };
  }

  async #state(c: SurveyCase): Promise<CaseSurvey> {
    const db = this.deps.db.db;
    const base = { reference: c.reference, locale: c.locale as Locale, lane: c.lane as Lane, names: this.deps.names(c.locale as Locale) };
    if (!SOLVED.has(c.status)) return { ...base, expiresAt: null, open: false, questions: [] };
    const [invitations, answers] = await Promise.all([store.invitationsOf(db, c.id), store.answersOf(db, c.id)]);
    if (!invitations.length) return { ...base, expiresAt: null, open: false, questions: [] };
    const now = this.deps.clock.now().getTime();
    const byQuestion = new Map(answers.map((a) => [a.question, a]));
    const order = (q: SurveyQuestion) => SURVEY_QUESTIONS.indexOf(q);
    const questions = [...invitations].sort((a, b) => order(a.question) - order(b.question));
    const expiresAt = Math.max(...invitations.map((i) => i.sentAt.getTime() + SURVEY_DEFAULTS.ttlDays * DAY_MS));
    return {
      ...base,
      expiresAt: new Date(expiresAt).toISOString(),
      open: expiresAt > now,
      questions: questions.map((i) => {
        const a = byQuestion.get(i.question);
        const live = i.sentAt.getTime() + SURVEY_DEFAULTS.ttlDays * DAY_MS > now;
        return {
          question: i.question,
          token: this.#token(c.id, i.question, i.sentAt),
          ...SURVEY_SCALES[i.question],
          answer: a ? { score: a.score, comment: a.comment, answeredAt: a.answeredAt.toISOString() } : null,
          canComment: !!a && a.comment === null && live,
        };
      }),
    };
  }

  /**
   * Records an answer, a comment on it, or both (one transaction). A forged token or one for a
   * question the case was not asked is 404; an expired one 410; a second answer or comment 409;
   * a score off the question's scale 422.
   */
  async answer(input: SurveyAnswerInput): Promise<CaseSurvey> {
    const { c, state, question, expired } = await this.#open(input.token);
    if (expired) throw new AppError(410, PROBLEM_TYPES.expired, 'Survey closed', `This survey closed ${SURVEY_DEFAULTS.ttlDays} days after the case was solved.`);
    const { min, max } = SURVEY_SCALES[question];
    if (input.score !== undefined && (input.score < min || input.score > max)) throw validationError([{ field: 'body.score', message: `must be between ${min} and ${max} for this question` }], 422);
    if (input.score === undefined && !state.answer) throw validationError([{ field: 'body.score', message: 'answer the question before adding a comment' }], 422);
    const now = this.deps.clock.now();
    await this.deps.db.db.transaction(async (tx) => {
      if (input.score !== undefined) {
        const row = await store.insertAnswer(tx, {
          caseId: c.id,
          question,
          score: input.score,
          comment: input.comment ?? null,
          commentedAt: input.comment === undefined ? null : now,
          lane: c.lane,
          category: c.category,
          agentId: c.assigneeId,
          agent: c.assignee,
          customerId: c.customerId,
          locale: c.locale,
          answeredAt: now,
        });
        if (!row) throw new AppError(409, PROBLEM_TYPES.conflict, 'Already answered', 'This question was answered already; an answer cannot be changed.');
      } else if (input.comment !== undefined) {
        const row = await store.addComment(tx, c.id, question, input.comment, now);
        if (!row) throw new AppError(409, PROBLEM_TYPES.conflict, 'Comment already sent', 'This answer has a comment already.');
      }
    });
    return this.#state(c);
  }

  async staffAnswers(q: { from?: string | undefined; to?: string | undefined; lane?: Lane | undefined; question?: SurveyQuestion | undefined; limit: number }): Promise<StaffSurveyAnswer[]> {
    const rows = await store.answersIn(this.deps.db.db, { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });
    return rows.map((r) => ({ ...r, question: r.question as SurveyQuestion, lane: r.lane as Lane, locale: r.locale as Locale, answeredAt: r.answeredAt.toISOString() }));
  }
}

const invalidLink = () => notFound('This survey link is not valid: use the link from the mail, or the one on the tracking page.');
