// <ayuda-availability>: an agent's recurring working time and absences. Weekly rules are edited
// as weekday checkboxes with from/to times (saved as `FREQ=WEEKLY;BYDAY=…`); any other rule is
// shown and edited as its RRULE text. Agents edit their own; admins anyone's.
import { css, html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { AyudaApiError, type ResponseOf, type StaffUser } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { cardStyles } from '../styles/screen.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { refusalReason } from '../internal/optimistic.js';
import { notify } from '../internal/notices.js';
import { team } from '../internal/directory.js';
import { confirmAction } from '../dialogs/confirm-dialog.js';
import '../define/ayuda-confirm-dialog.js';
import { strings, type AppointmentsStrings } from './i18n.js';
import { formStyles } from './appointments.styles.js';
import { today, whenLabel, zonedInstant } from './time.js';

type Availability = ResponseOf<'staffAvailability'>;
type Rule = Availability['rules'][number];
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
type Weekday = (typeof WEEKDAYS)[number];

/** A rule being edited: weekly days, or its RRULE text when it is anything else. */
export interface RuleDraft {
  days: Weekday[] | null;
  rrule: string;
  start: string;
  end: string;
  validFrom: string;
  validUntil: string;
}

const WEEKLY = /^(?:RRULE:)?FREQ=WEEKLY;BYDAY=((?:MO|TU|WE|TH|FR|SA|SU)(?:,(?:MO|TU|WE|TH|FR|SA|SU))*)$/;

/** A saved rule as the editor shows it: weekday boxes for a plain weekly rule, its text otherwise. */
export function toDraft(r: Rule): RuleDraft {
  const m = WEEKLY.exec(r.rrule);
  const days = m ? WEEKDAYS.filter((d) => m[1]!.split(',').includes(d)) : null;
  return { days, rrule: r.rrule, start: r.start, end: r.end, validFrom: r.validFrom, validUntil: r.validUntil ?? '' };
}

export function fromDraft(d: RuleDraft): Rule {
  return { rrule: d.days ? `FREQ=WEEKLY;BYDAY=${d.days.join(',')}` : d.rrule.trim(), start: d.start, end: d.end, validFrom: d.validFrom, validUntil: d.validUntil || null };
}

export class AyudaAvailability extends LitElement {
  static override styles = [
    sharedStyles,
    cardStyles,
    formStyles,
    css`
      :host {
        display: block;
      }
      .rule {
        border: 1px solid var(--ayuda-border);
        border-radius: var(--ayuda-radius);
        padding: 0.5rem 0.75rem;
        margin: 0 0 0.75rem;
      }
      .days {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        border: 0;
        padding: 0;
        margin: 0 0 0.5rem;
      }
    `,
  ];
  static override properties: PropertyDeclarations = {
    user: { attribute: false },
    agentId: { state: true },
    people: { state: true },
    data: { state: true },
    rules: { state: true },
    ruleErrors: { state: true },
    absenceErrors: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  declare user: StaffUser | undefined;
  declare agentId: number | null;
  declare people: StaffUser[];
  declare data: Availability | null;
  declare rules: RuleDraft[];
  /** Refusals by path (`rules.0.end`). */
  declare ruleErrors: Record<string, string>;
  declare absenceErrors: Record<string, string>;
  declare error: string;
  declare busy: boolean;

  readonly #l = new LocalizeController(this);

  constructor() {
    super();
    this.user = undefined;
    this.agentId = null;
    this.people = [];
    this.data = null;
    this.rules = [];
    this.ruleErrors = {};
    this.absenceErrors = {};
    this.error = '';
    this.busy = false;
  }

  get #s(): AppointmentsStrings {
    return strings[this.#l.locale];
  }

  get #admin(): boolean {
    return this.user?.role === 'admin';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('user') && this.user && this.agentId === null) {
      this.agentId = this.user.id;
      if (this.#admin) void team().then((p) => (this.people = p), () => undefined);
    }
    if (changed.has('agentId') && this.agentId !== null) void this.#load(this.agentId);
  }

  async #load(agentId: number): Promise<void> {
    this.data = null;
    this.ruleErrors = {};
    this.absenceErrors = {};
    this.error = '';
    try {
      const data = await api().staffAvailability(agentId);
      if (this.agentId !== agentId) return;
      this.data = data;
      this.rules = data.rules.map(toDraft);
    } catch (err) {
      this.error = refusalReason(this.#l.cat, err);
    }
  }

  #change(i: number, patch: Partial<RuleDraft>): void {
    this.rules = this.rules.map((r, j) => (j === i ? { ...r, ...patch } : r));
  }

  /** Ticks or unticks a weekday of a weekly rule, from the rules as they are now (two clicks before a render both count). */
  #toggle(i: number, day: Weekday, on: boolean): void {
    const days = this.rules[i]?.days ?? [];
    this.#change(i, { days: WEEKDAYS.filter((x) => (x === day ? on : days.includes(x))) });
  }

  async #add(): Promise<void> {
    const from = today(this.data?.timeZone ?? 'UTC');
    this.rules = [...this.rules, { days: ['MO', 'TU', 'WE', 'TH', 'FR'], rrule: '', start: '09:00', end: '17:00', validFrom: from, validUntil: '' }];
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#rule-${this.rules.length - 1} legend`)?.focus();
  }

  async #remove(i: number): Promise<void> {
    this.rules = this.rules.filter((_, j) => j !== i);
    this.ruleErrors = {};
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#add-rule')?.focus();
  }

  async #saveRules(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy || this.agentId === null) return;
    const s = this.#s;
    const local: Record<string, string> = {};
    this.rules.forEach((r, i) => {
      if (r.days && r.days.length === 0) local[`rules.${i}.rrule`] = s.ruleErrors.days;
    });
    if (Object.keys(local).length) return this.#showRuleErrors(local);
    this.busy = true;
    try {
      const saved = await api().staffSaveAvailability(this.agentId, { rules: this.rules.map(fromDraft) });
      this.data = saved;
      this.rules = saved.rules.map(toDraft);
      this.ruleErrors = {};
      notify(s.availabilitySaved(saved.name));
    } catch (err) {
      const fields = err instanceof AyudaApiError && (err.status === 400 || err.status === 422) ? err.problem.errors ?? [] : [];
      const at: Record<string, string> = {};
      for (const f of fields) {
        const path = f.field.replace(/^body\./, '');
        const leaf = path.split('.').pop() as keyof AppointmentsStrings['ruleErrors'];
        at[path] ??= s.ruleErrors[leaf] ?? s.fixField;
      }
      if (Object.keys(at).length) await this.#showRuleErrors(at);
      else this.error = refusalReason(this.#l.cat, err);
    } finally {
      this.busy = false;
    }
  }

  async #showRuleErrors(errors: Record<string, string>): Promise<void> {
    this.ruleErrors = errors;
    await this.updateComplete;
    const first = Object.keys(errors)[0]!;
    this.renderRoot.querySelector<HTMLElement>(`[data-path="${first}"]`)?.focus();
  }

  async #addAbsence(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy || this.agentId === null || !this.data) return;
    const s = this.#s;
    const form = e.target as HTMLFormElement;
    const d = new FormData(form);
    const v = (k: string) => String(d.get(k) ?? '').trim();
    const tz = this.data.timeZone;
    const errors: Record<string, string> = {};
    if (!v('startDate') || !v('startTime')) errors.start = s.absenceErrors.start;
    if (!v('endDate') || !v('endTime')) errors.end = s.absenceErrors.end;
    this.absenceErrors = errors;
    if (Object.keys(errors).length) return this.#focusAbsence(form, errors);
    const reason = v('reason');
    this.busy = true;
    try {
      await api().staffAddAbsence(this.agentId, { start: zonedInstant(v('startDate'), v('startTime'), tz), end: zonedInstant(v('endDate'), v('endTime'), tz), ...(reason ? { reason } : {}) });
      form.reset();
      notify(s.absenceAdded);
      await this.#reloadAbsences();
    } catch (err) {
      const f = err instanceof AyudaApiError && (err.status === 400 || err.status === 422) ? err.fieldErrors : {};
      const at: Record<string, string> = {};
      for (const k of ['start', 'end', 'reason'] as const) if (f[`body.${k}`]) at[k] = s.absenceErrors[k];
      if (Object.keys(at).length) {
        this.absenceErrors = at;
        await this.#focusAbsence(form, at);
      } else this.error = refusalReason(this.#l.cat, err);
    } finally {
      this.busy = false;
    }
  }

  async #focusAbsence(form: HTMLFormElement, errors: Record<string, string>): Promise<void> {
    await this.updateComplete;
    const first = Object.keys(errors)[0]!;
    form.querySelector<HTMLElement>(`[name=${first === 'reason' ? 'reason' : `${first}Date`}]`)?.focus();
  }

  async #reloadAbsences(): Promise<void> {
    if (this.agentId === null) return;
    const fresh = await api().staffAvailability(this.agentId);
    if (this.data) this.data = { ...this.data, absences: fresh.absences };
  }

  async #deleteAbsence(id: number, label: string): Promise<void> {
    const s = this.#s;
    if (this.agentId === null || !(await confirmAction({ title: s.deleteAbsenceTitle(label), message: s.deleteAbsenceMessage, confirm: s.deleteAbsence }))) return;
    try {
      await api().staffDeleteAbsence(this.agentId, id);
      notify(s.absenceDeleted);
      await this.#reloadAbsences();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#absences-title')?.focus();
    } catch (err) {
      this.error = refusalReason(this.#l.cat, err);
    }
  }

  protected override render(): TemplateResult {
    const s = this.#s;
    const data = this.data;
    return html`<section aria-labelledby="avail-title">
        <h2 id="avail-title">${s.tabs.availability}${data ? `: ${data.name}` : ''}</h2>
        <p>${s.availabilityIntro}</p>
        ${this.#admin && this.people.length
          ? html`<label
              >${s.agent}
              <select @change=${(e: Event) => (this.agentId = Number((e.target as HTMLSelectElement).value))}>
                ${this.people.map((p) => html`<option value=${p.id} ?selected=${p.id === this.agentId}>${p.name}</option>`)}
              </select>
            </label>`
          : nothing}
        <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
        ${data ? html`<p class="muted">${s.timesIn(data.timeZone)}</p>${this.#rulesForm(s)}` : html`<p class="muted" role="status">${this.#l.cat.loading}</p>`}
      </section>
      ${data ? this.#absences(s, data) : nothing}`;
  }

  #input(path: string, label: string, value: string, type: 'time' | 'date' | 'text', onInput: (v: string) => void, extra: { wide?: boolean; hint?: string } = {}): TemplateResult {
    const err = this.ruleErrors[path];
    const id = `f-${path.replace(/\W/g, '-')}`;
    const describedBy = [err ? `${id}-error` : '', extra.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
    return html`<label class="field ${extra.wide ? 'wide' : ''}" for=${id}>
      <span>${label}</span>
      <input id=${id} data-path=${path} type=${type} .value=${value} aria-invalid=${err ? 'true' : 'false'} aria-describedby=${describedBy || nothing} @input=${(e: Event) => onInput((e.target as HTMLInputElement).value)} />
      ${extra.hint ? html`<span class="hint muted" id="${id}-hint">${extra.hint}</span>` : nothing}
      ${err ? html`<span class="error" id="${id}-error">${err}</span>` : nothing}
    </label>`;
  }

  #rulesForm(s: AppointmentsStrings): TemplateResult {
    return html`<form novalidate @submit=${(e: SubmitEvent) => void this.#saveRules(e)}>
      ${this.rules.length === 0 ? html`<p class="muted">${s.noRules}</p>` : nothing}
      ${this.rules.map((r, i) => {
        const err = this.ruleErrors[`rules.${i}.rrule`];
        return html`<fieldset class="rule" id="rule-${i}">
          <legend tabindex="-1">${s.ruleN(i + 1)}</legend>
          ${r.days
            ? html`<fieldset class="days" aria-describedby=${err ? `f-rules-${i}-rrule-error` : nothing}>
                  <legend class="visually-hidden">${s.weekdays}</legend>
                  ${WEEKDAYS.map(
                    (d, k) => html`<label class="check"
                      ><input
                        type="checkbox"
                        data-path=${k === 0 ? `rules.${i}.rrule` : nothing}
                        .checked=${r.days!.includes(d)}
                        @change=${(e: Event) => this.#toggle(i, d, (e.target as HTMLInputElement).checked)}
                      />${s.dayNames[k]}</label
                    >`,
                  )}
                </fieldset>
                ${err ? html`<p class="error" id="f-rules-${i}-rrule-error">${err}</p>` : nothing}`
            : this.#input(`rules.${i}.rrule`, s.rruleText, r.rrule, 'text', (v) => this.#change(i, { rrule: v }), { wide: true, hint: s.rruleHint })}
          <div class="grid">
            ${this.#input(`rules.${i}.start`, s.from, r.start, 'time', (v) => this.#change(i, { start: v }))} ${this.#input(`rules.${i}.end`, s.to, r.end, 'time', (v) => this.#change(i, { end: v }))}
            ${this.#input(`rules.${i}.validFrom`, s.validFrom, r.validFrom, 'date', (v) => this.#change(i, { validFrom: v }))}
            ${this.#input(`rules.${i}.validUntil`, `${s.validUntil} (${s.optional})`, r.validUntil, 'date', (v) => this.#change(i, { validUntil: v }))}
          </div>
          <p class="actions">
            ${r.days ? html`<button type="button" @click=${() => this.#change(i, { days: null, rrule: fromDraft(r).rrule })}>${s.asText}</button>` : nothing}
            <button type="button" class="danger" aria-label=${s.removeRuleN(i + 1)} @click=${() => void this.#remove(i)}>${s.removeRule}</button>
          </p>
        </fieldset>`;
      })}
      <p class="actions">
        <button type="button" id="add-rule" @click=${() => void this.#add()}>${s.addRule}</button>
        <button type="submit" class="primary" ?disabled=${this.busy}>${s.saveRules}</button>
      </p>
    </form>`;
  }

  #absences(s: AppointmentsStrings, data: Availability): TemplateResult {
    const e = this.absenceErrors;
    const tz = data.timeZone;
    const l = this.#l.locale;
    const err = (k: string) => (e[k] ? html`<span class="error" id="absence-${k}-error">${e[k]}</span>` : nothing);
    const described = (k: string) => (e[k] ? `absence-${k}-error` : nothing);
    return html`<section aria-labelledby="absences-title">
      <h2 id="absences-title" tabindex="-1">${s.absences}</h2>
      ${data.absences.length === 0
        ? html`<p class="muted">${s.noAbsences}</p>`
        : html`<table class="stack">
            <thead>
              <tr><th scope="col">${s.from}</th><th scope="col">${s.to}</th><th scope="col">${s.reason}</th><th scope="col"><span class="visually-hidden">${s.actions}</span></th></tr>
            </thead>
            <tbody>
              ${data.absences.map((x) => {
                const label = `${whenLabel(l, x.start, tz)} – ${whenLabel(l, x.end, tz)}`;
                return html`<tr>
                  <td data-label=${s.from}>${whenLabel(l, x.start, tz)}</td>
                  <td data-label=${s.to}>${whenLabel(l, x.end, tz)}</td>
                  <td data-label=${s.reason}>${x.reason ?? ''}</td>
                  <td><button type="button" class="danger" aria-label=${s.deleteAbsenceLabel(label)} @click=${() => void this.#deleteAbsence(x.id, label)}>${s.deleteAbsence}</button></td>
                </tr>`;
              })}
            </tbody>
          </table>`}
      <h3>${s.addAbsence}</h3>
      <form novalidate @submit=${(ev: SubmitEvent) => void this.#addAbsence(ev)}>
        <div class="grid">
          <label class="field">${s.startDate}<input type="date" name="startDate" aria-invalid=${e.start ? 'true' : 'false'} aria-describedby=${described('start')} /></label>
          <label class="field">${s.startTime}<input type="time" name="startTime" value="09:00" />${err('start')}</label>
          <label class="field">${s.endDate}<input type="date" name="endDate" aria-invalid=${e.end ? 'true' : 'false'} aria-describedby=${described('end')} /></label>
          <label class="field">${s.endTime}<input type="time" name="endTime" value="18:00" />${err('end')}</label>
          <label class="field wide">${s.reason} <input name="reason" maxlength="200" aria-invalid=${e.reason ? 'true' : 'false'} aria-describedby=${described('reason')} />${err('reason')}</label>
        </div>
        <p class="actions"><button type="submit" class="primary" ?disabled=${this.busy}>${s.addAbsence}</button></p>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-availability': AyudaAvailability;
  }
}
