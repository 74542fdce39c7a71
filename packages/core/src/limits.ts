// Limits on what a customer can send, without zod, so browser code can import them
// (`@ayuda/core/limits`).

/** Every limit on what a customer can send. Docs and code read this one object. */
export const CASE_LIMITS = {
  nameMax: 100,
  emailMax: 254,
  subjectMin: 3,
  subjectMax: 200,
  descriptionMin: 10,
  descriptionMax: 20_000,
  replyMax: 20_000,
  attachmentsMax: 5,
  attachmentBytesMax: 10 * 1024 * 1024,
  filenameMax: 200,
  /** Types accepted, checked against the file's content, not its name. */
  attachmentTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'],
  idempotencyKeyMax: 200,
} as const;

export { SEARCH_COUNT_UP_TO } from './search-count.js';
