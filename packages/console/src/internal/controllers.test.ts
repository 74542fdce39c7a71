// The reactive controllers on a minimal host: shortcuts, live events, optimistic actions.
import { expect } from 'chai';
import { html, LitElement } from 'lit';
import { define } from './define.js';
import { ShortcutController, isTyping, pauseShortcuts } from './shortcuts.js';
import { LiveController, liveEvents, type LiveState } from './live.js';
import { OptimisticController, refusedFields } from './optimistic.js';
import { NoticeList, onNotice, type Notice } from './notices.js';
import { setLocale } from './localize.js';
import { AyudaApiError } from '@ayuda/client/staff';
import { TimerController, TIMER_TIMING } from './timer.js';
import { caseDetail, cleanup, expectAccessible, fixture, FakeEventSource, press, SESSION, useFake, waitFor, type FakeApi } from '../test-helpers.js';

class TestHost extends LitElement {
  pressed: string[] = [];
  states: LiveState[] = [];
  cases: string[] = [];
  reconnections = 0;
  readonly optimistic = new OptimisticController(this);
  value = 'before';
  constructor() {
    super();
    new ShortcutController(this, () => ({ j: () => void this.pressed.push('j'), escape: () => void this.pressed.push('escape'), enter: () => false }));
    new LiveController(this, { state: (s) => this.states.push(s), case: (e) => this.cases.push(`${e.reference}:${e.change}`), reconnected: () => this.reconnections++ });
  }
  protected override render() {
    return html`<label>Field <input /></label><label>Notes <textarea></textarea></label><label>Pick <select><option>a</option></select></label
      ><label><input type="checkbox" /> Tick</label><div contenteditable="true" role="textbox" aria-label="Rich"></div><output>${this.value}</output>`;
  }
}
define('test-host', TestHost);

class TimerHost extends LitElement {
  readonly timer = new TimerController(this);
  protected override render() {
    return html`<p>${this.timer.elapsed ?? 'stopped'}</p>`;
  }
}
define('test-timer-host', TimerHost);

describe('internal controllers', () => {
  let fake: FakeApi;
  beforeEach(async () => {
    fake = await useFake('en');
  });
  afterEach(cleanup);

  it('the timer starts on a case, beats every minute, starts again if the server ended it, and stops on leaving', async () => {
    const host = fixture<TimerHost>('<test-timer-host></test-timer-host>');
    await expectAccessible(host);
    host.timer.setReference('NF-000001');
    await waitFor(() => host.timer.running && host.timer.list, 'started and listed');
    expect(host.timer.elapsed).to.be.at.least(0);
    await host.timer.heartbeat();
    expect(fake.to('POST /staff/cases/NF-000001/timer/heartbeat')).to.have.length(1);
    expect(fake.to('POST /staff/cases/NF-000001/timer/start')).to.have.length(1);
    // The server ended it meanwhile (idle): the next beat hears 409 and starts it again.
    await fake.fetch(`${location.origin}/api/v1/staff/cases/NF-000001/timer/stop`, { method: 'POST' });
    await host.timer.heartbeat();
    expect(fake.to('POST /staff/cases/NF-000001/timer/start')).to.have.length(2);
    expect(host.timer.running).to.not.equal(null);
    // Another case: this one's timer stops, that one's starts.
    host.timer.setReference('NF-000002');
    await waitFor(() => fake.to('POST /staff/cases/NF-000002/timer/start').length === 1);
    expect(fake.to('POST /staff/cases/NF-000001/timer/stop')).to.have.length(2);
    host.remove();
    await waitFor(() => fake.to('POST /staff/cases/NF-000002/timer/stop').length === 1, 'stopped on leaving');
  });

  it('the timer sends no heartbeat while the page is hidden, and beats (or starts again) once visible', async () => {
    const timing = TIMER_TIMING as { heartbeatMs: number };
    const was = timing.heartbeatMs;
    let hidden = false;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    const show = (h: boolean) => {
      hidden = h;
      document.dispatchEvent(new Event('visibilitychange'));
    };
    try {
      timing.heartbeatMs = 30;
      const host = fixture<TimerHost>('<test-timer-host></test-timer-host>');
      host.timer.setReference('NF-000001');
      const beats = () => fake.to('POST /staff/cases/NF-000001/timer/heartbeat').length;
      await waitFor(() => beats() >= 2, 'heartbeats while visible');
      show(true);
      await new Promise((r) => setTimeout(r, 60)); // a beat already in flight may land
      const hiddenAt = beats();
      await new Promise((r) => setTimeout(r, 300));
      expect(beats(), 'no heartbeat while hidden').to.equal(hiddenAt);
      // Meanwhile the server ended the entry at its last heartbeat (idle window).
      await fake.fetch(`${location.origin}/api/v1/staff/cases/NF-000001/timer/stop`, { method: 'POST' });
      show(false);
      await waitFor(() => beats() > hiddenAt, 'a heartbeat on coming back');
      await waitFor(() => fake.to('POST /staff/cases/NF-000001/timer/start').length === 2, 'started again after the 409');
      await waitFor(() => host.timer.running, 'running again');
    } finally {
      timing.heartbeatMs = was;
      delete (document as unknown as Record<string, unknown>).hidden;
    }
  });

  it('shortcuts act outside fields, never while typing (Escape excepted), with modifiers or under a modal', async () => {
    const host = fixture<TestHost>('<test-host></test-host>');
    await host.updateComplete;
    await expectAccessible(host);
    const q = (s: string) => host.shadowRoot!.querySelector(s)!;
    expect(press('j', { target: document.body }).defaultPrevented).to.equal(true);
    for (const field of ['input', 'textarea', 'select', '[contenteditable]']) expect(press('j', { target: q(field) }).defaultPrevented, field).to.equal(false);
    expect(press('j', { target: q('input[type=checkbox]') }).defaultPrevented, 'a checkbox is no text field').to.equal(true);
    expect(press('Escape', { target: q('textarea') }).defaultPrevented, 'Escape in a field').to.equal(true);
    expect(press('j', { target: document.body, ctrlKey: true }).defaultPrevented).to.equal(false);
    expect(press('Enter', { target: document.body }).defaultPrevented, 'a handler that declines').to.equal(false);
    const resume = pauseShortcuts();
    expect(press('j', { target: document.body }).defaultPrevented, 'under a modal').to.equal(false);
    resume();
    resume(); // twice is once
    expect(press('j', { target: document.body }).defaultPrevented).to.equal(true);
    expect(host.pressed).to.deep.equal(['j', 'j', 'escape', 'j']);
    expect(isTyping(new KeyboardEvent('keydown'))).to.equal(false);
    host.remove();
    expect(press('j', { target: document.body }).defaultPrevented, 'gone with its host').to.equal(false);
  });

  it('live events reach the host, and a stream the server closes is opened again, with a reload signal', async () => {
    const host = fixture<TestHost>('<test-host></test-host>');
    const first = FakeEventSource.last;
    first.open();
    first.emit('case', { reference: 'NF-000001', change: 'created', by: 'customer', at: '2026-11-20T10:00:00Z' });
    first.dispatchEvent(new MessageEvent('case', { data: 'not json' }));
    expect(host.cases).to.deep.equal(['NF-000001:created']);
    first.fail();
    expect(liveEvents.state).to.equal('lost');
    const second = await waitFor(() => (FakeEventSource.made.length === 2 ? FakeEventSource.last : null), 'a new EventSource');
    expect(first.closed).to.equal(true);
    second.fail();
    const third = await waitFor(() => (FakeEventSource.made.length === 3 ? FakeEventSource.last : null), 'another, after a longer wait');
    third.open();
    expect(host.reconnections).to.equal(1);
    expect(host.states).to.include.ordered.members(['open', 'lost']);
    expect(liveEvents.state).to.equal('open');
  });

  it('a change refused for a stale CSRF token (another tab signed in again) is sent once more with the current one', async () => {
    let current = 'csrf-123';
    fake.on('GET /staff/session', () => ({ status: 200, body: { ...SESSION, csrfToken: current } }));
    fake.on('POST /staff/cases/:ref/status', (c) =>
      c.headers.get('x-csrf-token') === current ? { status: 200, body: caseDetail(1, { status: 'solved' }) } : { status: 403, body: { type: 'https://ayuda.dev/problems/csrf-failed', title: 'CSRF token missing or wrong', status: 403 } },
    );
    current = 'csrf-new';
    const { api } = await import('./api.js');
    const answer = await api().staffStatus('NF-000001', 'solved');
    expect(answer.status).to.equal('solved');
    expect(api().csrfToken).to.equal('csrf-new');
    expect(fake.to('POST /staff/cases/NF-000001/status').map((c) => c.headers.get('x-csrf-token'))).to.deep.equal(['csrf-123', 'csrf-new']);

    // Someone else signed in meanwhile: nothing is sent again in their name.
    const { rememberSessionUser } = await import('./session.js');
    rememberSessionUser(SESSION.user.id);
    fake.on('GET /staff/session', () => ({ status: 200, body: { ...SESSION, user: { ...SESSION.user, id: 99 }, csrfToken: 'csrf-other' } }));
    current = 'csrf-other';
    api().csrfToken = 'csrf-new';
    const refused = await api().staffStatus('NF-000001', 'open').catch((e: unknown) => e);
    expect((refused as { status: number }).status).to.equal(403);
    expect(fake.to('POST /staff/cases/NF-000001/status')).to.have.length(3);
    rememberSessionUser(null);
  });

  it('optimistic actions apply at once, and undo with a message in the user’s language', async () => {
    await setLocale('es');
    const host = fixture<TestHost>('<test-host></test-host>');
    const seen: string[] = [];
    const off = onNotice((n) => seen.push(`${n.tone}: ${n.message}`));
    let reject!: (e: unknown) => void;
    const run = host.optimistic.run({
      label: 'Cambiar el estado',
      apply: () => (host.value = 'after'),
      revert: () => (host.value = 'before'),
      request: () => new Promise((_, r) => (reject = r)),
    });
    expect(host.value).to.equal('after');
    expect(host.optimistic.pending).to.equal(1);
    reject(new AyudaApiError({ type: 'https://ayuda.dev/problems/forbidden', title: 'Forbidden', status: 403 }));
    expect(await run).to.equal(undefined);
    expect(host.value).to.equal('before');
    expect(seen).to.deep.equal(['error: Se ha deshecho «Cambiar el estado»: tu rol no lo permite']);
    const net = await host.optimistic.run({ label: 'Asignar', apply: () => undefined, revert: () => undefined, request: () => Promise.reject(new TypeError('Failed to fetch')) });
    expect(net).to.equal(undefined);
    expect(seen[1]).to.contain('No se puede contactar con el servidor');
    const ok = await host.optimistic.run({ label: 'x', apply: () => undefined, revert: () => undefined, request: async () => 42, success: 'Hecho.' });
    expect(ok).to.equal(42);
    expect(seen[2]).to.equal('info: Hecho.');
    off();
  });

  it('a refused input names the refused fields by their labels, in the user’s language, never in the server’s English', async () => {
    await setLocale('es');
    const host = fixture<TestHost>('<test-host></test-host>');
    const seen: string[] = [];
    const off = onNotice((n) => seen.push(n.message));
    const refusal = (fields: string[]) =>
      new AyudaApiError({ type: 'https://ayuda.dev/problems/validation', title: 'Invalid request', status: 422, errors: fields.map((field) => ({ field, message: 'between 1 and 499 (minor units)' })) });
    const fields = { 'body.amount': 'Importe', 'body.reason': 'Motivo' };
    let refused: unknown;
    const run = (err: unknown) => host.optimistic.run({ label: 'Reembolso de cortesía', apply: () => undefined, revert: () => undefined, request: () => Promise.reject(err), fields, refused: (e) => (refused = e) });
    await run(refusal(['body.amount']));
    await run(refusal(['body.amount', 'body.reason']));
    // A field the form has no label for is not named (nor is the server's text): the general reason.
    await run(refusal(['body.orderId']));
    await setLocale('en');
    await run(refusal(['body.reason']));
    expect(seen).to.deep.equal([
      'Se ha deshecho «Reembolso de cortesía»: el servidor no aceptó el campo «Importe»',
      'Se ha deshecho «Reembolso de cortesía»: el servidor no aceptó los campos «Importe» y «Motivo»',
      'Se ha deshecho «Reembolso de cortesía»: el servidor no aceptó lo enviado',
      'Reembolso de cortesía was undone: the server did not accept the field “Motivo”',
    ]);
    expect(refused, 'the refusal handed to the action').to.be.instanceOf(AyudaApiError);
    expect(refusedFields(refusal(['body.amount', 'body.amount']), fields)).to.deep.equal(['Importe']);
    expect(refusedFields(new TypeError('Failed to fetch'), fields)).to.deep.equal([]);
    off();
  });

  it('info notices go by themselves (not while held), errors stay, and the same message never stacks', async () => {
    const shown: string[][] = [];
    const list = new NoticeList((items) => shown.push(items.map((n) => `${n.tone}: ${n.message}`)), { infoMs: 60, max: 3 });
    let id = 0;
    const n = (message: string, tone: Notice['tone'] = 'info'): Notice => ({ id: ++id, message, tone });
    const now = () => list.items.map((x) => `${x.tone}: ${x.message}`);
    list.add(n('Saved.'));
    list.add(n('Not undone', 'error'));
    list.add(n('Not undone', 'error'));
    list.add(n('Not undone', 'error'));
    expect(now(), 'one of each').to.deep.equal(['info: Saved.', 'error: Not undone']);
    await waitFor(() => now().length === 1, 'the info message gone by itself', 2000);
    expect(now()).to.deep.equal(['error: Not undone']);
    await new Promise((r) => setTimeout(r, 150));
    expect(now(), 'an error stays until closed').to.deep.equal(['error: Not undone']);
    list.dismiss(list.items[0]!.id);
    expect(now()).to.deep.equal([]);
    // Held (the pointer or focus on the messages): nothing goes until released, then after its whole time.
    list.add(n('Assigned.'));
    list.hold(true);
    await new Promise((r) => setTimeout(r, 150));
    expect(now()).to.deep.equal(['info: Assigned.']);
    list.hold(false);
    await waitFor(() => now().length === 0, 'gone once released', 2000);
    // At most three at once: the oldest goes first.
    for (const m of ['a', 'b', 'c', 'd']) list.add(n(m, 'error'));
    expect(now()).to.deep.equal(['error: b', 'error: c', 'error: d']);
    list.dispose();
    expect(shown.length).to.be.greaterThan(0);
  });
});
