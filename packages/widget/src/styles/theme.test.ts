import { expect } from 'chai';
import { APPEARANCE_BACKGROUNDS, APPEARANCE_DEFAULTS, APPEARANCE_FONTS, AppearanceSettingsSchema, contrastRatio, embedTheme } from '@ayuda/core';
import '../define/ayuda-widget.js';
import type { AyudaWidget } from '../widget/widget.js';
import { FONT, PALETTE } from './palette.js';
import { tokens } from './tokens.js';
import { WIDGET_DEFAULTS } from '../config.js';
import es from '../i18n/locales/es.js';
import en from '../i18n/locales/en.js';
import { $, AYUDA, cleanup, fixture } from '../test-helpers.js';

// The appearance section's start value (@ayuda/core) is today's widget: if one side changed
// alone, an unchanged theme would restyle every site that embeds it.
describe('the site theme', () => {
  afterEach(cleanup);

  it('starts from the widget’s own look', () => {
    expect(APPEARANCE_DEFAULTS.primary).to.equal(PALETTE.light.primary);
    expect(APPEARANCE_DEFAULTS.onPrimary).to.equal(PALETTE.light['on-primary']);
    expect(tokens).to.include(`--_radius:var(--ayuda-radius,${APPEARANCE_DEFAULTS.radius}px)`);
    expect(FONT).to.include(`--_font:var(--ayuda-font,${APPEARANCE_FONTS.system})`);
    expect(APPEARANCE_DEFAULTS.position).to.equal(WIDGET_DEFAULTS.position);
    expect(APPEARANCE_DEFAULTS.mode).to.equal(WIDGET_DEFAULTS.theme);
    expect(APPEARANCE_DEFAULTS.label).to.deep.equal({ es: es.launcher, en: en.launcher });
    expect(contrastRatio(APPEARANCE_DEFAULTS.primary, APPEARANCE_DEFAULTS.onPrimary)).to.be.at.least(4.5);
    expect(APPEARANCE_BACKGROUNDS).to.deep.equal({ light: PALETTE.light.background, dark: PALETTE.dark.background });
  });

  it('gives the panel’s links the theme’s readable shade in each scheme, and the focus ring follows them', () => {
    const theme = embedTheme(AppearanceSettingsSchema.parse({ ...APPEARANCE_DEFAULTS, primary: '#7a1f5c' }));
    const host = fixture<HTMLElement>('<div></div>');
    const root = host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`${tokens} a { color: var(--_link); outline-color: var(--_focus); }`);
    root.adoptedStyleSheets = [sheet];
    root.innerHTML = '<a href="#x">x</a>';
    for (const [k, v] of Object.entries(theme.css!)) host.style.setProperty(k, v);
    const a = root.querySelector('a')!;
    host.setAttribute('theme', 'light');
    expect(getComputedStyle(a).color).to.equal('rgb(122, 31, 92)');
    host.setAttribute('theme', 'dark');
    expect(theme.css!['--ayuda-color-link-dark']).to.equal('#af799d');
    expect(getComputedStyle(a).color).to.equal('rgb(175, 121, 157)');
    expect(getComputedStyle(a).outlineColor).to.equal('rgb(175, 121, 157)');
    // Without a theme, dark mode keeps its own palette.
    for (const k of Object.keys(theme.css!)) host.style.removeProperty(k);
    expect(getComputedStyle(a).color).to.equal('rgb(156, 192, 255)');
  });

  it('shows the theme’s colours, radius, font and label on the launcher, and follows a change of language', async () => {
    const theme = embedTheme(AppearanceSettingsSchema.parse({ ...APPEARANCE_DEFAULTS, primary: '#7a1f5c', radius: 3, font: 'serif', label: { es: '¿Dudas?', en: 'Questions?' } }));
    const el = document.createElement('ayuda-widget') as AyudaWidget;
    el.setAttribute('server', AYUDA.server);
    el.setAttribute('preload', 'interaction');
    el.setAttribute('locale', 'es');
    for (const [k, v] of Object.entries(theme.css!)) el.style.setProperty(k, v);
    el.launcherLabels = theme.label;
    fixture<HTMLElement>('<div></div>').append(el);
    const button = $<HTMLButtonElement>(el, '[part=launcher]')!;
    const cs = getComputedStyle(button);
    expect(cs.backgroundColor).to.equal('rgb(122, 31, 92)');
    expect(cs.borderTopLeftRadius).to.equal('6px');
    expect(cs.fontFamily).to.match(/^Georgia/);
    expect(button.textContent!.trim()).to.equal('¿Dudas?');
    el.setAttribute('locale', 'en');
    expect(button.textContent!.trim()).to.equal('Questions?');
    el.launcherLabels = undefined;
    el.setAttribute('locale', 'en');
    expect(button.textContent!.trim()).to.equal(en.launcher);
  });
});
