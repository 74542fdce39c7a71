import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import '../define/ayuda-admin.js';
import type { AyudaAdmin } from './admin.js';
import { $, $$, active, cleanup, expectAccessible, expectOneScrollingRow, fixture, ME, text, useFake, waitFor, type FakeApi } from '../test-helpers.js';
import { setLocale } from '../internal/localize.js';

const ADMIN = { ...ME, role: 'admin' as const, hourlyCost: 3000 };

async function mount(tab: 'team' | 'opportunities' | 'audit' | 'tokens'): Promise<AyudaAdmin> {
  const el = fixture<AyudaAdmin>('<ayuda-admin></ayuda-admin>');
  el.user = ADMIN;
  el.tab = tab;
  await el.updateComplete;
  return el;
}

describe('ayuda-admin', () => {
  let fake: FakeApi;
  beforeEach(async () => {
    fake = await useFake('en');
    fake.on('GET /staff/users', () => ({ status: 200, body: { users: [ADMIN, { ...ME, id: 9, name: 'Luis', email: 'luis@nubefibra.example', hourlyCost: null }] } }));
  });
  afterEach(cleanup);

  it("team: reads and saves hourly costs in the installation's currency (yen: no decimals)", async () => {
    fake.on('PATCH /staff/users/:id', (c) => ({ status: 200, body: { ...ME, id: 9, name: 'Luis', email: 'luis@nubefibra.example', ...(c.body as object) } }));
    const el = fixture<AyudaAdmin>('<ayuda-admin></ayuda-admin>');
    el.user = ADMIN;
    el.currency = 'jpy';
    el.tab = 'team';
    await waitFor(() => $$(el, 'tbody tr').length === 2, 'the team');
    const [mine, luis] = $$<HTMLFormElement>(el, 'tbody form');
    // 3000 minor units of yen are 3000 yen, not 30.00.
    expect(($(mine!, '[name=hourlyCost]') as HTMLInputElement).value).to.equal('3000');
    // The column's heading names what its checkbox says (Disabled), not its opposite.
    expect(text($(el, 'thead')!)).to.contain('Disabled').and.not.contain('Active');
    expect(text(mine!)).to.match(/\(\s*JPY\s*\)/);
    ($(luis!, '[name=hourlyCost]') as HTMLInputElement).value = '2850';
    luis!.requestSubmit();
    await waitFor(() => fake.to('PATCH /staff/users/9').length === 1);
    expect((fake.to('PATCH /staff/users/9')[0]!.body as { hourlyCost: number }).hourlyCost).to.equal(2850);
  });

  it('team: in Spanish, an hourly cost reads with a decimal comma (30,00: there the point groups thousands), reads back as the same amount, and a new one with a comma saves', async () => {
    await setLocale('es');
    fake.on('PATCH /staff/users/:id', (c) => ({ status: 200, body: { ...ADMIN, ...(c.body as object) } }));
    const el = await mount('team');
    await waitFor(() => $$(el, 'tbody tr').length === 2, 'the team');
    const mine = $$<HTMLFormElement>(el, 'tbody form')[0]!;
    expect(($(mine, '[name=hourlyCost]') as HTMLInputElement).value).to.equal('30,00');
    mine.requestSubmit();
    await waitFor(() => fake.to('PATCH /staff/users/7').length === 1, 'the save');
    // 30,00 read back is the stored 3000, so it is left out as unchanged (3000 × 100 would be sent).
    expect('hourlyCost' in (fake.to('PATCH /staff/users/7')[0]!.body as object)).to.equal(false);
    await el.updateComplete;
    const again = $$<HTMLFormElement>(el, 'tbody form')[0]!;
    ($(again, '[name=hourlyCost]') as HTMLInputElement).value = '30,50';
    again.requestSubmit();
    await waitFor(() => fake.to('PATCH /staff/users/7').length === 2, 'the second save');
    expect((fake.to('PATCH /staff/users/7')[1]!.body as { hourlyCost: number }).hourlyCost).to.equal(3050);
  });

  it('team: an hourly cost stored above today’s limit does not stop a change of role: left as it was, it is not sent', async () => {
    const over = { ...ME, id: 9, name: 'Luis', email: 'luis@nubefibra.example', hourlyCost: 2_500_000 };
    fake.on('GET /staff/users', () => ({ status: 200, body: { users: [ADMIN, over] } }));
    fake.on('PATCH /staff/users/:id', (c) => ({ status: 200, body: { ...over, ...(c.body as object) } }));
    const el = await mount('team');
    await waitFor(() => $$(el, 'tbody tr').length === 2, 'the team');
    const luis = $$<HTMLFormElement>(el, 'tbody form')[1]!;
    ($(luis, '[name=role]') as HTMLSelectElement).value = 'admin';
    luis.requestSubmit();
    await waitFor(() => fake.to('PATCH /staff/users/9').length === 1, 'the save');
    expect(fake.to('PATCH /staff/users/9')[0]!.body).to.deep.equal({ role: 'admin', disabled: false });
    expect(text(el)).not.to.match(/At most/);
  });

  it('team: lists the accounts, saves a role and an hourly cost at once, creates an account and shows its link', async () => {
    fake.on('PATCH /staff/users/:id', (c) => ({ status: 200, body: { ...ME, id: 9, name: 'Luis', email: 'luis@nubefibra.example', ...(c.body as object) } }));
    fake.on('POST /staff/users', (c) => ({ status: 201, body: { user: { ...ME, id: 12, ...(c.body as object), hourlyCost: null }, setPasswordUrl: 'http://help.test/console/#/set-password/abc' } }));
    const el = await mount('team');
    await waitFor(() => $$(el, 'tbody tr').length === 2, 'the team');
    await expectAccessible(el, 'team');
    const luis = $$<HTMLFormElement>(el, 'tbody form')[1]!;
    ($(luis, '[name=role]') as HTMLSelectElement).value = 'admin';
    ($(luis, '[name=hourlyCost]') as HTMLInputElement).value = '28,50';
    luis.requestSubmit();
    await waitFor(() => fake.to('PATCH /staff/users/9').length === 1);
    expect(fake.to('PATCH /staff/users/9')[0]!.body).to.deep.equal({ role: 'admin', hourlyCost: 2850, disabled: false });
    // The admin cannot disable themselves from here.
    expect(($(el, 'tbody form [name=disabled]') as HTMLInputElement).disabled).to.equal(true);
    const create = $$<HTMLFormElement>(el, 'section form').at(-1)!;
    ($(create, '[name=email]') as HTMLInputElement).value = 'eva@nubefibra.example';
    ($(create, '[name=name]') as HTMLInputElement).value = 'Eva';
    create.requestSubmit();
    await waitFor(() => text(el).includes('/console/#/set-password/abc'), 'the link');
    expect(fake.to('POST /staff/users')[0]!.body).to.deep.equal({ email: 'eva@nubefibra.example', name: 'Eva', role: 'agent', locale: 'es' });
    expect($$(el, 'tbody tr')).to.have.length(3);
  });

  it('team: a new account whose address is taken is refused at the email field, and nothing is added', async () => {
    fake.on('POST /staff/users', () => ({ status: 409, body: { type: 'https://ayuda.dev/problems/conflict', title: 'Conflict', status: 409, detail: 'exists', errors: [{ field: 'body.email', message: 'A staff account with the address luis@nubefibra.example already exists.' }] } }));
    const el = await mount('team');
    await waitFor(() => $$(el, 'tbody tr').length === 2, 'the team');
    const create = $$<HTMLFormElement>(el, 'section form').at(-1)!;
    ($(create, '[name=email]') as HTMLInputElement).value = 'luis@nubefibra.example';
    ($(create, '[name=name]') as HTMLInputElement).value = 'Luis Dos';
    create.requestSubmit();
    const email = $<HTMLInputElement>(create, '[name=email]')!;
    await waitFor(() => email.getAttribute('aria-invalid') === 'true', 'the refusal at the field');
    expect(text($(el, '#new-email-error'))).to.equal('There is an account with this address already.');
    expect(($(el, '[role=alert]')?.textContent ?? '').trim()).to.equal('');
    expect($$(el, 'tbody tr')).to.have.length(2);
    await expectAccessible(el, 'an address taken');
  });

  it('team: an hourly cost that is no amount, negative or above 10,000.00 is refused at its field in the console’s words, with focus; nothing is sent', async () => {
    fake.on('PATCH /staff/users/:id', (c) => ({ status: 200, body: { ...ME, id: 9, name: 'Luis', email: 'luis@nubefibra.example', ...(c.body as object) } }));
    const el = await mount('team');
    await waitFor(() => $$(el, 'tbody tr').length === 2, 'the team');
    const luis = $$<HTMLFormElement>(el, 'tbody form')[1]!;
    const cost = $<HTMLInputElement>(luis, '[name=hourlyCost]')!;
    const errorOf = () => text($(el, `#${cost.getAttribute('aria-describedby')!.split(' ')[0]}`));
    for (const [typed, message] of [
      ['-5', 'Enter an amount, e.g. 22.50, or leave it empty.'],
      ['abc', 'Enter an amount, e.g. 22.50, or leave it empty.'],
      ['22.505', 'Enter an amount, e.g. 22.50, or leave it empty.'],
      ['99999999999', 'At most €10,000.00.'],
      ['10000.01', 'At most €10,000.00.'],
    ] as const) {
      cost.value = typed;
      luis.requestSubmit();
      await waitFor(() => cost.getAttribute('aria-invalid') === 'true' && errorOf() === message, `${typed} refused`);
      expect(el.shadowRoot!.activeElement, typed).to.equal(cost);
    }
    expect(fake.to('PATCH /staff/users/9')).to.have.length(0);
    await expectAccessible(el, 'a refused hourly cost');
    cost.value = '10000';
    luis.requestSubmit();
    await waitFor(() => fake.to('PATCH /staff/users/9').length === 1, 'the save');
    expect((fake.to('PATCH /staff/users/9')[0]!.body as { hourlyCost: number }).hourlyCost).to.equal(1_000_000);
    await waitFor(() => cost.getAttribute('aria-invalid') === 'false', 'the mark gone');
  });

  it('team: a new account’s empty or malformed address and empty name are refused at their fields before sending; a new attempt clears the last success', async () => {
    fake.on('POST /staff/users', (c) => {
      const body = c.body as { email: string };
      return body.email === 'eva@nubefibra.example'
        ? { status: 201, body: { user: { ...ME, id: 12, ...(c.body as object), hourlyCost: null }, setPasswordUrl: 'http://help.test/console/#/set-password/abc' } }
        : { status: 409, body: { type: 'https://ayuda.dev/problems/conflict', title: 'Conflict', status: 409, detail: 'exists', errors: [{ field: 'body.email', message: 'exists' }] } };
    });
    const el = await mount('team');
    await waitFor(() => $$(el, 'tbody tr').length === 2, 'the team');
    const create = $$<HTMLFormElement>(el, 'section form').at(-1)!;
    const email = $<HTMLInputElement>(create, '[name=email]')!;
    const name = $<HTMLInputElement>(create, '[name=name]')!;
    for (const typed of ['', 'not-an-email', 'a@b']) {
      email.value = typed;
      name.value = '';
      create.requestSubmit();
      await waitFor(() => email.getAttribute('aria-invalid') === 'true' && text($(el, '#new-email-error')) === 'Enter a valid email address, e.g. name@company.com.', `${typed || 'empty'} refused`);
      expect(text($(el, '#new-name-error'))).to.equal('Enter the person’s name.');
      expect(el.shadowRoot!.activeElement).to.equal(email);
    }
    expect(fake.to('POST /staff/users')).to.have.length(0);
    await expectAccessible(el, 'a refused new account');
    email.value = 'eva@nubefibra.example';
    name.value = 'Eva';
    create.requestSubmit();
    await waitFor(() => text(el).includes('Account created for Eva'), 'the success');
    email.value = 'luis@nubefibra.example';
    name.value = 'Luis Dos';
    create.requestSubmit();
    await waitFor(() => text($(el, '#new-email-error')) === 'There is an account with this address already.', 'the refusal');
    expect(text(el)).not.to.contain('Account created for');
  });

  it('team: a 100-character name without spaces wraps inside the page', async () => {
    const long = 'A'.repeat(100);
    fake.on('GET /staff/users', () => ({ status: 200, body: { users: [ADMIN, { ...ME, id: 9, name: long, email: `${'b'.repeat(60)}@nubefibra.example`, hourlyCost: null }] } }));
    const el = fixture<AyudaAdmin>('<ayuda-admin style="display: block; width: 900px"></ayuda-admin>');
    el.user = ADMIN;
    el.tab = 'team';
    await waitFor(() => $$(el, 'tbody tr').length === 2, 'the team');
    const table = $<HTMLTableElement>(el, 'table')!;
    expect(table.getBoundingClientRect().width).to.be.at.most(900);
    expect(text($$(el, 'tbody th')[1]!)).to.equal(long);
  });

  it('on a phone (375 px wide), the team and the opportunities read as one card per row, each value after its column’s name, and nothing scrolls sideways', async () => {
    await setViewport({ width: 375, height: 812 });
    try {
      const noSideways = (el: AyudaAdmin) => {
        const page = document.scrollingElement!;
        expect(page.scrollWidth, 'the page').to.be.at.most(page.clientWidth);
        for (const section of $$(el, 'section')) expect(section.scrollWidth, 'a card').to.be.at.most(section.clientWidth);
      };
      const el = await mount('team');
      await waitFor(() => $$(el, 'tbody tr').length === 2, 'the team');
      await expectAccessible(el, 'narrow team');
      // The table was 758 px wide in a 343 px card.
      noSideways(el);
      const email = $$(el, 'tbody td')[0]!;
      expect(email.dataset.label).to.equal('Email');
      expect(getComputedStyle(email, '::before').content).to.equal('"Email"');
      // The row's form takes the card's width, its controls inside it.
      const card = $(el, 'section')!.getBoundingClientRect();
      for (const control of $$(el, 'tbody form')[0]!.querySelectorAll('select, input, button')) expect(control.getBoundingClientRect().right).to.be.at.most(card.right);

      fake.on('GET /staff/opportunities', () => ({
        status: 200,
        body: { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z', timeZone: 'Europe/Madrid', truncated: false, opportunities: [{ id: 1, createdAt: '2026-11-20T10:00:00Z', caseReference: 'NF-000001', customer: { name: 'Ana López', email: 'ana.lopez.garcia@example.com' }, product: 'Fibra 1 Gb', value: 2990, currency: 'eur', user: { id: 7, name: 'Ana Agente' }, note: 'Wants a faster line for working from home' }] },
      }));
      el.tab = 'opportunities';
      await waitFor(() => $$(el, 'tbody tr').length === 1, 'the opportunities');
      await expectAccessible(el, 'narrow opportunities');
      noSideways(el);
      expect($$(el, 'tbody td').map((td) => td.dataset.label)).to.deep.equal(['Date', 'Reference', 'Customer', 'Product or plan', 'Value', 'Agent', 'Note']);

      // The audit log too: an entry is a card, its action the card's whole width (the table was 594 px, scrolling in its card).
      fake.on('GET /staff/audit', () => ({ status: 200, body: { entries: [{ id: 1, actor: 'user:7', actorName: 'Ana Agente', action: 'case.status', target: 'case:NF-000001', data: { body: { status: 'pending_customer' } }, ip: '2001:db8:85a3::8a2e:370:7334', createdAt: '2026-11-20T10:00:00Z' }], next: null } }));
      el.tab = 'audit';
      await waitFor(() => $$(el, 'tbody tr').length === 1 && $(el, 'table.audit-log'), 'the audit log');
      await expectAccessible(el, 'narrow audit log');
      noSideways(el);
      const table = $(el, 'table.audit-log')!;
      expect(table.scrollWidth, 'the audit table').to.be.at.most(table.clientWidth);
      expect($$(el, 'tbody td').map((td) => td.dataset.label ?? null)).to.deep.equal(['When', 'Who', null, 'Target', 'IP']);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('on a phone (375 px wide), the tabs are one line that scrolls sideways, the current one in sight; the keyboard still goes through them as links', async () => {
    fake.on('GET /staff/tokens', () => ({ status: 200, body: { tokens: [] } }));
    await setViewport({ width: 375, height: 812 });
    try {
      const el = await mount('tokens');
      await waitFor(() => $(el, 'section table, section p'), 'the tokens');
      await expectAccessible(el, 'narrow tabs');
      // The seven tabs took three lines (about 110 px) above the screen's work.
      const nav = $(el, 'nav')!;
      expectOneScrollingRow(nav, 'API tokens');
      expect(nav.getBoundingClientRect().height).to.be.below(50);
      // Still a list of links named by the screen, the current one said so.
      expect(nav.getAttribute('aria-label')).to.equal('Admin');
      expect($$(nav, 'li > a[href]').length).to.equal(7);
      const first = $<HTMLAnchorElement>(nav, 'a')!;
      first.focus();
      expect(active() === first).to.equal(true);
      el.tab = 'audit';
      await el.updateComplete;
      expectOneScrollingRow(nav, 'Audit log');
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('team: mails a password reset link from the keyboard, says so without showing the link; none for a disabled account; a refusal is explained', async () => {
    const { onNotice } = await import('../internal/notices.js');
    const notices: string[] = [];
    const off = onNotice((n) => notices.push(`${n.tone}: ${n.message}`));
    fake.on('GET /staff/users', () => ({ status: 200, body: { users: [ADMIN, { ...ME, id: 9, name: 'Luis', email: 'luis@nubefibra.example' }, { ...ME, id: 10, name: 'Olga', email: 'olga@nubefibra.example', disabled: true }] } }));
    let refuse = false;
    fake.on('POST /staff/users/:id/password-link', () => (refuse ? { status: 409, body: { type: 'https://ayuda.dev/problems/conflict', title: 'Conflict', status: 409, detail: 'disabled' } } : { status: 202, body: { sent: true } }));
    try {
      const el = await mount('team');
      await waitFor(() => $$(el, 'tbody tr').length === 3, 'the team');
      await expectAccessible(el, 'team with reset buttons');
      const buttons = $$<HTMLButtonElement>(el, 'tbody button[type=button]');
      expect(buttons.map((b) => b.getAttribute('aria-label'))).to.deep.equal(['Send a password reset link to Ana Agente', 'Send a password reset link to Luis', 'Send a password reset link to Olga']);
      expect(buttons.map((b) => b.disabled)).to.deep.equal([false, false, true]);
      buttons[1]!.focus();
      buttons[1]!.click();
      await waitFor(() => fake.to('POST /staff/users/9/password-link').length === 1, 'the request');
      await waitFor(() => notices.length === 1, 'the notice');
      expect(notices[0]).to.equal('info: A link to choose a new password was mailed to Luis. Their current password works until they use it.');
      expect(text(el)).to.not.contain('set-password');
      refuse = true;
      buttons[0]!.click();
      await waitFor(() => $(el, '[role=alert] .error'), 'the refusal');
      expect(notices).to.have.length(1);
    } finally {
      off();
    }
  });

  it('opportunities: by period in the company’s time zone, with the CSV export of the same period in the user’s language', async () => {
    // The company is in Auckland (UTC+13 in November): its days start at 11:00 UTC the day before, whatever the browser's zone.
    const list = { from: '2026-10-31T11:00:00.000Z', to: '2026-11-30T11:00:00.000Z', timeZone: 'Pacific/Auckland', truncated: false, opportunities: [{ id: 1, caseReference: 'NF-000001', customer: { name: 'Marta', email: 'marta@example.com' }, user: { id: 7, name: 'Ana Agente' }, product: 'Fibra 1 Gb', value: 4500, currency: 'eur', note: 'Asked about faster plans', createdAt: '2026-11-20T10:30:00Z' }] };
    fake.on('GET /staff/opportunities', () => ({ status: 200, body: list }));
    const el = await mount('opportunities');
    await waitFor(() => $(el, 'tbody tr'), 'the list');
    await expectAccessible(el, 'opportunities');
    // Listed at 23:30 on 20 November in Auckland, said to be the company's time.
    expect(text($(el, 'tbody tr'))).to.contain('Fibra 1 Gb').and.contain('€45.00').and.contain('NF-000001').and.contain('20 Nov 2026, 23:30');
    expect(text($(el, '.zone'))).to.match(/^Times in Pacific\/Auckland time, the company's( \(yours is [^)]+\))?\.$/);
    const form = $<HTMLFormElement>(el, 'form')!;
    // Asked with no days, the fields then show the period the server listed, as the company's days (its last day is the day before its end).
    expect(fake.to('GET /staff/opportunities')[0]!.query.get('from')).to.equal(null);
    await el.updateComplete;
    expect([($(form, '[name=from]') as HTMLInputElement).value, ($(form, '[name=to]') as HTMLInputElement).value]).to.deep.equal(['2026-11-01', '2026-11-30']);
    ($(form, '[name=from]') as HTMLInputElement).value = '2026-11-02';
    ($(form, '[name=to]') as HTMLInputElement).value = '2026-11-29';
    form.requestSubmit();
    await waitFor(() => fake.to('GET /staff/opportunities').some((c) => c.query.get('from')), 'the period asked for');
    const call = fake.to('GET /staff/opportunities').at(-1)!;
    // From the start of 2 November to the start of 30 November (the day after the 29th), in Auckland.
    expect([call.query.get('from'), call.query.get('to')]).to.deep.equal(['2026-11-01T11:00:00.000Z', '2026-11-29T11:00:00.000Z']);
    await el.updateComplete;
    const csv = new URL($<HTMLAnchorElement>(el, 'a[download]')!.href);
    expect(csv.pathname).to.equal('/api/v1/staff/opportunities.csv');
    expect(csv.searchParams.get('from')).to.equal(call.query.get('from'));
    expect(csv.searchParams.get('to')).to.equal(call.query.get('to'));
    expect(csv.searchParams.get('locale')).to.equal('en');
  });

  it('audit log: filters, and older pages', async () => {
    const entry = (id: number) => ({ id, actor: 'user:7', actorName: 'Ana Agente', action: 'case.reply', target: 'case:NF-000001', data: { internal: false }, ip: '203.0.113.9', createdAt: '2026-11-20T10:00:00Z' });
    fake.on('GET /staff/audit', (c) => ({ status: 200, body: c.query.get('before') ? { entries: [entry(1)], next: null } : { entries: [entry(3), entry(2)], next: '2' } }));
    const el = await mount('audit');
    await waitFor(() => $$(el, 'tbody tr').length === 2, 'the first page');
    await expectAccessible(el, 'audit');
    // The address on one line, however narrow the table.
    $<HTMLElement>(el, 'table')!.style.width = '20rem';
    const ip = $$(el, 'td.audit-ip')[0]!;
    const range = document.createRange();
    range.selectNodeContents(ip);
    expect(new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size).to.equal(1);
    $<HTMLElement>(el, 'table')!.style.width = '';
    $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent?.includes('Older'))!.click();
    await waitFor(() => $$(el, 'tbody tr').length === 3, 'the older page');
    expect(fake.to('GET /staff/audit').at(-1)!.query.get('before')).to.equal('2');
    const form = $<HTMLFormElement>(el, 'form')!;
    ($(form, '[name=action]') as HTMLInputElement).value = 'refund';
    form.requestSubmit();
    await waitFor(() => fake.to('GET /staff/audit').some((c) => c.query.get('action') === 'refund'), 'the filter');
    expect(text(el)).to.contain('203.0.113.9');
  });

  it('audit log at 1280 px: the time readable on two lines, each action in words with a short summary (a draft’s save: its title and changed fields), the JSON folded, and a long value never widening a row; es and en', async () => {
    const { setViewport } = await import('@web/test-runner-commands');
    await setViewport({ width: 1280, height: 800 });
    const at = '2026-11-20T10:05:09Z';
    const long = 'x'.repeat(1000);
    const entries = [
      { id: 5, actor: 'user:1', actorName: 'Marta Admin', action: 'kb.draft.save', target: 'kb:es/cambiar-titular', data: { title: 'Cambiar la titularidad', created: false, changed: ['title', 'tags', 'body'], before: { title: 'Titularidad', tags: ['titular'] }, after: { title: 'Cambiar la titularidad', tags: ['titular', 'contrato'] } }, ip: '203.0.113.9', createdAt: at },
      // Written before the log kept only what changed: the whole request, the article's text in it.
      { id: 4, actor: 'user:1', actorName: 'Marta Admin', action: 'kb.draft.save', target: 'kb:es/pagar-factura', data: { body: { title: 'Pagar una factura', category: 'billing', tags: ['pago'], visibility: 'public', type: 'article', translation: null, body: long } }, ip: '203.0.113.9', createdAt: at },
      { id: 3, actor: 'user:7', actorName: 'Ana Agente', action: 'case.reply', target: 'case:NF-000001', data: { body: { body: `Hola, ${long}`, internal: false } }, ip: '203.0.113.9', createdAt: at },
      { id: 2, actor: 'user:7', actorName: 'Ana Agente', action: 'case.status', target: 'case:NF-000001', data: { body: { status: 'pending_customer' } }, ip: '203.0.113.9', createdAt: at },
      { id: 1, actor: 'system', actorName: 'demo', action: 'something.new', target: null, data: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 }, ip: null, createdAt: at },
      // A request over 4 KB, kept as the start of its JSON.
      { id: 0, actor: 'user:1', actorName: 'Marta Admin', action: 'kb.synonyms.replace', target: null, data: { body: { truncated: true, json: `{"es":[["${'sinónimo","'.repeat(400)}` } }, ip: '203.0.113.9', createdAt: at },
    ];
    fake.on('GET /staff/audit', () => ({ status: 200, body: { entries, next: null } }));
    try {
      const el = await mount('audit');
      await waitFor(() => $$(el, 'tbody tr').length === 6, 'the entries');
      await expectAccessible(el, 'audit summaries');
      const rows = $$(el, 'tbody tr');
      /** The lines a cell's text takes (the tops of its text's boxes). */
      const lines = (cell: Element) => {
        const tops = new Set<number>();
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(n);
          for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
        }
        return tops.size;
      };
      const when = rows[0]!.querySelector('td')!;
      expect(lines(when), 'the date, then the time').to.equal(2);
      expect(text(when)).to.contain('20 Nov 2026');
      expect(when.querySelector('time')!.getAttribute('datetime')).to.equal(at);
      const summary = (row: Element) => text(row.querySelector('.audit-lines'));
      expect(text(rows[0]!)).to.contain('Article draft saved');
      expect(summary(rows[0]!)).to.contain('“Cambiar la titularidad”').and.contain('Title: Titularidad → Cambiar la titularidad').and.contain('Tags: added contrato').and.contain('Text: changed');
      expect(summary(rows[1]!)).to.contain('“Pagar una factura”').and.contain('Which fields changed was not recorded yet').and.not.contain('xxx');
      expect(summary(rows[2]!)).to.match(/Text: Hola, x+…/).and.contain('Internal note: no');
      expect(summary(rows[3]!), 'the status by its name').to.equal('Status: Pending customer');
      expect(text(rows[4]!)).to.contain('something.new');
      expect(summary(rows[4]!)).to.contain('and 2 more details');
      expect(summary(rows[5]!)).to.equal('Request too long to keep whole');
      expect($<HTMLAnchorElement>(rows[2]!, '.audit-target a')!.getAttribute('href')).to.equal('#/cases/NF-000001');
      expect($<HTMLAnchorElement>(rows[0]!, '.audit-target a')!.getAttribute('href')).to.equal('#/kb/es/cambiar-titular');
      // No row is taller than a few lines, and the table fits its card: nothing scrolls sideways.
      for (const row of rows) expect(row.getBoundingClientRect().height, text(row).slice(0, 60)).to.be.below(200);
      const card = $<HTMLElement>(el, 'section')!;
      expect(card.scrollWidth).to.be.at.most(card.clientWidth + 1);
      // Every detail is one click away, in a box that scrolls rather than stretching the row.
      const details = rows[1]!.querySelector('details')!;
      expect(text(details.querySelector('summary'))).to.equal('All details (JSON)');
      details.open = true;
      const pre = details.querySelector('pre')!;
      expect(JSON.parse(pre.textContent!)).to.deep.equal(entries[1]!.data);
      expect(pre.getBoundingClientRect().height).to.be.at.most(16 * 16 + 20);
      expect(card.scrollWidth).to.be.at.most(card.clientWidth + 1);
      await expectAccessible(el, 'details open');

      await setLocale('es');
      await waitFor(() => text(el).includes('Borrador de artículo guardado'), 'Spanish');
      expect(text(el.renderRoot.querySelector('thead'))).to.contain('Cuándo').and.contain('Objeto');
      expect(text(rows[0]!.querySelector('.audit-lines'))).to.contain('«Cambiar la titularidad»').and.contain('Título: Titularidad → Cambiar la titularidad').and.contain('Etiquetas: se añadió contrato').and.contain('Texto: cambiado');
      expect(text(el)).to.contain('Todos los datos (JSON)');
    } finally {
      await setLocale('en');
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('API tokens: lists them, creates one with a role and shows its secret once, refuses an empty name at the field, revokes after asking', async () => {
    const { onNotice } = await import('../internal/notices.js');
    const notices: string[] = [];
    const off = onNotice((n) => notices.push(`${n.tone}: ${n.message}`));
    type Token = { id: number; name: string; prefix: string; role: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };
    const token = (id: number, over: Partial<Token> = {}): Token => ({ id, name: `Script ${id}`, prefix: `ayuda_st_abc${id}`, role: 'agent', createdAt: '2026-11-20T10:00:00Z', lastUsedAt: null, revokedAt: null, ...over });
    let list = [token(2, { role: 'admin', lastUsedAt: '2026-11-21T08:00:00Z' }), token(1, { revokedAt: '2026-11-20T12:00:00Z' })];
    fake.on('GET /staff/tokens', () => ({ status: 200, body: { tokens: list } }));
    fake.on('POST /staff/tokens', (c) => {
      const b = c.body as { name: string; role: string };
      if (b.name.includes('\u0007')) return { status: 422, body: { type: 'https://ayuda.dev/problems/validation', title: 'Invalid', status: 422, errors: [{ field: 'body.name', message: 'must not contain control characters' }] } };
      return { status: 201, body: { ...token(3, b), token: 'ayuda_st_abc3-secret-only-once' } };
    });
    fake.on('DELETE /staff/tokens/:id', (c) => {
      list = list.map((t) => (c.path.endsWith(`/${t.id}`) ? { ...t, revokedAt: '2026-11-22T09:00:00Z' } : t));
      return { status: 204 };
    });
    try {
      const el = await mount('tokens');
      await waitFor(() => $$(el, 'tbody tr').length === 2, 'the tokens');
      await expectAccessible(el, 'tokens');
      expect($$(el, 'nav a').map((a) => a.textContent)).to.include('API tokens');
      const [active, revoked] = $$(el, 'tbody tr');
      expect(text(active!)).to.contain('Script 2').and.contain('ayuda_st_abc2').and.contain('admin').and.contain('Revoke');
      expect(text(revoked!)).to.contain('never').and.contain('revoked on');
      expect($(revoked!, 'button')).to.equal(null);

      const form = $$<HTMLFormElement>(el, 'section form').at(-1)!;
      const name = $<HTMLInputElement>(form, '[name=name]')!;
      name.value = '   ';
      form.requestSubmit();
      await waitFor(() => name.getAttribute('aria-invalid') === 'true', 'the empty name refused');
      expect(text(el)).to.contain('Write a name that says what the token is for.');
      expect(fake.to('POST /staff/tokens')).to.have.length(0);
      await expectAccessible(el, 'a name refused');
      name.value = 'Bell\u0007';
      form.requestSubmit();
      await waitFor(() => text(el).includes('must not contain control characters'), 'the server’s refusal at the field');

      name.value = 'Informes nocturnos';
      ($(form, '[name=role]') as HTMLSelectElement).value = 'admin';
      form.requestSubmit();
      await waitFor(() => text(el).includes('ayuda_st_abc3-secret-only-once'), 'the secret');
      expect(fake.to('POST /staff/tokens').at(-1)!.body).to.deep.equal({ name: 'Informes nocturnos', role: 'admin' });
      expect(text(el)).to.contain('it will not be shown again');
      expect($$(el, 'tbody tr')).to.have.length(3);
      await expectAccessible(el, 'the secret shown');
      $$<HTMLButtonElement>(el, '.secret button').find((b) => b.textContent === 'Done, I have stored it')!.click();
      await waitFor(() => !text(el).includes('secret-only-once'), 'the secret gone for good');

      $<HTMLButtonElement>(el, 'button[aria-label="Revoke the token Script 2"]')!.click();
      const dialog = await waitFor(() => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'the question');
      expect(text(dialog)).to.contain('Revoke the token “Script 2”?');
      $<HTMLButtonElement>(dialog, 'button.primary')!.click();
      await waitFor(() => fake.to('DELETE /staff/tokens/:id').length === 1, 'the revocation');
      expect(fake.to('DELETE /staff/tokens/:id')[0]!.path).to.equal('/staff/tokens/2');
      await waitFor(() => notices.includes('info: Token “Script 2” revoked.'), 'the notice');
      await waitFor(() => !$(el, 'button[aria-label="Revoke the token Script 2"]'), 'Script 2 revoked in the list');
    } finally {
      off();
    }
  });
});
