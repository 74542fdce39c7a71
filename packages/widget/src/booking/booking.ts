import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AyudaApiError, newIdempotencyKey, type ResponseOf } from '@ayuda/client';
import { AyudaElement } from '../internal/base.js';
import { emit } from '../events.js';
import type { Catalogue } from '../i18n/index.js';
import { format } from '../i18n/format.js';
import { apiLocale, isOffline } from '../data/service.js';
import { loadSession } from '../fastlane/session.js';
import { addDays, dayGrid, dayKey, gridWeeks, longDay } from './calendar.js';
import { bookingStrings, type BookingStrings } from './strings.js';
import { bookingStyles } from './booking.styles.js';

type Slot = { start: string; end: string };
type Appointment = ResponseOf<'bookAppointment'>;
type AppointmentType = ResponseOf<'appointmentTypes'>['types'][number];
type Field = 'time' | 'name' | 'email' | 'phone' | 'notes';
type Phase = 'loading' | 'failed' | 'types' | 'pick' | 'done';

/** What a customer can send (the server's limits, `APPOINTMENT_LIMITS` in @ayuda/core; repeated here so the widget does not load zod). */
const LIMITS = { nameMax: 200, emailMax: 254, notesMax: 2000, phoneMax: 40 } as const;
/** The longest stretch of days the grid shows (the slots query allows 62). */
const GRID_DAYS_MAX = 56;

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
/** "Central European Time" for a zone, in `locale`; the zone's id when Intl cannot name it. */
function zoneName(locale: string, zone: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value ?? zone;
  } catch {
    return zone;
  }
}

/**
 * Books an appointment: the kind of appointment, a day in a keyboard-accessible grid of the
 * coming weeks, a free time of that day (in the customer's time zone), then name, email, the
 * phone to call for phone appointments, and notes. A customer signed in to the fast lane (its session, kept
 * by `<ayuda-fastlane>` in this tab) sees the times held for it; the component never says which
 * times those are. A time taken meanwhile, or refused by the server (by now too soon, or past),
 * is answered with the day's fresh times and nothing typed is lost; a retry after a network
 * error books once (it keeps its Idempotency-Key).
 *
 * @summary Book a call, video call or visit: date grid, times, details, confirmation.
 *
 * @customElement ayuda-booking
 *
 * @attr type - The appointment type's key (`phone-support`): starts on its days. Unset: the customer chooses among the types.
 * @attr case - A case reference (`NF-000123`) the appointment is about; sent with the booking.
 * @attr server - The Ayuda server's URL. Default: the embed's server, else this page's origin.
 * @attr locale - `es` or `en`. Default: the nearest `lang` attribute, then `<html lang>`.
 * @attr theme - `light` or `dark`; unset follows `prefers-color-scheme`.
 *
 * @event ayuda-appointment-booked - The server confirmed a booking. `detail: { id, type, start, end, manageUrl, icsUrl }`.
 *
 * @csspart base - The component's root.
 * @csspart heading - The heading ("Book a call").
 * @csspart types - The list of appointment types.
 * @csspart type-button - One type's button.
 * @csspart change-type - The button back to the types.
 * @csspart calendar - The date picker: the months and the grid.
 * @csspart months - The months the grid shows.
 * @csspart grid - The grid of days (a table).
 * @csspart day - One day's button (`aria-disabled="true"` when it has no free time).
 * @csspart day-selected - The chosen day's button.
 * @csspart times - The free times of the chosen day (a radio group).
 * @csspart time - One time's label.
 * @csspart zone - The line naming the time zone of the times.
 * @csspart field - A form field (label, control, error).
 * @csspart input - A text input or the notes box.
 * @csspart error - A field's error.
 * @csspart alert - What went wrong (an assertive live region).
 * @csspart submit-button - "Confirm the appointment".
 * @csspart confirmation - The confirmation.
 * @csspart ics-link - "Add to calendar".
 * @csspart manage-link - The link to see, change or cancel the appointment.
 *
 * @cssproperty --ayuda-booking-day-size - The size of a day's button in the grid (default 2.5rem).
 */
export class AyudaBooking extends AyudaElement {
  static override styles = bookingStyles;
  static override properties = {
    type: { type: String, reflect: true },
    case: { type: String },
    phase: { state: true },
    types: { state: true },
    chosen: { state: true },
    slots: { state: true },
    day: { state: true },
    focusDay: { state: true },
    time: { state: true },
    fields: { state: true },
    errors: { state: true },
    alert: { state: true },
    sending: { state: true },
    booked: { state: true },
  };

  declare type: string | undefined;
  declare case: string | undefined;
  declare protected phase: Phase;
  declare protected types: AppointmentType[];
  declare protected chosen: AppointmentType | null;
  declare protected slots: Slot[];
  declare protected day: string | null;
  declare protected focusDay: string;
  declare protected time: string | null;
  declare protected fields: Record<'name' | 'email' | 'phone' | 'notes', string>;
  declare protected errors: Partial<Record<Field, string>>;
  declare protected alert: string;
  declare protected sending: boolean;
  declare protected booked: Appointment | null;
  #companyZone = '';
  #abort: AbortController | undefined;
  /** The key every attempt to send this booking uses, until the server gives an answer. */
  #key: string | null = null;
  #loadedFor = '';

  constructor() {
    super();
    this.phase = 'loading';
    this.types = [];
    this.chosen = null;
    this.slots = [];
    this.day = null;
    this.focusDay = '';
    this.time = null;
    this.fields = { name: '', email: '', phone: '', notes: '' };
    this.errors = {};
    this.alert = '';
    this.sending = false;
    this.booked = null;
  }

  /** The Idempotency-Key the next attempt will send ('' before the first). */
  get idempotencyKey(): string {
    return this.#key ?? '';
  }

  /** Focuses the heading (the confirmation's, once booked), so a screen reader starts there. */
  override focus(options?: FocusOptions): void {
    void this.ready.then(() => this.renderRoot.querySelector<HTMLElement>(this.phase === 'done' ? '.confirmation h3' : 'h2')?.focus(options));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
    this.#loadedFor = '';
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const want = `${this.service.server}|${this.currentLocale}|${this.type ?? ''}`;
    if (want !== this.#loadedFor && this.isConnected) {
      this.#loadedFor = want;
      void this.#loadTypes();
    }
  }

  /** The fast-lane session of this tab, when the customer signed in (sent as a bearer token). */
  get #session(): string | undefined {
    return loadSession(this.service.server)?.token;
  }

  async #loadTypes(): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.phase = 'loading';
    this.alert = '';
    try {
      const list = await this.service.client.appointmentTypes(apiLocale(this.currentLocale), { signal: abort.signal });
      if (abort.signal.aborted) return;
      this.#companyZone = list.timeZone;
      this.types = list.types;
      const wanted = this.type ? list.types.find((t) => t.key === this.type) : list.types.length === 1 ? list.types[0] : undefined;
      if (this.type && !wanted) {
        console.warn(`Ayuda: <ayuda-booking type="${this.type}"> names no appointment type the server offers (${list.types.map((t) => t.key).join(', ') || 'none'}); set type to one of them, or remove it to let the customer choose.`);
      }
      if (wanted) await this.#choose(wanted, abort);
      else this.phase = 'types';
    } catch (err) {
      if (abort.signal.aborted) return;
      this.phase = 'failed';
      if (!isOffline(err)) console.warn(String(err));
    }
  }

  async #choose(t: AppointmentType, abort = (this.#abort = new AbortController()), focus = false): Promise<void> {
    this.chosen = t;
    this.phase = 'loading';
    this.day = null;
    this.time = null;
    this.errors = {};
    this.alert = '';
    const ok = await this.#loadSlots(t, abort);
    if (abort.signal.aborted) return;
    if (!ok) return void (this.phase = 'failed');
    this.phase = 'pick';
    const first = this.#freeDays().keys().next().value;
    this.focusDay = first ?? this.#range().from;
    // Chosen from the list: the list is gone, so focus goes on to the days.
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.grid-wrap [tabindex="0"]')?.focus());
  }

  /** The first and last day a slot can fall on, in the customer's zone. */
  #range(): { from: string; to: string } {
    const from = dayKey(Date.now(), browserZone());
    return { from, to: addDays(from, Math.min(this.chosen?.maxDaysAhead ?? 30, GRID_DAYS_MAX)) };
  }

  async #loadSlots(t: AppointmentType, abort: AbortController): Promise<boolean> {
    const now = Date.now();
    const list = await this.#fetchSlots(t, now, now + Math.min(t.maxDaysAhead, GRID_DAYS_MAX) * 86_400_000, abort);
    if (!list) return false;
    this.slots = list.slots;
    this.#companyZone = list.timeZone;
    return true;
  }

  /** The free times of `t` from `from` to `to` (ms) in this customer's lane; null when they could not be read. */
  async #fetchSlots(t: AppointmentType, from: number, to: number, abort: AbortController): Promise<{ slots: Slot[]; timeZone: string } | null> {
    const q = { type: t.key, from: new Date(from).toISOString(), to: new Date(to).toISOString(), locale: apiLocale(this.currentLocale) };
    const read = async (session?: string) => {
      const list = await this.service.client.appointmentSlots(q, { signal: abort.signal, ...(session ? { session } : {}) });
      return { slots: list.slots.map((s) => ({ start: s.start, end: s.end })), timeZone: list.timeZone };
    };
    const session = this.#session;
    try {
      return await read(session);
    } catch (err) {
      // A session that expired: the customer still sees (and books) what everyone sees.
      if (session && err instanceof AyudaApiError && err.status === 401 && !abort.signal.aborted) {
        try {
          return await read();
        } catch {
          return null;
        }
      }
      return null;
    }
  }

  /** Days with free times, in order, with how many. */
  #freeDays(): Map<string, number> {
    const zone = browserZone();
    const m = new Map<string, number>();
    for (const s of this.slots) {
      const k = dayKey(s.start, zone);
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  }

  #focusDay(key: string): void {
    this.focusDay = key;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-day="${key}"]`)?.focus());
  }

  #chooseDay(key: string): void {
    this.focusDay = key;
    if (this.day !== key) this.time = null;
    this.day = key;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.times input')?.focus());
  }

  #input(name: keyof AyudaBooking['fields'], e: Event): void {
    this.fields = { ...this.fields, [name]: (e.target as HTMLInputElement).value };
    if (this.errors[name]) this.errors = { ...this.errors, [name]: this.#check(name) };
  }

  #check(f: Field): string {
    const s = bookingStrings(this.currentLocale);
    const v = f === 'time' ? (this.time ?? '') : this.fields[f].trim();
    switch (f) {
      case 'time':
        return v ? '' : s.errTime;
      case 'name':
        return !v ? s.errName : v.length > LIMITS.nameMax ? format(s.errNameLong, { max: LIMITS.nameMax }) : '';
      case 'email':
        return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) && v.length <= LIMITS.emailMax ? '' : s.errEmail;
      case 'phone':
        if (!v) return s.errPhoneMissing;
        return /^[+()\d\s./-]{3,}$/.test(v) && v.length <= LIMITS.phoneMax && (v.match(/\d/g)?.length ?? 0) >= 3 ? '' : s.errPhone;
      case 'notes':
        return v.length > LIMITS.notesMax ? format(s.errNotesLong, { max: LIMITS.notesMax }) : '';
    }
  }

  #showErrors(errors: Partial<Record<Field, string>>): void {
    this.errors = errors;
    const first = (['time', 'name', 'email', 'phone', 'notes'] as const).find((f) => errors[f]);
    this.alert = bookingStrings(this.currentLocale).errorSummary;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(first === 'time' ? '.times input, .grid-wrap [tabindex="0"]' : `#bk-${first}`)?.focus());
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault();
    const t = this.chosen;
    if (this.sending || !t) return;
    const s = bookingStrings(this.currentLocale);
    const fields: Field[] = ['time', 'name', 'email', ...(t.mode === 'phone' ? (['phone'] as const) : []), 'notes'];
    const errors = Object.fromEntries(fields.map((f) => [f, this.#check(f)]).filter(([, m]) => m));
    if (Object.keys(errors).length) return this.#showErrors(errors);
    const f = this.fields;
    const input = {
      type: t.key,
      start: this.time!,
      name: f.name.trim(),
      email: f.email.trim(),
      locale: apiLocale(this.currentLocale),
      ...(this.case ? { case: this.case } : {}),
      ...(t.mode === 'phone' ? { phone: f.phone.trim() } : {}),
      ...(f.notes.trim() ? { notes: f.notes.trim() } : {}),
    };
    this.#key ??= newIdempotencyKey();
    this.errors = {};
    this.alert = '';
    this.sending = true;
    const abort = (this.#abort = new AbortController());
    const session = this.#session;
    try {
      const booked = await this.service.client.bookAppointment(input, { idempotencyKey: this.#key, signal: abort.signal, ...(session ? { session } : {}) });
      this.#key = null;
      this.booked = booked;
      this.phase = 'done';
      emit(this, 'ayuda-appointment-booked', { id: booked.id, type: booked.type, start: booked.start, end: booked.end, manageUrl: booked.manageUrl, icsUrl: booked.icsUrl });
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.confirmation h3')?.focus());
    } catch (err) {
      if (abort.signal.aborted) return;
      // No answer: the key stays, so pressing again cannot book twice.
      if (!(err instanceof AyudaApiError)) return void (this.alert = s.networkError);
      // An answer: the next attempt is a new request (another time, other details).
      this.#key = null;
      if (err.status === 409 && err.type !== 'idempotency-key-mismatch') return this.#taken(input.start, this.day, (err.problem as { slots?: Slot[] }).slots, 'taken');
      if (err.status === 429) this.alert = s.rateLimited;
      else if (err.status === 422 && err.problem.errors?.some((pe) => pe.field === 'body.start')) await this.#refused(t, input.start, abort);
      else if (err.status === 422 || err.status === 400) this.#showErrors(this.#serverErrors(err, s));
      else this.alert = s.serverError;
    } finally {
      this.sending = false;
    }
  }

  /**
   * The server refused the chosen time itself (422 on `body.start`: by now it falls inside the
   * type's notice, or is past): the day's times are read again and handled as a taken time.
   */
  async #refused(t: AppointmentType, start: string, abort: AbortController): Promise<void> {
    const day = this.day;
    // The day's bounds in the customer's zone (a date-time without an offset is local time).
    const fresh = day ? await this.#fetchSlots(t, Date.parse(`${day}T00:00:00`), Date.parse(`${addDays(day, 1)}T00:00:00`), abort) : null;
    if (abort.signal.aborted) return;
    this.#taken(start, day, fresh?.slots, 'gone');
  }

  /**
   * The time `taken` (on `day`) cannot be booked: taken meanwhile (409, whose answer holds the
   * day's free times) or refused by the server (`gone`, the day's times read again). `fresh`
   * replaces that day's times (without it only `taken` goes); the fields are kept.
   */
  #taken(taken: string, day: string | null, fresh: Slot[] | undefined, why: 'taken' | 'gone'): void {
    const s = bookingStrings(this.currentLocale);
    const zone = browserZone();
    if (Array.isArray(fresh)) {
      // The free times of the day the slot was on replace that day's.
      const days = new Set(fresh.map((x) => dayKey(x.start, zone)).concat(day ? [day] : []));
      this.slots = [...this.slots.filter((x) => !days.has(dayKey(x.start, zone)) && x.start !== taken), ...fresh.map((x) => ({ start: x.start, end: x.end }))].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    } else this.slots = this.slots.filter((x) => x.start !== taken);
    // Another time chosen while the day's times were being read stays chosen.
    if (this.time === taken || !this.slots.some((x) => x.start === this.time)) this.time = null;
    const left = day ? (this.#freeDays().get(day) ?? 0) : 0;
    this.errors = this.time ? {} : { time: s.errTime };
    this.alert = why === 'taken' ? (left ? s.taken : s.takenNone) : left ? s.gone : s.goneNone;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(left ? '.times input' : '.grid-wrap [tabindex="0"]')?.focus());
  }

  #serverErrors(err: AyudaApiError, s: BookingStrings): Partial<Record<Field, string>> {
    const out: Partial<Record<Field, string>> = {};
    const message: Record<Field, string> = { time: s.errTime, name: s.errName, email: s.errEmail, phone: s.errPhone, notes: format(s.errNotesLong, { max: LIMITS.notesMax }) };
    for (const pe of err.problem.errors ?? []) {
      const name = pe.field.replace(/^body\./, '').split('.')[0]!;
      const field = (name === 'start' ? 'time' : name) as Field;
      if (field in message) out[field] = message[field];
    }
    if (!Object.keys(out).length) this.alert = s.serverError;
    return out;
  }

  #another(): void {
    this.booked = null;
    this.fields = { ...this.fields, notes: '' };
    if (this.chosen) void this.#choose(this.chosen);
  }

  // ---- rendering ----

  #field(name: 'name' | 'email' | 'phone' | 'notes', label: string, control: (describedBy: string, invalid: boolean) => TemplateResult, hint = '', optional = false) {
    const s = bookingStrings(this.currentLocale);
    const err = this.errors[name];
    const ids = [hint ? `bk-${name}-hint` : '', err ? `bk-${name}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field" part="field">
      <label for="bk-${name}">${label}${optional ? html` <span class="optional">${s.optional}</span>` : nothing}</label>
      ${hint ? html`<p class="hint" id="bk-${name}-hint">${hint}</p>` : nothing} ${control(ids, !!err)}
      ${err ? html`<p class="error" part="error" id="bk-${name}-error">${err}</p>` : nothing}
    </div>`;
  }

  #text(name: 'name' | 'email' | 'phone', type: string, autocomplete: string, max: number) {
    return (describedBy: string, invalid: boolean) =>
      html`<input id="bk-${name}" part="input" type=${type} autocomplete=${autocomplete} maxlength=${max} .value=${this.fields[name]} aria-describedby=${describedBy || nothing} aria-invalid=${invalid ? 'true' : 'false'} @input=${(e: Event) => this.#input(name, e)} />`;
  }

  #types(s: BookingStrings) {
    if (!this.types.length) return html`<p class="hint">${s.noTypes}</p>`;
    return html`<h3>${s.chooseType}</h3>
      <ul class="types" part="types">
        ${this.types.map(
          (t) =>
            html`<li>
              <button type="button" class="type" part="type-button" @click=${() => void this.#choose(t, undefined, true)}>
                <span class="type-name">${t.name}</span>
                <span class="type-meta">${s.mode[t.mode]} · ${format(s.minutes, { n: t.durationMinutes })}</span>
                ${t.description ? html`<span class="type-desc">${t.description}</span>` : nothing}
              </button>
            </li>`,
        )}
      </ul>`;
  }

  #times(s: BookingStrings, locale: string) {
    const day = this.day;
    if (!day) return nothing;
    const zone = browserZone();
    const times = this.slots.filter((x) => dayKey(x.start, zone) === day);
    const fmt = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
    const err = this.errors.time;
    return html`<fieldset class="times" part="times" aria-describedby=${err ? 'bk-time-error' : nothing}>
      <legend>${format(s.timesLegend, { day: longDay(locale, day) })}</legend>
      <div class="time-list">
        ${times.map(
          (x) =>
            html`<label class="time" part="time"
              ><input type="radio" name="time" .value=${x.start} .checked=${this.time === x.start} @change=${() => ((this.time = x.start), this.errors.time && (this.errors = { ...this.errors, time: '' }))} />
              <span>${fmt.format(new Date(x.start))}</span></label
            >`,
        )}
      </div>
      ${err ? html`<p class="error" part="error" id="bk-time-error">${err}</p>` : nothing}
    </fieldset>`;
  }

  #pick(s: BookingStrings, cat: Catalogue) {
    const t = this.chosen!;
    const locale = cat.locale;
    const free = this.#freeDays();
    const { from, to } = this.#range();
    const weeks = gridWeeks(from, to);
    const mine = zoneName(locale, browserZone());
    const company = this.#companyZone ? zoneName(locale, this.#companyZone) : mine;
    return html`<div class="chosen">
        <p>
          <strong>${t.name}</strong> · ${s.mode[t.mode]} · ${format(s.minutes, { n: t.durationMinutes })}
        </p>
        ${this.types.length > 1 && !this.type ? html`<button type="button" class="secondary small" part="change-type" @click=${() => ((this.phase = 'types'), (this.chosen = null))}>${s.changeType}</button>` : nothing}
      </div>
      <p class="hint" part="zone">${mine === company ? format(s.zoneHint, { zone: mine }) : format(s.zoneHintOther, { zone: mine, company })}</p>
      ${free.size
        ? html`<h3 id="bk-date-legend">${s.dateLegend}</h3>
            <div class="grid-wrap">
              ${dayGrid(s, { locale, weeks, free, from, to, selected: this.day, focused: this.focusDay || from, rtl: cat.dir === 'rtl' }, { choose: (k) => this.#chooseDay(k), focus: (k) => this.#focusDay(k) })}
            </div>
            <form novalidate @submit=${this.#submit}>
              ${this.#times(s, locale)}
              <h3>${s.detailsHeading}</h3>
              ${this.#field('name', s.nameLabel, this.#text('name', 'text', 'name', LIMITS.nameMax))}
              ${this.#field('email', s.emailLabel, this.#text('email', 'email', 'email', LIMITS.emailMax), s.emailHint)}
              ${t.mode === 'phone' ? this.#field('phone', s.phoneLabel, this.#text('phone', 'tel', 'tel', LIMITS.phoneMax), s.phoneHint) : nothing}
              ${this.#field(
                'notes',
                s.notesLabel,
                (d, invalid) =>
                  html`<textarea id="bk-notes" part="input" rows="3" maxlength=${LIMITS.notesMax} .value=${this.fields.notes} aria-describedby=${d || nothing} aria-invalid=${invalid ? 'true' : 'false'} @input=${(e: Event) => this.#input('notes', e)}></textarea>`,
                '',
                true,
              )}
              <button type="submit" class="primary" part="submit-button" aria-disabled=${this.sending ? 'true' : 'false'}>${this.sending ? s.booking : s.book}</button>
            </form>`
        : html`<p class="hint">${s.noSlots}</p>`}`;
  }

  #done(s: BookingStrings, locale: string) {
    const b = this.booked!;
    const when = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(b.start));
    return html`<div class="confirmation" part="confirmation">
      <h3 tabindex="-1">${s.booked}</h3>
      <p><strong>${b.typeName}</strong></p>
      <p>${format(s.bookedWhen, { time: when, with: b.with })}</p>
      <p class="actions">
        <a href=${b.icsUrl} part="ics-link" download>${s.addToCalendar}</a>
        <a href=${b.manageUrl} part="manage-link" target="_blank" rel="noopener">${s.manage}</a>
      </p>
      <p class="hint">${s.manageHint}</p>
      <button type="button" class="secondary" @click=${() => this.#another()}>${s.another}</button>
    </div>`;
  }

  protected renderContent(cat: Catalogue) {
    const s = bookingStrings(cat.locale);
    const body =
      this.phase === 'loading'
        ? html`<p class="hint" role="status">${s.loading}</p>`
        : this.phase === 'failed'
          ? html`<p class="hint">${s.loadFailed}</p>
              <button type="button" class="secondary" @click=${() => (this.chosen ? void this.#choose(this.chosen) : void this.#loadTypes())}>${s.retry}</button>`
          : this.phase === 'types'
            ? this.type
              ? html`<p class="hint">${s.unknownType}</p>`
              : this.#types(s)
            : this.phase === 'pick'
              ? this.#pick(s, cat)
              : this.#done(s, cat.locale);
    return html`<div class="root" part="base" lang=${cat.locale} dir=${cat.dir}>
      <h2 part="heading" tabindex="-1">${s.heading}</h2>
      <div class="alert" part="alert" role="alert">${this.alert ? html`<p>${this.alert}</p>` : nothing}</div>
      ${body}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-booking': AyudaBooking;
  }
}
