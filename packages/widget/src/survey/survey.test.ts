import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import '../define/ayuda-survey.js';
import '../define/ayuda-case-status.js';
import type { AyudaSurvey } from './survey.js';
import type { AyudaCaseStatus } from '../case-status/case-status.js';
import { $, $$, AYUDA, active, cleanup, expectAccessible, fixture, nextEvent, waitFor } from '../test-helpers.js';

async function solvedCase(locale: 'es' | 'en'): Promise<{ reference: string; trackingToken: string }> {
  const res = await fetch(`${AYUDA.server}/api/v1/cases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ name: 'Marta Ruiz', email: `survey+${Math.random().toString(36).slice(2, 8)}@example.com`, subject: 'Sin línea', description: 'No tengo conexión desde ayer.', locale }),
  });
  expect(res.status).to.equal(201);
  const c = (await res.json()) as { reference: string; trackingToken: string };
  const solved = await fetch(`${AYUDA.server}/api/v1/staff/cases/${c.reference}/status`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${AYUDA.staffToken}` },
    body: JSON.stringify({ status: 'solved' }),
  });
  expect(solved.status).to.equal(200);
  return c;
}

const mount = (token: string, locale = 'es') => fixture<AyudaSurvey>(`<ayuda-survey server="${AYUDA.server}" locale="${locale}" token="${token}"></ayuda-survey>`);
const text = (el: Element) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');

describe('<ayuda-survey>', () => {
  afterEach(() => cleanup());

  it('answers CSAT with one press, then takes one comment (Spanish)', async () => {
    const c = await solvedCase('es');
    const el = mount(c.trackingToken);
    const legend = await waitFor(() => $(el, 'legend'), 'the first question');
    expect(legend.textContent).to.equal('¿Cómo valorarías la atención que has recibido?');
    await expectAccessible(el, 'a survey');
    const buttons = $$(el, 'fieldset')[0]!.querySelectorAll('button');
    expect([...buttons].map((b) => b.textContent)).to.deep.equal(['1', '2', '3', '4', '5']);
    expect(buttons[0]!.getAttribute('aria-label')).to.equal('1: muy insatisfecho');
    const answered = nextEvent<{ question: string; score: number }>(el, 'ayuda-survey-answered');
    buttons[3]!.click();
    expect((await answered).detail).to.deep.include({ question: 'csat', score: 4 });
    await waitFor(() => text(el).includes('Tu respuesta: 4'), 'the answer');
    expect($(el, '[role=status]')!.textContent).to.equal('¡Gracias! Hemos guardado tu respuesta.');
    // Focus moves to the answer's comment box; an empty comment is refused in place.
    const box = await waitFor(() => $<HTMLTextAreaElement>(el, '#c-csat'), 'the comment box');
    expect(active()).to.equal(box);
    box.closest('form')!.querySelector('button')!.click();
    await waitFor(() => $(el, '#e-csat'), 'the error');
    expect($(el, '#e-csat')!.textContent).to.equal('Escribe tu comentario.');
    expect(box.getAttribute('aria-invalid')).to.equal('true');
    box.focus();
    await sendKeys({ type: 'Muy rápidos, gracias.' });
    box.closest('form')!.querySelector('button')!.click();
    await waitFor(() => $(el, 'blockquote'), 'the comment');
    expect($(el, 'blockquote')!.textContent).to.equal('Muy rápidos, gracias.');
    expect($(el, '#c-csat')).to.equal(null);
    await expectAccessible(el, 'answered');
    // The server kept both, and a second answer is refused there too.
    const survey = (await (await fetch(`${AYUDA.server}/api/v1/cases/track/${c.trackingToken}/survey`)).json()) as { questions: Array<{ question: string; token: string; answer: { score: number; comment: string } | null }> };
    const csat = survey.questions.find((q) => q.question === 'csat')!;
    expect(csat.answer).to.deep.include({ score: 4, comment: 'Muy rápidos, gracias.' });
    const again = await fetch(`${AYUDA.server}/api/v1/surveys/answers`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: csat.token, score: 1 }) });
    expect(again.status).to.equal(409);
  });

  it('says an answer given elsewhere was kept (English), and shows the case page’s survey once solved', async () => {
    const c = await solvedCase('en');
    const el = mount(c.trackingToken, 'en');
    await waitFor(() => $(el, 'legend'), 'the first question');
    expect(text(el)).to.contain('Your feedback');
    // Answered in another tab meanwhile (the mail's link):
    const survey = (await (await fetch(`${AYUDA.server}/api/v1/cases/track/${c.trackingToken}/survey`)).json()) as { questions: Array<{ question: string; token: string }> };
    const ces = survey.questions.find((q) => q.question === 'ces')!;
    expect((await fetch(`${AYUDA.server}/api/v1/surveys/answers`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: ces.token, score: 6 }) })).status).to.equal(200);
    const cesButtons = $$(el, 'fieldset')[1]!.querySelectorAll('button');
    expect(cesButtons).to.have.length(7);
    cesButtons[0]!.click();
    await waitFor(() => $(el, '[role=status]')!.textContent === 'This question was answered already; the answer cannot be changed.', 'the conflict');
    await waitFor(() => text(el).includes('Your answer: 6'), 'the kept answer');
    // The case page shows the same survey for a solved case.
    const page = fixture<AyudaCaseStatus>(`<ayuda-case-status server="${AYUDA.server}" locale="en" token="${c.trackingToken}"></ayuda-case-status>`);
    const inner = await waitFor(() => page.shadowRoot!.querySelector('ayuda-survey'), 'the survey in the case page');
    await waitFor(() => inner.shadowRoot?.querySelector('h3')?.textContent === 'Your feedback', 'its heading');
    await expectAccessible(page, 'a solved case with its survey');
  });
});
