import { expect } from 'chai';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../define/ayuda-callbacks.js';
import type { AyudaCallbacks } from './callbacks.js';
import type { StaffCallback } from '@ayuda/client/staff';
import { $, $$, active, cleanup, expectAccessible, fixture, text, useFake, waitFor, type FakeApi } from '../test-helpers.js';
import { onNotice, type Notice } from '../internal/notices.js';
import { parseRoute, routeHref } from '../internal/router.js';

const cb = (id: number, over: Partial<StaffCallback> = {}): StaffCallback => ({
  id: `00000000-0000-4000-8000-00000000000${id}`,
  status: 'waiting',
  lane: 'standard',
  name: `Cliente ${id}`,
  phone: '+34612345678',
  phoneDisplay: '+34 612 34 56 78',
  windowStart: '2026-11-23T11:00:00.000Z',
  windowEnd: '2026-11-23T13:00:00.000Z',
  dueAt: '2026-11-23T13:00:00.000Z',
  createdAt: '2026-11-23T09:00:00.000Z',
  email: `c${id}@example.com`,
  locale: 'es',
  case: null,
  notes: null,
  overdue: false,
  attempts: [],
  ...over,
});

const LIST = [
  cb(1, { lane: 'fast', name: 'Eva Prioritaria', dueAt: '2026-11-23T12:00:00.000Z', overdue: true, case: 'NF-000042', notes: 'Sobre la <factura>' }),
  cb(2, { name: 'Luis Estándar', phone: '+442079460958', phoneDisplay: '+44 20 7946 0958', attempts: [{ at: '2026-11-23T11:05:00.000Z', by: 'Marta', outcome: 'no_answer', note: 'Sonó mucho' }] }),
];

describe('ayuda-callbacks', () => {
  let fake: FakeApi;
  let notices: Notice[];
  let off: () => void;
  beforeEach(() => {
    notices = [];
    off = onNotice((n) => notices.push(n));
  });
  afterEach(() => {
    off();
    cleanup();
  });

  it('lists the queue fast lane first with the lane, overdue in words, the phone as a tel: link and the window in the company’s zone (English)', async () => {
    fake = await useFake('en');
    fake.on('GET /staff/callbacks', () => ({ status: 200, body: { timeZone: 'Europe/Madrid', callbacks: LIST } }));
    const el = fixture<AyudaCallbacks>('<ayuda-callbacks></ayuda-callbacks>');
    await waitFor(() => $$(el, 'ol.list > li').length === 2, 'the callbacks');
    await expectAccessible(el, 'the queue');
    expect(fake.to('GET /staff/callbacks')[0]!.query.get('status')).to.equal('waiting');
    const [first, second] = $$(el, 'ol.list > li');
    expect(first!.querySelector('h2')!.textContent).to.equal('Eva Prioritaria');
    expect(text(first!)).to.contain('Priority');
    expect(first!.querySelector('.overdue')!.textContent).to.equal('Overdue');
    expect(second!.querySelector('.overdue')).to.equal(null);
    const tel = first!.querySelector<HTMLAnchorElement>('a.tel')!;
    expect(tel.getAttribute('href')).to.equal('tel:+34612345678');
    expect(tel.textContent).to.equal('+34 612 34 56 78');
    expect(tel.getAttribute('aria-label')).to.equal('Call Eva Prioritaria: +34 612 34 56 78');
    // 11:00–13:00 UTC is 12:00–14:00 in Madrid, whatever the browser's zone.
    expect(text(first!)).to.contain('Monday, 23 November 2026 at 12:00–14:00 CET');
    expect(first!.querySelector<HTMLAnchorElement>('a[href="#/cases/NF-000042"]')).to.not.equal(null);
    expect(first!.querySelector('.notes')!.textContent).to.equal('Sobre la <factura>');
    expect(text(second!)).to.contain('Marta: No answer');
    expect(text(second!)).to.contain('1 of 3 attempts unanswered');
    expect(text(el)).to.contain('2 callbacks');
    expect(text(el)).to.contain('Times in Europe/Madrid.');
    expect($(el, 'nav a[aria-current=page]')!.textContent).to.equal('To call');
  });

  it('on a phone (375 px wide), a long name or address wraps inside the card instead of running past the screen', async () => {
    fake = await useFake('es');
    const long = cb(3, { name: 'María de los Ángeles Fernández-Villaverde', email: 'maria.de.los.angeles.fernandez-villaverde@correo-de-empresa.example.com', notes: 'Quiere hablar de la factura de octubre' });
    fake.on('GET /staff/callbacks', () => ({ status: 200, body: { timeZone: 'Europe/Madrid', callbacks: [long, ...LIST] } }));
    await setViewport({ width: 375, height: 812 });
    try {
      const el = fixture<AyudaCallbacks>('<ayuda-callbacks></ayuda-callbacks>');
      await waitFor(() => $$(el, 'ol.list > li').length === 3, 'the callbacks');
      await expectAccessible(el, 'narrow');
      // The address widened the card to 496 px, its form and buttons past the screen.
      const edge = el.getBoundingClientRect().right;
      const past = $$(el, 'ol.list *').filter((x) => x.getBoundingClientRect().right > edge + 0.5);
      expect(past.map((x) => x.localName)).to.deep.equal([]);
      expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('records an attempt from the keyboard: no outcome is refused in place, an unanswered one stays, reaching the customer closes it', async () => {
    fake = await useFake('en');
    let list = LIST.map((x) => ({ ...x }));
    fake.on('GET /staff/callbacks', () => ({ status: 200, body: { timeZone: 'Europe/Madrid', callbacks: list } }));
    fake.on('POST /staff/callbacks/:id/attempts', (c) => {
      const id = c.path.split('/')[3]!;
      const body = c.body as { outcome: StaffCallback['attempts'][number]['outcome']; note?: string };
      const item = list.find((x) => x.id === id)!;
      const after: StaffCallback = { ...item, status: body.outcome === 'reached' ? 'done' : 'waiting', attempts: [...item.attempts, { at: '2026-11-23T11:30:00.000Z', by: 'Ana Agente', outcome: body.outcome, note: body.note ?? null }] };
      list = list.map((x) => (x.id === id ? after : x)).filter((x) => x.status === 'waiting');
      return { status: 201, body: after };
    });
    const el = fixture<AyudaCallbacks>('<ayuda-callbacks></ayuda-callbacks>');
    await waitFor(() => $$(el, 'ol.list > li').length === 2, 'the callbacks');
    const form = () => $$(el, 'ol.list > li')[1]!.querySelector('form')!;
    // Submitted without an outcome: said in place, focus on the first choice, nothing sent.
    form().querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitFor(() => form().querySelector('.error'), 'the error');
    expect(form().querySelector('.error')!.textContent).to.equal('Choose the outcome of the attempt.');
    expect(active()).to.equal(form().querySelector('input[name=outcome]'));
    expect(fake.to('POST /staff/callbacks/:id/attempts')).to.have.length(0);
    await expectAccessible(el, 'the form with its error');
    // The rest with real keystrokes: arrows through the outcomes, Tab to the note and to the button.
    for (let i = 0; i < 3; i++) await sendKeys({ press: 'ArrowRight' });
    expect(form().querySelector<HTMLInputElement>('input[value=busy]')!.checked).to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(active()).to.equal(form().querySelector('textarea'));
    await sendKeys({ type: '  Comunica  ' });
    await sendKeys({ press: 'Tab' });
    expect(active()).to.equal(form().querySelector('button[type=submit]'));
    await sendKeys({ press: 'Enter' });
    await waitFor(() => notices.length === 1, 'the notice');
    expect(notices[0]!.message).to.equal('Attempt recorded for Luis Estándar: Busy.');
    expect(fake.to('POST /staff/callbacks/:id/attempts')[0]!.body).to.deep.equal({ outcome: 'busy', note: 'Comunica' });
    expect(fake.to('POST /staff/callbacks/:id/attempts')[0]!.path).to.equal(`/staff/callbacks/${LIST[1]!.id}/attempts`);
    await waitFor(() => text($$(el, 'ol.list > li')[1]!).includes('2 of 3 attempts unanswered'), 'the attempt shown');
    // Reached: it leaves the waiting list, and the next callback's heading takes the focus.
    const firstForm = $$(el, 'ol.list > li')[0]!.querySelector('form')!;
    firstForm.querySelector<HTMLInputElement>('input[value=reached]')!.checked = true;
    let closed: StaffCallback | null = null;
    el.addEventListener('ayuda-callback-closed', (e) => (closed = (e as CustomEvent<StaffCallback>).detail));
    firstForm.requestSubmit();
    await waitFor(() => $$(el, 'ol.list > li').length === 1, 'the callback gone');
    expect(notices[1]!.message).to.equal('Callback to Eva Prioritaria done.');
    expect(closed!.status).to.equal('done');
    expect(active()).to.equal($$(el, 'ol.list h2')[0]!);
  });

  it('says when someone else closed it first and shows the list as it is (Spanish); done and failed through the tabs', async () => {
    fake = await useFake('es');
    let list = [LIST[1]!];
    fake.on('GET /staff/callbacks', (c) => ({ status: 200, body: { timeZone: 'Europe/Madrid', callbacks: c.query.get('status') === 'failed' ? [cb(3, { status: 'failed', name: 'Sin Respuesta' })] : list } }));
    fake.on('POST /staff/callbacks/:id/attempts', () => {
      list = [];
      return { status: 409, body: { type: 'https://ayuda.dev/problems/conflict', title: 'No longer waiting', status: 409, detail: 'This callback is done already; reload the queue.' } };
    });
    const el = fixture<AyudaCallbacks>('<ayuda-callbacks></ayuda-callbacks>');
    await waitFor(() => $$(el, 'ol.list > li').length === 1, 'the callback');
    expect($(el, 'h1')!.textContent).to.equal('Llamadas pendientes');
    expect(text(el)).to.contain('lunes, 23 de noviembre de 2026, 12:00–14:00 CET');
    const form = $$(el, 'ol.list > li')[0]!.querySelector('form')!;
    form.querySelector<HTMLInputElement>('input[value=reached]')!.checked = true;
    form.requestSubmit();
    await waitFor(() => text(el).includes('No hay llamadas pendientes.'), 'the list reloaded');
    expect(fake.to('GET /staff/callbacks')).to.have.length(2);
    el.view = 'failed';
    await waitFor(() => text(el).includes('Sin Respuesta'), 'the failed ones');
    expect(fake.to('GET /staff/callbacks').at(-1)!.query.get('status')).to.equal('failed');
    const item = $$(el, 'ol.list > li')[0]!;
    expect(item.querySelector('form')).to.equal(null);
    expect(text(item)).to.contain('Fallida');
    expect(text(item)).to.contain('Ningún intento todavía.');
    await expectAccessible(el, 'the failed list');
  });

  it('has an address per tab, and an unknown tab is the waiting list', () => {
    expect(parseRoute('#/callbacks')).to.deep.equal({ name: 'callbacks', view: 'waiting' });
    expect(parseRoute('#/callbacks/failed')).to.deep.equal({ name: 'callbacks', view: 'failed' });
    expect(parseRoute('#/callbacks/lost')).to.deep.equal({ name: 'callbacks', view: 'waiting' });
    expect(routeHref({ name: 'callbacks', view: 'done' })).to.equal('#/callbacks/done');
    expect(routeHref({ name: 'callbacks', view: 'waiting' })).to.equal('#/callbacks');
  });
});
