// The announcements' severity icons as small inline SVGs (the emoji they replace rendered as an
// empty box where no emoji font is installed). Decorative: the severity is also said in words.
// The portal draws the same shapes (packages/server/src/portal/views.ts).
import { html, type TemplateResult } from 'lit';
import type { Announcement } from '@ayuda/client';

export const SEVERITY_ICONS: Record<Announcement['severity'], TemplateResult> = {
  info: html`<svg class="sev-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"><circle cx="8" cy="8" r="6.7" /><path d="M8 7.2v4M8 4.8v.1" /></svg>`,
  warning: html`<svg class="sev-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"><path d="M8 1.8 14.8 14H1.2zM8 6.2v3.6M8 11.9v.1" /></svg>`,
  critical: html`<svg class="sev-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><path fill="currentColor" fill-rule="evenodd" d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zM4.5 7h7v2h-7z" /></svg>`,
};
