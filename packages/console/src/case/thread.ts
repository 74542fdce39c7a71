// The thread of a case: customer messages (their text), staff replies and internal notes (their
// markdown as the server rendered it; marked in words and drawn apart, not by colour alone),
// each with its attachments. Times in `timeZone` (the company's, as the rest of the case screen).
import { html, nothing, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { StaffCase } from '@ayuda/client/staff';
import type { Catalogue } from '../i18n/types.js';
import { dateTime } from '../internal/format.js';

export type ThreadMessage = StaffCase['messages'][number] & { pending?: boolean };

const size = (cat: Catalogue, bytes: number) => new Intl.NumberFormat(cat.locale, { style: 'unit', unit: bytes >= 1e6 ? 'megabyte' : 'kilobyte', maximumFractionDigits: 1 }).format(bytes >= 1e6 ? bytes / 1e6 : Math.max(1, bytes / 1e3));

export function thread(cat: Catalogue, messages: ThreadMessage[], timeZone?: string): TemplateResult {
  return html`<ol class="thread">
    ${messages.map((m) => {
      const who = m.internal ? cat.internalNote : m.author === 'customer' ? cat.fromCustomer : m.author === 'staff' ? cat.fromStaff : cat.fromSystem;
      return html`<li class="msg ${m.internal ? 'internal' : m.author} ${m.pending ? 'pending' : ''}" aria-busy=${m.pending ? 'true' : 'false'}>
        <article aria-label="${who}: ${m.authorName}">
          <header>
            ${m.internal ? html`<span class="badge note">${cat.internalNote}</span>` : html`<span class="role">${who}</span>`}
            <strong>${m.authorName}</strong>
            <time datetime=${m.createdAt}>${m.pending ? cat.sending : dateTime(cat, m.createdAt, timeZone)}</time>
          </header>
          ${m.html !== null
            ? // Staff markdown, rendered and sanitised by the server (the portal's allowlist): safe to insert.
              html`<div class="body rendered">${unsafeHTML(m.html)}</div>`
            : html`<div class="body">${m.body}</div>`}
          ${m.attachments.length
            ? html`<ul class="files" aria-label=${cat.attachments}>
                ${m.attachments.map((a) => html`<li><a href=${a.url} download=${a.filename}>${a.filename}</a> <span class="muted">(${size(cat, a.size)})</span></li>`)}
              </ul>`
            : nothing}
        </article>
      </li>`;
    })}
  </ol>`;
}
