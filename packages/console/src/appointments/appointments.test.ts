import { expect } from 'chai';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../define/ayuda-appointments.js';
import type { AyudaAppointmentCalendar } from './calendar.js';
import type { AyudaAppointmentTypes } from './types.js';
import type { AyudaAvailability } from './availability.js';
import type { AyudaCalendarFeed } from './feed.js';
import type { AyudaAppointments } from './appointments.js';
import type { StaffCalendar, CalendarAppointment } from './model.js';
import { addDaysToDate, mondayOf, today, zonedInstant } from './time.js';
import { ENDPOINTS } from '@ayuda/core';
import { $, $$, active, cleanup, expectAccessible, fixture, ME, text, useFake, waitFor, type FakeApi } from '../test-helpers.js';
import { setLocale } from '../internal/localize.js';

/** The fake API's route of an endpoint, from the contract's table (so the tests follow its paths). */
const route = (name: keyof typeof ENDPOINTS) => `${ENDPOINTS[name].method.toUpperCase()} ${ENDPOINTS[name].path.replace(/\{[^}]+\}/g, ':id')}`;
/** An endpoint's path with its parameters, in order. */
const pathOf = (name: keyof typeof ENDPOINTS, ...params: Array<string | number>) => {
  let i = 0;
  return ENDPOINTS[name].path.replace(/\{[^}]+\}/g, () => encodeURIComponent(String(params[i++])));
};

const TZ = 'Europe/Madrid';
// Next week, so every appointment is still to come on the browser's real clock.
const MONDAY = mondayOf(addDaysToDate(today(TZ), 7));
const TUESDAY = addDaysToDate(MONDAY, 1);
const WEDNESDAY = addDaysToDate(MONDAY, 2);
const at = (date: string, time: string) => zonedInstant(date, time, TZ);
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

function appointment(over: Partial<CalendarAppointment> = {}): CalendarAppointment {
  const start = over.start ?? at(TUESDAY, '10:00');
  return {
    id: '0b5d3c1e-8a77-4f2b-9a51-6c1f0e2d7a01',
    type: 'phone-call',
    typeName: 'Phone call',
    typeNames: { es: 'Llamada', en: 'Phone call' },
    mode: 'phone',
    start,
    end: plus(start, 30),
    timeZone: TZ,
    status: 'booked',
    lane: 'standard',
    name: 'Marta Gómez',
    locale: 'en',
    with: 'Ana Agente',
    case: 'NF-000042',
    agentId: 7,
    email: 'marta@example.com',
    phone: '+34600111222',
    notes: 'Router setup',
    inReserve: false,
    createdAt: at(MONDAY, '08:00'),
    pendingMove: null,
    moves: [],
    ...over,
  };
}

const unit = (agentId: number, date: string, time: string, state: { free?: boolean; reserved?: boolean; released?: boolean } = {}) => {
  const start = at(date, time);
  return { type: 'phone-call', agentId, start, end: plus(start, 30), free: state.free ?? true, reserved: state.reserved ?? false, released: state.released ?? false };
};

const STANDARD = appointment();
const FAST = appointment({ id: '1c6e4d2f-9b88-4a3c-8b62-7d2a1f3e8b02', start: at(TUESDAY, '09:30'), end: at(TUESDAY, '10:00'), lane: 'fast', name: 'Pablo Ruiz', agentId: 9, with: 'Luis', inReserve: true, email: 'pablo@example.com', phone: null, case: null, notes: null });

function calendar(): StaffCalendar {
  return {
    timeZone: TZ,
    from: at(MONDAY, '00:00'),
    to: at(addDaysToDate(MONDAY, 7), '00:00'),
    agents: [
      { id: 7, name: 'Ana Agente' },
      { id: 9, name: 'Luis' },
    ],
    units: [
      unit(7, TUESDAY, '09:00'),
      unit(9, TUESDAY, '09:00', { reserved: true }),
      unit(9, TUESDAY, '09:30', { free: false, reserved: true }),
      unit(7, TUESDAY, '10:00', { free: false }),
      unit(7, TUESDAY, '10:30', { released: true }),
      unit(7, WEDNESDAY, '09:00'),
      unit(7, WEDNESDAY, '09:30', { reserved: true }),
      unit(7, addDaysToDate(MONDAY, 3), '11:00'),
    ],
    appointments: [STANDARD, FAST],
    absences: [{ id: 3, agentId: 9, start: at(WEDNESDAY, '00:00'), end: at(addDaysToDate(MONDAY, 3), '00:00'), reason: 'Training' }],
  };
}

function serveCalendar(fake: FakeApi, cal: StaffCalendar = calendar()): void {
  fake.on(route('staffAppointment'), (c) => ({ status: 200, body: [STANDARD, FAST].find((a) => c.path.endsWith(a.id)) ?? STANDARD }));
  fake.on(route('staffCalendar'), () => ({ status: 200, body: cal }));
  fake.on(route('staffAppointmentTypes'), () => ({ status: 200, body: { types: [TYPE] } }));
}

const TYPE = {
  key: 'phone-call',
  name: { es: 'Llamada', en: 'Phone call' },
  description: null,
  mode: 'phone' as const,
  durationMinutes: 30,
  bufferMinutes: 0,
  agentIds: [7, 9],
  minNoticeMinutes: 120,
  maxDaysAhead: 30,
  reserveShare: 0.1,
  releaseHours: 24,
  active: true,
};

const problem = (errors: Array<{ field: string; message: string }>) => ({ status: 422, body: { type: 'https://ayuda.dev/problems/validation-error', title: 'Invalid input', status: 422, errors } });

async function openCalendar(fake: FakeApi, view: 'week' | 'day' = 'week', date = MONDAY): Promise<AyudaAppointmentCalendar> {
  serveCalendar(fake);
  const el = fixture<AyudaAppointmentCalendar>('<ayuda-appointment-calendar></ayuda-appointment-calendar>');
  el.user = ME;
  el.query = `date=${date}&view=${view}`;
  await waitFor(() => $(el, 'table[role=grid]'), 'the grid');
  return el;
}

/** Tabs (real key presses) until `match` has the focus. */
async function tabTo(match: (el: Element) => boolean, max = 30): Promise<Element> {
  for (let i = 0; i < max; i++) {
    const a = active();
    if (a && match(a)) return a;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`never reached with Tab; at ${active()?.outerHTML.slice(0, 120)}`);
}

describe('ayuda-appointment-calendar', () => {
  let fake: FakeApi;
  afterEach(cleanup);

  it('draws a week on the company’s clock: appointments with their lane, the reserve as words and a pattern, released and free slots, absences (English)', async () => {
    fake = await useFake('en');
    const el = await openCalendar(fake);
    const q = fake.to(route('staffCalendar'))[0]!.query;
    expect([q.get('from'), q.get('to'), q.get('agent'), q.get('type')]).to.deep.equal([MONDAY, addDaysToDate(MONDAY, 6), null, null]);
    const heads = $$(el, 'thead th').map((th) => th.textContent!.trim());
    expect(heads).to.have.length(8);
    expect(heads[2]).to.match(/^Tue \d+ \w+/);
    // One row per start time, in the company's zone whatever the browser's.
    expect($$(el, 'tbody th').map((th) => th.textContent!.trim())).to.deep.equal(['00:00', '09:00', '09:30', '10:00', '10:30', '11:00']);
    const row = (time: string) => $$(el, 'tbody tr').find((tr) => tr.querySelector('th')!.textContent!.trim() === time)!;
    const tuesday = (time: string) => text(row(time).querySelectorAll('td')[1]!);
    expect(tuesday('09:00')).to.contain('1 free slot').and.contain('1 slot held for priority');
    expect(row('09:00').querySelectorAll('td')[1]!.querySelector('.unit.held')!.textContent).to.contain('★');
    expect(tuesday('09:30')).to.contain('Pablo Ruiz').and.contain('Priority').and.contain('in the reserve').and.contain('Luis');
    expect(tuesday('10:00')).to.contain('Marta Gómez').and.contain('Standard');
    expect(tuesday('10:30')).to.contain('1 released slot');
    expect(text(row('00:00').querySelectorAll('td')[2]!)).to.contain('Luis: Absent until').and.contain('(Training)');
    expect(text($(el, '.legend'))).to.contain('Free, held for priority support').and.contain('Released: was held, now offered to everyone');
    expect(text(el)).to.contain('Times in the company’s time zone (Europe/Madrid).');
    await expectAccessible(el, 'the week');
  });

  it('on a phone (375 px wide), keeps a week’s days readable: they scroll sideways in the grid’s box, the hours in sight, never the page', async () => {
    fake = await useFake('en');
    await setViewport({ width: 375, height: 812 });
    try {
      const el = await openCalendar(fake);
      await expectAccessible(el, 'narrow week');
      const page = document.scrollingElement!;
      expect(page.scrollWidth, 'the page').to.be.at.most(page.clientWidth);
      // A fixed layout had squeezed each day to about 30 px, its words over the next day's.
      const tuesday = $$(el, 'thead th')[2]!;
      expect(tuesday.getBoundingClientRect().width).to.be.at.least(8 * parseFloat(getComputedStyle(document.documentElement).fontSize));
      const box = $(el, '.scroll')!;
      expect(box.scrollWidth).to.be.above(box.clientWidth);
      box.scrollLeft = 300;
      const hour = $$(el, 'tbody th')[1]!;
      expect(Math.abs(hour.getBoundingClientRect().left - box.getBoundingClientRect().left)).to.be.below(2);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('shows a day with the agents side by side, the absent agent shaded, and follows the agent and type selectors into the address (Spanish)', async () => {
    fake = await useFake('es');
    const el = await openCalendar(fake, 'day', WEDNESDAY);
    expect($$(el, 'thead th').slice(1).map((th) => th.textContent!.trim())).to.deep.equal(['Ana Agente', 'Luis']);
    const cells = $$(el, 'tbody td');
    expect(cells.filter((td) => td.classList.contains('absent')).length).to.be.greaterThan(0);
    expect(text(el)).to.contain('Ausente hasta').and.contain('1 hueco reservado para el prioritario');
    await expectAccessible(el, 'the day');
    await waitFor(() => $$(el, 'select')[1]?.querySelectorAll('option').length === 2, 'the types');
    const [agent, type] = $$<HTMLSelectElement>(el, 'select');
    agent!.value = '9';
    agent!.dispatchEvent(new Event('change'));
    expect(location.hash).to.equal(`#/appointments/calendar?date=${WEDNESDAY}&view=day&agent=9`);
    // The app passes the address's query down on hashchange.
    el.query = location.hash.split('?')[1]!;
    type!.value = 'phone-call';
    type!.dispatchEvent(new Event('change'));
    expect(location.hash).to.equal(`#/appointments/calendar?date=${WEDNESDAY}&view=day&agent=9&type=phone-call`);
    el.query = location.hash.split('?')[1]!;
    await waitFor(() => fake.to(route('staffCalendar')).length === 2);
    const q = fake.to(route('staffCalendar'))[1]!.query;
    expect([q.get('from'), q.get('to'), q.get('agent'), q.get('type')]).to.deep.equal([WEDNESDAY, WEDNESDAY, '9', 'phone-call']);
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Día siguiente')!.click();
    expect(location.hash).to.contain(`date=${addDaysToDate(WEDNESDAY, 1)}`);
  });

  it('names the types in the type selector in the language the console speaks now, also when it changes', async () => {
    fake = await useFake('en');
    const el = await openCalendar(fake);
    const type = () => $$<HTMLSelectElement>(el, 'select')[1]!;
    const names = () => Array.from(type().options, (o) => o.text.trim());
    await waitFor(() => names().includes('Phone call'), 'the English names');
    await setLocale('es');
    await waitFor(() => names().includes('Llamada'), 'the Spanish names');
    expect(names().slice(1)).to.deep.equal(['Llamada']);
  });

  it('names an appointment’s type in the console’s language, not the one its customer booked in, on the card and in the window', async () => {
    fake = await useFake('es');
    // Booked in English (its `typeName`), shown in a Spanish console, then an English one.
    const video = appointment({ type: 'video-support', typeName: 'Video call with support', typeNames: { es: 'Videollamada con soporte', en: 'Video call with support' }, mode: 'video', lane: 'fast', locale: 'en', name: 'James Carter' });
    const cal = { ...calendar(), appointments: [video] };
    serveCalendar(fake, cal);
    fake.on(route('staffAppointment'), () => ({ status: 200, body: video }));
    const el = fixture<AyudaAppointmentCalendar>('<ayuda-appointment-calendar></ayuda-appointment-calendar>');
    el.user = ME;
    el.query = `date=${MONDAY}&view=week`;
    const card = () => text(el.shadowRoot!.querySelector('button.appt')!);
    await waitFor(() => el.shadowRoot!.querySelector('button.appt'), 'the appointment');
    expect(card()).to.contain('Videollamada con soporte').and.not.contain('Video call');
    await el.open(video);
    const detail = $(el, 'ayuda-appointment-detail')!;
    await waitFor(() => $<HTMLDialogElement>(detail, 'dialog')?.open, 'the window');
    const row = (label: string) => {
      const dt = $$(detail, 'dt').find((d) => d.textContent!.trim() === label);
      return dt ? text(dt.nextElementSibling!) : null;
    };
    await waitFor(() => row('Tipo') === 'Videollamada con soporte · Videollamada', 'the Spanish type');
    await setLocale('en');
    await waitFor(() => row('Type') === 'Video call with support · Video call', 'the English type');
    await waitFor(() => card().includes('Video call with support'), 'the English card');
    expect(card()).to.not.contain('Videollamada');
  });

  it('names the lane in the appointment window with the case view’s word and values, in Spanish and English', async () => {
    fake = await useFake('es');
    const el = await openCalendar(fake);
    fake.on(route('staffAppointment'), () => ({ status: 200, body: FAST }));
    await el.open(FAST);
    const detail = $(el, 'ayuda-appointment-detail')!;
    await waitFor(() => $<HTMLDialogElement>(detail, 'dialog')?.open, 'the window');
    const row = (label: string) => {
      const dt = $$(detail, 'dt').find((d) => d.textContent!.trim() === label);
      return dt ? text(dt.nextElementSibling!) : null;
    };
    // The queue's filter and the case view say "Carril" / "Lane" (the catalogue's `lane`), not "Cola".
    await waitFor(() => row('Carril') !== null, 'the lane row');
    expect(row('Carril')).to.equal('Prioritario ★ en la reserva');
    await setLocale('en');
    await waitFor(() => row('Lane') === 'Priority ★ in the reserve', 'the English lane');
  });

  it('with the keyboard only: arrows to an appointment, Enter opens it, a free time is picked from the list and the proposal sent; nothing moves until the customer accepts', async () => {
    fake = await useFake('en');
    const el = await openCalendar(fake);
    const later = calendar();
    const soon = new Date(Math.ceil(Date.now() / 1_800_000) * 1_800_000 + 1_800_000).toISOString();
    // Offered: what a standard customer may book, past the type's two hours' notice; not the
    // fast lane's reserve, not within the notice.
    later.units = [
      { type: 'phone-call', agentId: 7, start: soon, end: plus(soon, 30), free: true, reserved: false, released: false },
      unit(7, addDaysToDate(MONDAY, 3), '11:00'),
      unit(7, addDaysToDate(MONDAY, 3), '11:30', { reserved: true }),
      unit(7, addDaysToDate(MONDAY, 3), '12:00', { released: true }),
      unit(7, addDaysToDate(MONDAY, 4), '09:00'),
    ];
    fake.on(route('staffCalendar'), (c) => ({ status: 200, body: c.query.get('type') ? later : calendar() }));
    fake.on(route('staffProposeMove'), (c) => {
      const body = c.body as { start: string };
      return { status: 201, body: { id: 5, appointment: { ...STANDARD, pendingMove: { id: 5, start: body.start, expiresAt: at(addDaysToDate(MONDAY, 2), '12:00') } }, options: [], expiresAt: at(addDaysToDate(MONDAY, 2), '12:00') } };
    });
    // The grid is one tab stop: its first cell.
    const first = $<HTMLElement>(el, 'table [tabindex="0"]')!;
    first.focus();
    expect(first.dataset.pos).to.equal('0:0:0');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowRight' });
    expect(active()?.textContent).to.contain('Pablo Ruiz');
    await sendKeys({ press: 'ArrowDown' });
    expect(active()?.textContent).to.contain('Marta Gómez');
    const opener = active();
    await sendKeys({ press: 'Enter' });
    const detail = $(el, 'ayuda-appointment-detail')!;
    await waitFor(() => $<HTMLDialogElement>(detail, 'dialog')?.open, 'the detail');
    await waitFor(() => fake.calls.some((c) => c.path === pathOf('staffAppointment', STANDARD.id)), 'the fresh appointment');
    expect(text($(detail, 'dl'))).to.contain('Phone call').and.contain('+34600111222').and.contain('NF-000042').and.contain('Router setup').and.contain('Standard');
    await waitFor(() => $$(detail, 'input[type=radio]').length === 3, 'the free times');
    expect($$<HTMLInputElement>(detail, 'input[type=radio]').map((r) => r.value)).to.deep.equal([later.units[1]!.start, later.units[3]!.start, later.units[4]!.start]);
    expect($(detail, 'fieldset')!.textContent!.replace(/\s+/g, ' ')).to.contain('(released)').and.not.contain('held for priority');
    await expectAccessible(detail, 'the detail');
    await tabTo((a) => (a as HTMLInputElement).type === 'radio');
    await sendKeys({ press: 'ArrowDown' });
    expect((active() as HTMLInputElement).checked).to.equal(true);
    const chosen = (active() as HTMLInputElement).value;
    expect(chosen).to.equal(later.units[3]!.start);
    await sendKeys({ press: 'Tab' });
    expect(active()?.localName).to.equal('textarea');
    await sendKeys({ type: 'A priority-support customer needs this time' });
    await sendKeys({ press: 'Tab' });
    expect(active()?.textContent).to.equal('Send the proposal to Marta Gómez');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => fake.to(route('staffProposeMove')).length === 1, 'the proposal');
    const call = fake.to(route('staffProposeMove'))[0]!;
    expect(call.path).to.equal(pathOf('staffProposeMove', STANDARD.id));
    expect(call.body).to.deep.equal({ start: chosen, reason: 'A priority-support customer needs this time' });
    await waitFor(() => text(detail).includes('Proposal sent to marta@example.com. Nothing changes until the customer accepts'));
    expect(text(detail)).to.contain('Move proposed:');
    // No second proposal while one waits; the calendar reloads.
    expect($(detail, 'form[aria-labelledby=move-title]')).to.equal(null);
    await waitFor(() => fake.to(route('staffCalendar')).filter((c) => !c.query.get('type')).length === 2, 'the calendar reloaded');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !$<HTMLDialogElement>(detail, 'dialog')!.open);
    await waitFor(() => active() === opener || active()?.textContent?.includes('Marta Gómez'), 'the focus back on the appointment');
  });

  it('keeps one tab stop in the grid when the grid changes under the focus (a reload without that appointment)', async () => {
    fake = await useFake('en');
    // Two appointments in one cell (Tuesday 10:00, two agents); the second has the focus.
    const two = calendar();
    two.appointments = [...two.appointments, appointment({ id: '2d7f5e3a-0c99-4b4d-9c73-8e3b2a4f9c03', name: 'Zoe Martín', agentId: 9, with: 'Luis' })];
    serveCalendar(fake, two);
    const el = fixture<AyudaAppointmentCalendar>('<ayuda-appointment-calendar></ayuda-appointment-calendar>');
    el.query = `date=${MONDAY}&view=week`;
    const zoe = await waitFor(() => $$<HTMLButtonElement>(el, 'button.appt').find((b) => b.textContent!.includes('Zoe Martín')));
    zoe.focus();
    await el.updateComplete;
    expect($$(el, 'table [tabindex="0"]')).to.deep.equal([zoe]);
    fake.on(route('staffCalendar'), () => ({ status: 200, body: calendar() }));
    await el.load();
    await el.updateComplete;
    const stops = $$(el, 'table [tabindex="0"]');
    expect(stops).to.have.length(1);
    expect(stops[0]!.textContent).to.contain('Marta Gómez');
  });

  it('refuses a proposal without a time or a reason in place, and says so when the time was taken meanwhile', async () => {
    fake = await useFake('en');
    const el = await openCalendar(fake);
    fake.refuse(route('staffProposeMove'), 409, 'The time is not free');
    await el.open(STANDARD);
    const detail = $(el, 'ayuda-appointment-detail')!;
    await waitFor(() => $$(detail, 'input[type=radio]').length > 0, 'the free times');
    const form = $<HTMLFormElement>(detail, 'form[aria-labelledby=move-title]')!;
    form.requestSubmit();
    await waitFor(() => $(detail, '#move-start-error'));
    expect(text($(detail, '#move-start-error'))).to.equal('Choose one of the free times.');
    expect(text($(detail, '#move-reason-error'))).to.equal('Write the reason: the customer will read it.');
    expect($(detail, 'textarea[name=reason]')!.getAttribute('aria-invalid')).to.equal('true');
    expect(fake.to(route('staffProposeMove'))).to.have.length(0);
    await expectAccessible(detail, 'the errors');
    $$<HTMLInputElement>(detail, 'input[type=radio]')[0]!.checked = true;
    form.querySelector('textarea')!.value = 'Needed';
    form.requestSubmit();
    await waitFor(() => text($(detail, '#move-start-error')).includes('no longer free'), 'the conflict');
    expect(fake.to(route('staffProposeMove'))).to.have.length(1);
  });

  it('cancels with a reason after the confirm dialog, and not without one', async () => {
    fake = await useFake('en');
    const el = await openCalendar(fake);
    fake.on(route('staffCancelAppointment'), () => ({ status: 200, body: { ...STANDARD, status: 'cancelled' } }));
    await el.open(STANDARD);
    const detail = $(el, 'ayuda-appointment-detail')!;
    const form = await waitFor(() => $<HTMLFormElement>(detail, 'form[aria-labelledby=cancel-title]'));
    form.requestSubmit();
    await waitFor(() => $(detail, '#cancel-reason-error'));
    expect(document.querySelector('ayuda-confirm-dialog')?.shadowRoot?.querySelector('dialog')?.open ?? false).to.equal(false);
    form.querySelector('textarea')!.value = 'The technician is ill';
    form.requestSubmit();
    const confirm = await waitFor(() => document.querySelector('ayuda-confirm-dialog')?.shadowRoot?.querySelector('dialog[open]'), 'the confirm dialog');
    expect(confirm.textContent).to.contain('Cancel Marta Gómez’s appointment?');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => fake.to(route('staffCancelAppointment')).length === 1);
    expect(fake.to(route('staffCancelAppointment'))[0]!.body).to.deep.equal({ reason: 'The technician is ill' });
    await waitFor(() => text($(detail, 'dl')).includes('Cancelled'));
    expect($(detail, 'form')).to.equal(null);
  });
});

describe('ayuda-appointment-types', () => {
  let fake: FakeApi;
  afterEach(cleanup);

  it('lists the types and shows the server’s refusals at their fields; a good type is saved with its share as a fraction (English)', async () => {
    fake = await useFake('en');
    fake.on(route('staffAppointmentTypes'), () => ({ status: 200, body: { types: [TYPE] } }));
    const el = fixture<AyudaAppointmentTypes>('<ayuda-appointment-types></ayuda-appointment-types>');
    await waitFor(() => $(el, 'tbody tr'), 'the list');
    expect(text($(el, 'tbody tr'))).to.contain('Phone call').and.contain('30 min').and.contain('10 %').and.contain('24 h').and.contain('Ana Agente, Luis');
    await expectAccessible(el, 'the list');
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'New appointment type')!.click();
    const form = await waitFor(() => $<HTMLFormElement>(el, '#type-editor form'));
    const set = (name: string, value: string) => (form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`)!.value = value);
    // A key that cannot be an address is refused before any request.
    set('key', 'Video Call');
    form.requestSubmit();
    await waitFor(() => $(el, '#f-key-error'));
    expect(fake.to(route('staffSaveAppointmentType'))).to.have.length(0);
    set('key', 'video-call');
    set('name.es', 'Videollamada');
    set('durationMinutes', '4');
    set('reserveShare', '60');
    set('releaseHours', 'soon');
    fake.on(route('staffSaveAppointmentType'), () =>
      problem([
        { field: 'body.name.en', message: 'Too small' },
        { field: 'body.durationMinutes', message: 'Too small: expected number to be >=5' },
        { field: 'body.reserveShare', message: 'Too big: expected number to be <=0.5' },
        { field: 'body.releaseHours', message: 'Invalid input: expected number, received null' },
        { field: 'body.agentIds', message: 'Too small: expected array to have >=1 items' },
      ]),
    );
    form.requestSubmit();
    await waitFor(() => $(el, '#f-reserveShare-error'), 'the refusals');
    const sent = fake.to(route('staffSaveAppointmentType'))[0]!;
    expect(sent.path).to.equal(pathOf('staffSaveAppointmentType', 'video-call'));
    expect(sent.body).to.deep.include({ key: 'video-call', durationMinutes: 4, reserveShare: 0.6, releaseHours: null, agentIds: [], active: true, name: { es: 'Videollamada', en: '' } });
    expect(text($(el, '#f-name-en-error'))).to.equal('Write the name in English (up to 120 characters).');
    expect(text($(el, '#f-durationMinutes-error'))).to.equal('A whole number from 5 to 480 minutes.');
    expect(text($(el, '#f-reserveShare-error'))).to.equal('A percentage from 0 to 50.');
    expect(text($(el, '#f-releaseHours-error'))).to.equal('A whole number from 0 to 336 hours (14 days).');
    expect(text($(el, '#f-agentIds-error'))).to.equal('Choose at least one agent.');
    expect($(el, '#f-durationMinutes')!.getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#f-name-es')!.getAttribute('aria-invalid')).to.equal('false');
    expect(active()?.id).to.equal('f-name-en');
    await expectAccessible(el, 'the refusals');
    set('name.en', 'Video call');
    set('durationMinutes', '45');
    set('reserveShare', '12.5');
    set('releaseHours', '12');
    form.querySelector<HTMLInputElement>('input[name=agentIds][value="9"]')!.checked = true;
    fake.on(route('staffSaveAppointmentType'), (c) => ({ status: 200, body: { ...(c.body as object), description: null } }));
    form.requestSubmit();
    await waitFor(() => $$(el, 'tbody tr').length === 2, 'the new type listed');
    expect(fake.to(route('staffSaveAppointmentType'))[1]!.body).to.deep.include({ durationMinutes: 45, reserveShare: 0.125, releaseHours: 12, agentIds: [9] });
    expect($(el, '#type-editor')).to.equal(null);
  });
});

describe('ayuda-availability', () => {
  let fake: FakeApi;
  afterEach(cleanup);

  const AVAILABILITY = {
    agentId: 7,
    name: 'Ana Agente',
    timeZone: TZ,
    rules: [
      { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', start: '09:00', end: '14:00', validFrom: '2026-01-01', validUntil: null },
      { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA', start: '10:00', end: '13:00', validFrom: '2026-01-01', validUntil: '2026-12-31' },
    ],
    absences: [{ id: 4, agentId: 7, start: at(TUESDAY, '09:00'), end: at(TUESDAY, '13:00'), reason: 'Dentist' }],
  };

  it('edits weekly rules with weekday boxes and others as RRULE text, and shows the server’s refusal at the field (Spanish)', async () => {
    fake = await useFake('es');
    fake.on(route('staffAvailability'), () => ({ status: 200, body: AVAILABILITY }));
    const el = fixture<AyudaAvailability>('<ayuda-availability></ayuda-availability>');
    el.user = ME;
    await waitFor(() => $(el, '#rule-1'), 'the rules');
    expect(fake.to(route('staffAvailability'))[0]!.path).to.equal(pathOf('staffAvailability', 7));
    // An agent sees only their own.
    expect($(el, 'select')).to.equal(null);
    const boxes = $$<HTMLInputElement>(el, '#rule-0 input[type=checkbox]');
    expect(boxes.map((b) => b.checked)).to.deep.equal([true, true, true, true, true, false, false]);
    expect($<HTMLInputElement>(el, '#f-rules-1-rrule')!.value).to.equal('FREQ=WEEKLY;INTERVAL=2;BYDAY=SA');
    expect(text(el)).to.contain('Dentist');
    await expectAccessible(el, 'the rules');
    boxes[4]!.click();
    boxes[5]!.click();
    const end = $<HTMLInputElement>(el, '#f-rules-0-end')!;
    end.value = '08:00';
    end.dispatchEvent(new Event('input'));
    fake.on(route('staffSaveAvailability'), () => problem([{ field: 'body.rules.0.end', message: 'end must be after start' }]));
    $<HTMLFormElement>(el, 'form')!.requestSubmit();
    await waitFor(() => $(el, '#f-rules-0-end-error'), 'the refusal');
    expect(text($(el, '#f-rules-0-end-error'))).to.equal('Una hora posterior a la de inicio.');
    expect(end.getAttribute('aria-invalid')).to.equal('true');
    expect(fake.to(route('staffSaveAvailability'))[0]!.body).to.deep.equal({
      rules: [
        { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,SA', start: '09:00', end: '08:00', validFrom: '2026-01-01', validUntil: null },
        { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA', start: '10:00', end: '13:00', validFrom: '2026-01-01', validUntil: '2026-12-31' },
      ],
    });
    await expectAccessible(el, 'the refusal');
    // No day ticked is refused here.
    for (const b of $$<HTMLInputElement>(el, '#rule-0 input[type=checkbox]')) if (b.checked) b.click();
    $<HTMLFormElement>(el, 'form')!.requestSubmit();
    await waitFor(() => text($(el, '#f-rules-0-rrule-error')) === 'Marca al menos un día.');
    expect(fake.to(route('staffSaveAvailability'))).to.have.length(1);
  });

  it('adds an absence in the company’s zone and removes one after asking; an admin picks the agent (English)', async () => {
    fake = await useFake('en');
    fake.on(route('staffAvailability'), (c) => ({ status: 200, body: { ...AVAILABILITY, agentId: Number(c.path.split('/').pop()) } }));
    fake.on(route('staffAddAbsence'), () => ({ status: 201, body: { id: 8, agentId: 9, start: at(WEDNESDAY, '08:30'), end: at(WEDNESDAY, '12:00'), reason: null } }));
    fake.on(route('staffDeleteAbsence'), () => ({ status: 204 }));
    const el = fixture<AyudaAvailability>('<ayuda-availability></ayuda-availability>');
    el.user = { ...ME, role: 'admin' };
    const select = await waitFor(() => $<HTMLSelectElement>(el, 'select'), 'the agent choice');
    await waitFor(() => $(el, '#rule-0'));
    select.value = '9';
    select.dispatchEvent(new Event('change'));
    await waitFor(() => fake.to(route('staffAvailability')).some((c) => c.path.endsWith('/9')));
    await waitFor(() => $(el, '#rule-0'));
    const form = $$<HTMLFormElement>(el, 'form')[1]!;
    form.requestSubmit();
    await waitFor(() => $(el, '#absence-start-error'));
    expect(fake.to(route('staffAddAbsence'))).to.have.length(0);
    form.querySelector<HTMLInputElement>('[name=startDate]')!.value = WEDNESDAY;
    form.querySelector<HTMLInputElement>('[name=startTime]')!.value = '08:30';
    form.querySelector<HTMLInputElement>('[name=endDate]')!.value = WEDNESDAY;
    form.querySelector<HTMLInputElement>('[name=endTime]')!.value = '12:00';
    form.requestSubmit();
    await waitFor(() => fake.to(route('staffAddAbsence')).length === 1);
    const call = fake.to(route('staffAddAbsence'))[0]!;
    expect(call.path).to.equal(pathOf('staffAddAbsence', 9));
    // Madrid's wall clock, whatever the browser's zone.
    expect(call.body).to.deep.equal({ start: at(WEDNESDAY, '08:30'), end: at(WEDNESDAY, '12:00') });
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Remove' && b.getAttribute('aria-label')?.startsWith('Remove the absence'))!.click();
    await waitFor(() => document.querySelector('ayuda-confirm-dialog')?.shadowRoot?.querySelector('dialog[open]'), 'the question');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => fake.to(route('staffDeleteAbsence')).length === 1);
    expect(fake.to(route('staffDeleteAbsence'))[0]!.path).to.equal(pathOf('staffDeleteAbsence', 9, 4));
  });
});

describe('ayuda-calendar-feed', () => {
  let fake: FakeApi;
  afterEach(cleanup);

  it('makes the private address, shows it once with the subscribe steps, replaces it after a warning and revokes it (English)', async () => {
    fake = await useFake('en');
    let n = 0;
    fake.on(route('staffCalendarFeed'), () => ({ status: 200, body: { url: null, createdAt: null } }));
    fake.on(route('staffRenewCalendarFeed'), () => ({ status: 201, body: { url: `${location.origin}/api/v1/appointments/feed/tok_${++n}aaaaaaaaaaaaaaaaaaaa`, createdAt: new Date().toISOString() } }));
    fake.on(route('staffRevokeCalendarFeed'), () => ({ status: 204 }));
    const el = fixture<AyudaCalendarFeed>('<ayuda-calendar-feed></ayuda-calendar-feed>');
    await waitFor(() => text(el).includes('You have no calendar address yet.'));
    expect(text(el)).to.contain('Google Calendar').and.contain('Outlook').and.contain('Apple Calendar');
    await expectAccessible(el, 'no feed');
    $<HTMLButtonElement>(el, 'button.primary')!.click();
    await waitFor(() => $(el, '.secret code'));
    expect($(el, '.secret code')!.textContent).to.match(/\/appointments\/feed\/tok_1a+$/);
    expect(active()?.textContent).to.equal('Copy the address');
    expect(text(el)).to.contain('Copy it now: it will not be shown again.');
    await expectAccessible(el, 'the address');
    $<HTMLButtonElement>(el, 'button.primary')!.click();
    const q = await waitFor(() => document.querySelector('ayuda-confirm-dialog')?.shadowRoot?.querySelector('dialog[open]'), 'the warning');
    expect(q.textContent).to.contain('The old address stops working at once');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => $(el, '.secret code')?.textContent?.includes('tok_2'));
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Revoke')!.click();
    await waitFor(() => document.querySelector('ayuda-confirm-dialog')?.shadowRoot?.querySelector('dialog[open]'));
    await sendKeys({ press: 'Enter' });
    await waitFor(() => fake.to(route('staffRevokeCalendarFeed')).length === 1);
    await waitFor(() => text(el).includes('You have no calendar address yet.'));
    expect($(el, '.secret')).to.equal(null);
  });
});

describe('ayuda-appointments', () => {
  afterEach(cleanup);

  it('offers the types tab to admins only', async () => {
    const fake = await useFake('en');
    serveCalendar(fake);
    const el = fixture<AyudaAppointments>('<ayuda-appointments></ayuda-appointments>');
    el.user = ME;
    el.tab = 'types';
    await waitFor(() => $(el, 'ayuda-appointment-calendar'), 'the calendar instead');
    expect($$(el, 'nav a').map((a) => a.textContent)).to.deep.equal(['Calendar', 'Availability', 'My calendar feed']);
    el.user = { ...ME, role: 'admin' };
    await waitFor(() => $(el, 'ayuda-appointment-types'));
    expect($$(el, 'nav a').map((a) => a.textContent)).to.deep.equal(['Calendar', 'Availability', 'Appointment types', 'My calendar feed']);
    await expectAccessible(el, 'the screen');
  });
});
