// The OpenAPI 3.1 document, built from the endpoint table of @ayuda/core: the same zod schemas
// that validate requests and answers.
import { z } from 'zod';
import { API_PREFIX, CASE_LIMITS, ENDPOINTS, ProblemSchema, type Endpoint, type EndpointAuth, type EndpointResponse } from '@ayuda/core';

const schemaOf = (s: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return json;
};

function parameters(e: Endpoint) {
  const out: object[] = [];
  for (const [where, schema] of [['path', e.params], ['query', e.query]] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input') as { properties?: Record<string, { description?: string }>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), ...(prop.description ? { description: prop.description } : {}), schema: prop });
    }
  }
  return out;
}

const customer = [{ customerToken: [] }, { customerCookie: [] }];
const staff = [{ staffToken: [] }, { staffCookie: [] }];
/** Who may call: OpenAPI's `security` for each kind of endpoint (`[]`: no credentials needed). */
const SECURITY: Record<EndpointAuth, object[]> = {
  public: [],
  stripe: [],
  staff,
  admin: staff,
  'staff-session': [{ staffCookie: [] }],
  // Anyone; with the session cookie, it acts on the signed-in person.
  'optional-staff-session': [{}, { staffCookie: [] }],
  customer,
  // Anyone, and a customer session shows more: `{}` makes the credentials optional.
  'optional-customer': [{}, ...customer],
};

/** The least staff role an endpoint needs (`x-ayuda-role` in the document); none for endpoints that are not staff-only. */
const ROLE: Partial<Record<EndpointAuth, 'agent' | 'admin'>> = { staff: 'agent', 'staff-session': 'agent', admin: 'admin' };

function success(r: EndpointResponse) {
  if (r === null) return { description: 'No content' };
  if ('file' in r) return { description: r.description, content: { [r.type ?? 'application/octet-stream']: { schema: { type: 'string', format: 'binary' } } } };
  if ('eventStream' in r) {
    // OpenAPI 3.1 cannot describe the events of a stream; each event's data schema goes in the
    // description, as JSON Schema, so the document stays the one reference.
    const events = Object.entries(r.eventStream).map(([name, s]) => `- \`event: ${name}\`, data: \`${JSON.stringify(schemaOf(s, 'output'))}\``);
    return { description: `${r.description}\n\n${events.join('\n')}`, content: { 'text/event-stream': { schema: { type: 'string', description: 'A stream of server-sent events (`event:`, `data:`, `id:` lines).' } } } };
  }
  return { description: r.description ?? 'OK', content: { 'application/json': { schema: schemaOf(r, 'output') } } };
}

function requestBody(e: Endpoint) {
  if (!e.body) return {};
  const json = schemaOf(e.body, 'input');
  const content: Record<string, object> = { 'application/json': { schema: json } };
  if (e.multipart) {
    const props = (json.properties ?? {}) as Record<string, object>;
    content['multipart/form-data'] = {
      schema: {
        ...json,
        properties: {
          ...props,
          attachments: { type: 'array', maxItems: CASE_LIMITS.attachmentsMax, items: { type: 'string', format: 'binary' }, description: `Up to ${CASE_LIMITS.attachmentsMax} files of ${CASE_LIMITS.attachmentBytesMax / 1024 / 1024} MB each (${CASE_LIMITS.attachmentTypes.join(', ')}).` },
        },
      },
    };
  }
  return { requestBody: { required: true, content } };
}

export function openApiDocument(serverUrl: string, version: string) {
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
  const paths: Record<string, Record<string, object>> = {};
  for (const [operationId, e] of Object.entries(ENDPOINTS) as Array<[string, Endpoint]>) {
    const path = API_PREFIX + e.path;
    const signedIn = e.auth === 'staff' || e.auth === 'admin' || e.auth === 'staff-session' || e.auth === 'customer';
    // The staff session cookie is not enough to change anything: its CSRF token must come along.
    const csrf = e.method !== 'get' && (e.auth === 'staff' || e.auth === 'admin' || e.auth === 'staff-session' || e.auth === 'optional-staff-session');
    const forbidden = [
      e.auth === 'admin' ? 'The caller is not an admin: an agent’s session or an agent token (problem `forbidden`)' : '',
      e.auth === 'staff' && e.method !== 'get' ? 'Not allowed to this staff member: another person’s entry, or an endpoint that needs a signed-in staff user rather than an API token (problem `forbidden`)' : '', csrf ? 'Authenticated by the session cookie without its `X-CSRF-Token` (problem `csrf-failed`)' : '', e.problems?.[403] ?? ''].filter(Boolean);
    paths[path] ??= {};
    paths[path][e.method] = {
      operationId,
      summary: e.summary,
      tags: [tagOf(e.path)],
      security: SECURITY[e.auth],
      // The least staff role that may call it, for tools and tests: `admin` endpoints refuse agents with 403.
      ...(ROLE[e.auth] ? { 'x-ayuda-role': ROLE[e.auth] } : {}),
      parameters: [
        ...parameters(e),
        ...(e.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: e.idempotent === true, schema: { type: 'string', maxLength: CASE_LIMITS.idempotencyKeyMax }, description: 'Unique per create; reuse it only to retry the same request.' }] : []),
        ...(e.auth === 'stripe' ? [{ name: 'Stripe-Signature', in: 'header', required: true, schema: { type: 'string' }, description: 'Stripe’s signature of the raw body; a body it does not sign is refused.' }] : []),
        ...(e.ifMatch ? [{ name: 'If-Match', in: 'header', required: false, schema: { type: 'string', maxLength: 20 }, description: 'The section’s `version` the change was made from (a number, optionally quoted); a version that is no longer current answers 412 `precondition-failed`. Without it, the change is applied whatever the version.' }] : []),
        ...(csrf ? [{ name: 'X-CSRF-Token', in: 'header', required: false, schema: { type: 'string' }, description: 'The session’s `csrfToken`: required with the staff session cookie, not with a staff API token.' }] : []),
      ],
      ...requestBody(e),
      responses: {
        ...Object.fromEntries(Object.entries(e.responses).map(([status, r]) => [status, success(r as EndpointResponse)])),
        '400': problem('The request is malformed'),
        ...(e.body ? { '413': problem('The body is too large'), '415': problem('The body is not of a supported type') } : {}),
        ...(e.body || e.problems?.[422] ? { '422': problem(e.problems?.[422] ?? 'A field is not valid; `errors` names each one') } : {}),
        ...(signedIn || e.problems?.[401] ? { '401': problem(e.problems?.[401] ?? 'No valid credentials') } : {}),
        ...(forbidden.length ? { '403': problem(forbidden.join('; ')) } : {}),
        '404': problem('Not found'),
        ...(e.problems?.[409] ? { '409': problem(e.problems[409]) } : {}),
        ...(e.problems?.[412] ? { '412': problem(e.problems[412]) } : {}),
        ...(e.problems?.[423] ? { '423': problem(e.problems[423]) } : {}),
        '429': problem('Too many requests; retry after `Retry-After` seconds'),
        '503': problem('The database does not answer; retry after `Retry-After` seconds'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ayuda API',
      version,
      description: 'Knowledge base, search, analytics, cases and the fast lane. Errors are RFC 9457 problem details.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: serverUrl }],
    tags: TAGS,
    components: {
      schemas: { Problem: schemaOf(ProblemSchema, 'output') },
      securitySchemes: {
        staffToken: { type: 'http', scheme: 'bearer', description: 'A staff API token (`ayuda_st_…`, from `npx ayuda staff token create --name ... --role admin|agent`, or `POST /staff/tokens`); acts with its role (an agent token gets 403 from endpoints marked `x-ayuda-role: admin`), needs no CSRF token.' },
        staffCookie: { type: 'apiKey', in: 'cookie', name: 'ayuda_staff', description: 'A staff user’s session (HttpOnly, SameSite=Strict), set by /staff/session, /staff/session/link/verify and /staff/password. Requests that change something also send the session’s `csrfToken` as `X-CSRF-Token`.' },
        customerToken: { type: 'http', scheme: 'bearer', description: 'A fast-lane customer session token (`ayuda_cs_…`) from /fastlane/verify or /fastlane/identity.' },
        customerCookie: { type: 'apiKey', in: 'cookie', name: 'ayuda_session', description: 'The same customer session as an HttpOnly cookie, set by /fastlane/verify and /fastlane/identity.' },
      },
    },
    paths,
  };
}

const TAGS = [
  { name: 'kb', description: 'The knowledge base: categories, articles, search and the prebuilt search index.' },
  { name: 'analytics', description: 'Anonymous usage events in; search analytics out (staff).' },
  { name: 'settings', description: 'Public settings a widget needs before it renders.' },
  { name: 'captcha', description: 'ALTCHA proof-of-work challenges.' },
  { name: 'cases', description: 'Support cases as the customer sees them: submit, track, reply, close.' },
  { name: 'staff', description: 'The staff API: sign-in and sessions, accounts, the audit log, settings, the two-lane queue, cases, the knowledge-base editor, and the fast lane’s money (session cookie with CSRF token, or staff token).' },
  { name: 'fastlane', description: 'The paid fast lane: quick login, the offer, checkout, payments, refunds, cancellation.' },
  { name: 'stripe', description: 'Stripe’s webhook.' },
];

function tagOf(path: string): string {
  const first = path.split('/')[1]!;
  return first === 'staff' ? 'staff' : first;
}
