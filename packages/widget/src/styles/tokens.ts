// The components' theme tokens and shared rules, as CSS text. Public custom properties
// (`--ayuda-*`) set by a site win; `--_*` are private values derived from them.

import { FONT, PALETTE, SHADOW, themed, type ColorName } from './palette.js';

const ALL = Object.keys(PALETTE.light) as ColorName[];
// Links, and the focus ring, follow the link colour: a site's theme sets a readable shade of its
// brand colour per scheme there (`--ayuda-color-link-dark` for dark) when the colour itself is not.
const derived = '--_link:var(--ayuda-color-link,var(--_primary));--_focus:var(--ayuda-color-focus,var(--_link));';
const darkLink = '--_link:var(--ayuda-color-link-dark,var(--ayuda-color-link,var(--_primary)));';

/** Tokens for a component's `:host`, in light and dark, following `theme` or the system. */
export const tokens = themed(ALL, { light: SHADOW.light + derived + FONT + '--_radius:var(--ayuda-radius,12px);', dark: SHADOW.dark + darkLink });

/**
 * The root of a component's shadow tree starts from CSS initial values, so nothing the page
 * sets (fonts, colours, `* { all: unset }`-style resets) is inherited into the widget; only
 * `--ayuda-*` custom properties (which `all` does not touch) and the text direction come through.
 * The colour scheme is the host's again (the theme sets it there), so that native controls,
 * scrollbars and `light-dark()` colours follow dark mode.
 */
export const rootReset = `
  all: initial;
  color-scheme: inherit;
  display: block;
  box-sizing: border-box;
  font-family: var(--_font);
  font-size: var(--_font-size);
  line-height: 1.5;
  color: var(--_text);
  text-align: start;
  -webkit-font-smoothing: antialiased;`;

/** Shared control styles: visible focus, forced colours, reduced motion. */
export const common = `
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button, input, textarea { font: inherit; color: inherit; }
:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; margin: -1px; padding: 0; border: 0;
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; scroll-behavior: auto !important; }
}
@media (forced-colors: active) {
  button { border: 1px solid ButtonText; }
  :focus-visible { outline-color: Highlight; }
  mark { forced-color-adjust: none; background: Highlight; color: HighlightText; }
}`;
