// A local SMTP server for tests and the bench: plain SMTP on 127.0.0.1 (a free port), that
// answers each message only after `answerAfterMs`, as a real mail server takes its time, and
// records what it was sent and how many messages it held at once.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** Envelope recipients. */
  to: string[];
  messageId: string | null;
  subject: string | null;
  /** The whole message as received (headers and body), for a test to parse. */
  raw: Buffer;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL or smtpTransport. */
  url: string;
  /** Messages answered 250 (delivered), in the order they were answered. */
  delivered: ReceivedMail[];
  /** Messages refused by `refuse`. */
  refused: ReceivedMail[];
  /** The most messages received and not yet answered at one moment. */
  maxInFlight: number;
  close(): Promise<void>;
}

/** The header fields of a raw message (folded lines joined), by lower-cased name. */
function headers(raw: string): Map<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const out = new Map<string, string>();
  for (const line of head.split(/\r?\n(?![ \t])/)) {
    const colon = line.indexOf(':');
    if (colon > 0) out.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
  }
  return out;
}

export async function startTestSmtpServer(opts: { answerAfterMs?: number; refuse?: (mail: ReceivedMail) => boolean } = {}): Promise<TestSmtpServer> {
  let inFlight = 0;
  const result: TestSmtpServer = {
    url: '',
    delivered: [],
    refused: [],
    maxInFlight: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    // Plain SMTP: the client would otherwise upgrade to TLS and refuse the built-in test certificate.
    disabledCommands: ['STARTTLS', 'AUTH'],
    // Connections a client left open are dropped this soon after close(), so no test waits on them.
    closeTimeout: 100,
    onData(stream, session, callback) {
      inFlight++;
      result.maxInFlight = Math.max(result.maxInFlight, inFlight);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const h = headers(raw.toString('utf8'));
        const mail: ReceivedMail = { to: session.envelope.rcptTo.map((r) => r.address), messageId: h.get('message-id') ?? null, subject: h.get('subject') ?? null, raw };
        setTimeout(() => {
          inFlight--;
          if (opts.refuse?.(mail)) {
            result.refused.push(mail);
            callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          } else {
            result.delivered.push(mail);
            callback();
          }
        }, opts.answerAfterMs ?? 0);
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  result.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return result;
}
