// Rules every input obeys whatever its field: what PostgreSQL cannot store, and how search
// text is cleaned. Pure functions, shared by the server's validation and any client.

/** PostgreSQL `text` cannot hold U+0000, so no text field accepts it. */
export const NUL_MESSAGE = 'must not contain the NUL character';

/** The largest value of a PostgreSQL `integer` (ids, amounts): 2^31 - 1. */
export const INT4_MAX = 2_147_483_647;

/**
 * The paths of the strings in `value` (object keys included) that contain U+0000, e.g.
 * `[['events', 0, 'query']]`. Walks plain objects and arrays only.
 */
export function nulPaths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value === 'string') return value.includes('\0') ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nulPaths(v, [...at, i]));
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return [];
  return Object.entries(value).flatMap(([k, v]) => (k.includes('\0') ? [[...at, k]] : nulPaths(v, [...at, k])));
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `s` with each lone surrogate (which JSON's `\uD800` escapes can make, and UTF-8 cannot
 * encode) replaced by U+FFFD, as storing it in a text column would; `jsonb` refuses it instead.
 */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

// C0 and C1 controls (NUL, tab, newline, escape, DEL, …); none of them means anything in a
// search query and NUL cannot be stored with the query's analytics.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]+/g;

/**
 * Search text as the engine and the analytics see it: each run of control characters reads
 * as one space, and the ends are trimmed. A search box cannot type them, so a query that carries one
 * is answered for its words rather than refused.
 */
export function searchText(q: string): string {
  return q.replace(CONTROLS, ' ').trim();
}
