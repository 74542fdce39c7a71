// The development mailbox: every message in the outbox, readable in the browser, so the demo
// and the tests can follow links from mails without an SMTP server. Never in production.
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { desc, eq } from 'drizzle-orm';
import type { AppEnv } from '../http/env.js';
import type { Database } from '../db/client.js';
import { mailOutbox } from '../db/schema.js';
import { messageIdOf } from './outbox.js';
import { PORTAL_CSS_PATH } from '../portal/styles.js';

const linkify = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/(https?:\/\/[^\s<&]+)/g, '<a href="$1">$1</a>');

const page = (title: string, body: unknown) => html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title><link rel="stylesheet" href="${PORTAL_CSS_PATH}"></head>
<body><main id="main"><div class="wrap">${body}</div></main></body></html>`;

export function devMailboxRoutes(deps: { db: Database; messageIdDomain: string }) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const rows = await deps.db.db
        .select({ id: mailOutbox.id, to: mailOutbox.toAddress, subject: mailOutbox.subject, status: mailOutbox.status, createdAt: mailOutbox.createdAt })
        .from(mailOutbox)
        .orderBy(desc(mailOutbox.id))
        .limit(200);
      c.header('Cache-Control', 'no-store');
      return c.html(
        page(
          'Development mailbox',
          html`<h1>Development mailbox</h1>
<p>Mail Ayuda would send. This page exists only without SMTP_URL and outside production.</p>
${rows.length === 0 ? html`<p>No mail yet.</p>` : ''}
<ul class="list">${rows.map(
            (r) => html`<li><a href="/dev/mailbox/${r.id}">${r.subject}</a><p>To ${r.to} · ${r.createdAt.toISOString()} · ${r.status}</p></li>`,
          )}</ul>`,
        ),
      );
    })
    .get('/:id{[0-9]+}', async (c) => {
      const id = Number(c.req.param('id'));
      // Digits past what the id column holds name no mail (and the database would refuse them).
      const [m] = Number.isSafeInteger(id) ? await deps.db.db.select().from(mailOutbox).where(eq(mailOutbox.id, id)) : [];
      if (!m) return c.notFound();
      c.header('Cache-Control', 'no-store');
      return c.html(
        page(
          m.subject,
          html`<p><a href="/dev/mailbox">← Development mailbox</a></p>
<h1>${m.subject}</h1>
<p class="meta">To ${m.toAddress} · ${m.createdAt.toISOString()} · ${m.status}</p>
<p class="meta">Message-ID: <code>${messageIdOf(m, deps.messageIdDomain)}</code></p>
<article><pre class="mail">${raw(linkify(m.text))}</pre></article>`,
        ),
      );
    });
}
