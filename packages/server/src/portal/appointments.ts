// The portal's appointment pages (issue 16), working without JavaScript: the types, a week of
// free times as radio inputs with the booking form, the private page behind the mails' link
// (see, add to a calendar, cancel after a confirmation, move to another free time), and the
// answer to a proposal to move. The booking service is reached through PortalAppointments,
// so these pages know nothing of its internals.
import { randomUUID } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import type { z } from 'zod';
import {
  AppointmentCreateSchema,
  AppointmentTokenParamsSchema,
  InstantSchema,
  LocaleSchema,
  SlugSchema,
  formatDate,
  formatDateTime,
  type Announcement,
  type Appointment,
  type AppointmentType,
  type Locale,
  type MoveProposalSchema,
  type SlotList,
} from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import type { Config } from '../config.js';
import type { Customer } from '../customers/service.js';
import { AppError, check } from '../http/problem.js';
import { layout } from './views.js';
import { appointmentStrings } from './appointments-i18n.js';
import { negotiateLocale } from './routes.js';

export type MoveProposal = z.infer<typeof MoveProposalSchema>;
export type AppointmentBooking = z.output<typeof AppointmentCreateSchema>;
/** Who looks at the free times: the signed-in customer (fast lane or not), or the holder of an appointment's link (its lane). */
export type SlotViewer = { customer: Customer | null; manageToken?: string };

/**
 * What the portal needs from the booking service. Errors are the service's `AppError`s: 404 (no
 * such type, token or proposal), 409 (the time is not free, or the proposal was answered), 410
 * (the proposal lapsed), 422 (with per-field errors), 429.
 */
export interface PortalAppointments {
  types(locale: Locale): Promise<{ timeZone: string; types: AppointmentType[] }>;
  /** Free times of `type` from the date `from` to the date `to` (company zone); the lane is the viewer's. */
  slots(type: string, from: string, to: string, viewer: SlotViewer, locale: Locale): Promise<SlotList>;
  book(input: AppointmentBooking, customer: Customer | null, idempotencyKey: string): Promise<Appointment>;
  manage(token: string): Promise<Appointment>;
  cancel(token: string): Promise<Appointment>;
  reschedule(token: string, start: string): Promise<Appointment>;
  proposal(token: string): Promise<MoveProposal>;
  answerProposal(token: string, answer: { answer: 'accept'; start: string } | { answer: 'refuse' }): Promise<MoveProposal>;
}

/** The pages' paths; a booking's `manageUrl` and a proposal's mail link lead to `manage` and `proposal`. */
export const appointmentPaths = {
  types: (l: Locale) => `/help/${l}/appointments`,
  book: (l: Locale, type: string, week?: string) => `/help/${l}/appointments/book/${encodeURIComponent(type)}${week ? `?week=${week}` : ''}`,
  manage: (l: Locale, token: string) => `/help/${l}/appointments/manage/${token}`,
  cancel: (l: Locale, token: string) => `/help/${l}/appointments/manage/${token}/cancel`,
  reschedule: (l: Locale, token: string) => `/help/${l}/appointments/manage/${token}/reschedule`,
  proposal: (l: Locale, token: string) => `/help/${l}/appointments/proposals/${token}`,
};

type Values = Record<string, string>;
type Errors = Record<string, string>;
type Html = ReturnType<typeof html>;

const DAY = 86_400_000;
/** The date (`YYYY-MM-DD`) of instant `ms` in `timeZone`. */
const dateIn = (ms: number, timeZone: string) => {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms);
  const get = (t: string) => p.find((x) => x.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
};
const plusDays = (key: string, n: number) => new Date(Date.parse(`${key}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/** Monday of the week of `key`. */
const mondayOf = (key: string) => plusDays(key, -((new Date(`${key}T00:00:00Z`).getUTCDay() + 6) % 7));
/** A real calendar date (`2026-02-31` is not). */
const isDate = (key: string) => /^\d{4}-\d{2}-\d{2}$/.test(key) && !Number.isNaN(Date.parse(`${key}T00:00:00Z`)) && plusDays(key, 0) === key;

function field(id: string, label: string, control: unknown, error?: string, hint?: string) {
  return html`<div class="field${error ? ' invalid' : ''}">
<label for="${id}">${label}</label>
${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}${control}
${error ? html`<p class="error" id="${id}-error">${error}</p>` : ''}
</div>`;
}
const describedBy = (id: string, errors: Errors, hint = false) => [hint ? `${id}-hint` : '', errors[id] ? `${id}-error` : ''].filter(Boolean).join(' ');

/** The free times of a week as radio inputs, one group per day, in the company's zone. */
function slotPicker(locale: Locale, timeZone: string, slots: SlotList['slots'], chosen: string, error?: string): Html {
  const s = appointmentStrings(locale);
  const days = new Map<string, SlotList['slots']>();
  for (const slot of slots) {
    const d = dateIn(Date.parse(slot.start), timeZone);
    days.set(d, [...(days.get(d) ?? []), slot]);
  }
  const dayName = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'es-ES', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'es-ES', { hour: '2-digit', minute: '2-digit', timeZone });
  return html`<fieldset class="slots${error ? ' invalid' : ''}"${error ? html` aria-describedby="start-error"` : ''}>
<legend>${s.pickTime}</legend>
${error ? html`<p class="error" id="start-error">${error}</p>` : ''}
${days.size
    ? [...days].map(
        ([d, list]) => html`<fieldset class="slot-day"><legend>${dayName.format(Date.parse(`${d}T12:00:00Z`))}</legend><div class="slot-times">${list.map(
          (x) => html`<label class="slot"><input type="radio" name="start" value="${x.start}" required ${x.start === chosen ? 'checked' : ''}> <time datetime="${x.start}">${time.format(new Date(x.start))}</time></label>`,
        )}</div></fieldset>`,
      )
    : html`<p>${s.noSlotsWeek}</p>`}
</fieldset>`;
}

/** Previous and next week links, within today's week and the type's horizon. */
function weekNav(locale: Locale, week: string, today: string, last: string, href: (week: string) => string): Html {
  const s = appointmentStrings(locale);
  const prev = plusDays(week, -7);
  const next = plusDays(week, 7);
  return html`<nav class="week-nav" aria-label="${s.weekOf(formatDate(locale, 'UTC', week), formatDate(locale, 'UTC', plusDays(week, 6)))}">
<p><strong>${s.weekOf(formatDate(locale, 'UTC', week), formatDate(locale, 'UTC', plusDays(week, 6)))}</strong></p>
<p>${week > mondayOf(today) ? html`<a href="${href(prev)}" rel="prev">← ${s.prevWeek}</a>` : ''} ${next <= last ? html`<a href="${href(next)}" rel="next">${s.nextWeek} →</a>` : ''}</p>
</nav>`;
}

export function portalAppointmentRoutes(deps: {
  config: Config;
  appointments: PortalAppointments;
  /** The signed-in customer of a request (the portal's session cookie, shared with the fast lane). */
  customerOf: (c: Context) => Promise<Customer | null>;
  now: () => Date;
  rateLimited: MiddlewareHandler<AppEnv>;
  /** Bookings per client IP (the API's count). */
  perIp: MiddlewareHandler<AppEnv>;
  announcements?: (locale: Locale) => Promise<Announcement[]>;
}) {
  const { config, appointments } = deps;
  const app = new Hono<AppEnv>();
  const localeOf = (c: Context): Locale | null => LocaleSchema.safeParse(c.req.param('locale')).data ?? null;
  const tokenOf = (c: Context): string | null => AppointmentTokenParamsSchema.safeParse({ token: c.req.param('token') }).data?.token ?? null;
  /** A page of a mail's link: a locale the portal has, then a well-formed token (else the portal's 404 in that language). */
  const withToken =
    (handler: (c: Context<AppEnv>, locale: Locale, token: string) => Promise<Response>) =>
    async (c: Context<AppEnv>): Promise<Response> => {
      const locale = localeOf(c);
      if (!locale) return c.notFound();
      const token = tokenOf(c);
      if (!token) return notFound(c, locale);
      return handler(c, locale, token);
    };
  const form = (c: Context) => c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const text = (v: unknown) => (typeof v === 'string' ? v : '');

  const render = async (c: Context, locale: Locale, title: string, body: Html, status: 200 | 404 | 409 | 410 | 422 | 429 = 200) => {
    const shown = deps.announcements ? await deps.announcements(locale) : [];
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    // The mails' tokens are in these URLs: never send them to another site.
    c.header('Referrer-Policy', 'no-referrer');
    return c.html(layout({ locale, title, description: title, canonical: config.publicUrl + appointmentPaths.types(locale), alternates: {}, noindex: true, company: config.companyName, announcements: shown }, body), status);
  };
  const notFound = (c: Context, locale: Locale, message?: string) => {
    const s = appointmentStrings(locale);
    return render(c, locale, s.title, html`<h1>${s.title}</h1><p role="alert">${message ?? s.notFound}</p><p><a href="${appointmentPaths.types(locale)}">${s.title}</a></p>`, 404);
  };
  const isStatus = (err: unknown, ...status: number[]): err is AppError => err instanceof AppError && status.includes(err.status);
  /** The service's field errors (`body.phone`) in the page's words. */
  const fieldErrors = (locale: Locale, err: AppError): Errors => {
    const s = appointmentStrings(locale);
    const out: Errors = {};
    for (const e of err.errors ?? []) {
      const key = e.field.replace(/^body\./, '').split('.')[0]!;
      out[key] = s.errors[key] ?? s.errors.generic!;
    }
    return Object.keys(out).length ? out : { form: s.errors.generic! };
  };
  const today = (tz: string) => dateIn(deps.now().getTime(), tz);
  /** The week asked for (its Monday), never before this week. */
  const weekOf = (c: Context, tz: string) => {
    const asked = c.req.query('week') ?? '';
    const now = mondayOf(today(tz));
    if (!isDate(asked)) return now;
    const w = mondayOf(asked);
    return w < now ? now : w;
  };
  const weekSlots = async (type: string, week: string, viewer: SlotViewer, locale: Locale, tz: string) => {
    const list = await appointments.slots(type, week, plusDays(week, 7), viewer, locale);
    const end = plusDays(week, 7);
    return list.slots.filter((x) => dateIn(Date.parse(x.start), tz) < end);
  };

  // Links without a language (`/portal/appointments/...`, as the brief and the mails name them) lead
  // to the page in the browser's language; `/help/{locale}/appointments/{token}` to the manage page.
  const browserLocale = (c: Context) => negotiateLocale(c.req.header('accept-language'), config.defaultLocale);
  app.get('/portal/appointments', (c) => c.redirect(appointmentPaths.types(browserLocale(c)), 302));
  app.get('/portal/appointments/book/:type', (c) => c.redirect(appointmentPaths.book(browserLocale(c), c.req.param('type')) + new URL(c.req.url).search, 302));
  app.get('/portal/appointments/manage/:token', (c) => c.redirect(appointmentPaths.manage(browserLocale(c), encodeURIComponent(c.req.param('token'))), 302));
  app.get('/portal/appointments/proposals/:token', (c) => c.redirect(appointmentPaths.proposal(browserLocale(c), encodeURIComponent(c.req.param('token'))), 302));
  app.get('/help/:locale/appointments/:token{[A-Za-z0-9_-]{20,100}}', (c) => {
    const locale = localeOf(c);
    return locale ? c.redirect(appointmentPaths.manage(locale, c.req.param('token')) + new URL(c.req.url).search, 301) : c.notFound();
  });

  app.get('/help/:locale/appointments', async (c) => {
    const locale = localeOf(c);
    if (!locale) return c.notFound();
    const s = appointmentStrings(locale);
    const { types } = await appointments.types(locale);
    return render(
      c,
      locale,
      s.title,
      html`<h1>${s.title}</h1>
${types.length
  ? html`<p>${s.intro}</p><ul class="cards">${types.map(
      (t) => html`<li><h2><a href="${appointmentPaths.book(locale, t.key)}">${t.name}</a></h2><p>${s.mode[t.mode]} · ${s.minutes(t.durationMinutes)}</p>${t.description ? html`<p>${t.description}</p>` : ''}</li>`,
    )}</ul>`
  : html`<p>${s.none}</p>`}`,
    );
  });

  /** The booking page: a week of free times, the form, and what went wrong. */
  const bookingPage = async (c: Context, locale: Locale, typeKey: string, week: string, values: Values, errors: Errors, key: string, status: 200 | 409 | 422 | 429 = 200) => {
    const s = appointmentStrings(locale);
    const list = await appointments.types(locale);
    const type = list.types.find((t) => t.key === typeKey);
    if (!type) return notFound(c, locale, s.typeNotFound);
    const tz = list.timeZone;
    const slots = await weekSlots(type.key, week, { customer: await deps.customerOf(c) }, locale, tz);
    const last = dateIn(deps.now().getTime() + type.maxDaysAhead * DAY, tz);
    const hasErrors = Object.keys(errors).length > 0;
    return render(
      c,
      locale,
      `${s.title}: ${type.name}`,
      html`<h1>${type.name}</h1>
<p>${s.mode[type.mode]} · ${s.minutes(type.durationMinutes)}</p>
${hasErrors ? html`<div class="alert" role="alert">${errors.form ?? (errors.taken ? s.taken : s.fixErrors)}</div>` : ''}
<p class="hint">${s.zone(tz)}</p>
${weekNav(locale, week, today(tz), last, (w) => appointmentPaths.book(locale, type.key, w))}
<form class="case" method="post" action="${appointmentPaths.book(locale, type.key, week)}" novalidate>
<input type="hidden" name="idempotencyKey" value="${key}">
${slotPicker(locale, tz, slots, values.start ?? '', errors.start)}
<h2>${s.details}</h2>
${field('name', s.name, html`<input id="name" name="name" autocomplete="name" maxlength="200" required value="${values.name ?? ''}" aria-invalid="${errors.name ? 'true' : 'false'}" aria-describedby="${describedBy('name', errors)}">`, errors.name)}
${field('email', s.email, html`<input id="email" name="email" type="email" autocomplete="email" maxlength="254" required value="${values.email ?? ''}" aria-invalid="${errors.email ? 'true' : 'false'}" aria-describedby="${describedBy('email', errors, true)}">`, errors.email, s.emailHint)}
${type.mode === 'phone' ? field('phone', s.phone, html`<input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="40" required value="${values.phone ?? ''}" aria-invalid="${errors.phone ? 'true' : 'false'}" aria-describedby="${describedBy('phone', errors, true)}">`, errors.phone, s.phoneHint) : ''}
${field('notes', s.notes, html`<textarea id="notes" name="notes" rows="4" maxlength="2000" aria-invalid="${errors.notes ? 'true' : 'false'}" aria-describedby="${describedBy('notes', errors)}">${values.notes ?? ''}</textarea>`, errors.notes)}
<div class="hp" aria-hidden="true"><label for="website">${s.honeypot}</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">${s.book}</button>
</form>`,
      status,
    );
  };

  app.get('/help/:locale/appointments/book/:type', async (c) => {
    const locale = localeOf(c);
    if (!locale) return c.notFound();
    const type = SlugSchema.safeParse(c.req.param('type')).data;
    if (!type) return notFound(c, locale, appointmentStrings(locale).typeNotFound);
    const { timeZone } = await appointments.types(locale);
    return bookingPage(c, locale, type, weekOf(c, timeZone), {}, {}, randomUUID());
  });

  app.post('/help/:locale/appointments/book/:type', deps.rateLimited, deps.perIp, async (c) => {
    const locale = localeOf(c);
    if (!locale) return c.notFound();
    const s = appointmentStrings(locale);
    const type = SlugSchema.safeParse(c.req.param('type')).data;
    if (!type) return notFound(c, locale, s.typeNotFound);
    const body = await form(c);
    const values = Object.fromEntries(['start', 'name', 'email', 'phone', 'notes', 'website'].map((k) => [k, text(body[k])])) as Values & Record<'start' | 'name' | 'email' | 'phone' | 'notes' | 'website', string>;
    // The key made when the form was shown: a second press of the button books once.
    const key = /^[\w-]{8,100}$/.test(text(body.idempotencyKey)) ? text(body.idempotencyKey) : randomUUID();
    const { timeZone } = await appointments.types(locale);
    const week = weekOf(c, timeZone);
    // The form comes back with its key while nothing reached the service; after the service's answer
    // (which booked nothing) with a new one, since the next attempt is another request.
    const again = (errors: Errors, status: 409 | 422 | 429, fresh = true) => bookingPage(c, locale, type, week, values, errors, fresh ? randomUUID() : key, status);
    const parsed = check(AppointmentCreateSchema, {
      type,
      start: values.start || undefined,
      name: values.name,
      email: values.email,
      locale,
      phone: values.phone.trim() || undefined,
      notes: values.notes.trim() || undefined,
      website: values.website || undefined,
    });
    if (!parsed.success) {
      const errors: Errors = {};
      for (const i of parsed.issues) errors[String(i.path[0])] ??= s.errors[String(i.path[0])] ?? s.errors.generic!;
      return again(errors, 422, false);
    }
    if (parsed.data.website) return again({ form: s.errors.website! }, 422, false);
    try {
      const booked = await appointments.book(parsed.data, await deps.customerOf(c), `portal:${key}`);
      // The manage page of this portal, whatever form the service's link takes: its last segment is the token.
      const token = new URL(booked.manageUrl, config.publicUrl).pathname.split('/').pop()!;
      return c.redirect(`${appointmentPaths.manage(locale, token)}?booked=1`, 303);
    } catch (err) {
      // Taken meanwhile (or not open to this lane): the week again, with the fresh times and what was typed.
      if (isStatus(err, 409)) return again({ taken: s.taken, start: s.errors.start! }, 409);
      if (isStatus(err, 429)) return again({ form: s.errors.rate! }, 429);
      if (isStatus(err, 400, 422)) return again(fieldErrors(locale, err), 422);
      throw err;
    }
  });

  /** The appointment behind a mail's link, with its cancel link and a week of other times. */
  const managePage = async (c: Context, locale: Locale, token: string, opts: { notice?: string; errors?: Errors; chosen?: string } = {}, status: 200 | 409 | 422 = 200) => {
    const s = appointmentStrings(locale);
    let a: Appointment;
    try {
      a = await appointments.manage(token);
    } catch (err) {
      if (isStatus(err, 404)) return notFound(c, locale);
      throw err;
    }
    const tz = a.timeZone;
    const upcoming = a.status === 'booked' && Date.parse(a.start) > deps.now().getTime();
    const errors = opts.errors ?? {};
    let moveForm: Html | string = '';
    if (upcoming) {
      const list = await appointments.types(locale);
      const type = list.types.find((t) => t.key === a.type);
      if (type) {
        const week = weekOf(c, tz);
        const slots = (await weekSlots(a.type, week, { customer: await deps.customerOf(c), manageToken: token }, locale, tz)).filter((x) => x.start !== a.start);
        const last = dateIn(deps.now().getTime() + type.maxDaysAhead * DAY, tz);
        moveForm = html`<h2 id="reschedule">${s.reschedule}</h2>
<p class="hint">${s.zone(tz)}</p>
${weekNav(locale, week, today(tz), last, (w) => `${appointmentPaths.manage(locale, token)}?week=${w}#reschedule`)}
<form class="case" method="post" action="${appointmentPaths.reschedule(locale, token)}?week=${week}" novalidate>
${slotPicker(locale, tz, slots, opts.chosen ?? '', errors.start)}
<button type="submit">${s.rescheduleButton}</button>
</form>`;
      }
    }
    return render(
      c,
      locale,
      s.yourAppointment,
      html`<h1>${s.yourAppointment}: ${a.typeName}</h1>
${opts.notice ? html`<div class="notice" role="status">${opts.notice}</div>` : ''}
${errors.form || errors.taken ? html`<div class="alert" role="alert">${errors.form ?? errors.taken}</div>` : ''}
<dl class="case-facts">
<div><dt>${s.when}</dt><dd><time datetime="${a.start}">${formatDateTime(locale, tz, a.start)}</time></dd></div>
<div><dt>${s.with}</dt><dd>${a.with}</dd></div>
<div><dt>${s.kind}</dt><dd>${s.mode[a.mode]}</dd></div>
<div><dt>${s.status}</dt><dd data-status="${a.status}">${s.statuses[a.status] ?? a.status}</dd></div>
</dl>
${a.status === 'booked' ? html`<p><a href="${a.icsUrl}" download>${s.addToCalendar}</a></p>` : ''}
${a.status === 'booked' && !upcoming ? html`<p>${s.past}</p>` : ''}
${upcoming ? html`<p><a class="button secondary" href="${appointmentPaths.cancel(locale, token)}">${s.cancel}</a></p>` : ''}
${moveForm}`,
      status,
    );
  };

  app.get('/help/:locale/appointments/manage/:token', withToken(async (c, locale, token) => {
    const s = appointmentStrings(locale);
    const notice = c.req.query('booked') === '1' ? s.booked : c.req.query('cancelled') === '1' ? s.cancelled : c.req.query('moved') === '1' ? s.moved : undefined;
    return managePage(c, locale, token, notice ? { notice } : {});
  }));

  // Cancelling takes two steps: this page asks, its form cancels.
  app.get('/help/:locale/appointments/manage/:token/cancel', withToken(async (c, locale, token) => {
    const s = appointmentStrings(locale);
    let a: Appointment;
    try {
      a = await appointments.manage(token);
    } catch (err) {
      if (isStatus(err, 404)) return notFound(c, locale);
      throw err;
    }
    if (a.status !== 'booked') return c.redirect(appointmentPaths.manage(locale, token), 303);
    return render(
      c,
      locale,
      s.cancel,
      html`<h1>${s.cancel}</h1>
<p><strong>${a.typeName}</strong>: <time datetime="${a.start}">${formatDateTime(locale, a.timeZone, a.start)}</time></p>
<p>${s.cancelConfirm}</p>
<form method="post" action="${appointmentPaths.cancel(locale, token)}" class="inline"><input type="hidden" name="confirm" value="yes"><button type="submit" class="danger">${s.cancelYes}</button></form>
<p><a href="${appointmentPaths.manage(locale, token)}">${s.cancelNo}</a></p>`,
    );
  }));

  app.post('/help/:locale/appointments/manage/:token/cancel', deps.rateLimited, withToken(async (c, locale, token) => {
    const body = await form(c);
    // Without the confirmation's field (a form from elsewhere), the question is asked first.
    if (text(body.confirm) !== 'yes') return c.redirect(appointmentPaths.cancel(locale, token), 303);
    try {
      await appointments.cancel(token);
    } catch (err) {
      if (isStatus(err, 404)) return notFound(c, locale);
      if (isStatus(err, 409, 422)) return managePage(c, locale, token, { errors: { form: appointmentStrings(locale).errors.generic! } }, 409);
      throw err;
    }
    return c.redirect(`${appointmentPaths.manage(locale, token)}?cancelled=1`, 303);
  }));

  app.post('/help/:locale/appointments/manage/:token/reschedule', deps.rateLimited, withToken(async (c, locale, token) => {
    const s = appointmentStrings(locale);
    const start = text((await form(c)).start);
    if (!InstantSchema.safeParse(start).success) return managePage(c, locale, token, { errors: { start: s.errors.start! } }, 422);
    try {
      await appointments.reschedule(token, start);
    } catch (err) {
      if (isStatus(err, 404)) return notFound(c, locale);
      if (isStatus(err, 409)) return managePage(c, locale, token, { errors: { taken: s.taken, start: s.errors.start! } }, 409);
      if (isStatus(err, 400, 422)) return managePage(c, locale, token, { errors: { start: s.errors.start! } }, 422);
      throw err;
    }
    return c.redirect(`${appointmentPaths.manage(locale, token)}?moved=1`, 303);
  }));

  const proposalPage = async (c: Context, locale: Locale, token: string, opts: { notice?: string; error?: string } = {}, status: 200 | 409 | 410 | 422 = 200) => {
    const s = appointmentStrings(locale);
    let p: MoveProposal;
    try {
      p = await appointments.proposal(token);
    } catch (err) {
      if (isStatus(err, 404)) return notFound(c, locale);
      if (isStatus(err, 410)) return render(c, locale, s.proposalTitle, html`<h1>${s.proposalTitle}</h1><p role="status">${s.proposalLapsed}</p>`, 410);
      throw err;
    }
    const a = p.appointment;
    const tz = a.timeZone;
    const state = { accepted: s.proposalAccepted, refused: s.proposalRefused, lapsed: s.proposalLapsed, withdrawn: s.proposalWithdrawn, pending: '' }[p.status];
    return render(
      c,
      locale,
      s.proposalTitle,
      html`<h1>${s.proposalTitle}</h1>
${opts.error ? html`<div class="alert" role="alert">${opts.error}</div>` : ''}
${opts.notice || state ? html`<div class="notice" role="status">${opts.notice ?? state}</div>` : ''}
${p.status === 'pending'
  ? html`<p>${s.proposalIntro(formatDateTime(locale, tz, a.start))}</p>
<p class="hint">${s.proposalUntil(formatDateTime(locale, tz, p.expiresAt))}</p>
<form class="case" method="post" action="${appointmentPaths.proposal(locale, token)}">
<input type="hidden" name="answer" value="accept">
<fieldset class="slots"><legend>${s.proposalOptions}</legend><div class="slot-times slot-list">${p.options.map(
      (o, i) => html`<label class="slot"><input type="radio" name="start" value="${o.start}" ${i === 0 ? 'checked' : ''}> <time datetime="${o.start}">${formatDateTime(locale, tz, o.start)}</time>${i === 0 ? ` ${s.proposed}` : ''}</label>`,
    )}</div></fieldset>
<button type="submit">${s.accept}</button>
</form>
<form method="post" action="${appointmentPaths.proposal(locale, token)}" class="inline"><input type="hidden" name="answer" value="refuse"><button type="submit" class="secondary">${s.refuse}</button></form>
<p class="hint">${s.refuseHint}</p>`
  : html`<p><a href="${a.manageUrl}">${s.yourAppointment}: ${formatDateTime(locale, tz, a.start)}</a></p>`}`,
      status,
    );
  };

  app.get('/help/:locale/appointments/proposals/:token', withToken(async (c, locale, token) => {
    return proposalPage(c, locale, token);
  }));

  app.post('/help/:locale/appointments/proposals/:token', deps.rateLimited, withToken(async (c, locale, token) => {
    const s = appointmentStrings(locale);
    const body = await form(c);
    const answer = text(body.answer);
    const start = text(body.start);
    if (answer !== 'refuse' && (answer !== 'accept' || !InstantSchema.safeParse(start).success)) return proposalPage(c, locale, token, { error: s.errors.start! }, 422);
    try {
      await appointments.answerProposal(token, answer === 'refuse' ? { answer } : { answer: 'accept', start });
    } catch (err) {
      if (isStatus(err, 404)) return notFound(c, locale);
      // A time taken meanwhile (the answer carries the times still free) leaves the proposal open; any other 409 is an answered one, or an appointment that has started.
      if (isStatus(err, 409)) return proposalPage(c, locale, token, { error: err.extensions?.slots ? s.proposalTaken : err.title === 'Appointment past' ? s.proposalPast : s.proposalAnswered }, 409);
      if (isStatus(err, 410)) return proposalPage(c, locale, token, {}, 410);
      if (isStatus(err, 400, 422)) return proposalPage(c, locale, token, { error: s.errors.start! }, 422);
      throw err;
    }
    return c.redirect(appointmentPaths.proposal(locale, token), 303);
  }));

  return app;
}
