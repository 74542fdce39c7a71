// Builds the HTTP application from its parts. No module-level state: tests give it their
// own database, clock and configuration.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { requestId } from 'hono/request-id';
import { getConnInfo } from '@hono/node-server/conninfo';
import { API_PREFIX, CASE_LIMITS, CaptchaQuerySchema, LOCALES, PROBLEM_TYPES, type AppearanceSettings, type Locale } from '@ayuda/core';
import type { Config } from './config.js';
import type { Database, Tx } from './db/client.js';
import { systemClock, type Clock } from './clock.js';
import { createLogger, type Logger } from './http/logger.js';
import type { AppEnv } from './http/env.js';
import { AppError, notFound, parseOrThrow } from './http/problem.js';
import { respond } from './http/respond.js';
import { isMultipart, requestBodyLimit } from './http/body.js';
import { purgeIdempotencyKeys } from './http/idempotency.js';
import { purgeRateLimits, rateLimit } from './http/rate-limit.js';
import { clientAddress, type TrustProxy } from './http/client-ip.js';
import { liveSearch, type LiveSearch } from './kb/live-search.js';
import { JobWorker, purgeDoneJobs, schedulePeriodic, type PeriodicJob } from './jobs/queue.js';
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_AFTER_S } from './http/unavailable.js';
import { apiErrorAnswer } from './http/error-answer.js';
import { KbService } from './kb/service.js';
import { kbRoutes } from './kb/routes.js';
import { kbStaffRoutes } from './kb/staff-routes.js';
import { KbHealthReport } from './kb/health.js';
import { KbPopular } from './kb/popular.js';
import { KbEditor } from './kb/editor.js';
import { AnalyticsService } from './analytics/service.js';
import { analyticsRoutes } from './analytics/routes.js';
import { analyticsStaffRoutes } from './analytics/staff-routes.js';
import { AnalyticsSummaryService } from './analytics/summary.js';
import { FastlaneAccountService } from './analytics/fastlane-account.js';
import { LaneImpactService } from './analytics/lane-impact.js';
import { AnalyticsSeriesService } from './analytics/series.js';
import { StaffTokens } from './staff/tokens.js';
import { StaffAuth } from './staff/service.js';
import { AuditLog } from './staff/audit.js';
import { staffGate } from './staff/middleware.js';
import { staffAuthRoutes } from './staff/routes.js';
import { StaffDirectory } from './staff/directory.js';
import { STAFF_RATE_LIMITS } from './staff/http.js';
import { actorKey } from './staff/actor.js';
import { StaffEventBus } from './live/bus.js';
import { staffEventRoutes } from './live/routes.js';
import type { PasswordWorkLimits } from './staff/passwords.js';
import { negotiateLocale, portalNotFound, portalPageInputs, portalRoutes, portalTooManyRequests, portalUnavailable } from './portal/routes.js';
import { staticFolder } from './site/static.js';
import { widgetRoutes } from './widget/routes.js';
import { consoleRoutes } from './console/routes.js';
import { openApiDocument } from './openapi.js';
import { CaseService, RESEND_LINKS_JOB } from './cases/service.js';
import { caseRoutes } from './cases/routes.js';
import { staffCaseRoutes } from './cases/staff-routes.js';
import { loadSlaConfig, slaEngine, type LiveSlaEngine, type SlaEngine } from './cases/sla.js';
import { CaptchaService } from './captcha/service.js';
import { MailWorker, devMailboxTransport, messageIdDomain, purgeErasureMail, smtpTransport, type MailTransport } from './mail/outbox.js';
import { devMailboxRoutes } from './mail/routes.js';
import { ReplyAddresses } from './mail/reply-address.js';
import { InboundMailService, purgeInboundMail } from './mail/inbound.js';
import { portalCaseRoutes } from './portal/cases.js';
import { createStripeGateway, type StripeGateway } from './billing/gateway.js';
import { loadFastlaneConfig, type FastlaneConfig } from './fastlane/config.js';
import { LoginService } from './fastlane/login.js';
import { FastlaneService } from './fastlane/service.js';
import { FastlaneLedger } from './fastlane/ledger.js';
import { CustomerService } from './customers/service.js';
import { fastlaneRoutes, staffFastlaneRoutes, stripeWebhookRoute } from './fastlane/routes.js';
import { stripeWebhookListener } from './fastlane/webhook-http.js';
import { orderStatusOfSession } from './fastlane/checkout-state.js';
import { TimeService } from './time/service.js';
import { timeRoutes } from './time/routes.js';
import { OpportunityService } from './opportunities/service.js';
import { opportunityRoutes } from './opportunities/routes.js';
import { AnnouncementService } from './announcements/service.js';
import { announcementRoutes } from './announcements/routes.js';
import { SurveyService, type SurveyCase } from './surveys/service.js';
import { surveyPageRoutes, surveyRoutes } from './surveys/routes.js';
import { surveySection } from './surveys/views.js';
import { PulseService } from './pulse/service.js';
import { pulseRoutes } from './pulse/routes.js';
import { ResponseTimeService } from './support/service.js';
import { supportRoutes } from './support/routes.js';
import { previewRoutes } from './staff/preview.js';
import { replyRenderer } from './kb/markdown.js';
import { VERSION } from './version.js';
import { SettingsService } from './settings/service.js';
import { settingsSections } from './settings/sections.js';
import { holidayRoutes, settingsRoutes } from './settings/routes.js';
import { enqueueJob } from './jobs/queue.js';
import { AccountService } from './account/service.js';
import { accountRoutes } from './account/routes.js';
import { ACCOUNT_PORTAL_LIMITS, portalAccountRoutes } from './portal/account.js';
import { portalAppointmentRoutes } from './portal/appointments.js';
import { AppointmentTokens } from './appointments/tokens.js';
import { AppointmentMailer } from './appointments/notifier.js';
import { AppointmentReminders } from './appointments/reminders.js';
import { CalendarFeeds } from './appointments/feed.js';
import { calendarFeedRoutes } from './appointments/feed-routes.js';
import { AppointmentService } from './appointments/service.js';
import { appointmentRoutes, staffAppointmentAgentRoutes, staffAppointmentRoutes, staffAppointmentTypeRoutes } from './appointments/routes.js';
import type { AppointmentNotifier } from './appointments/ports.js';
import { CallbackService } from './callbacks/service.js';
import { callbackRoutes, staffCallbackRoutes } from './callbacks/routes.js';
import { portalCallbackRoutes } from './callbacks/portal.js';
import { hasActiveEntitlement } from './fastlane/store.js';
import { NO_METRICS, RequestMetrics, UNMATCHED_ROUTE, type RequestRecorder } from './metrics/recorder.js';
import { metricsRoutes } from './metrics/routes.js';
import { routePattern } from './metrics/route-label.js';
import type { TestHooks } from './testing/hooks.js';

export interface AppDeps {
  db: Database;
  /**
   * The configuration. Services read it at use time, and the settings service writes the values
   * saved in the console into it (and into the SLA engine), so a change needs no restart.
   */
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** Overrides the mail transport chosen from the configuration (tests). */
  mailTransport?: MailTransport | null;
  /** Overrides the SLA configuration read from AYUDA_SLA_FILE (tests). */
  sla?: SlaEngine;
  /** The payment gateway; by default built from STRIPE_SECRET_KEY, or none (the fast lane is off). */
  stripe?: StripeGateway | null;
  /** Overrides the fast-lane configuration read from AYUDA_FASTLANE_FILE (tests). */
  fastlane?: FastlaneConfig;
  /** Where the staff console's build is read from (default packages/console/dist/app). */
  consoleDir?: string;
  /** Milliseconds between the heartbeats of the live event streams (default 20 s; tests). */
  liveHeartbeatMs?: number;
  /** How many argon2id hashes run at once and wait (default staff/passwords.ts PASSWORD_WORK_DEFAULTS; tests). */
  passwordWork?: PasswordWorkLimits;
  /** Overrides the appointments' mail to customers (tests). */
  appointmentNotifier?: AppointmentNotifier;
  /** The test-only request and jobs of AYUDA_TEST_HOOKS (testing/hooks.ts). */
  testHooks?: TestHooks;
}

export interface AyudaApp {
  app: Hono<AppEnv>;
  /** `POST /api/v1/stripe/webhook` on node:http, for a server to call before Hono (fastlane/webhook-http.ts). */
  stripeWebhook: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Live search over a WebSocket: the HTTP server's `upgrade` listener (kb/live-search.ts). */
  liveSearch: LiveSearch;
  kb: KbService;
  kbEditor: KbEditor;
  analytics: AnalyticsService;
  /** The admins' figures (the summary, its facts and rollups). */
  analyticsSummary: AnalyticsSummaryService;
  staffTokens: StaffTokens;
  /** Staff accounts, sign-in and sessions. */
  staff: StaffAuth;
  audit: AuditLog;
  cases: CaseService;
  /** The staff event bus behind `GET /staff/events`. */
  events: StaffEventBus;
  captcha: CaptchaService;
  mail: MailWorker;
  /** Replies by email: what the inbound SMTP server hands each message to. */
  inbound: InboundMailService;
  sla: SlaEngine;
  /** Settings changed from the console (`/staff/settings`). */
  settings: SettingsService;
  fastlane: FastlaneService;
  /** The fast lane's settings in effect: the file's, with the console's `fastlane` settings written over them. */
  fastlaneConfig: FastlaneConfig;
  login: LoginService;
  time: TimeService;
  opportunities: OpportunityService;
  /** Notices shown at the top of the widget and the portal (`/staff/announcements`). */
  announcements: AnnouncementService;
  /** The team's usual first-response time per lane, beside every contact entry point (`/support/response-times`). */
  responseTimes: ResponseTimeService;
  /** What a shared portal page shows besides the knowledge base, per locale (see portal/page-cache.ts). */
  portalPageInputs: (locale: Locale) => Promise<string>;
  /** My requests, the data export and the deletion (`/account`). */
  account: AccountService;
  /** Appointment types, slots with the fast lane's reserve, bookings and moves (`/appointments`, `/staff/appointments`). */
  appointments: AppointmentService;
  /** Callback requests and their attempts (`/callbacks`, `/staff/callbacks`). */
  callbacks: CallbackService;
  jobs: JobWorker;
  /** The appointment mails (the booking service's AppointmentNotifier). */
  appointmentMailer: AppointmentMailer;
  /** The reminders 24 hours before each appointment (HOUSEKEEPING.appointmentReminders). */
  appointmentReminders: AppointmentReminders;
  /** The staff's private calendar feeds. */
  calendarFeeds: CalendarFeeds;
  /** Queues this minute's housekeeping jobs unless another process already did. */
  scheduleHousekeeping(): Promise<void>;
  /**
   * Counts each answered request for `/metrics` (a no-op while it is off). The app counts its
   * own; a server that answers some requests before the app calls it for those.
   */
  metrics: RequestRecorder;
  /** The process is shutting down: `/readyz` answers 503 from now on, so balancers stop sending. */
  drain(): void;
  /** Writes what is buffered (analytics). The database is the caller's to close. */
  close(): Promise<void>;
}

/** The housekeeping jobs, each queued once a minute (see scheduleHousekeeping). */
export const HOUSEKEEPING = {
  /** Forget idempotent answers, rate-limit counters, finished jobs and received-mail records past their use. */
  purge: 'housekeeping.purge',
  /** Close solved cases past their reopen window. */
  closeStale: 'cases.close_stale',
  /** Settle payments whose webhook never came. */
  reconcile: 'fastlane.reconcile',
  /** Refund fast-lane payments whose first response came late. */
  slaGuarantee: 'fastlane.sla_guarantee',
  /** End timers left without a heartbeat (a closed tab), at their last heartbeat. */
  idleTimers: 'time.close_idle',
  /** Bring the analytics facts and rollups up to date with the cases changed since the last run. */
  analyticsFacts: 'analytics.facts',
  /** Mail the reminder of each appointment starting within 24 hours (appointments/reminders.ts). */
  appointmentReminders: 'appointments.reminders',
} as const;

/**
 * Searches of one client IP that a process reserves with one write to the rate-limit counter: a
 * widget over a large knowledge base searches on every keystroke, and writing each would cost
 * more than the search. 12 is 2 % of the default limit (600 a minute); see `reservation()`.
 */
export const SEARCH_RATE_BATCH = 12;

/** Recomputes the stored due times of open cases after the `sla` settings changed (see docs/console.md). */
export const SLA_RECOMPUTE_JOB = 'settings.sla_recompute';
/** Open cases recomputed per transaction by SLA_RECOMPUTE_JOB. */
export const SLA_RECOMPUTE_BATCH = 500;
/** When SLA_RECOMPUTE_JOB runs again after a change, for cases created meanwhile under the old rules. */
export const SLA_RECOMPUTE_SECOND_PASS_MS = 10_000;
/** Brings Stripe's products and prices in line with the `fastlane` settings (see docs/fastlane.md). */
export const FASTLANE_SYNC_JOB = 'settings.fastlane_sync';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'https:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
};

function clientIp(c: Context<AppEnv>, trust: TrustProxy): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined; // app.request() in tests has no socket
  }
  return clientAddress(peer, c.req.header('x-forwarded-for'), trust);
}

export function createApp(deps: AppDeps): AyudaApp {
  const { db, config } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const kb = new KbService({ db, clock });
  const popular = new KbPopular({ db, clock, kb });
  const kbEditor = new KbEditor({ db, clock, kb });
  const analytics = new AnalyticsService({ db, clock, logger });
  const ipOf = (c: Context) => clientIp(c as Context<AppEnv>, config.trustProxy);
  const audit = new AuditLog({ db, clock });
  const fastlaneConfig = deps.fastlane ?? loadFastlaneConfig(config.fastlaneFile);
  const staffTokens = new StaffTokens({ db, clock, audit });
  const staff = new StaffAuth({ db, clock, config, audit, settings: { currency: fastlaneConfig.currency }, onMailQueued: () => mail.kick(), ...(deps.passwordWork ? { passwordWork: deps.passwordWork } : {}) });
  // Every /staff endpoint: a staff user's session cookie (CSRF-checked) or a staff API token.
  const gate = staffGate({ tokens: staffTokens, auth: staff, audit, ipOf, secure: config.production });
  const staffOnly = gate.staffOnly;
  // Per client IP, the limit read at each request: the `limits` settings change it without a restart.
  const perIp = (name: string, limit: () => number, windowMs: number, batch = 1) =>
    rateLimit({
      name,
      get limit() {
        return limit();
      },
      windowMs,
      batch,
      db,
      clock,
      key: ipOf,
    });
  const rateLimited = perIp('ip', () => config.rateLimitPerMinute, 60_000);
  // Searches as the customer types, over HTTP and live search alike (one counter): reserved 12 at a time.
  const searchLimited = perIp('search', () => config.searchRateLimitPerMinute, 60_000, SEARCH_RATE_BATCH);
  // Per staff user (after the staff gate), for what the console sends often and a script could flood.
  const perStaffUser = (name: string, perMinute: number) => rateLimit({ name, limit: perMinute, windowMs: 60_000, db, clock, key: (c) => actorKey((c as Context<AppEnv>).get('staff')) });
  // The `sla` settings swap the engine's configuration; one passed in is shared (the demo's seeding app).
  const sla: LiveSlaEngine = deps.sla && 'set' in deps.sla ? (deps.sla as LiveSlaEngine) : slaEngine(deps.sla?.config ?? loadSlaConfig(config.slaFile));
  // A transport built here is closed here; one passed in is the caller's.
  const ownTransport = deps.mailTransport === undefined && config.smtpUrl ? smtpTransport(config.smtpUrl, () => config.mailFrom, { maxConnections: config.mailConcurrency }) : null;
  const transport = deps.mailTransport !== undefined ? deps.mailTransport : (ownTransport ?? (config.production ? null : devMailboxTransport));
  if (!transport) logger.warn('mail: no SMTP_URL in production; mail stays in the outbox until one is configured');
  const mailDomain = messageIdDomain(config.mailFrom, config.publicUrl);
  const mail = new MailWorker({ db, clock, transport, logger, messageIdDomain: mailDomain, concurrency: config.mailConcurrency });
  const customers = new CustomerService({ db });
  const ledger = new FastlaneLedger({ db, plans: () => fastlaneConfig.plans });
  // Staff replies are markdown, shown to customers through the knowledge base's renderer and sanitiser.
  const replyHtml = replyRenderer({ siteUrl: config.publicUrl });
  const events = new StaffEventBus({ db, logger });
  // The surveys read cases through the case service, which asks them when a case is solved.
  const surveyNames = (locale: Locale) => ({ company: config.companyName, service: fastlaneConfig.name[locale] });
  const surveys = new SurveyService({ db, clock, secret: config.secret, npsIntervalDays: config.npsIntervalDays, names: surveyNames, cases: { byTrackingToken: (t): Promise<SurveyCase | null> => cases.caseOfToken(t), byId: (id): Promise<SurveyCase | null> => cases.caseById(id) } });
  const replyAddresses = new ReplyAddresses(config.secret, config.replyDomain);
  const cases = new CaseService({ db, clock, config, sla, customers, finance: ledger, replyHtml, assignees: new StaffDirectory({ db }), categories: kb, events, surveys, replyAddresses, onMailQueued: () => mail.kick(), onJobQueued: () => jobs.kick() });
  const inbound = new InboundMailService({ db, clock, config, logger, cases, addresses: replyAddresses, onMailQueued: () => mail.kick() });
  // Filled in below, once every service the jobs call exists.
  const handlers: ConstructorParameters<typeof JobWorker>[0]['handlers'] = { [RESEND_LINKS_JOB]: cases.sendLinksJob };
  const jobs = new JobWorker({ db, clock, logger, handlers, onJobDone: () => mail.kick() });
  const captcha = new CaptchaService({ db, clock, config });
  const gateway = deps.stripe !== undefined ? deps.stripe : config.stripe ? createStripeGateway(config.stripe) : null;
  const login = new LoginService({ db, clock, config, customers, onMailQueued: () => mail.kick() });
  const fastlane = new FastlaneService({ db, clock, config, fastlane: fastlaneConfig, gateway, cases, customers, kb, sla, logger, ledger, onMailQueued: () => mail.kick() });
  // Hourly costs and opportunities are in the fast lane's currency unless said otherwise.
  const analyticsSummary = new AnalyticsSummaryService({ db, clock, sla: () => sla.config, currency: fastlaneConfig.currency, caseOverhead: () => fastlaneConfig.caseOverheadMinor });
  const time = new TimeService({ db, clock, currency: fastlaneConfig.currency });
  const opportunities = new OpportunityService({ db, clock, currency: fastlaneConfig.currency, timeZone: () => sla.config.hours.timeZone });
  const announcements = new AnnouncementService({ db, clock, categories: kb });
  const responseTimes = new ResponseTimeService({
    db,
    clock,
    fastlane: {
      get enabled() {
        return fastlane.enabled;
      },
      name: (l) => fastlaneConfig.name[l],
    },
  });
  const callbacks = new CallbackService({ db, clock, config, hours: () => sla.config.hours, hasActiveEntitlement: (tx, id) => hasActiveEntitlement(tx, id), onMailQueued: () => mail.kick() });
  const account = new AccountService({ db, clock, config, cases, audit, events, onMailQueued: () => mail.kick() });
  // ---- appointments: mail, reminders and calendar feeds ----
  const appointmentTokens = new AppointmentTokens(config.secret);
  const appointmentMailer = new AppointmentMailer({ clock, config, timeZone: () => sla.config.hours.timeZone, tokens: appointmentTokens });
  const appointmentReminders = new AppointmentReminders({ db, clock, mailer: appointmentMailer, tokens: appointmentTokens, onMailQueued: () => mail.kick() });
  const calendarFeeds = new CalendarFeeds({ db, clock, config, timeZone: () => sla.config.hours.timeZone, fastLaneName: (l) => fastlaneConfig.name[l] });
  const appointments = new AppointmentService({
    db,
    clock,
    // The calendar's zone, hours and holidays are the SLA's business hours, as the console sets them.
    hours: () => sla.config.hours,
    secret: config.secret,
    publicUrl: config.publicUrl,
    notifier: deps.appointmentNotifier ?? appointmentMailer,
    subscribed: (customerId) => hasActiveEntitlement(db.db, customerId),
    onMailQueued: () => mail.kick(),
  });
  // Housekeeping runs as jobs: queued once a minute by whichever process asks first, run once
  // by whichever claims it, taken over by another process if this one dies mid-run.
  const purge = async () => {
    await purgeIdempotencyKeys(db, clock.now());
    await purgeRateLimits(db, clock.now());
    await purgeDoneJobs(db, clock.now());
    await purgeInboundMail(db, clock.now());
    await purgeErasureMail(db);
    await staff.purge();
  };
  Object.assign(handlers, {
    [HOUSEKEEPING.purge]: { standalone: purge },
    [HOUSEKEEPING.closeStale]: { standalone: async () => void (await cases.closeStale()) },
    [HOUSEKEEPING.reconcile]: { standalone: async () => void (await fastlane.reconcile()) },
    [HOUSEKEEPING.slaGuarantee]: { standalone: async () => void (await fastlane.applySlaGuarantee()) },
    [HOUSEKEEPING.idleTimers]: async (tx: Tx) => void (await time.closeIdle(tx)),
    [HOUSEKEEPING.analyticsFacts]: { standalone: async () => void (await analyticsSummary.facts.refresh()) },
    [HOUSEKEEPING.appointmentReminders]: { standalone: async () => void (await appointmentReminders.run()) },
  });
  const periodic: PeriodicJob[] = Object.values(HOUSEKEEPING).map((kind) => ({ kind, everyMs: 60_000 }));
  const perIpCases = perIp('cases:ip', () => config.caseRateLimitPerHour, 3_600_000);
  // A callback costs an agent as much as a case: the same hourly limit per IP, counted apart.
  const perIpCallbacks = perIp('callbacks:ip', () => config.caseRateLimitPerHour, 3_600_000);
  // Bookings per client IP, from the API and the portal's form alike (one count).
  const perIpAppointments = perIp('appointments:ip', () => config.caseRateLimitPerHour, 3_600_000);
  const publicOrigin = new URL(config.publicUrl).origin;
  // Read at each request: the `origins` settings change them without a restart.
  const allowedOrigin = (origin: string) => origin === publicOrigin || config.corsOrigins.includes(origin);

  // Settings saved in the console, over the files and variables read at start: loaded before the
  // first request is answered, and put into effect on every process when one changes.
  const settings = new SettingsService({
    db,
    clock,
    logger,
    sections: settingsSections(config, sla, config.slaFile ? 'file' : 'default', fastlaneConfig),
    onChange: async ({ section, version, tx }) => {
      const now = clock.now();
      if (section === 'fastlane') return void (await enqueueJob(tx, now, FASTLANE_SYNC_JOB, { version }));
      if (section !== 'sla') return;
      await enqueueJob(tx, now, SLA_RECOMPUTE_JOB, { version });
      // A second pass for a case created by a process in the moment before it heard the change.
      await enqueueJob(tx, new Date(now.getTime() + SLA_RECOMPUTE_SECOND_PASS_MS), SLA_RECOMPUTE_JOB, { version, pass: 2 });
    },
    afterChange: (section) => {
      if (section === 'sla' || section === 'fastlane') jobs.kick();
      // The analytics' business-hours table and facts follow the hours; every summary checks them too, so this only saves the first one the wait.
      if (section === 'sla') analyticsSummary.refreshBusinessHours().catch((err: unknown) => logger.warn('analytics: could not rebuild the business hours table', { error: String(err) }));
    },
  });
  handlers[FASTLANE_SYNC_JOB] = {
    // Stripe calls outside any transaction; idempotent (found by lookup key), so a retry is safe.
    standalone: async () => {
      await settings.reload('fastlane');
      if (fastlane.enabled) await fastlane.syncPlans({ archiveUnused: true });
    },
  };
  handlers[SLA_RECOMPUTE_JOB] = {
    // Batches of its own transactions, each safe to run again: a retried job recomputes what is left.
    standalone: async () => {
      // The job may run before this process heard the change: read the rules in effect first.
      await settings.reload('sla');
      let after = 0;
      for (;;) {
        const { lastId } = await cases.recomputeDueTimes(after, SLA_RECOMPUTE_BATCH);
        if (lastId === null) break;
        after = lastId;
      }
    },
  };

  const requests = config.metricsToken ? new RequestMetrics() : null;
  const metrics = config.metricsToken && requests ? metricsRoutes({ token: config.metricsToken, requests, db, clock, version: VERSION, jobsRunning: () => jobs.running().length, mailClaimed: () => mail.claimed().length }) : null;
  let draining = false;
  const hooks = deps.testHooks?.({ db, clock, logger, kickJobs: () => jobs.kick() });
  if (hooks) Object.assign(handlers, hooks.jobs);

  const app = new Hono<AppEnv>();

  app.use(requestId({ headerName: 'X-Request-Id' }));
  app.use(async (c, next) => {
    const started = performance.now();
    c.set('logger', logger);
    c.set('checkAnswers', !config.production);
    await next();
    const ms = performance.now() - started;
    // The route pattern that answered, never the path: paths carry ids and tokens.
    requests?.record(c.req.method, c.get('unmatched') ? UNMATCHED_ROUTE : routePattern(c), c.res.status, ms / 1000);
    logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(ms * 10) / 10,
    });
  });
  const securityHeaders = secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    referrerPolicy: 'strict-origin-when-cross-origin',
    xFrameOptions: 'SAMEORIGIN',
    crossOriginResourcePolicy: false,
    crossOriginOpenerPolicy: 'same-origin',
    strictTransportSecurity: config.publicUrl.startsWith('https:') ? 'max-age=31536000; includeSubDomains' : false,
    // A route that sets one of these itself (a stricter CSP for downloads, no-referrer on
    // case pages, cross-origin for widget files) keeps its own.
    overwrite: false,
  });
  app.use(securityHeaders);
  app.use(
    `${API_PREFIX}/*`,
    cors({
      origin: (origin) => (allowedOrigin(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      // Every header the typed client (packages/client) may send: the conditional ones too, or a
      // page on another origin could fetch a revalidated answer (the widget's index, popular
      // articles, announcements) once and never again.
      allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key', 'X-Ayuda-Channel', 'If-None-Match', 'If-Match'],
      exposeHeaders: ['ETag', 'Retry-After', 'X-Request-Id', 'Idempotent-Replayed', 'RateLimit', 'RateLimit-Policy', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
      maxAge: 600,
    }),
  );
  const globalLimit = requestBodyLimit({
    maxSize: config.bodyLimit,
    onError: () => {
      throw new AppError(413, PROBLEM_TYPES.payloadTooLarge, 'Payload too large', `The request body is larger than ${config.bodyLimit} bytes.`);
    },
  });
  // Only multipart uploads to the endpoints that take files get the attachments' larger
  // limit (those routes enforce it while the body streams in); everything else, JSON to the
  // same endpoints included, gets the general one.
  const withAttachments = new RegExp(`^(${API_PREFIX}/cases/?$|${API_PREFIX}/cases/track/[^/]+/messages$|/help/[a-z]{2}/contact$|/help/[a-z]{2}/cases/[^/]+/reply$)`);
  app.use((c, next) => (c.req.method === 'POST' && isMultipart(c) && withAttachments.test(c.req.path) ? next() : globalLimit(c, next)));
  // Liveness and readiness answer without the database; everything else with the settings in
  // effect (read once per process, then kept up to date by the settings service).
  app.use(async (c, next) => {
    if (c.req.path !== '/healthz' && c.req.path !== '/readyz') await settings.ready();
    await next();
  });

  app.get('/healthz', (c) => c.json({ status: 'ok', version: VERSION }));
  app.get('/readyz', async (c) => {
    if (draining) throw new AppError(503, PROBLEM_TYPES.notReady, 'Not ready', 'The server is shutting down.', undefined, { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_S) });
    try {
      await db.ping();
      await kb.revision();
      return c.json({ status: 'ok', version: VERSION });
    } catch (err) {
      logger.warn('readyz: database not ready', { error: String(err) });
      throw new AppError(503, PROBLEM_TYPES.notReady, 'Not ready', 'The database does not answer.', undefined, { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_S) });
    }
  });
  if (metrics) app.route('/', metrics.routes);
  if (hooks) app.route('/', hooks.routes);

  const api = new Hono<AppEnv>()
    .get('/openapi.json', (c) => c.json(openApiDocument(config.publicUrl + API_PREFIX, VERSION)))
    .route('/kb', kbRoutes({ kb, popular, analytics, login, searchLimited, localMaxBytes: () => config.searchLocalMaxBytes }))
    .route('/analytics', analyticsRoutes({ analytics, staffOnly, rateLimited }))
    .route('/', surveyRoutes({ surveys, staffOnly, rateLimited }))
    .route('/cases', caseRoutes({ cases, captcha, perIp: perIpCases, rateLimited }))
    .route('/callbacks', callbackRoutes({ callbacks, customerOf: (c) => login.customerOf(c), perIp: perIpCallbacks }))
    .route('/staff', staffCallbackRoutes({ callbacks, staffOnly }))
    .route('/', announcementRoutes({ announcements, staffOnly, rateLimited }))
    .route('/support', supportRoutes({ responseTimes, rateLimited }))
    .route('/', accountRoutes({ account, login, rateLimited, staffOnly }))
    .route('/appointments', appointmentRoutes({
      appointments,
      calendarFile: (a, token) => appointmentMailer.calendarFile(a, token),
      customerOf: (c) => login.customerOf(c),
      // Staff see every free slot with `reserved`: by a staff token, or the console's session cookie.
      staffOf: async (c) => {
        const bearer = /^Bearer\s+(ayuda_st_\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
        if (bearer) {
          const t = await staffTokens.verify(bearer);
          return t ? { kind: 'token', id: t.id, name: t.name, role: t.role } : null;
        }
        const s = await gate.session(c);
        return s ? staff.actorOf(s.user) : null;
      },
      rateLimited,
      perIp: perIpAppointments,
    }))
    .route('/staff/appointments', staffAppointmentRoutes({ appointments, staffOnly }))
    .route('/staff/appointment-types', staffAppointmentTypeRoutes({ appointments, staffOnly }))
    .route('/staff/appointment-agents', staffAppointmentAgentRoutes({ appointments, staffOnly }))
    // Before the staff cases router: its `use('*')` guards would otherwise run again for the
    // time and opportunity paths under /staff/cases/{reference}/, which carry their own.
    .route('/staff', timeRoutes({ time, clock, staffOnly }))
    .route('/staff', opportunityRoutes({
      opportunities,
      clock,
      get defaultLocale() {
        return config.defaultLocale;
      },
      staffOnly,
    }))
    .route('/staff', previewRoutes({
      render: replyHtml,
      get defaultLocale() {
        return config.defaultLocale;
      },
      staffOnly,
      limit: perStaffUser('staff-preview:user', STAFF_RATE_LIMITS.previewPerMinute),
    }))
    .route('/staff', pulseRoutes({ pulse: new PulseService({ db, clock, timeZone: () => sla.config.hours.timeZone }), staffOnly }))
    .route('/staff/analytics', analyticsStaffRoutes({ summary: analyticsSummary, laneImpact: new LaneImpactService({ db, clock, sla: () => sla.config, spans: analyticsSummary.spans }), series: new AnalyticsSeriesService({ summary: analyticsSummary, clock, sla: () => sla.config, currency: fastlaneConfig.currency }), fastlaneAccount: new FastlaneAccountService({ db, clock, sla: () => sla.config, fastlane: fastlaneConfig, defaultLocale: config.defaultLocale }), staffOnly, limit: perStaffUser('staff-analytics:user', STAFF_RATE_LIMITS.analyticsPerMinute) }))
    .route('/staff/settings', settingsRoutes({ settings, staffOnly }))
    .route('/staff/holidays', holidayRoutes({ staffOnly }))
    .route('/staff', staffAuthRoutes({ auth: staff, audit, gate, tokens: staffTokens }))
    // Before the booking's staff routes: `/staff/appointments/feed` is no appointment id.
    .route('/', calendarFeedRoutes({ feeds: calendarFeeds, gate, audit, rateLimited }))
    .route('/staff/kb', kbStaffRoutes({ editor: kbEditor, kb, health: new KbHealthReport({ db, clock, analytics }), staffOnly, previewLimit: perStaffUser('staff-kb-preview:user', STAFF_RATE_LIMITS.previewPerMinute) }))
    .route('/staff/cases', staffCaseRoutes({ cases, staffOnly, presenceLimit: perStaffUser('staff-presence:user', STAFF_RATE_LIMITS.presencePerMinute) }))
    .route('/staff/events', staffEventRoutes({ bus: events, staffOnly, stillAllowed: gate.stillAllowed, ...(deps.liveHeartbeatMs ? { heartbeatMs: deps.liveHeartbeatMs } : {}) }))
    .route(
      '/fastlane',
      fastlaneRoutes({
        fastlane,
        login,
        captcha,
        config,
        rateLimited,
        get timeZone() {
          return sla.config.hours.timeZone;
        },
        // The fast lane opened from a request's tracking page mails its code to the request's address.
        caseEmail: async (token) => {
          const row = await cases.caseOfToken(token);
          return row ? ((await customers.byId(null, row.customerId))?.email ?? null) : null;
        },
      }),
    )
    .route('/stripe', stripeWebhookRoute({ fastlane, gateway, logger }))
    .route('/staff/fastlane', staffFastlaneRoutes({ fastlane, clock, staffOnly }))
    .get('/captcha/challenge', rateLimited, async (c) => {
      c.header('Cache-Control', 'no-store');
      const q = parseOrThrow(CaptchaQuerySchema, c.req.query(), 'query');
      return respond(c, 'captchaChallenge', await captcha.challenge(q.purpose));
    })
    .get('/settings', (c) => {
      c.header('Cache-Control', 'public, max-age=60');
      return respond(c, 'settings', { company: config.companyName, locales: [...LOCALES], defaultLocale: config.defaultLocale, captcha: { cases: captcha.required }, caseLimits: { ...CASE_LIMITS, attachmentTypes: [...CASE_LIMITS.attachmentTypes] }, fastlane: { enabled: fastlane.enabled } });
    });
  app.route(API_PREFIX, api);
  app.all(`${API_PREFIX}/*`, () => {
    throw notFound('No such API endpoint; see /api/v1/openapi.json.');
  });

  app.route('/', portalCaseRoutes({
    config,
    get timeZone() {
      return sla.config.hours.timeZone;
    },
    kb, cases, captcha, perIp: perIpCases, rateLimited, fastlaneEnabled: () => fastlane.enabled, paymentOf: (id) => orderStatusOfSession(db, id), announcements: (l) => announcements.active(l), responseTimes: (l) => responseTimes.forLocale(l),
    survey: async (token, locale) => surveySection(locale, await surveys.ofTrackingToken(token)) }));
  app.route('/', portalCallbackRoutes({ config, callbacks, timeZone: () => sla.config.hours.timeZone, now: () => clock.now(), customerOf: (c) => login.customerOf(c), perIp: perIpCallbacks, announcements: (l) => announcements.active(l) }));
  app.route('/', surveyPageRoutes({ surveys, config, rateLimited, announcements: (l) => announcements.active(l) }));
  // The appointment pages without JavaScript, on the booking service (lane from the portal's session cookie, or the appointment's own for its links).
  app.route('/', portalAppointmentRoutes({
    config,
    now: () => clock.now(),
    rateLimited,
    perIp: perIpAppointments,
    customerOf: (c) => login.customerOf(c),
    announcements: (l) => announcements.active(l),
    appointments: {
      types: (l) => appointments.types(l),
      slots: async (type, from, to, viewer) => appointments.slots({ type, from, to }, { lane: viewer.manageToken ? (await appointments.manage(viewer.manageToken)).lane : await appointments.laneOf(viewer.customer) }),
      book: async (input, customer, key) => (await appointments.book(input, { idempotencyKey: key, customer })).body,
      manage: (t) => appointments.manage(t),
      cancel: (t) => appointments.cancel(t),
      reschedule: (t, start) => appointments.reschedule(t, start),
      proposal: (t) => appointments.proposal(t),
      answerProposal: (t, answer) => appointments.answer(t, answer),
    },
  }));
  app.route('/', portalAccountRoutes({
    config,
    get timeZone() {
      return sla.config.hours.timeZone;
    },
    account,
    login,
    captcha,
    fastlane: fastlaneConfig,
    cancelSubscription: (customer) => fastlane.cancelSubscription(customer, true),
    rateLimited,
    withoutCaptcha: perIp('account-nojs:ip', () => ACCOUNT_PORTAL_LIMITS.codesWithoutCaptchaPerIpPerHour, 3_600_000),
    announcements: (l) => announcements.active(l),
  }));
  // The site's theme is written into each /embed.js as it is sent (the `appearance` settings).
  app.route('/', widgetRoutes({ theme: () => settings.view('appearance').value as AppearanceSettings }));
  app.route('/', consoleRoutes(deps.consoleDir ? { dir: deps.consoleDir } : {}));
  app.route('/', portalRoutes({ kb, analytics, config, rateLimited, announcements: (l) => announcements.active(l), responseTimes: (l) => responseTimes.forLocale(l), popular }));
  if (!config.production && transport === devMailboxTransport) app.route('/dev', devMailboxRoutes({ db, messageIdDomain: mailDomain, inbound }));

  if (config.siteDir) {
    const site = staticFolder(config.siteDir, { publicUrl: config.publicUrl, language: (c) => negotiateLocale(c.req.header('accept-language'), config.defaultLocale) });
    app.get('*', async (c, next) => (await site(c)) ?? next());
  }

  app.notFound((c) => {
    c.set('unmatched', true);
    if (c.req.path.startsWith('/help/') || c.req.header('accept')?.includes('text/html')) {
      return portalNotFound(c, config);
    }
    const p = notFound().toProblem(c.req.path, c.get('requestId'));
    return c.body(JSON.stringify(p), 404, { 'Content-Type': 'application/problem+json' });
  });

  app.onError((err, c) => {
    // A database that does not answer is no bug: 503 with Retry-After, on every endpoint.
    if (!(err instanceof AppError) && isDatabaseUnavailable(err) && (c.req.path.startsWith('/help/') || (!c.req.path.startsWith(`${API_PREFIX}/`) && c.req.header('accept')?.includes('text/html')))) {
      logger.warn('database unavailable', { requestId: c.get('requestId'), path: c.req.path, error: String(err.cause ?? err) });
      return portalUnavailable(c, config, UNAVAILABLE_RETRY_AFTER_S);
    }
    // A limit met on a portal page gets a page in the visitor's language, not problem details.
    if (err instanceof AppError && err.status === 429 && c.req.path.startsWith('/help/')) return portalTooManyRequests(c, config, err.headers ?? {});
    const a = apiErrorAnswer(err, c.req.path, c.get('requestId'), logger);
    for (const [k, v] of Object.entries(a.headers)) c.header(k, v);
    return c.body(a.body, a.status as 400, { 'Content-Type': 'application/problem+json' });
  });

  // Stripe's webhook served in front of Hono (server.ts), with the same answers, limit, log line,
  // count and security headers (these read once from the middleware above).
  let securityList: Promise<string[]> | null = null;
  const stripeWebhook = stripeWebhookListener({
    applyEvent: (event) => fastlane.applyEvent(event),
    gateway,
    logger,
    bodyLimit: () => config.bodyLimit,
    ready: () => settings.ready(),
    checkAnswers: !config.production,
    securityHeaders: () =>
      (securityList ??= Promise.resolve(
        new Hono()
          .use(securityHeaders)
          .get('/', (c) => c.body(null))
          .request('/'),
      ).then((r) => [...r.headers].flat())),
    metrics: requests ?? NO_METRICS,
  });

  // Live search (kb/live-search.ts) on the HTTP server's upgrade event (server.ts), beside Hono.
  const live = liveSearch({
    search: (locale, q, limit) => kb.searchResponse(locale, q, limit),
    countSearch: (ip) => searchLimited.count(ip),
    ipOf: (req) => clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'] as string | undefined, config.trustProxy),
    allowedOrigin,
    ready: () => settings.ready(),
    draining: () => draining,
    checkAnswers: !config.production,
    logger,
    metrics: requests ?? NO_METRICS,
  });

  return {
    app,
    stripeWebhook,
    liveSearch: live,
    fastlaneConfig,
    kb,
    kbEditor,
    analytics,
    analyticsSummary,
    staffTokens,
    staff,
    audit,
    cases,
    events,
    captcha,
    mail,
    inbound,
    sla,
    settings,
    fastlane,
    login,
    time,
    opportunities,
    announcements,
    responseTimes,
    portalPageInputs: portalPageInputs({ config, announcements: (l) => announcements.active(l), responseTimes: (l) => responseTimes.forLocale(l), popular }),
    account,
    appointments,
    callbacks,
    jobs,
    appointmentMailer,
    appointmentReminders,
    calendarFeeds,
    scheduleHousekeeping: async () => {
      await schedulePeriodic(db, clock.now(), periodic);
      jobs.kick();
    },
    metrics: requests ?? NO_METRICS,
    drain: () => {
      draining = true;
      live.closeAll();
    },
    close: async () => {
      metrics?.close();
      await settings.close();
      await events.close();
      await jobs.stop();
      await mail.stop();
      ownTransport?.close?.();
      await analytics.flush();
    },
  };
}
