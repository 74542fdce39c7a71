// <ayuda-appointment-detail>: one appointment in a modal dialog (customer, type, lane, time,
// notes, phone, its moves and any pending proposal) with what staff do to it: propose another
// time (picked from a list of the type's next free times, with the keyboard; nothing moves until
// the customer accepts) or cancel it with a reason.
import { css, html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { AyudaApiError } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { dialogStyles } from '../styles/dialog.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { refusalReason } from '../internal/optimistic.js';
import { notify } from '../internal/notices.js';
import { pauseShortcuts } from '../internal/shortcuts.js';
import { confirmAction } from '../dialogs/confirm-dialog.js';
import '../define/ayuda-confirm-dialog.js';
import { strings, type AppointmentsStrings } from './i18n.js';
import { freeTimes, type CalendarAppointment, type UnitState } from './model.js';
import { addDaysToDate, today, whenLabel, timeLabel } from './time.js';

/** How many free times are offered to choose from, and how far ahead they are looked for. */
const FREE_TIMES = 12;
const FREE_DAYS = 21;

type Errors = Partial<Record<'start' | 'reason', string>>;

/**
 * @event ayuda-appointment-changed - a proposal was sent or the appointment cancelled (detail: the appointment)
 */
export class AyudaAppointmentDetail extends LitElement {
  static override styles = [
    sharedStyles,
    dialogStyles,
    css`
      :host {
        --ayuda-dialog-width: 40rem;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 0.75rem;
        margin: 0 0 1rem;
      }
      dt {
        color: var(--ayuda-muted);
      }
      /* Focused by the dialog on opening, so a screen reader starts at the name; not a control. */
      h2[tabindex='-1']:focus {
        outline: none;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      h3 {
        font-size: 1rem;
        margin: 1rem 0 0.4rem;
      }
      fieldset {
        border: 1px solid var(--ayuda-border);
        border-radius: var(--ayuda-radius);
        margin: 0 0 0.5rem;
        max-height: 14rem;
        overflow: auto;
      }
      fieldset label {
        display: flex;
        flex-direction: row;
        align-items: center;
        gap: 0.4rem;
        color: var(--ayuda-text);
        font-size: 0.9375rem;
        padding: 0.15rem 0;
      }
      .note {
        border-left: 4px solid var(--ayuda-primary);
        padding: 0.25rem 0.6rem;
        background: var(--ayuda-surface-2);
      }
      form > label {
        display: flex;
        margin-bottom: 0.5rem;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        justify-content: flex-end;
        flex-wrap: wrap;
        margin-top: 1rem;
      }
      ol {
        padding-left: 1.25rem;
        margin: 0;
      }
    `,
  ];
  static override properties: PropertyDeclarations = {
    appointment: { state: true },
    timeZone: { state: true },
    times: { state: true },
    timesError: { state: true },
    moveErrors: { state: true },
    cancelErrors: { state: true },
    busy: { state: true },
    sent: { state: true },
    error: { state: true },
  };

  declare appointment: CalendarAppointment | null;
  declare timeZone: string;
  /** The type's next free times; null while they load. */
  declare times: Array<{ start: string; end: string; state: UnitState }> | null;
  declare timesError: string;
  declare moveErrors: Errors;
  declare cancelErrors: Errors;
  declare busy: boolean;
  /** The customer's address after a proposal was sent (said until the dialog closes). */
  declare sent: string;
  declare error: string;

  readonly #l = new LocalizeController(this);
  #returnTo: Element | null = null;
  #resume: (() => void) | null = null;

  constructor() {
    super();
    this.appointment = null;
    this.timeZone = 'UTC';
    this.times = null;
    this.timesError = '';
    this.moveErrors = {};
    this.cancelErrors = {};
    this.busy = false;
    this.sent = '';
    this.error = '';
  }

  get #s(): AppointmentsStrings {
    return strings[this.#l.locale];
  }

  /** Opens the dialog on an appointment; the focus comes back where it was when it closes. */
  async show(a: CalendarAppointment, timeZone: string): Promise<void> {
    this.appointment = a;
    this.timeZone = timeZone;
    this.times = null;
    this.moveErrors = {};
    this.cancelErrors = {};
    this.sent = '';
    this.error = '';
    await this.updateComplete;
    const d = this.renderRoot.querySelector('dialog')!;
    this.#returnTo = deepActive();
    this.#resume ??= pauseShortcuts();
    if (!d.open) d.showModal();
    d.querySelector<HTMLElement>('h2')?.focus();
    void this.#refresh(a.id);
    void this.#loadTimes(a);
  }

  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  #closed(): void {
    this.#resume?.();
    this.#resume = null;
    if (this.#returnTo instanceof HTMLElement) this.#returnTo.focus();
    this.#returnTo = null;
  }

  async #refresh(id: string): Promise<void> {
    try {
      const fresh = await api().staffAppointment(id);
      if (this.appointment?.id === id) this.appointment = fresh;
    } catch (err) {
      this.error = refusalReason(this.#l.cat, err);
    }
  }

  async #loadTimes(a: CalendarAppointment): Promise<void> {
    this.timesError = '';
    try {
      const from = today(this.timeZone);
      const [cal, types] = await Promise.all([api().staffCalendar({ from, to: addDaysToDate(from, FREE_DAYS), type: a.type }), api().staffAppointmentTypes()]);
      const type = types.types.find((t) => t.key === a.type);
      if (this.appointment?.id === a.id) this.times = type ? freeTimes(cal, a, type, Date.now(), FREE_TIMES) : [];
    } catch (err) {
      this.times = [];
      this.timesError = refusalReason(this.#l.cat, err);
    }
  }

  async #propose(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const a = this.appointment;
    if (!a || this.busy) return;
    const s = this.#s;
    const form = e.target as HTMLFormElement;
    const d = new FormData(form);
    const start = String(d.get('start') ?? '');
    const reason = String(d.get('reason') ?? '').trim();
    const errors: Errors = {};
    if (!start) errors.start = s.pickTime;
    if (!reason) errors.reason = s.reasonRequired;
    this.moveErrors = errors;
    if (Object.keys(errors).length) return this.#focusError(form, errors);
    this.busy = true;
    try {
      const r = await api().staffProposeMove(a.id, { start, reason });
      this.appointment = r.appointment;
      this.sent = r.appointment.email;
      form.reset();
      this.dispatchEvent(new CustomEvent('ayuda-appointment-changed', { bubbles: true, composed: true, detail: r.appointment }));
    } catch (err) {
      const fields = fieldErrors(err, s);
      if (Object.keys(fields).length) {
        this.moveErrors = fields;
        if (fields.start) void this.#loadTimes(a);
        return this.#focusError(form, fields);
      }
      // Taken meanwhile, or a proposal already waiting: say so and offer fresh times.
      this.moveErrors = { start: err instanceof AyudaApiError && err.status === 409 ? s.moveConflict : refusalReason(this.#l.cat, err) };
      if (err instanceof AyudaApiError && err.status === 409) {
        void this.#refresh(a.id);
        void this.#loadTimes(a);
      }
      await this.#focusError(form, this.moveErrors);
    } finally {
      this.busy = false;
    }
  }

  async #cancel(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const a = this.appointment;
    if (!a || this.busy) return;
    const s = this.#s;
    const form = e.target as HTMLFormElement;
    const reason = String(new FormData(form).get('reason') ?? '').trim();
    this.cancelErrors = reason ? {} : { reason: s.reasonRequired };
    if (!reason) return this.#focusError(form, this.cancelErrors);
    if (!(await confirmAction({ title: s.cancelTitle(a.name), message: s.cancelMessage, confirm: s.cancelConfirm }))) return;
    this.busy = true;
    try {
      const r = await api().staffCancelAppointment(a.id, { reason });
      this.appointment = r;
      notify(s.cancelled(r.name));
      this.dispatchEvent(new CustomEvent('ayuda-appointment-changed', { bubbles: true, composed: true, detail: r }));
    } catch (err) {
      const fields = fieldErrors(err, s);
      this.cancelErrors = fields.reason ? { reason: fields.reason } : {};
      if (!fields.reason) this.error = refusalReason(this.#l.cat, err);
      else await this.#focusError(form, this.cancelErrors);
    } finally {
      this.busy = false;
    }
  }

  async #focusError(form: HTMLFormElement, errors: Errors): Promise<void> {
    await this.updateComplete;
    const first = errors.start ? 'start' : 'reason';
    form.querySelector<HTMLElement>(`[name=${first}]`)?.focus();
  }

  protected override render(): TemplateResult {
    const a = this.appointment;
    return html`<dialog aria-labelledby="detail-title" @close=${(e: Event) => !(e.target as HTMLDialogElement).open && this.#closed()}>
      ${a ? this.#body(this.#s, a) : nothing}
    </dialog>`;
  }

  #body(s: AppointmentsStrings, a: CalendarAppointment): TemplateResult {
    const cat = this.#l.cat;
    const tz = this.timeZone;
    const when = (iso: string) => whenLabel(this.#l.locale, iso, tz);
    const upcoming = a.status === 'booked' && Date.parse(a.start) > Date.now();
    // The console's language, not the customer's (`typeName` is the name they booked under).
    const typeName = a.typeNames[this.#l.locale];
    return html`<h2 id="detail-title" tabindex="-1">${a.name}</h2>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <dl>
        <dt>${s.time}</dt>
        <dd>${when(a.start)}–${timeLabel(a.end, tz)} <span class="muted">(${tz})</span></dd>
        <dt>${s.type}</dt>
        <dd>${typeName}${typeName === s.modes[a.mode] ? nothing : ` · ${s.modes[a.mode]}`}</dd>
        <dt>${cat.lane}</dt>
        <dd><span class="badge ${a.lane}">${cat.lanes[a.lane]}</span>${a.inReserve ? html` <span class="badge reserve">★ ${s.inReserve}</span>` : nothing}</dd>
        <dt>${s.status}</dt>
        <dd>${s.statuses[a.status]}</dd>
        <dt>${s.with}</dt>
        <dd>${a.with}</dd>
        <dt>${cat.email}</dt>
        <dd><a href="mailto:${a.email}">${a.email}</a></dd>
        <dt>${s.phone}</dt>
        <dd>${a.phone ? html`<a href="tel:${a.phone}">${a.phone}</a>` : s.none}</dd>
        <dt>${s.caseRef}</dt>
        <dd>${a.case ? html`<a href="#/cases/${encodeURIComponent(a.case)}" @click=${() => this.close()}>${a.case}</a>` : s.none}</dd>
        <dt>${s.notes}</dt>
        <dd>${a.notes ?? s.none}</dd>
      </dl>
      <h3>${s.moves}</h3>
      ${a.moves.length
        ? html`<ol>
            ${a.moves.map((m) => html`<li>${s.moveLine(when(m.from), when(m.to), m.by, when(m.at))}${m.reason ? html` <span class="muted">(${m.reason})</span>` : nothing}</li>`)}
          </ol>`
        : html`<p class="muted">${s.noMoves}</p>`}
      ${a.pendingMove ? html`<p class="note" role="status">${s.pendingLine(when(a.pendingMove.start), when(a.pendingMove.expiresAt))}</p>` : nothing}
      ${this.sent ? html`<p class="note" role="status">${s.proposalSent(this.sent)}</p>` : nothing}
      ${upcoming && !a.pendingMove ? this.#moveForm(s) : nothing} ${upcoming ? this.#cancelForm(s) : nothing}
      <div class="actions"><button type="button" @click=${() => this.close()}>${cat.close}</button></div>`;
  }

  #moveForm(s: AppointmentsStrings): TemplateResult {
    const e = this.moveErrors;
    const a = this.appointment!;
    return html`<form novalidate aria-labelledby="move-title" @submit=${(ev: SubmitEvent) => void this.#propose(ev)}>
      <h3 id="move-title">${s.proposeTitle}</h3>
      <p class="muted" id="move-help">${s.proposeHelp}</p>
      <fieldset aria-describedby=${e.start ? 'move-start-error' : nothing} aria-invalid=${e.start ? 'true' : nothing}>
        <legend>${s.newTime}</legend>
        ${this.times === null
          ? html`<p class="muted" role="status">${this.#l.cat.loading}</p>`
          : this.times.length === 0
            ? html`<p class="muted">${this.timesError || s.noFreeTimes}</p>`
            : this.times.map(
                (t) =>
                  html`<label><input type="radio" name="start" value=${t.start} />${whenLabel(this.#l.locale, t.start, this.timeZone)}–${timeLabel(t.end, this.timeZone)}${t.state !== 'free' ? html` <span class="muted">(${s.unitStates[t.state]})</span>` : nothing}</label>`,
              )}
      </fieldset>
      ${e.start ? html`<p class="error" id="move-start-error">${e.start}</p>` : nothing}
      <label
        >${s.reasonToCustomer}
        <textarea name="reason" rows="2" maxlength="500" placeholder=${s.reasonExample} aria-invalid=${e.reason ? 'true' : 'false'} aria-describedby=${e.reason ? 'move-reason-error' : 'move-help'}></textarea>
        ${e.reason ? html`<span class="error" id="move-reason-error">${e.reason}</span>` : nothing}
      </label>
      <div class="actions"><button type="submit" class="primary" ?disabled=${this.busy || !this.times?.length}>${s.sendProposal(a.name)}</button></div>
    </form>`;
  }

  #cancelForm(s: AppointmentsStrings): TemplateResult {
    const e = this.cancelErrors;
    return html`<form novalidate aria-labelledby="cancel-title" @submit=${(ev: SubmitEvent) => void this.#cancel(ev)}>
      <h3 id="cancel-title">${s.cancelHeading}</h3>
      <label
        >${s.cancelReason}
        <textarea name="reason" rows="2" maxlength="500" aria-invalid=${e.reason ? 'true' : 'false'} aria-describedby=${e.reason ? 'cancel-reason-error' : nothing}></textarea>
        ${e.reason ? html`<span class="error" id="cancel-reason-error">${e.reason}</span>` : nothing}
      </label>
      <div class="actions"><button type="submit" class="danger" ?disabled=${this.busy}>${s.cancelAppointment}</button></div>
    </form>`;
  }
}

/** The server's per-field refusals of a body (`body.reason`, `body.start`) in the screen's words. */
function fieldErrors(err: unknown, s: AppointmentsStrings): Errors {
  if (!(err instanceof AyudaApiError) || (err.status !== 400 && err.status !== 422)) return {};
  const f = err.fieldErrors;
  const out: Errors = {};
  if (f['body.start']) out.start = s.timeRefused;
  if (f['body.reason']) out.reason = s.reasonInvalid;
  return out;
}

function deepActive(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-appointment-detail': AyudaAppointmentDetail;
  }
}
