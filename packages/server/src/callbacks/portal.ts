// The portal's callback page, working without JavaScript: a plain form (day and times in the
// company's zone), shown again with per-field errors and the typed values, and a confirmation
// with the number as we read it and the window.
import { randomUUID } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import { CallbackCreateSchema, LocaleSchema, formatWindow, zonedInstant, type Announcement, type Locale } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import type { Config } from '../config.js';
import { AppError, check } from '../http/problem.js';
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_AFTER_S } from '../http/unavailable.js';
import { layout, paths } from '../portal/views.js';
import { CALLBACK_PAGE_STRINGS, type CallbackPageStrings } from './i18n.js';
import { callbackPath, type CallbackService } from './service.js';
import { displayPhone, normalisePhone, PHONE_DEFAULT_COUNTRY } from './phone.js';

type Values = Record<string, string>;
type Errors = Record<string, string>;

const FIELDS = ['name', 'email', 'phone', 'date', 'from', 'to', 'case', 'notes', 'website', 'idempotencyKey'] as const;

/** Today in the company's zone, `YYYY-MM-DD`. */
const localDate = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(at);

function field(id: string, label: string, control: unknown, error?: string, hint?: string) {
  return html`<div class="field${error ? ' invalid' : ''}">
<label for="${id}">${label}</label>
${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}
${control}
${error ? html`<p class="error" id="${id}-error">${error}</p>` : ''}
</div>`;
}

/** The attributes every control shares: invalid state and what describes it. */
const described = (id: string, errors: Errors, hint = false) => [hint ? `${id}-hint` : '', errors[id] ? `${id}-error` : ''].filter(Boolean).join(' ');

function form(locale: Locale, timeZone: string, values: Values, errors: Errors, key: string) {
  const s = CALLBACK_PAGE_STRINGS[locale];
  const input = (id: string, attrs: { type?: string; autocomplete?: string; maxlength?: number; required?: boolean; hint?: boolean }) =>
    html`<input id="${id}" name="${id}" type="${attrs.type ?? 'text'}" ${attrs.autocomplete ? html`autocomplete="${attrs.autocomplete}"` : ''} ${attrs.maxlength ? html`maxlength="${attrs.maxlength}"` : ''} ${attrs.required ? 'required' : ''} value="${values[id] ?? ''}" aria-invalid="${errors[id] ? 'true' : 'false'}" aria-describedby="${described(id, errors, attrs.hint)}">`;
  return html`<h1>${s.title}</h1>
<p>${s.intro}</p>
${Object.keys(errors).length ? html`<div class="alert" role="alert">${errors.form ?? s.fixErrors}</div>` : ''}
<form class="case" method="post" action="${callbackPath(locale)}" novalidate>
<input type="hidden" name="idempotencyKey" value="${key}">
${field('name', s.fieldName, input('name', { autocomplete: 'name', maxlength: 200, required: true }), errors.name)}
${field('email', s.fieldEmail, input('email', { type: 'email', autocomplete: 'email', maxlength: 254, required: true }), errors.email)}
${field('phone', s.fieldPhone, input('phone', { type: 'tel', autocomplete: 'tel', maxlength: 40, required: true, hint: true }), errors.phone, s.phoneHint)}
<fieldset class="window" aria-describedby="window-hint">
<legend>${s.windowLegend}</legend>
<p class="hint" id="window-hint">${s.windowHint(timeZone)}</p>
${field('date', s.fieldDate, input('date', { type: 'date', required: true }), errors.date)}
${field('from', s.fieldFrom, input('from', { type: 'time', required: true }), errors.from)}
${field('to', s.fieldTo, input('to', { type: 'time', required: true }), errors.to)}
</fieldset>
${field('case', s.fieldCase, input('case', { maxlength: 30, hint: true }), errors.case, s.caseHint)}
${field('notes', s.fieldNotes, html`<textarea id="notes" name="notes" rows="4" maxlength="2000" aria-invalid="${errors.notes ? 'true' : 'false'}" aria-describedby="${described('notes', errors)}">${values.notes ?? ''}</textarea>`, errors.notes)}
<div class="hp" aria-hidden="true"><label for="website">${s.honeypot}</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">${s.send}</button>
</form>`;
}

/** The API's field errors as the form's fields and words. */
function formErrors(s: CallbackPageStrings, errors: Array<{ field: string; message: string }>): Errors {
  const out: Errors = {};
  for (const e of errors) {
    const name = e.field.replace(/^body\./, '');
    if (name === 'windowStart') out.from = /past/.test(e.message) ? s.errors.past! : s.errors.from!;
    else if (name === 'windowEnd') out.to = /after windowStart/.test(e.message) ? s.errors.reversed! : /days ahead/.test(e.message) ? s.errors.far! : /at least/.test(e.message) ? s.errors.short! : s.errors.to!;
    else out[name] = s.errors[name] ?? s.errors.generic!;
  }
  return out;
}

export function portalCallbackRoutes(deps: {
  config: Config;
  callbacks: CallbackService;
  /** The company's time zone, read at each request (the settings change it). */
  timeZone: () => string;
  now: () => Date;
  customerOf: (c: Context) => Promise<{ id: number } | null>;
  perIp: MiddlewareHandler<AppEnv>;
  announcements?: (locale: Locale) => Promise<Announcement[]>;
}) {
  const { config } = deps;
  const localeOf = (c: Context): Locale | null => LocaleSchema.safeParse(c.req.param('locale')).data ?? null;
  const render = async (c: Context, locale: Locale, body: Parameters<typeof layout>[1], status: 200 | 422 | 429 | 503 = 200) => {
    const s = CALLBACK_PAGE_STRINGS[locale];
    const announcements = status === 503 || !deps.announcements ? [] : await deps.announcements(locale).catch(() => []);
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    const canonical = config.publicUrl + callbackPath(locale);
    const alternates = { es: config.publicUrl + callbackPath('es'), en: config.publicUrl + callbackPath('en') };
    return c.html(layout({ locale, title: s.title, description: s.intro, canonical, alternates, noindex: true, company: config.companyName, announcements }, body), status);
  };

  return new Hono<AppEnv>()
    .get('/help/:locale/callback', async (c) => {
      const locale = localeOf(c);
      if (!locale) return c.notFound();
      const tz = deps.timeZone();
      return render(c, locale, form(locale, tz, { date: localDate(deps.now(), tz) }, {}, randomUUID()));
    })
    .post('/help/:locale/callback', deps.perIp, async (c) => {
      const locale = localeOf(c);
      if (!locale) return c.notFound();
      const s = CALLBACK_PAGE_STRINGS[locale];
      const tz = deps.timeZone();
      const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const values: Values = Object.fromEntries(FIELDS.map((k) => [k, typeof body[k] === 'string' ? (body[k] as string) : '']));
      const key = /^[\w-]{8,100}$/.test(values.idempotencyKey ?? '') ? values.idempotencyKey! : randomUUID();
      const again = (errors: Errors, status: 422 | 429 | 503) => render(c, locale, form(locale, tz, values, errors, key), status);

      const errors: Errors = {};
      if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date!)) errors.date = s.errors.date!;
      const start = zonedInstant(values.date!, values.from!, tz);
      const end = zonedInstant(values.date!, values.to!, tz);
      if (!errors.date && !start) errors.from = s.errors.from!;
      if (!errors.date && !end) errors.to = s.errors.to!;
      const parsed = check(CallbackCreateSchema, {
        name: values.name,
        email: values.email,
        phone: values.phone,
        windowStart: (start ?? new Date(0)).toISOString(),
        windowEnd: (end ?? new Date(1)).toISOString(),
        locale,
        ...(values.case ? { case: values.case.trim().toUpperCase() } : {}),
        ...(values.notes?.trim() ? { notes: values.notes } : {}),
        ...(values.website ? { website: values.website } : {}),
      });
      // The number is read by the service once the rest is valid; a form with other errors says it now too.
      if ((!parsed.success || Object.keys(errors).length) && values.phone!.trim() && !normalisePhone(values.phone!, PHONE_DEFAULT_COUNTRY[locale])) errors.phone = s.errors.phone!;
      if (!parsed.success || Object.keys(errors).length) {
        // A window that could not be read is named by its own fields, not by the stand-ins' errors.
        const issues = parsed.success ? [] : parsed.issues.filter((i) => (start && end) || !['windowStart', 'windowEnd'].includes(String(i.path[0])));
        return again({ ...formErrors(s, issues.map((i) => ({ field: `body.${String(i.path[0])}`, message: i.message }))), ...errors }, 422);
      }
      if (parsed.data.website) return again({ form: s.errors.website! }, 422);
      try {
        const customer = await deps.customerOf(c);
        const answer = await deps.callbacks.request(parsed.data, { idempotencyKey: `portal:${key}`, customer });
        const v = answer.body;
        return render(
          c,
          locale,
          html`<h1>${s.doneTitle}</h1>
<div class="notice" role="status"><p>${s.doneText(displayPhone(v.phone), formatWindow(locale, tz, v.windowStart, v.windowEnd))}</p>${v.lane === 'fast' ? html`<p>${s.fastLane}</p>` : ''}</div>
<p>${s.doneMail}</p>
<p><a href="${callbackPath(locale)}">${s.another}</a> · <a href="${paths.home(locale)}">${s.backHome}</a></p>`,
        );
      } catch (err) {
        if (isDatabaseUnavailable(err)) {
          c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
          return again({ form: s.errors.unavailable! }, 503);
        }
        if (err instanceof AppError && err.status === 429) {
          for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
          return again({ form: s.errors.rate! }, 429);
        }
        if (err instanceof AppError && err.errors?.length) return again(formErrors(s, err.errors), 422);
        throw err;
      }
    });
}
