// Domain errors and their application/problem+json form. Services throw these; the one
// error handler in app.ts turns them (and anything unexpected) into responses.
import type { ZodType, z } from 'zod';
import { NUL_MESSAGE, PROBLEM_TYPES, nulPaths, problemTypeUri, type FieldError, type Problem } from '@ayuda/core';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly typeKey: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
    /** Extension members of the problem (RFC 9457 §3.2), e.g. the free `slots` of a booking conflict. */
    readonly extensions?: Omit<Partial<Problem>, 'type' | 'title' | 'status' | 'detail' | 'instance' | 'errors' | 'requestId'>,
  ) {
    super(detail ?? title);
  }

  toProblem(instance?: string, requestId?: string): Problem {
    return {
      type: problemTypeUri(this.typeKey),
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(this.errors?.length ? { errors: this.errors } : {}),
      ...(requestId ? { requestId } : {}),
      ...this.extensions,
    };
  }
}

export const notFound = (detail = 'Nothing exists at this address.') =>
  new AppError(404, PROBLEM_TYPES.notFound, 'Not found', detail);

export const unauthorized = (detail: string) =>
  new AppError(401, PROBLEM_TYPES.unauthorized, 'Unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer realm="ayuda"' });

export function validationError(errors: FieldError[], status = 400, detail = 'Some fields are not valid; see errors.') {
  return new AppError(status, PROBLEM_TYPES.validation, 'Invalid request', detail, errors);
}

export interface Issue {
  path: Array<string | number>;
  message: string;
}

/**
 * `schema.safeParse`, plus one rule for every field: text that still holds U+0000 after
 * parsing is refused, because PostgreSQL cannot store it (a schema may clean it first, as
 * search queries do). Forms that render their own errors use this; the API uses parseOrThrow.
 */
export function check<S extends ZodType>(schema: S, data: unknown): { success: true; data: z.infer<S> } | { success: false; issues: Issue[] } {
  const r = schema.safeParse(data);
  if (!r.success) return { success: false, issues: r.error.issues.map((i) => ({ path: i.path.map((k) => (typeof k === 'number' ? k : String(k))), message: i.message })) };
  const nul = nulPaths(r.data);
  if (nul.length) return { success: false, issues: nul.map((path) => ({ path, message: NUL_MESSAGE })) };
  return { success: true, data: r.data };
}

export function fieldErrors(issues: Issue[], where: string): FieldError[] {
  return issues.map((i) => ({
    field: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
}

/** Parses `data` with `schema` or throws a validation problem naming each field under `where`. */
export function parseOrThrow<S extends ZodType>(schema: S, data: unknown, where: 'query' | 'params' | 'body'): z.infer<S> {
  const r = check(schema, data);
  if (r.success) return r.data;
  throw validationError(fieldErrors(r.issues, where), where === 'body' ? 422 : 400);
}
