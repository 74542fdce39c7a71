import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import '../define/ayuda-booking.js';
import '../define/ayuda-widget.js';
import type { AyudaWidget } from '../widget/widget.js';
import type { AyudaBooking } from './booking.js';
import { $, $$, AYUDA, active, cleanup, expectAccessible, fixture, nextEvent, waitFor } from '../test-helpers.js';

const staff = (path: string, init: RequestInit = {}) =>
  fetch(`${AYUDA.server}/api/v1/staff${path}`, { ...init, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${AYUDA.staffToken}`, ...(init.headers ?? {}) } });

/** A staff member who serves the type (the first account, or a new one), working every day, all day. */
async function agent(): Promise<number> {
  const list = (await (await staff('/users')).json()) as { users: Array<{ id: number; disabled?: boolean }> };
  let id = list.users[0]?.id;
  if (!id) {
    const res = await staff('/users', { method: 'POST', body: JSON.stringify({ email: 'agenda@example.com', name: 'Lucía Agenda', role: 'agent' }) });
    expect(res.status).to.equal(201);
    id = ((await res.json()) as { user: { id: number } }).user.id;
  }
  const res = await staff(`/appointment-agents/${id}`, { method: 'PUT', body: JSON.stringify({ rules: [{ rrule: 'FREQ=DAILY', start: '00:00', end: '24:00', validFrom: '2020-01-01' }] }) });
  expect(res.status, 'availability saved').to.equal(200);
  return id;
}

/** A type of a unique key (or `key`, saved again) served by `agentId`. */
async function appointmentType(agentId: number, mode: 'phone' | 'video' = 'phone', key = `call-${Math.random().toString(36).slice(2, 8)}`, minNoticeMinutes = 60): Promise<string> {
  const res = await staff(`/appointment-types/${key}`, {
    method: 'PUT',
    body: JSON.stringify({ key, name: { es: 'Llamada de soporte', en: 'Support call' }, mode, durationMinutes: 30, agentIds: [agentId], minNoticeMinutes, maxDaysAhead: 14 }),
  });
  expect(res.status, 'type saved').to.equal(200);
  return key;
}

const mount = (type: string, locale = 'es') => fixture<AyudaBooking>(`<ayuda-booking server="${AYUDA.server}" locale="${locale}" type="${type}"></ayuda-booking>`);
const text = (el: Element) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
const grid = (el: AyudaBooking) => waitFor(() => $(el, '[role=grid]'), 'the date grid', 12_000).catch((err: unknown) => { throw new Error(`${String(err)}; the element says: ${text(el)}`); });
const focusedDay = () => (active() as HTMLElement | null)?.dataset.day ?? '';
const addDays = (key: string, n: number) => new Date(Date.parse(`${key}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Opens the first day with `count` times that start 10 minutes or more past the types' notice
 * (60 minutes) and returns the first of them (its value: Lit reuses the inputs when the times
 * change). The very first time may be seconds from the notice; a test that takes longer than
 * that to book it (typing, accessibility checks, a loaded machine) has it refused as too soon,
 * and waits for a confirmation that never comes.
 */
async function roomyTime(el: AyudaBooking, count = 1): Promise<string> {
  let legend = '';
  for (const day of $$<HTMLButtonElement>(el, '[role=grid] button[aria-disabled="false"]')) {
    day.click();
    await waitFor(() => !['', legend].includes($(el, '.times legend')?.textContent ?? ''), 'the times of a day');
    legend = $(el, '.times legend')!.textContent!;
    const roomy = roomyInputs(el);
    if (roomy.length >= count) return roomy[0]!.value;
  }
  throw new Error(`no day with ${count} times 70 minutes ahead or more in the date grid`);
}
/** The times shown that start 70 minutes from now or later: 10 minutes' room past the notice. */
const roomyInputs = (el: AyudaBooking) => $$<HTMLInputElement>(el, '.times input').filter((r) => Date.parse(r.value) > Date.now() + 70 * 60_000);
/** Books the first time with room past the notice, with what the form holds, and waits for the confirmation. */
async function bookFirstRoomy(el: AyudaBooking): Promise<void> {
  roomyInputs(el)[0]!.click();
  const booked = nextEvent(el, 'ayuda-appointment-booked');
  $<HTMLButtonElement>(el, '[part=submit-button]')!.click();
  await booked;
  await waitFor(() => $(el, '[part=confirmation]'), 'the confirmation');
}
const timeInput = (el: AyudaBooking, value: string) => $<HTMLInputElement>(el, `.times input[value="${value}"]`)!;
/** Every read of the free times, in order. Set before any element: its client keeps the fetch it was given. */
const slotReads: URL[] = [];
const realFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.pathname.endsWith('/api/v1/appointments/slots')) slotReads.push(url);
  return realFetch(input, init);
};

async function type(el: AyudaBooking, id: string, value: string): Promise<void> {
  const input = $<HTMLInputElement>(el, `#${id}`)!;
  input.focus();
  input.select();
  await sendKeys({ type: value });
}

describe('<ayuda-booking>', function () {
  this.timeout(40_000);
  let agentId: number;
  let phoneType: string;
  let videoType: string;
  /** A type whose notice a test lengthens (no other test books it). */
  let noticeType: string;
  // Every type first: the server lets browsers keep its list of types a minute.
  before(async () => {
    agentId = await agent();
    phoneType = await appointmentType(agentId);
    videoType = await appointmentType(agentId, 'video');
    noticeType = await appointmentType(agentId);
  });
  afterEach(() => cleanup());

  it('moves through the days with the date-picker keys; days without times are disabled (Spanish)', async () => {
    const el = mount(phoneType);
    const table = await grid(el);
    await expectAccessible(el, 'the date grid');
    expect(table.getAttribute('aria-describedby')).to.equal('bk-grid-hint');
    expect($$(el, 'th')).to.have.length(7);
    // One tab stop: the first day with free times.
    const stops = $$(el, '[role=grid] button[tabindex="0"]');
    expect(stops).to.have.length(1);
    const first = stops[0]!.dataset.day!;
    expect(stops[0]!.getAttribute('aria-disabled')).to.equal('false');
    stops[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    expect(focusedDay()).to.equal(addDays(first, 1));
    await sendKeys({ press: 'ArrowDown' });
    expect(focusedDay()).to.equal(addDays(first, 8));
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowLeft' });
    expect(focusedDay()).to.equal(first);
    await sendKeys({ press: 'PageDown' });
    expect(focusedDay()).to.equal(addDays(first, 7));
    await sendKeys({ press: 'PageUp' });
    await sendKeys({ press: 'End' });
    expect(new Date(`${focusedDay()}T00:00:00Z`).getUTCDay()).to.equal(0); // Sunday ends the week
    await sendKeys({ press: 'Home' });
    // Monday starts it, or today when that Monday is past: days before today are empty cells.
    const today = $$(el, '[role=grid] button')[0]!.dataset.day!;
    const monday = addDays(first, -((new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7));
    expect(focusedDay()).to.equal(monday < today ? today : monday);
    // Days without free times can be reached but are disabled, and say so.
    const full = $$(el, '[role=grid] button[aria-disabled="true"]')[0];
    if (full) expect(full.getAttribute('aria-label')).to.contain('sin horas libres');
    // Enter on a day with times opens its times, as a radio group.
    $<HTMLElement>(el, `[data-day="${first}"]`)!.focus();
    await sendKeys({ press: 'Enter' });
    const legend = await waitFor(() => $(el, '.times legend'), 'the times');
    expect(legend.textContent).to.match(/^Horas libres el /);
    expect($$(el, '.times input[type=radio]').length).to.be.greaterThan(0);
    expect(active()).to.equal($(el, '.times input'));
    expect($(el, '[part=zone]')!.textContent).to.match(/^Horas en tu zona horaria/);
    // As written: a capital first letter only ("Diciembre de 2026 – enero de 2027", never "De").
    expect(($(el, '[part=months]') as HTMLElement).innerText).to.match(/^\p{Lu}\p{Ll}+ de \d{4}( – \p{Ll}+ de \d{4})?$/u);
    await expectAccessible(el, 'a day chosen');
  });

  it('checks the fields, books once, and confirms with the calendar and manage links', async () => {
    const el = mount(phoneType);
    await grid(el);
    const time = await roomyTime(el);
    // Nothing chosen, nothing typed: each field says what is wrong, in Spanish.
    $<HTMLButtonElement>(el, '[part=submit-button]')!.click();
    await waitFor(() => $(el, '#bk-name-error'), 'the errors');
    expect($(el, '#bk-time-error')!.textContent).to.equal('Elige una hora.');
    expect($(el, '#bk-name-error')!.textContent).to.equal('Escribe tu nombre.');
    expect($(el, '#bk-email-error')!.textContent).to.contain('correo válido');
    expect($(el, '[role=alert]')!.textContent!.trim()).to.equal('Revisa los campos marcados.');
    expect($(el, '#bk-name')!.getAttribute('aria-invalid')).to.equal('true');
    await expectAccessible(el, 'with errors');
    timeInput(el, time).click();
    await type(el, 'bk-name', 'Marta Ruiz');
    await type(el, 'bk-email', 'no-es-un-correo');
    await type(el, 'bk-phone', '612 34 56 78');
    $<HTMLButtonElement>(el, '[part=submit-button]')!.click();
    await waitFor(() => $(el, '#bk-email-error') && !$(el, '#bk-name-error'), 'only the email wrong');
    expect(active()).to.equal($(el, '#bk-email'));
    await type(el, 'bk-email', 'marta.booking@example.com');
    const booked = nextEvent<{ id: string; start: string; manageUrl: string; icsUrl: string }>(el, 'ayuda-appointment-booked');
    $<HTMLButtonElement>(el, '[part=submit-button]')!.click();
    const detail = (await booked).detail;
    expect(Date.parse(detail.start)).to.equal(Date.parse(time));
    const confirmation = await waitFor(() => $(el, '[part=confirmation]'), 'the confirmation');
    expect(confirmation.querySelector('h3')!.textContent).to.equal('Cita confirmada');
    expect(active()).to.equal(confirmation.querySelector('h3'));
    expect($<HTMLAnchorElement>(el, '[part=ics-link]')!.href).to.equal(detail.icsUrl);
    expect($<HTMLAnchorElement>(el, '[part=manage-link]')!.href).to.equal(detail.manageUrl);
    await expectAccessible(el, 'confirmed');
    // The server has it, behind the token of its links (the .ics link is that token's calendar file).
    const token = detail.manageUrl.split('/').pop()!;
    expect(detail.icsUrl).to.match(new RegExp(`/api/v1/appointments/manage/${token}/ics$`));
    const kept = await fetch(`${AYUDA.server}/api/v1/appointments/manage/${token}`);
    expect(kept.status).to.equal(200);
    expect(await kept.json()).to.deep.include({ id: detail.id, status: 'booked', name: 'Marta Ruiz' });
    expect(el.idempotencyKey).to.equal('');
  });

  it('says in English that a time was just taken, shows the fresh times and keeps what was typed', async () => {
    const key = videoType;
    const el = mount(key, 'en');
    await grid(el);
    expect(text(el)).to.contain('Choose a day');
    // Two: one that someone else takes, and one to book after that.
    const chosen = await roomyTime(el, 2);
    const count = $$(el, '.times input').length;
    timeInput(el, chosen).click();
    expect($(el, '#bk-phone'), 'no phone for a video call').to.equal(null);
    await type(el, 'bk-name', 'Sam Taylor');
    await type(el, 'bk-email', 'sam.booking@example.com');
    await type(el, 'bk-notes', 'About my router');
    // Someone else books that time first (the only agent: the time is gone).
    const other = await fetch(`${AYUDA.server}/api/v1/appointments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ type: key, start: chosen, name: 'Other', email: 'other.booking@example.com', locale: 'en' }),
    });
    expect(other.status).to.equal(201);
    $<HTMLButtonElement>(el, '[part=submit-button]')!.click();
    await waitFor(() => $(el, '[role=alert]')!.textContent!.includes('Someone has just booked that time'), 'the conflict');
    expect($$(el, '.times input').map((r) => (r as HTMLInputElement).value)).not.to.include(chosen);
    expect($$(el, '.times input').length).to.equal(count - 1);
    expect($$(el, '.times input').some((r) => (r as HTMLInputElement).checked)).to.equal(false);
    expect($<HTMLInputElement>(el, '#bk-name')!.value).to.equal('Sam Taylor');
    expect($<HTMLInputElement>(el, '#bk-email')!.value).to.equal('sam.booking@example.com');
    expect($<HTMLTextAreaElement>(el, '#bk-notes')!.value).to.equal('About my router');
    await expectAccessible(el, 'after a conflict');
    // Another time books (one with room before the notice too).
    await bookFirstRoomy(el);
    expect(text(el)).to.contain('Appointment confirmed');
  });

  it('says a time the server refuses is no longer bookable, reads the day’s times again and keeps what was typed (Spanish)', async () => {
    const el = mount(noticeType);
    await grid(el);
    // Two: one the server refuses, and one to book after that.
    const chosen = await roomyTime(el, 2);
    timeInput(el, chosen).click();
    await type(el, 'bk-name', 'Marta Ruiz');
    await type(el, 'bk-email', 'marta.notice@example.com');
    await type(el, 'bk-phone', '612 34 56 78');
    await type(el, 'bk-notes', 'Sobre mi router');
    // Meanwhile the type asks for more notice: the chosen time falls 5 minutes inside it, so the
    // real server answers 422 on body.start ("must be at least … minutes from now").
    await appointmentType(agentId, 'phone', noticeType, Math.ceil((Date.parse(chosen) - Date.now()) / 60_000) + 5);
    slotReads.length = 0;
    $<HTMLButtonElement>(el, '[part=submit-button]')!.click();
    await waitFor(() => $(el, '[role=alert]')!.textContent!.includes('Esa hora ya no se puede reservar'), 'the refusal');
    const times = $$<HTMLInputElement>(el, '.times input');
    expect($(el, '[role=alert]')!.textContent!.trim()).to.equal(
      times.length ? 'Esa hora ya no se puede reservar. Elige otra; lo que has escrito sigue aquí.' : 'Esa hora ya no se puede reservar y no quedan más ese día. Elige otro día; lo que has escrito sigue aquí.',
    );
    // The day's times were read again: what the server offers now, all past the new notice.
    expect(slotReads, 'one new read of the slots').to.have.length(1);
    expect(slotReads[0]!.searchParams.get('type')).to.equal(noticeType);
    const [from, to] = ['from', 'to'].map((k) => Date.parse(slotReads[0]!.searchParams.get(k)!));
    expect(to! - from!, 'the chosen day only').to.be.within(23 * 3_600_000, 25 * 3_600_000);
    expect(Date.parse(chosen)).to.be.within(from!, to!);
    expect(times.map((r) => r.value)).not.to.include(chosen);
    expect(times.every((r) => Date.parse(r.value) > Date.parse(chosen))).to.equal(true);
    expect(times.some((r) => r.checked)).to.equal(false);
    expect($<HTMLInputElement>(el, '#bk-name')!.value).to.equal('Marta Ruiz');
    expect($<HTMLInputElement>(el, '#bk-email')!.value).to.equal('marta.notice@example.com');
    expect($<HTMLInputElement>(el, '#bk-phone')!.value).to.equal('612 34 56 78');
    expect($<HTMLTextAreaElement>(el, '#bk-notes')!.value).to.equal('Sobre mi router');
    await expectAccessible(el, 'after a refused time');
    // Another time books, with what was typed.
    await bookFirstRoomy(el);
  });

  it('opens from the panel’s "Book a call", beside Contact support, and goes back', async () => {
    const el = fixture<AyudaWidget>(`<ayuda-widget server="${AYUDA.server}" locale="en"></ayuda-widget>`);
    await el.open();
    const panel = await waitFor(() => $(el, 'ayuda-panel'), 'the panel');
    const entry = await waitFor(() => $<HTMLButtonElement>(panel, '[part=booking-button]'), 'the Book a call button');
    expect(entry.textContent).to.equal('Book a call');
    expect(entry.closest('[part=contact]')).to.not.equal(null);
    // Side by side, or, wrapped in a narrower panel, one under the other at the same edge.
    const contact = $<HTMLButtonElement>(panel, '[part=contact-button]')!;
    const [c, b] = [contact.getBoundingClientRect(), entry.getBoundingClientRect()];
    if (b.top === c.top) expect(b.left).to.be.greaterThan(c.right);
    else expect(b.left).to.equal(c.left);
    (entry.parentElement as HTMLElement).style.width = `${Math.ceil(c.width) + 10}px`;
    expect(entry.getBoundingClientRect().left).to.equal(contact.getBoundingClientRect().left);
    (entry.parentElement as HTMLElement).style.width = '';
    await expectAccessible(el, 'home with Book a call');
    entry.click();
    const booking = await waitFor(() => $(panel, 'ayuda-booking'), 'the booking in the panel');
    await waitFor(() => booking.shadowRoot?.querySelector('h2')?.textContent === 'Book a call', 'its heading');
    await waitFor(() => active() === booking.shadowRoot!.querySelector('h2'), 'focus on its heading');
    await waitFor(() => booking.shadowRoot!.querySelector('[part~=type-button], [role=grid]'), 'the types or the days');
    await expectAccessible(el, 'booking in the panel');
    $<HTMLButtonElement>(panel, '[part=back-button]')!.click();
    await waitFor(() => !$(panel, 'ayuda-booking'), 'back home');
  });

  it('names a type the server does not offer, and warns the developer once', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warnings.push(String(m));
    try {
      const el = mount('no-such-type', 'en');
      await waitFor(() => text(el).includes('does not exist'), 'the message');
      expect(warnings.some((w) => w.startsWith('Ayuda: <ayuda-booking type="no-such-type">'))).to.equal(true);
      await expectAccessible(el, 'unknown type');
    } finally {
      console.warn = warn;
    }
  });
});
