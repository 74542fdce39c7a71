// Configuration from environment variables, validated at start. Every default lives in
// CONFIG_VARS, which docs/configuration.md and the README table are written from.
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './http/client-ip.js';

export interface ConfigVar {
  name: string;
  default: string | undefined;
  description: string;
}

export const CONFIG_VARS = [
  { name: 'PORT', default: '8787', description: 'HTTP port to listen on (0 picks a free one).' },
  { name: 'HOST', default: '127.0.0.1', description: 'Interface to listen on; `0.0.0.0` in a container.' },
  { name: 'NODE_ENV', default: 'development', description: '`production` turns off development-only pages and demo helpers.' },
  { name: 'AYUDA_PUBLIC_URL', default: 'http://localhost:$PORT', description: 'The URL customers reach the server at; used for canonical links, the sitemap and mails.' },
  { name: 'DATABASE_URL', default: undefined, description: 'PostgreSQL connection URL. When unset, the embedded PGlite database is used.' },
  { name: 'AYUDA_DATA_DIR', default: './.ayuda-data', description: 'Folder of the embedded database (kept across restarts).' },
  { name: 'AYUDA_KB_DIR', default: undefined, description: 'Knowledge-base folder imported at start (`npm start` uses `demo/kb`). Unset: the articles already in the database are served.' },
  { name: 'AYUDA_SITE_DIR', default: undefined, description: 'Folder of static files served at `/` (`npm start` uses `demo/site`).' },
  { name: 'AYUDA_COMPANY_NAME', default: 'Ayuda', description: 'Company name shown in the help portal (`npm start`: Nubefibra).' },
  { name: 'AYUDA_DEFAULT_LOCALE', default: 'es', description: 'Locale for `/help` and requests with no language (`es` or `en`).' },
  { name: 'AYUDA_CORS_ORIGINS', default: '', description: 'Comma-separated origins allowed to call the API from a browser (e.g. `https://www.example.com`). The server\'s own origin is always allowed.' },
  { name: 'AYUDA_BODY_LIMIT', default: '1048576', description: 'Largest request body in bytes.' },
  { name: 'AYUDA_RATE_LIMIT', default: '120', description: 'Requests per minute per IP to rate-limited endpoints (analytics ingestion, the portal\'s search page, captcha challenges, …).' },
  { name: 'AYUDA_SEARCH_RATE_LIMIT', default: '600', description: 'Searches per minute per IP (`GET /api/v1/kb/search` and live search, one count). High: a widget over a large knowledge base searches the server as the customer types, one request per keystroke, and many customers may share one IP.' },
  { name: 'AYUDA_SEARCH_LOCAL_MAX_BYTES', default: '102400', description: 'The largest search index (gzip bytes) the widget downloads to search in the browser; over it, the widget asks the server as the customer types. The default keeps a widget\'s first result under 150 KB (its code is some 45 KB).' },
  { name: 'AYUDA_TRUST_PROXY', default: 'false', description: 'Which reverse proxies to believe about the client IP: `true` (one proxy), a number of proxies, or their comma-separated addresses and CIDRs (e.g. `10.0.0.0/8`). Only the `X-Forwarded-For` entries they appended are read (see docs/security.md).' },
  { name: 'AYUDA_CASE_PREFIX', default: 'AY', description: 'Prefix of case references (`npm start`: NF, as in NF-000123).' },
  { name: 'AYUDA_REOPEN_DAYS', default: '7', description: 'Days after a case is solved during which a customer reply reopens it.' },
  { name: 'AYUDA_NPS_INTERVAL_DAYS', default: '90', description: 'A customer is asked the NPS question ("would you recommend us?") with a solved case at most once in this many days (0: with every solved case).' },
  { name: 'AYUDA_SLA_FILE', default: undefined, description: 'YAML or JSON file with business hours, holidays and per-lane SLA targets (see docs/sla.md). Unset: the defaults there.' },
  { name: 'AYUDA_CASE_RATE_LIMIT', default: '60', description: 'Cases a client IP may submit per hour. Far above the per-address limit: many customers can share one IP (mobile carriers\' NAT, offices, schools).' },
  { name: 'AYUDA_CASE_EMAIL_LIMIT', default: '5', description: 'Cases one email address may submit per hour: the limit that holds back one person.' },
  { name: 'AYUDA_LINKS_EMAIL_LIMIT', default: '3', description: 'Mails with tracking links ("send me my links") one email address may ask for per hour.' },
  { name: 'AYUDA_STAFF_SIGNIN_LIMIT', default: '60', description: 'Staff sign-in attempts (password, mailed link, set-password) one client IP may make per 15 minutes; each account also gets 20, and 10 wrong passwords in a row lock password sign-in for 15 minutes (see docs/security.md).' },
  { name: 'AYUDA_CAPTCHA', default: 'off', description: '`on` asks for a proof-of-work captcha (ALTCHA) before a case is accepted.' },
  { name: 'AYUDA_CAPTCHA_MAX_NUMBER', default: '100000', description: 'Captcha difficulty: the solver tries up to this many numbers (about half on average).' },
  { name: 'AYUDA_CAPTCHA_COST', default: '1', description: 'Captcha work per attempt (hash iterations).' },
  { name: 'AYUDA_SECRET', default: undefined, description: 'Secret for signing captcha challenges (32+ characters). Required in production; development uses a fixed, insecure one.' },
  { name: 'SMTP_URL', default: undefined, description: 'SMTP server for outgoing mail, e.g. `smtps://user:pass@smtp.example.com:465`. Unset: mail goes to the development mailbox at /dev/mailbox (not in production).' },
  { name: 'AYUDA_MAIL_FROM', default: 'Ayuda <support@localhost>', description: 'From address of outgoing mail.' },
  { name: 'AYUDA_INBOUND_SMTP_PORT', default: undefined, description: 'Port of the inbound SMTP server that takes customers\' replies by email (see "Replies by email" in docs/cases.md); `0` picks a free one, `off` turns it off. `ayuda start` outside production listens on 2525 unless set; production only when set (behind the MX, see docs/deployment.md).' },
  { name: 'AYUDA_INBOUND_SMTP_HOST', default: undefined, description: 'Interface the inbound SMTP server listens on. Unset: the same as HOST; `0.0.0.0` to take mail from the internet.' },
  { name: 'AYUDA_INBOUND_SMTP_TLS_KEY', default: undefined, description: 'PEM private key file for STARTTLS on the inbound SMTP server (with AYUDA_INBOUND_SMTP_TLS_CERT). Unset: plain SMTP, for a relay or a TLS proxy in front.' },
  { name: 'AYUDA_INBOUND_SMTP_TLS_CERT', default: undefined, description: 'PEM certificate (chain) file for STARTTLS on the inbound SMTP server.' },
  { name: 'AYUDA_INBOUND_RATE_LIMIT', default: '600', description: 'Messages one client IP may deliver to the inbound SMTP server per hour. High: big mail providers deliver everyone\'s replies from a few addresses.' },
  { name: 'AYUDA_REPLY_DOMAIN', default: undefined, description: 'Domain of the reply addresses (`reply+<token>@DOMAIN`) that case mails carry as Reply-To; its MX must reach the inbound SMTP server. Unset: the domain of AYUDA_MAIL_FROM. Case mails carry a reply address when this is set or the inbound SMTP server is on.' },
  { name: 'AYUDA_MAIL_CONCURRENCY', default: '16', description: 'Mails each server process sends at once, over as many SMTP connections; lower it if the mail server limits connections.' },
  { name: 'STRIPE_SECRET_KEY', default: undefined, description: 'Stripe secret key (`sk_test_...` or `sk_live_...`). Unset outside production: the built-in Stripe emulator takes payments (see docs/stripe.md).' },
  { name: 'STRIPE_WEBHOOK_SECRET', default: undefined, description: 'Signing secret of the Stripe webhook endpoint `/api/v1/stripe/webhook` (`whsec_...`). Required with STRIPE_SECRET_KEY.' },
  { name: 'STRIPE_PUBLISHABLE_KEY', default: undefined, description: 'Stripe publishable key (`pk_...`): turns on embedded checkout; unset, customers are sent to Stripe-hosted checkout.' },
  { name: 'STRIPE_API_BASE', default: undefined, description: 'Another Stripe-compatible endpoint, e.g. `http://127.0.0.1:12111` for stripe-mock.' },
  { name: 'AYUDA_FASTLANE_FILE', default: undefined, description: 'YAML or JSON file with the fast lane\'s name, plans, prices and refund policy (see docs/fastlane.md). Unset: the defaults there.' },
  { name: 'AYUDA_IDENTITY_SECRET', default: undefined, description: 'Secret (32+ characters) with which a site signs identity tokens (JWT, HS256) for customers it already knows.' },
  { name: 'AYUDA_METRICS_TOKEN', default: undefined, description: 'Turns on `GET /metrics` (Prometheus text format), answered only to `Authorization: Bearer <this token>`; 16 or more characters (letters, digits, `-._~+/=`). Unset: `/metrics` is 404 (see docs/deployment.md#metrics).' },
  { name: 'LOG_LEVEL', default: 'info', description: '`debug`, `info`, `warn`, `error` or `silent`.' },
] as const satisfies readonly ConfigVar[];

/** The README's and docs' configuration table, in markdown. */
export function configTable(): string {
  const rows = CONFIG_VARS.map((v) => `| \`${v.name}\` | ${v.default === undefined ? '(unset)' : v.default === '' ? '(none)' : `\`${v.default}\``} | ${v.description} |`);
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const EnvSchema = z.object({
  PORT: int(0, 65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  AYUDA_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  AYUDA_DATA_DIR: z.string().min(1).default('./.ayuda-data'),
  AYUDA_KB_DIR: z.string().min(1).optional(),
  AYUDA_SITE_DIR: z.string().min(1).optional(),
  AYUDA_COMPANY_NAME: z.string().min(1).max(80).default('Ayuda'),
  AYUDA_DEFAULT_LOCALE: z.enum(['es', 'en']).default('es'),
  AYUDA_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin))),
  AYUDA_BODY_LIMIT: int(1024, 1024 * 1024 * 1024).default(1024 * 1024),
  AYUDA_RATE_LIMIT: int(1, 1_000_000).default(120),
  AYUDA_SEARCH_RATE_LIMIT: int(1, 1_000_000).default(600),
  AYUDA_SEARCH_LOCAL_MAX_BYTES: int(0, 1_000_000_000).default(102_400),
  AYUDA_TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v, ctx) => {
      const t = parseTrustProxy(v);
      if (typeof t === 'string') {
        ctx.addIssue({ code: 'custom', message: t });
        return z.NEVER;
      }
      return t;
    }),
  AYUDA_CASE_PREFIX: z.string().regex(/^[A-Z]{1,10}$/, 'one to ten capital letters').default('AY'),
  AYUDA_REOPEN_DAYS: int(0, 365).default(7),
  AYUDA_NPS_INTERVAL_DAYS: int(0, 3650).default(90),
  AYUDA_SLA_FILE: z.string().min(1).optional(),
  AYUDA_CASE_RATE_LIMIT: int(1, 1_000_000).default(60),
  AYUDA_CASE_EMAIL_LIMIT: int(1, 1_000_000).default(5),
  AYUDA_LINKS_EMAIL_LIMIT: int(1, 1_000_000).default(3),
  AYUDA_STAFF_SIGNIN_LIMIT: int(1, 1_000_000).default(60),
  AYUDA_CAPTCHA: z.enum(['on', 'off']).default('off'),
  AYUDA_CAPTCHA_MAX_NUMBER: int(10, 100_000_000).default(100_000),
  AYUDA_CAPTCHA_COST: int(1, 1_000_000).default(1),
  AYUDA_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  AYUDA_MAIL_FROM: z.string().min(3).max(200).default('Ayuda <support@localhost>'),
  AYUDA_MAIL_CONCURRENCY: int(1, 200).default(16),
  AYUDA_INBOUND_SMTP_PORT: z.union([z.literal('off'), int(0, 65535)]).optional(),
  AYUDA_INBOUND_SMTP_HOST: z.string().min(1).optional(),
  AYUDA_INBOUND_SMTP_TLS_KEY: z.string().min(1).optional(),
  AYUDA_INBOUND_SMTP_TLS_CERT: z.string().min(1).optional(),
  AYUDA_INBOUND_RATE_LIMIT: int(1, 1_000_000).default(600),
  AYUDA_REPLY_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/, 'a domain name, e.g. reply.example.com')
    .transform((d) => d.toLowerCase())
    .optional(),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, 'a Stripe secret key (sk_test_... or sk_live_...)').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, 'a webhook signing secret (whsec_...)').optional(),
  STRIPE_PUBLISHABLE_KEY: z.string().regex(/^pk_(test|live)_\w+$/, 'a publishable key (pk_...)').optional(),
  STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  AYUDA_FASTLANE_FILE: z.string().min(1).optional(),
  AYUDA_IDENTITY_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  AYUDA_METRICS_TOKEN: z
    .string()
    .min(16, 'at least 16 characters')
    .regex(/^[A-Za-z0-9._~+/=-]+$/, 'letters, digits and - . _ ~ + / = only (it is sent in an Authorization header)')
    .optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  production: boolean;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  kbDir: string | undefined;
  siteDir: string | undefined;
  companyName: string;
  defaultLocale: 'es' | 'en';
  corsOrigins: string[];
  bodyLimit: number;
  rateLimitPerMinute: number;
  /** Searches per minute per IP. */
  searchRateLimitPerMinute: number;
  /** The largest index (gzip bytes) the widget downloads to search locally; larger, it searches through the server. */
  searchLocalMaxBytes: number;
  trustProxy: TrustProxy;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  casePrefix: string;
  reopenDays: number;
  /** Days between two NPS questions to one customer. */
  npsIntervalDays: number;
  slaFile: string | undefined;
  caseRateLimitPerHour: number;
  caseEmailLimitPerHour: number;
  linksEmailLimitPerHour: number;
  staffSignInLimit: number;
  captcha: boolean;
  captchaMaxNumber: number;
  captchaCost: number;
  secret: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  mailConcurrency: number;
  /** The inbound SMTP server for replies by email; null when off. */
  inboundSmtp: { port: number; host: string; tls: { keyFile: string; certFile: string } | null; ratePerHour: number } | null;
  /** The domain of reply addresses; null when case mails carry none (replies by email off). */
  replyDomain: string | null;
  stripe: { secretKey: string; webhookSecret: string; publishableKey: string | undefined; apiBase: string | undefined } | undefined;
  fastlaneFile: string | undefined;
  identitySecret: string | undefined;
  /** The bearer token of `GET /metrics`; undefined: metrics are off. */
  metricsToken: string | undefined;
  /** The variables set in the environment (not defaults or the caller's overrides): the settings API says a value came from `env`. */
  envVars: string[];
}

/** The domain of the From address, else the public URL's host (as messageIdDomain in mail/outbox.ts). */
export function mailDomainOf(from: string, publicUrl: string): string {
  const address = /<([^<>]*)>\s*$/.exec(from)?.[1] ?? from;
  const domain = address.slice(address.lastIndexOf('@') + 1).trim();
  if (address.includes('@') && /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(domain)) return domain.toLowerCase();
  return new URL(publicUrl).hostname;
}

/** Used only outside production when AYUDA_SECRET is unset; anyone can read it here. */
const DEV_SECRET = 'ayuda-development-secret-do-not-use-in-production';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the configuration; a wrong value throws a ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Record<string, string>> = {}): Config {
  const merged: Record<string, string | undefined> = { ...overrides };
  for (const v of CONFIG_VARS) if (env[v.name] !== undefined && env[v.name] !== '') merged[v.name] = env[v.name];
  const parsed = EnvSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}=${JSON.stringify(merged[String(i.path[0])])}: ${i.message}`);
    throw new ConfigError(`Ayuda: invalid configuration. Fix these environment variables:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.AYUDA_SECRET) {
    throw new ConfigError('Ayuda: invalid configuration. Fix these environment variables:\n  AYUDA_SECRET: required in production (32 or more random characters, e.g. `openssl rand -base64 32`)');
  }
  if (!e.AYUDA_INBOUND_SMTP_TLS_KEY !== !e.AYUDA_INBOUND_SMTP_TLS_CERT) {
    throw new ConfigError('Ayuda: invalid configuration. Fix these environment variables:\n  AYUDA_INBOUND_SMTP_TLS_KEY, AYUDA_INBOUND_SMTP_TLS_CERT: set both (the key and its certificate) or neither');
  }
  const inboundPort = e.AYUDA_INBOUND_SMTP_PORT === undefined || e.AYUDA_INBOUND_SMTP_PORT === 'off' ? null : e.AYUDA_INBOUND_SMTP_PORT;
  if (e.STRIPE_SECRET_KEY && !e.STRIPE_WEBHOOK_SECRET) {
    throw new ConfigError('Ayuda: invalid configuration. Fix these environment variables:\n  STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY (the endpoint\'s signing secret, whsec_...)');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    production: e.NODE_ENV === 'production',
    publicUrl: (e.AYUDA_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.AYUDA_DATA_DIR),
    kbDir: e.AYUDA_KB_DIR ? resolve(e.AYUDA_KB_DIR) : undefined,
    siteDir: e.AYUDA_SITE_DIR ? resolve(e.AYUDA_SITE_DIR) : undefined,
    companyName: e.AYUDA_COMPANY_NAME,
    defaultLocale: e.AYUDA_DEFAULT_LOCALE,
    corsOrigins: e.AYUDA_CORS_ORIGINS,
    bodyLimit: e.AYUDA_BODY_LIMIT,
    rateLimitPerMinute: e.AYUDA_RATE_LIMIT,
    searchRateLimitPerMinute: e.AYUDA_SEARCH_RATE_LIMIT,
    searchLocalMaxBytes: e.AYUDA_SEARCH_LOCAL_MAX_BYTES,
    trustProxy: e.AYUDA_TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    casePrefix: e.AYUDA_CASE_PREFIX,
    reopenDays: e.AYUDA_REOPEN_DAYS,
    npsIntervalDays: e.AYUDA_NPS_INTERVAL_DAYS,
    slaFile: e.AYUDA_SLA_FILE ? resolve(e.AYUDA_SLA_FILE) : undefined,
    caseRateLimitPerHour: e.AYUDA_CASE_RATE_LIMIT,
    caseEmailLimitPerHour: e.AYUDA_CASE_EMAIL_LIMIT,
    linksEmailLimitPerHour: e.AYUDA_LINKS_EMAIL_LIMIT,
    staffSignInLimit: e.AYUDA_STAFF_SIGNIN_LIMIT,
    captcha: e.AYUDA_CAPTCHA === 'on',
    captchaMaxNumber: e.AYUDA_CAPTCHA_MAX_NUMBER,
    captchaCost: e.AYUDA_CAPTCHA_COST,
    secret: e.AYUDA_SECRET ?? DEV_SECRET,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.AYUDA_MAIL_FROM,
    mailConcurrency: e.AYUDA_MAIL_CONCURRENCY,
    inboundSmtp:
      inboundPort === null
        ? null
        : {
            port: inboundPort,
            host: e.AYUDA_INBOUND_SMTP_HOST ?? e.HOST,
            tls: e.AYUDA_INBOUND_SMTP_TLS_KEY ? { keyFile: resolve(e.AYUDA_INBOUND_SMTP_TLS_KEY), certFile: resolve(e.AYUDA_INBOUND_SMTP_TLS_CERT!) } : null,
            ratePerHour: e.AYUDA_INBOUND_RATE_LIMIT,
          },
    replyDomain: e.AYUDA_REPLY_DOMAIN ?? (inboundPort !== null ? mailDomainOf(e.AYUDA_MAIL_FROM, e.AYUDA_PUBLIC_URL ?? `http://localhost:${e.PORT}`) : null),
    stripe: e.STRIPE_SECRET_KEY
      ? { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET!, publishableKey: e.STRIPE_PUBLISHABLE_KEY, apiBase: e.STRIPE_API_BASE }
      : undefined,
    fastlaneFile: e.AYUDA_FASTLANE_FILE ? resolve(e.AYUDA_FASTLANE_FILE) : undefined,
    identitySecret: e.AYUDA_IDENTITY_SECRET,
    metricsToken: e.AYUDA_METRICS_TOKEN,
    envVars: CONFIG_VARS.map((v) => v.name).filter((n) => env[n] !== undefined && env[n] !== ''),
  };
}
