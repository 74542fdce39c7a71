import { html, type TemplateResult } from 'lit';

/** A step's heading: focused when the step is shown. */
export const heading = (text: string): TemplateResult => html`<h2 part="heading" tabindex="-1">${text}</h2>`;
