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

/**
 * The highest hourly cost of a staff account, in minor units: 10,000.00 in a two-decimal
 * currency (EUR, USD). Far above any real cost, low enough that a slip (an extra 0 or 9) is
 * refused rather than summed into the analytics. `STAFF_LIMITS.hourlyCostMax` in `@ayuda/core`.
 */
export const STAFF_HOURLY_COST_MAX = 1_000_000;

/**
 * What a staff account's address must look like (zod's own email pattern, which the staff
 * schemas use), so the console says so before sending: `a@b` has no top-level domain.
 */
export const STAFF_EMAIL_PATTERN = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
