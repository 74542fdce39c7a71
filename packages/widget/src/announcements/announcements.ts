// Announcements as the widget shows them: at the top of the panel's home and again in the case
// form for their category. Each says its severity in words and with an icon, not by colour alone.
import { css, html, type TemplateResult } from 'lit';
import type { Announcement } from '@ayuda/client';
import type { Catalogue } from '../i18n/types.js';
import { apiLocale, type AyudaService } from '../data/service.js';

/** How long the panel keeps the announcements it read before asking again (the server answers a 304 when unchanged). */
export const ANNOUNCEMENTS_TTL_MS = 10_000;
const held = new Map<string, { at: number; list: Promise<Announcement[]> }>();

/**
 * The active announcements of `locale`, shared by the panel and the case form (here, in their
 * chunks, not in embed.js); asked again after ANNOUNCEMENTS_TTL_MS. A failure reads as none.
 */
export function activeAnnouncements(service: AyudaService, locale: string): Promise<Announcement[]> {
  const key = `${service.server}|${locale}`;
  const h = held.get(key);
  if (h && Date.now() - h.at < ANNOUNCEMENTS_TTL_MS) return h.list;
  const list = service.client.announcements(apiLocale(locale)).then(
    (r) => r.announcements,
    () => {
      held.delete(key);
      return [];
    },
  );
  held.set(key, { at: Date.now(), list });
  return list;
}


/**
 * The severity icons as small inline SVGs in the text's colour (the emoji they replace rendered
 * as an empty box where no emoji font is installed). Decorative: the severity is also said in
 * words. The case form uses them too; the portal draws the same (packages/server/src/portal/views.ts).
 */
export const SEVERITY_ICONS: Record<Announcement['severity'], TemplateResult> = {
  info: html`<svg class="sev-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"><circle cx="8" cy="8" r="6.7" /><path d="M8 7.2v4M8 4.8v.1" /></svg>`,
  warning: html`<svg class="sev-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"><path d="M8 1.8 14.8 14H1.2zM8 6.2v3.6M8 11.9v.1" /></svg>`,
  critical: html`<svg class="sev-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><path fill="currentColor" fill-rule="evenodd" d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zM4.5 7h7v2h-7z" /></svg>`,
};

export function announcementItem(cat: Catalogue, a: Announcement): TemplateResult {
  return html`<div class="ann ann-${a.severity}" part="announcement" data-announcement=${a.id}>
    <p class="ann-head"><span class="ann-icon" aria-hidden="true">${SEVERITY_ICONS[a.severity]}</span> <span class="ann-sev">${cat.severities[a.severity]}:</span> <strong>${a.title}</strong></p>
    <p class="ann-body">${a.body}</p>
  </div>`;
}

export const announcementStyles = css`
  .ann {
    border: 2px solid var(--_border);
    border-inline-start-width: 0.35rem;
    border-radius: var(--_radius);
    background: var(--_surface);
    padding: 0.5rem 0.75rem;
    margin: 0 0 0.5rem;
    font-size: 0.9rem;
  }
  .ann p {
    margin: 0;
  }
  .ann-body {
    white-space: pre-line;
    margin-top: 0.2rem !important;
  }
  .ann-sev {
    font-weight: 700;
  }
  .sev-icon {
    width: 1em;
    height: 1em;
    vertical-align: -0.15em;
  }
  .ann-warning .sev-icon {
    color: light-dark(#8a5300, #ffb74d);
  }
  .ann-critical .sev-icon {
    color: light-dark(#b3261e, #ffb4ab);
  }
  .ann-info {
    border-color: var(--_primary);
  }
  .ann-warning {
    border-color: light-dark(#b26a00, #ffb74d);
  }
  .ann-critical {
    border-color: light-dark(#b3261e, #ffb4ab);
  }
`;
