// Mail with files (an appointment's .ics): kept in the outbox row, handed to the transport on
// every attempt, sent as MIME parts over SMTP, and listed and downloadable in the development
// mailbox.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { startTestSmtpServer } from '../testing/smtp.js';
import { createLogger } from '../http/logger.js';
import { mailOutbox } from '../db/schema.js';
import { MAIL_ATTACHMENTS_MAX_BYTES, MailWorker, enqueueMail, smtpTransport, type MailAttachment, type OutgoingMail } from './outbox.js';

const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:x@help.test\r\nSUMMARY:Revisión · Nubefibra\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
const file = (content = ICS): MailAttachment => ({ filename: 'cita.ics', contentType: 'text/calendar; charset=utf-8; method=REQUEST', content: Buffer.from(content, 'utf8') });

describe.each(testDatabases())('mail attachments on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false });
    // The outbox is read here, and sent by the workers each test makes.
    await t.mail.stop();
  });
  afterAll(() => t.dispose());

  const queue = (to: string, attachments?: MailAttachment[]) =>
    t.database.db.transaction((tx) => enqueueMail(tx, t.clock.now(), to, 'es', { template: 'tracking_links', vars: { company: 'Nubefibra', name: 'Ana', cases: [] } }, { attachments }));
  const rowOf = async (to: string) => (await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to)))[0]!;

  it('keeps the files in the outbox row and hands them to the transport', async () => {
    await queue('files@example.com', [file()]);
    await queue('nofiles@example.com');
    expect((await rowOf('files@example.com')).attachments).toEqual([{ filename: 'cita.ics', contentType: 'text/calendar; charset=utf-8; method=REQUEST', content: Buffer.from(ICS).toString('base64') }]);
    expect((await rowOf('nofiles@example.com')).attachments).toBeNull();
    const sent: OutgoingMail[] = [];
    const w = new MailWorker({ db: t.database, clock: t.clock, logger: createLogger('silent'), messageIdDomain: 'example.com', transport: { name: 'smtp', send: async (m) => void sent.push(m) } });
    await w.drainAll();
    const withFiles = sent.find((m) => m.to === 'files@example.com')!;
    expect(withFiles.attachments).toHaveLength(1);
    expect(withFiles.attachments![0]!.content.toString('utf8')).toBe(ICS);
    expect(sent.find((m) => m.to === 'nofiles@example.com')!.attachments).toEqual([]);
  });

  it('refuses files heavier than the outbox keeps, and queues nothing', async () => {
    await expect(queue('heavy@example.com', [file('x'.repeat(MAIL_ATTACHMENTS_MAX_BYTES + 1))])).rejects.toThrow(/Ayuda: .*attachments/);
    expect(await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'heavy@example.com'))).toEqual([]);
  });

  it('sends the files over SMTP as attachments with their type', async () => {
    const smtp = await startTestSmtpServer();
    onTestFinished(() => smtp.close());
    const transport = smtpTransport(smtp.url, 'Nubefibra <soporte@nubefibra.es>', { maxConnections: 1 });
    onTestFinished(() => transport.close?.());
    await queue('smtp-files@example.com', [file()]);
    const w = new MailWorker({ db: t.database, clock: t.clock, logger: createLogger('silent'), messageIdDomain: 'nubefibra.es', transport });
    await w.drainAll();
    const got = smtp.delivered.find((m) => m.to[0] === 'smtp-files@example.com');
    expect(got).toBeDefined();
    const parsed = await simpleParser(got!.raw);
    expect(parsed.attachments).toHaveLength(1);
    const [a] = parsed.attachments;
    expect(a!.filename).toBe('cita.ics');
    expect(a!.contentType).toBe('text/calendar');
    expect(a!.content.toString('utf8')).toBe(ICS);
    // The text and HTML parts are still there beside it.
    expect(parsed.text).toContain('Hola, Ana:');
    expect(parsed.html).toContain('Hola, Ana:');
  });

  it('lists the files in the development mailbox and serves each for download', async () => {
    await queue('box-files@example.com', [file()]);
    const { id } = await rowOf('box-files@example.com');
    const page = await (await t.request(`/dev/mailbox/${id}`)).text();
    expect(page).toContain(`<a href="/dev/mailbox/${id}/attachments/0" download="cita.ics">cita.ics</a>`);
    const res = await t.request(`/dev/mailbox/${id}/attachments/0`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8; method=REQUEST');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="cita.ics"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe(ICS);
    const json = (await (await t.request('/dev/mailbox.json?to=box-files@example.com')).json()) as { messages: Array<{ attachments: unknown[] }> };
    expect(json.messages[0]!.attachments).toEqual([{ filename: 'cita.ics', contentType: 'text/calendar; charset=utf-8; method=REQUEST', size: Buffer.byteLength(ICS), url: `/dev/mailbox/${id}/attachments/0` }]);
    // No such file, and a mail without files: 404.
    expect((await t.request(`/dev/mailbox/${id}/attachments/1`)).status).toBe(404);
    await queue('box-nofiles@example.com');
    const plain = await rowOf('box-nofiles@example.com');
    expect((await t.request(`/dev/mailbox/${plain.id}/attachments/0`)).status).toBe(404);
    expect(await (await t.request(`/dev/mailbox/${plain.id}`)).text()).not.toContain('Attachments');
    // A name beyond ASCII: an ASCII stand-in, and the exact name for clients that read RFC 6266's.
    await queue('box-named@example.com', [{ ...file(), filename: 'cita "año" €.ics' }]);
    const named = await rowOf('box-named@example.com');
    expect((await t.request(`/dev/mailbox/${named.id}/attachments/0`)).headers.get('content-disposition')).toBe(`attachment; filename="cita _a_o_ _.ics"; filename*=UTF-8''${encodeURIComponent('cita "año" €.ics')}`);
  });
});
