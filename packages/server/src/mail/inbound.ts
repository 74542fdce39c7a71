// Replies by email: what the inbound SMTP server (mail/inbound-smtp.ts) and the development
// mailbox's Reply form hand over, one message at a time. The rules, in order: a message is
// recorded once (by Message-ID); machine-made mail is ignored; a sender who is not the case's
// customer, a case that takes no replies, a bad attachment or a reply too long is refused with a
// mail saying why; what is left after the quoted history and the signature is added to the
// thread as the customer's reply. One transaction per message. See "Replies by email" in
// docs/cases.md.
import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { CASE_LIMITS, type Locale } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../http/logger.js';
import { hit } from '../http/rate-limit.js';
import { inboundMail } from '../db/schema.js';
import { checkFiles, cleanFilename, sniffType, type CheckedFile } from '../cases/attachments.js';
import type { EmailReplyTarget } from '../cases/service.js';
import { enqueueMail, type CaseMailOptions } from './outbox.js';
import type { ReplyAddresses } from './reply-address.js';
import type { EmailReplyRefusedVars } from './templates.js';
import { machineMail } from './auto-reply.js';
import { visibleReply } from './reply-text.js';
import { eq, lt } from 'drizzle-orm';

export const INBOUND_DEFAULTS = {
  /**
   * The largest message the SMTP server takes (its SIZE): every attachment the form allows at
   * its largest, base64-encoded (4/3, plus line breaks), and 1 MB for the text and headers.
   */
  maxMessageBytes: Math.ceil(CASE_LIMITS.attachmentsMax * CASE_LIMITS.attachmentBytesMax * 1.4) + 1024 * 1024,
  /** Refusal mails one address gets per hour: a forged sender cannot turn us into a spam cannon (backscatter). */
  refusalsPerAddressPerHour: 3,
  /**
   * Days a received message's record is kept: far longer than a sending server retries a
   * delivery (about 5 days), so a retry is always recognised; then it goes, with its addresses.
   */
  retentionDays: 90,
  /** Parts that sign a message rather than being attached by the customer; never counted as attachments. */
  signatureTypes: ['application/pkcs7-signature', 'application/x-pkcs7-signature', 'application/pgp-signature', 'application/pgp-keys'],
  /** An image inside the text smaller than this is taken for a signature logo and left out; a larger one (a pasted screenshot) is kept. */
  inlineImageMinBytes: 16 * 1024,
} as const;

export interface InboundEnvelope {
  /** MAIL FROM; '' for the null sender of bounces. */
  from: string;
  /** RCPT TO, as accepted (reply addresses). */
  to: string[];
  /** The client's IP, for the log. */
  remoteAddress?: string | undefined;
}

export type InboundStatus = 'accepted' | 'refused' | 'ignored' | 'duplicate';

export interface InboundResult {
  status: InboundStatus;
  /** Why it was refused or ignored. */
  reason: string | null;
  caseId: number | null;
  /** Whether a refusal mail was queued (not past the per-address limit, not to a machine). */
  told: boolean;
}

/** What replies by email need of cases. */
export interface EmailReplyCases {
  emailReplyTarget(tx: Tx, caseId: number): Promise<EmailReplyTarget | null>;
  addEmailReply(tx: Tx, caseId: number, body: string, files: CheckedFile[]): Promise<{ messageId: number; reopened: boolean }>;
  linkOfCase(tx: Tx, caseId: number): Promise<string>;
  mailOptionsOf(row: { id: number }): CaseMailOptions;
  exists(caseId: number): Promise<boolean>;
}

type FileProblem = 'too_large' | 'type' | 'empty' | 'too_many';

/** The attachments of a message as the case form would take them, or what is wrong with each. */
export function emailAttachments(parsed: Pick<ParsedMail, 'attachments'>): { files: CheckedFile[]; problems: Array<{ name: string; problem: FileProblem }> } {
  const all = parsed.attachments.filter((a) => !(INBOUND_DEFAULTS.signatureTypes as readonly string[]).includes(a.contentType.toLowerCase()));
  // Images inside the text (`cid:`, multipart/related) are mostly signature logos that every
  // reply repeats: they never make a reply refused. A larger one (a pasted screenshot) is kept
  // while the file limit allows, after the real attachments, when it passes the form's checks.
  const inline = (a: (typeof all)[number]) => a.related === true || (a.contentDisposition === 'inline' && !!a.cid);
  const bytesOf = (a: (typeof all)[number]) => new Uint8Array(a.content.buffer, a.content.byteOffset, a.content.byteLength);
  const attached = all.filter((a) => !inline(a));
  const pictures = all.filter((a) => inline(a) && a.size >= INBOUND_DEFAULTS.inlineImageMinBytes && a.size <= CASE_LIMITS.attachmentBytesMax && sniffType(bytesOf(a)));
  const parts = [...attached, ...pictures.slice(0, Math.max(0, CASE_LIMITS.attachmentsMax - attached.length))];
  const incoming = parts.map((a, i) => ({ name: a.filename ?? `attachment-${i + 1}`, bytes: bytesOf(a) }));
  const problems: Array<{ name: string; problem: FileProblem }> = [];
  incoming.forEach((f, i) => {
    const name = cleanFilename(f.name);
    if (i >= CASE_LIMITS.attachmentsMax) problems.push({ name, problem: 'too_many' });
    else if (f.bytes.length === 0) problems.push({ name, problem: 'empty' });
    else if (f.bytes.length > CASE_LIMITS.attachmentBytesMax) problems.push({ name, problem: 'too_large' });
    else if (!sniffType(f.bytes)) problems.push({ name, problem: 'type' });
  });
  if (problems.length) return { files: [], problems };
  // The form's own check, so both channels take exactly the same files.
  const { files, errors } = checkFiles(incoming);
  if (errors.length) throw new Error(`Ayuda: an attachment passed the email checks but not the form's: ${errors.map((e) => e.message).join('; ')}`);
  return { files, problems };
}

/** The header fields of a parsed message by lower-cased name (the first of each), unfolded. */
function headerMap(parsed: ParsedMail): Map<string, string> {
  const out = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    if (out.has(key)) continue;
    const colon = line.indexOf(':');
    out.set(key.toLowerCase(), (colon >= 0 ? line.slice(colon + 1) : '').replace(/\r?\n[ \t]+/g, ' ').trim());
  }
  return out;
}

/**
 * Without NUL, which PostgreSQL text cannot hold: a message carrying one would fail every
 * delivery attempt instead of being added (the API refuses it; mail cannot be asked again).
 */
const clean = (s: string) => s.replace(/\u0000/g, '');

/** The address inside `Name <a@b>` (or the string itself), lower-cased. */
export function bareAddress(s: string): string {
  return (/<([^<>]*)>\s*$/.exec(s)?.[1] ?? s).trim().toLowerCase();
}

export class InboundMailService {
  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      config: Config;
      logger: Logger;
      cases: EmailReplyCases;
      addresses: ReplyAddresses;
      /** Called after a commit that queued mail. */
      onMailQueued?: () => void;
    },
  ) {}

  get enabled(): boolean {
    return this.deps.addresses.enabled;
  }

  /** The case a recipient address is for, when it is a valid reply address of a case that exists. */
  async recipientCase(address: string): Promise<number | null> {
    const id = this.deps.addresses.caseOf(address);
    return id !== null && (await this.deps.cases.exists(id)) ? id : null;
  }

  /** Takes one raw message (RFC 5322) as delivered to the reply addresses in `envelope.to`. */
  async receive(raw: Buffer, envelope: InboundEnvelope): Promise<InboundResult> {
    const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
    const headers = headerMap(parsed);
    const from = clean(parsed.from?.value[0]?.address?.toLowerCase() ?? '').slice(0, 320);
    const envelopeFrom = clean(envelope.from.toLowerCase()).slice(0, 320);
    const caseId = envelope.to.map((a) => this.deps.addresses.caseOf(a)).find((id) => id !== null) ?? null;
    const messageId = parsed.messageId && clean(parsed.messageId).trim();
    // A Message-ID is what a retried delivery keeps; without one, the message's own bytes are.
    // Per case: one message to two cases' addresses arrives as two deliveries (see the 452 in
    // inbound-smtp.ts), and each case gets it.
    const id = messageId ? (messageId.length <= 200 ? `mid:${messageId}` : `mid-sha256:${createHash('sha256').update(messageId).digest('hex')}`) : `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    const messageKey = `${caseId ?? '-'}/${id}`;
    const now = this.deps.clock.now();
    let queued = false;
    const result = await this.deps.db.db.transaction(async (tx): Promise<InboundResult> => {
      const [row] = await tx
        .insert(inboundMail)
        .values({ messageKey, caseId: null, sender: from, envelopeFrom, status: 'ignored', createdAt: now })
        .onConflictDoNothing({ target: inboundMail.messageKey })
        .returning({ id: inboundMail.id });
      if (!row) return { status: 'duplicate', reason: null, caseId, told: false };
      const record = async (r: InboundResult, messageId?: number) => {
        await tx.update(inboundMail).set({ status: r.status, reason: r.reason, caseId: r.caseId, messageId: messageId ?? null }).where(eq(inboundMail.id, row.id));
        return r;
      };
      // The case may have gone since RCPT (or the message came another way): it is looked up, not assumed.
      const target = caseId === null ? null : await this.deps.cases.emailReplyTarget(tx, caseId);
      const machine = machineMail({ headers, envelopeFrom, from, own: [bareAddress(this.deps.config.mailFrom)], replyDomain: this.deps.addresses.domain });
      if (machine) return record({ status: 'ignored', reason: machine, caseId: target?.id ?? null, told: false });
      if (!target) return record({ status: 'ignored', reason: 'unknown_case', caseId: null, told: false });
      // From here on the sender is told why a message is refused.
      const refuse = async (reason: EmailReplyRefusedVars['reason'], vars: EmailReplyRefusedVars, opts: CaseMailOptions) => {
        const told = await this.#tell(tx, from, target.locale, vars, opts, now);
        queued ||= told;
        return record({ status: 'refused', reason, caseId: target.id, told });
      };
      const company = this.deps.config.companyName;
      const newCaseUrl = `${this.deps.config.publicUrl}/help/${target.locale}/contact`;
      if (from === '' || from !== target.customerEmail) return refuse('not_customer', { company, reason: 'not_customer', newCaseUrl }, {});
      if (!target.canReply) return refuse('closed', { company, reason: 'closed', reference: target.reference, subject: target.subject, newCaseUrl }, { caseId: target.id });
      const { files, problems } = emailAttachments(parsed);
      if (problems.length) {
        return refuse(
          'attachments',
          { company, reason: 'attachments', reference: target.reference, subject: target.subject, trackingUrl: await this.deps.cases.linkOfCase(tx, target.id), files: problems, maxMb: CASE_LIMITS.attachmentBytesMax / 1024 / 1024, maxFiles: CASE_LIMITS.attachmentsMax },
          this.deps.cases.mailOptionsOf(target),
        );
      }
      const text = visibleReply(clean(parsed.text ?? ''));
      if (text.length > CASE_LIMITS.replyMax) {
        return refuse('too_long', { company, reason: 'too_long', reference: target.reference, subject: target.subject, trackingUrl: await this.deps.cases.linkOfCase(tx, target.id), maxChars: CASE_LIMITS.replyMax }, this.deps.cases.mailOptionsOf(target));
      }
      if (!text && !files.length) return record({ status: 'ignored', reason: 'empty', caseId: target.id, told: false });
      const body = text || ATTACHMENTS_ONLY[target.locale];
      const added = await this.deps.cases.addEmailReply(tx, target.id, body, files);
      return record({ status: 'accepted', reason: added.reopened ? 'reopened' : null, caseId: target.id, told: false }, added.messageId);
    });
    if (queued) this.deps.onMailQueued?.();
    // No addresses in the log: inbound_mail keeps them, with the case.
    this.deps.logger.info('mail: inbound message', { status: result.status, reason: result.reason, caseId: result.caseId, remoteAddress: envelope.remoteAddress });
    return result;
  }

  /** Queues the refusal mail to `to` unless it already had its share this hour; true when queued. */
  async #tell(tx: Tx, to: string, locale: Locale, vars: EmailReplyRefusedVars, opts: CaseMailOptions, now: Date): Promise<boolean> {
    if (!to) return false;
    const s = await hit(tx, { name: 'inbound:refusals', limit: INBOUND_DEFAULTS.refusalsPerAddressPerHour, windowMs: 3_600_000 }, to, now);
    if (s.exceeded) return false;
    await enqueueMail(tx, now, to, locale, { template: 'email_reply_refused', vars }, opts);
    return true;
  }
}

/** The text of a reply by email that only carries files (a message's body is never empty). */
const ATTACHMENTS_ONLY: Record<Locale, string> = { es: '(Archivos adjuntos, sin texto)', en: '(Attachments, no text)' };

/** Deletes the records of messages received more than INBOUND_DEFAULTS.retentionDays ago (housekeeping). */
export async function purgeInboundMail(database: Database, now: Date): Promise<number> {
  const before = new Date(now.getTime() - INBOUND_DEFAULTS.retentionDays * 86_400_000);
  const gone = await database.db.delete(inboundMail).where(lt(inboundMail.createdAt, before)).returning({ id: inboundMail.id });
  return gone.length;
}
