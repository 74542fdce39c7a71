// The widget's appearance (issue 13): the site's theme, saved in the console's `appearance`
// settings section and written by the server into every `/embed.js` it sends, so the launcher's
// first frame already wears it. Every value is checked here, on the server, because it ends up
// in a page's CSS: only the values these patterns let through ever reach `style.setProperty`.
import { z } from 'zod';

/** Limits of the appearance settings. Docs and code read this one object. */
export const APPEARANCE_LIMITS = {
  radiusMin: 0,
  radiusMax: 24,
  /**
   * The launcher's label and a custom font list travel inside every embed.js (its first frame
   * wears them): these lengths keep the served embed within its 4,096-byte gzip budget with a
   * theme that changes every field at its longest (tests/widget/size.test.ts).
   */
  labelMax: 20,
  fontMax: 80,
  /** WCAG 2.x AA for normal text: the launcher's label on the brand colour. */
  minContrast: 4.5,
} as const;

/** Font stacks a site picks by name; `custom` takes a validated `font-family` list instead. */
export const APPEARANCE_FONTS = {
  system: 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif',
  serif: 'Georgia,Cambria,"Times New Roman",Times,serif',
  rounded: 'ui-rounded,"SF Pro Rounded","Nunito","Varela Round",system-ui,sans-serif',
  humanist: 'Seravek,"Gill Sans Nova",Ubuntu,Calibri,"DejaVu Sans",source-sans-pro,sans-serif',
  mono: 'ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace',
} as const;
export type AppearanceFont = keyof typeof APPEARANCE_FONTS;
export const APPEARANCE_FONT_NAMES = Object.keys(APPEARANCE_FONTS) as AppearanceFont[];
export type AppearanceFontChoice = AppearanceFont | 'custom';

export const APPEARANCE_POSITIONS = ['bottom-right', 'bottom-left'] as const;
export const APPEARANCE_MODES = ['auto', 'light', 'dark'] as const;

/**
 * Today's widget, as the section's start value. The widget's own defaults (its palette, its
 * catalogues' launcher labels) must equal these: packages/widget's theme test checks it.
 */
export const APPEARANCE_DEFAULTS = {
  primary: '#0b57d0',
  onPrimary: '#ffffff',
  radius: 12,
  font: 'system',
  customFont: '',
  position: 'bottom-right',
  label: { es: 'Ayuda', en: 'Help' },
  mode: 'auto',
} as const satisfies AppearanceSettings;

/** The panel's background in each scheme (the widget's palette; its theme test checks they match). */
export const APPEARANCE_BACKGROUNDS = { light: '#ffffff', dark: '#17191f' } as const;

/** `#rrggbb` (lower-cased; `#rgb` is widened). */
export const HexColorSchema = z
  .string()
  .trim()
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, { message: 'Write a colour as #rrggbb, e.g. "#0b57d0".' })
  .transform((s) => (s.length === 4 ? `#${s[1]}${s[1]}${s[2]}${s[2]}${s[3]}${s[3]}` : s).toLowerCase());

/** WCAG 2.x contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** White or black, whichever reads better on `background`. */
export function readableOn(background: string): '#ffffff' | '#000000' {
  return contrastRatio(background, '#ffffff') >= contrastRatio(background, '#000000') ? '#ffffff' : '#000000';
}

/**
 * `colour`, or the nearest shade of it (mixed with black on a light background, with white on a
 * dark one, 5% at a time) that reads at 4.5:1 on `background`: the panel's links in a brand
 * colour too light for white or too dark for the dark scheme.
 */
export function readableShade(colour: string, background: string): string {
  const towards = contrastRatio(background, '#ffffff') > contrastRatio(background, '#000000') ? 255 : 0;
  const rgb = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
  for (let step = 0; step <= 20; step++) {
    const hex = '#' + rgb.map((c) => Math.round(c + ((towards - c) * step) / 20).toString(16).padStart(2, '0')).join('');
    if (contrastRatio(hex, background) >= APPEARANCE_LIMITS.minContrast) return hex;
  }
  return towards ? '#ffffff' : '#000000';
}

/**
 * A CSS `font-family` list: family names, bare (`Open Sans`) or quoted (`"Open Sans"`), and
 * generic families, separated by commas. Nothing else: no `url()`, `;`, braces, backslashes
 * or comments, so a value can never end the declaration it is put in.
 */
export const FONT_FAMILY_PATTERN = /^\s*(?:"[A-Za-z0-9 _.-]+"|'[A-Za-z0-9 _.-]+'|[A-Za-z_-][A-Za-z0-9 _-]*)(?:\s*,\s*(?:"[A-Za-z0-9 _.-]+"|'[A-Za-z0-9 _.-]+'|[A-Za-z_-][A-Za-z0-9 _-]*))*\s*$/;

const Label = z
  .string()
  .trim()
  .min(1)
  .max(APPEARANCE_LIMITS.labelMax)
  .refine((s) => !/[\u0000-\u001f\u007f<>]/.test(s), { message: 'Plain text only: no line breaks, tabs or angle brackets.' });

/** The `appearance` settings section: the widget's look on every site that embeds it. */
export const AppearanceSettingsSchema = z
  .strictObject({
    /** Brand colour: launcher, panel header, buttons, links, focus ring. */
    primary: HexColorSchema,
    /** Text and icons on the brand colour; at least 4.5:1 against it. */
    onPrimary: HexColorSchema,
    /** Corner radius of the panel and its controls, in px (the launcher's is twice that, up to a pill). */
    radius: z.number().int().min(APPEARANCE_LIMITS.radiusMin).max(APPEARANCE_LIMITS.radiusMax),
    /** A named font stack, or `custom` for `customFont`. */
    font: z.enum(['system', 'serif', 'rounded', 'humanist', 'mono', 'custom']),
    /** The `font-family` list when `font` is `custom` (fonts the page already loads, or installed ones); empty otherwise. */
    customFont: z
      .string()
      .max(APPEARANCE_LIMITS.fontMax)
      .refine((s) => s.trim() === '' || FONT_FAMILY_PATTERN.test(s), { message: 'Write font family names separated by commas, e.g. "Open Sans", Arial, sans-serif (no url(), semicolons or braces).' })
      .transform((s) => s.trim().replace(/\s*,\s*/g, ', ')),
    position: z.enum(APPEARANCE_POSITIONS),
    /** The launcher's text in each language. */
    label: z.strictObject({ es: Label, en: Label }),
    /** `auto` follows the visitor's system; `light` or `dark` forces one. */
    mode: z.enum(APPEARANCE_MODES),
  })
  .superRefine((v, ctx) => {
    const ratio = contrastRatio(v.primary, v.onPrimary);
    if (ratio < APPEARANCE_LIMITS.minContrast) {
      ctx.addIssue({
        code: 'custom',
        path: ['onPrimary'],
        message: `The text on the brand colour must contrast at least ${APPEARANCE_LIMITS.minContrast}:1 with it (WCAG AA); this pair gives ${ratio.toFixed(2)}:1. Try ${readableOn(v.primary)}.`,
      });
    }
    if (v.font === 'custom' && v.customFont === '') ctx.addIssue({ code: 'custom', path: ['customFont'], message: 'Write the font family list, or pick a named font.' });
  });
export type AppearanceSettings = z.infer<typeof AppearanceSettingsSchema>;

/**
 * What the server writes into `/embed.js`: only what differs from the widget's built-in look,
 * so an unchanged theme changes nothing (not even dark mode's own brand colour). Keys are the
 * embed's data-attribute names (`theme`, `position`), which a script tag's own attributes
 * override; `css` holds custom properties for `style.setProperty`; `label` the launcher's texts.
 */
export interface EmbedTheme {
  theme?: 'light' | 'dark';
  position?: 'bottom-left';
  css?: Record<string, string>;
  label?: Record<string, string>;
}

/** Every custom property `embedTheme` may set (a preview that restyles a live widget clears the others). */
export const EMBED_THEME_PROPERTIES = ['--ayuda-color-primary', '--ayuda-color-on-primary', '--ayuda-color-link', '--ayuda-color-link-dark', '--ayuda-radius', '--ayuda-launcher-radius', '--ayuda-font'] as const;

/** The embed's theme for an appearance value (already validated). */
export function embedTheme(v: AppearanceSettings): EmbedTheme {
  const d = APPEARANCE_DEFAULTS;
  const out: EmbedTheme = {};
  if (v.mode !== 'auto') out.theme = v.mode;
  if (v.position !== d.position) out.position = v.position as 'bottom-left';
  const css: Record<string, string> = {};
  if (v.primary !== d.primary || v.onPrimary !== d.onPrimary) {
    css['--ayuda-color-primary'] = v.primary;
    css['--ayuda-color-on-primary'] = v.onPrimary;
    // Links and result titles are text in the brand colour on the panel: a shade that reads in
    // each scheme where the colour itself does not (dark mode keeps one brand colour otherwise).
    const light = readableShade(v.primary, APPEARANCE_BACKGROUNDS.light);
    const dark = readableShade(v.primary, APPEARANCE_BACKGROUNDS.dark);
    if (light !== v.primary || dark !== v.primary) {
      css['--ayuda-color-link'] = light;
      css['--ayuda-color-link-dark'] = dark;
    }
  }
  if (v.radius !== d.radius) {
    css['--ayuda-radius'] = `${v.radius}px`;
    css['--ayuda-launcher-radius'] = `${v.radius * 2}px`;
  }
  const font = v.font === 'custom' ? v.customFont : v.font === d.font ? '' : APPEARANCE_FONTS[v.font];
  if (font) css['--ayuda-font'] = font;
  if (Object.keys(css).length) out.css = css;
  if (v.label.es !== d.label.es || v.label.en !== d.label.en) out.label = { ...v.label };
  return out;
}
