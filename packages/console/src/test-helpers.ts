// Helpers for the component tests (browser side): fixtures, waiting for a condition, axe,
// shadow-DOM queries, key presses, an in-page fake of the staff API (what the contract of issue 12
// says the server answers) and a fake EventSource for live events.
import { expect } from 'chai';
import { AyudaStaffClient, type StaffCase, type StaffCaseSummary, type StaffSession, type TimeEntry } from '@ayuda/client/staff';
import { useClient } from './internal/api.js';
import { setLocale, type ConsoleLocale } from './internal/localize.js';
import { liveEvents } from './internal/live.js';
import { watchingFetch } from './internal/session.js';
import { forgetDirectory } from './internal/directory.js';

const mounted: Element[] = [];

/** Adds `markup` to the page and returns its first element (removed by `cleanup()`). */
export function fixture<T extends Element>(markup: string): T {
  const wrap = document.createElement('div');
  wrap.innerHTML = markup.trim();
  const el = wrap.firstElementChild as T;
  document.body.append(el);
  mounted.push(el);
  return el;
}

export function cleanup(): void {
  for (const el of mounted.splice(0)) el.remove();
  liveEvents.stop();
  sessionStorage.clear();
  location.hash = '';
}

/** Polls `fn` until it returns something truthy (or throws the last error after `timeout` ms). */
export async function waitFor<T>(fn: () => T | Promise<T>, message = 'condition', timeout = 5000): Promise<NonNullable<T>> {
  const end = performance.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (performance.now() > end) throw new Error(`timed out waiting for ${message}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `$(el, 'a', 'b')`: querySelector through shadow roots, one selector per level. */
export function $<T extends Element = HTMLElement>(root: Element, ...selectors: string[]): T | null {
  let node: Element | null = root;
  for (const s of selectors) {
    node = (node?.shadowRoot ?? node)?.querySelector(s) ?? null;
    if (!node) return null;
  }
  return node as T | null;
}

export function $$<T extends Element = HTMLElement>(root: Element, selector: string): T[] {
  return Array.from((root.shadowRoot ?? root).querySelectorAll<T>(selector));
}

/** The focused element, through shadow roots. */
export function active(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

/** Visible text through shadow roots, spaces collapsed. */
export function text(el: Element | null): string {
  if (!el) return '';
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n instanceof Element && (n.hasAttribute('hidden') || n.localName === 'style')) return;
    if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent ?? '');
    if (n instanceof Element && n.shadowRoot) n.shadowRoot.childNodes.forEach(walk);
    n.childNodes.forEach(walk);
  };
  walk(el);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** Presses a key on the focused element (or `target`), as the keyboard would (keydown bubbles to window). */
export function press(key: string, opts: KeyboardEventInit & { target?: Element | null } = {}): KeyboardEvent {
  const { target, ...init } = opts;
  const e = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...init });
  (target ?? active() ?? document.body).dispatchEvent(e);
  return e;
}

/**
 * A row of links (`nav`) on a phone: every link on one line that scrolls sideways inside the
 * row, the current one (`current`, its text) wholly in sight, the page not scrolling sideways.
 */
export function expectOneScrollingRow(nav: Element, current: string): void {
  const links = [...nav.querySelectorAll<HTMLElement>('a')];
  const tops = new Set(links.map((a) => Math.round(a.getBoundingClientRect().top)));
  expect(tops.size, 'lines of links').to.equal(1);
  expect(nav.scrollWidth, 'the row scrolls').to.be.above(nav.clientWidth);
  const page = document.scrollingElement!;
  expect(page.scrollWidth, 'the page').to.be.at.most(page.clientWidth);
  const on = nav.querySelector('a[aria-current=page]')!;
  expect(text(on)).to.equal(current);
  const row = nav.getBoundingClientRect();
  const box = on.getBoundingClientRect();
  expect(box.left >= row.left && box.right <= row.right, `${current} in sight`).to.equal(true);
}

interface AxeResult {
  violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> }>;
}

/** Runs axe-core (WCAG 2.x A/AA and best practices) on `el` and expects no violation. */
export async function expectAccessible(el: Element, state = ''): Promise<void> {
  const axe = (window as unknown as { axe: { run: (ctx: Element, o: object) => Promise<AxeResult> } }).axe;
  const r = await axe.run(el, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    rules: { region: { enabled: false }, 'page-has-heading-one': { enabled: false }, 'landmark-one-main': { enabled: false } },
  });
  const found = r.violations.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => [n.target, n.failureSummary]))}`);
  expect(found, `axe ${state}`).to.deep.equal([]);
}

// ---- the fake staff API ----

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
type Handler = (call: Call) => Reply | Promise<Reply>;

export const ME: StaffSession['user'] = { id: 7, email: 'ana@nubefibra.example', name: 'Ana Agente', role: 'agent', locale: 'en', hourlyCost: null, disabled: false };
export const SESSION: StaffSession = { user: ME, csrfToken: 'csrf-123', expiresAt: '2026-12-31T00:00:00Z', settings: { currency: 'eur' } };

export function queueCase(n: number, over: Partial<StaffCaseSummary> = {}): StaffCaseSummary {
  const reference = `NF-${String(n).padStart(6, '0')}`;
  return {
    reference,
    subject: `Subject of case ${n}`,
    status: 'open',
    lane: 'standard',
    locale: 'en',
    customer: { name: `Customer ${n}`, email: `c${n}@example.com` },
    assignee: null,
    assigneeId: null,
    category: null,
    createdAt: '2026-11-20T09:00:00Z',
    updatedAt: '2026-11-20T09:00:00Z',
    firstResponseDue: '2026-11-20T13:00:00Z',
    resolutionDue: null,
    firstResponseBreached: false,
    resolutionBreached: false,
    sla: { target: 'first_response', dueAt: '2026-11-20T13:00:00Z', remainingMinutes: 180, totalMinutes: 240, state: 'ok' },
    lastPublicAuthor: 'customer',
    ...over,
  };
}

export function caseDetail(n: number, over: Partial<StaffCase> = {}): StaffCase {
  const q = queueCase(n);
  return {
    ...q,
    channel: 'widget',
    timeZone: 'Europe/Madrid',
    firstRespondedAt: null,
    solvedAt: null,
    closedAt: null,
    events: [],
    payments: [],
    messages: [
      { id: 1, author: 'customer', authorName: q.customer.name, body: 'My router blinks red.', html: null, createdAt: '2026-11-20T09:00:00Z', attachments: [{ id: 'a1', filename: 'photo.png', contentType: 'image/png', size: 20480, url: `/api/v1/staff/cases/${q.reference}/attachments/a1` }], internal: false },
      { id: 2, author: 'staff', authorName: 'Luis', body: 'Checked the line: **fine**.', html: '<p>Checked the line: <strong>fine</strong>.</p>', createdAt: '2026-11-20T09:30:00Z', attachments: [], internal: true },
    ],
    customer: {
      id: 3,
      name: q.customer.name,
      email: q.customer.email,
      locale: 'en',
      cases: [{ reference: 'NF-000099', subject: 'An older question', status: 'closed', lane: 'standard', createdAt: '2026-10-01T09:00:00Z' }],
      fastlane: {
        orders: [{ id: 11, plan: 'incident', kind: 'incident', status: 'paid', amount: 1990, currency: 'eur', amountRefunded: 0, createdAt: '2026-11-19T09:00:00Z', paidAt: '2026-11-19T09:01:00Z', refunds: [], caseReference: q.reference }],
        subscription: null,
        refunds: [{ id: 21, orderId: 11, amount: 1990, reason: 'Took too long', requestedBy: 'customer', status: 'pending_approval', stripeRefundId: null, note: null, createdAt: '2026-11-20T08:00:00Z', decidedAt: null }],
      },
    },
    ...over,
  };
}

export function timeEntry(over: Partial<TimeEntry> = {}): TimeEntry {
  return { id: 31, caseReference: 'NF-000001', user: { id: ME.id, name: ME.name }, startedAt: '2026-11-20T09:00:00Z', endedAt: '2026-11-20T09:20:00Z', seconds: 1200, source: 'manual', note: null, ...over };
}

/** An in-page fake of the staff API: routes by "METHOD /path" (path after /api/v1), every call recorded. */
export class FakeApi {
  readonly calls: Call[] = [];
  readonly #routes = new Map<string, Handler>();

  constructor() {
    this.on('GET /staff/session', () => ({ status: 200, body: SESSION }));
    this.on('GET /kb/categories', () => ({ status: 200, body: { locale: 'en', categories: [{ key: 'billing', name: 'Billing', description: '', articleCount: 3 }] } }));
    this.on('GET /staff/cases', () => ({ status: 200, body: { total: 0, next: null, cases: [] } }));
    this.on('GET /staff/users', () => ({ status: 200, body: { users: [ME, { ...ME, id: 9, email: 'luis@nubefibra.example', name: 'Luis', role: 'admin' }] } }));
    this.on('POST /staff/cases/:ref/presence', () => ({ status: 204 }));
    // One running timer entry at most, as the server keeps it.
    let running: TimeEntry | null = null;
    this.on('POST /staff/cases/:ref/timer/start', (c) => {
      running = timeEntry({ id: 40, caseReference: c.path.split('/')[3]!, endedAt: null, seconds: 0, source: 'timer', startedAt: new Date().toISOString() });
      return { status: 201, body: running };
    });
    this.on('POST /staff/cases/:ref/timer/stop', () => {
      const was = running;
      running = null;
      return was ? { status: 200, body: { ...was, endedAt: new Date().toISOString() } } : { status: 204 };
    });
    this.on('POST /staff/cases/:ref/timer/heartbeat', () => (running ? { status: 204 } : { status: 409, body: { type: 'https://ayuda.dev/problems/conflict', title: 'No timer', status: 409 } }));
    this.on('GET /staff/cases/:ref/time', () => ({ status: 200, body: { entries: [timeEntry(), ...(running ? [running] : [])], totalSeconds: 1200 } }));
  }

  /** Sets the answer of a route; `:ref` and `:id` match one path segment. */
  on(route: string, handler: Handler): this {
    this.#routes.set(route, handler);
    return this;
  }

  /** Answers a route with a problem. */
  refuse(route: string, status: number, detail = 'Refused'): this {
    return this.on(route, () => ({ status, body: { type: `https://ayuda.dev/problems/${status === 409 ? 'conflict' : 'error'}`, title: 'Refused', status, detail } }));
  }

  /** Calls to a route so far. */
  to(route: string): Call[] {
    const [method, pattern] = route.split(' ');
    const re = patternOf(pattern!);
    return this.calls.filter((c) => c.method === method && re.test(c.path));
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = (init?.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const raw = init?.body;
    const call: Call = { method, path, query: url.searchParams, body: typeof raw === 'string' ? JSON.parse(raw) : raw, headers: new Headers(init?.headers) };
    this.calls.push(call);
    const handler = [...this.#routes].reverse().find(([route]) => {
      const [m, p] = route.split(' ');
      return m === method && patternOf(p!).test(path);
    })?.[1];
    const r: Reply = handler ? await handler(call) : { status: 404, body: { type: 'https://ayuda.dev/problems/not-found', title: 'Not found', status: 404 } };
    if (r.status === 204 || r.body === undefined) return new Response(null, { status: r.status, headers: r.headers ?? {} });
    return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'Content-Type': r.status >= 400 ? 'application/problem+json' : 'application/json', ...r.headers } });
  };
}

const patternOf = (p: string) => new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(ref|id)/g, '[^/]+')}$`);

/** A fake EventSource the tests drive: `emit('case', {...})`, `fail()` (closed by the server), `open()`. */
export class FakeEventSource extends EventTarget {
  static made: FakeEventSource[] = [];
  readyState = 0;
  readonly url: string;
  closed = false;
  constructor(url: string) {
    super();
    this.url = url;
    FakeEventSource.made.push(this);
  }
  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  emit(type: 'case' | 'presence', data: unknown): void {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
  /** The server refused or closed the stream (EventSource gives up: readyState CLOSED). */
  fail(): void {
    this.readyState = 2;
    this.dispatchEvent(new Event('error'));
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  static get last(): FakeEventSource {
    return FakeEventSource.made[FakeEventSource.made.length - 1]!;
  }
}

/** Puts a fake API behind the console's client, the fake live events in place, and a language. */
export async function useFake(locale: ConsoleLocale = 'en'): Promise<FakeApi> {
  const fake = new FakeApi();
  forgetDirectory();
  const client: AyudaStaffClient = new AyudaStaffClient({ baseUrl: location.origin, fetch: watchingFetch(fake.fetch, (token) => (client.csrfToken = token)), retries: 1 });
  client.csrfToken = SESSION.csrfToken;
  useClient(client);
  FakeEventSource.made = [];
  liveEvents.start('/api/v1/staff/events', { eventSource: (u) => new FakeEventSource(u) as unknown as EventSource, delayMs: 10, maxDelayMs: 40 });
  await setLocale(locale);
  return fake;
}
