import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import '../define/ayuda-settings.js';
import type { AyudaSettings } from './settings.js';
import { $, $$, active, cleanup, expectAccessible, fixture, text, useFake, waitFor, type FakeApi } from '../test-helpers.js';
import { onNotice } from '../internal/notices.js';
import { setLocale } from '../internal/localize.js';
import { mayLeave } from '../internal/router.js';

type View = Record<string, unknown> & { section: string; value: unknown; version: number };

function view(section: string, value: Record<string, unknown>, over: Partial<View> = {}): View {
  return {
    section,
    value,
    source: 'env',
    fields: Object.fromEntries(Object.keys(value).map((k) => [k, 'env'])),
    startValue: value,
    startSource: 'env',
    version: 0,
    updatedAt: null,
    updatedBy: null,
    ...over,
  };
}

const BY_ANA = { source: 'console', updatedAt: '2026-11-20T10:00:00Z', updatedBy: { actor: 'user:7', name: 'Ana Agente' } };
const week = (from: string, to: string) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from, to }]]));
const SLA = {
  hours: { timeZone: 'Europe/Madrid', week: week('09:00', '17:00'), holidays: ['2026-12-25'], specialDays: {} },
  policy: { standard: { firstResponse: 480, resolution: 2400, calendar: false }, fast: { firstResponse: 60, resolution: 480, calendar: false }, laneChange: 'fromChange' },
};

async function mount(section: string): Promise<AyudaSettings> {
  const el = fixture<AyudaSettings>('<ayuda-settings></ayuda-settings>');
  el.section = section;
  await waitFor(() => $(el, 'form'), `the ${section} form`);
  return el;
}

const input = (el: Element, id: string) => $<HTMLInputElement>(el, `#${id}`)!;
function type(el: HTMLInputElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}
const button = (el: Element, name: string | RegExp) =>
  $$<HTMLButtonElement>(el, 'button').find((b) => (typeof name === 'string' ? (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === name : name.test(b.getAttribute('aria-label') ?? b.textContent ?? '')))!;
const save = (el: AyudaSettings) => $<HTMLFormElement>(el, 'form')!.requestSubmit();
const answerDialog = async (yes: boolean) => {
  const dialog = await waitFor(() => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'the question');
  const b = $<HTMLButtonElement>(dialog, yes ? 'button.primary' : 'button.cancel')!;
  b.click();
  return text(dialog);
};

describe('ayuda-settings', () => {
  let fake: FakeApi;
  let notices: string[];
  let off: () => void;
  beforeEach(async () => {
    fake = await useFake('en');
    notices = [];
    off = onNotice((n) => notices.push(`${n.tone}: ${n.message}`));
    fake.on('GET /staff/settings/origins/revisions', () => ({ status: 200, body: { revisions: [] } }));
    fake.on('GET /staff/settings/mail/revisions', () => ({ status: 200, body: { revisions: [] } }));
    fake.on('GET /staff/settings/limits/revisions', () => ({ status: 200, body: { revisions: [] } }));
    fake.on('GET /staff/settings/sla/revisions', () => ({ status: 200, body: { revisions: [] } }));
  });
  afterEach(() => {
    off();
    cleanup();
  });

  it('origins: lists sections, shows where values come from, refuses an invalid origin at its field, saves with If-Match', async () => {
    fake.on('GET /staff/settings/origins', () => ({ status: 200, body: view('origins', { origins: ['https://shop.example'] }, { version: 3, ...BY_ANA, fields: { origins: 'console' } }) }));
    fake.on('PUT /staff/settings/origins', (c) => ({ status: 200, body: view('origins', c.body as Record<string, unknown>, { version: 4, ...BY_ANA, fields: { origins: 'console' } }) }));
    const el = await mount('origins');
    expect($$(el, 'nav a').map((a) => a.textContent?.trim())).to.deep.equal(['Hours and SLA', 'Company', 'Priority lane', 'Captcha', 'Limits', 'Allowed origins', 'Mail', 'Widget appearance']);
    expect($(el, 'nav a[aria-current=page]')!.getAttribute('href')).to.equal('#/settings/origins');
    expect(text($(el, '.badge.source'))).to.match(/^changed in the console by Ana Agente on /);
    await expectAccessible(el, 'origins');

    const add = input(el, 'f-origins-new');
    type(add, 'https://blog.example/path');
    button(el, 'Add origin').click();
    await waitFor(() => add.getAttribute('aria-invalid') === 'true', 'the refusal at the field');
    expect(text(el)).to.contain('Write an origin only');
    expect($$(el, 'ul.entries li')).to.have.length(1);
    await expectAccessible(el, 'an origin refused');

    // Enter in the field adds it (normalised), it does not save the form.
    type(add, 'HTTPS://Blog.Example:443/');
    add.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
    await waitFor(() => $$(el, 'ul.entries li').length === 2, 'the new origin');
    expect(input(el, 'f-origins-1').value).to.equal('https://blog.example');
    expect(add.value).to.equal('');
    expect(fake.to('PUT /staff/settings/origins')).to.have.length(0);

    // An entry edited into something else is caught by the schema at save, in the browser.
    type(input(el, 'f-origins-0'), 'shop.example');
    save(el);
    await waitFor(() => input(el, 'f-origins-0').getAttribute('aria-invalid') === 'true', 'the bad entry marked');
    await waitFor(() => active() === input(el, 'f-origins-0'), 'the focus on it');
    expect(fake.to('PUT /staff/settings/origins')).to.have.length(0);
    type(input(el, 'f-origins-0'), 'https://shop.example');
    await waitFor(() => input(el, 'f-origins-0').getAttribute('aria-invalid') === 'false', 'checked again as it is typed');
    button(el, 'Remove https://shop.example').click();
    save(el);
    await waitFor(() => fake.to('PUT /staff/settings/origins').length === 1, 'the save');
    const put = fake.to('PUT /staff/settings/origins')[0]!;
    expect(put.body).to.deep.equal({ origins: ['https://blog.example'] });
    expect(put.headers.get('If-Match')).to.equal('"3"');
    await waitFor(() => notices.length === 1, 'the notice');
    expect(notices[0]).to.equal('info: Allowed origins: saved. It is in effect on every server now.');
    expect(text(el)).to.contain('version 4');
  });

  it('a change someone else made meanwhile (412): says so and reloads on request', async () => {
    let version = 1;
    fake.on('GET /staff/settings/mail', () => ({ status: 200, body: view('mail', { from: version === 1 ? 'Nube <a@nube.example>' : 'Otra <b@nube.example>' }, { version }) }));
    fake.on('PUT /staff/settings/mail', () => ({ status: 412, body: { type: 'https://ayuda.dev/problems/precondition-failed', title: 'Precondition failed', status: 412, detail: 'changed' } }));
    const el = await mount('mail');
    expect(text($(el, '.badge.source'))).to.equal('from environment');
    type(input(el, 'f-from'), 'Soporte <soporte@nube.example>');
    save(el);
    await waitFor(() => $(el, '.conflict'), 'the conflict');
    expect(text($(el, '.conflict'))).to.contain('Someone else changed this section');
    expect(fake.to('PUT /staff/settings/mail')[0]!.headers.get('If-Match')).to.equal('"1"');
    // What was typed stays until the person reloads.
    expect(input(el, 'f-from').value).to.equal('Soporte <soporte@nube.example>');
    await expectAccessible(el, 'the conflict');
    version = 2;
    button(el, 'Reload').click();
    await waitFor(() => input(el, 'f-from')?.value === 'Otra <b@nube.example>', 'the current value');
    expect($(el, '.conflict')).to.equal(null);
  });

  it('shows the server’s per-field 422s at their fields, and refuses a bad number in the browser', async () => {
    fake.on('GET /staff/settings/mail', () => ({ status: 200, body: view('mail', { from: 'a@nube.example' }) }));
    fake.on('PUT /staff/settings/mail', () => ({ status: 422, body: { type: 'https://ayuda.dev/problems/validation', title: 'Invalid', status: 422, errors: [{ field: 'body.from', message: 'Mail from this domain is not allowed here.' }] } }));
    const el = await mount('mail');
    type(input(el, 'f-from'), 'Soporte <soporte@otra.example>');
    save(el);
    await waitFor(() => input(el, 'f-from').getAttribute('aria-invalid') === 'true', 'the field marked');
    const describedBy = input(el, 'f-from').getAttribute('aria-describedby')!;
    expect(text($(el, `#${describedBy.split(' ')[0]}`))).to.equal('Mail from this domain is not allowed here.');
    expect(text(el)).to.contain('Fix the marked field before saving.');
    await expectAccessible(el, 'a 422');

    fake.on('GET /staff/settings/limits', () => ({ status: 200, body: view('limits', { casesPerIpPerHour: 20, casesPerEmailPerHour: 5, linkMailsPerEmailPerHour: 3, requestsPerIpPerMinute: 120 }) }));
    const limits = await mount('limits');
    type(input(limits, 'f-casesPerEmailPerHour'), 'ten');
    type(input(limits, 'f-requestsPerIpPerMinute'), '0');
    save(limits);
    await waitFor(() => input(limits, 'f-casesPerEmailPerHour').getAttribute('aria-invalid') === 'true', 'the bad number');
    expect(text(limits)).to.contain('Enter a whole number.').and.contain('At least 1.');
    expect(input(limits, 'f-casesPerEmailPerHour').value, 'what was typed stays').to.equal('ten');
    expect(fake.to('PUT /staff/settings/limits')).to.have.length(0);
  });

  it('business hours: edits the weekly grid and holidays, refuses overlaps, saves and says open cases are recomputed', async () => {
    fake.on('GET /staff/settings/sla', () => ({ status: 200, body: { ...view('sla', SLA, { version: 2, source: 'file', startSource: 'file' }), fields: { hours: 'file', policy: 'default' } } }));
    fake.on('PUT /staff/settings/sla', (c) => ({ status: 200, body: view('sla', c.body as Record<string, unknown>, { version: 3, ...BY_ANA }) }));
    const el = await mount('sla');
    expect($$(el, 'fieldset.day')).to.have.length(7);
    expect($$(el, 'fieldset.day legend').map((l) => l.textContent)).to.deep.equal(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
    expect($<HTMLSelectElement>(el, '#f-hours-timeZone')!.value).to.equal('Europe/Madrid');
    expect($$(el, '.badge.source').map((b) => text(b))).to.deep.equal(['from file', 'default']);
    expect(text(el)).to.contain('due times of every open case are computed again').and.contain('Friday, December 25, 2026');
    expect(input(el, 'f-policy-standard-firstResponse-h').value).to.equal('8');
    await expectAccessible(el, 'the SLA form');

    // Monday: 09:00–13:00 and an afternoon interval that overlaps it.
    type(input(el, 'f-hours-week-mon-0-to'), '13:00');
    button(el, 'Add interval on Monday').click();
    await waitFor(() => input(el, 'f-hours-week-mon-1-from'), 'the new interval');
    type(input(el, 'f-hours-week-mon-1-from'), '12:00');
    type(input(el, 'f-hours-week-mon-1-to'), '18:00');
    save(el);
    await waitFor(() => text(el).includes('Intervals of one day must not overlap.'), 'the overlap');
    expect(fake.to('PUT /staff/settings/sla')).to.have.length(0);
    type(input(el, 'f-hours-week-mon-1-from'), '14:00');
    // Saturday morning opens; Friday closes; a holiday goes, another comes.
    button(el, 'Add interval on Saturday').click();
    await waitFor(() => active() === input(el, 'f-hours-week-sat-0-from'), 'the focus in Saturday’s new interval');
    type(input(el, 'f-hours-week-sat-0-to'), '13:00');
    button(el, 'Remove 09:00–17:00 on Friday').click();
    await waitFor(() => active()?.id === 'add-fri', 'the focus on Friday’s Add interval, not lost with its Remove');
    button(el, /^Remove the holiday/).click();
    type(input(el, 'f-hours-holidays-new'), '2027-01-06');
    button(el, 'Add holiday').click();
    // Fast lane: first response 1 h 30 min.
    type(input(el, 'f-policy-fast-firstResponse-m'), '30');
    save(el);
    await waitFor(() => fake.to('PUT /staff/settings/sla').length === 1, 'the save');
    const body = fake.to('PUT /staff/settings/sla')[0]!.body as typeof SLA;
    expect(body.hours.week).to.deep.include({ mon: [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }], fri: [], sat: [{ from: '09:00', to: '13:00' }] });
    expect(body.hours.holidays).to.deep.equal(['2027-01-06']);
    expect(body.policy.fast.firstResponse).to.equal(90);
    expect(fake.to('PUT /staff/settings/sla')[0]!.headers.get('If-Match')).to.equal('"2"');
    await waitFor(() => notices.length === 1, 'the notice');
    expect(notices[0]).to.contain('being recomputed in the background');
  });

  it('SLA: fits a 320 px phone in Spanish, the longest choice narrowing its select rather than running past the screen', async () => {
    await setLocale('es');
    fake.on('GET /staff/settings/sla', () => ({ status: 200, body: view('sla', SLA) }));
    await setViewport({ width: 320, height: 640 });
    try {
      const el = await mount('sla');
      const past = $$(el, 'form *').filter((x) => x.getBoundingClientRect().right > el.getBoundingClientRect().right + 0.5);
      expect(past.map((x) => x.localName)).to.deep.equal([]);
      expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('SLA targets: hours and minutes keep their own values and errors; 60 minutes is refused at the minutes (Spanish), nothing is sent', async () => {
    await setLocale('es');
    fake.on('GET /staff/settings/sla', () => ({ status: 200, body: view('sla', SLA) }));
    fake.on('PUT /staff/settings/sla', (c) => ({ status: 200, body: view('sla', c.body as Record<string, unknown>, { version: 1 }) }));
    const el = await mount('sla');
    try {
      const h = () => input(el, 'f-policy-standard-firstResponse-h');
      const m = () => input(el, 'f-policy-standard-firstResponse-m');
      const errorOf = (i: HTMLInputElement) => text($(el, `#${i.getAttribute('aria-describedby')}`));
      for (const bad of ['60', '75', '-1']) {
        type(m(), bad);
        await waitFor(() => m().getAttribute('aria-invalid') === 'true', `${bad} minutes marked`);
        expect(h().value, `hours after ${bad} minutes`).to.equal('8');
        expect(h().getAttribute('aria-invalid')).to.equal('false');
        expect(errorOf(m())).to.equal('De 0 a 59 minutos.');
      }
      save(el);
      await waitFor(() => active() === m(), 'the focus on the minutes');
      expect(text(el)).not.to.contain('Escribe un número entero.');
      expect(fake.to('PUT /staff/settings/sla')).to.have.length(0);
      // The reverse: a word in the hours keeps the minutes.
      type(m(), '15');
      await waitFor(() => m().getAttribute('aria-invalid') === 'false', 'the minutes fine again');
      type(h(), 'abc');
      await waitFor(() => h().getAttribute('aria-invalid') === 'true', 'the hours marked');
      expect(m().value).to.equal('15');
      expect(m().getAttribute('aria-invalid')).to.equal('false');
      expect(errorOf(h())).to.equal('Horas: escribe un número entero.');
      type(h(), '2');
      save(el);
      await waitFor(() => fake.to('PUT /staff/settings/sla').length === 1, 'the save');
      expect((fake.to('PUT /staff/settings/sla')[0]!.body as typeof SLA).policy.standard.firstResponse).to.equal(135);
    } finally {
      await setLocale('en');
    }
  });

  it('business hours: an empty Opens is marked alone, and the order message uses the fields’ names', async () => {
    fake.on('GET /staff/settings/sla', () => ({ status: 200, body: view('sla', SLA) }));
    const el = await mount('sla');
    type(input(el, 'f-hours-week-mon-0-from'), '');
    save(el);
    await waitFor(() => input(el, 'f-hours-week-mon-0-from').getAttribute('aria-invalid') === 'true', 'Opens marked');
    expect(input(el, 'f-hours-week-mon-0-to').getAttribute('aria-invalid')).to.equal('false');
    type(input(el, 'f-hours-week-mon-0-from'), '18:00');
    await waitFor(() => text(el).includes('“Opens” must be before “Closes”'), 'the order message');
    expect(input(el, 'f-hours-week-mon-0-from').getAttribute('aria-invalid')).to.equal('false');
    expect(fake.to('PUT /staff/settings/sla')).to.have.length(0);
  });

  it('goes back to the start value and restores a revision, each after asking', async () => {
    const saved = view('company', { name: 'Nubefibra Telecom', defaultLocale: 'en' }, { version: 2, ...BY_ANA, fields: { name: 'console', defaultLocale: 'console' }, startValue: { name: 'Nubefibra', defaultLocale: 'es' } });
    fake.on('GET /staff/settings/company', () => ({ status: 200, body: saved }));
    fake.on('GET /staff/settings/company/revisions', () => ({
      status: 200,
      body: {
        revisions: [
          { id: 12, section: 'company', value: { name: 'Nubefibra Telecom', defaultLocale: 'en' }, version: 2, changedBy: 'user:7', changedByName: 'Ana Agente', changedAt: '2026-11-20T10:00:00Z' },
          { id: 11, section: 'company', value: { name: 'Nube', defaultLocale: 'es' }, version: 1, changedBy: 'user:9', changedByName: 'Luis', changedAt: '2026-11-19T10:00:00Z' },
        ],
      },
    }));
    fake.on('DELETE /staff/settings/company', () => ({ status: 200, body: view('company', { name: 'Nubefibra', defaultLocale: 'es' }, { version: 3 }) }));
    fake.on('POST /staff/settings/company/revisions/:id/restore', () => ({ status: 200, body: view('company', { name: 'Nube', defaultLocale: 'es' }, { version: 4, ...BY_ANA }) }));
    const el = await mount('company');
    await waitFor(() => $$(el, '.history tbody tr').length === 2, 'the history');
    await expectAccessible(el, 'company with history');
    expect(text($$(el, '.history tbody tr')[0]!)).to.contain('in effect');
    // What each one changed, against the one before it; the first against the start value.
    const changes = () => $$(el, '.history tbody tr').map((tr) => $$(tr, 'ul.changes li').map((li) => text(li)));
    expect(changes()).to.deep.equal([['Company name: Nube → Nubefibra Telecom', 'Default language: Spanish → English'], ['Company name: Nubefibra → Nube']]);
    button(el, 'Back to the start value').click();
    expect(await answerDialog(false)).to.contain('from environment');
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.to('DELETE /staff/settings/company')).to.have.length(0);
    button(el, 'Back to the start value').click();
    await answerDialog(true);
    await waitFor(() => fake.to('DELETE /staff/settings/company').length === 1, 'the reset');
    expect(fake.to('DELETE /staff/settings/company')[0]!.headers.get('If-Match')).to.equal('"2"');
    await waitFor(() => input(el, 'f-name').value === 'Nubefibra', 'the start value');
    expect(button(el, 'Back to the start value').disabled, 'nothing to reset any more').to.equal(true);

    button(el, 'Restore version 1').click();
    expect(await answerDialog(true)).to.contain('Restore version 1?');
    await waitFor(() => fake.to('POST /staff/settings/company/revisions/:id/restore').length === 1, 'the restore');
    const call = fake.to('POST /staff/settings/company/revisions/:id/restore')[0]!;
    expect(call.path).to.equal('/staff/settings/company/revisions/11/restore');
    expect(call.headers.get('If-Match')).to.equal('"3"');
    await waitFor(() => input(el, 'f-name').value === 'Nube', 'the restored value');
    expect(notices).to.deep.equal(['info: Company: back to the start value.', 'info: Version 1 restored.']);

    // A value today's rules refuse is not restored, and the screen says why.
    fake.on('POST /staff/settings/company/revisions/:id/restore', () => ({ status: 409, body: { type: 'https://ayuda.dev/problems/conflict', title: 'Conflict', status: 409, detail: 'not valid' } }));
    button(el, 'Restore version 2').click();
    await answerDialog(true);
    await waitFor(() => text(el).includes('That version breaks today’s rules'), 'the refusal');
    expect(input(el, 'f-name').value).to.equal('Nube');
  });

  it('history: each revision says what it changed, with the form’s labels, at most 8 lines, and keeps the saved value at hand', async () => {
    const v = (f: (x: typeof SLA) => void) => {
      const x = structuredClone(SLA);
      f(x);
      return x;
    };
    const v1 = v((x) => (x.policy.fast.firstResponse = 30));
    const v2 = v((x) => {
      x.policy.fast.firstResponse = 30;
      x.hours.holidays = ['2026-12-25', ...Array.from({ length: 11 }, (_, i) => `2027-0${(i % 9) + 1}-1${Math.floor(i / 9)}`)];
    });
    const v4 = v((x) => {
      x.policy.fast.firstResponse = 30;
      x.hours.holidays = [...v2.hours.holidays.filter((d) => d !== '2026-12-25'), '2027-12-25'];
      x.hours.week.mon = [{ from: '08:00', to: '17:00' }];
    });
    const rev = (version: number, value: unknown) => ({ id: 100 + version, section: 'sla', value, version, changedBy: 'user:7', changedByName: 'Ana Agente', changedAt: `2026-11-0${version}T10:00:00Z` });
    fake.on('GET /staff/settings/sla', () => ({ status: 200, body: view('sla', SLA, { version: 5, ...BY_ANA, fields: { hours: 'console', policy: 'console' } }) }));
    fake.on('GET /staff/settings/sla/revisions', () => ({ status: 200, body: { revisions: [rev(5, null), rev(4, v4), rev(3, v2), rev(2, v2), rev(1, v1)] } }));
    const el = await mount('sla');
    await waitFor(() => $$(el, '.history tbody tr').length === 5, 'the history');
    await expectAccessible(el, 'sla history');
    const rows = $$(el, '.history tbody tr');
    const cell = (n: number) => rows[n]!.querySelectorAll('td')[2]!;
    const changes = (n: number) => Array.from(cell(n).querySelectorAll('ul.changes li')).map((li) => text(li));
    expect(text(cell(0))).to.equal('Back to the start value');
    expect(changes(4)).to.deep.equal(['Targets per lane › Priority › First response: 1 h → 30 min']);
    // An import of eleven holidays: eight, then how many more.
    expect(changes(3)).to.have.length(9);
    expect(changes(3)[0]).to.equal('Business hours › Holidays: added 2027-01-10');
    expect(changes(3)[8]).to.equal('and 3 more changes');
    expect(text(cell(2))).to.contain('Saved again with no changes.');
    expect(changes(2)).to.deep.equal([]);
    expect(changes(1)).to.deep.equal(['Business hours › Monday › Opens: 09:00 → 08:00', 'Business hours › Holidays: added 2027-12-25', 'Business hours › Holidays: removed 2026-12-25']);
    // The whole value is still there, folded.
    const details = cell(1).querySelector('details')!;
    expect(text(details.querySelector('summary'))).to.equal('Saved value');
    expect(details.open).to.equal(false);
    expect(JSON.parse(details.querySelector('pre')!.textContent!)).to.deep.equal(v4);
    expect($$(el, '.history pre').every((pre) => pre.parentElement?.tagName === 'DETAILS'), 'the JSON only inside the folded details').to.equal(true);
  });

  it('history in Spanish: the form’s labels and values in Spanish', async () => {
    await setLocale('es');
    fake.on('GET /staff/settings/captcha', () => ({ status: 200, body: view('captcha', { enabled: true, maxNumber: 50000, cost: 1000 }, { version: 1, ...BY_ANA, startValue: { enabled: false, maxNumber: 100000, cost: 1000 } }) }));
    fake.on('GET /staff/settings/captcha/revisions', () => ({
      status: 200,
      body: { revisions: [{ id: 3, section: 'captcha', value: { enabled: true, maxNumber: 50000, cost: 1000 }, version: 1, changedBy: 'user:7', changedByName: 'Ana Agente', changedAt: '2026-11-20T10:00:00Z' }] },
    }));
    const el = await mount('captcha');
    await waitFor(() => $$(el, '.history ul.changes li').length === 2, 'the changes');
    expect($$(el, '.history ul.changes li').map((li) => text(li))).to.deep.equal(['Pedir el captcha al crear un caso: no → sí', 'Dificultad (números a probar como máximo): 100000 → 50000']);
    expect(text($(el, '.history details summary'))).to.equal('Valor guardado');
    await expectAccessible(el, 'history in Spanish');
    await setLocale('en');
  });

  it('captcha: switches it on with a difficulty; a difficulty out of range is refused at its field', async () => {
    fake.on('GET /staff/settings/captcha', () => ({ status: 200, body: view('captcha', { enabled: false, maxNumber: 50000, cost: 1000 }, { source: 'default', fields: { enabled: 'env', maxNumber: 'default', cost: 'default' } }) }));
    fake.on('GET /staff/settings/captcha/revisions', () => ({ status: 200, body: { revisions: [] } }));
    fake.on('PUT /staff/settings/captcha', (c) => ({ status: 200, body: view('captcha', c.body as Record<string, unknown>, { version: 1, ...BY_ANA }) }));
    const el = await mount('captcha');
    expect($$(el, '.badge.source').map((b) => text(b))).to.deep.equal(['from environment', 'default', 'default']);
    await expectAccessible(el, 'captcha');
    input(el, 'f-enabled').click();
    type(input(el, 'f-maxNumber'), '5');
    save(el);
    await waitFor(() => input(el, 'f-maxNumber').getAttribute('aria-invalid') === 'true', 'the difficulty refused');
    expect(text(el)).to.contain('At least 10.');
    expect(fake.to('PUT /staff/settings/captcha')).to.have.length(0);
    type(input(el, 'f-maxNumber'), '200000');
    save(el);
    await waitFor(() => fake.to('PUT /staff/settings/captcha').length === 1, 'the save');
    expect(fake.to('PUT /staff/settings/captcha')[0]!.body).to.deep.equal({ enabled: true, maxNumber: 200000, cost: 1000 });
  });

  it('speaks Spanish, schema messages too', async () => {
    await setLocale('es');
    fake.on('GET /staff/settings/origins', () => ({ status: 200, body: view('origins', { origins: [] }, { fields: { origins: 'default' }, source: 'default' }) }));
    const el = await mount('origins');
    expect(text(el)).to.contain('Orígenes permitidos').and.contain('valor por defecto').and.contain('Nunca cambiado en la consola: el valor viene de una variable de entorno.');
    type(input(el, 'f-origins-new'), 'ftp://files.example');
    button(el, 'Añadir origen').click();
    await waitFor(() => text(el).includes('Escribe solo un origen'), 'the message in Spanish');
    await setLocale('en');
  });

  it('fast lane: changes a price in the currency, adds a plan, refuses a bad amount and a subscription without a name at their fields, sets the per-case overhead, and saves', async () => {
    const FASTLANE = {
      enabled: true,
      name: { es: 'Soporte prioritario', en: 'Priority support' },
      plans: [
        { key: 'incident', kind: 'incident', amount: 990, name: { es: 'Esta consulta', en: 'This request' } },
        { key: 'monthly', kind: 'subscription', interval: 'month', amount: 499, name: { es: 'Suscripción mensual', en: 'Monthly subscription' } },
      ],
      refunds: { beforeFirstReply: true, slaGuarantee: true, proratedCancellation: true },
      tax: null,
      caseOverheadMinor: 0,
    };
    fake.on('GET /staff/settings/fastlane', () => ({ status: 200, body: view('fastlane', FASTLANE, { source: 'default', startSource: 'default', fields: { enabled: 'default', name: 'default', plans: 'default', refunds: 'default', tax: 'default' } }) }));
    fake.on('GET /staff/settings/fastlane/revisions', () => ({ status: 200, body: { revisions: [] } }));
    fake.on('PUT /staff/settings/fastlane', (c) => ({ status: 200, body: view('fastlane', c.body as Record<string, unknown>, { version: 1, ...BY_ANA }) }));
    const el = await mount('fastlane');
    expect(input(el, 'f-plans-0-amount').value).to.equal('9.90');
    expect(text(el)).to.contain('Price (EUR)').and.contain('€9.90').and.contain('Never changed in the console: it is the default value.');
    await expectAccessible(el, 'fast lane');

    type(input(el, 'f-plans-0-amount'), '12,999');
    await waitFor(() => input(el, 'f-plans-0-amount').getAttribute('aria-invalid') === 'true', 'a bad amount refused');
    expect(text(el)).to.contain('Write an amount, e.g. 9.90.');
    type(input(el, 'f-plans-0-amount'), '12,90');
    button(el, 'Add plan').click();
    await waitFor(() => $(el, '#f-plans-2-key'), 'the new plan');
    type(input(el, 'f-plans-2-key'), 'empresa');
    save(el);
    await waitFor(() => input(el, 'f-plans-2-amount').getAttribute('aria-invalid') === 'true', 'the new plan refused');
    expect(input(el, 'f-plans-2-name-es').getAttribute('aria-invalid')).to.equal('true');
    expect(fake.to('PUT /staff/settings/fastlane')).to.have.length(0);

    type(input(el, 'f-plans-2-amount'), '29');
    type(input(el, 'f-plans-2-name-es'), 'Plan empresa');
    type(input(el, 'f-plans-2-name-en'), 'Business plan');
    input(el, 'f-refunds-beforeFirstReply').click();
    expect(text(el)).to.contain('Fixed cost per case').and.contain('Amount (EUR)');
    type(input(el, 'f-caseOverheadMinor'), '2,505');
    await waitFor(() => input(el, 'f-caseOverheadMinor').getAttribute('aria-invalid') === 'true', 'a bad overhead refused');
    type(input(el, 'f-caseOverheadMinor'), '2,50');
    save(el);
    await waitFor(() => fake.to('PUT /staff/settings/fastlane').length === 1, 'the save');
    const sent = fake.to('PUT /staff/settings/fastlane')[0]!;
    expect(sent.headers.get('If-Match')).to.equal('"0"');
    const body = sent.body as typeof FASTLANE;
    expect(body.plans.map((p) => [p.key, p.kind, p.amount])).to.deep.equal([
      ['incident', 'incident', 1290],
      ['monthly', 'subscription', 499],
      ['empresa', 'subscription', 2900],
    ]);
    expect(body.refunds.beforeFirstReply).to.equal(false);
    expect(body.caseOverheadMinor).to.equal(250);
    await waitFor(() => notices.some((n) => n.includes('Stripe is being brought in step')), 'what happens next');
  });

  it('asks before unsaved changes are left for another section, and keeps them when told to stay', async () => {
    fake.on('GET /staff/settings/mail', () => ({ status: 200, body: view('mail', { from: 'Soporte <soporte@nubefibra.example>' }) }));
    const el = await mount('mail');
    expect(mayLeave('#/settings/origins'), 'nothing changed yet').to.equal(true);
    type(input(el, 'f-from'), 'Ayuda <ayuda@nubefibra.example>');
    expect(mayLeave('#/settings/origins')).to.equal(false);
    expect(await answerDialog(false)).to.contain('Your changes to this section are not saved.');
    expect(input(el, 'f-from').value).to.equal('Ayuda <ayuda@nubefibra.example>');
    expect(mayLeave('#/settings/origins')).to.equal(false);
    await answerDialog(true);
    await waitFor(() => location.hash === '#/settings/origins', 'the address followed');
    expect(mayLeave('#/queue/all'), 'the edits were dropped').to.equal(true);
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('fast lane: a typed price moves with its plan when plans are reordered or removed', async () => {
    const plans = [
      { key: 'incident', kind: 'incident', amount: 990, name: { es: 'Esta consulta', en: 'This request' } },
      { key: 'monthly', kind: 'subscription', interval: 'month', amount: 499, name: { es: 'Mensual', en: 'Monthly' } },
    ];
    fake.on('GET /staff/settings/fastlane', () => ({ status: 200, body: view('fastlane', { enabled: true, name: { es: 'Soporte prioritario', en: 'Priority support' }, plans, refunds: { beforeFirstReply: true, slaGuarantee: true, proratedCancellation: true }, tax: null }) }));
    fake.on('GET /staff/settings/fastlane/revisions', () => ({ status: 200, body: { revisions: [] } }));
    const el = await mount('fastlane');
    type(input(el, 'f-plans-1-amount'), '7,5');
    button(el, 'Move the plan Monthly up').click();
    await waitFor(() => input(el, 'f-plans-0-key').value === 'monthly', 'the plans reordered');
    expect(input(el, 'f-plans-0-amount').value).to.equal('7.50');
    expect(input(el, 'f-plans-1-amount').value).to.equal('9.90');
    expect(active()?.id).to.equal('f-plans-0-key');
    button(el, 'Remove the plan Monthly').click();
    await waitFor(() => input(el, 'f-plans-0-key').value === 'incident', 'the plan removed');
    expect(input(el, 'f-plans-0-amount').value).to.equal('9.90');
  });

  it("hours: imports a country's public holidays for a year, adds only the new dates, and a bad answer is said in words", async () => {
    fake.on('GET /staff/settings/sla', () => ({ status: 200, body: view('sla', SLA, { source: 'default', fields: { hours: 'default', policy: 'default' } }) }));
    fake.on('GET /staff/holidays/countries', () => ({ status: 200, body: { countries: [{ code: 'FR', name: 'France', regions: [] }, { code: 'ES', name: 'Spain', regions: [{ code: 'MD', name: 'Community of Madrid' }] }] } }));
    fake.on('GET /staff/holidays', (c) =>
      c.query.get('country') === 'FR'
        ? { status: 404, body: { type: 'https://ayuda.dev/problems/not-found', title: 'Not found', status: 404, detail: 'No holiday calendar for the country "FR".' } }
        : { status: 200, body: { country: c.query.get('country'), region: c.query.get('region'), year: Number(c.query.get('year')), holidays: [{ date: `${c.query.get('year')}-01-01`, name: 'New Year' }, { date: `${c.query.get('year')}-05-02`, name: 'Madrid Day' }, { date: `${c.query.get('year')}-12-25`, name: 'Christmas Day' }] } },
    );
    fake.on('PUT /staff/settings/sla', (c) => ({ status: 200, body: view('sla', c.body as Record<string, unknown>, { version: 1, ...BY_ANA }) }));
    const el = await mount('sla');
    const imp = await waitFor(() => $(el, 'ayuda-holiday-import'), 'the import');
    // The time zone (Europe/Madrid) suggests Spain.
    const country = await waitFor(() => ($<HTMLSelectElement>(imp, 'select[name=country]')?.value === 'ES' ? $<HTMLSelectElement>(imp, 'select[name=country]') : null), 'Spain suggested');
    expect(country).to.exist;
    const pick = (name: string, value: string) => {
      const sel = $<HTMLSelectElement>(imp, `select[name=${name}]`)!;
      sel.value = value;
      sel.dispatchEvent(new Event('change'));
    };
    const year = $<HTMLInputElement>(imp, 'input[name=year]')!;
    type(year, '2026');
    pick('country', 'FR');
    await waitFor(() => !$(imp, 'select[name=region]'), 'France has no regions');
    $<HTMLFormElement>(imp, 'form')!.requestSubmit();
    await waitFor(() => text(imp).includes('The holidays could not be loaded'), 'the refusal');
    pick('country', 'ES');
    await waitFor(() => $(imp, 'select[name=region]'), "Spain's regions");
    pick('region', 'MD');
    $<HTMLFormElement>(imp, 'form')!.requestSubmit();
    await waitFor(() => text(imp).includes('3 holidays in Community of Madrid, Spain in 2026'), 'the holidays found');
    expect(fake.to('GET /staff/holidays').at(-1)!.query.get('region')).to.equal('MD');
    // 2026-12-25 is there already: two are new.
    expect(text(imp)).to.contain('already there');
    button(imp, 'Add 2 holidays').click();
    await waitFor(() => text(imp).includes('2 holidays added. Save to apply them.'), 'added');
    save(el);
    await waitFor(() => fake.to('PUT /staff/settings/sla').length === 1, 'the save');
    expect((fake.to('PUT /staff/settings/sla')[0]!.body as typeof SLA).hours.holidays).to.deep.equal(['2026-01-01', '2026-05-02', '2026-12-25']);
  });
});
