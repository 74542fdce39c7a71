// "My requests" and the customer's data rights: the overview of their cases and money, the
// export of everything held about them (GDPR article 20) and its erasure (article 17), each
// recorded for the company in `data_requests`.
import { createHash, randomBytes } from 'node:crypto';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { ACCOUNT_EXPORT_FORMAT, ACCOUNT_EXPORT_VERSION, ACCOUNT_LIMITS, PROBLEM_TYPES, type Account, type AccountExportV1, type AccountDeleted, type AccountPayment, type DataRequestList, type Locale } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Customer } from '../customers/service.js';
import type { AuditLog } from '../staff/audit.js';
import type { StaffEventPublisher } from '../live/bus.js';
import { AppError } from '../http/problem.js';
import { enforce } from '../http/rate-limit.js';
import { ERASED_ADDRESS_DOMAIN, enqueueMail } from '../mail/outbox.js';
import * as store from './store.js';

/** Statuses in which a case still waits for someone: listed first. */
const OPEN = ['new', 'open', 'pending_customer'];
/** A subscription in these renews (or tries to): it must be cancelled before the customer is erased. */
const RENEWING = ['active', 'trialing', 'past_due', 'incomplete', 'unpaid'];

/** What replaces what the customer wrote, in the case's language. */
export const ERASED = {
  es: { text: '[Contenido borrado a petición del cliente]', subject: '[Consulta anonimizada]', name: 'Cliente anonimizado' },
  en: { text: '[Content erased at the customer’s request]', subject: '[Anonymised request]', name: 'Anonymised customer' },
} as const;

const erasedOf = (locale: string) => ERASED[locale === 'en' ? 'en' : 'es'];
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
/** Event types a customer sees the effect of (their history), and the fields of each worth exporting. */
const VISIBLE_EVENTS = new Set(['created', 'customer_replied', 'status_changed', 'solved', 'closed', 'lane_changed', 'refunded', 'reopen_window_passed']);
const EVENT_FIELDS = ['from', 'to', 'status', 'lane'];
/** A file name safe in any ZIP reader: no directories, no control characters. */
const safeName = (s: string) => s.replace(/[\\/\p{Cc}:*?"<>|]+/gu, '_').replace(/^\.+/, '_').slice(0, 120) || 'file';

/** What the account needs of cases: the private link of one (rotated when its stored token cannot be opened). */
export interface AccountCases {
  linkOf(tx: Tx, row: store.CaseRow): Promise<string>;
}

export interface AccountExport {
  filename: string;
  zip: Uint8Array;
}

export class AccountService {
  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      config: Config;
      cases: AccountCases;
      audit?: AuditLog;
      /** Consoles showing an erased case reload it (sent when the deletion commits). */
      events?: StaffEventPublisher;
      onMailQueued?: () => void;
    },
  ) {}

  /** The signed-in customer's page: cases open first then newest, payments, subscription. */
  async overview(customer: Customer): Promise<Account> {
    const db = this.deps.db.db;
    const row = await store.customerRow(db, customer.id);
    const rows = await store.casesOf(db, customer.id);
    const sorted = [...rows].sort((a, b) => Number(OPEN.includes(b.status)) - Number(OPEN.includes(a.status)) || b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id).slice(0, ACCOUNT_LIMITS.casesMax);
    // Links may rotate a token nobody can open any more (a changed secret): one transaction,
    // its queries one after another (a transaction is one connection, which runs one at a time).
    const links = await db.transaction(async (tx) => {
      const out: string[] = [];
      for (const r of sorted) out.push(await this.deps.cases.linkOf(tx, r));
      return out;
    });
    const [payments, ents] = await Promise.all([this.#payments(customer), store.entitlementsOf(db, customer.id)]);
    const sub = ents[0];
    return {
      profile: { email: customer.email, name: customer.name, locale: customer.locale === 'en' ? 'en' : 'es', since: (row?.createdAt ?? this.deps.clock.now()).toISOString() },
      cases: sorted.map((r, i) => ({
        reference: r.reference,
        subject: r.subject,
        status: r.status as Account['cases'][number]['status'],
        lane: r.lane as Account['cases'][number]['lane'],
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
        open: OPEN.includes(r.status),
        trackingUrl: links[i]!,
        // The link ends in the token (cases' trackingUrl: …/help/<locale>/cases/<token>).
        trackingToken: links[i]!.slice(links[i]!.lastIndexOf('/') + 1),
      })),
      payments,
      subscription: sub ? { plan: sub.planKey, status: sub.status, currentPeriodEnd: iso(sub.currentPeriodEnd), cancelAtPeriodEnd: sub.cancelAtPeriodEnd } : null,
      canDelete: !ents.some((e) => RENEWING.includes(e.status) && !e.cancelAtPeriodEnd),
    };
  }

  async #payments(customer: Customer): Promise<AccountPayment[]> {
    const db = this.deps.db.db;
    const orders = (await store.ordersOf(db, customer.id)).filter((o) => o.status !== 'open' && o.status !== 'abandoned');
    const refunds = await store.refundsOf(db, orders.map((o) => o.id));
    const refs = new Map((await store.casesOf(db, customer.id)).map((c) => [c.id, c.reference]));
    const locale = customer.locale === 'en' ? 'en' : 'es';
    return orders.map((o) => ({
      id: o.id,
      plan: o.planKey,
      kind: o.kind,
      status: o.status,
      amount: o.amount,
      currency: o.currency,
      amountRefunded: o.amountRefunded,
      createdAt: o.createdAt.toISOString(),
      paidAt: iso(o.paidAt),
      caseReference: o.caseId ? (refs.get(o.caseId) ?? null) : null,
      refunds: refunds.filter((r) => r.orderId === o.id).map((r) => ({ id: r.id, amount: r.amount, status: r.status, createdAt: r.createdAt.toISOString() })),
      receiptUrl: o.paidAt ? `${this.deps.config.publicUrl}/help/${locale}/account/receipts/${o.id}` : null,
    }));
  }

  /** One paid order of the customer, with its refunds, for the receipt page; null if not theirs or unpaid. */
  async receipt(customer: Customer, orderId: number) {
    const db = this.deps.db.db;
    const order = await store.orderOf(db, customer.id, orderId);
    if (!order?.paidAt) return null;
    const caseRef = order.caseId ? ((await store.casesOf(db, customer.id)).find((c) => c.id === order.caseId)?.reference ?? null) : null;
    return { order, refunds: await store.refundsOf(db, [order.id]), caseReference: caseRef };
  }

  /** Everything held about the customer (GDPR art. 20): versioned JSON plus the attachments, as a ZIP. Recorded. */
  async export(customer: Customer): Promise<AccountExport> {
    const db = this.deps.db.db;
    const now = this.deps.clock.now();
    await enforce(db, { name: 'account-export:customer', limit: ACCOUNT_LIMITS.exportsPerHour, windowMs: 3_600_000 }, String(customer.id), now, 'Too many exports in the last hour.');
    const row = await store.customerRow(db, customer.id);
    const caseRows = await store.casesOf(db, customer.id);
    const ids = caseRows.map((c) => c.id);
    const [messages, events, files, orders, ents, sessions, requests, surveys] = await Promise.all([
      store.visibleMessagesOf(db, ids),
      store.eventsOf(db, ids),
      store.attachmentsOf(db, ids),
      store.ordersOf(db, customer.id),
      store.entitlementsOf(db, customer.id),
      store.sessionsOf(db, customer.id),
      store.dataRequestsOf(db, customer.id),
      store.surveyAnswersOf(db, customer.id),
    ]);
    const refunds = await store.refundsOf(db, orders.map((o) => o.id));
    const zip: Zippable = {};
    const pathOf = new Map<number, string>();
    for (const f of files) {
      const ref = caseRows.find((c) => c.id === f.caseId)!.reference;
      const path = `attachments/${ref}/${f.id}-${safeName(f.filename)}`;
      pathOf.set(f.id, path);
      // Stored as they are: images and PDFs are compressed already.
      zip[path] = [new Uint8Array(f.data), { level: 0 }];
    }
    const data: AccountExportV1 = {
      format: ACCOUNT_EXPORT_FORMAT,
      version: ACCOUNT_EXPORT_VERSION,
      exportedAt: now.toISOString(),
      company: this.deps.config.companyName,
      profile: { email: customer.email, name: customer.name, locale: customer.locale, createdAt: iso(row?.createdAt), stripeCustomerId: row?.stripeCustomerId ?? null },
      cases: caseRows.map((c) => ({
        reference: c.reference,
        subject: c.subject,
        category: c.category,
        locale: c.locale,
        status: c.status,
        lane: c.lane,
        channel: c.channel,
        createdAt: iso(c.createdAt),
        updatedAt: iso(c.updatedAt),
        firstRespondedAt: iso(c.firstRespondedAt),
        solvedAt: iso(c.solvedAt),
        closedAt: iso(c.closedAt),
        messages: messages
          .filter((m) => m.caseId === c.id)
          .map((m) => ({
            author: m.author,
            authorName: m.authorName,
            body: m.body,
            createdAt: iso(m.createdAt),
            attachments: files.filter((f) => f.messageId === m.id).map((f) => ({ filename: f.filename, contentType: f.contentType, size: f.size, sha256: f.sha256, path: pathOf.get(f.id)! })),
          })),
        events: events
          .filter((e) => e.caseId === c.id && VISIBLE_EVENTS.has(e.type))
          .map((e) => ({ type: e.type, createdAt: iso(e.createdAt), ...Object.fromEntries(EVENT_FIELDS.filter((k) => k in e.data).map((k) => [k, e.data[k]])) })),
        surveyAnswers: surveys.filter((a) => a.caseId === c.id).map((a) => ({ question: a.question, score: a.score, comment: a.comment, answeredAt: iso(a.answeredAt) })),
      })),
      payments: orders.map((o) => ({
        id: o.id,
        plan: o.planKey,
        kind: o.kind,
        status: o.status,
        amount: o.amount,
        currency: o.currency,
        amountRefunded: o.amountRefunded,
        case: o.caseId ? (caseRows.find((c) => c.id === o.caseId)?.reference ?? null) : null,
        createdAt: iso(o.createdAt),
        paidAt: iso(o.paidAt),
        stripe: { checkoutSessionId: o.checkoutSessionId, paymentIntentId: o.paymentIntentId, subscriptionId: o.subscriptionId },
        terms: o.terms,
        refunds: refunds.filter((r) => r.orderId === o.id).map((r) => ({ amount: r.amount, reason: r.reason, status: r.status, createdAt: iso(r.createdAt), decidedAt: iso(r.decidedAt) })),
      })),
      subscriptions: ents.map((e) => ({ plan: e.planKey, status: e.status, currentPeriodEnd: iso(e.currentPeriodEnd), cancelAtPeriodEnd: e.cancelAtPeriodEnd, createdAt: iso(e.createdAt) })),
      sessions: sessions.map((s) => ({ method: s.method, createdAt: iso(s.createdAt), expiresAt: iso(s.expiresAt) })),
      dataRequests: requests.map((r) => ({ kind: r.kind, createdAt: iso(r.createdAt) })),
    };
    zip['ayuda-export.json'] = strToU8(JSON.stringify(data, null, 2));
    const counts = { cases: caseRows.length, messages: messages.length, attachments: files.length, payments: orders.length };
    await store.recordDataRequest(db, 'export', customer.id, counts, now);
    return { filename: `ayuda-export-${now.toISOString().slice(0, 10)}.zip`, zip: zipSync(zip) };
  }

  /**
   * Erases the customer (GDPR art. 17) in one transaction: cases anonymised (subject and the
   * customer's messages replaced, open ones closed, old links dead), attachments, sessions,
   * codes and earlier mail deleted; the audit log's entries about them kept without what they
   * said; payment records kept as tax law requires, attached only to the customer's id; the
   * confirmation mail queued before the address is erased; a record kept.
   */
  async delete(customer: Customer, confirmEmail: string, locale: Locale | undefined): Promise<AccountDeleted> {
    const now = this.deps.clock.now();
    if (confirmEmail !== customer.email.toLowerCase()) {
      throw new AppError(422, PROBLEM_TYPES.validation, 'Confirmation does not match', 'Type the address you signed in with to confirm the deletion.', [{ field: 'body.confirmEmail', message: 'must be the address you signed in with' }]);
    }
    const mailLocale: Locale = locale ?? (customer.locale === 'en' ? 'en' : 'es');
    const result = await this.deps.db.db.transaction(async (tx) => {
      const row = await store.lockCustomer(tx, customer.id);
      if (!row || row.erasedAt) throw new AppError(401, PROBLEM_TYPES.unauthorized, 'Sign in first', 'This account no longer exists.');
      const ents = await store.entitlementsOf(tx, customer.id);
      if (ents.some((e) => RENEWING.includes(e.status) && !e.cancelAtPeriodEnd)) {
        throw new AppError(409, PROBLEM_TYPES.conflict, 'Cancel your subscription first', 'Your subscription still renews. Cancel it (at the end of the period or now), then delete your data.');
      }
      // Locked, so a reply arriving meanwhile (tracking page, email) waits and then finds the case closed.
      const caseRows = await store.lockCasesOf(tx, customer.id);
      const ids = caseRows.map((c) => c.id);
      const attachments = await store.deleteAttachmentsOf(tx, ids);
      // The team's messages may quote the customer's address or name: they are replaced there too.
      await store.eraseMentions(tx, ids, row.email, row.name, erasedOf(mailLocale).name);
      for (const c of caseRows) {
        const erased = erasedOf(c.locale);
        await store.eraseCustomerMessages(tx, [c.id], erased.text, erased.name);
        const open = c.status !== 'closed';
        await store.updateCase(tx, c.id, {
          subject: erased.subject,
          // The tracking link in earlier mail stops working: a new, never-sent token.
          trackingHash: createHash('sha256').update(randomBytes(24)).digest('hex'),
          trackingTokenEnc: '',
          updatedAt: now,
          ...(open ? { status: 'closed', closedAt: now } : {}),
        });
      }
      await store.clearEventData(tx, ids);
      for (const c of caseRows) {
        await store.insertEvent(tx, c.id, 'customer_erased', {}, now);
        await this.deps.events?.publish(tx, { event: 'case', data: { reference: c.reference, change: 'status', by: 'customer', at: now.toISOString() } });
      }
      await store.deleteSessionsAndCodes(tx, customer.id, row.email);
      await store.deleteMailTo(tx, row.email);
      await store.deleteInboundMailOf(tx, ids, row.email);
      await store.eraseSurveyComments(tx, customer.id);
      // The survey's links in earlier mail stop working, as the tracking links do.
      await store.deleteSurveyInvitations(tx, ids);
      await store.eraseOpportunityNotes(tx, customer.id);
      // Callback requests hold a phone number and notes: they go, with their attempts.
      const callbackIds = await store.deleteCallbacksOf(tx, customer.id, row.email);
      const appointmentIds = await store.deleteAppointmentsOf(tx, customer.id, row.email);
      // The audit log's entries keep who did what and when; what they said about the customer goes.
      await store.eraseAuditData(tx, [...caseRows.map((c) => `case:${c.reference}`), `customer:${customer.id}`, ...callbackIds.map((id) => `callback:${id}`), ...appointmentIds.map((id) => `appointment:${id}`)], row.email);
      const paymentsKept = (await store.ordersOf(tx, customer.id)).filter((o) => o.paidAt).length;
      const counts = { cases: caseRows.length, attachments, paymentsKept };
      await enqueueMail(tx, now, row.email, mailLocale, { template: 'account_deleted', vars: { company: this.deps.config.companyName, ...counts } });
      // The row stays as the pseudonym that payment records keep; nothing in it names the person.
      await store.pseudonymise(tx, customer.id, `erased-${customer.id}@${ERASED_ADDRESS_DOMAIN}`, erasedOf(mailLocale).name, now);
      await store.recordDataRequest(tx, 'deletion', customer.id, counts, now);
      await this.deps.audit?.record({ actor: { key: 'system', name: 'Customer request (GDPR art. 17)' }, action: 'customer.erase', target: `customer:${customer.id}`, data: counts, ip: null }, tx);
      return counts;
    });
    this.deps.onMailQueued?.();
    return { deleted: true, ...result };
  }

  /** The company's record of exports and deletions, newest first. */
  async requests(limit: number): Promise<DataRequestList> {
    const rows = await store.listDataRequests(this.deps.db.db, limit);
    return { requests: rows.map((r) => ({ id: r.id, kind: r.kind as 'export' | 'deletion', customer: `customer:${r.customerId}`, at: r.createdAt.toISOString(), counts: r.counts })) };
  }
}
