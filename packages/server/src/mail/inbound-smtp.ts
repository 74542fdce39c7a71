// The inbound SMTP server (smtp-server): an MX for the reply addresses only. It refuses any other
// recipient at RCPT (550), a message over the size limit (552, advertised as SIZE), and a client
// IP past its hourly share (450, try later); AUTH is off, as on any MX. Each message goes to
// InboundMailService.receive; a failure there answers 451 so the sender's server tries again
// (the Message-ID keeps a retry from being added twice).
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../http/logger.js';
import { hit } from '../http/rate-limit.js';
import { INBOUND_DEFAULTS, type InboundMailService } from './inbound.js';

export interface InboundSmtpOptions {
  inbound: InboundMailService;
  db: Database;
  clock: Clock;
  logger: Logger;
  port: number;
  host: string;
  /** PEM files for STARTTLS; without them the server speaks plain SMTP (a relay or TLS proxy in front). */
  tls?: { keyFile: string; certFile: string } | null;
  /** Messages one client IP may deliver per hour. */
  ratePerHour: number;
  /** The SIZE limit in bytes (default INBOUND_DEFAULTS.maxMessageBytes). */
  maxMessageBytes?: number;
  /** Connections served at once (default 10): each may hold a message of up to maxMessageBytes in memory; others get 421 and retry. */
  maxClients?: number;
}

export interface InboundSmtpServer {
  port: number;
  close(): Promise<void>;
}

/** An SMTP reply with its code; smtp-server sends `responseCode` and the message. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startInboundSmtp(o: InboundSmtpOptions): Promise<InboundSmtpServer> {
  const maxBytes = o.maxMessageBytes ?? INBOUND_DEFAULTS.maxMessageBytes;
  const tls = o.tls ? { key: await readFile(o.tls.keyFile), cert: await readFile(o.tls.certFile) } : null;
  /** The case each session's recipients are for: one case per message, so one transaction decides it. */
  const caseOfSession = new WeakMap<SMTPServerSession, number>();
  const options: SMTPServerOptions = {
    logger: false,
    banner: 'Ayuda replies by email',
    size: maxBytes,
    maxClients: o.maxClients ?? 10,
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(tls ? { key: tls.key, cert: tls.cert } : {}),
    // Connections a client left open are dropped this soon after close().
    closeTimeout: 1000,
    onMailFrom(_address, session, callback) {
      const ip = session.remoteAddress || 'unknown';
      hit(o.db.db, { name: 'inbound:ip', limit: o.ratePerHour, windowMs: 3_600_000 }, ip, o.clock.now()).then(
        (s) => callback(s.exceeded ? smtpError(450, `4.7.1 Too many messages from ${ip}; try again in ${s.resetS} seconds`) : undefined),
        (err: unknown) => {
          o.logger.error('mail: inbound rate limit failed', { error: String(err) });
          callback(smtpError(451, '4.3.0 Temporary failure; try again later'));
        },
      );
    },
    onRcptTo(address, session, callback) {
      o.inbound.recipientCase(address.address).then(
        (id) => {
          if (id === null) return callback(smtpError(550, '5.1.1 No such reply address: reply through the link in our mail'));
          const earlier = caseOfSession.get(session);
          if (earlier !== undefined && earlier !== id) return callback(smtpError(452, '4.5.3 One case per message; send this recipient separately'));
          caseOfSession.set(session, id);
          callback();
        },
        (err: unknown) => {
          o.logger.error('mail: inbound recipient check failed', { error: String(err) });
          callback(smtpError(451, '4.3.0 Temporary failure; try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => {
        // Past the limit the rest is read and dropped; the message is refused at its end.
        if (!stream.sizeExceeded) chunks.push(c);
      });
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        caseOfSession.delete(session);
        if (stream.sizeExceeded) return callback(smtpError(552, `5.3.4 Message too big: at most ${maxBytes} bytes`));
        const mailFrom = session.envelope.mailFrom;
        o.inbound
          .receive(Buffer.concat(chunks), { from: mailFrom ? mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), remoteAddress: session.remoteAddress })
          .then(
            (r) => callback(null, `2.0.0 ${r.status}${r.reason ? ` (${r.reason})` : ''}`),
            (err: unknown) => {
              o.logger.error('mail: inbound message failed', { error: String(err) });
              callback(smtpError(451, '4.3.0 Temporary failure; try again later'));
            },
          );
      });
    },
  };
  const server = new SMTPServer(options);
  server.on('error', (err) => o.logger.warn('mail: inbound SMTP error', { error: String(err) }));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
