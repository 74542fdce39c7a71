// The OpenAPI 3.1 document, built from the same zod schemas that validate requests.
import { z } from 'zod';
import { API_PREFIX, ENDPOINTS, ProblemSchema, type Endpoint } from '@ayuda/core';

const schemaOf = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' });

function parameters(e: Endpoint) {
  const out: object[] = [];
  for (const [where, schema] of [['path', e.params], ['query', e.query]] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: prop });
    }
  }
  return out;
}

export function openApiDocument(serverUrl: string, version: string) {
  const problem = { description: 'Problem details', content: { 'application/problem+json': { schema: schemaOf(ProblemSchema, 'output') } } };
  const paths: Record<string, Record<string, object>> = {};
  for (const [operationId, e] of Object.entries(ENDPOINTS) as Array<[string, Endpoint]>) {
    const path = API_PREFIX + e.path;
    paths[path] ??= {};
    paths[path][e.method] = {
      operationId,
      summary: e.summary,
      ...(e.staff ? { security: [{ staffToken: [] }] } : e.customer ? { security: [{ customerSession: [] }] } : {}),
      parameters: [
        ...parameters(e),
        ...(e.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', maxLength: 200 }, description: 'Unique per create; reuse it only to retry the same request.' }] : []),
      ],
      ...(e.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(e.body, 'input') } } } } : {}),
      responses: {
        [String(e.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: schemaOf(e.response, 'output') } } },
        '400': problem,
        ...(e.body ? { '415': problem, '422': problem } : {}),
        ...(e.staff || e.customer ? { '401': problem } : {}),
        '404': problem,
        '429': problem,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Ayuda API', version, description: 'Knowledge base, search, analytics, cases and the fast lane. Errors are RFC 9457 problem details.' },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        staffToken: { type: 'http', scheme: 'bearer', description: 'A staff API token (`npx ayuda staff token create --name ...`).' },
        customerSession: { type: 'http', scheme: 'bearer', description: 'A fast-lane session token from /fastlane/verify or /fastlane/identity (or its HttpOnly cookie).' },
      },
    },
    paths,
  };
}
