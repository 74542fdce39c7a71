// Property: whatever a caller sends to an operation of the OpenAPI document, or to a portal page
// or form (arbitrary strings with NUL, lone surrogates, controls and long runs; numbers past
// the integer columns; dates PostgreSQL cannot store; arbitrary JSON; the wrong media type;
// signed identity tokens and captcha answers of any shape), the answer is never a 5xx: bad
// input is the caller's to fix (4xx), and a 500 is always a bug on our side.
import { createHmac, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '@ayuda/core';
import { startDevStripe } from './billing/dev-stripe.js';
import { openApiDocument } from './openapi.js';
import { VERSION } from './version.js';
import { createTestApp, type TestApp } from './testing/app.js';
import { testDatabases } from './testing/db.js';
import { insertStaffUser } from './testing/staff-users.js';
import { signInStaff } from './testing/staff.js';

// AYUDA_FUZZ_RUNS and AYUDA_FUZZ_SEED explore further than the bounded run in `npm test`.
const RUNS = { seed: Number(process.env.AYUDA_FUZZ_SEED ?? 20261120), numRuns: Number(process.env.AYUDA_FUZZ_RUNS ?? 60) };
const KINDS = testDatabases();
/**
 * With PostgreSQL too, each database takes its share of the runs from a seed of its own: the run
 * still sends RUNS.numRuns different inputs to each operation, half to each engine (the same
 * PostgreSQL, embedded and served). Sent in full to both, the property was some 80 s of the
 * suite's worker time on this 2-core machine, which CI's 20 minutes could not spare.
 */
const runsOn = (kind: (typeof KINDS)[number]) => ({ seed: RUNS.seed + KINDS.indexOf(kind), numRuns: Math.ceil(RUNS.numRuns / KINDS.length) });
const IDENTITY_SECRET = 'fuzz-identity-secret-of-at-least-32-chars';
const NOW_S = Date.parse('2026-11-20T10:00:00Z') / 1000; // createTestApp's fixed clock

interface Operation {
  operationId: string;
  method: string;
  path: string;
  security?: Array<Record<string, unknown>>;
  parameters: Array<{ name: string; in: 'path' | 'query' | 'header'; schema: { enum?: string[] } }>;
}

function operationsOf(doc: ReturnType<typeof openApiDocument>): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ ...(op as Omit<Operation, 'method' | 'path'>), method: method.toUpperCase(), path })),
  );
}

// ---- arbitrary values ----

/** Strings PostgreSQL, JavaScript dates or the integer columns are known to choke on. */
const NASTY = [
  '', ' ', '\0', 'a\u0000b', '%00', '\u0000'.repeat(3), '\uD800', 'a\uDFFFb', '\uFEFF', '\u202E', '\r\n', '\\', "'", '"', '<script>', '../..', '__proto__', 'constructor',
  '0', '-1', '1.5', '1e3', '0x10', 'NaN', 'Infinity', '-Infinity', '1e309', '2147483647', '2147483648', '-2147483649', '4294967296', '9007199254740993', '99999999999999999999999',
  '0000-01-01', '0000-01-01T00:00:00Z', '0000-12-31T23:59:59.999Z', '0001-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '9999-12-31T23:59:59Z', '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-20T10:00:00+25:00', '2026-11-20T10:00:00.123456789Z',
  'NF-2147483648', 'NF-000001', `NF-${'9'.repeat(40)}`, 'es', 'en', 'new,open', 'a@b.co', 'ana\u0000@example.com', 'x'.repeat(5000), 'ñ'.repeat(300), '😀'.repeat(100),
];
const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => String.fromCharCode(n));
const char = fc.oneof({ weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }, surrogate, fc.constantFrom('\0', '\u0001', '\u001f', '\u007f', '%', '/', '?', '#', '&', '='));
const numbers = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32, -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e308, Number.MIN_VALUE),
);
/** Arbitrary text: junk, nasty constants, numbers as text, and nasty suffixes on them. */
const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: char, maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: numbers.map(String) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...NASTY), fc.constantFrom(...NASTY)).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ unit: char, maxLength: 5 }), fc.integer({ min: 100, max: 3000 })).map(([s, n]) => s.repeat(n)) },
);
/** Any JSON value, with the text and numbers above at its leaves. */
const json: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 3, arbitrary: numbers },
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(text, numbers), { maxLength: 3 }),
  fc.dictionary(fc.oneof(text, fc.constantFrom('type', 'locale', 'email', 'id')), fc.oneof(text, numbers), { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Percent-encodes every code unit as UTF-8, lone surrogates included (invalid UTF-8 on purpose). */
function pct(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (cp >= 0xd800 && cp <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
      i++;
    }
    if (cp < 128 && /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(cp))) {
      out += String.fromCharCode(cp);
      continue;
    }
    const bytes = cp < 0x80 ? [cp] : cp < 0x800 ? [0xc0 | (cp >> 6), 0x80 | (cp & 63)] : cp < 0x10000 ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)] : [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
    for (const b of bytes) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
/** Path and query values as they travel: encoded text, or raw percent junk. */
const urlValue = fc.oneof({ weight: 8, arbitrary: text.map(pct) }, fc.constantFrom('%', '%zz', '%FF', '%C0%80', '%ED%A0%80', '%2F', '..', '%E0%A4%A'));

// ---- well-formed requests, then mutated ----

type Template = unknown; // plain values, arrays, objects, and fc arbitraries at any leaf

function resolve(t: Template): fc.Arbitrary<unknown> {
  if (t instanceof fc.Arbitrary) return t;
  if (Array.isArray(t)) return fc.tuple(...t.map(resolve));
  if (t && typeof t === 'object') return fc.record(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, resolve(v)])));
  return fc.constant(t);
}

function pathsOf(v: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  const here = [at];
  if (Array.isArray(v)) return [...here, ...v.flatMap((x, i) => pathsOf(x, [...at, i]))];
  if (v && typeof v === 'object') return [...here, ...Object.entries(v).flatMap(([k, x]) => pathsOf(x, [...at, k]))];
  return here;
}

/** Characters that, slipped into an otherwise valid value, reach the storage (NUL most often: PostgreSQL text cannot hold it). */
const fragment = fc.oneof({ weight: 3, arbitrary: fc.constant('\0') }, fc.constantFrom('\uD800', '\uDC00', '\u0001', '\u007F', '\uFFFF', '\uFEFF', '%00', '😀'));

type Edit = { at: number } & ({ replace: unknown } | { insert: string; offset: number } | { drop: true });
const edits = (leaf: fc.Arbitrary<unknown>): fc.Arbitrary<Edit[]> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant<Edit[]>([]) },
    {
      weight: 9,
      arbitrary: fc.array(
        fc.oneof(
          { weight: 4, arbitrary: fc.record({ at: fc.nat(), replace: leaf }) },
          { weight: 5, arbitrary: fc.record({ at: fc.nat(), insert: fragment, offset: fc.nat() }) },
          { weight: 1, arbitrary: fc.record({ at: fc.nat(), drop: fc.constant(true as const) }) },
        ),
        { minLength: 1, maxLength: 3 },
      ),
    },
  );

/**
 * The template with up to three of its values (or whole parts) replaced, a character slipped
 * into one of its texts, or a key dropped; the other values stay valid, so the request gets
 * past the validation of its neighbours to wherever the odd value is used. (Whole arbitrary
 * bodies are another case of `requests`.)
 */
function mutated(t: Template, leaf: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return resolve(t).chain((base) => {
    const paths = pathsOf(base).filter((p) => p.length > 0);
    const at = (v: unknown, path: Array<string | number>) => path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string | number, unknown>)[k] : undefined), v);
    const texts = paths.filter((p) => typeof at(base, p) === 'string');
    return edits(leaf).map((list) => {
      const out = structuredClone(base);
      for (const e of list) {
        const targets = 'insert' in e ? texts : paths;
        if (!targets.length) continue;
        const path = targets[e.at % targets.length]!;
        const parent = at(out, path.slice(0, -1)) as Record<string | number, unknown> | undefined;
        if (!parent || typeof parent !== 'object') continue;
        const key = path.at(-1)!;
        const current = parent[key];
        if ('drop' in e) delete parent[key];
        else if ('replace' in e) parent[key] = e.replace;
        else if (typeof current === 'string') {
          const cut = e.offset % (current.length + 1);
          parent[key] = current.slice(0, cut) + e.insert + current.slice(cut);
        }
      }
      return out;
    });
  });
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const signJwt = (header: unknown, claims: unknown) => {
  const h = b64(JSON.stringify(header));
  const p = b64(JSON.stringify(claims));
  return `${h}.${p}.${createHmac('sha256', IDENTITY_SECRET).update(`${h}.${p}`).digest('base64url')}`;
};
/** Identity tokens signed with the right secret whose header and claims may be anything. */
const identityToken = fc
  .record({
    header: fc.oneof({ weight: 3, arbitrary: fc.constant({ alg: 'HS256', typ: 'JWT' }) }, json),
    claims: fc.oneof(
      { weight: 3, arbitrary: fc.record({ email: fc.oneof(fc.constant('ana@example.com'), fc.constant('ana\u0000@example.com'), text), name: fc.oneof(text, numbers), exp: fc.oneof(fc.constant(NOW_S + 600), numbers) }, { requiredKeys: ['email', 'exp'] }) },
      json,
    ),
  })
  .map(({ header, claims }) => signJwt(header, claims));

/** ALTCHA payloads: base64 JSON shaped like a solution, with anything inside. */
const captchaPayload = fc
  .oneof(
    fc.record({ challenge: fc.record({ parameters: fc.oneof(json, fc.record({ algorithm: fc.oneof(fc.constant('PBKDF2/SHA-256'), text), nonce: text, salt: text, cost: numbers, keyLength: numbers, data: json })), signature: fc.oneof(text, json) }), solution: fc.oneof(json, fc.record({ counter: numbers, derivedKey: text })) }),
    json,
  )
  .map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64'));

interface Fixture {
  token: string;
  closeToken: string;
  reference: string;
  staff: string;
  customer: string;
  /** A staff user's time entry on the case, for the edit and delete endpoints. */
  timeEntry: number;
  /** A staff user's session: its cookie and CSRF token (a new one once a request ended it). */
  session: { cookie: string; csrfToken: string; userId: number };
}

/** A well-formed request per operation; the property mutates it. */
function templates(f: Fixture): Record<string, { path?: Record<string, Template>; query?: Record<string, Template>; body?: Template }> {
  const period = { from: '2026-11-01T00:00:00Z', to: '2026-11-30T00:00:00Z' };
  return {
    listCategories: { query: { locale: 'es' } },
    listArticles: { query: { locale: 'es', category: 'facturas', limit: '10', offset: '0' } },
    getArticle: { path: { locale: 'es', slug: 'pagar-factura' } },
    search: { query: { q: 'factura', locale: 'es', limit: '5' } },
    getIndex: { path: { locale: 'es' } },
    getIndexMeta: { path: { locale: 'es' } },
    trackEvents: {
      body: {
        events: fc.array(
          fc.constantFrom(
            { type: 'search', locale: 'es', query: 'wifi', resultCount: 2 },
            { type: 'article_view', locale: 'es', slug: 'pagar-factura' },
            { type: 'result_click', locale: 'es', query: 'wifi', slug: 'pagar-factura', position: 1 },
            { type: 'feedback', locale: 'es', slug: 'pagar-factura', helpful: true, comment: 'bien' },
            { type: 'deflection', locale: 'es', slug: 'pagar-factura', query: 'wifi' },
            { type: 'announcement_deflection', locale: 'es', announcementId: 1 },
          ),
          { minLength: 1, maxLength: 3 },
        ),
      },
    },
    searchAnalytics: { query: { ...period, locale: 'es', limit: '10' } },
    settings: {},
    captchaChallenge: { query: { purpose: 'cases' } },
    submitCase: { body: { name: 'Ana', email: 'ana@example.com', subject: 'Sin conexión', description: 'El router parpadea en rojo desde ayer.', locale: 'es', category: 'facturas' } },
    resendCaseLinks: { body: { email: 'ana@example.com', locale: 'es' } },
    getCase: { path: { token: f.token } },
    replyToCase: { path: { token: f.token }, body: { body: 'Sigo sin conexión.' } },
    closeCase: { path: { token: f.closeToken } },
    staffQueue: { query: { view: fc.constantFrom('all', 'unassigned', 'pending', 'solved', 'mine'), status: 'new,open', lane: 'standard', category: 'billing', assigneeId: '1', q: fc.constantFrom('router rojo', 'ana@example.com', 'NF-000001', 'Facturación'), limit: '10', cursor: fc.constantFrom('eyJ2IjoxLCJsIjoxLCJkIjpudWxsLCJyIjoiTkYtMDAwMDAxIn0', 'eyJ2IjoxLCJsIjowLCJkIjoiMjAyNi0xMS0yMFQxMDowMDowMC4wMDBaIiwiciI6Ik5GLTAwMDAwMSJ9') } },
    staffCase: { path: { reference: f.reference } },
    staffReply: { path: { reference: f.reference }, body: { body: 'Hola, lo miramos.', internal: true, status: 'open' } },
    staffStatus: { path: { reference: f.reference }, body: { status: 'open' } },
    staffAssign: { path: { reference: f.reference }, body: fc.constantFrom({ assignee: 'marta' }, { assigneeId: 1 }, { assigneeId: null }) },
    staffLane: { path: { reference: f.reference }, body: { lane: fc.constantFrom('fast', 'standard'), reason: 'Avería masiva' } },
    staffCategory: { path: { reference: f.reference }, body: { category: fc.constantFrom('billing', 'router', null) } },
    staffPresence: { path: { reference: f.reference }, body: { state: fc.constantFrom('viewing', 'typing', 'left') } },
    staffEvents: {},
    fastlaneLogin: { body: { email: 'ana@example.com', locale: 'es', captcha: captchaPayload } },
    fastlaneVerify: { body: { email: 'ana@example.com', code: '123456', locale: 'es' } },
    fastlaneIdentity: { body: { token: identityToken, locale: 'es' } },
    fastlaneOffer: { query: { locale: 'es' } },
    fastlaneStatus: {},
    fastlaneCheckout: { body: { plan: fc.constantFrom('incident', 'monthly'), locale: 'es', trackingToken: f.token, returnUrl: 'http://help.test/help/es/' } },
    fastlaneRefund: { path: { id: '1' }, body: { reason: 'Ya no lo necesito' } },
    fastlaneCancel: { body: { atPeriodEnd: true } },
    fastlaneBillingPortal: { body: { returnUrl: 'http://help.test/help/es/' } },
    stripeWebhook: { body: { id: 'evt_fuzz', type: 'checkout.session.completed', data: { object: { id: 'cs_1', metadata: { ayuda: '1' } } } } },
    staffFastlaneSummary: { query: period },
    staffFastlaneRefunds: {},
    staffFastlaneApprove: { path: { id: '1' }, body: { note: 'De acuerdo' } },
    staffFastlaneReject: { path: { id: '1' }, body: { note: 'No procede' } },
    staffFastlaneOrderRefund: { path: { id: '1' }, body: { amount: 100, reason: 'Compensación' } },
    staffTimerStart: { path: { reference: f.reference } },
    staffTimerStop: { path: { reference: f.reference } },
    staffTimerHeartbeat: { path: { reference: f.reference } },
    staffCaseTime: { path: { reference: f.reference } },
    staffTimeCreate: { path: { reference: f.reference }, body: { startedAt: '2026-11-20T09:00:00Z', endedAt: '2026-11-20T09:30:00Z', note: 'Llamada' } },
    staffTimeUpdate: { path: { id: String(f.timeEntry) }, body: { startedAt: '2026-11-20T08:00:00Z', endedAt: '2026-11-20T08:30:00Z', note: 'Revisado' } },
    staffTimeDelete: { path: { id: String(f.timeEntry) } },
    staffTimeSummary: { query: period },
    staffOpportunityCreate: { path: { reference: f.reference }, body: { product: 'Fibra 1 Gb', value: 2999, currency: 'eur', note: 'Le interesa' } },
    staffOpportunities: { query: period },
    staffOpportunitiesCsv: { query: { ...period, locale: 'es' } },
    staffPreview: { body: { markdown: 'Mira [esto](pagar-factura).', locale: 'es' } },
    staffKbArticles: { query: { locale: fc.constantFrom('es', 'en'), category: 'billing', state: fc.constantFrom('published', 'draft', 'changed', 'unpublished'), q: 'factura' } },
    staffKbArticle: { path: { locale: 'es', slug: 'pagar-factura' } },
    staffKbSaveDraft: { path: { locale: 'es', slug: fc.constantFrom('pagar-factura', 'nuevo-articulo') }, body: { title: 'Cómo pagar', category: fc.constantFrom('billing', 'router'), tags: ['pago'], visibility: fc.constantFrom('public', 'customers', 'internal'), type: 'article', translation: fc.constantFrom('pay-bill', null), body: 'Paga en [el área](pagar-factura).' } },
    staffKbDiscardDraft: { path: { locale: 'es', slug: fc.constantFrom('pagar-factura', 'nuevo-articulo') } },
    staffKbPublish: { path: { locale: 'es', slug: fc.constantFrom('pagar-factura', 'nuevo-articulo') }, query: { force: fc.constantFrom('true', 'false') } },
    staffKbUnpublish: { path: { locale: 'es', slug: fc.constantFrom('escalar-averia', 'nuevo-articulo') } },
    staffKbRevisions: { path: { locale: 'es', slug: 'pagar-factura' } },
    staffKbRevision: { path: { locale: 'es', slug: 'pagar-factura', id: '1' } },
    staffKbRestore: { path: { locale: 'es', slug: 'pagar-factura', id: '1' } },
    staffKbPreview: { body: { markdown: '## ¿Pregunta?\n\nMira [esto](pagar-factura).', locale: 'es', type: fc.constantFrom('article', 'faq') } },
    staffKbSearch: { query: { q: 'factura', locale: 'es', limit: '5' } },
    staffKbCategories: {},
    staffKbCreateCategory: { body: { key: fc.constantFrom('nueva', 'billing'), es: { name: 'Nueva', description: '' }, en: { name: 'New', description: '' }, position: 0 } },
    staffKbUpdateCategory: { path: { key: 'billing' }, body: { es: { name: 'Facturas', description: 'Pagos.' } } },
    staffKbOrderCategories: { body: { keys: ['billing', 'router', 'priority'] } },
    staffKbSynonyms: {},
    staffKbReplaceSynonyms: { body: { es: [['factura', 'recibo']], en: [['bill', 'invoice']] } },
    staffSignIn: { body: { email: 'fuzz@staff.test', password: fc.constantFrom('correct horse battery staple', 'wrong password') } },
    staffSession: {},
    staffSignOut: {},
    staffSignOutEverywhere: {},
    staffRequestLink: { body: { email: 'fuzz@staff.test', locale: 'es' } },
    staffVerifyLink: { body: { token: 'x'.repeat(43) } },
    staffSetPassword: { body: fc.oneof(fc.constant({ token: 'x'.repeat(43), password: 'a long new password' }), fc.constant({ currentPassword: 'correct horse battery staple', password: 'correct horse battery staple' })) },
    staffUsers: {},
    staffCreateUser: { body: { email: fc.constantFrom('new@staff.test', 'fuzz@staff.test'), name: 'Nueva', role: fc.constantFrom('agent', 'admin'), locale: 'es' } },
    staffUpdateUser: { path: { id: String(f.session.userId) }, body: { name: 'Fuzz', role: 'admin', hourlyCost: 1000, disabled: false } },
    staffUserPasswordLink: { path: { id: String(f.session.userId) } },
    staffTokens: {},
    staffCreateToken: { body: { name: 'Fuzz script', role: fc.constantFrom('agent', 'admin') } },
    // Not the fuzz's own token (id 1); should a mutated id revoke it, the property makes another.
    staffRevokeToken: { path: { id: '2' } },
    staffAudit: { query: { actor: `user:${f.session.userId}`, action: 'staff', target: `user:${f.session.userId}`, before: '100', limit: '10' } },
    announcements: { query: { locale: fc.constantFrom('es', 'en') } },
    responseTimes: { query: { locale: fc.constantFrom('es', 'en') } },
    staffAnnouncements: {},
    staffCreateAnnouncement: { body: { locale: 'es', severity: fc.constantFrom('info', 'warning', 'critical'), title: 'Avería en Valencia', body: 'Trabajamos en ello, hora estimada 18:00.', endsAt: '2026-11-21T10:00:00Z', category: fc.constantFrom('billing', null) } },
    staffWithdrawAnnouncement: { path: { id: '1' } },
    staffSettings: {},
    staffSettingsSection: {},
    staffSettingsUpdate: {
      // Values that keep the other operations working (no captcha, high limits).
      body: fc.constantFrom(
        { hours: { timeZone: 'Europe/Madrid', week: { mon: [{ from: '09:00', to: '17:00' }] } }, policy: { standard: { firstResponse: 480, resolution: 2400 }, fast: { firstResponse: 60, resolution: 480 } } },
        { name: 'Nubefibra', defaultLocale: 'es' },
        { enabled: false, maxNumber: 1000, cost: 1 },
        { casesPerIpPerHour: 1000000, casesPerEmailPerHour: 1000000, linkMailsPerEmailPerHour: 1000000, requestsPerIpPerMinute: 1000000 },
        { origins: ['https://www.nubefibra.example'] },
        { from: 'Nubefibra <ayuda@nubefibra.example>' },
      ),
    },
    staffSettingsReset: {},
    staffSettingsRevisions: {},
    staffSettingsRestore: { path: { id: '1' } },
    // Outside the document: the portal's pages and forms, and the other paths that read input.
    portalHome: { path: { locale: 'es' } },
    portalCategory: { path: { locale: 'es', key: 'billing' } },
    portalArticle: { path: { locale: 'es', slug: 'pagar-factura' }, query: { q: 'factura', pos: '1', voted: fc.constantFrom('0', '1') } },
    portalSearch: { path: { locale: 'es' }, query: { q: 'factura' } },
    portalFeedback: { path: { locale: 'es', slug: 'pagar-factura' }, body: { helpful: fc.constantFrom('yes', 'no') } },
    portalContactForm: { path: { locale: 'es' } },
    portalContact: { path: { locale: 'es' }, body: { idempotencyKey: fc.uuid(), name: 'Ana', email: 'ana@example.com', subject: 'Sin conexión', description: 'El router parpadea en rojo desde ayer.', category: 'billing', website: '' } },
    portalCase: { path: { locale: 'es', token: f.token }, query: { received: '1' } },
    portalReply: { path: { locale: 'es', token: f.token }, body: { body: 'Sigo sin conexión.' } },
    portalClose: { path: { locale: 'es', token: f.closeToken } },
    portalLinks: { path: { locale: 'es' }, body: { email: 'ana@example.com' } },
    portalReturn: { path: { locale: 'es' }, query: { back: 'http://help.test/help/es/' } },
    caseAttachment: { path: { token: f.token, id: 'AAAAAAAAAAAAAAAAAAAAAA' } },
    requestCallback: { body: { name: 'Ana', email: 'ana@example.com', phone: fc.constantFrom('612 345 678', '+44 20 7946 0958', '0034612345678'), windowStart: '2026-11-20T12:00:00Z', windowEnd: '2026-11-20T14:00:00Z', locale: 'es', case: f.reference, notes: 'Sobre la factura' } },
    staffCallbacks: { query: { status: fc.constantFrom('waiting', 'done', 'failed') } },
    staffCallbackAttempt: { path: { id: '00000000-0000-4000-8000-000000000000' }, body: { outcome: fc.constantFrom('reached', 'no_answer', 'wrong_number'), note: 'Sin respuesta' } },
    portalCallbackForm: { path: { locale: 'es' } },
    portalCallback: { path: { locale: 'es' }, body: { idempotencyKey: fc.uuid(), name: 'Ana', email: 'ana@example.com', phone: '612 345 678', date: '2026-11-20', from: '12:00', to: '14:00', case: '', notes: '', website: '' } },
    staffAttachment: { path: { reference: f.reference, id: 'AAAAAAAAAAAAAAAAAAAAAA' } },
    fastlaneLogout: {},
  };
}

/** Paths that read input but are not in the API document (HTML pages and forms, files, sign-out). */
const OTHER_OPERATIONS: Operation[] = [
  ['portalHome', 'GET', '/help/{locale}/'],
  ['portalCategory', 'GET', '/help/{locale}/categories/{key}'],
  ['portalArticle', 'GET', '/help/{locale}/articles/{slug}'],
  ['portalSearch', 'GET', '/help/{locale}/search'],
  ['portalFeedback', 'POST', '/help/{locale}/articles/{slug}/feedback'],
  ['portalContactForm', 'GET', '/help/{locale}/contact'],
  ['portalContact', 'POST', '/help/{locale}/contact'],
  ['portalCase', 'GET', '/help/{locale}/cases/{token}'],
  ['portalReply', 'POST', '/help/{locale}/cases/{token}/reply'],
  ['portalClose', 'POST', '/help/{locale}/cases/{token}/close'],
  ['portalLinks', 'POST', '/help/{locale}/cases'],
  ['portalReturn', 'GET', '/help/{locale}/fastlane/return'],
  ['portalCallbackForm', 'GET', '/help/{locale}/callback'],
  ['portalCallback', 'POST', '/help/{locale}/callback'],
  ['caseAttachment', 'GET', `${API_PREFIX}/cases/track/{token}/attachments/{id}`],
  ['staffAttachment', 'GET', `${API_PREFIX}/staff/cases/{reference}/attachments/{id}`, [{ staffToken: [] }]],
  ['fastlaneLogout', 'POST', `${API_PREFIX}/fastlane/logout`, [{ customerSession: [] }]],
].map(([operationId, method, path, security]) => ({
  operationId: operationId as string,
  method: method as string,
  path: path as string,
  ...(security ? { security: security as Operation['security'] } : {}),
  parameters: [...(path as string).matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1]!, in: 'path' as const, schema: {} })),
}));

const headerValue = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((n) => String.fromCharCode(n)), maxLength: 300 });

interface FuzzRequest {
  url: string;
  init: RequestInit & { headers: Record<string, string> };
  shown: unknown; // what the counterexample prints
}

type Part = 'path' | 'query' | 'body';

function requests(op: Operation, f: Fixture): fc.Arbitrary<FuzzRequest> {
  const t = templates(f)[op.operationId] ?? {};
  const params = (where: 'path' | 'query') => Object.fromEntries(op.parameters.filter((p) => p.in === where).map((p) => [p.name, p.schema.enum ? fc.constantFrom(...p.schema.enum) : 'x']));
  const pathTemplate = { ...params('path'), ...t.path };
  const queryTemplate = { ...params('query'), ...t.query };
  const hasBody = op.method === 'POST' || op.method === 'PUT' || op.method === 'PATCH';
  const asRecord = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  /** A template's values, changed (`odd`) or as they are. */
  const values = (template: Template, odd: boolean, leaf: fc.Arbitrary<unknown>) => (odd ? mutated(template, leaf) : resolve(template));

  const path = (odd: boolean) =>
    fc.tuple(values(pathTemplate, odd, text).map(asRecord), odd ? fc.option(urlValue, { freq: 6 }) : fc.constant(null)).map(([v, raw]) =>
      op.path.replace(/\{(\w+)\}/g, (_m, name: string) => (raw !== null && name === Object.keys(v)[0] ? raw : v[name] === undefined ? '' : pct(String(v[name])))),
    );
  const query = (odd: boolean) =>
    values(queryTemplate, odd, text).map((v) =>
      Object.entries(asRecord(v))
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => `${pct(k)}=${typeof x === 'string' ? pct(x) : pct(JSON.stringify(x))}`)
        .join('&'),
    );
  const form = (v: unknown) => {
    const data = new FormData();
    for (const [k, x] of Object.entries(asRecord(v))) data.append(k, typeof x === 'string' ? x : JSON.stringify(x));
    return { body: data, shown: { multipart: v } };
  };
  const body = (odd: boolean): fc.Arbitrary<{ type?: string; body?: string | FormData; shown?: unknown }> =>
    !hasBody
      ? fc.constant({})
      : fc.oneof(
          { weight: 8, arbitrary: values(t.body ?? {}, odd, json).map((v) => ({ type: 'application/json', body: JSON.stringify(v) ?? 'null', shown: v })) },
          { weight: 2, arbitrary: values(t.body ?? {}, odd, text).map(form) },
          ...(odd
            ? [
                { weight: 2, arbitrary: json.map((v) => ({ type: 'application/json', body: JSON.stringify(v), shown: v })) },
                { weight: 1, arbitrary: fc.tuple(fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/vnd.api+json'), text).map(([type, s]) => ({ type, body: s, shown: s })) },
              ]
            : []),
        );

  // Each request changes one part (or, now and then, all), so the others stay valid and the odd
  // value reaches the code behind their validation.
  const parts: Part[] = [...(Object.keys(pathTemplate).length ? ['path' as const] : []), ...(Object.keys(queryTemplate).length ? ['query' as const] : []), ...(hasBody ? ['body' as const] : [])];
  const target = parts.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...parts) }, { weight: 1, arbitrary: fc.constant('all' as const) }) : fc.constant('all' as const);
  const odd = (part: Part, chosen: Part | 'all') => chosen === 'all' || chosen === part;

  const staffOp = op.security?.some((s) => 'staffToken' in s);
  const sessionOp = op.security?.some((s) => 'staffCookie' in s);
  const customerOp = op.security?.some((s) => 'customerSession' in s);
  const auth = fc.constantFrom(
    ...(staffOp ? ['staff', 'staff', 'session', 'session', 'none', 'junk'] : sessionOp ? ['session', 'session', 'session', 'none', 'junk'] : customerOp ? ['customer', 'customer', 'customer', 'none', 'junk'] : ['none', 'customer']),
  );
  const idempotency = op.parameters.some((p) => p.name === 'Idempotency-Key') ? fc.option(fc.oneof({ weight: 4, arbitrary: fc.uuid() }, headerValue), { freq: 6 }) : fc.constant(null);
  const signature = op.operationId === 'stripeWebhook' ? fc.option(fc.oneof(headerValue, fc.constant(`t=${NOW_S},v1=${'0'.repeat(64)}`)), { freq: 2 }) : fc.constant(null);
  return target
    .chain((chosen) => fc.record({ p: path(odd('path', chosen)), q: query(odd('query', chosen)), b: body(odd('body', chosen)), auth, idempotency, signature }))
    .map(({ p, q, b, auth, idempotency, signature }) => {
      const headers: Record<string, string> = {};
      if (b.type) headers['Content-Type'] = b.type;
      if (auth === 'staff') headers.Authorization = `Bearer ${f.staff}`;
      if (auth === 'customer') headers.Authorization = `Bearer ${f.customer}`;
      if (auth === 'junk') headers.Authorization = 'Bearer ayuda_st_nothing';
      if (auth === 'session') {
        // Filled in when sent, from a session known to be live (see the property).
        headers.Cookie = '';
        headers['X-CSRF-Token'] = '';
      }
      if (idempotency !== null) headers['Idempotency-Key'] = idempotency;
      if (signature !== null) headers['Stripe-Signature'] = signature;
      const url = `${p}${q ? `?${q}` : ''}`;
      return { url, init: { method: op.method, headers, ...(b.body !== undefined ? { body: b.body } : {}) }, shown: { url, auth, body: b.shown } };
    });
}

// ---- the property, per database and per operation ----

const doc = openApiDocument(`http://help.test${API_PREFIX}`, VERSION);
const operations = operationsOf(doc);

describe.each(KINDS)('every OpenAPI operation, page and form on %s answers arbitrary input without a 5xx', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let stopStripe: () => Promise<void>;

  beforeAll(async () => {
    const dev = await startDevStripe();
    stopStripe = () => dev.emulator.close();
    t = await createTestApp(kind, {
      stripe: dev.gateway,
      env: { AYUDA_IDENTITY_SECRET: IDENTITY_SECRET, AYUDA_RATE_LIMIT: '1000000', AYUDA_CASE_RATE_LIMIT: '1000000', AYUDA_CASE_EMAIL_LIMIT: '1000000', AYUDA_STAFF_SIGNIN_LIMIT: '1000000', AYUDA_CASE_PREFIX: 'NF' },
    });
    await t.mail.stop();
    const submit = async () => {
      const res = await t.request(`${API_PREFIX}/cases`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
        body: JSON.stringify({ name: 'Ana', email: 'ana@example.com', subject: 'Sin conexión', description: 'El router parpadea en rojo desde ayer.', locale: 'es' }),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { reference: string; trackingToken: string };
    };
    const [open, toClose] = [await submit(), await submit()];
    const signedIn = await t.request(`${API_PREFIX}/fastlane/identity`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: signJwt({ alg: 'HS256', typ: 'JWT' }, { email: 'ana@example.com', exp: NOW_S + 600 }), locale: 'es' }),
    });
    expect(signedIn.status).toBe(200);
    const ana = await insertStaffUser(t, { name: 'Ana', hourlyCost: 3000 });
    const entry = await t.time.addManual(open.reference, ana, { startedAt: '2026-11-20T08:00:00Z', endedAt: '2026-11-20T09:00:00Z' });
    f = {
      token: open.trackingToken,
      closeToken: toClose.trackingToken,
      reference: open.reference,
      staff: (await t.staffTokens.create('Fuzz')).token,
      customer: ((await signedIn.json()) as { token: string }).token,
      timeEntry: entry.id,
      session: await (async () => {
        const s = await signInStaff(t, { email: 'fuzz@staff.test', role: 'admin' });
        return { cookie: s.cookie, csrfToken: s.csrfToken, userId: s.user.id };
      })(),
    };
  });
  afterAll(async () => {
    await t?.dispose();
    await stopStripe?.();
  });

  it('serves the document the property walks', async () => {
    const served = await (await t.request(`${API_PREFIX}/openapi.json`)).json();
    expect(operationsOf(served).map((o) => o.operationId)).toEqual(operations.map((o) => o.operationId));
  });

  it.each([...operations, ...OTHER_OPERATIONS].map((o) => [`${o.method} ${o.path} (${o.operationId})`, o] as const))('%s', async (_name, op) => {
    await fc.assert(
      fc.asyncProperty(requests(op, f), async (r) => {
        if (r.init.headers.Cookie !== undefined) {
          // Signing out, signing out everywhere and new passwords end sessions: sign in again.
          if ((await t.request(`${API_PREFIX}/staff/session`, { headers: { Cookie: f.session.cookie } })).status !== 200) {
            const s = await signInStaff(t, { role: 'admin' });
            Object.assign(f.session, { cookie: s.cookie, csrfToken: s.csrfToken });
          }
          r.init.headers.Cookie = f.session.cookie;
          r.init.headers['X-CSRF-Token'] = f.session.csrfToken;
        }
        if (r.init.headers.Authorization === `Bearer ${f.staff}` && !(await t.staffTokens.verify(f.staff))) {
          // Revoking tokens is an operation too: a mutated id may have hit this one.
          f.staff = (await t.staffTokens.create('Fuzz')).token;
          r.init.headers.Authorization = `Bearer ${f.staff}`;
        }
        const res = await t.request(r.url, r.init);
        // A live event stream never ends by itself: its status and headers are the answer.
        const body = res.headers.get('content-type')?.startsWith('text/event-stream') ? (await res.body?.cancel(), '') : await res.text();
        if (res.status >= 500) throw new Error(`${res.status} for ${JSON.stringify(r.shown)}: ${body.slice(0, 300)}`);
        if (op.operationId === 'stripeWebhook' && res.status < 400) throw new Error(`an unsigned webhook was accepted (${res.status})`);
      }),
      runsOn(kind),
    );
  });
});
