import { FONT, SHADOW, themed } from '../styles/palette.js';

// Plain CSS text (no Lit): the launcher ships in the embed, which must stay tiny, so it takes
// only the tokens it uses, and names its one button and label by their tags. The CDN and npm
// builds evaluate this module at build time and ship only the finished text (scripts/build.mjs). The host is reset with !important so no page rule (not even
// `* { all: unset !important }`) reaches it: !important declarations of a shadow tree win over
// the page's own.
export const widgetCss = `${themed(['primary', 'on-primary'], { light: SHADOW.light + FONT, dark: SHADOW.dark })}
:host {
  all: initial !important;
  display: block !important;
  --_offset: var(--ayuda-widget-offset, 20px);
  --_size: var(--ayuda-launcher-size, 56px);
}
button {
  all: initial;
  position: fixed;
  z-index: var(--ayuda-z-index, 2147483000);
  inset-block-end: var(--_offset);
  inset-inline-end: var(--_offset);
  display: inline-flex;
  align-items: center;
  gap: 0.5rem;
  box-sizing: border-box;
  min-width: var(--_size);
  height: var(--_size);
  padding-inline: calc(var(--_size) / 3.5) calc(var(--_size) / 2.8);
  border-radius: var(--ayuda-launcher-radius, calc(var(--_size) / 2));
  border: 2px solid transparent;
  background: var(--_primary);
  color: var(--_on-primary);
  box-shadow: var(--_shadow);
  font: 600 var(--_font-size)/1 var(--_font);
  cursor: pointer;
  transition: transform 0.15s ease-out;
}
button:hover { transform: translateY(-2px); }
button:focus-visible { outline: 3px solid var(--ayuda-color-focus, var(--_primary)); outline-offset: 3px; }
@media (prefers-reduced-motion: reduce) { button { transition: none; } }
button svg { width: 1.625rem; height: 1.625rem; flex: none; }
button[aria-expanded="true"] .open, button[aria-expanded="false"] .shut { display: none; }
:host([position="bottom-left"]) button { inset-inline-end: auto; inset-inline-start: var(--_offset); }
@media (max-width: 479.98px) {
  span { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  button { padding: 0; justify-content: center; width: var(--_size); }
}
@media (forced-colors: active) { button { border-color: ButtonText; } button:focus-visible { outline-color: Highlight; } }
`;
