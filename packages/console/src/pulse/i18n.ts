// The agent pulse's words (its own chunk, loaded after the queue shows).
export interface PulseStrings {
  heading: string;
  question: string;
  scores: [string, string, string, string, string];
  comment: string;
  /** On a phone, the button that shows the comment field. */
  addComment: string;
  anonymous: (floor: number) => string;
  send: string;
  sending: string;
  later: string;
  thanks: string;
  pickScore: string;
  failed: string;
  report: string;
  reportIntro: (floor: number) => string;
  from: string;
  to: string;
  show: string;
  loading: string;
  week: string;
  weekOf: (date: string) => string;
  answers: string;
  mean: string;
  spread: string;
  spreadCell: (counts: number[]) => string;
  belowFloor: string;
  underWay: string;
  noAnswers: string;
  created: string;
  solved: string;
  replies: string;
  comments: (week: string, n: number) => string;
  noComments: string;
  noWeeks: string;
}

export const es: PulseStrings = {
  heading: 'Pulso semanal (anónimo)',
  question: '¿Qué tal tu semana con la cola?',
  scores: ['1: muy mala', '2: mala', '3: normal', '4: buena', '5: muy buena'],
  comment: 'Comentario (opcional)',
  addComment: 'Añadir un comentario',
  anonymous: (floor) => `Anónimo: nadie puede ver quién respondió qué, y los resultados de una semana solo se muestran con ${floor} respuestas o más.`,
  send: 'Enviar',
  sending: 'Enviando…',
  later: 'Ahora no',
  thanks: 'Gracias. Tu respuesta es anónima.',
  pickScore: 'Elige del 1 al 5.',
  failed: 'No se pudo enviar. Inténtalo de nuevo.',
  report: 'Pulso del equipo',
  reportIntro: (floor) => `Cómo vivió el equipo cada semana con la cola («¿Qué tal tu semana?», de 1 a 5), junto a la carga de trabajo. Las respuestas son anónimas; la media, el reparto y los comentarios de una semana se muestran solo con ${floor} respuestas o más.`,
  from: 'Desde',
  to: 'Hasta',
  show: 'Mostrar',
  loading: 'Cargando…',
  week: 'Semana',
  weekOf: (d) => `Semana del ${d}`,
  answers: 'Respuestas',
  mean: 'Media (1-5)',
  spread: 'Reparto 1 · 2 · 3 · 4 · 5',
  spreadCell: (c) => c.join(' · '),
  belowFloor: 'Pocas respuestas',
  underWay: 'Semana en curso',
  noAnswers: 'Sin respuestas',
  created: 'Casos nuevos',
  solved: 'Casos resueltos',
  replies: 'Respuestas enviadas',
  comments: (w, n) => `Comentarios de la semana del ${w} (${n})`,
  noComments: 'Sin comentarios.',
  noWeeks: 'Ninguna semana en este periodo.',
};

export const en: PulseStrings = {
  heading: 'Weekly pulse (anonymous)',
  question: 'How was your week with the queue?',
  scores: ['1: very bad', '2: bad', '3: so-so', '4: good', '5: very good'],
  comment: 'Comment (optional)',
  addComment: 'Add a comment',
  anonymous: (floor) => `Anonymous: nobody can see who answered what, and a week's results show only from ${floor} answers.`,
  send: 'Send',
  sending: 'Sending…',
  later: 'Not now',
  thanks: 'Thank you. Your answer is anonymous.',
  pickScore: 'Choose from 1 to 5.',
  failed: 'It could not be sent. Please try again.',
  report: 'Team pulse',
  reportIntro: (floor) => `How the team found each week with the queue ("How was your week?", 1 to 5), next to the workload. Answers are anonymous; a week's mean, spread and comments show only from ${floor} answers.`,
  from: 'From',
  to: 'To',
  show: 'Show',
  loading: 'Loading…',
  week: 'Week',
  weekOf: (d) => `Week of ${d}`,
  answers: 'Answers',
  mean: 'Mean (1-5)',
  spread: 'Spread 1 · 2 · 3 · 4 · 5',
  spreadCell: (c) => c.join(' · '),
  belowFloor: 'Too few answers',
  underWay: 'Week under way',
  noAnswers: 'No answers',
  created: 'New cases',
  solved: 'Cases solved',
  replies: 'Replies sent',
  comments: (w, n) => `Comments, week of ${w} (${n})`,
  noComments: 'No comments.',
  noWeeks: 'No weeks in this period.',
};

export const strings = { es, en } as const;
