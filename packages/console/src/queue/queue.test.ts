import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import '../define/ayuda-console.js';
import { parseQueueQuery, type AyudaQueue } from './queue.js';
import { parseRoute, routeHref } from '../internal/router.js';
import { $, $$, active, caseDetail, cleanup, expectAccessible, fixture, FakeEventSource, ME, press, queueCase, text, useFake, waitFor, type FakeApi } from '../test-helpers.js';
import { setLocale } from '../internal/localize.js';
import { onNotice, type Notice } from '../internal/notices.js';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';

const CASES = [
  queueCase(5, { lane: 'fast', subject: 'Paid: no internet', sla: { target: 'first_response', dueAt: '2026-11-20T10:30:00Z', remainingMinutes: 12, totalMinutes: 60, state: 'at_risk' } }),
  queueCase(2, { subject: 'Older standard case', sla: { target: 'first_response', dueAt: '2026-11-20T09:00:00Z', remainingMinutes: -35, totalMinutes: 240, state: 'breached' } }),
  queueCase(3, { subject: 'Third', status: 'pending_customer', assignee: 'Luis', assigneeId: 9, lastPublicAuthor: 'staff', sla: { target: 'resolution', dueAt: null, remainingMinutes: null, totalMinutes: null, state: 'paused' } }),
];

async function mount(fake: FakeApi, cases = CASES): Promise<AyudaQueue> {
  fake.on('GET /staff/cases', () => ({ status: 200, body: { total: cases.length, next: null, cases } }));
  const el = fixture<AyudaQueue>('<ayuda-queue></ayuda-queue>');
  el.user = ME;
  el.view = 'all';
  await waitFor(() => $$(el, 'a[data-index]').length === cases.length, 'the rows');
  return el;
}

describe('ayuda-queue', () => {
  // Benign, and expected while rows are measured and recycled (the virtualizer's own advice for tests).
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach, { suppressErrorLogging: true });
  let fake: FakeApi;
  beforeEach(async () => {
    fake = await useFake('en');
  });
  afterEach(cleanup);

  it('is accessible, and lists the server order (fast lane first) with the SLA said in words', async () => {
    const el = await mount(fake);
    await expectAccessible(el);
    const rows = $$(el, 'a[data-index]');
    expect(rows.map((r) => r.dataset.reference)).to.deep.equal(['NF-000005', 'NF-000002', 'NF-000003']);
    expect(text(rows[0]!)).to.contain('Priority').and.contain('At risk: 12 min left').and.contain('First response');
    expect(text(rows[1]!)).to.contain('Breached 35 min ago').and.contain('Standard');
    expect(text(rows[2]!)).to.contain('Paused').and.contain('Luis').and.contain('Pending customer');
    expect(text($(el, '.count'))).to.equal('3 cases');
    expect($$(el, '[role=listitem]')[0]!.getAttribute('aria-setsize')).to.equal('3');
    // The first load asks for the view, the session's cookie does the rest.
    expect(fake.to('GET /staff/cases')[0]!.query.get('view')).to.equal('all');
  });

  it('on a phone (375 px wide), stacks each case so its subject is read whole, and nothing runs off the screen', async () => {
    await setViewport({ width: 375, height: 812 });
    try {
      const subject = 'Me habéis cobrado dos veces la factura de octubre';
      const el = await mount(fake, [{ ...CASES[1]!, subject, customer: { name: 'Pedro Sánchez', email: 'pedro.sanchez@example.com' } }, CASES[0]!]);
      await expectAccessible(el, 'narrow');
      const cell = $(el, 'a[data-index="0"] .subject')!;
      // In the table's column it had under 110 px: a few letters and an ellipsis.
      expect(cell.getBoundingClientRect().width).to.be.above(280);
      expect(cell.scrollWidth <= cell.clientWidth && cell.scrollHeight <= cell.clientHeight + 1).to.equal(true);
      expect(text(cell)).to.equal(subject);
      const page = document.scrollingElement!;
      expect(page.scrollWidth).to.be.at.most(page.clientWidth);
      for (const row of $$(el, 'a[data-index]')) expect(row.getBoundingClientRect().right).to.be.at.most(innerWidth);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('reads in Spanish too', async () => {
    await setLocale('es');
    const el = await mount(fake);
    await expectAccessible(el, 'es');
    expect(text($$(el, 'a[data-index]')[0]!)).to.contain('Prioritario').and.contain('En riesgo: quedan 12 min');
    expect(text($(el, 'h1'))).to.equal('Cola: Todos abiertos');
  });

  it('moves with j and k, opens with Enter, and ignores shortcuts while typing in the search box', async () => {
    const el = await mount(fake);
    press('j', { target: document.body });
    await waitFor(() => (active() as HTMLElement | null)?.dataset.reference === 'NF-000002', 'j to focus the second row');
    press('j');
    press('j');
    await waitFor(() => (active() as HTMLElement | null)?.dataset.reference === 'NF-000003', 'the last row');
    press('k');
    await waitFor(() => (active() as HTMLElement | null)?.dataset.reference === 'NF-000002', 'k');
    press('Enter');
    expect(location.hash).to.equal('#/cases/NF-000002');
    press('/');
    const search = $<HTMLInputElement>(el, 'input[type=search]')!;
    await waitFor(() => active() === search, '/ to focus the search');
    const j = press('j', { target: search });
    expect(j.defaultPrevented, 'j typed into the search box').to.equal(false);
    expect(el.index).to.equal(1);
    // Escape goes back from the search box to the list.
    press('Escape');
    await waitFor(() => (active() as HTMLElement | null)?.dataset.reference === 'NF-000002', 'the current row again');
  });

  it('searches and filters through the query', async () => {
    const el = await mount(fake);
    const search = $<HTMLInputElement>(el, 'input[type=search]')!;
    search.value = 'router';
    search.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await waitFor(() => fake.to('GET /staff/cases').some((c) => c.query.get('q') === 'router'), 'the search query');
    const lane = $<HTMLSelectElement>(el, 'select[name=lane]')!;
    lane.value = 'fast';
    lane.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => fake.to('GET /staff/cases').some((c) => c.query.get('lane') === 'fast' && c.query.get('q') === 'router'), 'the lane filter');
    const who = $<HTMLSelectElement>(el, 'select[name=assignee]')!;
    who.value = String(ME.id);
    who.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => fake.to('GET /staff/cases').some((c) => c.query.get('assigneeId') === String(ME.id)), 'the assignee filter');
  });

  it('has its filters in the address: #/queue/<view>?q=…&category=…&lane=…&status=…&assignee=…', () => {
    const hash = '#/queue/mine?q=router&category=billing&lane=fast&status=open&assignee=7';
    expect(parseRoute(hash)).to.deep.equal({ name: 'queue', view: 'mine', query: 'q=router&category=billing&lane=fast&status=open&assignee=7' });
    expect(routeHref(parseRoute(hash))).to.equal(hash);
    expect(parseRoute('#/queue/solved')).to.deep.equal({ name: 'queue', view: 'solved', query: '' });
    expect(routeHref({ name: 'queue', view: 'all' })).to.equal('#/queue/all');
    expect(routeHref({ name: 'queue', view: 'all', query: '' })).to.equal('#/queue/all');
  });

  it('opens with the filters its address says: the first request asks for them, and the controls show them', async () => {
    fake.on('GET /staff/cases', () => ({ status: 200, body: { total: 1, next: null, cases: [CASES[0]!] } }));
    const el = fixture<AyudaQueue>('<ayuda-queue></ayuda-queue>');
    el.user = ME;
    el.view = 'mine';
    // A category the list does not name (billing only) is kept by its key.
    el.query = 'q=router&category=promos&lane=fast&status=open&assignee=9';
    await waitFor(() => $$(el, 'a[data-index]').length === 1, 'the row');
    const calls = fake.to('GET /staff/cases');
    expect(calls, 'one request, already filtered').to.have.length(1);
    const q = calls[0]!.query;
    expect([q.get('view'), q.get('q'), q.get('category'), q.get('lane'), q.get('status'), q.get('assigneeId')]).to.deep.equal(['mine', 'router', 'promos', 'fast', 'open', '9']);
    await waitFor(() => $<HTMLSelectElement>(el, 'select[name=assignee]')!.value === '9', 'the staff in the assignee filter');
    expect($<HTMLInputElement>(el, 'input[type=search]')!.value).to.equal('router');
    expect(['category', 'lane', 'status'].map((n) => $<HTMLSelectElement>(el, `select[name=${n}]`)!.value)).to.deep.equal(['promos', 'fast', 'open']);
    expect(text($(el, 'h1'))).to.equal('Queue: Mine, with status Open');
    await expectAccessible(el, 'filtered from the address');
  });

  it('leaves out what the address says that it could not ask for, and keeps the rest', async () => {
    const long = 'x'.repeat(201);
    fake.on('GET /staff/cases', () => ({ status: 200, body: { total: 1, next: null, cases: [CASES[0]!] } }));
    const el = fixture<AyudaQueue>('<ayuda-queue></ayuda-queue>');
    el.user = ME;
    el.query = `q=${long}&category=Not%20a%20key&lane=slow&status=closed&assignee=abc`;
    await waitFor(() => $$(el, 'a[data-index]').length === 1, 'the row');
    const q = fake.to('GET /staff/cases')[0]!.query;
    expect(q.get('status'), 'the valid one').to.equal('closed');
    expect(['q', 'category', 'lane', 'assigneeId'].filter((k) => q.has(k)), 'the rest left out').to.deep.equal([]);
    // Each check on its own: a value is left out, never thrown.
    const none = { category: '', lane: '', status: '', assigneeId: '', q: '' };
    for (const bad of ['lane=Fast', 'lane=', 'status=pending', 'status=open,solved', 'assignee=0', 'assignee=-7', 'assignee=7.5', 'assignee=1e3', 'assignee=99999999999', `q=${long}`, 'category=../x', 'category=Billing', '%%%']) {
      expect(parseQueueQuery(bad), bad).to.deep.equal(none);
    }
    expect(parseQueueQuery(`q=${'x'.repeat(200)}&assignee=2147483647`)).to.deep.equal({ ...none, q: 'x'.repeat(200), assigneeId: '2147483647' });
  });

  it('puts the filters it is given in the address, replacing it (no history entry per keystroke or choice), and Clear filters takes them out', async () => {
    location.hash = '#/queue/all';
    const el = await mount(fake);
    const entries = history.length;
    const lane = $<HTMLSelectElement>(el, 'select[name=lane]')!;
    lane.value = 'fast';
    lane.dispatchEvent(new Event('change', { bubbles: true }));
    expect(location.hash).to.equal('#/queue/all?lane=fast');
    const search = $<HTMLInputElement>(el, 'input[type=search]')!;
    for (const typed of ['r', 'ro', 'rou', 'router']) {
      search.value = typed;
      search.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    }
    await waitFor(() => location.hash === '#/queue/all?q=router&lane=fast', 'the search in the address, after the pause');
    const who = $<HTMLSelectElement>(el, 'select[name=assignee]')!;
    who.value = String(ME.id);
    who.dispatchEvent(new Event('change', { bubbles: true }));
    expect(location.hash).to.equal(`#/queue/all?q=router&lane=fast&assignee=${ME.id}`);
    await waitFor(() => fake.to('GET /staff/cases').some((c) => c.query.get('assigneeId') === String(ME.id) && c.query.get('q') === 'router'), 'the request');
    expect(history.length, 'no new history entries').to.equal(entries);
    await el.updateComplete;
    $$<HTMLButtonElement>(el, 'form button').find((b) => text(b) === 'Clear filters')!.click();
    expect(location.hash).to.equal('#/queue/all');
    expect(history.length).to.equal(entries);
  });

  it('names the categories in the language the console speaks now, asking again when it changes, and keeps the chosen one', async () => {
    // As the server lists them: a category shows only where it has articles in that language.
    const NAMES = { es: { billing: 'Facturación y pagos', outages: 'Averías y cortes', promos: 'Promociones' }, en: { billing: 'Billing and payments', outages: 'Outages and faults' } };
    fake.on('GET /kb/categories', (c) => {
      const locale = c.query.get('locale') === 'en' ? 'en' : 'es';
      return { status: 200, body: { locale, categories: Object.entries(NAMES[locale]).map(([key, name]) => ({ key, name, description: '', articleCount: 2 })) } };
    });
    await setLocale('es');
    const el = await mount(fake);
    const select = () => $<HTMLSelectElement>(el, 'select[name=category]')!;
    const names = () => Array.from(select().options, (o) => o.text.trim());
    await waitFor(() => names().includes('Facturación y pagos'), 'the Spanish names');
    select().value = 'outages';
    select().dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => fake.to('GET /staff/cases').some((c) => c.query.get('category') === 'outages'), 'the category filter');

    // The agent switches the console to English (the header's menu, or their account's language
    // arriving after the sign-in): the names follow, and the filter stays on the same category.
    await setLocale('en');
    await waitFor(() => names().includes('Outages and faults'), 'the English names');
    expect(names()).to.deep.equal(['Any', 'Billing and payments', 'Outages and faults']);
    expect(select().value).to.equal('outages');
    expect(fake.to('GET /kb/categories').map((c) => c.query.get('locale'))).to.deep.equal(['es', 'en']);
    expect(fake.to('GET /staff/cases').at(-1)!.query.get('category')).to.equal('outages');

    // A chosen category the other language does not list stays chosen, by its key.
    await setLocale('es');
    await waitFor(() => names().includes('Promociones'), 'the Spanish names again');
    select().value = 'promos';
    select().dispatchEvent(new Event('change', { bubbles: true }));
    await setLocale('en');
    await waitFor(() => names().includes('Billing and payments'), 'the English names again');
    expect(names()).to.deep.equal(['Any', 'Billing and payments', 'Outages and faults', 'promos']);
    expect(select().value).to.equal('promos');
    await expectAccessible(el, 'after switching languages');
  });

  it('assigns to me at once with a, and keeps it when the server agrees', async () => {
    fake.on('POST /staff/cases/:ref/assignee', () => ({ status: 200, body: caseDetail(5, { assignee: ME.name, assigneeId: ME.id }) }));
    const el = await mount(fake);
    press('a', { target: document.body });
    expect(el.items[0]!.assignee, 'at once').to.equal(ME.name);
    await waitFor(() => text($$(el, 'a[data-index]')[0]!).includes(ME.name), 'the row to show it');
    await waitFor(() => fake.to('POST /staff/cases/NF-000005/assignee').length === 1, 'the request');
    const call = fake.to('POST /staff/cases/NF-000005/assignee')[0]!;
    expect(call.body).to.deep.equal({ assigneeId: ME.id });
    expect(call.headers.get('x-csrf-token')).to.equal('csrf-123');
  });

  it('rolls an assignment back, with a message, when the server refuses', async () => {
    fake.refuse('POST /staff/cases/:ref/assignee', 409, 'Changed meanwhile');
    const messages: string[] = [];
    const { onNotice } = await import('../internal/notices.js');
    const off = onNotice((n) => messages.push(`${n.tone}: ${n.message}`));
    const el = await mount(fake);
    press('a', { target: document.body });
    expect(el.items[0]!.assigneeId).to.equal(ME.id);
    await waitFor(() => el.items[0]!.assigneeId === null, 'the rollback');
    expect(text($$(el, 'a[data-index]')[0]!)).to.contain('Unassigned');
    expect(messages).to.deep.equal(['error: Assign to me (NF-000005) was undone: someone changed it meanwhile; the case shows its current state']);
    off();
  });

  it('solves with s (the case leaves the open list) and puts it back if refused', async () => {
    fake.refuse('POST /staff/cases/:ref/status', 422);
    const el = await mount(fake);
    press('j', { target: document.body });
    await waitFor(() => el.index === 1);
    press('s');
    // Nobody has answered NF-000002 yet (first response due): solving mails the customer, so it asks.
    const dialog = await waitFor(() => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'the question');
    expect(el.items).to.have.length(3);
    expect(text(dialog)).to.contain('Solve NF-000002?');
    await waitFor(() => active()?.matches('button.primary'), 'the focus on the confirm button');
    let release!: () => void;
    fake.on('POST /staff/cases/:ref/status', () => new Promise((r) => (release = () => r({ status: 422, body: { type: 'https://ayuda.dev/problems/validation', title: 'Invalid', status: 422 } }))));
    press('y');
    await waitFor(() => el.items.length === 2, 'gone at once once confirmed');
    expect(el.items.map((c) => c.reference)).to.deep.equal(['NF-000005', 'NF-000003']);
    await waitFor(() => release, 'the request');
    release();
    await waitFor(() => el.items.length === 3, 'the case back');
    expect(el.items[1]!.reference).to.equal('NF-000002');
    expect(fake.to('POST /staff/cases/NF-000002/status')[0]!.body).to.deep.equal({ status: 'solved' });
  });

  it('s solves an answered case at once, and Escape on the question keeps an unanswered one', async () => {
    fake.on('POST /staff/cases/:ref/status', () => ({ status: 200, body: caseDetail(3, { status: 'solved' }) }));
    const el = await mount(fake);
    press('s', { target: document.body });
    const dialog = await waitFor(() => $<HTMLDialogElement>(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'the question');
    await waitFor(() => active()?.matches('button.primary'));
    expect(press('j').defaultPrevented, 'the list waits while it asks').to.equal(false);
    press('Escape');
    await waitFor(() => !dialog.open);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.to('POST /staff/cases/NF-000005/status')).to.have.length(0);
    expect(el.items).to.have.length(3);
    // The staff wrote NF-000003's latest public message (the customer waits for nothing): at once.
    el.index = 2;
    press('s', { target: document.body });
    expect(el.items.map((c) => c.reference), 'at once').to.deep.equal(['NF-000005', 'NF-000002']);
    await waitFor(() => fake.to('POST /staff/cases/NF-000003/status').length === 1);
  });

  it('s asks (in Spanish too) for a case answered before whose customer has written since, and solves at once only when the staff wrote last', async () => {
    await setLocale('es');
    fake.on('POST /staff/cases/:ref/status', () => ({ status: 200, body: caseDetail(15, { status: 'solved' }) }));
    // As NF-000015 in the demo: a colleague's, answered once (the target is the resolution), the customer's reply newer.
    const waiting = queueCase(15, { assignee: 'Luis', assigneeId: 9, lastPublicAuthor: 'customer', sla: { target: 'resolution', dueAt: '2026-11-21T13:00:00Z', remainingMinutes: 480, totalMinutes: 960, state: 'ok' } });
    const answered = queueCase(16, { assignee: 'Luis', assigneeId: 9, lastPublicAuthor: 'staff', sla: { target: 'resolution', dueAt: '2026-11-21T14:00:00Z', remainingMinutes: 540, totalMinutes: 960, state: 'ok' } });
    const el = await mount(fake, [waiting, answered]);
    press('s', { target: document.body });
    const dialog = await waitFor(() => $<HTMLDialogElement>(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'the question');
    expect(text(dialog)).to.contain('¿Resolver NF-000015?').and.contain('El último mensaje es del cliente y aún no tiene respuesta');
    expect(el.items, 'nothing gone while it asks').to.have.length(2);
    await waitFor(() => active()?.matches('button.primary'));
    press('Escape');
    await waitFor(() => !dialog.open);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.to('POST /staff/cases/NF-000015/status'), 'no email to the customer').to.have.length(0);
    expect(el.items).to.have.length(2);
    // Asked again, confirmed: solved.
    press('s', { target: document.body });
    await waitFor(() => dialog.open && active()?.matches('button.primary'), 'asked again');
    press('y');
    await waitFor(() => fake.to('POST /staff/cases/NF-000015/status').length === 1, 'solved once confirmed');
    // The staff's answer is the latest public message: at once, no question.
    await waitFor(() => el.items.length === 1 && el.items[0]!.reference === 'NF-000016');
    el.index = 0;
    press('s', { target: document.body });
    expect(el.items, 'at once').to.have.length(0);
    expect(dialog.open).to.equal(false);
    await waitFor(() => fake.to('POST /staff/cases/NF-000016/status').length === 1);
  });

  it('s on a case the list believes answered asks the server to check (ifLastPublicAuthor); if the customer wrote meanwhile (412) the case comes back, the agent is asked, and only a confirmation solves', async () => {
    const notices: Notice[] = [];
    const stop = onNotice((n) => notices.push(n));
    try {
      fake.on('POST /staff/cases/:ref/status', (c) =>
        (c.body as { ifLastPublicAuthor?: string }).ifLastPublicAuthor
          ? { status: 412, body: { type: 'https://ayuda.dev/problems/precondition-failed', title: 'Precondition failed', status: 412, detail: 'The customer wrote to NF-000003 after the last answer: its status was not changed.' } }
          : { status: 200, body: caseDetail(3, { status: 'solved' }) },
      );
      const el = await mount(fake);
      el.index = 2;
      press('s', { target: document.body });
      expect(el.items.map((c) => c.reference), 'at once').to.deep.equal(['NF-000005', 'NF-000002']);
      const dialog = await waitFor(() => $<HTMLDialogElement>(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'the question once refused');
      expect(text(dialog)).to.contain('Solve NF-000003?').and.contain('The customer wrote last and has no answer yet');
      expect(el.items.map((c) => c.reference), 'back in the list').to.deep.equal(['NF-000005', 'NF-000002', 'NF-000003']);
      expect(fake.to('POST /staff/cases/NF-000003/status').map((c) => c.body)).to.deep.equal([{ status: 'solved', ifLastPublicAuthor: 'staff' }]);
      expect(notices.filter((n) => n.tone === 'error'), 'no "undone" message: the question says it').to.deep.equal([]);
      await waitFor(() => active()?.matches('button.primary'));
      press('Escape');
      await waitFor(() => !dialog.open);
      await new Promise((r) => setTimeout(r, 50));
      expect(fake.to('POST /staff/cases/NF-000003/status'), 'cancelled: nothing more sent').to.have.length(1);
      // Again (the list still says the staff wrote last, so the server is asked again), confirmed this time: solved without the precondition.
      el.index = el.items.findIndex((c) => c.reference === 'NF-000003');
      press('s', { target: document.body });
      await waitFor(() => dialog.open && active()?.matches('button.primary'), 'asked again');
      press('y');
      await waitFor(() => fake.to('POST /staff/cases/NF-000003/status').length === 3, 'solved once confirmed');
      expect(fake.to('POST /staff/cases/NF-000003/status').at(-1)!.body).to.deep.equal({ status: 'solved' });
      await waitFor(() => el.items.length === 2);
    } finally {
      stop();
    }
  });

  it('names the status filter in the heading once it replaces the view\'s statuses, in both languages', async () => {
    const el = await mount(fake);
    const status = $<HTMLSelectElement>(el, 'select[name=status]')!;
    status.value = 'closed';
    status.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => text($(el, 'h1')) === 'Queue: cases with status Closed', 'the heading');
    expect($(el, 'lit-virtualizer')!.getAttribute('aria-label')).to.equal('Queue: cases with status Closed');
    await setLocale('es');
    await waitFor(() => text($(el, 'h1')) === 'Cola: casos en estado Cerrado', 'in Spanish');
    el.view = 'mine';
    await waitFor(() => text($(el, 'h1')) === 'Cola: Míos, en estado Cerrado', 'a view that says whose cases');
    $<HTMLButtonElement>(el, 'form button')!.click();
    await waitFor(() => text($(el, 'h1')) === 'Cola: Míos', 'the view again once the filters are cleared');
  });

  it('a refused solve never duplicates the row, even after a refresh brought it back meanwhile', async () => {
    let refuse!: () => void;
    fake.on('POST /staff/cases/:ref/status', () => new Promise((r) => (refuse = () => r({ status: 422, body: { type: 'https://ayuda.dev/problems/validation', title: 'Invalid', status: 422 } }))));
    const el = await mount(fake);
    void el.solve();
    await waitFor(() => refuse, 'the request');
    expect(el.items.map((c) => c.reference)).to.deep.equal(['NF-000002', 'NF-000003']);
    // A live refresh lands before the server's answer: the case is still open there.
    await el.refresh();
    expect(el.items).to.have.length(3);
    const { onNotice } = await import('../internal/notices.js');
    let undone = false;
    const off = onNotice((n) => (undone ||= n.tone === 'error'));
    refuse();
    await waitFor(() => undone, 'the rollback');
    off();
    expect(el.items.map((c) => c.reference)).to.deep.equal(['NF-000005', 'NF-000002', 'NF-000003']);
    expect(el.total, 'the count the refresh gave, not one more').to.equal(3);
    expect(text($(el, '.count'))).to.equal('3 cases');
  });

  it('in the Unassigned view, a drops the row at once and puts it back if refused', async () => {
    fake.refuse('POST /staff/cases/:ref/assignee', 409, 'Changed meanwhile');
    const unassigned = CASES.filter((c) => c.assigneeId === null);
    fake.on('GET /staff/cases', () => ({ status: 200, body: { total: unassigned.length, next: null, cases: unassigned } }));
    const el = fixture<AyudaQueue>('<ayuda-queue view="unassigned"></ayuda-queue>');
    el.user = ME;
    await waitFor(() => $$(el, 'a[data-index]').length === 2, 'the rows');
    press('j', { target: document.body });
    await waitFor(() => el.index === 1);
    press('a');
    expect(el.items.map((c) => c.reference), 'gone at once').to.deep.equal(['NF-000005']);
    expect(el.total).to.equal(1);
    await waitFor(() => el.items.length === 2, 'the row back');
    expect(el.items.map((c) => c.reference)).to.deep.equal(['NF-000005', 'NF-000002']);
    expect(el.items[1]!.assigneeId).to.equal(null);
    expect(el.total).to.equal(2);
    // Agreed: it stays gone.
    fake.on('POST /staff/cases/:ref/assignee', () => ({ status: 200, body: caseDetail(2, { assignee: ME.name, assigneeId: ME.id }) }));
    el.index = 1;
    await el.assignToMe();
    expect(el.items.map((c) => c.reference)).to.deep.equal(['NF-000005']);
  });

  it('shows a new case from the live events without reloading the page', async () => {
    const el = await mount(fake);
    const withNew = [queueCase(8, { lane: 'fast', subject: 'Brand new' }), ...CASES];
    fake.on('GET /staff/cases', () => ({ status: 200, body: { total: withNew.length, next: null, cases: withNew } }));
    FakeEventSource.last.open();
    FakeEventSource.last.emit('case', { reference: 'NF-000008', change: 'created', by: 'customer', at: '2026-11-20T10:00:00Z' });
    await waitFor(() => $$(el, 'a[data-index]').some((a) => a.dataset.reference === 'NF-000008'), 'the new row');
    expect(text($(el, '.count'))).to.equal('4 cases');
  });

  it('keeps 10,000 cases smooth: only the rows on screen are in the DOM, and more load as it scrolls', async () => {
    const many = Array.from({ length: 100 }, (_, i) => queueCase(i + 1));
    fake.on('GET /staff/cases', (c) => {
      const from = c.query.get('cursor') ? Number(c.query.get('cursor')) : 0;
      const cases = Array.from({ length: 100 }, (_, i) => queueCase(from + i + 1));
      return { status: 200, body: { total: 10_000, next: from + 100 < 10_000 ? String(from + 100) : null, cases } };
    });
    const el = fixture<AyudaQueue>('<ayuda-queue></ayuda-queue>');
    el.user = ME;
    await waitFor(() => el.items.length === many.length, 'the first page');
    expect($$(el, 'a[data-index]').length).to.be.below(60);
    for (let i = 0; i < 120; i++) press('j', { target: document.body });
    await waitFor(() => el.items.length >= 200, 'the second page');
    await waitFor(() => (active() as HTMLElement | null)?.dataset.reference === 'NF-000100' || el.index >= 100, 'moving past the first page');
    expect(fake.to('GET /staff/cases').some((c) => c.query.get('cursor') === '100')).to.equal(true);
  });

  it('a refresh deep in a long list keeps the rows past the first 500 and the current one', async () => {
    fake.on('GET /staff/cases', (c) => {
      const from = c.query.get('cursor') ? Number(c.query.get('cursor')) : 0;
      const limit = Number(c.query.get('limit'));
      const cases = Array.from({ length: limit }, (_, i) => queueCase(from + i + 1));
      return { status: 200, body: { total: 10_000, next: String(from + limit), cases } };
    });
    const el = fixture<AyudaQueue>('<ayuda-queue></ayuda-queue>');
    el.user = ME;
    await waitFor(() => el.items.length === 100, 'the first page');
    for (let i = 0; i < 6; i++) {
      el.index = el.items.length - 1;
      el.move(1);
      await waitFor(() => el.items.length >= 100 * (i + 2), `page ${i + 2}`);
    }
    // The last move's focus lands first (its focus event would set the index back).
    await el.focusRow(el.index);
    el.index = 650;
    const next = el.next;
    await el.refresh();
    expect(fake.to('GET /staff/cases').at(-1)!.query.get('limit')).to.equal('500');
    expect(el.items.length).to.be.at.least(700);
    expect(el.index).to.equal(650);
    expect(el.items[650]!.reference).to.equal('NF-000651');
    expect(el.next).to.equal(next);
  });
});
