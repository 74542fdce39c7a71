import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import '../define/ayuda-appearance.js';
import '../define/ayuda-confirm-dialog.js';
import '../define/ayuda-admin.js';
import type { AyudaAdmin } from '../admin/admin.js';
import { parseRoute } from '../internal/router.js';
import { APPEARANCE_DEFAULTS, AppearanceSettingsSchema, embedTheme } from '@ayuda/core';
import { applyEmbedTheme, type AyudaAppearance } from './appearance.js';
import { setLocale } from '../internal/localize.js';
import { $, $$, cleanup, expectAccessible, fixture, ME, text, useFake, waitFor, type FakeApi } from '../test-helpers.js';

const VIEW = (over: object = {}, version = 2) => ({
  section: 'appearance',
  value: { ...structuredClone(APPEARANCE_DEFAULTS), primary: '#7a1f5c', ...over },
  source: 'console',
  fields: Object.fromEntries(Object.keys(APPEARANCE_DEFAULTS).map((k) => [k, 'console'])),
  startValue: structuredClone(APPEARANCE_DEFAULTS),
  startSource: 'default',
  version,
  updatedAt: '2026-12-01T10:00:00Z',
  updatedBy: { actor: 'user:1', name: 'Ana' },
});
const REVISIONS = [
  { id: 5, section: 'appearance', value: VIEW().value, version: 2, changedBy: 'user:1', changedByName: 'Ana', changedAt: '2026-12-01T10:00:00Z' },
  { id: 4, section: 'appearance', value: { ...structuredClone(APPEARANCE_DEFAULTS), primary: '#1b5e20' }, version: 1, changedBy: 'user:1', changedByName: 'Ana', changedAt: '2026-11-30T10:00:00Z' },
];

const field = (el: Element, name: string) => $<HTMLInputElement | HTMLSelectElement>(el, `form [name="${name}"]`)!;
function type(el: Element, name: string, value: string): void {
  const input = field(el, name);
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}
const errorOf = (el: Element, name: string) => {
  const input = field(el, name);
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.startsWith('err-'));
  return ids.length ? text($(el, `#${ids[0]}`)) : '';
};

describe('ayuda-appearance', () => {
  let fake: FakeApi;
  beforeEach(async () => {
    fake = await useFake('en');
    fake.on('GET /staff/settings/appearance', () => ({ status: 200, body: VIEW() }));
    fake.on('GET /staff/settings/appearance/revisions', () => ({ status: 200, body: { revisions: REVISIONS } }));
  });
  afterEach(cleanup);

  async function mount(): Promise<AyudaAppearance> {
    const el = fixture<AyudaAppearance>('<ayuda-appearance></ayuda-appearance>');
    await waitFor(() => $(el, 'form'), 'the form');
    return el;
  }

  it('is the admin screen’s appearance tab, at #/admin/appearance', async () => {
    expect(parseRoute('#/admin/appearance')).to.deep.equal({ name: 'admin', tab: 'appearance', query: '' });
    const admin = fixture<AyudaAdmin>('<ayuda-admin></ayuda-admin>');
    admin.user = { ...ME, role: 'admin' };
    admin.tab = 'appearance';
    await admin.updateComplete;
    const link = $<HTMLAnchorElement>(admin, 'nav a[aria-current=page]')!;
    expect(text(link)).to.equal('Widget appearance');
    expect(link.getAttribute('href')).to.equal('#/admin/appearance');
    const screen = await waitFor(() => $(admin, 'ayuda-appearance'), 'the screen');
    await waitFor(() => $(screen, 'form'), 'its form');
  });

  it('fits a 320 px phone: no field runs past the screen', async () => {
    await setViewport({ width: 320, height: 640 });
    try {
      const el = await mount();
      // A fieldset and its grid were as wide as the longest control (351 px).
      const past = $$(el, 'form *').filter((x) => x.getBoundingClientRect().right > innerWidth + 0.5);
      expect(past.map((x) => x.localName)).to.deep.equal([]);
      const page = document.scrollingElement!;
      expect(page.scrollWidth).to.be.at.most(page.clientWidth);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('shows every field with its value, the preview frame, the snippet and the history, accessibly', async () => {
    const el = await mount();
    expect(field(el, 'primary').value).to.equal('#7a1f5c');
    expect(field(el, 'onPrimary').value).to.equal('#ffffff');
    expect(field(el, 'radius').value).to.equal('12');
    expect(field(el, 'font').value).to.equal('system');
    expect(field(el, 'position').value).to.equal('bottom-right');
    expect(field(el, 'label.es').value).to.equal('Ayuda');
    expect(field(el, 'label.en').value).to.equal('Help');
    expect(field(el, 'mode').value).to.equal('auto');
    const frame = $<HTMLIFrameElement>(el, 'iframe')!;
    expect(frame.title).to.equal('Widget preview');
    expect(new URL(frame.src).pathname).to.equal('/widget/preview');
    expect(text($(el, 'pre'))).to.equal(`<script type="module" src="${location.origin}/embed.js" async></script>`);
    expect($$(el, 'li')).to.have.length(2);
    // The newest revision is the value in effect: only the older one can be restored.
    expect($$(el, 'li button')).to.have.length(1);
    // Nothing changed yet: nothing to save.
    expect(($(el, 'button[type=submit]') as HTMLButtonElement).disabled).to.equal(true);
    await expectAccessible(el, 'loaded');
  });

  it('marks bad input at its fields and sends nothing: an unreadable colour pair, url() in a font, a long label', async () => {
    const el = await mount();
    type(el, 'primary', '#ffe082');
    await el.updateComplete;
    expect(field(el, 'onPrimary').getAttribute('aria-invalid')).to.equal('true');
    expect(errorOf(el, 'onPrimary')).to.match(/Contrast 1\.\d+:1: too low \(at least 4\.5:1\)/);
    expect(text(el)).to.match(/Contrast 1\.\d+:1: too low/);
    type(el, 'font', 'custom');
    await el.updateComplete;
    type(el, 'customFont', 'x, url(https://evil.example/f.woff)');
    const long = field(el, 'label.es');
    long.removeAttribute('maxlength');
    type(el, 'label.es', 'x'.repeat(30));
    await el.updateComplete;
    expect(errorOf(el, 'customFont')).to.match(/url\(\)/);
    expect(errorOf(el, 'label.es')).to.not.equal('');
    await expectAccessible(el, 'with errors');
    ($(el, 'form') as HTMLFormElement).requestSubmit();
    await waitFor(() => el.shadowRoot!.activeElement?.getAttribute('aria-invalid') === 'true', 'the focus on the first bad field');
    expect(fake.to('PUT /staff/settings/appearance')).to.have.length(0);
    // The button picks a readable text colour, and the pair is fine again.
    ($$<HTMLButtonElement>(el, 'button').find((b) => /white or black/.test(b.textContent!)))!.click();
    await el.updateComplete;
    expect(field(el, 'onPrimary').value).to.equal('#000000');
    expect(errorOf(el, 'onPrimary')).to.equal('');
  });

  it('says what is wrong in Spanish too', async () => {
    await setLocale('es');
    try {
      const el = await mount();
      type(el, 'primary', '#ffe082');
      type(el, 'font', 'custom');
      await el.updateComplete;
      type(el, 'customFont', 'x, url(https://evil.example/f.woff)');
      await el.updateComplete;
      expect(errorOf(el, 'onPrimary')).to.match(/^Contraste 1,\d+:1: demasiado bajo/);
      expect(errorOf(el, 'customFont')).to.match(/^Escribe nombres de fuentes separados por comas/);
    } finally {
      await setLocale('en');
    }
  });

  it('saves the whole value with If-Match, shows the server’s 422 at the fields, and says so on 412', async () => {
    const el = await mount();
    fake.on('PUT /staff/settings/appearance', () => ({
      status: 422,
      body: { type: 'https://ayuda.dev/problems/validation-error', title: 'Invalid', status: 422, errors: [{ field: 'body.label.en', message: 'Too long for the server' }] },
    }));
    type(el, 'label.en', 'Questions?');
    type(el, 'radius', '4');
    await el.updateComplete;
    ($(el, 'form') as HTMLFormElement).requestSubmit();
    await waitFor(() => errorOf(el, 'label.en') === 'Too long for the server', 'the server’s message at the field');
    const put = fake.to('PUT /staff/settings/appearance')[0]!;
    expect(put.headers.get('if-match')).to.equal('"2"');
    expect(put.body).to.deep.equal({ ...VIEW().value, radius: 4, label: { es: 'Ayuda', en: 'Questions?' } });

    fake.on('PUT /staff/settings/appearance', () => ({ status: 412, body: { type: 'https://ayuda.dev/problems/precondition-failed', title: 'Precondition failed', status: 412 } }));
    ($(el, 'form') as HTMLFormElement).requestSubmit();
    await waitFor(() => /Someone else changed/.test(text($(el, '[role=alert]'))), 'the stale notice');

    fake.on('GET /staff/settings/appearance', () => ({ status: 200, body: VIEW({ radius: 4, label: { es: 'Ayuda', en: 'Questions?' } }, 3) }));
    fake.on('PUT /staff/settings/appearance', (c) => ({ status: 200, body: { ...VIEW(c.body as object, 4) } }));
    ($$<HTMLButtonElement>(el, '[role=alert] button')[0]!).click();
    await waitFor(() => !$(el, '[role=alert]') && field(el, 'radius').value === '4', 'reloaded');
    type(el, 'mode', 'dark');
    ($(el, 'form') as HTMLFormElement).requestSubmit();
    await waitFor(() => fake.to('PUT /staff/settings/appearance').length === 3);
    expect(fake.to('PUT /staff/settings/appearance')[2]!.headers.get('if-match')).to.equal('"3"');
    await waitFor(() => ($(el, 'button[type=submit]') as HTMLButtonElement).disabled, 'saved: nothing left to save');
  });

  it('restores an older revision after asking', async () => {
    const el = await mount();
    fake.on('POST /staff/settings/appearance/revisions/:id/restore', () => ({ status: 200, body: VIEW({ primary: '#1b5e20' }, 3) }));
    $<HTMLButtonElement>(el, 'li button')!.click();
    const dialog = await waitFor(() => $(document.querySelector('ayuda-confirm-dialog')!, 'dialog[open]'), 'the question');
    ($(dialog, 'button.primary') as HTMLButtonElement).click();
    await waitFor(() => field(el, 'primary').value === '#1b5e20', 'the restored value');
    const call = fake.to('POST /staff/settings/appearance/revisions/:id/restore')[0]!;
    expect(call.path).to.equal('/staff/settings/appearance/revisions/4/restore');
    expect(call.headers.get('if-match')).to.equal('"2"');
  });

  it('restyles a live widget with a theme, and clears what an earlier theme set', () => {
    const el = document.createElement('div') as unknown as HTMLElement & { launcherLabels?: Record<string, string>; open(): Promise<void> };
    const dark = embedTheme(AppearanceSettingsSchema.parse({ ...APPEARANCE_DEFAULTS, primary: '#7a1f5c', radius: 3, mode: 'dark', position: 'bottom-left', label: { es: '¿Dudas?', en: 'Questions?' } }));
    applyEmbedTheme(el, dark, 'en');
    expect(el.style.getPropertyValue('--ayuda-color-primary')).to.equal('#7a1f5c');
    expect(el.style.getPropertyValue('--ayuda-launcher-radius')).to.equal('6px');
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(el.getAttribute('position')).to.equal('bottom-left');
    expect(el.getAttribute('locale')).to.equal('en');
    expect(el.launcherLabels).to.deep.equal({ es: '¿Dudas?', en: 'Questions?' });
    applyEmbedTheme(el, embedTheme(AppearanceSettingsSchema.parse(APPEARANCE_DEFAULTS)), 'es');
    expect(el.style.getPropertyValue('--ayuda-color-primary')).to.equal('');
    expect(el.getAttribute('theme')).to.equal(null);
    expect(el.getAttribute('position')).to.equal(null);
    expect(el.launcherLabels).to.equal(undefined);
  });
});
