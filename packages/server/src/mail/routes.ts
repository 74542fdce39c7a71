// The development mailbox: every message in the outbox, readable in the browser (and as JSON at
// /dev/mailbox.json), so the demo and the tests can follow links from mails without an SMTP
// server; a case mail's page can answer it by email through the same path as the inbound SMTP
// server; files a mail carries (an appointment's .ics) are listed and can be downloaded. Never in
// production.
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import nodemailer from 'nodemailer';
import { desc, eq } from 'drizzle-orm';
import type { AppEnv } from '../http/env.js';
import type { Database } from '../db/client.js';
import { mailOutbox } from '../db/schema.js';
import { attachmentsOf, messageIdOf } from './outbox.js';
import type { InboundMailService } from './inbound.js';
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

/** What the Reply form's outcome says, by the inbound result's status. */
const OUTCOMES: Record<string, string> = {
  accepted: 'Reply sent: it was added to the case.',
  refused: 'Reply sent, and refused: the sender was mailed why (see the mailbox).',
  ignored: 'Reply sent, and ignored: nobody was told.',
  duplicate: 'Reply sent, and ignored: the case already had this message.',
};

/** What the mailbox tells of a mail's files: enough to list them and fetch each. */
const filesOf = (id: number, rows: Parameters<typeof attachmentsOf>[0]) =>
  attachmentsOf(rows).map((a, i) => ({ filename: a.filename, contentType: a.contentType, size: a.content.length, url: `/dev/mailbox/${id}/attachments/${i}` }));

/** A mail's id from the path, or null for digits past what the id column holds (they name no mail, and the database would refuse them). */
const idOf = (s: string) => {
  const id = Number(s);
  return Number.isSafeInteger(id) ? id : null;
};

export function devMailboxRoutes(deps: { db: Database; messageIdDomain: string; inbound: InboundMailService }) {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const byId = async (id: number | null) => (id === null ? undefined : (await deps.db.db.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0]);
  return new Hono<AppEnv>()
    .get('/mailbox', async (c) => {
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
<p>Mail Ayuda would send. This page exists only without SMTP_URL and outside production. As JSON: <a href="/dev/mailbox.json">/dev/mailbox.json</a>.</p>
${rows.length === 0 ? html`<p>No mail yet.</p>` : ''}
<ul class="list">${rows.map(
            (r) => html`<li><a href="/dev/mailbox/${r.id}">${r.subject}</a><p>To ${r.to} · ${r.createdAt.toISOString()} · ${r.status}</p></li>`,
          )}</ul>`,
        ),
      );
    })
    // The newest 200 messages (`?to=` keeps one recipient's), for scripts and tests.
    .get('/mailbox.json', async (c) => {
      const to = c.req.query('to')?.trim().toLowerCase();
      const rows = await deps.db.db
        .select({ id: mailOutbox.id, to: mailOutbox.toAddress, subject: mailOutbox.subject, replyTo: mailOutbox.replyTo, text: mailOutbox.text, status: mailOutbox.status, createdAt: mailOutbox.createdAt, attachments: mailOutbox.attachments })
        .from(mailOutbox)
        .where(to ? eq(mailOutbox.toAddress, to) : undefined)
        .orderBy(desc(mailOutbox.id))
        .limit(200);
      c.header('Cache-Control', 'no-store');
      return c.json({ messages: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), attachments: filesOf(r.id, r.attachments) })) });
    })
    .get('/mailbox/:id{[0-9]+}', async (c) => {
      const m = await byId(idOf(c.req.param('id')));
      if (!m) return c.notFound();
      const outcome = c.req.query('sent');
      const reason = c.req.query('reason');
      c.header('Cache-Control', 'no-store');
      return c.html(
        page(
          m.subject,
          html`<p><a href="/dev/mailbox">← Development mailbox</a></p>
<h1>${m.subject}</h1>
<p class="meta">To ${m.toAddress} · ${m.createdAt.toISOString()} · ${m.status}</p>
<p class="meta">Message-ID: <code>${messageIdOf(m, deps.messageIdDomain)}</code></p>
${m.replyTo ? html`<p class="meta">Reply-To: <code>${m.replyTo}</code></p>` : ''}
<article><pre class="mail">${raw(linkify(m.text))}</pre></article>
${
  m.attachments?.length
    ? html`<h2>Attachments</h2>
<ul class="list">${filesOf(m.id, m.attachments).map((f) => html`<li><a href="${f.url}" download="${f.filename}">${f.filename}</a><p>${f.contentType} · ${f.size} bytes</p></li>`)}</ul>`
    : ''
}
<div role="status">${outcome && OUTCOMES[outcome] ? html`<p class="${outcome === 'accepted' ? 'notice' : 'alert'}">${OUTCOMES[outcome]}${reason ? ` Reason: ${reason}.` : ''}</p>` : ''}</div>
${
  m.replyTo && deps.inbound.enabled
    ? html`<h2>Reply by email</h2>
<p>Sends a reply to ${m.replyTo} through the same path as the inbound SMTP server, quoting this mail as a mail program would.</p>
<form class="case" method="post" action="/dev/mailbox/${m.id}/reply" enctype="multipart/form-data">
<div class="field"><label for="from">From</label><input id="from" name="from" type="email" required value="${m.toAddress}"></div>
<div class="field"><label for="body">Reply</label><textarea id="body" name="body" rows="6" required></textarea></div>
<div class="field"><label for="attachments">Attachments</label><input id="attachments" name="attachments" type="file" multiple></div>
<button type="submit">Send reply</button>
</form>`
    : ''
}`,
        ),
      );
    })
    // One of a mail's files, as the mail program would save it.
    .get('/mailbox/:id{[0-9]+}/attachments/:n{[0-9]+}', async (c) => {
      const m = await byId(idOf(c.req.param('id')));
      const file = m ? attachmentsOf(m.attachments)[Number(c.req.param('n'))] : undefined;
      if (!file) return c.notFound();
      c.header('Cache-Control', 'no-store');
      c.header('Content-Type', file.contentType);
      // An ASCII name for every client, and the exact one (RFC 6266) for those that read it.
      const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
      c.header('Content-Disposition', `attachment; filename="${ascii}"${ascii === file.filename ? '' : `; filename*=UTF-8''${encodeURIComponent(file.filename)}`}`);
      c.header('X-Content-Type-Options', 'nosniff');
      return c.body(new Uint8Array(file.content));
    })
    // A reply written here, as the customer's mail program would send it (quoting the mail below
    // the text, In-Reply-To the mail's Message-ID), handed to the inbound path as SMTP would.
    .post('/mailbox/:id{[0-9]+}/reply', async (c) => {
      // Only this page's own form: another site's page cannot make the browser post a reply.
      const origin = c.req.header('origin');
      if (!origin || origin !== new URL(c.req.url).origin) return c.text('Ayuda: the Reply form posts only from the development mailbox itself.', 403);
      const m = await byId(idOf(c.req.param('id')));
      if (!m || !m.replyTo || !deps.inbound.enabled) return c.notFound();
      const form = await c.req.parseBody({ all: true });
      const from = typeof form.from === 'string' && form.from.trim() ? form.from.trim() : m.toAddress;
      const body = typeof form.body === 'string' ? form.body : '';
      const files = ([] as unknown[]).concat(form.attachments ?? []).filter((f): f is File => f instanceof File && f.size > 0);
      const messageId = messageIdOf(m, deps.messageIdDomain);
      const quoted = m.text.split('\n').map((l) => `> ${l}`).join('\n');
      const { message } = await composer.sendMail({
        from,
        to: m.replyTo,
        subject: `Re: ${m.subject}`,
        inReplyTo: messageId,
        references: [messageId],
        text: `${body}\n\nOn ${m.createdAt.toUTCString()}, Support wrote:\n${quoted}\n`,
        attachments: await Promise.all(files.map(async (f) => ({ filename: f.name, content: Buffer.from(await f.arrayBuffer()), contentType: f.type || 'application/octet-stream' }))),
      });
      const r = await deps.inbound.receive(message as Buffer, { from, to: [m.replyTo], remoteAddress: '127.0.0.1' });
      return c.redirect(`/dev/mailbox/${m.id}?sent=${r.status}${r.reason ? `&reason=${encodeURIComponent(r.reason)}` : ''}`, 303);
    });
}
