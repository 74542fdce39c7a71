// The survey's strings (es, en), in its own chunk: only a solved case's page loads them.
import type { SurveyQuestion } from '@ayuda/client';

export interface SurveyStrings {
  heading: string;
  question(q: SurveyQuestion, names: { company: string; service: string }): string;
  /** The words at the ends of a scale; null for yes/no. */
  ends(q: SurveyQuestion): [string, string] | null;
  score(q: SurveyQuestion, n: number): string;
  yourAnswer: string;
  commentLabel: string;
  commentHint: string;
  send: string;
  sending: string;
  thanks: string;
  commentThanks: string;
  already: string;
  closed: string;
  commentEmpty: string;
  commentLong: string;
  failed: string;
}

const es: SurveyStrings = {
  heading: 'Tu opinión',
  question: (q, n) =>
    ({
      csat: '¿Cómo valorarías la atención que has recibido?',
      ces: `«${n.company} me lo puso fácil para resolver mi problema». ¿Estás de acuerdo?`,
      fastlane_worth: `¿Ha merecido la pena lo que pagaste por ${n.service}?`,
      nps: `¿Qué probabilidad hay de que recomiendes ${n.company} a un amigo o colega?`,
    })[q],
  ends: (q) => ({ csat: ['1: muy insatisfecho', '5: muy satisfecho'], ces: ['1: totalmente en desacuerdo', '7: totalmente de acuerdo'], nps: ['0: nada probable', '10: muy probable'], fastlane_worth: null })[q] as [string, string] | null,
  score: (q, n) => (q === 'fastlane_worth' ? (n === 1 ? 'Sí' : 'No') : String(n)),
  yourAnswer: 'Tu respuesta: {answer}',
  commentLabel: '¿Quieres contarnos algo más? (opcional)',
  commentHint: 'Lo leerá el equipo; no abre una consulta nueva.',
  send: 'Enviar comentario',
  sending: 'Enviando…',
  thanks: '¡Gracias! Hemos guardado tu respuesta.',
  commentThanks: 'Gracias por tu comentario.',
  already: 'Esta pregunta ya tenía respuesta; no se puede cambiar.',
  closed: 'Esta encuesta ya está cerrada.',
  commentEmpty: 'Escribe tu comentario.',
  commentLong: 'El comentario puede tener hasta {max} caracteres.',
  failed: 'No hemos podido guardar tu respuesta. Inténtalo de nuevo.',
};

const en: SurveyStrings = {
  heading: 'Your feedback',
  question: (q, n) =>
    ({
      csat: 'How would you rate the support you received?',
      ces: `“${n.company} made it easy to handle my issue.” Do you agree?`,
      fastlane_worth: `Was ${n.service} worth what you paid?`,
      nps: `How likely are you to recommend ${n.company} to a friend or colleague?`,
    })[q],
  ends: (q) => ({ csat: ['1: very dissatisfied', '5: very satisfied'], ces: ['1: strongly disagree', '7: strongly agree'], nps: ['0: not at all likely', '10: extremely likely'], fastlane_worth: null })[q] as [string, string] | null,
  score: (q, n) => (q === 'fastlane_worth' ? (n === 1 ? 'Yes' : 'No') : String(n)),
  yourAnswer: 'Your answer: {answer}',
  commentLabel: 'Anything else you want to tell us? (optional)',
  commentHint: 'The team reads it; it does not open a new request.',
  send: 'Send comment',
  sending: 'Sending…',
  thanks: 'Thank you! Your answer is saved.',
  commentThanks: 'Thank you for your comment.',
  already: 'This question was answered already; the answer cannot be changed.',
  closed: 'This survey has closed.',
  commentEmpty: 'Write your comment.',
  commentLong: 'The comment can be up to {max} characters long.',
  failed: 'We could not save your answer. Please try again.',
};

export const surveyStrings = (locale: string): SurveyStrings => (locale === 'en' ? en : es);
