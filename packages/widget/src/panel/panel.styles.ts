import { css, unsafeCSS } from 'lit';
import { common, rootReset, tokens } from '../styles/tokens.js';
import { announcementStyles } from '../announcements/announcements.js';
import { popularStyles } from '../popular/popular.js';

export const panelStyles = [
  unsafeCSS(tokens),
  unsafeCSS(common),
  announcementStyles,
  popularStyles,
  css`
    :host {
      --_offset: var(--ayuda-widget-offset, 20px);
      --_gap: calc(var(--ayuda-launcher-size, 56px) + var(--_offset) + 12px);
      position: fixed;
      inset: auto;
      inset-block-end: var(--_gap);
      inset-inline-end: var(--_offset);
      z-index: var(--ayuda-z-index, 2147483000);
      width: min(var(--ayuda-widget-width, 400px), calc(100vw - 2 * var(--_offset)));
      height: min(var(--ayuda-widget-height, 640px), calc(100dvh - var(--_gap) - var(--_offset)));
      margin: 0;
      padding: 0;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      box-shadow: var(--_shadow);
      background: var(--_background);
      overflow: hidden;
      display: none;
      opacity: 1;
      transform: none;
      transition:
        opacity 0.16s ease-out,
        transform 0.16s ease-out;
    }
    :host([open]) {
      display: flex;
      flex-direction: column;
    }
    @starting-style {
      :host([open]) {
        opacity: 0;
        transform: translateY(8px);
      }
    }
    :host([position='bottom-left']) {
      inset-inline-end: auto;
      inset-inline-start: var(--_offset);
    }
    @media (max-width: 479.98px) {
      :host {
        inset: 0;
        width: 100%;
        height: 100%;
        max-width: none;
        max-height: none;
        border: 0;
        border-radius: 0;
      }
    }
    .root {
      ${unsafeCSS(rootReset)}
      display: flex;
      flex-direction: column;
      height: 100%;
      background: var(--_background);
    }
    .header {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      padding: 0.5rem;
      background: var(--_primary);
      color: var(--_on-primary);
    }
    .title {
      flex: 1;
      margin: 0;
      padding-inline-start: 0.25rem;
      font-weight: 700;
      font-size: 1.0625em;
    }
    .icon {
      display: inline-grid;
      place-items: center;
      width: 2.75rem;
      height: 2.75rem;
      padding: 0;
      border: 0;
      border-radius: 50%;
      background: transparent;
      color: inherit;
      cursor: pointer;
    }
    .icon:hover {
      background: rgb(255 255 255 / 0.16);
    }
    .icon svg {
      width: 1.5rem;
      height: 1.5rem;
    }
    .icon:focus-visible {
      outline: 3px solid var(--_on-primary);
      outline-offset: -3px;
    }
    :host(:dir(rtl)) .back svg {
      transform: scaleX(-1);
    }
    .body {
      flex: 1;
      overflow-y: auto;
      overscroll-behavior: contain;
      padding: 1rem;
    }
    .home > * + * {
      margin-block-start: 1.25rem;
    }
    .home-title {
      font-size: 1.25em;
      line-height: 1.25;
      margin: 0;
    }
    /* Announcements above the heading keep their distance from it (they touched it). */
    .announcements .ann:last-child {
      margin-block-end: 0;
    }
    .home > .announcements:has(.ann) + .home-title {
      margin-block-start: 1rem;
    }
    .contact-entry,
    .booking-entry,
    .fastlane-entry {
      font: inherit;
      font-weight: 600;
      cursor: pointer;
      padding: 0.625rem 1rem;
      border: 1px solid var(--_primary);
      border-radius: calc(var(--_radius) / 2);
      background: transparent;
      color: var(--_link);
    }
    /* The buttons side by side, or one under the other at the same edge when they wrap; the usual reply time on a line of its own. */
    .contact,
    .fastlane {
      display: flex;
      flex-wrap: wrap;
      gap: 0.375rem 0.5rem;
    }
    .usual-reply {
      flex-basis: 100%;
      margin: 0;
      font-size: 0.875em;
      color: var(--_muted);
    }
    .requests-entry {
      display: block;
      font: inherit;
      cursor: pointer;
      padding: 0.25rem 0;
      border: 0;
      background: none;
      color: var(--_link);
      text-decoration: underline;
    }
    .footer {
      padding: 0.625rem 1rem;
      border-block-start: 1px solid var(--_border);
      font-size: 0.875em;
      background: var(--_background);
    }
    .footer a {
      color: var(--_link);
    }
    @media (forced-colors: active) {
      :host {
        border: 1px solid CanvasText;
      }
      .header {
        border-block-end: 1px solid CanvasText;
      }
    }
  `,
];
