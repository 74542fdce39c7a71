import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import '../define/ayuda-console.js';
import type { AyudaConsole } from './app.js';
import { $, $$, active, caseDetail, cleanup, expectAccessible, fixture, FakeEventSource, ME, press, queueCase, SESSION, text, useFake, waitFor, type FakeApi } from '../test-helpers.js';

async function mount(): Promise<AyudaConsole> {
  const el = fixture<AyudaConsole>('<ayuda-console></ayuda-console>');
  await waitFor(() => el.session !== undefined, 'the session check');
  await el.updateComplete;
  return el;
}

/** How long a lazily loaded screen may take to appear: its chunk is compiled on first request. */
const CHUNK_MS = 15_000;

describe('ayuda-console (the shell)', () => {
  let fake: FakeApi;
  beforeEach(async () => {
    localStorage.clear();
    fake = await useFake('en');
    fake.on('GET /staff/cases', () => ({ status: 200, body: { total: 1, next: null, cases: [queueCase(1, { lane: 'fast' })] } }));
  });
  afterEach(() => {
    cleanup();
    localStorage.clear();
    document.documentElement.removeAttribute('data-theme');
  });

  it('shows sign-in without a session, signs in with a password, then the queue in the account’s language', async () => {
    fake.refuse('GET /staff/session', 401);
    fake.on('POST /staff/session', (c) => {
      const { password } = c.body as { password: string };
      return password === 'correct horse battery' ? { status: 200, body: { ...SESSION, user: { ...ME, locale: 'es' } } } : { status: 401, body: { type: 'https://ayuda.dev/problems/unauthorized', title: 'Unauthorized', status: 401 } };
    });
    const el = await mount();
    const signin = await waitFor(() => $(el, 'ayuda-signin'), 'the sign-in screen');
    await waitFor(() => $(signin, 'input[name=email]'));
    await expectAccessible(el, 'sign-in');
    ($(signin, 'input[name=email]') as HTMLInputElement).value = 'ana@nubefibra.example';
    ($(signin, 'input[name=password]') as HTMLInputElement).value = 'wrong password!';
    $<HTMLFormElement>(signin, 'form')!.requestSubmit();
    await waitFor(() => text($(signin, '[role=alert]')).includes('Wrong email or password.'), 'the refusal');
    ($(signin, 'input[name=password]') as HTMLInputElement).value = 'correct horse battery';
    $<HTMLFormElement>(signin, 'form')!.requestSubmit();
    await waitFor(() => $(el, 'ayuda-queue', 'a[data-index]'), 'the queue');
    // The focus, on the form's button that is gone, is on the screen's content, not lost to the page.
    expect(active()).to.equal($(el, '#main'));
    expect(document.documentElement.lang).to.equal('es');
    expect(text($(el, 'nav'))).to.contain('Míos');
    expect(FakeEventSource.last.url).to.equal(`${location.origin}/api/v1/staff/events`);
    await expectAccessible(el, 'queue');
  });

  it('signs in from a mailed link (#/link/<token>) and lands on the queue', async () => {
    fake.refuse('GET /staff/session', 401);
    fake.on('POST /staff/session/link/verify', (c) => ((c.body as { token: string }).token === 'tok_1234567890' ? { status: 200, body: SESSION } : { status: 401, body: { type: 'x', title: 'No', status: 401 } }));
    location.hash = '#/link/tok_1234567890';
    const el = await mount();
    await waitFor(() => $(el, 'ayuda-queue'), 'the queue');
    expect(location.hash).to.equal('#/queue/all');
  });

  it('says so when a mailed link has expired, and offers the sign-in form', async () => {
    fake.refuse('POST /staff/session/link/verify', 401);
    location.hash = '#/link/tok_expired_123';
    const el = await mount();
    const signin = await waitFor(() => $(el, 'ayuda-signin'));
    await waitFor(() => text($(signin, '[role=alert]')).includes('expired or was already used'), 'the message');
    expect($(signin, 'input[name=password]')).to.not.equal(null);
  });

  it('emails a sign-in link, and sets a password from a set-password link', async () => {
    fake.refuse('GET /staff/session', 401);
    fake.on('POST /staff/session/link', () => ({ status: 202, body: { sent: true } }));
    const el = await mount();
    const signin = await waitFor(() => $(el, 'ayuda-signin'));
    await waitFor(() => $(signin, 'input[name=email]'));
    const link = $$<HTMLButtonElement>(signin, 'button').find((b) => b.textContent?.includes('Email me'))!;
    link.click();
    await waitFor(() => text($(signin, '[role=alert]')).includes('Type your email first.'));
    ($(signin, 'input[name=email]') as HTMLInputElement).value = 'ana@nubefibra.example';
    link.click();
    await waitFor(() => text($(signin, '[role=status]')).includes('a sign-in link is on its way'));
    expect(fake.to('POST /staff/session/link')[0]!.body).to.deep.equal({ email: 'ana@nubefibra.example', locale: 'en' });

    fake.on('POST /staff/password', () => ({ status: 200, body: SESSION }));
    cleanup();
    location.hash = '#/set-password/set_abcdefghijk';
    const again = await mount();
    const form = await waitFor(() => $(again, 'ayuda-signin', 'form'));
    await expectAccessible(again, 'set password');
    ($(form, '[name=password]') as HTMLInputElement).value = 'a long new password';
    ($(form, '[name=confirm]') as HTMLInputElement).value = 'a different one!!';
    (form as HTMLFormElement).requestSubmit();
    await waitFor(() => text($(again, 'ayuda-signin', '[role=alert]')).includes('The two passwords differ.'));
    ($(form, '[name=confirm]') as HTMLInputElement).value = 'a long new password';
    (form as HTMLFormElement).requestSubmit();
    await waitFor(() => $(again, 'ayuda-queue'), 'signed in');
    expect(fake.to('POST /staff/password')[0]!.body).to.deep.equal({ token: 'set_abcdefghijk', password: 'a long new password' });
  });

  it('? lists every shortcut in a dialog that Escape closes, giving the focus back', async () => {
    const el = await mount();
    await waitFor(() => $(el, 'ayuda-queue', 'a[data-index]'));
    const help = $$<HTMLButtonElement>(el, 'header button').find((b) => b.getAttribute('aria-keyshortcuts') === '?')!;
    help.focus();
    press('?');
    const dialog = await waitFor(() => $<HTMLDialogElement>(el, 'ayuda-shortcuts-dialog', 'dialog[open]'), 'the dialog');
    await expectAccessible($(el, 'ayuda-shortcuts-dialog')!, 'shortcuts');
    const rows = $$(dialog, 'tbody tr').map((r) => text(r));
    expect(rows).to.have.length(11);
    expect(rows).to.include.members(['j Next case in the list', 'k Previous case in the list', 'a Assign the case to me', 's Solve the case', '/ Search cases', '? Show these shortcuts']);
    // The page's shortcuts sleep while the dialog is open.
    expect(press('j').defaultPrevented).to.equal(false);
    dialog.close();
    await waitFor(() => active() === help, 'the focus back on the button');
  });

  it('in a case, j and k go on to the next and previous case of the list', async () => {
    fake.on('GET /staff/cases', () => ({ status: 200, body: { total: 3, next: null, cases: [queueCase(1, { lane: 'fast' }), queueCase(2), queueCase(3)] } }));
    fake.on('GET /staff/cases/:ref', (c) => ({ status: 200, body: caseDetail(Number(c.path.split('-')[1])) }));
    const el = await mount();
    await waitFor(() => $(el, 'ayuda-queue')?.shadowRoot?.querySelectorAll('a[data-index]').length === 3, 'the queue');
    location.hash = '#/cases/NF-000002';
    await waitFor(() => $(el, 'ayuda-case-view', 'h1'), 'the case');
    press('j', { target: document.body });
    await waitFor(() => location.hash === '#/cases/NF-000003', 'the next case');
    press('k', { target: document.body });
    press('k', { target: document.body });
    await waitFor(() => location.hash === '#/cases/NF-000001', 'back to the first');
    // No case before the first: k does nothing.
    expect(press('k', { target: document.body }).defaultPrevented).to.equal(false);
  });

  it('keeps the queue’s filters in the address: the queue opens with them, and Back from a case, the case’s own link back or another view keeps them', async function () {
    this.timeout(30_000);
    fake.on('GET /staff/cases/:ref', (c) => ({ status: 200, body: caseDetail(Number(c.path.split('-')[1])) }));
    location.hash = '#/queue/mine?lane=fast&q=router';
    const el = await mount();
    const asked = () => [...new Set(fake.to('GET /staff/cases').map((c) => `${c.query.get('view')} ${c.query.get('lane')} ${c.query.get('q')}`))];
    const nav = (name: string) => $$<HTMLAnchorElement>(el, 'nav a').find((a) => a.textContent?.trim() === name)!;
    await waitFor(() => $(el, 'ayuda-queue', 'a[data-index]'), 'the queue');
    expect(asked()).to.deep.equal(['mine fast router']);
    expect(nav('All open').getAttribute('href'), 'the header’s views keep them').to.equal('#/queue/all?lane=fast&q=router');

    // Open a case, then the browser's Back.
    $<HTMLAnchorElement>(el, 'ayuda-queue', 'a[data-index]')!.click();
    await waitFor(() => $(el, 'ayuda-case-view', 'h1'), 'the case', CHUNK_MS);
    history.back();
    await waitFor(() => location.hash === '#/queue/mine?lane=fast&q=router' && !$(el, 'ayuda-case-view'), 'Back to the filtered queue');

    // The case's "Back to the queue" link says only the view: the filters are found again, in the address too.
    $<HTMLAnchorElement>(el, 'ayuda-queue', 'a[data-index]')!.click();
    const back = await waitFor(() => $<HTMLAnchorElement>(el, 'ayuda-case-view', 'a[href^="#/queue/"]'), 'the case again', CHUNK_MS);
    back.click();
    await waitFor(() => location.hash === '#/queue/mine?lane=fast&q=router' && !$(el, 'ayuda-case-view'), 'the case’s link back to the filtered queue');
    expect(asked(), 'never an unfiltered list, not even while the case was open').to.deep.equal(['mine fast router']);

    nav('All open').click();
    await waitFor(() => asked().includes('all fast router'), 'another view, the same filters');
    expect(location.hash).to.equal('#/queue/all?lane=fast&q=router');
    await waitFor(() => $$<HTMLButtonElement>($(el, 'ayuda-queue')!, 'form button').length === 1);
    $$<HTMLButtonElement>($(el, 'ayuda-queue')!, 'form button')[0]!.click();
    await waitFor(() => location.hash === '#/queue/all' && nav('Mine').getAttribute('href') === '#/queue/mine', 'the filters cleared, in the address and the header');
  });

  it('offers the admin screen to admins only', async function () {
    // Two screens in chunks of their own: the test server compiles each on its first request,
    // which takes seconds on a loaded machine (the fresh-clone check beside other test runs).
    this.timeout(45_000);
    const el = await mount();
    await waitFor(() => $(el, 'nav a'));
    expect($$(el, 'nav a').map((a) => a.textContent?.trim())).to.not.include.members(['Admin', 'Settings']);
    cleanup();
    const next = await useFake('en');
    next.on('GET /staff/session', () => ({ status: 200, body: { ...SESSION, user: { ...ME, role: 'admin' } } }));
    const admin = await mount();
    const link = await waitFor(() => $$<HTMLAnchorElement>(admin, 'nav a').find((a) => a.textContent?.trim() === 'Admin'));
    link.click();
    await waitFor(() => $(admin, 'ayuda-admin', 'h1'), 'the admin screen (its own chunk)', CHUNK_MS);
    expect(location.hash).to.equal('#/admin/team');
    await expectAccessible(admin, 'admin');
    next.on('GET /staff/settings/sla', () => ({ status: 200, body: { section: 'sla', value: { hours: { timeZone: 'Europe/Madrid', week: { mon: [{ from: '09:00', to: '17:00' }] }, holidays: [], specialDays: {} }, policy: { standard: { firstResponse: 480, resolution: 2400, calendar: false }, fast: { firstResponse: 60, resolution: 480, calendar: false }, laneChange: 'fromChange' } }, source: 'default', fields: { hours: 'default', policy: 'default' }, startValue: {}, startSource: 'default', version: 0, updatedAt: null, updatedBy: null } }));
    next.on('GET /staff/settings/sla/revisions', () => ({ status: 200, body: { revisions: [] } }));
    $$<HTMLAnchorElement>(admin, 'nav a').find((a) => a.textContent?.trim() === 'Settings')!.click();
    await waitFor(() => $(admin, 'ayuda-settings', 'form'), 'the settings screen (its own chunk), first section', CHUNK_MS);
    expect($(admin, 'nav a[aria-current=page]')!.textContent?.trim()).to.equal('Settings');
    expect($(admin, 'ayuda-admin')).to.equal(null);
  });

  it('sends an agent who opens an admin address to the queue, saying why; the admin screen never loads', async () => {
    const { onNotice } = await import('../internal/notices.js');
    const notices: string[] = [];
    const off = onNotice((n) => notices.push(n.message));
    try {
      location.hash = '#/admin/audit';
      const el = await mount();
      await waitFor(() => location.hash.startsWith('#/queue'), 'back to the queue');
      expect($(el, 'ayuda-admin')).to.equal(null);
      expect(notices).to.include('The admin screens are for admins.');
      // And when the address changes while signed in.
      location.hash = '#/admin/team';
      await waitFor(() => location.hash.startsWith('#/queue'), 'back to the queue again');
      expect($(el, 'ayuda-admin')).to.equal(null);
      location.hash = '#/settings/mail';
      await waitFor(() => location.hash.startsWith('#/queue'), 'the settings screen is for admins too');
      expect($(el, 'ayuda-settings')).to.equal(null);

    } finally {
      off();
    }
  });

  it('switches theme and language, and remembers both on this device', async () => {
    const el = await mount();
    const before = document.documentElement.dataset.theme;
    const toggle = $$<HTMLButtonElement>(el, 'header button').find((b) => /theme/i.test(b.textContent ?? ''))!;
    toggle.click();
    await el.updateComplete;
    expect(document.documentElement.dataset.theme).to.not.equal(before);
    expect(localStorage.getItem('ayuda.console.theme')).to.equal(document.documentElement.dataset.theme);
    await expectAccessible(el, `theme ${document.documentElement.dataset.theme}`);
    const lang = $<HTMLSelectElement>(el, 'header select')!;
    lang.value = 'es';
    lang.dispatchEvent(new Event('change'));
    await waitFor(() => text($(el, 'header')).includes('Salir en todos los dispositivos'), 'Spanish');
    expect(localStorage.getItem('ayuda.console.locale')).to.equal('es');
  });

  it('signs out everywhere, and shows sign-in when a call finds the session gone', async () => {
    fake.on('POST /staff/session/revoke-all', () => ({ status: 204 }));
    const el = await mount();
    $$<HTMLButtonElement>(el, 'header button').find((b) => b.textContent?.includes('Sign out everywhere'))!.click();
    await waitFor(() => $(el, 'ayuda-signin'), 'signed out');
    expect(fake.to('POST /staff/session/revoke-all')[0]!.headers.get('x-csrf-token')).to.equal('csrf-123');
    expect(FakeEventSource.last.closed).to.equal(true);

    cleanup();
    const next = await useFake('en');
    next.refuse('GET /staff/cases', 401);
    const again = await mount();
    // Any staff call answered 401 (expired, revoked elsewhere) brings back the sign-in screen.
    await waitFor(() => $(again, 'ayuda-signin'), 'sign-in after a 401');
    expect(again.session).to.equal(null);
    await waitFor(() => text($(again, '[role=alert]')).includes('Your session has ended. Sign in again.'), 'the message');
    // Signed in again, the message has been answered and goes; the queue loads.
    next.on('GET /staff/cases', () => ({ status: 200, body: { total: 1, next: null, cases: [queueCase(1, { lane: 'fast' })] } }));
    next.on('POST /staff/session', () => ({ status: 200, body: SESSION }));
    const signin = $(again, 'ayuda-signin')!;
    await waitFor(() => $(signin, 'input[name=email]'));
    ($(signin, 'input[name=email]') as HTMLInputElement).value = 'ana@nubefibra.example';
    ($(signin, 'input[name=password]') as HTMLInputElement).value = 'correct horse battery';
    $<HTMLFormElement>(signin, 'form')!.requestSubmit();
    await waitFor(() => $(again, 'ayuda-queue', 'a[data-index]'), 'the queue');
    expect(text(again)).not.to.contain('Your session has ended');
  });
  describe('on a phone (375 px wide)', () => {
    beforeEach(async () => {
      await setViewport({ width: 375, height: 812 });
      // An admin: the most links in the header.
      fake.on('GET /staff/session', () => ({ status: 200, body: { ...SESSION, user: { ...ME, role: 'admin' } } }));
    });
    afterEach(() => setViewport({ width: 800, height: 600 }));

    it('keeps the header to two short lines: the links scroll sideways, and the tools open from a menu button that Escape closes', async () => {
      location.hash = '#/settings/';
      const el = await mount();
      await waitFor(() => $(el, 'ayuda-queue'));
      const header = $(el, 'header')!;
      await expectAccessible(el, 'narrow header');
      // It was 313 px high, leaving the queue two and a half rows.
      expect(header.getBoundingClientRect().height).to.be.below(100);
      const page = document.scrollingElement!;
      expect(page.scrollWidth).to.be.at.most(page.clientWidth);
      // Every link is there, in one line that scrolls inside the header, the current one in sight.
      const nav = $(el, 'header nav')!;
      expect(nav.scrollWidth).to.be.above(nav.clientWidth);
      const current = $(el, 'header nav a[aria-current=page]')!;
      expect(text(current)).to.equal('Settings');
      const box = current.getBoundingClientRect();
      expect(box.left >= 0 && box.right <= innerWidth).to.equal(true);
      // The tools are behind the button until it opens them.
      const toggle = $<HTMLButtonElement>(el, 'header .menu-toggle')!;
      const tools = $(el, '#header-tools')!;
      expect(text(toggle)).to.equal('Menu');
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(toggle.getAttribute('aria-controls')).to.equal(tools.id);
      expect(tools.offsetParent === null).to.equal(true);
      toggle.click();
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(tools.offsetParent === null).to.equal(false);
      expect(page.scrollWidth).to.be.at.most(page.clientWidth);
      await expectAccessible(el, 'narrow header, menu open');
      const signOut = $$<HTMLButtonElement>(tools, 'button').find((b) => text(b) === 'Sign out')!;
      signOut.focus();
      press('Escape', { target: signOut });
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(active() === toggle).to.equal(true);
      // Going to another screen closes the menu.
      toggle.click();
      await el.updateComplete;
      location.hash = '#/queue/mine';
      await waitFor(() => toggle.getAttribute('aria-expanded') === 'false', 'the menu closed');
    });

    it('keeps the page to the screen in a long case: only the case scrolls, the header stays', async function () {
      this.timeout(30_000);
      fake.on('GET /staff/cases/:ref', (c) => ({ status: 200, body: caseDetail(Number(c.path.split('-')[1])) }));
      location.hash = '#/cases/NF-000001';
      const el = await mount();
      await waitFor(() => $(el, 'ayuda-case-view', 'h1'), 'the case', CHUNK_MS);
      await waitFor(() => $(el, 'ayuda-case-view', 'ayuda-customer-panel'), 'the customer');
      const view = $(el, 'ayuda-case-view')!;
      expect(view.scrollHeight, 'a case longer than the screen').to.be.above(view.clientHeight);
      // A screen-reader-only text at the foot of the case (the countdown's deadline, a label)
      // made the page taller than the console, so the page scrolled the header away.
      const page = document.scrollingElement!;
      expect(page.scrollHeight).to.be.at.most(page.clientHeight);
      expect(page.scrollWidth).to.be.at.most(page.clientWidth);
    });

    it('keeps the wide header as it was on a wide screen: no menu button, the tools always shown', async () => {
      await setViewport({ width: 1280, height: 800 });
      const el = await mount();
      await waitFor(() => $(el, 'ayuda-queue'));
      expect($(el, 'header .menu-toggle')!.offsetParent === null).to.equal(true);
      expect($(el, '#header-tools')!.offsetParent === null).to.equal(false);
      expect(getComputedStyle($(el, 'header nav ul')!).flexWrap).to.equal('wrap');
    });
  });
});
