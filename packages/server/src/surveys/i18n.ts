// What the surveys say, in Spanish and English: the mail's question and the survey page.
import type { Locale, SurveyQuestion } from '@ayuda/core';

export interface SurveyStrings {
  title: string;
  /** The question, with the company's and the fast lane's names. */
  question(q: SurveyQuestion, names: { company: string; service: string }): string;
  /** The label of one score (`fastlane_worth`: 0 no, 1 yes). */
  score(q: SurveyQuestion, score: number): string;
  /** The words at the two ends of a scale, read before the numbers. */
  ends(q: SurveyQuestion): [string, string] | null;
  mailPrompt: string;
  mailMore: string;
  thanks: string;
  yourAnswer(label: string): string;
  commentLabel: string;
  commentHint: string;
  send: string;
  commentThanks: string;
  expired: string;
  invalid: string;
  already: string;
  otherQuestions: string;
  scoreError: string;
  commentError: string;
  caseLink: string;
  chosen(label: string): string;
  confirm: string;
  allDone: string;
}

const es: SurveyStrings = {
  title: 'Tu opinión',
  question: (q, n) =>
    ({
      csat: '¿Cómo valorarías la atención que has recibido?',
      ces: `«${n.company} me lo puso fácil para resolver mi problema». ¿Estás de acuerdo?`,
      fastlane_worth: `¿Ha merecido la pena lo que pagaste por ${n.service}?`,
      nps: `¿Qué probabilidad hay de que recomiendes ${n.company} a un amigo o colega?`,
    })[q],
  score: (q, s) => (q === 'fastlane_worth' ? (s === 1 ? 'Sí' : 'No') : String(s)),
  ends: (q) =>
    ({
      csat: ['1: muy insatisfecho', '5: muy satisfecho'] as [string, string],
      ces: ['1: totalmente en desacuerdo', '7: totalmente de acuerdo'] as [string, string],
      nps: ['0: nada probable', '10: muy probable'] as [string, string],
      fastlane_worth: null,
    })[q],
  mailPrompt: 'Contesta con un clic:',
  mailMore: 'Todas las preguntas',
  thanks: '¡Gracias! Hemos guardado tu respuesta.',
  yourAnswer: (l) => `Tu respuesta: ${l}`,
  commentLabel: '¿Quieres contarnos algo más? (opcional)',
  commentHint: 'Lo leerá el equipo; no abre una consulta nueva.',
  send: 'Enviar',
  commentThanks: 'Gracias por tu comentario.',
  expired: 'Esta encuesta ya está cerrada.',
  invalid: 'Este enlace de encuesta no es válido. Usa el del correo o el de la página de tu consulta.',
  already: 'Esta pregunta ya tenía respuesta; no se puede cambiar.',
  otherQuestions: 'Si tienes un momento más',
  scoreError: 'Elige una puntuación.',
  commentError: 'Escribe tu comentario (hasta 2000 caracteres).',
  caseLink: 'Ver mi consulta',
  chosen: (l) => `Has elegido: ${l}`,
  confirm: 'Enviar mi respuesta',
  allDone: 'Has respondido a todo. ¡Gracias!',
};

const en: SurveyStrings = {
  title: 'Your feedback',
  question: (q, n) =>
    ({
      csat: 'How would you rate the support you received?',
      ces: `“${n.company} made it easy to handle my issue.” Do you agree?`,
      fastlane_worth: `Was ${n.service} worth what you paid?`,
      nps: `How likely are you to recommend ${n.company} to a friend or colleague?`,
    })[q],
  score: (q, s) => (q === 'fastlane_worth' ? (s === 1 ? 'Yes' : 'No') : String(s)),
  ends: (q) =>
    ({
      csat: ['1: very dissatisfied', '5: very satisfied'] as [string, string],
      ces: ['1: strongly disagree', '7: strongly agree'] as [string, string],
      nps: ['0: not at all likely', '10: extremely likely'] as [string, string],
      fastlane_worth: null,
    })[q],
  mailPrompt: 'Answer with one click:',
  mailMore: 'All the questions',
  thanks: 'Thank you! Your answer is saved.',
  yourAnswer: (l) => `Your answer: ${l}`,
  commentLabel: 'Anything else you want to tell us? (optional)',
  commentHint: 'The team reads it; it does not open a new request.',
  send: 'Send',
  commentThanks: 'Thank you for your comment.',
  expired: 'This survey has closed.',
  invalid: 'This survey link is not valid. Use the one from the mail or from your request’s page.',
  already: 'This question was answered already; the answer cannot be changed.',
  otherQuestions: 'If you have another moment',
  scoreError: 'Choose a score.',
  commentError: 'Write your comment (up to 2000 characters).',
  caseLink: 'View my request',
  chosen: (l) => `You chose: ${l}`,
  confirm: 'Send my answer',
  allDone: 'You have answered everything. Thank you!',
};

export const surveyStrings = (locale: Locale): SurveyStrings => (locale === 'es' ? es : en);
