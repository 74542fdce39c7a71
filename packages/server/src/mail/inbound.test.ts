// Replies by email, end to end on the server: a real SMTP client (nodemailer) delivers to the
// inbound SMTP server on a free port, and what lands in the case, the outbox and inbound_mail
// is read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { createServer, type AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, desc, eq, like } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { createTestDatabase, testDatabases } from '../testing/db.js';
import { loadConfig } from '../config.js';
import { startServer } from '../server.js';
import { submitTestCase } from '../testing/staff-users.js';
import { createLogger } from '../http/logger.js';
import { inboundMail, mailOutbox } from '../db/schema.js';
import { ReplyAddresses } from './reply-address.js';
import { startInboundSmtp, type InboundSmtpServer } from './inbound-smtp.js';
import { INBOUND_DEFAULTS, purgeInboundMail } from './inbound.js';
import { MailWorker, smtpTransport, type OutgoingMail } from './outbox.js';
import { SMTPServer } from 'smtp-server';
import { renderMail } from './templates.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d5d0a40000000049454e44ae426082', 'hex');

describe('reply addresses', () => {
  const a = new ReplyAddresses('s'.repeat(40), 'nubefibra.test');
  it('name their case, unforgeably, whatever the case of the letters', () => {
    const addr = a.of(42)!;
    expect(addr).toMatch(/^reply\+42-[0-9a-f]{20}@nubefibra\.test$/);
    expect(a.caseOf(addr)).toBe(42);
    expect(a.caseOf(addr.toUpperCase())).toBe(42);
    // Another case's number with this MAC, another domain, another secret, a truncated MAC: nothing.
    expect(a.caseOf(addr.replace('+42-', '+43-'))).toBeNull();
    expect(a.caseOf(addr.replace('nubefibra.test', 'evil.test'))).toBeNull();
    expect(new ReplyAddresses('t'.repeat(40), 'nubefibra.test').caseOf(addr)).toBeNull();
    expect(a.caseOf(addr.replace(/[0-9a-f]@/, '@'))).toBeNull();
    expect(a.caseOf('soporte@nubefibra.test')).toBeNull();
    expect(a.caseOf('reply+99999999999-0123456789abcdef0123@nubefibra.test')).toBeNull();
  });
  it('are off without a domain', () => {
    const off = new ReplyAddresses('s'.repeat(40), null);
    expect(off.of(1)).toBeNull();
    expect(off.caseOf(a.of(1)!)).toBeNull();
  });
  it('are announced in case mails, in both languages', () => {
    const vars = { company: 'Nubefibra', name: 'Ana', reference: 'NF-1', subject: 'Router', trackingUrl: 'http://x.test/t', firstResponseDue: null, replyByMail: true };
    expect(renderMail('es', { template: 'case_received', vars }).text).toContain('También puedes responder a este correo.');
    expect(renderMail('en', { template: 'agent_replied', vars: { ...vars, agent: 'Marta', body: 'Hola' } }).text).toContain('You can also reply to this email.');
    expect(renderMail('en', { template: 'case_received', vars: { ...vars, replyByMail: false } }).text).not.toContain('reply to this email');
  });
  it('words every refusal in both languages', () => {
    for (const locale of ['es', 'en'] as const) {
      const base = { company: 'Nubefibra', reference: 'NF-1', subject: 'Router <b>', trackingUrl: 'http://x.test/t', newCaseUrl: 'http://x.test/help/es/contact' };
      const files = renderMail(locale, { template: 'email_reply_refused', vars: { ...base, reason: 'attachments', files: [{ name: 'big.pdf', problem: 'too_large' }, { name: 'x.exe', problem: 'type' }], maxMb: 10, maxFiles: 5 } });
      expect(files.text).toMatch(locale === 'es' ? /big\.pdf: pesa más de 10 MB/ : /big\.pdf: is larger than 10 MB/);
      expect(files.html).toContain('Router &lt;b&gt;');
      expect(renderMail(locale, { template: 'email_reply_refused', vars: { company: 'Nubefibra', reason: 'not_customer', newCaseUrl: base.newCaseUrl } }).text).not.toContain('NF-1');
      expect(renderMail(locale, { template: 'email_reply_refused', vars: { ...base, reason: 'closed' } }).text).toContain('http://x.test/help/es/contact');
      expect(renderMail(locale, { template: 'email_reply_refused', vars: { ...base, reason: 'too_long', maxChars: 20000 } }).text).toContain('20000');
    }
  });
});

describe('outgoing case mail over SMTP', () => {
  it('carries Reply-To, and Auto-Submitted on an automatic answer', async () => {
    const raws: string[] = [];
    const server = new SMTPServer({
      logger: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      closeTimeout: 100,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          raws.push(Buffer.concat(chunks).toString('utf8'));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const transport = smtpTransport(`smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, 'Nubefibra <soporte@nubefibra.test>');
    try {
      const base = { to: 'ana@example.com', subject: 'S', text: 'T', html: '<p>T</p>', messageId: '<ayuda.1.1@nubefibra.test>' };
      await transport.send({ ...base, replyTo: 'reply+1-0123456789abcdef0123@nubefibra.test' });
      await transport.send({ ...base, autoReply: true });
      expect(raws[0]).toMatch(/^Reply-To: reply\+1-0123456789abcdef0123@nubefibra\.test$/m);
      expect(raws[0]).not.toMatch(/^Auto-Submitted:/m);
      expect(raws[1]).toMatch(/^Auto-Submitted: auto-replied$/m);
      expect(raws[1]).not.toMatch(/^Reply-To:/m);
    } finally {
      transport.close?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe.each(testDatabases())('replies by email on %s', (kind) => {
  let t: TestApp;
  let smtp: InboundSmtpServer;
  let staff: string;
  const client = () => nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });

  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false, env: { AYUDA_REPLY_DOMAIN: 'nubefibra.test', AYUDA_MAIL_FROM: 'Nubefibra <soporte@nubefibra.test>', AYUDA_CASE_PREFIX: 'NF', AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000' } });
    // The outbox is read, not sent.
    await t.mail.stop();
    smtp = await startInboundSmtp({ inbound: t.inbound, db: t.database, clock: t.clock, logger: createLogger('silent'), port: 0, host: '127.0.0.1', ratePerHour: 1000 });
    staff = (await t.staffTokens.create('Marta')).token;
  });
  afterAll(async () => {
    await smtp?.close();
    await t?.dispose();
  });

  async function newCase(email: string, locale: 'es' | 'en' = 'es') {
    const c = await submitTestCase(t, { email, locale });
    const [m] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email)).orderBy(desc(mailOutbox.id)).limit(1);
    return { ...c, replyTo: m!.replyTo!, caseId: m!.caseId! };
  }
  const view = async (token: string) => (await t.request(`/api/v1/cases/track/${token}`)).json() as Promise<{ status: string; messages: Array<{ body: string; author: string; attachments: Array<{ filename: string; contentType: string }> }> }>;
  const outboxTo = (to: string, template = 'email_reply_refused') => t.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.toAddress, to), eq(mailOutbox.template, template)));
  const record = async (messageId: string) => (await t.database.db.select().from(inboundMail).where(like(inboundMail.messageKey, `%/mid:${messageId}`)))[0];
  const staffPost = (reference: string, path: string, body: unknown) =>
    t.request(`/api/v1/staff/cases/${reference}/${path}`, { method: 'POST', headers: { Authorization: `Bearer ${staff}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('gives every case mail the case\'s reply address, and sends it as Reply-To', async () => {
    const c = await newCase('ana@example.com');
    expect(c.replyTo).toBe(new ReplyAddresses(t.config.secret, 'nubefibra.test').of(c.caseId));
    await staffPost(c.reference, 'messages', { body: 'Reinicia el router.' });
    const [reply] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.template, 'agent_replied')).orderBy(desc(mailOutbox.id)).limit(1);
    expect(reply!.replyTo).toBe(c.replyTo);
    expect(reply!.text).toContain('También puedes responder a este correo.');
    // Every attempt of the row, by any worker, sends the stored address.
    const sent: OutgoingMail[] = [];
    const worker = new MailWorker({ db: t.database, clock: t.clock, logger: createLogger('silent'), messageIdDomain: 'nubefibra.test', transport: { name: 'capture', send: async (m) => void sent.push(m) } });
    await worker.drainAll();
    expect(sent.find((m) => m.subject === reply!.subject)?.replyTo).toBe(c.replyTo);
    // A mail that is about no case carries none.
    expect(sent.filter((m) => m.to === 'nobody').length).toBe(0);
  });

  it('adds a reply to the thread with its attachment, without the quoted history and signature', async () => {
    const c = await newCase('bea@example.com');
    const info = await client().sendMail({
      from: 'Bea <BEA@example.com>',
      to: c.replyTo,
      subject: 'Re: [NF] Hemos recibido tu consulta',
      messageId: '<good-1@example.com>',
      text: 'Ya he reiniciado, sigue en rojo. Os mando una foto.\n\nEnviado desde mi iPhone\n\nEl vie, 20 nov 2026 a las 11:00, Nubefibra <soporte@nubefibra.test> escribió:\n> Hemos recibido tu consulta',
      attachments: [{ filename: 'router.png', content: PNG }],
    });
    expect(info.response).toMatch(/^250 .*accepted/);
    const v = await view(c.trackingToken);
    const last = v.messages.at(-1)!;
    expect(last).toMatchObject({ author: 'customer', body: 'Ya he reiniciado, sigue en rojo. Os mando una foto.' });
    expect(last.attachments).toEqual([expect.objectContaining({ filename: 'router.png', contentType: 'image/png' })]);
    expect(await record('<good-1@example.com>')).toMatchObject({ status: 'accepted', caseId: c.caseId, sender: 'bea@example.com' });
  });

  it('adds a reply whose text carries NUL characters, without them', async () => {
    const c = await newCase('nul@example.com');
    const raw = [`From: nul@example.com`, `To: ${c.replyTo}`, 'Subject: Re: x', 'Message-ID: <nul@example.com>', 'Content-Type: text/plain; charset=utf-8', '', 'Hola\u0000 mundo', ''].join('\r\n');
    const r = await t.inbound.receive(Buffer.from(raw), { from: 'nul@example.com', to: [c.replyTo] });
    expect(r.status).toBe('accepted');
    expect((await view(c.trackingToken)).messages.at(-1)!.body).toBe('Hola mundo');
  });

  it('leaves the signature’s logos inside the text out (six of them refuse nothing), and keeps a pasted screenshot', async () => {
    const c = await newCase('logos@example.com');
    const logos = [1, 2, 3, 4, 5, 6].map((i) => ({ filename: `image00${i}.png`, content: PNG, cid: `logo${i}@sig` }));
    // A screenshot pasted into the text: an inline image past INBOUND_DEFAULTS.inlineImageMinBytes.
    const screenshot = { filename: 'captura.png', content: Buffer.concat([PNG, Buffer.alloc(INBOUND_DEFAULTS.inlineImageMinBytes)]), cid: 'shot@mail' };
    const info = await client().sendMail({
      from: 'logos@example.com',
      to: c.replyTo,
      subject: 'Re: tu consulta',
      messageId: '<logos-1@example.com>',
      text: 'Ya funciona, gracias.',
      html: `<p>Ya funciona, gracias.</p><p><img src="cid:shot@mail"></p><p>--<br>${logos.map((l) => `<img src="cid:${l.cid}">`).join(' ')}</p>`,
      attachments: [...logos, screenshot, { filename: 'factura.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') }],
    });
    expect(info.response).toMatch(/^250 .*accepted/);
    const last = (await view(c.trackingToken)).messages.at(-1)!;
    expect(last.body).toBe('Ya funciona, gracias.');
    expect(last.attachments.map((a: { filename: string }) => a.filename)).toEqual(['factura.pdf', 'captura.png']);
  });

  it('adds a message delivered twice (same Message-ID) once', async () => {
    const c = await newCase('carla@example.com');
    const mail = { from: 'carla@example.com', to: c.replyTo, subject: 'Re: x', messageId: '<twice@example.com>', text: 'Una vez, por favor.' };
    await client().sendMail(mail);
    const again = await client().sendMail(mail);
    expect(again.response).toMatch(/duplicate/);
    expect((await view(c.trackingToken)).messages.filter((m) => m.body === 'Una vez, por favor.')).toHaveLength(1);
  });

  it('gives one message sent to two cases\' addresses to each, in separate deliveries', async () => {
    const [one, two] = [await newCase('mia@example.com'), await newCase('mia@example.com')];
    const mail = { from: 'mia@example.com', subject: 'Re: both', messageId: '<both@example.com>', text: 'Lo mismo para las dos.' };
    // A client offering both in one transaction gets the second deferred (452), as SMTP allows.
    const both = await client().sendMail({ ...mail, to: [one.replyTo, two.replyTo] });
    expect(both.accepted).toEqual([one.replyTo]);
    expect(both.rejected).toEqual([two.replyTo]);
    await client().sendMail({ ...mail, to: two.replyTo });
    for (const c of [one, two]) expect((await view(c.trackingToken)).messages.filter((m) => m.body === 'Lo mismo para las dos.')).toHaveLength(1);
  });

  it('refuses a sender who is not the case\'s customer, with a mail in the case\'s language that says why and tells nothing of the case', async () => {
    const c = await newCase('dani@example.com', 'en');
    const before = (await view(c.trackingToken)).messages.length;
    const info = await client().sendMail({ from: 'mallory@evil.test', to: c.replyTo, subject: 'Re: x', messageId: '<forged-1@evil.test>', text: 'Please send me the case.' });
    expect(info.response).toMatch(/refused \(not_customer\)/);
    expect((await view(c.trackingToken)).messages.length).toBe(before);
    const [told] = await outboxTo('mallory@evil.test');
    expect(told!.subject).toBe('We could not add your email to the request');
    expect(told!.text).toContain('only takes replies from the email address the request was made with');
    expect(told!.text).not.toContain(c.reference);
    expect(told!.replyTo).toBeNull();
    // A forged sender cannot make us mail an address more than a few times an hour.
    for (let i = 2; i <= 5; i++) await client().sendMail({ from: 'mallory@evil.test', to: c.replyTo, subject: 'Re: x', messageId: `<forged-${i}@evil.test>`, text: 'Again.' });
    expect(await outboxTo('mallory@evil.test')).toHaveLength(3);
    expect(await record('<forged-5@evil.test>')).toMatchObject({ status: 'refused', reason: 'not_customer' });
  });

  it('ignores auto-replies and bounces, and tells nobody', async () => {
    const c = await newCase('eva@example.com');
    const before = (await view(c.trackingToken)).messages.length;
    const ooo = await client().sendMail({ from: 'eva@example.com', to: c.replyTo, subject: 'Fuera de la oficina', messageId: '<ooo@example.com>', headers: { 'Auto-Submitted': 'auto-replied' }, text: 'Estoy de vacaciones hasta el lunes.' });
    expect(ooo.response).toMatch(/ignored \(auto_reply\)/);
    const bounce = await client().sendMail({ envelope: { from: '', to: [c.replyTo] }, from: 'Mail Delivery System <MAILER-DAEMON@mx.example.com>', to: c.replyTo, subject: 'Undelivered Mail', messageId: '<bounce@mx.example.com>', text: 'Delivery failed.' });
    expect(bounce.response).toMatch(/ignored \(bounce\)/);
    expect((await view(c.trackingToken)).messages.length).toBe(before);
    expect(await outboxTo('eva@example.com')).toHaveLength(0);
    expect(await outboxTo('mailer-daemon@mx.example.com')).toHaveLength(0);
  });

  it('refuses a reply with an attachment larger than the form takes, or of a type it refuses, and says which', async () => {
    const c = await newCase('fran@example.com', 'en');
    const before = (await view(c.trackingToken)).messages.length;
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x41);
    const info = await client().sendMail({ from: 'fran@example.com', to: c.replyTo, subject: 'Re: x', messageId: '<big@example.com>', text: 'The log file.', attachments: [{ filename: 'log.txt', content: big }] });
    expect(info.response).toMatch(/refused \(attachments\)/);
    await client().sendMail({ from: 'fran@example.com', to: c.replyTo, subject: 'Re: x', messageId: '<exe@example.com>', text: 'A tool.', attachments: [{ filename: 'fix.exe', content: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]) }] });
    expect((await view(c.trackingToken)).messages.length).toBe(before);
    const told = await outboxTo('fran@example.com');
    expect(told.map((m) => m.text)).toEqual([expect.stringContaining('- log.txt: is larger than 10 MB'), expect.stringContaining('- fix.exe: is not a type we accept')]);
    // The customer may answer the refusal itself: it carries the case's reply address.
    expect(told[0]!.replyTo).toBe(c.replyTo);
  });

  it('rejects an unknown or forged reply address at RCPT', async () => {
    const c = await newCase('gala@example.com');
    for (const to of ['soporte@nubefibra.test', c.replyTo.replace(/-[0-9a-f]{4}/, '-0000'), c.replyTo.replace('nubefibra.test', 'elsewhere.test')]) {
      const err = await client()
        .sendMail({ from: 'gala@example.com', to, subject: 'x', text: 'x' })
        .then(() => null, (e: { responseCode?: number; rejected?: string[] }) => e);
      expect(err, to).toMatchObject({ responseCode: 550 });
    }
  });

  it('refuses a message over the size limit at the protocol level (552)', async () => {
    const small = await startInboundSmtp({ inbound: t.inbound, db: t.database, clock: t.clock, logger: createLogger('silent'), port: 0, host: '127.0.0.1', ratePerHour: 1000, maxMessageBytes: 20_000 });
    try {
      const c = await newCase('hugo@example.com');
      const err = await nodemailer
        .createTransport({ host: '127.0.0.1', port: small.port, secure: false, ignoreTLS: true })
        .sendMail({ from: 'hugo@example.com', to: c.replyTo, subject: 'x', text: 'x', attachments: [{ filename: 'a.txt', content: Buffer.alloc(50_000, 0x41) }] })
        .then(() => null, (e: { responseCode?: number }) => e);
      expect(err).toMatchObject({ responseCode: 552 });
    } finally {
      await small.close();
    }
  });

  it('asks a client IP past its hourly share to try later (450)', async () => {
    // Its own limit name would be shared with the other servers here: another clock hour keeps the count apart.
    t.clock.advance(3_600_000);
    const strict = await startInboundSmtp({ inbound: t.inbound, db: t.database, clock: t.clock, logger: createLogger('silent'), port: 0, host: '127.0.0.1', ratePerHour: 2 });
    try {
      const c = await newCase('rate@example.com');
      const send = (i: number) =>
        nodemailer
          .createTransport({ host: '127.0.0.1', port: strict.port, secure: false, ignoreTLS: true })
          .sendMail({ from: 'rate@example.com', to: c.replyTo, subject: 'x', messageId: `<rate-${i}@example.com>`, text: `Reply ${i}` })
          .then((r) => r.response, (e: { responseCode?: number }) => e.responseCode);
      expect(await send(1)).toMatch(/^250/);
      expect(await send(2)).toMatch(/^250/);
      expect(await send(3)).toBe(450);
    } finally {
      await strict.close();
    }
  });

  it('offers STARTTLS with the configured key and certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ayuda-mx-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
      const tls = await startInboundSmtp({ inbound: t.inbound, db: t.database, clock: t.clock, logger: createLogger('silent'), port: 0, host: '127.0.0.1', ratePerHour: 1000, tls: { keyFile: join(dir, 'key.pem'), certFile: join(dir, 'cert.pem') } });
      try {
        const c = await newCase('tls@example.com');
        // requireTLS: the client upgrades with STARTTLS or gives up.
        const info = await nodemailer
          .createTransport({ host: '127.0.0.1', port: tls.port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } })
          .sendMail({ from: 'tls@example.com', to: c.replyTo, subject: 'Re: x', messageId: '<tls@example.com>', text: 'Over TLS.' });
        expect(info.response).toMatch(/accepted/);
      } finally {
        await tls.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ignores a reply that is only quoted history', async () => {
    const c = await newCase('ines@example.com', 'en');
    const info = await client().sendMail({ from: 'ines@example.com', to: c.replyTo, subject: 'Re: x', messageId: '<empty@example.com>', text: '\n\nOn Fri, 20 Nov 2026 at 11:00, Nubefibra <soporte@nubefibra.test> wrote:\n> We have received your request' });
    expect(info.response).toMatch(/ignored \(empty\)/);
  });

  it('reopens a solved case inside the reopen window, and after it refuses with a link to a new case', async () => {
    const c = await newCase('juan@example.com');
    expect((await staffPost(c.reference, 'status', { status: 'solved' })).status).toBe(200);
    const info = await client().sendMail({ from: 'juan@example.com', to: c.replyTo, subject: 'Re: resuelta', messageId: '<reopen@example.com>', text: 'No, sigue sin funcionar.' });
    expect(info.response).toMatch(/accepted \(reopened\)/);
    expect((await view(c.trackingToken)).status).toBe('open');
    expect((await staffPost(c.reference, 'status', { status: 'solved' })).status).toBe(200);
    t.clock.advance((t.config.reopenDays + 1) * 86_400_000);
    const late = await client().sendMail({ from: 'juan@example.com', to: c.replyTo, subject: 'Re: resuelta', messageId: '<late@example.com>', text: 'Vuelve a fallar.' });
    expect(late.response).toMatch(/refused \(closed\)/);
    expect((await view(c.trackingToken)).status).toBe('solved');
    const [told] = await outboxTo('juan@example.com');
    expect(told!.subject).toBe(`[${c.reference}] Esta consulta está cerrada`);
    expect(told!.text).toContain('http://help.test/help/es/contact');
  });

  it('keeps the record of a received message for the retention period, then forgets it', async () => {
    const c = await newCase('lola@example.com');
    await client().sendMail({ from: 'lola@example.com', to: c.replyTo, subject: 'Re: x', messageId: '<kept@example.com>', text: 'Guardado.' });
    expect(await record('<kept@example.com>')).toBeDefined();
    await purgeInboundMail(t.database, new Date(t.clock.now().getTime() + (INBOUND_DEFAULTS.retentionDays - 1) * 86_400_000));
    expect(await record('<kept@example.com>')).toBeDefined();
    await purgeInboundMail(t.database, new Date(t.clock.now().getTime() + (INBOUND_DEFAULTS.retentionDays + 1) * 86_400_000));
    expect(await record('<kept@example.com>')).toBeUndefined();
  });

  it('lists the mailbox as JSON and answers a case mail from the development mailbox through the same path', async () => {
    const c = await newCase('kike@example.com', 'en');
    const list = (await (await t.request('/dev/mailbox.json?to=kike@example.com')).json()) as { messages: Array<{ id: number; to: string; subject: string; replyTo: string | null; text: string }> };
    const [received] = list.messages;
    expect(received).toMatchObject({ to: 'kike@example.com', replyTo: c.replyTo, subject: expect.stringContaining(c.reference), text: expect.stringContaining('You can also reply to this email.') });
    const page = await (await t.request(`/dev/mailbox/${received!.id}`)).text();
    expect(page).toContain(`Reply-To: <code>${c.replyTo}</code>`);
    expect(page).toMatch(/<label for="body">Reply<\/label>/);
    const form = new FormData();
    form.set('from', 'kike@example.com');
    form.set('body', 'Answered from the dev mailbox.');
    form.append('attachments', new File([PNG], 'shot.png', { type: 'image/png' }));
    // Another site's form cannot post it.
    expect((await t.request(`/dev/mailbox/${received!.id}/reply`, { method: 'POST', body: form, headers: { Origin: 'http://evil.test' } })).status).toBe(403);
    const res = await t.request(`/dev/mailbox/${received!.id}/reply`, { method: 'POST', body: form, headers: { Origin: 'http://localhost' } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/dev/mailbox/${received!.id}?sent=accepted`);
    const last = (await view(c.trackingToken)).messages.at(-1)!;
    expect(last.body).toBe('Answered from the dev mailbox.');
    expect(last.attachments.map((a) => a.filename)).toEqual(['shot.png']);
    expect(await (await t.request(`/dev/mailbox/${received!.id}?sent=accepted`)).text()).toContain('it was added to the case');
  });
});

describe('replies by email switched off', () => {
  it('puts no reply address on case mails and no Reply form in the mailbox', async () => {
    const t = await createTestApp('pglite', { kb: false });
    try {
      await t.mail.stop();
      expect(t.config.replyDomain).toBeNull();
      const c = await submitTestCase(t, { email: 'off@example.com' });
      const [m] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'off@example.com'));
      expect(m!.replyTo).toBeNull();
      expect(m!.text).not.toContain('responder a este correo');
      expect(await (await t.request(`/dev/mailbox/${m!.id}`)).text()).not.toContain('Send reply');
      expect(c.reference).toBeTruthy();
    } finally {
      await t.dispose();
    }
  });
});

describe('the inbound SMTP server at start', () => {
  it('starts without it when development\'s default port is taken, and refuses to start when a chosen port is', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = String((busy.address() as AddressInfo).port);
    const database = await createTestDatabase('pglite');
    try {
      // As `ayuda start` passes the default: an override, not the environment.
      const byDefault = await startServer(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }, { AYUDA_INBOUND_SMTP_PORT: port }), { database });
      expect(byDefault.inboundSmtpPort).toBeNull();
      await byDefault.close();
      await expect(startServer(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', AYUDA_INBOUND_SMTP_PORT: port }), { database })).rejects.toThrow(/EADDRINUSE/);
      const chosen = await startServer(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', AYUDA_INBOUND_SMTP_PORT: '0' }), { database });
      expect(chosen.inboundSmtpPort).toBeGreaterThan(0);
      await chosen.close();
    } finally {
      busy.close();
      await database.close();
    }
  });

  it('is configured from the environment, off in production unless set', () => {
    expect(loadConfig({}).inboundSmtp).toBeNull();
    expect(loadConfig({}).replyDomain).toBeNull();
    expect(loadConfig({ AYUDA_INBOUND_SMTP_PORT: 'off' }).inboundSmtp).toBeNull();
    const on = loadConfig({ AYUDA_INBOUND_SMTP_PORT: '2526', HOST: '0.0.0.0', AYUDA_MAIL_FROM: 'Nubefibra <Soporte@Nubefibra.es>' });
    expect(on.inboundSmtp).toEqual({ port: 2526, host: '0.0.0.0', tls: null, ratePerHour: 600 });
    expect(on.replyDomain).toBe('nubefibra.es');
    expect(loadConfig({ AYUDA_REPLY_DOMAIN: 'Reply.Nubefibra.es' }).replyDomain).toBe('reply.nubefibra.es');
    expect(() => loadConfig({ AYUDA_INBOUND_SMTP_TLS_KEY: '/k.pem' })).toThrow(/set both/);
    expect(() => loadConfig({ AYUDA_INBOUND_SMTP_PORT: '70000' })).toThrow(/AYUDA_INBOUND_SMTP_PORT/);
    expect(() => loadConfig({ AYUDA_REPLY_DOMAIN: 'not a domain' })).toThrow(/AYUDA_REPLY_DOMAIN/);
  });
});
