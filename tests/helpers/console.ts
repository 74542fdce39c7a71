// The staff API of a signed-in agent, answered by Playwright for a page (see answerStaffApi).
import type { Browser, Page } from 'playwright-core';
import { watchErrors } from './browser.js';

export const CONSOLE_USER = { id: 7, email: 'ana@nubefibra.example', name: 'Ana Agente', role: 'agent', locale: 'en', hourlyCost: null, disabled: false };
const sla = (state: string, remainingMinutes: number | null) => ({ target: 'first_response', dueAt: '2026-11-20T13:00:00Z', remainingMinutes, totalMinutes: 240, state });
const row = (n: number, over: Record<string, unknown> = {}) => ({
  reference: `NF-${String(n).padStart(6, '0')}`,
  subject: `A question about my line number ${n}`,
  status: 'open',
  lane: 'standard',
  locale: 'en',
  customer: { name: `Customer ${n}`, email: `customer${n}@example.com` },
  assignee: null,
  assigneeId: null,
  category: null,
  createdAt: '2026-11-20T09:00:00Z',
  updatedAt: '2026-11-20T09:00:00Z',
  firstResponseDue: '2026-11-20T13:00:00Z',
  resolutionDue: null,
  firstResponseBreached: false,
  resolutionBreached: false,
  sla: sla('ok', 180),
  lastPublicAuthor: 'customer',
  ...over,
});
export const CONSOLE_CASES = [row(2, { lane: 'fast', subject: 'Paid: no internet since this morning', sla: sla('at_risk', 14) }), row(1, { sla: sla('breached', -20) }), ...Array.from({ length: 40 }, (_, i) => row(i + 3))];
const detail = (r: ReturnType<typeof row>) => ({
  ...r,
  channel: 'widget',
  timeZone: 'Europe/Madrid',
  firstRespondedAt: null,
  solvedAt: null,
  closedAt: null,
  events: [],
  payments: [],
  messages: [{ id: 1, author: 'customer', authorName: r.customer.name, body: 'Nothing works.', html: null, createdAt: '2026-11-20T09:00:00Z', attachments: [], internal: false }],
  customer: { id: 1, name: r.customer.name, email: r.customer.email, locale: 'en', cases: [], fastlane: { orders: [], subscription: null, refunds: [] } },
});

/**
 * Answers the staff API of a signed-in agent for a page, in the shapes of the issue 12 contract
 * (the real server answers everything else): for browser tests of the console's own code and
 * for the bench's size of what loads before the queue shows.
 */
export async function answerStaffApi(page: Page): Promise<void> {
  const json = (body: unknown, status = 200) => ({ status, contentType: 'application/json', body: JSON.stringify(body) });
  await page.route('**/api/v1/staff/**', (route) => {
    const url = new URL(route.request().url());
    const path = url.pathname.replace('/api/v1', '');
    const method = route.request().method();
    if (path === '/staff/session') return route.fulfill(json({ user: CONSOLE_USER, csrfToken: 'csrf', expiresAt: '2026-12-31T00:00:00Z', settings: { currency: 'eur' } }));
    if (path === '/staff/events') return route.fulfill({ status: 200, contentType: 'text/event-stream', body: ': hello\n\n' });
    if (path === '/staff/cases' && method === 'GET') return route.fulfill(json({ total: CONSOLE_CASES.length, next: null, cases: CONSOLE_CASES }));
    const m = /^\/staff\/cases\/(NF-\d+)(\/.*)?$/.exec(path);
    if (m && !m[2]) return route.fulfill(json(detail(CONSOLE_CASES.find((c) => c.reference === m[1]) ?? CONSOLE_CASES[0]!)));
    if (m?.[2] === '/time') return route.fulfill(json({ entries: [], totalSeconds: 0 }));
    if (m?.[2] === '/timer/start') return route.fulfill(json({ id: 1, caseReference: m[1], user: { id: 7, name: CONSOLE_USER.name }, startedAt: new Date().toISOString(), endedAt: null, seconds: 0, source: 'timer', note: null }, 201));
    return route.fulfill({ status: 204 });
  });
}


const SIGN_IN_WORDS = {
  es: { email: 'Correo electrónico', password: 'Contraseña', signIn: 'Entrar', queues: 'Colas' },
  en: { email: 'Email', password: 'Password', signIn: 'Sign in', queues: 'Queues' },
} as const;

/**
 * A new browser context signed in to the real console with a password, in `locale`, on the
 * queue; `errors` collects the page's console errors (the 401 of the first session check is
 * expected and ignored).
 */
export async function signInToConsole(browser: Browser, serverUrl: string, o: { email: string; password: string; locale: 'es' | 'en'; viewport?: { width: number; height: number } }): Promise<{ page: Page; errors: string[] }> {
  const w = SIGN_IN_WORDS[o.locale];
  const context = await browser.newContext({ locale: o.locale === 'es' ? 'es-ES' : 'en-GB', viewport: o.viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page, { ignore: (m) => /status of 401/.test(m.text()) && /\/api\/v1\/staff\/session$/.test(m.location().url) });
  await page.goto(`${serverUrl}/console/`);
  await page.getByLabel(w.email).fill(o.email);
  await page.getByLabel(w.password).fill(o.password);
  await page.getByRole('button', { name: w.signIn }).click();
  await page.getByRole('navigation', { name: w.queues }).waitFor();
  return { page, errors };
}
