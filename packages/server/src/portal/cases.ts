// The portal's case pages, working without JavaScript: the contact form, the private case
// page behind the tracking link (thread, status, due times, reply with files, close), and
// "send me my links again".
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { html, raw } from 'hono/html';
import { CaseCreateSchema, CaseReplySchema, LocaleSchema, TrackingParamsSchema, formatDateTime, type CaseView, type Announcement, type Category, type Locale, type ResponseTimes, ResendLinkSchema } from '@ayuda/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';
import type { Config } from '../config.js';
import type { KbService } from '../kb/service.js';
import type { CaseService } from '../cases/service.js';
import type { CaptchaService } from '../captcha/service.js';
import { AppError, check } from '../http/problem.js';
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_AFTER_S } from '../http/unavailable.js';
import { originReached } from '../http/origin.js';
import { wasCharged } from '../fastlane/checkout-state.js';
import { readFields, uploadLimit } from '../cases/routes.js';
import { announcementItem, layout, usualReply } from './views.js';
import { t, type PortalStrings } from './i18n.js';

export const casePaths = {
  contact: (l: Locale) => `/help/${l}/contact`,
  case: (l: Locale, token: string) => `/help/${l}/cases/${token}`,
  links: (l: Locale) => `/help/${l}/cases`,
};

type Values = Record<string, string>;

/** Dates in the company's time zone (the SLA's), with the zone named. */
/** The same style as mail and the widget: the company's time zone, named. */
const fmt = (locale: Locale, timeZone: string, iso: string | null) => formatDateTime(locale, timeZone, iso);

/** Maps API field errors (`body.email`, `body.attachments.2`) to the form's localized messages. */
function localizedErrors(s: PortalStrings, err: unknown): Record<string, string> {
  if (err instanceof AppError) {
    if (err.status === 429) return { form: s.errors.rate! };
    if (err.status === 409) return { form: s.errors.closed! };
    const out: Record<string, string> = {};
    for (const e of err.errors ?? []) {
      const key = e.field.split('.')[1] ?? 'form';
      out[key] = s.errors[key] ?? s.errors.generic!;
    }
    if (Object.keys(out).length) return out;
  }
  return { form: s.errors.generic! };
}

function field(id: string, label: string, control: unknown, error?: string) {
  return html`<div class="field${error ? ' invalid' : ''}">
<label for="${id}">${label}</label>
${control}
${error ? html`<p class="error" id="${id}-error">${error}</p>` : ''}
</div>`;
}

const describedBy = (id: string, errors: Record<string, string>) => (errors[id] ? `${id}-error` : '');

function contactForm(locale: Locale, categories: Category[], values: Values, errors: Record<string, string>, key: string, announcements: Announcement[] = []) {
  const s = t(locale);
  // Without JavaScript the page cannot react to the select; a form shown again (after an error) shows the chosen category's notice.
  const matching = values.category ? announcements.filter((a) => a.category === values.category) : [];
  return html`<h1>${s.contact}</h1>
<p>${s.contactIntro} <a href="/help/${locale}/">${s.categories}</a></p>
<p>${s.callbackOffer} <a href="/help/${locale}/callback">${s.callbackLink}</a> ${s.or} <a href="/help/${locale}/appointments">${s.appointmentLink}</a></p>
${errors.form || Object.keys(errors).length ? html`<div class="alert" role="alert">${errors.form ?? s.fixErrors}</div>` : ''}
<form class="case" method="post" action="${casePaths.contact(locale)}" enctype="multipart/form-data" novalidate>
<input type="hidden" name="idempotencyKey" value="${key}">
${field('name', s.fieldName, html`<input id="name" name="name" autocomplete="name" maxlength="100" required value="${values.name ?? ''}" aria-invalid="${errors.name ? 'true' : 'false'}" aria-describedby="${describedBy('name', errors)}">`, errors.name)}
${field('email', s.fieldEmail, html`<input id="email" name="email" type="email" autocomplete="email" maxlength="254" required value="${values.email ?? ''}" aria-invalid="${errors.email ? 'true' : 'false'}" aria-describedby="${describedBy('email', errors)}">`, errors.email)}
${field(
    'category',
    s.fieldCategory,
    html`<select id="category" name="category"><option value="">${s.fieldCategoryNone}</option>${categories.map(
      (c) => html`<option value="${c.key}" ${values.category === c.key ? 'selected' : ''}>${c.name}</option>`,
    )}</select>${matching.length ? html`<div class="ann-note" role="status"><p class="skip">${s.announcementFor}</p>${matching.map((a) => announcementItem(locale, a))}</div>` : ''}`,
  )}
${field('subject', s.fieldSubject, html`<input id="subject" name="subject" maxlength="200" required value="${values.subject ?? ''}" aria-invalid="${errors.subject ? 'true' : 'false'}" aria-describedby="${describedBy('subject', errors)}">`, errors.subject)}
${field('description', s.fieldDescription, html`<textarea id="description" name="description" rows="8" maxlength="20000" required aria-invalid="${errors.description ? 'true' : 'false'}" aria-describedby="${describedBy('description', errors)}">${values.description ?? ''}</textarea>`, errors.description)}
${field('attachments', s.fieldAttachments, html`<input id="attachments" name="attachments" type="file" multiple accept="image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain" aria-describedby="${describedBy('attachments', errors)}">`, errors.attachments)}
<div class="hp" aria-hidden="true"><label for="website">${s.honeypot}</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">${s.send}</button>
</form>`;
}

/**
 * The widget, on the pages that offer the fast lane: its buttons (`data-ayuda-fastlane`) are
 * rendered hidden and shown by embed.js, so they appear only where the widget runs.
 */
const widgetScript = (locale: Locale) => html`<script type="module" src="/embed.js" data-locale="${locale}"></script>`;

function casePage(locale: Locale, tz: string, token: string, v: CaseView, opts: { received: boolean; errors: Record<string, string>; draft: string; fastlane: boolean; responseTimes?: ResponseTimes | null; survey: unknown }) {
  const s = t(locale);
  return html`<h1>${s.caseTitle(v.reference)}: ${v.subject}</h1>
${opts.received ? html`<div class="notice" role="status">${s.caseReceived(v.reference)}</div>` : ''}
<dl class="case-facts">
<div><dt>${s.status}</dt><dd data-status="${v.status}">${s.statuses[v.status] ?? v.status}</dd></div>
<div><dt>${s.lane}</dt><dd data-lane="${v.lane}">${s.lanes[v.lane] ?? v.lane}</dd></div>
${v.firstRespondedAt
    ? html`<div><dt>${s.answeredAt}</dt><dd><time datetime="${v.firstRespondedAt}">${fmt(locale, tz, v.firstRespondedAt)}</time></dd></div>`
    : v.firstResponseDue
      ? html`<div><dt>${s.firstResponseBy}</dt><dd><time datetime="${v.firstResponseDue}">${fmt(locale, tz, v.firstResponseDue)}</time></dd></div>`
      : ''}
${v.resolutionDue && !['solved', 'closed'].includes(v.status) ? html`<div><dt>${s.resolutionBy}</dt><dd><time datetime="${v.resolutionDue}">${fmt(locale, tz, v.resolutionDue)}</time></dd></div>` : ''}
</dl>
${opts.fastlane && v.lane === 'standard' && !v.firstRespondedAt && !['solved', 'closed'].includes(v.status)
    ? html`<p><button type="button" class="secondary" data-ayuda-fastlane="${token}" hidden>${s.fastlaneCta}</button>${usualReply(locale, opts.responseTimes, 'fast')}</p>${widgetScript(locale)}`
    : ''}
${opts.survey}
<h2 id="thread">${s.conversation}</h2>
<ol class="thread">
${v.messages.map(
    (m) => html`<li class="msg ${m.author}"><p class="meta"><strong>${m.author === 'customer' ? s.you : m.authorName}</strong> · <time datetime="${m.createdAt}">${fmt(locale, tz, m.createdAt)}</time></p>
${m.html !== null ? html`<div class="msg-body md">${raw(m.html)}</div>` : html`<div class="msg-body">${m.body}</div>`}
${m.attachments.length ? html`<ul class="files">${m.attachments.map((a) => html`<li><a href="${a.url}" download>${a.filename}</a> (${Math.max(1, Math.round(a.size / 1024))} KB)</li>`)}</ul>` : ''}</li>`,
  )}
</ol>
${v.canReply
    ? html`<h2 id="reply">${s.reply}</h2>
${opts.errors.form || opts.errors.body || opts.errors.attachments ? html`<div class="alert" role="alert">${opts.errors.form ?? opts.errors.body ?? opts.errors.attachments}</div>` : ''}
${v.reopenableUntil ? html`<p>${s.reopenNote(fmt(locale, tz, v.reopenableUntil))}</p>` : ''}
<form class="case" method="post" action="${casePaths.case(locale, token)}/reply" enctype="multipart/form-data">
${field('body', s.replyLabel, html`<textarea id="body" name="body" rows="6" maxlength="20000" required>${opts.draft}</textarea>`)}
${field('attachments', s.fieldAttachments, html`<input id="attachments" name="attachments" type="file" multiple accept="image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain">`)}
<button type="submit">${s.sendReply}</button>
</form>
${v.status !== 'closed'
      ? html`<details class="confirm"><summary>${s.closeCase}</summary><p>${s.closeConfirm}</p><form method="post" action="${casePaths.case(locale, token)}/close" class="inline"><button type="submit" class="secondary">${s.closeYes}</button></form></details>`
      : ''}`
    : html`<p class="notice">${s.closedNote} <a href="${casePaths.contact(locale)}">${s.contact}</a></p>`}`;
}

function linksForm(locale: Locale, sent: boolean, error?: string) {
  const s = t(locale);
  return html`<h1>${s.lostLink}</h1>
${sent ? html`<div class="notice" role="status">${s.linksSent}</div>` : ''}
<p>${s.lostLinkHelp}</p>
<form class="case" method="post" action="${casePaths.links(locale)}">
${field('email', s.fieldEmail, html`<input id="email" name="email" type="email" autocomplete="email" required aria-invalid="${error ? 'true' : 'false'}" aria-describedby="${error ? 'email-error' : ''}">`, error)}
<button type="submit">${s.sendLinks}</button>
</form>`;
}

export function portalCaseRoutes(deps: { config: Config; timeZone: string; kb: KbService; cases: CaseService; captcha: CaptchaService; perIp: MiddlewareHandler<AppEnv>; rateLimited: MiddlewareHandler<AppEnv>; fastlaneEnabled?: () => boolean; paymentOf?: (checkoutSessionId: string) => Promise<string | null>; announcements?: (locale: Locale) => Promise<Announcement[]>; responseTimes?: (locale: Locale) => Promise<ResponseTimes>; survey?: (trackingToken: string, locale: Locale) => Promise<unknown> }) {
  const { config, kb, cases } = deps;
  const app = new Hono<AppEnv>();
  const localeOf = (c: Context): Locale | null => {
    const r = LocaleSchema.safeParse(c.req.param('locale'));
    return r.success ? r.data : null;
  };
  const render = async (c: Context, locale: Locale, title: string, body: Parameters<typeof layout>[1], status: 200 | 404 | 413 | 422 | 429 | 503 = 200, announcements?: Announcement[]) => {
    // Pages that answer because the database is gone do without announcements.
    const shown = announcements ?? (status === 503 || !deps.announcements ? [] : await deps.announcements(locale));
    const responseTimes = await timesOf(locale, status);
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    // The tracking token is in the URL: never send it to another site.
    c.header('Referrer-Policy', 'no-referrer');
    return c.html(layout({ locale, title, description: title, canonical: config.publicUrl + casePaths.contact(locale), alternates: {}, noindex: true, company: config.companyName, announcements: shown, responseTimes }, body), status);
  };
  /** The usual reply times for the header's contact link (and the fast lane's offer); none while the database is gone. */
  const timesOf = (locale: Locale, status = 200): Promise<ResponseTimes | null> =>
    status === 503 || !deps.responseTimes ? Promise.resolve(null) : deps.responseTimes(locale).catch(() => null);
  const tokenOf = (c: Context) => TrackingParamsSchema.safeParse(c.req.param()).data?.token ?? null;

  app.get('/help/:locale/contact', async (c) => {
    const locale = localeOf(c);
    if (!locale) return c.notFound();
    const { categories } = await kb.listCategories(locale);
    return render(c, locale, t(locale).contact, contactForm(locale, categories, {}, {}, randomUUID()));
  });

  const limit = uploadLimit((c) => {
    const locale = localeOf(c) ?? config.defaultLocale;
    return render(c, locale, t(locale).contact, html`<p role="alert">${t(locale).errors.attachments}</p><p><a href="${casePaths.contact(locale)}">${t(locale).contact}</a></p>`, 413);
  });

  app.post('/help/:locale/contact', limit, deps.perIp, async (c) => {
    const locale = localeOf(c);
    if (!locale) return c.notFound();
    const s = t(locale);
    const { fields, files } = await readFields(c);
    const values = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : ''])) as Values;
    const key = /^[\w-]{8,100}$/.test(values.idempotencyKey ?? '') ? values.idempotencyKey! : randomUUID();
    const { categories } = await kb.listCategories(locale);
    const again = async (errors: Record<string, string>, status: 422 | 429 | 503) => {
      const announcements = status === 503 || !deps.announcements ? [] : await deps.announcements(locale);
      return render(c, locale, s.contact, contactForm(locale, categories, values, errors, key, announcements), status, announcements);
    };
    const parsed = check(CaseCreateSchema, { ...values, category: values.category || undefined, locale });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const i of parsed.issues) errors[String(i.path[0])] = s.errors[String(i.path[0])] ?? s.errors.generic!;
      return again(errors, 422);
    }
    if (parsed.data.website) return again({ website: s.errors.website! }, 422);
    try {
      const answer = await cases.submit(parsed.data, files, {
        idempotencyKey: `portal:${key}`,
        channel: 'portal',
        origin: originReached(c),
        ...(deps.captcha.required ? { check: (tx) => deps.captcha.verify(values.altcha, 'body.captcha', 'cases', tx) } : {}),
      });
      return c.redirect(`${casePaths.case(locale, answer.body.trackingToken)}?received=1`, 303);
    } catch (err) {
      if (isDatabaseUnavailable(err)) {
        // The draft stays on screen; the status and Retry-After say it was not the customer's fault.
        c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
        return again({ form: s.errors.unavailable! }, 503);
      }
      return again(localizedErrors(s, err), err instanceof AppError && err.status === 429 ? 429 : 422);
    }
  });

  const showCase = async (c: Context, locale: Locale, token: string, opts: { received: boolean; errors: Record<string, string>; draft: string }, status: 200 | 422 = 200) => {
    try {
      const view = await cases.view(token);
      const survey = deps.survey ? await deps.survey(token, locale) : '';
      return render(c, locale, `${t(locale).caseTitle(view.reference)}`, casePage(locale, deps.timeZone, token, view, { ...opts, fastlane: deps.fastlaneEnabled?.() ?? false, responseTimes: await timesOf(locale), survey }), status);
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return render(c, locale, t(locale).caseNotFound, html`<p role="alert">${t(locale).caseNotFound}</p>${linksForm(locale, false)}`, 404);
      throw err;
    }
  };

  app.get('/help/:locale/cases/:token', async (c) => {
    const locale = localeOf(c);
    const token = tokenOf(c);
    if (!locale) return c.notFound();
    if (!token) return render(c, locale, t(locale).caseNotFound, html`<p role="alert">${t(locale).caseNotFound}</p>${linksForm(locale, false)}`, 404);
    return showCase(c, locale, token, { received: c.req.query('received') === '1', errors: {}, draft: '' });
  });

  app.post('/help/:locale/cases/:token/reply', limit, deps.rateLimited, async (c) => {
    const locale = localeOf(c);
    const token = tokenOf(c);
    if (!locale || !token) return c.notFound();
    const { fields, files } = await readFields(c);
    const draft = typeof fields.body === 'string' ? fields.body : '';
    const parsed = check(CaseReplySchema, { body: draft });
    if (!parsed.success) return showCase(c, locale, token, { received: false, errors: { body: t(locale).errors.body! }, draft }, 422);
    try {
      await cases.reply(token, parsed.data.body, files);
    } catch (err) {
      if ((err instanceof AppError && err.status === 404) || isDatabaseUnavailable(err)) throw err;
      return showCase(c, locale, token, { received: false, errors: localizedErrors(t(locale), err), draft }, 422);
    }
    return c.redirect(`${casePaths.case(locale, token)}#thread`, 303);
  });

  app.post('/help/:locale/cases/:token/close', deps.rateLimited, async (c) => {
    const locale = localeOf(c);
    const token = tokenOf(c);
    if (!locale || !token) return c.notFound();
    await cases.close(token);
    return c.redirect(casePaths.case(locale, token), 303);
  });

  // After Stripe Checkout. The lane changes only when Stripe's webhook (or reconciliation)
  // confirms the payment, never because a browser arrived here.
  app.get('/help/:locale/fastlane/return', async (c) => {
    const locale = localeOf(c);
    if (!locale) return c.notFound();
    const s = t(locale);
    const allowed = new Set([new URL(config.publicUrl).origin, ...config.corsOrigins]);
    let back = `/help/${locale}/`;
    try {
      const u = new URL(c.req.query('back') ?? '', config.publicUrl);
      if (allowed.has(u.origin)) back = u.toString();
    } catch {
      /* keep the default */
    }
    // The widget (same site) reopens the fast lane here to confirm the payment it started.
    const widget = deps.fastlaneEnabled?.() ? html`<p><button type="button" class="secondary" data-ayuda-fastlane="" hidden>${s.paymentStatus}</button></p>${widgetScript(locale)}` : '';
    // What the page says is the order's state now; while it is pending, the widget (open.ts)
    // puts `data-done` in its place once it sees the payment confirmed, so the two agree; where
    // this tab started no checkout (paid in another tab, browser or address) it fetches the page
    // again until `data-ayuda-payment` is no longer pending, and shows what that says.
    const sessionId = c.req.query('session_id');
    const state = sessionId && /^cs_\w{1,200}$/.test(sessionId) ? await deps.paymentOf?.(sessionId) : null;
    const text = state === 'open' ? html`<p role="status" data-ayuda-payment data-ayuda-fastlane-status data-done="${s.paymentDone}" data-slow="${s.paymentSlow}">${s.paymentText}</p>` : html`<p role="status" data-ayuda-payment>${state && wasCharged(state) ? s.paymentDone : s.paymentUnknown}</p>`;
    return render(c, locale, s.paymentTitle, html`<h1>${s.paymentTitle}</h1>${text}${widget}<p><a href="${back}">${s.paymentBack}</a></p>`);
  });

  app.get('/help/:locale/cases', (c) => {
    const locale = localeOf(c);
    if (!locale) return c.notFound();
    return render(c, locale, t(locale).lostLink, linksForm(locale, c.req.query('sent') === '1'));
  });

  app.post('/help/:locale/cases', deps.rateLimited, async (c) => {
    const locale = localeOf(c);
    if (!locale) return c.notFound();
    // A body that is no form (empty, or broken multipart) is a form without an address.
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const parsed = check(ResendLinkSchema, { email: form.email, locale });
    if (!parsed.success) return render(c, locale, t(locale).lostLink, linksForm(locale, false, t(locale).errors.email), 422);
    try {
      await cases.resendLinks(parsed.data.email, locale, originReached(c));
    } catch (err) {
      if (err instanceof AppError && err.status === 429) return render(c, locale, t(locale).lostLink, linksForm(locale, false, t(locale).errors.linksRate), 429);
      throw err;
    }
    return c.redirect(`${casePaths.links(locale)}?sent=1`, 303);
  });

  return app;
}
