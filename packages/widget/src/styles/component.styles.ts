import { css, unsafeCSS } from 'lit';
import { common, rootReset, tokens } from './tokens.js';

/**
 * What every component's styles start with: the theme's tokens, the shared control styles, and
 * a `.root` that starts from initial values on the theme's background. One shared object, so
 * the browser parses it once for all the components on a page.
 */
export const componentBase = [
  unsafeCSS(tokens),
  unsafeCSS(common),
  css`
    :host {
      display: block;
    }
    .root {
      ${unsafeCSS(rootReset)}
      background: var(--_background);
    }
  `,
];
