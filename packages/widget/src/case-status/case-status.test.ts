import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import '../define/ayuda-case-status.js';
import type { AyudaCaseStatus } from './case-status.js';
import { $, $$, AYUDA, active, cleanup, expectAccessible, fixture, nextEvent, waitFor } from '../test-helpers.js';

interface Created {
  reference: string;
  trackingToken: string;
}

async function createCase(locale: 'es' | 'en', description: string): Promise<Created> {
  const res = await fetch(`${AYUDA.server}/api/v1/cases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ name: 'Marta Ruiz', email: `marta+${Math.random().toString(36).slice(2, 8)}@example.com`, subject: '<b>Sin línea</b>', description, locale }),
  });
  expect(res.status).to.equal(201);
  return (await res.json()) as Created;
}

async function staffReply(reference: string, body: string): Promise<void> {
  const res = await fetch(`${AYUDA.server}/api/v1/staff/cases/${reference}/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${AYUDA.staffToken}` },
    body: JSON.stringify({ body }),
  });
  expect(res.status).to.equal(201);
}

const mount = (token: string, locale = 'es', server = AYUDA.server) => fixture<AyudaCaseStatus>(`<ayuda-case-status server="${server}" locale="${locale}" token="${token}"></ayuda-case-status>`);
const text = (el: AyudaCaseStatus) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
const loaded = (el: AyudaCaseStatus) => waitFor(() => $(el, 'h2'), 'the case');

describe('<ayuda-case-status>', () => {
  afterEach(() => cleanup());

  it('shows the reference, status and service in words, due times in the browser’s zone, and the thread as text', async () => {
    const c = await createCase('es', 'Primera línea.\nSegunda línea <script>alert(1)</script>');
    await staffReply(c.reference, 'Hola Marta,\nya lo estamos mirando.');
    const el = mount(c.trackingToken);
    await loaded(el);
    expect($(el, 'h2')!.textContent).to.equal(`Consulta ${c.reference}`);
    expect($(el, '.subject')!.textContent).to.equal('<b>Sin línea</b>');
    const t = text(el);
    expect(t).to.contain('Estado Esperando tu respuesta');
    expect(t).to.contain('Servicio Soporte estándar');
    expect(t).to.contain('Primera respuesta');
    expect(t).to.contain('Horas de la zona horaria de la empresa (Europe/Madrid).');
    const messages = $$(el, '[part~=message]');
    expect(messages).to.have.length(2);
    expect(messages[0]!.getAttribute('part')).to.contain('message-customer');
    expect(messages[0]!.querySelector('.who')!.textContent).to.match(/^Tú /);
    expect(messages[1]!.querySelector('.who')!.textContent).to.contain('(soporte)');
    const body = messages[0]!.querySelector('.body')!;
    expect(body.textContent).to.equal('Primera línea.\nSegunda línea <script>alert(1)</script>');
    expect(body.querySelector('script')).to.equal(null);
    expect(getComputedStyle(body).whiteSpace).to.equal('pre-wrap');
    await expectAccessible(el, 'a case');
  });

  it('shows a team reply as formatted text the server sanitised: links to articles work, nothing hostile runs', async () => {
    const c = await createCase('es', 'Mi mensaje con **asteriscos** y <img src=x onerror=alert(1)>.');
    const hostile = [
      'Hola, mira [cómo reiniciar el router](reiniciar-router).',
      '',
      '- <script>window.pwned = 1</script>',
      '- [pincha](javascript:window.pwned=2)',
      '- <img src=x onerror="window.pwned=3">',
      '- ![x](javascript:alert(1))',
      '<a href="https://evil.example" onclick="window.pwned=4">raw</a>',
    ].join('\n');
    await staffReply(c.reference, hostile);
    const el = mount(c.trackingToken);
    await loaded(el);
    const [mine, team] = $$(el, '[part~=message]');
    // The customer's text stays text.
    expect(mine!.querySelector('.body')!.textContent).to.equal('Mi mensaje con **asteriscos** y <img src=x onerror=alert(1)>.');
    expect(mine!.querySelector('img, strong')).to.equal(null);
    const body = team!.querySelector('.body.md')!;
    const link = body.querySelector<HTMLAnchorElement>('a[href$="/help/es/articles/reiniciar-router"]')!;
    expect(link.textContent).to.equal('cómo reiniciar el router');
    expect(link.href).to.match(/^https?:\/\//);
    expect(body.querySelector('ul')!.children).to.have.length(4);
    expect(body.querySelectorAll('script, iframe, object, svg')).to.have.length(0);
    for (const node of body.querySelectorAll('*')) {
      for (const attr of node.getAttributeNames()) expect(attr, node.outerHTML).not.to.match(/^on/);
      for (const attr of ['href', 'src']) expect(node.getAttribute(attr) ?? '', node.outerHTML).not.to.match(/^\s*javascript:/i);
    }
    expect(body.textContent).to.contain('<script>window.pwned = 1</script>');
    expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined);
    expect(getComputedStyle(body).whiteSpace).to.equal('normal');
    await expectAccessible(el, 'a formatted reply');
  });

  it('sends a reply (and says what is missing first)', async () => {
    const c = await createCase('en', 'The router keeps restarting every hour.');
    const el = mount(c.trackingToken, 'en');
    await loaded(el);
    $<HTMLButtonElement>(el, 'form[part=reply] button[type=submit]')!.click();
    await waitFor(() => $(el, '#reply-error'), 'the reply error');
    expect($(el, '#reply-error')!.textContent).to.equal('Write your reply.');
    expect($(el, '#reply')!.getAttribute('aria-invalid')).to.equal('true');
    await waitFor(() => active() === $(el, '#reply'), 'focus on the reply box');
    await expectAccessible(el, 'reply error');
    await sendKeys({ type: 'It happened again at 10:00.' });
    const updated = nextEvent<{ reference: string }>(el, 'ayuda-case-updated');
    $<HTMLButtonElement>(el, 'form[part=reply] button[type=submit]')!.click();
    expect((await updated).detail.reference).to.equal(c.reference);
    await el.updateComplete;
    expect($$(el, '[part~=message]')).to.have.length(2);
    expect($(el, '[role=alert]')!.textContent!.trim()).to.equal('Your reply was sent.');
    expect(($(el, '#reply') as HTMLTextAreaElement).value).to.equal('');
  });

  it('closes the case after a confirmation, then explains why it takes no reply', async () => {
    const c = await createCase('es', 'Quiero cerrar este caso de prueba.');
    const el = mount(c.trackingToken);
    await loaded(el);
    $<HTMLButtonElement>(el, '#close')!.click();
    await waitFor(() => active() === $(el, '#confirm-yes'), 'focus on the confirmation');
    expect(text(el)).to.contain('¿Cerrar esta consulta?');
    await expectAccessible(el, 'confirm');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' }); // Cancel
    await waitFor(() => active() === $(el, '#close'), 'focus back on "close"');
    $<HTMLButtonElement>(el, '#close')!.click();
    await waitFor(() => $(el, '#confirm-yes'), 'the confirmation');
    $<HTMLButtonElement>(el, '#confirm-yes')!.click();
    await waitFor(() => text(el).includes('Estado Cerrada'), 'the closed status');
    const reply = $<HTMLTextAreaElement>(el, '#reply')!;
    expect(reply.disabled).to.equal(true);
    expect(reply.getAttribute('aria-describedby')).to.equal('reply-hint');
    expect($(el, '#reply-hint')!.textContent).to.contain('ya no admite respuestas');
    expect($(el, '#close')).to.equal(null);
    await expectAccessible(el, 'closed');
  });

  it('says there is no case at an unknown link and offers to mail the links again', async () => {
    const el = mount('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'en');
    await waitFor(() => $(el, '#resend-email'), 'the not-found state');
    expect(text(el)).to.contain('There is no request at this link.');
    await expectAccessible(el, 'not found');
    $<HTMLButtonElement>(el, 'form button[type=submit]')!.click();
    await el.updateComplete;
    expect($(el, '#resend-error')!.textContent).to.equal('Enter your email address.');
    $<HTMLInputElement>(el, '#resend-email')!.value = 'nobody@example.com';
    $<HTMLButtonElement>(el, 'form button[type=submit]')!.click();
    await waitFor(() => $(el, '[role=status]')!.textContent!.trim(), 'the confirmation');
    expect($(el, '[role=status]')!.textContent).to.equal('If there are requests for nobody@example.com, we have sent their links. Check your inbox.');
    await expectAccessible(el, 'links sent');
  });

  it('shows loading, then an offline state with a retry', async () => {
    const el = mount('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'es', 'http://127.0.0.1:9');
    await el.ready;
    await waitFor(() => $(el, '[part=retry-button]'), 'the offline state', 10_000);
    expect($(el, '[part=notice]')!.textContent).to.match(/conexión|cargar/);
    await expectAccessible(el, 'offline');
  });
});
