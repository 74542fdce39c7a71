// The portal's "My requests" (/help/:locale/account), working without JavaScript: sign-in with
// a mailed code (the fast lane's, one session cookie for both), the customer's cases, payments,
// receipts and subscription, the data download and the deletion. Forms that change something
// carry a per-session CSRF token and are refused from another origin.
//
// The captcha needs JavaScript. When it runs, a small script solves it and the code request is
// limited as the API's is; without it, the request is accepted under a stricter per-IP limit
// (ACCOUNT_PORTAL_LIMITS) on top of the per-address one every code has (docs/portal.md).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { html, raw } from 'hono/html';
import { setCookie, deleteCookie } from 'hono/cookie';
import { formatDateTime, formatMoney, IdSchema, LocaleSchema, ResendLinkSchema, type Account, type Announcement, type Locale } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import type { Config } from '../config.js';
import { AppError, check } from '../http/problem.js';
import type { CaptchaService } from '../captcha/service.js';
import { LOGIN_DEFAULTS, type Customer, type LoginService } from '../fastlane/login.js';
import { taxIncluded, type FastlaneConfig } from '../fastlane/config.js';
import type { AccountService } from '../account/service.js';
import { layout } from './views.js';
import { t } from './i18n.js';
import { accountStrings } from './account-i18n.js';

/** Codes asked for without the captcha (no JavaScript), per IP and hour. */
export const ACCOUNT_PORTAL_LIMITS = { codesWithoutCaptchaPerIpPerHour: 10 } as const;

export const ACCOUNT_CAPTCHA_SCRIPT_PATH = '/help/assets/account-captcha.js';

export const accountPaths = {
  home: (l: Locale) => `/help/${l}/account`,
  login: (l: Locale) => `/help/${l}/account/login`,
  verify: (l: Locale) => `/help/${l}/account/verify`,
  logout: (l: Locale) => `/help/${l}/account/logout`,
  export: (l: Locale) => `/help/${l}/account/export`,
  delete: (l: Locale) => `/help/${l}/account/delete`,
  cancel: (l: Locale) => `/help/${l}/account/subscription/cancel`,
  receipt: (l: Locale, id: number) => `/help/${l}/account/receipts/${id}`,
};

/**
 * Progressive enhancement of the sign-in form: fetches a captcha challenge, solves it (ALTCHA v2,
 * SHA key derivation, the counter as a big-endian uint32 after the nonce, as the widget's solver
 * does) and puts the payload in the form's `altcha` field before it is sent.
 */
const CAPTCHA_SCRIPT = `const form = document.querySelector('form[data-captcha]');
const hex = (s) => new Uint8Array((s.match(/../g) || []).map((b) => parseInt(b, 16)));
const toHex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
async function solve(p) {
  const nonce = hex(p.nonce), salt = hex(p.salt), cost = Math.max(1, p.cost || 1), len = p.keyLength || 32;
  const prefix = p.keyPrefix.length % 2 === 0 ? hex(p.keyPrefix) : null;
  const start = performance.now();
  for (let counter = 0; counter < 1e8; counter++) {
    const pw = new Uint8Array(nonce.length + 4);
    pw.set(nonce);
    new DataView(pw.buffer).setUint32(nonce.length, counter, false);
    let data = new Uint8Array(salt.length + pw.length);
    data.set(salt);
    data.set(pw, salt.length);
    let key = data;
    for (let i = 0; i < cost; i++) { key = new Uint8Array((await crypto.subtle.digest(p.algorithm, data)).slice(0, len)); data = key; }
    if (prefix ? prefix.every((b, i) => key[i] === b) : toHex(key).startsWith(p.keyPrefix)) return { counter, derivedKey: toHex(key), time: Math.round(performance.now() - start) };
  }
  return null;
}
if (form && window.crypto && crypto.subtle) {
  const field = form.querySelector('input[name=altcha]');
  const status = form.querySelector('[data-captcha-status]');
  const solved = (async () => {
    const res = await fetch('/api/v1/captcha/challenge?purpose=fastlane', { headers: { Accept: 'application/json' } });
    if (!res.ok) return;
    const challenge = await res.json();
    const solution = await solve(challenge.parameters);
    if (solution) field.value = btoa(JSON.stringify({ challenge, solution }));
  })().catch(() => {});
  let sending = false;
  form.addEventListener('submit', (e) => {
    if (sending || field.value) return;
    e.preventDefault();
    if (status) status.hidden = false;
    solved.finally(() => { sending = true; form.requestSubmit ? form.requestSubmit() : form.submit(); });
  });
}
`;

type Values = { email?: string; error?: string; next?: string | null };

/** Where a sign-in started from the page it leads back to: a receipt of the account (`receipts/<id>`), else the account. */
const nextOf = (v: unknown): string | null => (typeof v === 'string' && /^receipts\/\d{1,10}$/.test(v) ? v : null);
const nextField = (next: string | null | undefined) => (next ? html`<input type="hidden" name="next" value="${next}">` : '');

function emailForm(locale: Locale, v: Values): ReturnType<typeof html> {
  const a = accountStrings(locale);
  return html`<h1>${a.title}</h1>
<p>${a.intro}</p>
${v.error ? html`<div class="alert" role="alert" id="email-error">${v.error}</div>` : ''}
<form class="case" method="post" action="${accountPaths.login(locale)}" data-captcha>
<input type="hidden" name="altcha" value="">${nextField(v.next)}
<div class="field${v.error ? ' invalid' : ''}"><label for="email">${a.email}</label>
<input id="email" name="email" type="email" autocomplete="email" maxlength="254" required value="${v.email ?? ''}" aria-invalid="${v.error ? 'true' : 'false'}" aria-describedby="${v.error ? 'email-error' : ''}"></div>
<p class="muted" role="status" data-captcha-status hidden>${a.captchaWorking}</p>
<button type="submit">${a.sendCode}</button>
</form>
<script type="module" src="${ACCOUNT_CAPTCHA_SCRIPT_PATH}"></script>`;
}

function codeForm(locale: Locale, email: string, error?: string, next?: string | null): ReturnType<typeof html> {
  const a = accountStrings(locale);
  return html`<h1>${a.title}</h1>
${error ? html`<div class="alert" role="alert" id="code-error">${error}</div>` : html`<div class="notice" role="status">${a.codeSent(email, LOGIN_DEFAULTS.codeTtlMs / 60_000)}</div>`}
<form class="case" method="post" action="${accountPaths.verify(locale)}">
<input type="hidden" name="email" value="${email}">${nextField(next)}
<div class="field${error ? ' invalid' : ''}"><label for="code">${a.code}</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required aria-invalid="${error ? 'true' : 'false'}" aria-describedby="${error ? 'code-error' : ''}"></div>
<button type="submit">${a.signIn}</button>
</form>
<p><a href="${accountPaths.home(locale)}">${a.otherEmail}</a></p>`;
}

function accountPage(locale: Locale, tz: string, view: Account, csrf: string, opts: { deleteError?: string; conflict?: boolean; planName: (key: string) => string }) {
  const a = accountStrings(locale);
  const s = t(locale);
  const when = (iso: string | null) => formatDateTime(locale, tz, iso);
  const sub = view.subscription;
  const hidden = html`<input type="hidden" name="csrf" value="${csrf}">`;
  return html`<h1>${a.title}</h1>
<p>${a.signedInAs(view.profile.email)}</p>
<form method="post" action="${accountPaths.logout(locale)}" class="inline">${hidden}<button type="submit" class="secondary">${a.signOut}</button></form>
<h2 id="cases">${a.cases}</h2>
${view.cases.length === 0
    ? html`<p>${a.noCases}</p>`
    : html`<ul class="account-cases">${view.cases.map(
        (c) => html`<li data-case="${c.reference}" data-open="${c.open ? 'true' : 'false'}"><a href="${c.trackingUrl}">${c.reference}: ${c.subject}</a> · <span data-status="${c.status}">${s.statuses[c.status] ?? c.status}</span> · ${s.lanes[c.lane] ?? c.lane} · <span>${a.updated}: <time datetime="${c.updatedAt}">${when(c.updatedAt)}</time></span></li>`,
      )}</ul>`}
<h2 id="payments">${a.payments}</h2>
${sub
    ? html`<h3>${a.subscription}: ${opts.planName(sub.plan)}</h3>
<p>${a.subscriptionStatus[sub.status] ?? sub.status}. ${sub.currentPeriodEnd ? (sub.cancelAtPeriodEnd ? a.ends(when(sub.currentPeriodEnd)) : a.renews(when(sub.currentPeriodEnd))) : ''}</p>
${!view.canDelete ? html`<form method="post" action="${accountPaths.cancel(locale)}" class="inline">${hidden}<button type="submit" class="secondary">${a.cancelSub}</button></form>` : ''}`
    : ''}
${view.payments.length === 0
    ? html`<p>${a.noPayments}</p>`
    : html`<ul class="account-payments">${view.payments.map(
        (p) => html`<li><strong>${opts.planName(p.plan)}</strong>${p.caseReference ? ` (${p.caseReference})` : ''} · ${formatMoney(locale, p.amount, p.currency)} · ${a.orderStatus[p.status] ?? p.status}${p.paidAt ? html` · <time datetime="${p.paidAt}">${when(p.paidAt)}</time>` : ''}${p.amountRefunded ? ` · ${a.refunded(formatMoney(locale, p.amountRefunded, p.currency))}` : ''}${p.receiptUrl ? html` · <a href="${accountPaths.receipt(locale, p.id)}">${a.receipt}</a>` : ''}</li>`,
      )}</ul>`}
<h2 id="data">${a.yourData}</h2>
<p>${a.downloadHelp}</p>
<p><a class="button secondary" href="${accountPaths.export(locale)}" download>${a.download}</a></p>
<h3 id="delete">${a.deleteTitle}</h3>
<p>${a.deleteHelp}</p>
<p>${a.deleteKept}</p>
${opts.conflict || !view.canDelete ? html`<div class="alert" role="alert">${a.deleteSubFirst}</div>` : ''}
${opts.deleteError ? html`<div class="alert" role="alert" id="confirmEmail-error">${opts.deleteError}</div>` : ''}
${view.canDelete
    ? html`<form class="case" method="post" action="${accountPaths.delete(locale)}">${hidden}
<div class="field${opts.deleteError ? ' invalid' : ''}"><label for="confirmEmail">${a.confirmEmail}</label>
<input id="confirmEmail" name="confirmEmail" type="email" autocomplete="off" maxlength="254" required aria-invalid="${opts.deleteError ? 'true' : 'false'}" aria-describedby="${opts.deleteError ? 'confirmEmail-error' : ''}"></div>
<button type="submit" class="danger">${a.deleteButton}</button>
</form>`
    : ''}`;
}

export function portalAccountRoutes(deps: {
  config: Config;
  timeZone: string;
  account: AccountService;
  login: LoginService;
  captcha: CaptchaService;
  fastlane: FastlaneConfig;
  cancelSubscription: (customer: Customer) => Promise<unknown>;
  rateLimited: MiddlewareHandler<AppEnv>;
  /** The stricter per-IP limit on codes asked for without the captcha. */
  withoutCaptcha: MiddlewareHandler<AppEnv>;
  announcements?: (locale: Locale) => Promise<Announcement[]>;
}) {
  const { config, account, login } = deps;
  const app = new Hono<AppEnv>();
  const secureCookie = config.publicUrl.startsWith('https:');
  const publicOrigin = new URL(config.publicUrl).origin;
  const localeOf = (c: Context): Locale | null => LocaleSchema.safeParse(c.req.param('locale')).data ?? null;
  const planName = (locale: Locale) => (key: string) => deps.fastlane.plans.find((p) => p.key === key)?.name[locale] ?? key;

  const render = async (c: Context, locale: Locale, title: string, body: Parameters<typeof layout>[1], status: 200 | 401 | 403 | 409 | 422 | 429 = 200) => {
    const shown = deps.announcements ? await deps.announcements(locale) : [];
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    // Nothing of these pages goes to another site; `same-origin`, not `no-referrer`, so that the
    // browser names this origin in the Origin header of the forms' posts (checked below).
    c.header('Referrer-Policy', 'same-origin');
    return c.html(layout({ locale, title, description: title, canonical: config.publicUrl + accountPaths.home(locale), alternates: {}, noindex: true, company: config.companyName, announcements: shown }, body), status);
  };

  const csrfOf = (token: string) => createHmac('sha256', config.secret).update(`portal-account-csrf:${token}`).digest('base64url');
  /** A form sent from this site: no foreign Origin (or Sec-Fetch-Site), and, when signed in, the session's token. */
  const sameSite = (c: Context) => {
    const origin = c.req.header('origin');
    if (origin && origin !== publicOrigin && origin !== new URL(c.req.url).origin) return false;
    const site = c.req.header('sec-fetch-site');
    return site === undefined || site === 'same-origin' || site === 'none';
  };
  const csrfOk = (c: Context, sent: unknown) => {
    const token = login.tokenOf(c);
    if (!token || typeof sent !== 'string') return false;
    const a = Buffer.from(sent);
    const b = Buffer.from(csrfOf(token));
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const refused = (c: Context, locale: Locale) => render(c, locale, accountStrings(locale).title, html`<h1>${accountStrings(locale).title}</h1><div class="alert" role="alert">${accountStrings(locale).errors.csrf}</div><p><a href="${accountPaths.home(locale)}">${accountStrings(locale).title}</a></p>`, 403);
  const form = (c: Context) => c.req.parseBody().catch(() => ({}) as Record<string, unknown>);

  const showAccount = async (c: Context, locale: Locale, customer: Customer, opts: { deleteError?: string; conflict?: boolean } = {}, status: 200 | 409 | 422 = 200) => {
    const view = await account.overview(customer);
    return render(c, locale, accountStrings(locale).title, accountPage(locale, deps.timeZone, view, csrfOf(login.tokenOf(c)!), { ...opts, planName: planName(locale) }), status);
  };

  app.get(ACCOUNT_CAPTCHA_SCRIPT_PATH, (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(CAPTCHA_SCRIPT);
  });

  app.get('/help/:locale/account', async (c) => {
    const locale = localeOf(c);
    if (!locale) return c.notFound();
    const customer = await login.customerOf(c);
    if (!customer) return render(c, locale, accountStrings(locale).title, emailForm(locale, { next: nextOf(c.req.query('next')) }));
    return showAccount(c, locale, customer);
  });

  /**
   * What both sign-in forms start with: the page's language, a same-site check, the form and its
   * address; a Response when the request ends there (404, refused, the address refused).
   */
  const signInForm = async (c: Context, addressRefused: (locale: Locale, body: Record<string, unknown>, next: string | null) => ReturnType<typeof emailForm>) => {
    const locale = localeOf(c);
    if (!locale) return c.notFound();
    if (!sameSite(c)) return refused(c, locale);
    const a = accountStrings(locale);
    const body = await form(c);
    const next = nextOf(body.next);
    const parsed = check(ResendLinkSchema, { email: body.email, locale });
    if (!parsed.success) return render(c, locale, a.title, addressRefused(locale, body, next), 422);
    return { locale, a, body, next, email: parsed.data.email };
  };

  app.post('/help/:locale/account/login', deps.rateLimited, async (c) => {
    const f = await signInForm(c, (locale, body, next) => emailForm(locale, { email: typeof body.email === 'string' ? body.email : '', error: accountStrings(locale).errors.email!, next }));
    if (f instanceof Response) return f;
    const { locale, a, body, next, email } = f;
    try {
      const altcha = typeof body.altcha === 'string' && body.altcha ? body.altcha : null;
      if (altcha) await deps.captcha.verify(altcha, 'body.captcha', 'fastlane');
      else await deps.withoutCaptcha(c, async () => {});
      await login.requestCode(email, locale);
    } catch (err) {
      if (err instanceof AppError && (err.status === 429 || err.status === 403)) {
        return render(c, locale, a.title, emailForm(locale, { email, error: err.status === 429 ? a.errors.rate! : a.errors.captcha!, next }), err.status);
      }
      throw err;
    }
    return render(c, locale, a.title, codeForm(locale, email, undefined, next));
  });

  app.post('/help/:locale/account/verify', deps.rateLimited, async (c) => {
    const f = await signInForm(c, (locale, _body, next) => emailForm(locale, { error: accountStrings(locale).errors.email!, next }));
    if (f instanceof Response) return f;
    const { locale, a, body, next, email } = f;
    const code = typeof body.code === 'string' ? body.code.trim() : '';
    if (!/^\d{6}$/.test(code)) return render(c, locale, a.title, codeForm(locale, email, a.errors.code, next), 422);
    try {
      const s = await login.verifyCode(email, code, locale);
      // Max-Age, not Expires: the session's life counted by the browser, whatever its clock says.
      setCookie(c, LOGIN_DEFAULTS.cookie, s.token, { httpOnly: true, secure: secureCookie, sameSite: 'Lax', path: '/', maxAge: Math.floor(LOGIN_DEFAULTS.sessionTtlMs / 1000) });
    } catch (err) {
      if (err instanceof AppError && (err.status === 401 || err.status === 429)) return render(c, locale, a.title, codeForm(locale, email, err.status === 429 ? a.errors.rate : a.errors.code, next), err.status);
      throw err;
    }
    return c.redirect(next ? `${accountPaths.home(locale)}/${next}` : accountPaths.home(locale), 303);
  });

  app.post('/help/:locale/account/logout', async (c) => {
    const locale = localeOf(c);
    if (!locale) return c.notFound();
    const body = await form(c);
    if (!sameSite(c) || !csrfOk(c, body.csrf)) return refused(c, locale);
    await login.signOut(login.tokenOf(c)!);
    deleteCookie(c, LOGIN_DEFAULTS.cookie, { path: '/' });
    return c.redirect(accountPaths.home(locale), 303);
  });

  app.get('/help/:locale/account/export', deps.rateLimited, async (c) => {
    const locale = localeOf(c);
    if (!locale) return c.notFound();
    const customer = await login.customerOf(c);
    // A link on another site must not download (and count) an export with the cookie it sends.
    if (!customer || c.req.header('sec-fetch-site') === 'cross-site') return c.redirect(accountPaths.home(locale), 303);
    const out = await account.export(customer);
    c.header('Content-Type', 'application/zip');
    c.header('Content-Disposition', `attachment; filename="${out.filename}"`);
    c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', "default-src 'none'; sandbox");
    return c.body(out.zip as Uint8Array<ArrayBuffer>);
  });

  app.post('/help/:locale/account/delete', deps.rateLimited, async (c) => {
    const locale = localeOf(c);
    if (!locale) return c.notFound();
    const body = await form(c);
    if (!sameSite(c) || !csrfOk(c, body.csrf)) return refused(c, locale);
    const customer = await login.customerOf(c);
    if (!customer) return c.redirect(accountPaths.home(locale), 303);
    const a = accountStrings(locale);
    const confirm = typeof body.confirmEmail === 'string' ? body.confirmEmail.trim().toLowerCase() : '';
    try {
      const done = await account.delete(customer, confirm, locale);
      deleteCookie(c, LOGIN_DEFAULTS.cookie, { path: '/' });
      return render(c, locale, a.deletedTitle, html`<h1>${a.deletedTitle}</h1><div class="notice" role="status">${a.deleted(done.cases, done.attachments)}</div><p>${done.paymentsKept ? a.deleteKept : ''}</p><p><a href="/help/${locale}/">${t(locale).backHome}</a></p>`);
    } catch (err) {
      if (err instanceof AppError && err.status === 422) return showAccount(c, locale, customer, { deleteError: a.deleteWrong }, 422);
      if (err instanceof AppError && err.status === 409) return showAccount(c, locale, customer, { conflict: true }, 409);
      throw err;
    }
  });

  app.post('/help/:locale/account/subscription/cancel', deps.rateLimited, async (c) => {
    const locale = localeOf(c);
    if (!locale) return c.notFound();
    const body = await form(c);
    if (!sameSite(c) || !csrfOk(c, body.csrf)) return refused(c, locale);
    const customer = await login.customerOf(c);
    if (!customer) return c.redirect(accountPaths.home(locale), 303);
    await deps.cancelSubscription(customer);
    return c.redirect(`${accountPaths.home(locale)}#data`, 303);
  });

  app.get('/help/:locale/account/receipts/:id', async (c) => {
    const locale = localeOf(c);
    const id = IdSchema.safeParse(c.req.param('id')).data;
    if (!locale || !id) return c.notFound();
    const customer = await login.customerOf(c);
    if (!customer) return c.redirect(`${accountPaths.home(locale)}?next=receipts/${id}`, 303);
    const r = await account.receipt(customer, id);
    if (!r) return c.notFound();
    const a = accountStrings(locale);
    const o = r.order;
    const tax = o.terms ? o.terms.tax : deps.fastlane.tax;
    const name = o.terms?.planName[locale] ?? planName(locale)(o.planKey);
    const money = (n: number) => formatMoney(locale, n, o.currency);
    return render(c, locale, a.receiptFor(o.id), html`<h1>${a.receiptFor(o.id)}</h1>
<dl class="case-facts">
<div><dt>${config.companyName}</dt><dd>${deps.fastlane.name[locale]}: ${name}${r.caseReference ? ` (${r.caseReference})` : ''}</dd></div>
<div><dt>${a.date}</dt><dd><time datetime="${o.paidAt!.toISOString()}">${formatDateTime(locale, deps.timeZone, o.paidAt!.toISOString())}</time></dd></div>
<div><dt>${a.amount}</dt><dd>${money(o.amount)}${tax ? raw('<br>') : ''}${tax ? `${tax.label[locale]} (${tax.rate} %): ${money(taxIncluded(o.amount, tax.rate))}` : ''}</dd></div>
<div><dt>${a.email}</dt><dd>${customer.email}</dd></div>
${r.refunds.filter((x) => x.status === 'succeeded').map((x) => html`<div><dt>${a.refunded(money(x.amount))}</dt><dd><time datetime="${x.createdAt.toISOString()}">${formatDateTime(locale, deps.timeZone, x.createdAt.toISOString())}</time></dd></div>`)}
</dl>
<p><a href="${accountPaths.home(locale)}#payments">${a.title}</a></p>`);
  });

  return app;
}
