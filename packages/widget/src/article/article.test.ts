import { expect } from 'chai';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../define/ayuda-article.js';
import type { AyudaArticle } from './article.js';
import { $, $$, AYUDA, active, analyticsUntil, cleanup, expectAccessible, fixture, nextEvent, waitFor } from '../test-helpers.js';

const mount = (slug: string, locale = 'es') => fixture<AyudaArticle>(`<ayuda-article server="${AYUDA.server}" locale="${locale}" slug="${slug}"></ayuda-article>`);
const title = (el: AyudaArticle) => $(el, 'h2')?.textContent?.trim();
const loaded = (el: AyudaArticle) => waitFor(() => title(el), 'the article');

describe('<ayuda-article>', () => {
  afterEach(async () => {
    cleanup();
    await emulateMedia({ colorScheme: 'light' });
  });

  it('renders the sanitised article, its date through Intl, related articles and the other language; no axe violations', async () => {
    const viewed = new Promise<CustomEvent>((resolve) => document.addEventListener('ayuda-article-view', (e) => resolve(e as CustomEvent), { once: true }));
    const el = mount('cambiar-nombre-contrasena-wifi');
    expect(await loaded(el)).to.equal('Cambiar el nombre y la contraseña del Wi-Fi');
    expect((await viewed).detail).to.deep.equal({ locale: 'es', slug: 'cambiar-nombre-contrasena-wifi', title: 'Cambiar el nombre y la contraseña del Wi-Fi' });
    expect($(el, '[part=meta]')!.textContent).to.match(/^Actualizado el \d{1,2} de [a-z]+ de \d{4}$/);
    expect($(el, '[part=content] h2')).to.exist;
    expect($(el, '[part=content] script')).to.not.exist;
    expect($$(el, '[part=related] a').length).to.be.greaterThan(0);
    const other = $<HTMLAnchorElement>(el, '[part=translation] a')!;
    expect(other.textContent!.replace(/\s+/g, ' ').trim()).to.match(/^Leer en inglés /);
    expect(other.hreflang).to.equal('en');
    // Links in the article point at the server, not at the host page.
    for (const a of $$<HTMLAnchorElement>(el, '[part=content] a[href]')) expect(a.href.startsWith('http')).to.equal(true);
    await expectAccessible(el, 'article');
    await emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(el, 'article, dark');
  });

  it('switches to the other language in place', async () => {
    const el = mount('cambiar-nombre-contrasena-wifi');
    await loaded(el);
    $<HTMLAnchorElement>(el, '[part=translation] a')!.click();
    await waitFor(() => title(el) === 'Change your Wi-Fi name and password', 'the English article');
    expect(el.currentLocale).to.equal('en');
    expect($(el, '[part=meta]')!.textContent).to.match(/^Updated [A-Z][a-z]+ \d{1,2}, \d{4}$/);
  });

  it('opens a related article in place, and lets a parent route it instead', async () => {
    const el = mount('cambiar-nombre-contrasena-wifi');
    await loaded(el);
    const first = $<HTMLAnchorElement>(el, '[part=related] a')!;
    const expected = first.textContent!.trim();
    first.click();
    await waitFor(() => title(el) === expected, 'the related article');

    const nav = nextEvent<{ kind: string; slug: string }>(el, 'ayuda-navigate');
    el.addEventListener('ayuda-navigate', (e) => e.preventDefault(), { once: true });
    const before = title(el);
    $<HTMLAnchorElement>(el, '[part=related] a')!.click();
    expect((await nav).detail.kind).to.equal('article');
    expect(title(el)).to.equal(before);
  });

  it('asks "was this helpful?", takes an optional comment, and sends one vote to the server', async () => {
    const el = mount('pagar-factura');
    await loaded(el);
    const yes = $<HTMLButtonElement>(el, '[part~=vote-yes]')!;
    expect(yes.textContent).to.equal('Sí');
    yes.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(yes.getAttribute('aria-pressed')).to.equal('true');
    expect($(el, '.thanks')!.textContent).to.equal('¡Gracias por tu opinión!');
    await expectAccessible(el, 'after voting');
    const sent = nextEvent<{ helpful: boolean; comment?: string; slug: string }>(el, 'ayuda-feedback');
    $<HTMLTextAreaElement>(el, 'textarea')!.focus();
    await sendKeys({ type: 'Muy claro' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    expect((await sent).detail).to.deep.equal({ locale: 'es', slug: 'pagar-factura', helpful: true, comment: 'Muy claro' });
    await el.updateComplete;
    expect($(el, 'textarea')).to.not.exist;
    expect(active()?.classList.contains('thanks')).to.equal(true);
    const report = await analyticsUntil((a) => a.topArticles.some((t) => t.slug === 'pagar-factura' && t.helpful === 1), 'es');
    expect(report.topArticles.find((t) => t.slug === 'pagar-factura')).to.include({ helpful: 1, unhelpful: 0 });
  });

  it('sends a vote without a comment when the reader moves on', async () => {
    const el = mount('pin-puk');
    await loaded(el);
    $<HTMLButtonElement>(el, '[part~=vote-no]')!.click();
    const sent = nextEvent<{ helpful: boolean; comment?: string }>(el, 'ayuda-feedback');
    el.remove();
    expect((await sent).detail).to.deep.equal({ locale: 'es', slug: 'pin-puk', helpful: false });
  });

  it('says when an article does not exist', async () => {
    const el = mount('no-existe');
    await waitFor(() => $(el, '[part=message]')?.textContent?.startsWith('No encontramos'), 'not found');
    await expectAccessible(el, 'not found');
  });
});
