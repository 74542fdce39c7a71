// The appearance settings: what a theme may hold (nothing that could leave its CSS value), the
// contrast rule, and the theme the server writes into the embed.
import { describe, expect, it } from 'vitest';
import { APPEARANCE_BACKGROUNDS, APPEARANCE_DEFAULTS, APPEARANCE_FONT_NAMES, AppearanceSettingsSchema, contrastRatio, embedTheme, readableOn, readableShade } from './appearance.js';

const base = () => structuredClone(APPEARANCE_DEFAULTS) as unknown as Record<string, unknown> & { label: Record<string, string> };
const issues = (v: unknown) => (AppearanceSettingsSchema.safeParse(v).error?.issues ?? []).map((i) => i.path.join('.'));

describe('appearance settings', () => {
  it('takes today’s widget as its default, with an unchanged embed', () => {
    const v = AppearanceSettingsSchema.parse(APPEARANCE_DEFAULTS);
    expect(v).toEqual(APPEARANCE_DEFAULTS);
    expect(embedTheme(v)).toEqual({});
  });

  it('computes WCAG contrast and picks the readable of white and black', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#0b57d0', '#ffffff')).toBeGreaterThan(4.5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(readableOn('#ffd700')).toBe('#000000');
    expect(readableOn('#0b57d0')).toBe('#ffffff');
  });

  it('refuses an unreadable label colour on the text field, and takes #rgb as #rrggbb', () => {
    expect(issues({ ...base(), primary: '#ffd700', onPrimary: '#ffffff' })).toEqual(['onPrimary']);
    const msg = AppearanceSettingsSchema.safeParse({ ...base(), primary: '#ffd700', onPrimary: '#ffffff' }).error?.issues[0]?.message;
    expect(msg).toMatch(/4\.5:1.*#000000/);
    expect(AppearanceSettingsSchema.parse({ ...base(), primary: '#FD0', onPrimary: '#000' })).toMatchObject({ primary: '#ffdd00', onPrimary: '#000000' });
    for (const bad of ['red', '#12345', '#1234567', 'rgb(0,0,0)', '#0b57d0;background:url(x)', '']) expect(issues({ ...base(), primary: bad }), bad).toContain('primary');
  });

  it('takes font family lists only, never url(), semicolons, braces or escapes', () => {
    for (const good of ['"Open Sans", Arial, sans-serif', 'Inter', "'Fira Sans',system-ui"]) {
      expect(issues({ ...base(), font: 'custom', customFont: good }), good).toEqual([]);
    }
    for (const bad of ['url(https://evil.example/f.woff)', 'Arial; background: red', 'Arial}body{color:red', 'Ari\\61l', '"Open Sans', 'a /* x */', 'x'.repeat(81), 'Arial !important']) {
      expect(issues({ ...base(), font: 'custom', customFont: bad }), bad).toEqual(['customFont']);
    }
    expect(issues({ ...base(), font: 'custom', customFont: '' })).toEqual(['customFont']);
    expect(issues({ ...base(), font: 'comic' })).toEqual(['font']);
    expect(AppearanceSettingsSchema.shape.font.options).toEqual([...APPEARANCE_FONT_NAMES, 'custom']);
  });

  it('bounds the radius and the labels, in both languages, as plain text', () => {
    expect(issues({ ...base(), radius: 25 })).toEqual(['radius']);
    expect(issues({ ...base(), radius: -1 })).toEqual(['radius']);
    expect(issues({ ...base(), radius: 2.5 })).toEqual(['radius']);
    expect(issues({ ...base(), label: { es: 'x'.repeat(21), en: 'Help' } })).toEqual(['label.es']);
    expect(issues({ ...base(), label: { es: 'Ayuda', en: '  ' } })).toEqual(['label.en']);
    expect(issues({ ...base(), label: { es: 'Ayuda\n', en: 'a<b>' } })).toEqual(['label.en']); // trimmed first
    expect(issues({ ...base(), label: { es: 'Ay\tuda', en: 'Help' } })).toEqual(['label.es']);
    expect(issues({ ...base(), label: { es: 'Ayuda' } })).toEqual(['label.en']);
    expect(issues({ ...base(), position: 'top-left' })).toEqual(['position']);
    expect(issues({ ...base(), mode: 'sepia' })).toEqual(['mode']);
    expect(issues({ ...base(), logo: 'x' })).toEqual(['']);
  });

  it('writes only what differs from the built-in look into the embed’s theme', () => {
    const v = AppearanceSettingsSchema.parse({ ...base(), primary: '#c2185b', radius: 4, font: 'serif', position: 'bottom-left', mode: 'dark', label: { es: '¿Dudas?', en: 'Help' } });
    expect(embedTheme(v)).toEqual({
      theme: 'dark',
      position: 'bottom-left',
      css: { '--ayuda-color-primary': '#c2185b', '--ayuda-color-on-primary': '#ffffff', '--ayuda-color-link': '#c2185b', '--ayuda-color-link-dark': '#d45d8c', '--ayuda-radius': '4px', '--ayuda-launcher-radius': '8px', '--ayuda-font': 'Georgia,Cambria,"Times New Roman",Times,serif' },
      label: { es: '¿Dudas?', en: 'Help' },
    });
    expect(embedTheme(AppearanceSettingsSchema.parse({ ...base(), font: 'custom', customFont: ' "Open Sans" ,Arial ' }))).toEqual({ css: { '--ayuda-font': '"Open Sans", Arial' } });
  });

  it('gives links a shade of the brand colour that reads on the panel in each scheme', () => {
    for (const c of ['#ffd700', '#7a1f5c', '#c2185b', '#00bcd4', '#808080', '#000000', '#ffffff', '#0b57d0']) {
      for (const bg of Object.values(APPEARANCE_BACKGROUNDS)) {
        const shade = readableShade(c, bg);
        expect(contrastRatio(shade, bg), `${c} on ${bg}`).toBeGreaterThanOrEqual(4.5);
        if (contrastRatio(c, bg) >= 4.5) expect(shade).toBe(c);
      }
    }
    // Dark shades for the light panel, light ones for the dark panel.
    expect(readableShade('#ffd700', '#ffffff')).toBe('#806c00');
    expect(readableShade('#7a1f5c', '#17191f')).toBe('#af799d');
    // No colour reads at 4.5:1 on both panels: a grey fine on white keeps itself there and gets a lighter shade for dark.
    expect(embedTheme(AppearanceSettingsSchema.parse({ ...base(), primary: '#767676', onPrimary: '#ffffff' })).css).toEqual({ '--ayuda-color-primary': '#767676', '--ayuda-color-on-primary': '#ffffff', '--ayuda-color-link': '#767676', '--ayuda-color-link-dark': '#848484' });
  });
});
