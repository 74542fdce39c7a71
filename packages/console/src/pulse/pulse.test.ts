import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import '../define/ayuda-pulse.js';
import type { AyudaPulseQuestion, AyudaPulseReport } from './pulse.js';
import { $, $$, active, cleanup, expectAccessible, fixture, text, useFake, waitFor, type FakeApi } from '../test-helpers.js';

const STATE = { week: '2026-11-16', weekStart: '2026-11-15T23:00:00.000Z', weekEnd: '2026-11-22T23:00:00.000Z', answered: false };
const week = (w: string, answers: number, shown: boolean, extra = {}) => ({
  week: w,
  open: false,
  answers,
  mean: shown ? 3.6 : null,
  distribution: shown ? [0, 1, 1, 2, 1] : null,
  comments: shown ? ['Mucho trabajo, <b>buen</b> equipo.'] : null,
  workload: { casesCreated: 40, casesSolved: 35, staffReplies: 120 },
  ...extra,
});

describe('ayuda-pulse-question', () => {
  let fake: FakeApi;
  afterEach(() => {
    cleanup();
    localStorage.removeItem('ayuda.console.pulse.later');
  });

  it('asks once a week, refuses no score in place, and sends the answer with its comment (English)', async () => {
    fake = await useFake('en');
    fake.on('GET /staff/pulse', () => ({ status: 200, body: STATE }));
    fake.on('POST /staff/pulse', () => ({ status: 201, body: { ...STATE, answered: true } }));
    const el = fixture<AyudaPulseQuestion>('<ayuda-pulse-question></ayuda-pulse-question>');
    await waitFor(() => $(el, 'legend'), 'the question');
    expect($(el, 'legend')!.textContent).to.equal('How was your week with the queue?');
    expect(text(el)).to.contain('Anonymous: nobody can see who answered what');
    await expectAccessible(el, 'the question');
    const form = $<HTMLFormElement>(el, 'form')!;
    form.requestSubmit();
    await waitFor(() => $(el, '#pulse-error'), 'the error');
    expect($(el, '#pulse-error')!.textContent).to.equal('Choose from 1 to 5.');
    expect(fake.to('POST /staff/pulse')).to.have.length(0);
    $$<HTMLInputElement>(el, 'input[name=score]')[3]!.checked = true;
    $<HTMLTextAreaElement>(el, 'textarea')!.value = '  Mucho trabajo, buen equipo.  ';
    let answered = false;
    el.addEventListener('ayuda-pulse-answered', () => (answered = true));
    form.requestSubmit();
    await waitFor(() => text(el).includes('Thank you. Your answer is anonymous.'), 'the thanks');
    expect(fake.to('POST /staff/pulse')[0]!.body).to.deep.equal({ score: 4, comment: 'Mucho trabajo, buen equipo.' });
    expect(answered).to.equal(true);
    expect($(el, 'form')).to.equal(null);
  });

  it('on a phone (375 px wide) is compact: the scores in one row, each still named in full, and the comment behind "Add a comment"; a wide screen keeps it as it was', async () => {
    fake = await useFake('en');
    fake.on('GET /staff/pulse', () => ({ status: 200, body: STATE }));
    fake.on('POST /staff/pulse', () => ({ status: 201, body: { ...STATE, answered: true } }));
    await setViewport({ width: 375, height: 812 });
    try {
      const el = fixture<AyudaPulseQuestion>('<ayuda-pulse-question></ayuda-pulse-question>');
      await waitFor(() => $(el, 'legend'), 'the question');
      await expectAccessible(el, 'narrow question');
      // It took 405 px above the queue.
      expect(el.getBoundingClientRect().height).to.be.below(260);
      const page = document.scrollingElement!;
      expect(page.scrollWidth, 'the page').to.be.at.most(page.clientWidth);
      const radios = $$<HTMLInputElement>(el, 'input[name=score]');
      expect(new Set(radios.map((r) => Math.round(r.getBoundingClientRect().top))).size, 'rows of scores').to.equal(1);
      // Each radio is still named by its whole label.
      expect(radios.map((r) => text(r.closest('label')!.querySelector('.score-word')))).to.deep.equal(['1: very bad', '2: bad', '3: so-so', '4: good', '5: very good']);
      expect(radios.every((r) => r.closest('label')!.querySelector('.score-number')!.getAttribute('aria-hidden') === 'true')).to.equal(true);
      // The comment opens from its button, which says so, and takes the focus.
      const toggle = $$<HTMLButtonElement>(el, 'button').find((b) => text(b) === 'Add a comment')!;
      const comment = $<HTMLTextAreaElement>(el, 'textarea')!;
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(toggle.getAttribute('aria-controls')).to.equal(comment.closest('label')!.id);
      expect(comment.offsetParent === null, 'the comment hidden').to.equal(true);
      toggle.click();
      await waitFor(() => active() === comment, 'the comment focused');
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      await expectAccessible(el, 'narrow question, comment open');
      radios[1]!.checked = true;
      comment.value = 'Busy';
      $<HTMLFormElement>(el, 'form')!.requestSubmit();
      await waitFor(() => fake.to('POST /staff/pulse').length === 1, 'the answer');
      expect(fake.to('POST /staff/pulse')[0]!.body).to.deep.equal({ score: 2, comment: 'Busy' });

      // From 768 px up: the scores with their words, the comment field, no button.
      cleanup();
      await setViewport({ width: 1024, height: 768 });
      const wide = fixture<AyudaPulseQuestion>('<ayuda-pulse-question></ayuda-pulse-question>');
      await waitFor(() => $(wide, 'legend'), 'the question');
      expect($(wide, 'textarea')!.offsetParent === null).to.equal(false);
      expect($$<HTMLButtonElement>(wide, 'button').find((b) => text(b) === 'Add a comment')!.offsetParent === null).to.equal(true);
      expect($(wide, '.score-word')!.getBoundingClientRect().width).to.be.above(20);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('shows nothing once answered, and "Not now" puts it off until next week (Spanish)', async () => {
    fake = await useFake('es');
    fake.on('GET /staff/pulse', () => ({ status: 200, body: { ...STATE, answered: true } }));
    let el = fixture<AyudaPulseQuestion>('<ayuda-pulse-question></ayuda-pulse-question>');
    await waitFor(() => fake.to('GET /staff/pulse').length === 1);
    await el.updateComplete;
    expect($(el, 'form')).to.equal(null);
    cleanup();
    fake.on('GET /staff/pulse', () => ({ status: 200, body: STATE }));
    el = fixture<AyudaPulseQuestion>('<ayuda-pulse-question></ayuda-pulse-question>');
    await waitFor(() => $(el, 'legend'), 'the question');
    expect($(el, 'legend')!.textContent).to.equal('¿Qué tal tu semana con la cola?');
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Ahora no')!.click();
    await el.updateComplete;
    expect($(el, 'form')).to.equal(null);
    cleanup();
    el = fixture<AyudaPulseQuestion>('<ayuda-pulse-question></ayuda-pulse-question>');
    await waitFor(() => fake.to('GET /staff/pulse').length === 3);
    await el.updateComplete;
    expect($(el, 'form'), 'put off this week').to.equal(null);
    cleanup();
    fake.on('GET /staff/pulse', () => ({ status: 200, body: { ...STATE, week: '2026-11-23' } }));
    el = fixture<AyudaPulseQuestion>('<ayuda-pulse-question></ayuda-pulse-question>');
    await waitFor(() => $(el, 'legend'), 'asked again the next week');
  });
});

describe('ayuda-pulse-report', () => {
  afterEach(cleanup);

  it('shows figures only for weeks at or above the floor, beside the workload, with their comments as text (Spanish)', async () => {
    const fake = await useFake('es');
    fake.on('GET /staff/pulse/summary', () => ({
      status: 200,
      body: { floor: 5, timeZone: 'Europe/Madrid', weeks: [week('2026-11-23', 7, false, { open: true }), week('2026-11-16', 5, true), week('2026-11-09', 3, false), week('2026-11-02', 0, false)] },
    }));
    const el = fixture<AyudaPulseReport>('<ayuda-pulse-report></ayuda-pulse-report>');
    await waitFor(() => $$(el, 'tbody tr').length === 4, 'the weeks');
    await expectAccessible(el, 'the report');
    const [open, full, few, none] = $$(el, 'tbody tr');
    // The week under way: its count, and no figure yet (not "too few", though it has 7).
    const meanCell = (row: Element) => row.querySelectorAll('td')[1]!.textContent!.trim();
    expect(meanCell(open!)).to.equal('Semana en curso');
    expect(open!.querySelectorAll('td')[0]!.textContent).to.equal('7');
    expect(meanCell(none!)).to.equal('Sin respuestas');
    expect(meanCell(few!)).to.equal('Pocas respuestas');
    expect(text(full!)).to.contain('3,6');
    expect(text(full!)).to.contain('0 · 1 · 1 · 2 · 1');
    expect(text(full!)).to.contain('40');
    expect(text(few!)).to.contain('Pocas respuestas');
    expect(text(few!)).not.to.contain('3,6');
    const details = $$(el, 'details');
    expect(details).to.have.length(1);
    expect(details[0]!.querySelector('blockquote')!.textContent).to.equal('Mucho trabajo, <b>buen</b> equipo.');
    expect(details[0]!.querySelector('b')).to.equal(null);
    // The fields show the period the table shows: the oldest week's Monday to the newest's Sunday.
    expect([$<HTMLInputElement>(el, '[name=from]')!.value, $<HTMLInputElement>(el, '[name=to]')!.value]).to.deep.equal(['2026-11-02', '2026-11-29']);
    // A period.
    $<HTMLInputElement>(el, '[name=from]')!.value = '2026-09-01';
    $<HTMLFormElement>(el, 'form')!.requestSubmit();
    await waitFor(() => fake.to('GET /staff/pulse/summary').length === 2);
    expect(fake.to('GET /staff/pulse/summary')[1]!.query.get('from')).to.equal('2026-09-01');
    expect(fake.to('GET /staff/pulse/summary')[1]!.query.get('to')).to.equal('2026-11-29');
  });

  it('names the week under way and the weeks without answers (English)', async () => {
    const fake = await useFake('en');
    fake.on('GET /staff/pulse/summary', () => ({
      status: 200,
      body: { floor: 5, timeZone: 'Europe/Madrid', weeks: [week('2026-11-23', 2, false, { open: true }), week('2026-11-16', 6, true), week('2026-11-09', 1, false), week('2026-11-02', 0, false)] },
    }));
    const el = fixture<AyudaPulseReport>('<ayuda-pulse-report></ayuda-pulse-report>');
    await waitFor(() => $$(el, 'tbody tr').length === 4, 'the weeks');
    const means = $$(el, 'tbody tr').map((row) => row.querySelectorAll('td')[1]!.textContent!.trim());
    expect(means).to.deep.equal(['Week under way', '3.6', 'Too few answers', 'No answers']);
    await expectAccessible(el, 'the report');
  });
});
