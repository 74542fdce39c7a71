import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import '../define/ayuda-case-form.js';
import type { AyudaCaseForm } from './case-form.js';
import { draftKey } from './draft.js';
import { $, $$, AYUDA, analyticsUntil, active, cleanup, expectAccessible, fixture, nextEvent, waitFor } from '../test-helpers.js';

const mount = (locale: string) => fixture<AyudaCaseForm>(`<ayuda-case-form server="${AYUDA.server}" locale="${locale}"></ayuda-case-form>`);
const field = (el: AyudaCaseForm, name: string) => $<HTMLInputElement>(el, `#f-${name}`)!;
const errorOf = (el: AyudaCaseForm, name: string) => $(el, `#f-${name}-error`)?.textContent?.trim() ?? '';
const alertText = (el: AyudaCaseForm) => $(el, '[role=alert]')!.textContent!.trim();

/** Types like a person would (input events), through the form's own listener. */
function fill(el: AyudaCaseForm, name: string, value: string): void {
  const f = field(el, name);
  f.value = value;
  f.dispatchEvent(new Event(f.localName === 'select' ? 'change' : 'input', { bubbles: true, composed: true }));
}

function fillValid(el: AyudaCaseForm, subject = 'No me llega la factura'): void {
  fill(el, 'name', 'Lucía Pérez');
  fill(el, 'email', `lucia+${Math.random().toString(36).slice(2, 8)}@example.com`);
  fill(el, 'subject', subject);
  fill(el, 'description', 'Desde hace dos meses no recibo la factura por correo electrónico.');
}

const realFetch = window.fetch;

describe('<ayuda-case-form>', () => {
  beforeEach(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('ayuda:case-draft:')) localStorage.removeItem(k);
  });
  afterEach(() => {
    window.fetch = realFetch;
    cleanup();
  });

  it('is labelled, says what files it takes, hides the honeypot, and has no axe violations when empty', async () => {
    const el = mount('es');
    await el.ready;
    expect(field(el, 'name').labels?.[0]?.textContent).to.equal('Tu nombre');
    expect(field(el, 'email').labels?.[0]?.textContent).to.equal('Correo electrónico');
    expect($(el, '#f-attachments-hint')!.textContent).to.match(/5 archivos de 10 MB.*PDF/);
    const hp = field(el, 'website');
    expect(hp.tabIndex).to.equal(-1);
    expect(hp.closest('[aria-hidden=true]')).to.not.equal(null);
    await waitFor(() => $$(el, '#f-category option').length > 1, 'the topics');
    await expectAccessible(el, 'empty');
  });

  it('shows a message next to each wrong field, announced, in Spanish and in English', async () => {
    const expected = {
      es: { name: 'Escribe tu nombre.', email: 'Escribe un correo electrónico válido, como nombre@ejemplo.com.', subject: 'Escribe un asunto de al menos 3 caracteres.', description: 'Describe lo que ha pasado en al menos 10 caracteres.', summary: 'Corrige 4 campos.' },
      en: { name: 'Enter your name.', email: 'Enter a valid email address, such as name@example.com.', subject: 'Write a subject of at least 3 characters.', description: 'Describe what happened in at least 10 characters.', summary: 'Please correct 4 fields.' },
    };
    for (const locale of ['es', 'en'] as const) {
      const el = mount(locale);
      await el.ready;
      fill(el, 'email', 'not-an-address');
      fill(el, 'subject', 'Hi');
      $<HTMLButtonElement>(el, '[part=submit-button]')!.click();
      await el.updateComplete;
      const e = expected[locale];
      for (const f of ['name', 'email', 'subject', 'description'] as const) {
        expect(errorOf(el, f), `${locale} ${f}`).to.equal(e[f]);
        expect(field(el, f).getAttribute('aria-invalid')).to.equal('true');
        expect(field(el, f).getAttribute('aria-describedby')).to.contain(`f-${f}-error`);
      }
      expect(alertText(el)).to.equal(e.summary);
      await waitFor(() => active() === field(el, 'name'), 'focus on the first wrong field');
      await expectAccessible(el, `errors (${locale})`);
      // Fixing a field clears its message as the customer types.
      fill(el, 'name', 'Ana');
      await el.updateComplete;
      expect(errorOf(el, 'name')).to.equal('');
      cleanup();
    }
  });

  it('is usable with the keyboard alone', async () => {
    const el = mount('en');
    await el.ready;
    field(el, 'name').focus();
    await sendKeys({ type: 'Ana' });
    await sendKeys({ press: 'Tab' });
    expect(active()).to.equal(field(el, 'email'));
    await sendKeys({ type: 'ana@example.com' });
    await sendKeys({ press: 'Tab' });
    expect(active()).to.equal(field(el, 'category'));
    await sendKeys({ press: 'Tab' });
    expect(active()).to.equal(field(el, 'subject'));
    await sendKeys({ press: 'Tab' });
    expect(active()).to.equal(field(el, 'description'));
    // Enter in a text field sends the form (here: not yet valid, so focus goes to the problem).
    field(el, 'subject').focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => active() === field(el, 'subject'), 'focus on the subject');
    expect(errorOf(el, 'subject')).to.match(/at least 3/);
    expect(errorOf(el, 'description')).to.match(/at least 10/);
    const draft = JSON.parse(localStorage.getItem(draftKey(AYUDA.server, 'en'))!);
    expect(draft.fields).to.include({ name: 'Ana', email: 'ana@example.com' });
  });

  it('keeps the draft and its Idempotency-Key across a re-mount (a reload or closed tab)', async () => {
    const el = mount('es');
    await el.ready;
    fill(el, 'name', 'Lucía');
    fill(el, 'subject', 'Router sin luz');
    fill(el, 'description', 'El router no enciende desde ayer por la tarde.');
    const key = el.idempotencyKey;
    expect(key).to.match(/^[\w-]{20,}$/);
    cleanup();
    const again = mount('es');
    await again.ready;
    expect(field(again, 'name').value).to.equal('Lucía');
    expect(field(again, 'subject').value).to.equal('Router sin luz');
    expect(field(again, 'description').value).to.equal('El router no enciende desde ayer por la tarde.');
    expect(again.idempotencyKey).to.equal(key);
    // Another language is another draft.
    const en = mount('en');
    await en.ready;
    expect(field(en, 'name').value).to.equal('');
  });

  it('after a network failure keeps the text, offers a retry, and the retry sends the same Idempotency-Key', async () => {
    const el = mount('es');
    await el.ready;
    fillValid(el);
    const keys: string[] = [];
    let failures = 1;
    window.fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith('/api/v1/cases') && init?.method === 'POST') {
        keys.push(new Headers(init.headers).get('Idempotency-Key') ?? '');
        if (failures-- > 0) throw new TypeError('Failed to fetch');
      }
      return realFetch(input, init);
    };
    $<HTMLButtonElement>(el, '[part=submit-button]')!.click();
    await waitFor(() => $(el, '[part=retry-button]'), 'the retry button');
    expect(alertText(el)).to.equal('No hemos podido enviar tu consulta: ha fallado la conexión. Tu texto se conserva; inténtalo de nuevo.');
    expect(field(el, 'subject').value).to.equal('No me llega la factura');
    expect(localStorage.getItem(draftKey(AYUDA.server, 'es'))).to.contain('No me llega la factura');
    await expectAccessible(el, 'failed');

    const created = nextEvent<{ reference: string; trackingUrl: string }>(el, 'ayuda-case-created');
    $<HTMLButtonElement>(el, '[part=retry-button]')!.click();
    const { detail } = await created;
    expect(keys).to.have.length(2);
    expect(keys[1]).to.equal(keys[0]);
    expect(detail.reference).to.match(/^[A-Z]+-\d{6,}$/);
    expect(detail.trackingUrl).to.match(/\/help\/es\/cases\/[\w-]{20,}$/);
    await el.updateComplete;
    const done = $(el, '[part=confirmation]')!;
    expect(done.textContent).to.contain(detail.reference);
    expect(done.textContent).to.contain('Hemos enviado a lucia+');
    expect($<HTMLAnchorElement>(el, '[part=track-link]')!.href).to.equal(detail.trackingUrl);
    expect(localStorage.getItem(draftKey(AYUDA.server, 'es')), 'the draft is gone once confirmed').to.equal(null);
    await waitFor(() => active()?.localName === 'h2', 'focus on the confirmation');
    await expectAccessible(el, 'success');

    // Only one case was made: the staff queue has it once.
    const res = await realFetch(`${AYUDA.server}/api/v1/staff/cases/${detail.reference}`, { headers: { Authorization: `Bearer ${AYUDA.staffToken}` } });
    expect(res.status).to.equal(200);
    const prev = `${detail.reference.split('-')[0]}-${String(Number(detail.reference.split('-')[1]) + 1).padStart(6, '0')}`;
    expect((await realFetch(`${AYUDA.server}/api/v1/staff/cases/${prev}`, { headers: { Authorization: `Bearer ${AYUDA.staffToken}` } })).status).to.equal(404);
  });

  it('says "sending" while the request is on its way, without losing focus', async () => {
    const el = mount('en');
    await el.ready;
    fillValid(el, 'Sending state check');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    window.fetch = async (input, init) => {
      if (String(input).endsWith('/api/v1/cases')) await gate;
      return realFetch(input, init);
    };
    const button = $<HTMLButtonElement>(el, '[part=submit-button]')!;
    button.focus();
    button.click();
    await waitFor(() => button.getAttribute('aria-disabled') === 'true', 'the sending state');
    expect(button.textContent!.trim()).to.equal('Sending…');
    expect(active()).to.equal(button);
    await expectAccessible(el, 'sending');
    const created = nextEvent(el, 'ayuda-case-created');
    release();
    await created;
  });

  it('suggests nothing for a subject the articles do not answer', async () => {
    const el = mount('es');
    await el.ready;
    fill(el, 'subject', 'contrasena del wifi');
    await waitFor(() => $$(el, '[part=suggestion]').length > 0, 'suggestions for a real question first');
    fill(el, 'subject', 'receta de paella');
    await waitFor(() => $$(el, '[part=suggestion]').length === 0, 'no suggestions');
    expect($(el, '[part=suggestions]')?.textContent?.trim() ?? '').to.not.contain('Wi-Fi');
    await expectAccessible(el, 'no suggestions');
  });

  it('suggests articles while the customer types; "this answered my question" ends the flow and records a deflection', async () => {
    const el = mount('es');
    await el.ready;
    fill(el, 'subject', 'contrasena del wifi');
    await waitFor(() => $$(el, '[part=suggestion]').length > 0, 'suggestions');
    expect($(el, '[part=suggestion] a')!.textContent).to.contain('Wi-Fi');
    expect($<HTMLAnchorElement>(el, '[part=suggestion] a')!.href).to.match(/\/help\/es\/articles\/[\w-]+$/);
    await expectAccessible(el, 'suggestions');
    const slug = $<HTMLAnchorElement>(el, '[part=suggestion] a')!.href.split('/').pop()!;

    const navigate = nextEvent<{ slug: string }>(el, 'ayuda-navigate');
    el.addEventListener('ayuda-navigate', (e) => e.preventDefault(), { once: true });
    $<HTMLAnchorElement>(el, '[part=suggestion] a')!.click();
    expect((await navigate).detail.slug).to.equal(slug);

    const deflected = nextEvent<{ slug: string; locale: string; query: string }>(el, 'ayuda-deflected');
    $<HTMLButtonElement>(el, '[part=answered-button]')!.click();
    const { detail } = await deflected;
    expect(detail).to.deep.equal({ locale: 'es', slug, query: 'contrasena del wifi' });
    await el.updateComplete;
    expect($(el, '[part=confirmation] h2')!.textContent).to.equal('¡Nos alegra que te haya servido!');
    expect(localStorage.getItem(draftKey(AYUDA.server, 'es'))).to.equal(null);
    await expectAccessible(el, 'deflected');
    await analyticsUntil((a) => (a.totals as { deflections?: number }).deflections! >= 1, 'es');
  });

  it('maps the server’s per-field errors to messages next to the field (a file the server refuses)', async () => {
    const el = mount('en');
    await el.ready;
    fillValid(el, 'Attachment check');
    // A type the browser does not know is left to the server, which looks at the content.
    const file = new File([new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00])], 'setup.bin', { type: '' });
    const input = field(el, 'attachments');
    const dt = new DataTransfer();
    dt.items.add(file);
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect($(el, '[part=files]')!.textContent).to.contain('setup.bin');
    $<HTMLButtonElement>(el, '[part=submit-button]')!.click();
    await waitFor(() => errorOf(el, 'attachments'), 'the attachment error');
    expect(errorOf(el, 'attachments')).to.equal('“setup.bin” could not be attached: use images, PDF or plain text of at most 10 MB.');
    expect(field(el, 'attachments').getAttribute('aria-invalid')).to.equal('true');
    expect(alertText(el)).to.equal(errorOf(el, 'attachments'));
    await expectAccessible(el, 'server errors');
  });

  it('shows the verification checkbox only when the server asks for a captcha, and requires it', async () => {
    // Another spelling of the server gets its own data service, whose client uses this fetch.
    const server = AYUDA.server.replace('127.0.0.1', 'localhost');
    window.fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith('/api/v1/settings')) return new Response(JSON.stringify({ company: 'Nubefibra', captcha: { cases: true }, caseLimits: {}, fastlane: { enabled: false } }), { headers: { 'Content-Type': 'application/json' } });
      return realFetch(input, init);
    };
    const el = fixture<AyudaCaseForm>(`<ayuda-case-form server="${server}" locale="en"></ayuda-case-form>`);
    await el.ready;
    await waitFor(() => $(el, '#captcha-box altcha-widget'), 'the captcha widget', 10_000);
    expect($(el, '#captcha-label')!.textContent).to.equal('Verification');
    fillValid(el, 'Captcha check');
    $<HTMLButtonElement>(el, '[part=submit-button]')!.click();
    await el.updateComplete;
    expect($(el, '#f-captcha-error')!.textContent).to.equal('Tick the verification box first.');
    expect(alertText(el)).to.equal('Please correct 1 field.');
    await expectAccessible(el, 'captcha');
  });

  it('refuses files the browser can tell are wrong, before sending', async () => {
    const el = mount('es');
    await el.ready;
    const input = field(el, 'attachments');
    const dt = new DataTransfer();
    dt.items.add(new File(['x'], 'programa.exe', { type: 'application/x-msdownload' }));
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect(errorOf(el, 'attachments')).to.equal('«programa.exe» no es de un tipo aceptado: adjunta imágenes, PDF o texto sin formato.');
    expect($(el, '[part=files]')).to.equal(null);
  });
});
