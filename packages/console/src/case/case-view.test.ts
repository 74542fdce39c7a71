import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import '../define/ayuda-case-view.js';
import type { AyudaCaseView } from './case-view.js';
import { $, $$, active, caseDetail, cleanup, expectAccessible, fixture, FakeEventSource, ME, press, text, timeEntry, useFake, waitFor, type FakeApi } from '../test-helpers.js';
import { onNotice } from '../internal/notices.js';
import { setLocale } from '../internal/localize.js';

/** A case the staff have answered in public already. */
function answered(): ReturnType<typeof caseDetail> {
  const d = caseDetail(1);
  d.messages.push({ id: 3, author: 'staff', authorName: ME.name, body: 'Restart it.', html: '<p>Restart it.</p>', createdAt: '2026-11-20T09:40:00Z', attachments: [], internal: false });
  return d;
}

async function mount(fake: FakeApi, detail = caseDetail(1)): Promise<AyudaCaseView> {
  fake.on('GET /staff/cases/:ref', () => ({ status: 200, body: detail }));
  const el = fixture<AyudaCaseView>('<ayuda-case-view></ayuda-case-view>');
  el.user = ME;
  el.reference = detail.reference;
  await waitFor(() => $(el, 'h1') && $(el, 'ayuda-composer'), 'the case');
  await waitFor(() => $(el, 'ayuda-time-panel', 'li'), 'the time entries');
  return el;
}

const composer = (el: AyudaCaseView) => $(el, 'ayuda-composer')!;
const textarea = (el: AyudaCaseView) => $<HTMLTextAreaElement>(el, 'ayuda-composer', 'textarea')!;

/** Answers the refund's question: says what it asked, then confirms (or cancels) and waits for the dialog to close. */
async function answerRefund(confirm = true): Promise<string> {
  const host = () => document.querySelector('ayuda-confirm-dialog');
  const dialog = await waitFor(() => host() && $(host()!, 'dialog[open]'), 'the refund question');
  const asked = text(dialog);
  $<HTMLButtonElement>(host()!, confirm ? 'button.primary' : 'button.cancel')!.click();
  await waitFor(() => !$(host()!, 'dialog[open]'), 'the question closed');
  return asked;
}

describe('ayuda-case-view', () => {
  let fake: FakeApi;
  let notices: string[];
  let off: () => void;
  beforeEach(async () => {
    fake = await useFake('en');
    notices = [];
    off = onNotice((n) => notices.push(`${n.tone}: ${n.message}`));
  });
  afterEach(() => {
    off();
    cleanup();
  });

  it('is accessible; shows the thread with attachments and internal notes marked in words; focuses the title', async () => {
    const el = await mount(fake);
    await expectAccessible(el);
    const msgs = $$(el, '.msg');
    expect(msgs).to.have.length(2);
    expect(text(msgs[0]!)).to.contain('Customer').and.contain('My router blinks red.').and.contain('photo.png');
    expect($(msgs[0]!, 'a[download]')!.getAttribute('href')).to.equal('/api/v1/staff/cases/NF-000001/attachments/a1');
    expect(msgs[1]!.classList.contains('internal')).to.equal(true);
    expect(text(msgs[1]!)).to.contain('Internal note').and.contain('Checked the line:');
    expect($(msgs[1]!, '.body strong')?.textContent, 'staff markdown as the server rendered it').to.equal('fine');
    expect(active()?.localName).to.equal('h1');
    // Beside it: the customer, their other cases, payments and the refund waiting for staff.
    const panel = $(el, 'ayuda-customer-panel')!;
    expect(text(panel)).to.contain('NF-000099').and.contain('€19.90').and.contain('Waiting for staff');
    await expectAccessible(panel, 'customer panel');
  });

  it('says there is no such case (no retry), or that it cannot be loaded and tries again on request', async () => {
    fake.refuse('GET /staff/cases/:ref', 404);
    const missing = fixture<AyudaCaseView>('<ayuda-case-view></ayuda-case-view>');
    missing.user = ME;
    missing.reference = 'NF-000404';
    const gone = await waitFor(() => $(missing, '[role=alert]'), 'the error');
    expect(text(gone)).to.contain('There is no case NF-000404. Check the reference, or find the case in the queue.');
    expect($$(missing, 'button').some((b) => b.textContent?.includes('Try again'))).to.equal(false);
    expect($(gone, 'a')!.textContent).to.contain('Back to the queue');
    await expectAccessible(missing, 'no such case');
    cleanup();

    fake.refuse('GET /staff/cases/:ref', 503);
    const el = fixture<AyudaCaseView>('<ayuda-case-view></ayuda-case-view>');
    el.user = ME;
    el.reference = 'NF-000404';
    const alert = await waitFor(() => $(el, '[role=alert]'), 'the error');
    expect(text(alert)).to.contain('the server is not available right now');
    await expectAccessible(el, 'error');
    fake.on('GET /staff/cases/:ref', () => ({ status: 200, body: caseDetail(404) }));
    $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent?.includes('Try again'))!.click();
    await waitFor(() => $(el, 'h1'), 'the case');
  });

  it('starts the timer when the case opens, says it is viewing, and stops both when the agent leaves', async () => {
    const el = await mount(fake);
    expect(fake.to('POST /staff/cases/NF-000001/timer/start')).to.have.length(1);
    expect(fake.to('POST /staff/cases/NF-000001/presence')[0]!.body).to.deep.equal({ state: 'viewing' });
    await waitFor(() => text($(el, 'ayuda-time-panel')).includes('Your timer is running'), 'the running timer');
    el.remove();
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/timer/stop').length === 1, 'the timer stopped');
    expect(fake.to('POST /staff/cases/NF-000001/presence').map((c) => (c.body as { state: string }).state)).to.deep.equal(['viewing', 'left']);
  });

  /**
   * The server's timer as the fake keeps it: one per person, a start stops the other, a stop
   * stops only its own case. `hold(route)` keeps that route's next answer (and its effect) until
   * released, as a slow request would.
   */
  function timerServer(f: FakeApi) {
    const server = { running: null as string | null, holds: new Map<string, Promise<void>>() };
    const hold = (route: string): (() => void) => {
      let release!: () => void;
      server.holds.set(route, new Promise<void>((r) => (release = r)));
      return () => {
        server.holds.delete(route);
        release();
      };
    };
    const refOf = (c: { path: string }) => c.path.split('/')[3]!;
    f.on('POST /staff/cases/:ref/timer/start', async (c) => {
      await server.holds.get(`start ${refOf(c)}`);
      server.running = refOf(c);
      return { status: 201, body: timeEntry({ id: 40, caseReference: refOf(c), endedAt: null, seconds: 0, source: 'timer' }) };
    });
    f.on('POST /staff/cases/:ref/timer/stop', async (c) => {
      await server.holds.get(`stop ${refOf(c)}`);
      if (server.running !== refOf(c)) return { status: 204 };
      server.running = null;
      return { status: 200, body: timeEntry({ id: 40, caseReference: refOf(c), source: 'timer' }) };
    });
    f.on('GET /staff/cases/:ref/time', (c) => ({ status: 200, body: { entries: [timeEntry(), ...(server.running === refOf(c) ? [timeEntry({ id: 40, caseReference: refOf(c), endedAt: null, seconds: 0, source: 'timer' })] : [])], totalSeconds: 1200 } }));
    f.on('GET /staff/cases/:ref', (c) => ({ status: 200, body: caseDetail(Number(refOf(c).slice(3))) }));
    return { server, hold };
  }

  it('keeps the timer running on the case on screen when a start for the case left answers late (one at a time, in order)', async () => {
    const { server, hold } = timerServer(fake);
    const release = hold('start NF-000001');
    const el = fixture<AyudaCaseView>('<ayuda-case-view></ayuda-case-view>');
    el.user = ME;
    el.reference = 'NF-000001';
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/timer/start').length === 1 && $(el, 'h1'), 'the first start sent');
    await expectAccessible(el);
    // j: the next case, while the first start has no answer yet.
    el.reference = 'NF-000002';
    await waitFor(() => $(el, 'h1') && text($(el, 'h1')).includes('NF-000002'), 'the second case');
    expect(fake.to('POST /staff/cases/NF-000002/timer/start'), 'no second start before the first is answered').to.have.length(0);
    release();
    await waitFor(() => fake.to('POST /staff/cases/NF-000002/timer/start').length === 1, 'the second start');
    await waitFor(() => text($(el, 'ayuda-time-panel')).includes('Your timer is running'), 'the running timer');
    expect(server.running, 'the timer runs on the case on screen').to.equal('NF-000002');
  });

  it('keeps the timer running on a case left and opened again at once, when the stop answers late', async () => {
    const { server, hold } = timerServer(fake);
    const first = await mount(fake);
    await expectAccessible(first);
    expect(server.running).to.equal('NF-000001');
    // Back to the queue and into the same case again; the stop is slow.
    const release = hold('stop NF-000001');
    first.remove();
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/timer/stop').length === 1, 'the stop sent');
    const again = fixture<AyudaCaseView>('<ayuda-case-view></ayuda-case-view>');
    again.user = ME;
    again.reference = 'NF-000001';
    await waitFor(() => $(again, 'h1'), 'the case again');
    expect(fake.to('POST /staff/cases/NF-000001/timer/start'), 'no start before the stop is answered').to.have.length(1);
    release();
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/timer/start').length === 2, 'the start');
    await waitFor(() => text($(again, 'ayuda-time-panel')).includes('Your timer is running'), 'the running timer');
    expect(server.running, 'the timer runs on the case on screen').to.equal('NF-000001');
  });

  it('r and n put the cursor in the composer as a reply or a note; Escape leaves the field, then goes back', async () => {
    const el = await mount(fake);
    press('n', { target: document.body });
    await waitFor(() => active() === textarea(el), 'the composer focused');
    expect((composer(el) as unknown as { mode: string }).mode).to.equal('note');
    expect(text(composer(el))).to.contain('Internal note (only staff see it)');
    // A shortcut key typed in the text is text.
    expect(press('s').defaultPrevented).to.equal(false);
    press('Escape');
    await waitFor(() => active()?.localName === 'h1', 'the focus back on the title');
    press('r');
    await waitFor(() => active() === textarea(el), 'the composer again');
    expect((composer(el) as unknown as { mode: string }).mode).to.equal('reply');
    textarea(el).blur();
    press('Escape', { target: document.body });
    expect(location.hash).to.equal('#/queue/all');
  });

  it('puts the cursor in the text within the r key press: letters typed right after it are text, not shortcuts', async () => {
    const el = await mount(fake);
    press('r', { target: document.body });
    expect(active(), 'focused at once').to.equal(textarea(el));
    expect(press('a').defaultPrevented).to.equal(false);
    expect(press('s').defaultPrevented).to.equal(false);
    expect(fake.to('POST /staff/cases/NF-000001/assignee')).to.have.length(0);
  });

  it('sends a reply at once (shown as sending), and keeps the server’s thread', async () => {
    const el = await mount(fake);
    let release!: () => void;
    const answered = new Promise<void>((r) => (release = r));
    const saved = caseDetail(1);
    saved.messages.push({ id: 3, author: 'staff', authorName: ME.name, body: 'Restart it, please.', html: '<p>Restart it, please.</p>', createdAt: '2026-11-20T10:00:00Z', attachments: [], internal: false });
    fake.on('POST /staff/cases/:ref/messages', async () => (await answered, { status: 201, body: saved }));
    press('r', { target: document.body });
    await waitFor(() => active() === textarea(el));
    textarea(el).value = 'Restart it, please.';
    press('Enter', { ctrlKey: true });
    await waitFor(() => $$(el, '.msg.pending').length === 1, 'the reply shown at once');
    expect(text($(el, '.msg.pending'))).to.contain('Sending…');
    expect(textarea(el).value).to.equal('');
    release();
    await waitFor(() => $$(el, '.msg').length === 3 && !$(el, '.msg.pending'), 'the server’s thread');
    expect(fake.to('POST /staff/cases/NF-000001/messages')[0]!.body).to.deep.equal({ body: 'Restart it, please.', internal: false });
    expect(notices).to.include('info: Reply sent.');
  });

  it('says at the box that an empty reply or note has nothing to send, focuses it, and sends nothing', async () => {
    const el = await mount(fake);
    const composer = $(el, 'ayuda-composer')!;
    textarea(el).value = '   ';
    (await waitFor(() => $$<HTMLButtonElement>(composer, 'button').find((b) => b.textContent?.trim() === 'Send reply'), 'the send button')).click();
    const error = await waitFor(() => $(el, 'ayuda-composer', '#empty-error'), 'the message at the box');
    expect(text(error)).to.equal('Write the reply before sending it.');
    expect(textarea(el).getAttribute('aria-invalid')).to.equal('true');
    expect(textarea(el).getAttribute('aria-describedby')).to.equal('empty-error');
    await waitFor(() => active() === textarea(el), 'the box focused');
    await expectAccessible(el, 'an empty reply');
    // As a note, in the note's words; typing clears it.
    $<HTMLInputElement>(composer, 'input[value=note]')!.click();
    (await waitFor(() => $$<HTMLButtonElement>(composer, 'button').find((b) => b.textContent?.trim() === 'Add note'), 'the note’s button')).click();
    await waitFor(() => text($(el, 'ayuda-composer', '#empty-error')) === 'Write the note before adding it.', 'the note’s words');
    textarea(el).value = 'x';
    textarea(el).dispatchEvent(new Event('input', { bubbles: true }));
    await waitFor(() => !$(el, 'ayuda-composer', '#empty-error'), 'the message gone');
    expect(textarea(el).getAttribute('aria-invalid')).to.equal('false');
    expect(fake.to('POST /staff/cases/NF-000001/messages')).to.have.length(0);
  });

  it('rolls a refused reply back: the message goes, the text comes back, a message in the user’s language says why', async () => {
    const { setLocale } = await import('../internal/localize.js');
    await setLocale('es');
    fake.refuse('POST /staff/cases/:ref/messages', 409, 'The case is closed');
    const el = await mount(fake);
    press('r', { target: document.body });
    await waitFor(() => active() === textarea(el));
    textarea(el).value = 'Una respuesta';
    press('Enter', { ctrlKey: true });
    await waitFor(() => textarea(el).value === 'Una respuesta', 'the text back');
    expect($$(el, '.msg')).to.have.length(2);
    expect(notices).to.deep.equal(['error: Se ha deshecho «Enviar respuesta»: el caso está cerrado']);
  });

  it('s asks first while nobody has answered the customer: Escape keeps the case open, y solves', async () => {
    fake.on('POST /staff/cases/:ref/status', () => ({ status: 200, body: caseDetail(1, { status: 'solved' }) }));
    const el = await mount(fake);
    press('s', { target: document.body });
    const dialog = await waitFor(() => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'the question');
    expect(el.data!.status, 'not yet').to.equal('open');
    expect(dialog.getAttribute('role')).to.equal('alertdialog');
    expect(text(dialog)).to.contain('Solve NF-000001?').and.contain('Nobody has answered the customer yet');
    await waitFor(() => active()?.matches('button.primary'), 'the focus on the confirm button');
    await expectAccessible(document.querySelector('ayuda-confirm-dialog')!, 'the question');
    // Other shortcuts wait while it is open; Escape only closes it (it does not leave the case).
    expect(press('a').defaultPrevented).to.equal(false);
    press('Escape');
    await waitFor(() => !$(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'closed');
    expect(location.hash).to.not.equal('#/queue/all');
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.to('POST /staff/cases/NF-000001/status')).to.have.length(0);
    // Again, and y confirms.
    press('s', { target: document.body });
    await waitFor(() => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'asked again');
    await waitFor(() => active()?.matches('button.primary'));
    press('y');
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/status').length === 1, 'solved');
    expect(fake.to('POST /staff/cases/NF-000001/status')[0]!.body).to.deep.equal({ status: 'solved' });
  });

  it('s asks (in Spanish too) when the customer has written since the last answer: only the staff\'s latest public message solves at once', async () => {
    await setLocale('es');
    fake.on('POST /staff/cases/:ref/status', () => ({ status: 200, body: caseDetail(1, { status: 'solved' }) }));
    const d = answered();
    d.messages.push({ id: 4, author: 'customer', authorName: d.customer.name, body: 'Sigue igual.', html: null, createdAt: '2026-11-20T20:01:00Z', attachments: [], internal: false });
    // A note after it is no answer.
    d.messages.push({ id: 5, author: 'staff', authorName: 'Luis', body: 'Lo miro mañana.', html: null, createdAt: '2026-11-20T20:05:00Z', attachments: [], internal: true });
    const el = await mount(fake, d);
    press('s', { target: document.body });
    const dialog = await waitFor(() => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'the question');
    expect(text(dialog)).to.contain('¿Resolver NF-000001?').and.contain('El último mensaje es del cliente y aún no tiene respuesta');
    await waitFor(() => active()?.matches('button.primary'));
    press('Escape');
    await waitFor(() => !$(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'closed');
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.to('POST /staff/cases/NF-000001/status')).to.have.length(0);
    expect(el.data!.status).to.equal('open');
  });

  it('s on a case answered on screen asks the server to check; if the customer wrote meanwhile (412) the thread reloads, the agent is asked, and only a confirmation solves', async () => {
    const d = answered();
    fake.on('POST /staff/cases/:ref/status', (c) =>
      (c.body as { ifLastPublicAuthor?: string }).ifLastPublicAuthor
        ? { status: 412, body: { type: 'https://ayuda.dev/problems/precondition-failed', title: 'Precondition failed', status: 412 } }
        : { status: 200, body: caseDetail(1, { status: 'solved' }) },
    );
    const el = await mount(fake, d);
    // The customer's reply reaches the server, not yet this screen; the reload after the refusal shows it.
    const newer = { ...d, messages: [...d.messages, { id: 4, author: 'customer' as const, authorName: d.customer.name, body: 'Still red.', html: null, createdAt: '2026-11-20T20:01:00Z', attachments: [], internal: false }] };
    fake.on('GET /staff/cases/:ref', () => ({ status: 200, body: newer }));
    press('s', { target: document.body });
    const dialog = await waitFor(() => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'the question once refused');
    expect(text(dialog)).to.contain('Solve NF-000001?').and.contain('The customer wrote last and has no answer yet');
    expect(fake.to('POST /staff/cases/NF-000001/status').map((c) => c.body)).to.deep.equal([{ status: 'solved', ifLastPublicAuthor: 'staff' }]);
    expect(el.data!.status).to.equal('open');
    await waitFor(() => text(el).includes('Still red.'), 'the customer’s new message on screen');
    expect(notices.filter((n) => n.startsWith('error')), 'no "undone" message: the question says it').to.deep.equal([]);
    await waitFor(() => active()?.matches('button.primary'));
    press('y');
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/status').length === 2, 'solved once confirmed');
    expect(fake.to('POST /staff/cases/NF-000001/status')[1]!.body).to.deep.equal({ status: 'solved' });
  });

  it('s asks first when the composer holds an unsent reply (in Spanish too), and Enter confirms', async () => {
    await setLocale('es');
    fake.on('POST /staff/cases/:ref/status', () => ({ status: 200, body: caseDetail(1, { status: 'solved' }) }));
    const el = await mount(fake, answered());
    press('r', { target: document.body });
    await waitFor(() => active() === textarea(el));
    textarea(el).value = 'Un borrador';
    textarea(el).blur();
    press('s', { target: document.body });
    const dialog = await waitFor(() => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'the question');
    expect(text(dialog)).to.contain('¿Resolver NF-000001?').and.contain('Tu respuesta aún no se ha enviado');
    expect(el.data!.status).to.equal('open');
    await waitFor(() => active()?.matches('button.primary'));
    press('Enter');
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/status').length === 1, 'solved');
  });

  it('the Solve button asks like s: Escape cancels and gives the focus back to the button; Enter solves and the focus goes to the title', async () => {
    fake.on('POST /staff/cases/:ref/status', () => ({ status: 200, body: caseDetail(1, { status: 'solved' }) }));
    const el = await mount(fake);
    const dialogOpen = () => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]');
    const button = () => $$<HTMLButtonElement>(el, '.controls button').find((b) => b.textContent?.trim() === 'Solve the case');
    button()!.focus();
    button()!.click();
    const dialog = await waitFor(dialogOpen, 'the question');
    expect(text(dialog)).to.contain('Solve NF-000001?').and.contain('Nobody has answered the customer yet');
    await waitFor(() => active()?.matches('button.primary'), 'the focus on the confirm button');
    press('Escape');
    await waitFor(() => !dialogOpen(), 'closed');
    await waitFor(() => active() === button(), 'the focus back on the Solve button');
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.to('POST /staff/cases/NF-000001/status')).to.have.length(0);
    expect(el.data!.status).to.equal('open');
    // Cancel, reached with Tab, cancels too.
    button()!.click();
    await waitFor(() => dialogOpen() && active()?.matches('button.primary'), 'asked again');
    $<HTMLButtonElement>(document.querySelector('ayuda-confirm-dialog')!, 'button.cancel')!.click();
    await waitFor(() => !dialogOpen(), 'cancelled');
    expect(fake.to('POST /staff/cases/NF-000001/status')).to.have.length(0);
    // Enter solves; the button goes, the focus to the title.
    button()!.click();
    await waitFor(() => dialogOpen() && active()?.matches('button.primary'), 'asked a third time');
    press('Enter');
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/status').length === 1, 'solved');
    expect(fake.to('POST /staff/cases/NF-000001/status')[0]!.body).to.deep.equal({ status: 'solved' });
    await waitFor(() => !button() && active()?.localName === 'h1', 'the focus on the title');
  });

  it('the Solve button solves at once, like s, a case answered already with nothing unsent; with an unsent reply it asks', async () => {
    fake.on('POST /staff/cases/:ref/status', () => ({ status: 200, body: caseDetail(1, { status: 'solved' }) }));
    const el = await mount(fake, answered());
    const button = () => $$<HTMLButtonElement>(el, '.controls button').find((b) => b.textContent?.trim() === 'Solve the case');
    press('r', { target: document.body });
    await waitFor(() => active() === textarea(el));
    textarea(el).value = 'Not sent yet';
    textarea(el).blur();
    button()!.click();
    const dialog = await waitFor(() => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'the question');
    expect(text(dialog)).to.contain('Your reply is not sent yet');
    press('Escape');
    await waitFor(() => !$(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'closed');
    textarea(el).value = '';
    button()!.click();
    expect(el.data!.status, 'at once').to.equal('solved');
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/status').length === 1);
    expect(document.querySelector('ayuda-confirm-dialog')?.shadowRoot?.querySelector('dialog[open]') ?? null).to.equal(null);
  });

  it('“Solved” in the status list asks like s; cancelled, the list shows the case’s status again', async () => {
    fake.on('POST /staff/cases/:ref/status', () => ({ status: 200, body: caseDetail(1, { status: 'solved' }) }));
    const el = await mount(fake);
    const select = $$<HTMLSelectElement>(el, '.controls select')[0]!;
    expect(select.value).to.equal('open');
    select.focus();
    select.value = 'solved';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'the question');
    await waitFor(() => active()?.matches('button.primary'));
    press('Escape');
    await waitFor(() => select.value === 'open', 'the status back in the list');
    await waitFor(() => active() === select, 'the focus back on the list');
    expect(fake.to('POST /staff/cases/NF-000001/status')).to.have.length(0);
    select.value = 'solved';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]') && active()?.matches('button.primary'), 'asked again');
    press('y');
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/status').length === 1, 'solved');
    // Any other status changes at once.
    fake.on('POST /staff/cases/:ref/status', () => ({ status: 200, body: caseDetail(1, { status: 'pending_customer' }) }));
    await waitFor(() => el.data!.status === 'solved');
    const again = $$<HTMLSelectElement>(el, '.controls select')[0]!;
    again.value = 'pending_customer';
    again.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/status').length === 2, 'changed at once');
  });

  it('“Send and solve” always asks (in Spanish too): the text stays while it asks and when cancelled; confirmed, reply and solving go in one request', async () => {
    await setLocale('es');
    const saved = answered();
    saved.status = 'solved';
    fake.on('POST /staff/cases/:ref/messages', () => ({ status: 201, body: saved }));
    const el = await mount(fake, answered());
    const dialogOpen = () => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]');
    press('r', { target: document.body });
    await waitFor(() => active() === textarea(el));
    textarea(el).value = 'Ya está arreglado, un saludo.';
    const sendAndSolve = () => $$<HTMLButtonElement>(composer(el), 'button').find((b) => b.textContent?.trim() === 'Enviar y resolver')!;
    sendAndSolve().focus();
    sendAndSolve().click();
    const dialog = await waitFor(dialogOpen, 'the question');
    expect(text(dialog)).to.contain('¿Resolver NF-000001?').and.contain('el cliente recibe un solo correo con las dos cosas');
    expect($(document.querySelector('ayuda-confirm-dialog')!, 'button.primary')!.textContent?.trim()).to.equal('Enviar y resolver');
    expect(textarea(el).value, 'the text stays while it asks').to.equal('Ya está arreglado, un saludo.');
    await expectAccessible(document.querySelector('ayuda-confirm-dialog')!, 'the question in Spanish');
    await waitFor(() => active()?.matches('button.primary'));
    press('Escape');
    await waitFor(() => !dialogOpen(), 'closed');
    await waitFor(() => active() === sendAndSolve(), 'the focus back on the button');
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.to('POST /staff/cases/NF-000001/messages')).to.have.length(0);
    expect(textarea(el).value).to.equal('Ya está arreglado, un saludo.');
    expect(el.data!.status).to.equal('open');
    sendAndSolve().click();
    await waitFor(() => dialogOpen() && active()?.matches('button.primary'), 'asked again');
    press('Enter');
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/messages').length === 1, 'sent');
    expect(fake.to('POST /staff/cases/NF-000001/messages')[0]!.body).to.deep.equal({ body: 'Ya está arreglado, un saludo.', internal: false, status: 'solved' });
    expect(textarea(el).value).to.equal('');
    await waitFor(() => el.data!.status === 'solved');
    expect(fake.to('POST /staff/cases/NF-000001/status')).to.have.length(0);
  });

  it('solves with s and assigns with a, optimistically, and rolls back what the server refuses', async () => {
    fake.on('POST /staff/cases/:ref/status', () => ({ status: 200, body: caseDetail(1, { status: 'solved' }) }));
    fake.refuse('POST /staff/cases/:ref/assignee', 403);
    const el = await mount(fake, answered());
    press('s', { target: document.body });
    expect(el.data!.status, 'answered already, no draft: at once').to.equal('solved');
    // The server's answer first: it carries the case as it was before the assignment below.
    await waitFor(() => notices.includes('info: NF-000001 solved.'), 'the solving confirmed');
    press('a', { target: document.body });
    expect(el.data!.assigneeId).to.equal(ME.id);
    await waitFor(() => el.data!.assigneeId === null, 'the assignment undone');
    expect(notices.at(-1)).to.equal('error: Assign to me (NF-000001) was undone: your role does not allow it');
    expect(el.data!.status).to.equal('solved');
  });

  it('keeps an unsent reply when the agent leaves the case and comes back', async () => {
    const el = await mount(fake);
    press('n', { target: document.body });
    await waitFor(() => active() === textarea(el));
    textarea(el).value = 'Half-written note';
    textarea(el).dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    el.remove();
    const again = await mount(fake);
    await waitFor(() => textarea(again).value === 'Half-written note', 'the draft back');
    expect((composer(again) as unknown as { mode: string }).mode).to.equal('note');
    // Sent, it is gone.
    fake.on('POST /staff/cases/:ref/messages', () => ({ status: 201, body: caseDetail(1) }));
    press('n', { target: document.body });
    await waitFor(() => active() === textarea(again));
    press('Enter', { ctrlKey: true });
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/messages').length === 1);
    again.remove();
    const third = await mount(fake);
    expect(textarea(third).value).to.equal('');
  });

  it('records an opportunity at once, and puts the values back if the server refuses', async () => {
    fake.refuse('POST /staff/cases/:ref/opportunities', 422);
    const el = await mount(fake);
    const opp = $(el, 'ayuda-opportunity-form')!;
    $<HTMLDetailsElement>(opp, 'details')!.open = true;
    await expectAccessible(opp, 'opportunity form');
    const form = $<HTMLFormElement>(opp, 'form')!;
    ($(form, '[name=product]') as HTMLInputElement).value = 'Fibra 1 Gb';
    ($(form, '[name=value]') as HTMLInputElement).value = '29,90';
    form.requestSubmit();
    expect(($(form, '[name=product]') as HTMLInputElement).value, 'emptied at once').to.equal('');
    expect(notices).to.include('info: Opportunity recorded.');
    await waitFor(() => ($(form, '[name=product]') as HTMLInputElement).value === 'Fibra 1 Gb', 'the values back');
    expect(($(form, '[name=value]') as HTMLInputElement).value).to.equal('29,90');
    expect(fake.to('POST /staff/cases/NF-000001/opportunities')[0]!.body).to.deep.equal({ product: 'Fibra 1 Gb', value: 2990 });
    expect(notices.at(-1)).to.equal('error: Record an opportunity was undone: the server did not accept what was sent');
  });

  it('changes the lane with a reason, and the category', async () => {
    fake.on('POST /staff/cases/:ref/lane', () => ({ status: 200, body: caseDetail(1, { lane: 'fast' }) }));
    fake.on('POST /staff/cases/:ref/category', () => ({ status: 200, body: caseDetail(1, { category: 'billing' }) }));
    const el = await mount(fake);
    await waitFor(() => $$(el, '.controls option[value=billing]').length === 1, 'the categories');
    const form = $<HTMLFormElement>(el, '.controls form')!;
    ($(form, 'select') as HTMLSelectElement).value = 'fast';
    ($(form, 'input[name=reason]') as HTMLInputElement).value = 'Paid by phone';
    form.requestSubmit();
    expect(el.data!.lane).to.equal('fast');
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/lane').length === 1);
    expect(fake.to('POST /staff/cases/NF-000001/lane')[0]!.body).to.deep.equal({ lane: 'fast', reason: 'Paid by phone' });
    const category = $$<HTMLSelectElement>(el, '.controls select')[1]!;
    category.value = 'billing';
    category.dispatchEvent(new Event('change'));
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/category').length === 1);
    expect(fake.to('POST /staff/cases/NF-000001/category')[0]!.body).to.deep.equal({ category: 'billing' });
    // Each change says so once the server has it, by the names the screen shows.
    await waitFor(() => notices.length === 2, 'both confirmed');
    expect(notices).to.deep.equal(['info: NF-000001 updated (Lane: Priority).', 'info: NF-000001 updated (Category: Billing).']);
  });

  it('confirms a change of status, and "Send and solve" says the case is solved too', async () => {
    fake.on('POST /staff/cases/:ref/status', () => ({ status: 200, body: caseDetail(1, { status: 'pending_customer' }) }));
    const solved = caseDetail(1, { status: 'solved' });
    fake.on('POST /staff/cases/:ref/messages', () => ({ status: 201, body: solved }));
    const el = await mount(fake, answered());
    const status = $$<HTMLSelectElement>(el, '.controls select')[0]!;
    status.value = 'pending_customer';
    status.dispatchEvent(new Event('change'));
    await waitFor(() => notices.length === 1, 'the change confirmed');
    expect(notices).to.deep.equal(['info: NF-000001 updated (Status: Pending customer).']);
    press('r', { target: document.body });
    await waitFor(() => active() === textarea(el));
    textarea(el).value = 'Arreglado.';
    $$<HTMLButtonElement>(composer(el), 'button').find((b) => b.textContent?.trim() === 'Send and solve')!.click();
    await waitFor(() => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]') && active()?.matches('button.primary'), 'the question');
    press('Enter');
    await waitFor(() => notices.length === 2, 'sent and solved');
    expect(notices[1]).to.equal('info: Reply sent and NF-000001 solved: the customer gets one email with both.');
  });

  it('names the categories in the language the console speaks now, also when it changes with the case open', async () => {
    const NAMES = { es: { billing: 'Facturación y pagos', outages: 'Averías y cortes' }, en: { billing: 'Billing and payments', outages: 'Outages and faults' } };
    fake.on('GET /kb/categories', (c) => {
      const locale = c.query.get('locale') === 'es' ? 'es' : 'en';
      return { status: 200, body: { locale, categories: Object.entries(NAMES[locale]).map(([key, name]) => ({ key, name, description: '', articleCount: 2 })) } };
    });
    const el = await mount(fake, caseDetail(1, { category: 'outages' }));
    const select = () => $$<HTMLSelectElement>(el, '.controls select')[1]!;
    const names = () => Array.from(select().options, (o) => o.text.trim());
    await waitFor(() => names().includes('Outages and faults'), 'the English names');
    await setLocale('es');
    await waitFor(() => names().includes('Averías y cortes'), 'the Spanish names');
    expect(names()).to.deep.equal(['Ninguna', 'Facturación y pagos', 'Averías y cortes']);
    expect(select().value).to.equal('outages');
    expect(fake.to('GET /kb/categories').map((c) => c.query.get('locale'))).to.deep.equal(['en', 'es']);
  });

  it('warns when another agent views or types in the case, from the presence events', async () => {
    const el = await mount(fake);
    FakeEventSource.last.open();
    FakeEventSource.last.emit('presence', { reference: 'NF-000001', user: { id: 9, name: 'Luis' }, by: 'user:9', state: 'typing', at: '2026-11-20T10:00:00Z' });
    FakeEventSource.last.emit('presence', { reference: 'NF-000002', user: { id: 10, name: 'Eva' }, by: 'user:10', state: 'viewing', at: '2026-11-20T10:00:00Z' });
    FakeEventSource.last.emit('presence', { reference: 'NF-000001', user: { id: ME.id, name: ME.name }, by: `user:${ME.id}`, state: 'viewing', at: '2026-11-20T10:00:00Z' });
    await waitFor(() => $(el, '.collision'), 'the collision notice');
    expect(text($(el, '.collision'))).to.equal('⚠ Luis is typing in this case. Check before you answer, to avoid two replies.');
    await expectAccessible(el, 'with the notice');
    // An API token whose id happens to equal mine is someone else, and is not the user 9 either.
    FakeEventSource.last.emit('presence', { reference: 'NF-000001', user: { id: ME.id, name: 'Import script' }, by: `staff:${ME.id}`, state: 'viewing', at: '2026-11-20T10:00:30Z' });
    FakeEventSource.last.emit('presence', { reference: 'NF-000001', user: { id: 9, name: 'Sync token' }, by: 'staff:9', state: 'viewing', at: '2026-11-20T10:00:30Z' });
    await waitFor(() => text($(el, '.collision')).includes('Import script'), 'the token as another viewer');
    expect(text($(el, '.collision'))).to.contain('Luis').and.contain('Sync token');
    FakeEventSource.last.emit('presence', { reference: 'NF-000001', user: { id: 9, name: 'Luis' }, by: 'user:9', state: 'left', at: '2026-11-20T10:01:00Z' });
    FakeEventSource.last.emit('presence', { reference: 'NF-000001', user: { id: ME.id, name: 'Import script' }, by: `staff:${ME.id}`, state: 'left', at: '2026-11-20T10:01:00Z' });
    await waitFor(() => !text($(el, '.collision')).includes('Luis'), 'Luis gone');
    expect(text($(el, '.collision'))).to.contain('Sync token');
    FakeEventSource.last.emit('presence', { reference: 'NF-000001', user: { id: 9, name: 'Sync token' }, by: 'staff:9', state: 'left', at: '2026-11-20T10:01:00Z' });
    await waitFor(() => !$(el, '.collision'), 'the notice gone');
    // Typing here tells the others.
    press('r', { target: document.body });
    await waitFor(() => active() === textarea(el));
    textarea(el).value = 'x';
    textarea(el).dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/presence').some((c) => (c.body as { state: string }).state === 'typing'), 'typing said');
  });

  it('keeps one timer entry through what happens on the case: live updates, the same reference set again, the tab shown again', async () => {
    const el = await mount(fake);
    await expectAccessible(el);
    FakeEventSource.last.open();
    FakeEventSource.last.emit('case', { reference: 'NF-000001', change: 'customer_replied', by: 'customer', at: '2026-11-20T10:05:00Z' });
    FakeEventSource.last.emit('case', { reference: 'NF-000001', change: 'status', by: 'user:9', at: '2026-11-20T10:05:01Z' });
    el.reference = 'NF-000001';
    el.requestUpdate();
    document.dispatchEvent(new Event('visibilitychange'));
    await waitFor(() => fake.to('GET /staff/cases/NF-000001').length >= 3 && fake.to('POST /staff/cases/NF-000001/timer/heartbeat').length === 1, 'the reloads and the heartbeat');
    expect(fake.to('POST /staff/cases/NF-000001/timer/start'), 'started once').to.have.length(1);
    expect(fake.to('POST /staff/cases/NF-000001/timer/stop'), 'never stopped').to.have.length(0);
  });

  it('reloads the case when the customer replies', async () => {
    const el = await mount(fake);
    const newer = caseDetail(1);
    newer.messages.push({ id: 5, author: 'customer', authorName: 'Customer 1', body: 'Still red.', html: null, createdAt: '2026-11-20T10:05:00Z', attachments: [], internal: false });
    fake.on('GET /staff/cases/:ref', () => ({ status: 200, body: newer }));
    FakeEventSource.last.open();
    FakeEventSource.last.emit('case', { reference: 'NF-000001', change: 'customer_replied', by: 'customer', at: '2026-11-20T10:05:00Z' });
    await waitFor(() => text(el).includes('Still red.'), 'the new message');
    expect(notices).to.include('info: NF-000001 was updated.');
  });

  it('previews markdown through the server and inserts a help article link', async () => {
    fake.on('POST /staff/preview', (c) => ({ status: 200, body: { html: `<p><strong>${(c.body as { markdown: string }).markdown.replace(/\*/g, '')}</strong></p>` } }));
    fake.on('GET /staff/kb/search', () => ({ status: 200, body: { query: 'router', locale: 'en', total: 1, results: [{ slug: 'restart-router', title: 'Restart your router', category: 'internet', visibility: 'public', score: 1, snippet: '' }] } }));
    const el = await mount(fake);
    press('r', { target: document.body });
    await waitFor(() => active() === textarea(el));
    const c = composer(el);
    // Sent empty first: the message at the box goes once a link is inserted (further down).
    (await waitFor(() => $$<HTMLButtonElement>(c, 'button').find((b) => b.textContent?.trim() === 'Send reply'), 'the send button')).click();
    await waitFor(() => $(c, '#empty-error'), 'nothing to send');
    textarea(el).value = '**Hello**';
    ($$<HTMLButtonElement>(c, 'button').find((b) => b.textContent?.trim() === 'Preview'))!.click();
    await waitFor(() => $(c, '.preview strong'), 'the preview');
    expect(text($(c, '.preview'))).to.equal('Hello');
    await expectAccessible(c, 'preview');
    const details = $<HTMLDetailsElement>(c, 'details')!;
    details.open = true;
    const search = $<HTMLInputElement>(c, 'details input[type=search]')!;
    search.value = 'router';
    search.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    const insert = await waitFor(() => $$<HTMLButtonElement>(c, '.kb button')[0], 'the article');
    insert.click();
    await waitFor(() => textarea(el).value.includes('[Restart your router]('), 'the link');
    expect(textarea(el).value).to.equal(`**Hello**[Restart your router](${location.origin}/help/en/articles/restart-router)`);
    await waitFor(() => !$(c, '#empty-error'), 'the message gone');
    expect(textarea(el).getAttribute('aria-invalid')).to.equal('false');
  });

  it('finds internal articles too, and opens them to read instead of linking them in a reply', async () => {
    fake.on('GET /staff/kb/search', () => ({
      status: 200,
      body: {
        query: 'router',
        locale: 'en',
        total: 2,
        results: [
          { slug: 'router-escalation', title: 'Router escalation steps', category: 'internet', visibility: 'internal', score: 2, snippet: '' },
          { slug: 'restart-router', title: 'Restart your router', category: 'internet', visibility: 'public', score: 1, snippet: '' },
        ],
      },
    }));
    fake.on('GET /staff/kb/articles/en/:id', (c) => ({ status: 200, body: { locale: 'en', slug: 'router-escalation', state: 'published', published: { html: `<p>Call <strong>level 2</strong> (${c.path.split('/').pop()}).</p>` }, draft: null, currentRevisionId: 1, conflict: false } }));
    const el = await mount(fake);
    press('r', { target: document.body });
    await waitFor(() => active() === textarea(el));
    const c = composer(el);
    $<HTMLDetailsElement>(c, 'details')!.open = true;
    const search = $<HTMLInputElement>(c, 'details input[type=search]')!;
    search.value = 'router';
    search.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await waitFor(() => $$(c, '.kb li').length === 2, 'both articles');
    const [internal, pub] = $$<HTMLLIElement>(c, '.kb li');
    expect(text(internal!)).to.contain('Internal');
    expect(text($(internal!, 'button')!)).to.contain('Read');
    expect(text($(pub!, 'button')!)).to.contain('Insert');
    $<HTMLButtonElement>(internal!, 'button')!.click();
    await waitFor(() => $(c, '.reading .article strong'), 'the article');
    expect(text($(c, '.reading .article')!)).to.equal('Call level 2 (router-escalation).');
    expect(textarea(el).value, 'nothing linked in the reply').to.equal('');
    await expectAccessible(c, 'an internal article open');
    $$<HTMLButtonElement>(c, '.reading button').find((b) => text(b) === 'Close the article')!.click();
    await waitFor(() => !$(c, '.reading'), 'closed');
  });

  it('reads amounts in the currency’s own minor units: a yen refund and an opportunity in dinars', async () => {
    const detail = caseDetail(1);
    const order = detail.customer.fastlane.orders[0]!;
    Object.assign(order, { amount: 3000, currency: 'jpy' });
    fake.on('POST /staff/fastlane/orders/:id/refund', (c) => ({ status: 201, body: { id: 22, orderId: 11, amount: (c.body as { amount: number }).amount, reason: 'Goodwill', requestedBy: 'staff', status: 'succeeded', stripeRefundId: 're_2', note: null, createdAt: '2026-11-20T10:00:00Z', decidedAt: '2026-11-20T10:00:00Z' } }));
    fake.on('POST /staff/cases/:ref/opportunities', () => ({ status: 201, body: { id: 1 } }));
    const el = await mount(fake, detail);
    const panel = await waitFor(() => $(el, 'ayuda-customer-panel'), 'the customer panel');
    const refund = await waitFor(() => $<HTMLFormElement>(panel, 'details form'), 'the refund form');
    ($(refund, '[name=amount]') as HTMLInputElement).value = '500';
    ($(refund, '[name=reason]') as HTMLInputElement).value = 'Goodwill';
    refund.requestSubmit();
    expect(await answerRefund()).to.contain('¥500');
    await waitFor(() => fake.to('POST /staff/fastlane/orders/11/refund').length === 1, 'the refund');
    expect(fake.to('POST /staff/fastlane/orders/11/refund')[0]!.body).to.deep.equal({ reason: 'Goodwill', amount: 500 });
    const opp = $(el, 'ayuda-opportunity-form')!;
    const form = $<HTMLFormElement>(opp, 'form')!;
    ($(form, '[name=product]') as HTMLInputElement).value = 'Fibra';
    ($(form, '[name=value]') as HTMLInputElement).value = '1,250';
    ($(form, '[name=currency]') as HTMLInputElement).value = 'KWD';
    form.requestSubmit();
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/opportunities').length === 1, 'the opportunity');
    expect(fake.to('POST /staff/cases/NF-000001/opportunities')[0]!.body).to.deep.equal({ product: 'Fibra', value: 1250, currency: 'kwd' });
  });

  it('on a 320 px phone the goodwill refund form fits the customer panel: the payment list is no wider than its card', async () => {
    await setViewport({ width: 320, height: 640 });
    try {
      const el = await mount(fake);
      const panel = await waitFor(() => $(el, 'ayuda-customer-panel'), 'the customer panel');
      const details = await waitFor(() => $<HTMLDetailsElement>(panel, 'details:has(form)'), 'the refund form');
      details.open = true;
      await expectAccessible(panel, 'narrow customer panel');
      const section = details.closest('section')!;
      const inner = section.getBoundingClientRect().right - parseFloat(getComputedStyle(section).paddingRight) - parseFloat(getComputedStyle(section).borderRightWidth);
      // The payment list was 21 px wider than its card (its options' text set its width).
      for (const control of details.querySelectorAll('select, input, button')) expect(control.getBoundingClientRect().right, control.getAttribute('name') ?? control.localName).to.be.at.most(inner + 0.5);
      const page = document.scrollingElement!;
      expect(page.scrollWidth, 'the page').to.be.at.most(page.clientWidth);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('sends a goodwill refund with one Idempotency-Key: the same on a retry after a network error, a new one after success or another amount', async () => {
    let failNext = true;
    fake.on('POST /staff/fastlane/orders/:id/refund', (c) => {
      if (failNext) {
        failNext = false;
        throw new TypeError('Failed to fetch');
      }
      return { status: 201, body: { id: 22, orderId: 11, amount: (c.body as { amount: number }).amount, reason: 'Goodwill', requestedBy: 'staff', status: 'succeeded', stripeRefundId: 're_2', note: null, createdAt: '2026-11-20T10:00:00Z', decidedAt: '2026-11-20T10:00:00Z' } };
    });
    const el = await mount(fake);
    const panel = await waitFor(() => $(el, 'ayuda-customer-panel'), 'the customer panel');
    const form = () => $<HTMLFormElement>(panel, 'details form')!;
    const send = async (amount: string, calls: number) => {
      ($(form(), '[name=amount]') as HTMLInputElement).value = amount;
      ($(form(), '[name=reason]') as HTMLInputElement).value = 'Goodwill';
      const said = notices.length;
      form().requestSubmit();
      await answerRefund();
      await waitFor(() => fake.to('POST /staff/fastlane/orders/11/refund').length === calls, `refund call ${calls}`);
      await waitFor(() => notices.length > said, 'the refund answered');
      return notices[notices.length - 1]!;
    };
    const keys = () => fake.to('POST /staff/fastlane/orders/11/refund').map((c) => c.headers.get('Idempotency-Key'));
    expect(await send('5', 1)).to.match(/^error:/);
    expect(($(form(), '[name=amount]') as HTMLInputElement).value, 'the form keeps what was typed').to.equal('5');
    expect(await send('5', 2)).to.match(/^info:/); // the agent sends the same refund again
    expect(await send('5', 3)).to.match(/^info:/); // another refund of the same amount, for the same reason
    expect(await send('6', 4)).to.match(/^info:/);
    const [first, retry, next, other] = keys();
    expect(first).to.match(/^[\w-]{16,}$/);
    expect(retry, 'a retry of the same refund reuses its key').to.equal(first);
    expect(next, 'a new refund after one was made gets a new key').to.not.equal(first);
    expect(other, 'another amount gets a new key').to.not.equal(next);
    expect(new Set(keys()).size).to.equal(3);
  });

  it('asks before a goodwill refund, naming the amount and who gets it, in the console\'s language; cancelled, nothing is sent and the form keeps what was typed', async () => {
    await setLocale('es');
    fake.on('POST /staff/fastlane/orders/:id/refund', (c) => ({ status: 201, body: { id: 22, orderId: 11, amount: (c.body as { amount?: number }).amount ?? 1990, reason: 'Cortesía', requestedBy: 'staff', status: 'succeeded', stripeRefundId: 're_2', note: null, createdAt: '2026-11-20T10:00:00Z', decidedAt: '2026-11-20T10:00:00Z' } }));
    const el = await mount(fake, caseDetail(1));
    const panel = await waitFor(() => $(el, 'ayuda-customer-panel'), 'the customer panel');
    $<HTMLDetailsElement>(panel, 'details')!.open = true;
    const form = $<HTMLFormElement>(panel, 'details form')!;
    ($(form, '[name=amount]') as HTMLInputElement).value = '5';
    ($(form, '[name=reason]') as HTMLInputElement).value = 'Cortesía';
    form.requestSubmit();
    const host = document.querySelector('ayuda-confirm-dialog')!;
    await waitFor(() => $(host, 'dialog[open]'), 'the question');
    await expectAccessible(host, 'the refund question');
    expect(text($(host, 'button.primary')!)).to.equal('Reembolsar 5,00 €');
    expect(await answerRefund(false)).to.contain('¿Reembolsar este pago?').and.contain('Se devolverán 5,00 € a c1@example.com');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.to('POST /staff/fastlane/orders/11/refund'), 'nothing sent').to.have.length(0);
    expect(($(form, '[name=amount]') as HTMLInputElement).value).to.equal('5');
    // No amount: what is left of the payment, said as such.
    ($(form, '[name=amount]') as HTMLInputElement).value = '';
    form.requestSubmit();
    expect(await answerRefund()).to.contain('Se devolverán 19,90 € a c1@example.com');
    await waitFor(() => fake.to('POST /staff/fastlane/orders/11/refund').length === 1, 'the refund');
    expect(fake.to('POST /staff/fastlane/orders/11/refund')[0]!.body).to.deep.equal({ reason: 'Cortesía' });
  });

  it('checks a goodwill refund before sending and says at the field, in the console\'s language, what is allowed; a field the server refuses is named', async () => {
    await setLocale('es');
    const detail = caseDetail(1);
    Object.assign(detail.customer.fastlane.orders[0]!, { amount: 499, plan: 'monthly', kind: 'subscription' });
    const el = await mount(fake, detail);
    const panel = $(el, 'ayuda-customer-panel')!;
    $<HTMLDetailsElement>(panel, 'details')!.open = true;
    const form = $<HTMLFormElement>(panel, 'details form')!;
    const amount = $<HTMLInputElement>(form, '[name=amount]')!;
    const reason = $<HTMLInputElement>(form, '[name=reason]')!;
    const errorOf = (input: HTMLInputElement) => (input.getAttribute('aria-invalid') === 'true' ? text($(panel, `#${input.getAttribute('aria-describedby')!.split(' ')[0]}`)) : '');
    const submit = async (a: string, r: string, field: HTMLInputElement, message: string) => {
      amount.value = a;
      reason.value = r;
      form.requestSubmit();
      await waitFor(() => errorOf(field) === message, `«${message}»`);
      await waitFor(() => active() === field, 'the focus on the field');
    };
    await submit('10', 'Cortesía', amount, 'Como máximo 4,99 €: es lo que queda por reembolsar de este pago.');
    await expectAccessible(panel, 'an amount in error');
    await submit('-1', 'Cortesía', amount, 'Escribe un importe, p. ej. 4,99, o déjalo vacío para reembolsar todo lo que queda.');
    await submit('4,999', 'Cortesía', amount, 'Escribe un importe, p. ej. 4,99, o déjalo vacío para reembolsar todo lo que queda.');
    await submit('0', 'Cortesía', amount, 'Como mínimo 0,01 €.');
    await submit('2,50', '  ', reason, 'Escribe el motivo del reembolso.');
    expect(errorOf(amount), 'a good amount has no error').to.equal('');
    // Typing takes the message away.
    reason.value = 'Cortesía';
    reason.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await waitFor(() => reason.getAttribute('aria-invalid') === 'false', 'the error gone');
    expect(fake.to('POST /staff/fastlane/orders/11/refund'), 'nothing sent').to.have.length(0);

    // The server still refuses a field (another refund landed meanwhile): the toast and the field name it, in Spanish.
    fake.on('POST /staff/fastlane/orders/:id/refund', () => {
      // Another refund of 3 € landed meanwhile: the case, read again, says so.
      detail.customer.fastlane.orders[0]!.amountRefunded = 300;
      return { status: 422, body: { type: 'https://ayuda.dev/problems/validation', title: 'Invalid request', status: 422, errors: [{ field: 'body.amount', message: 'between 1 and 199 (minor units)' }] } };
    });
    amount.value = '2,50';
    form.requestSubmit();
    await answerRefund();
    await waitFor(() => notices.some((n) => n.startsWith('error:')), 'the refusal');
    expect(notices.filter((n) => n.startsWith('error:'))).to.deep.equal(['error: Se ha deshecho «Reembolso de cortesía»: el servidor no aceptó el campo «Importe»']);
    await waitFor(() => errorOf(amount) === 'el servidor no aceptó el campo «Importe»', 'marked at the field');
    expect(text(panel)).to.not.contain('minor units');
    // The case is read again: the payment shows what is left now, and the next check uses it.
    await waitFor(() => text($(panel, 'select[name=order] option')!).includes('1,99 €'), 'what is left now');
    await submit('2,50', 'Cortesía', amount, 'Como máximo 1,99 €: es lo que queda por reembolsar de este pago.');
  });

  it('asks for the lane change\'s reason at the field, in the console\'s language, without sending', async () => {
    await setLocale('es');
    const el = await mount(fake);
    const form = $<HTMLFormElement>(el, 'form.lane')!;
    $<HTMLSelectElement>(form, '[name=lane]')!.value = 'fast';
    form.requestSubmit();
    const reason = $<HTMLInputElement>(form, '[name=reason]')!;
    await waitFor(() => reason.getAttribute('aria-invalid') === 'true', 'the reason in error');
    expect(text($(el, '#lane-reason-error'))).to.equal('Escribe el motivo del cambio de carril.');
    expect(reason.getAttribute('aria-describedby')).to.equal('lane-reason-error');
    await waitFor(() => active() === reason, 'the focus on the reason');
    expect(fake.to('POST /staff/cases/NF-000001/lane')).to.have.length(0);
    await expectAccessible(el, 'the reason in error');
    // The same element shows the next case: without the last case's error.
    fake.on('GET /staff/cases/:ref', () => ({ status: 200, body: caseDetail(2) }));
    el.reference = caseDetail(2).reference;
    await waitFor(() => el.data?.reference === caseDetail(2).reference && $(el, 'form.lane'), 'the next case');
    expect(!!$(el, '#lane-reason-error'), 'the last case\'s error').to.equal(false);
    expect($(el, 'form.lane [name=reason]')!.getAttribute('aria-invalid')).to.not.equal('true');
  });

  it('says the lane change\'s missing reason below the controls, without moving any of them', async () => {
    const el = await mount(fake, caseDetail(1, { assignee: 'Luis', assigneeId: 9 }));
    await waitFor(() => $$(el, '.controls button').some((b) => b.textContent?.includes('Unassign')) && $(el, '.controls select:not([name])'), 'every control');
    await expectAccessible(el);
    const controls = () => [...$$<HTMLElement>(el, '.controls > label, .controls > button, .controls form > label, .controls form > button')];
    const where = () => controls().map((c) => { const r = c.getBoundingClientRect(); return `${c.textContent?.trim().slice(0, 12)} ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}`; });
    const before = where();
    expect(before.length).to.be.greaterThan(6);
    const form = $<HTMLFormElement>(el, 'form.lane')!;
    $<HTMLSelectElement>(form, '[name=lane]')!.value = 'fast';
    form.requestSubmit();
    const error = await waitFor(() => $(el, '#lane-reason-error'), 'the error');
    await expectAccessible(el, 'the reason in error');
    expect(where(), 'every control where it was').to.deep.equal(before);
    const [row, said] = [$(el, '.controls')!.getBoundingClientRect(), error.getBoundingClientRect()];
    expect(said.top >= row.bottom - 1, 'the error below the row').to.equal(true);
    expect(error.getAttribute('role')).to.equal('alert');
    expect($(form, '[name=reason]')!.getAttribute('aria-describedby')).to.equal('lane-reason-error');
  });

  it('shows every time on the case screen in the company\'s zone, and says so once', async () => {
    // A zone no test machine runs in (UTC+14): 09:00 UTC is 23:00 there.
    const zone = 'Pacific/Kiritimati';
    fake.on('POST /staff/cases/:ref/time', (c) => ({ status: 201, body: timeEntry({ id: 50, ...(c.body as object), seconds: 1800 }) }));
    const el = await mount(fake, caseDetail(1, { timeZone: zone }));
    await expectAccessible(el);
    const yours = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(text($(el, '.zone'))).to.equal(`Times in ${zone} time, the company's (yours is ${yours}).`);
    expect(text($$(el, '.msg time')[0]!)).to.equal('20 Nov 2026, 23:00');
    expect($(el, '.meta .sla')!.getAttribute('title')).to.contain(`deadline: 21 Nov 2026, 03:00 (${zone} time)`);
    const time = $(el, 'ayuda-time-panel')!;
    expect(text(time)).to.contain('20 Nov 2026, 23:00 – 20 Nov 2026, 23:20');
    expect(text($(el, 'ayuda-customer-panel'))).to.contain('19 Nov 2026, 23:01');
    // Edited and typed in that zone too.
    $$<HTMLButtonElement>(time, 'button').find((b) => b.textContent?.includes('Edit'))!.click();
    await waitFor(() => $(time, 'li form'), 'the edit form');
    expect($<HTMLInputElement>(time, 'li form [name=startedAt]')!.value).to.equal('2026-11-20T23:00');
    $$<HTMLButtonElement>(time, 'li form button').find((b) => b.textContent?.includes('Cancel'))!.click();
    $<HTMLDetailsElement>(time, 'details')!.open = true;
    const form = $<HTMLFormElement>(time, 'details form')!;
    $<HTMLInputElement>(form, '[name=startedAt]')!.value = '2026-11-20T08:00';
    $<HTMLInputElement>(form, '[name=endedAt]')!.value = '2026-11-20T08:30';
    form.requestSubmit();
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/time').length === 1, 'the manual entry');
    expect(fake.to('POST /staff/cases/NF-000001/time')[0]!.body).to.deep.include({ startedAt: '2026-11-19T18:00:00.000Z', endedAt: '2026-11-19T18:30:00.000Z' });
    // In Spanish, and without "yours" when the browser's zone is the company's.
    await setLocale('es');
    el.data = { ...el.data!, timeZone: yours };
    await waitFor(() => text($(el, '.zone')) === `Horas de ${yours}, las de la empresa.`, 'in Spanish, the same zone');
  });

  it('names the subscription\'s plan in the console\'s language, as the fast lane\'s settings name it', async () => {
    const detail = caseDetail(1);
    detail.customer.fastlane.subscription = { plan: 'monthly', planName: { es: 'Suscripción mensual', en: 'Monthly subscription' }, status: 'active', currentPeriodEnd: '2027-01-07T10:00:00Z', cancelAtPeriodEnd: false };
    const el = await mount(fake, detail);
    const panel = $(el, 'ayuda-customer-panel')!;
    await waitFor(() => text(panel).includes('Monthly subscription · active · renews on 7 Jan 2027'), 'in English');
    expect(text(panel)).to.not.contain('monthly ·');
    await setLocale('es');
    await waitFor(() => text(panel).includes('Suscripción mensual · activa · se renueva el 7 ene 2027'), 'in Spanish');
    // A plan the settings no longer list: its key, said as such.
    el.data = { ...el.data!, customer: { ...el.data!.customer, fastlane: { ...el.data!.customer.fastlane, subscription: { ...detail.customer.fastlane.subscription, plan: 'oro', planName: null } } } };
    await waitFor(() => text(panel).includes('Plan «oro» (ya no se ofrece) · activa'), 'a retired plan');
  });

  it('gives the exact deadline of the next target in the company\'s time zone beside the countdown, in both languages', async () => {
    const el = await mount(fake);
    const badge = () => $(el, '.meta .sla')!;
    // Due 13:00 UTC: 14:00 in Madrid in November.
    expect(badge().getAttribute('title')).to.equal('First response · deadline: 20 Nov 2026, 14:00 (Europe/Madrid time)');
    expect(text(badge())).to.contain('3 h 00 min left').and.contain('deadline: 20 Nov 2026, 14:00 (Europe/Madrid time)');
    await setLocale('es');
    await waitFor(() => badge().getAttribute('title')?.startsWith('Primera respuesta · plazo: 20 nov 2026, 14:00 (hora de Europe/Madrid)'), 'in Spanish');
  });

  it('approves a refund waiting for staff at once, and records time by hand', async () => {
    const detail = caseDetail(1);
    fake.on('POST /staff/fastlane/refunds/:id/approve', () => (detail.customer.fastlane.refunds[0]!.status = 'succeeded', { status: 200, body: { id: 21, orderId: 11, amount: 1990, reason: 'Took too long', requestedBy: 'customer', status: 'succeeded', stripeRefundId: 're_1', note: null, createdAt: '2026-11-20T08:00:00Z', decidedAt: '2026-11-20T10:00:00Z' } }));
    fake.on('POST /staff/cases/:ref/time', (c) => ({ status: 201, body: { id: 50, caseReference: 'NF-000001', user: { id: ME.id, name: ME.name }, ...(c.body as object), endedAt: (c.body as { endedAt: string }).endedAt, seconds: 1800, source: 'manual', note: null } }));
    const el = await mount(fake, detail);
    const panel = $(el, 'ayuda-customer-panel')!;
    $$<HTMLButtonElement>(panel, 'button').find((b) => b.textContent?.includes('Approve'))!.click();
    await waitFor(() => text(panel).includes('Refunded'), 'approved at once');
    expect(fake.to('POST /staff/fastlane/refunds/21/approve')).to.have.length(1);
    const time = $(el, 'ayuda-time-panel')!;
    $<HTMLDetailsElement>(time, 'details')!.open = true;
    const form = $<HTMLFormElement>(time, 'details form')!;
    ($(form, '[name=startedAt]') as HTMLInputElement).value = '2026-11-20T08:00';
    ($(form, '[name=endedAt]') as HTMLInputElement).value = '2026-11-20T08:30';
    form.requestSubmit();
    await waitFor(() => fake.to('POST /staff/cases/NF-000001/time').length === 1, 'the manual entry');
    const body = fake.to('POST /staff/cases/NF-000001/time')[0]!.body as { startedAt: string; endedAt: string };
    expect(Date.parse(body.endedAt) - Date.parse(body.startedAt)).to.equal(30 * 60_000);
    await expectAccessible(time, 'time panel');
  });
});
