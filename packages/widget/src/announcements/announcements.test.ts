import { expect } from 'chai';
import '../define/ayuda-widget.js';
import '../define/ayuda-case-form.js';
import type { AyudaWidget } from '../widget/widget.js';
import type { AyudaCaseForm } from '../case-form/case-form.js';
import { $, $$, AYUDA, cleanup, expectAccessible, fixture, waitFor } from '../test-helpers.js';
import { serviceFor, type AyudaService } from '../data/service.js';

// Announcements published through the staff API of the test server, withdrawn after each test
// so the other component tests never see them.
const published: number[] = [];
async function publish(body: Record<string, unknown>): Promise<{ id: number }> {
  const res = await fetch(`${AYUDA.server}/api/v1/staff/announcements`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${AYUDA.staffToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ endsAt: new Date(Date.now() + 3_600_000).toISOString(), ...body }),
  });
  expect(res.status).to.equal(201);
  const a = (await res.json()) as { id: number };
  published.push(a.id);
  return a;
}

const service = serviceFor(AYUDA.server);
const realTrack = service.track;

describe('announcements in the widget', () => {
  afterEach(async () => {
    service.track = realTrack;
    cleanup();
    for (const id of published.splice(0)) await fetch(`${AYUDA.server}/api/v1/staff/announcements/${id}/withdraw`, { method: 'POST', headers: { Authorization: `Bearer ${AYUDA.staffToken}` } });
  });

  it('shows the active ones of the panel’s language at the top of home, severity in words, in a polite live region', async () => {
    const es = await publish({ locale: 'es', severity: 'critical', title: 'Avería en Valencia', body: 'Trabajamos en ello, hora estimada 18:00.' });
    await publish({ locale: 'en', severity: 'info', title: 'Maintenance tonight', body: 'From 02:00 to 04:00.' });
    for (const [locale, title, word] of [['es', 'Avería en Valencia', 'Importante:'], ['en', 'Maintenance tonight', 'Information:']] as const) {
      const el = fixture<AyudaWidget>(`<ayuda-widget server="${AYUDA.server}" locale="${locale}"></ayuda-widget>`);
      await el.open();
      const panel = $(el, 'ayuda-panel')!;
      // A polite live region from the start; the list, a named status, comes into it when loaded.
      const live = await waitFor(() => $(panel, '.home .announcements'), 'the live region');
      expect(live.getAttribute('aria-live')).to.equal('polite');
      const region = await waitFor(() => $(live, '[role=status]'), 'the list');
      expect(region.getAttribute('aria-label')).to.equal(locale === 'es' ? 'Avisos' : 'Announcements');
      const items = await waitFor(() => { const l = $$(region, '.ann'); return l.length ? l : null; }, 'an announcement');
      expect(items.map((i) => i.textContent!.replace(/\s+/g, ' ').trim())).to.have.length(1);
      expect(items[0]!.textContent).to.contain(title).and.to.contain(word);
      if (locale === 'es') expect(items[0]!.dataset.announcement).to.equal(String(es.id));
      // Above the heading and the search box: the first thing on home, with room before the heading.
      expect(live.compareDocumentPosition($(panel, '.home-title')!) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
      expect($(panel, '.home-title')!.getBoundingClientRect().top - items.at(-1)!.getBoundingClientRect().bottom).to.be.at.least(12);
      // The severity's icon: an inline SVG in the text's colour, hidden from screen readers (an emoji showed as an empty box without an emoji font).
      const icon = $(items[0]!, '.ann-icon')!;
      expect(icon.getAttribute('aria-hidden')).to.equal('true');
      expect(icon.querySelector('svg')!.namespaceURI).to.equal('http://www.w3.org/2000/svg');
      expect(icon.querySelector('svg')!.getBoundingClientRect().width).to.be.greaterThan(8);
      expect(icon.textContent!.trim()).to.equal('');
      await expectAccessible(el, `announcements ${locale}`);
      cleanup();
    }
  });

  it('shows the announcement of the chosen topic in the case form, and counts a deflection when the customer leaves without sending', async () => {
    const a = await publish({ locale: 'es', severity: 'warning', title: 'Cobros duplicados', body: 'Devolveremos el importe esta semana.', category: 'billing' });
    // What the form asks the shared data service to send.
    const sent: unknown[] = [];
    service.track = function (this: AyudaService, e) {
      sent.push(e);
      return realTrack.call(this, e);
    };
    const el = fixture<AyudaCaseForm>(`<ayuda-case-form server="${AYUDA.server}" locale="es"></ayuda-case-form>`);
    await el.ready;
    const select = await waitFor(() => ($$(el, '#f-category option').length > 1 ? $<HTMLSelectElement>(el, '#f-category') : null), 'the topics');
    const region = $(el, '.announcements')!;
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(region.textContent!.trim()).to.equal('');
    expect($(region, '[role=status]')).to.equal(null);
    select.value = 'outages';
    select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect($$(region, '.ann')).to.have.length(0);
    select.value = 'billing';
    select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    const item = await waitFor(() => $(region, `[data-announcement="${a.id}"]`), 'the topic’s announcement');
    expect(region.textContent).to.contain('Incidencia conocida en este tema');
    expect(item.closest('[role=status]')).to.not.equal(null);
    expect(item.textContent).to.contain('Aviso:').and.to.contain('Cobros duplicados');
    expect($(item, '.ann-icon[aria-hidden=true] svg')!.getBoundingClientRect().width).to.be.greaterThan(8);
    expect($(item, '.ann-icon')!.textContent!.trim()).to.equal('');
    await expectAccessible(el, 'with an announcement');
    expect(sent.filter((e) => (e as { type: string }).type === 'announcement_deflection')).to.deep.equal([]);
    // Leaving the form unsent: one deflection.
    el.remove();
    await waitFor(() => sent.some((e) => (e as { type: string }).type === 'announcement_deflection'), 'the deflection event');
    expect(sent.filter((e) => (e as { type: string }).type === 'announcement_deflection')).to.deep.equal([{ type: 'announcement_deflection', locale: 'es', announcementId: a.id }]);
  });
});
