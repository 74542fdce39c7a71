// The OpenAPI document: every operation says who may call it and what each successful answer
// holds (no bare object), and it passes Redocly's recommended rules.
import { describe, expect, it } from 'vitest';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { ENDPOINTS } from '@ayuda/core';
import { openApiDocument } from './openapi.js';

type Operation = { operationId: string; security?: unknown[]; responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }> };
const doc = openApiDocument('https://help.nubefibra.es/api/v1', '0.0.0-test');
const operations = Object.values(doc.paths).flatMap((p) => Object.values(p) as Operation[]);

/** A schema that says nothing about what is in it: `{}`, `{type: object}` without properties, or an open record. */
function isBare(s: Record<string, unknown> | undefined): boolean {
  if (!s || Object.keys(s).length === 0) return true;
  if (s.$ref || s.anyOf || s.oneOf || s.allOf) return false;
  if (s.type === 'string' && s.format === 'binary') return false;
  return s.type === 'object' && !s.properties;
}

describe('OpenAPI document', () => {
  it('covers every endpoint of the table', () => {
    expect(operations.map((o) => o.operationId).sort()).toEqual(Object.keys(ENDPOINTS).sort());
  });

  it('declares security on every operation (public ones with an empty list)', () => {
    for (const o of operations) expect(o.security, o.operationId).toBeInstanceOf(Array);
    const byId = Object.fromEntries(operations.map((o) => [o.operationId, o.security]));
    expect(byId.search).toEqual([]);
    expect(byId.staffQueue).toEqual([{ staffToken: [] }, { staffCookie: [] }]);
    expect(byId.staffAudit).toEqual([{ staffToken: [] }, { staffCookie: [] }]);
    expect(byId.staffSession).toEqual([{ staffCookie: [] }]);
    expect(byId.staffSignIn).toEqual([]);
    expect(byId.fastlaneOffer).toEqual([{ customerToken: [] }, { customerCookie: [] }]);
  });

  it('documents what staff endpoints may refuse: 403 for agents on admins’ ones, the CSRF header on changes', () => {
    type Op = Operation & { parameters: Array<{ name: string }> };
    const byId = Object.fromEntries(operations.map((o) => [o.operationId, o as Op]));
    expect(Object.keys(byId.staffAudit!.responses)).toContain('403');
    expect(byId.staffCreateUser!.parameters.map((p) => p.name)).toContain('X-CSRF-Token');
    expect(byId.staffQueue!.parameters.map((p) => p.name)).not.toContain('X-CSRF-Token');
    expect(byId.staffSignIn!.parameters.map((p) => p.name)).not.toContain('X-CSRF-Token');
    expect(Object.keys(byId.staffSignIn!.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '423', '429']));
  });

  it('gives every successful answer with a body a schema that is not a bare object', () => {
    for (const o of operations) {
      const ok = Object.entries(o.responses).filter(([s]) => /^2/.test(s));
      expect(ok.length, o.operationId).toBeGreaterThan(0);
      for (const [status, r] of ok) {
        if (status === '204') continue;
        const content = Object.values(r.content ?? {});
        expect(content.length, `${o.operationId} ${status} has no content`).toBeGreaterThan(0);
        for (const c of content) expect(isBare(c.schema), `${o.operationId} ${status} has a bare schema`).toBe(false);
      }
    }
  });

  it('passes Redocly’s recommended rules without errors or warnings', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const found = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`);
    expect(found).toEqual([]);
  });
});
