// Reading problem details in tests: the status, media type and `type` checked in one call, and
// the fields an answer's `errors` name.
import { expect } from 'vitest';

export interface TestProblem {
  type: string;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
}

/** Expects `res` to be an application/problem+json answer of `status` and `type` (its short name), and returns its body. */
export async function expectProblem(res: Response, status: number, type: string): Promise<TestProblem> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const p = (await res.json()) as TestProblem;
  expect(p.type).toBe(`https://ayuda.dev/problems/${type}`);
  return p;
}

/** The fields a problem's `errors` name, each once, sorted. */
export const problemFields = (p: { errors?: Array<{ field: string }> }): string[] => [...new Set((p.errors ?? []).map((e) => e.field))].sort();
