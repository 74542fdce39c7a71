// The default colours, light and dark: one object that the components' tokens and the
// launcher's (which ships in the embed) are both written from.
export const PALETTE = {
  light: {
    primary: '#0b57d0',
    'on-primary': '#ffffff',
    background: '#ffffff',
    surface: '#f1f4f9',
    text: '#1b1f27',
    muted: '#4f5868',
    border: '#c4ccd8',
    mark: '#ffe58a',
    'mark-text': '#1b1f27',
  },
  dark: {
    primary: '#9cc0ff',
    'on-primary': '#0b1d3a',
    background: '#17191f',
    surface: '#23262e',
    text: '#eceef2',
    muted: '#b3bac6',
    border: '#454b57',
    mark: '#7a5d00',
    'mark-text': '#ffffff',
  },
} as const;

export type ColorName = keyof (typeof PALETTE)['light'];

/** `--_name: var(--ayuda-color-name, default);` for each colour, light or dark. */
export function colorTokens(scheme: 'light' | 'dark', names: readonly ColorName[]): string {
  return names.map((n) => `--_${n}:var(--ayuda-color-${n},${PALETTE[scheme][n]});`).join('') + `color-scheme:${scheme};`;
}

/** Light tokens on `:host`, dark ones under `theme="dark"` or the system's dark mode. */
export function themed(names: readonly ColorName[], extra = { light: '', dark: '' }): string {
  const dark = colorTokens('dark', names) + extra.dark;
  return `:host{${colorTokens('light', names)}${extra.light}}:host([theme="dark"]){${dark}}@media (prefers-color-scheme:dark){:host(:not([theme="light"])){${dark}}}`;
}

export const SHADOW = { light: '--_shadow:var(--ayuda-shadow,0 12px 40px rgb(15 23 42/.28));', dark: '--_shadow:var(--ayuda-shadow,0 12px 40px rgb(0 0 0/.6));' };
export const FONT = '--_font:var(--ayuda-font,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif);--_font-size:var(--ayuda-font-size,16px);';
