// <ayuda-appointment-types>: the admins' list of appointment types and their editor (names and
// descriptions in both languages, mode, duration and buffer, the agents who serve it, notice and
// horizon, the share held for the fast lane as a percentage, its release, active). The server
// checks every field; its refusals are shown at their fields.
import { css, html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { AyudaApiError, type BodyOf, type StaffUser } from '@ayuda/client/staff';
import type { StaffAppointmentType } from '@ayuda/core';
import { sharedStyles } from '../styles/shared.styles.js';
import { cardStyles } from '../styles/screen.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { refusalReason } from '../internal/optimistic.js';
import { notify } from '../internal/notices.js';
import { team } from '../internal/directory.js';
import { strings, type AppointmentsStrings, type TypeField } from './i18n.js';
import { formStyles } from './appointments.styles.js';

type TypeInput = BodyOf<'staffSaveAppointmentType'>;
const MODES = ['phone', 'video', 'in_person'] as const;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** What a new type starts with (the contract's defaults). */
const NEW: StaffAppointmentType = {
  key: '',
  name: { es: '', en: '' },
  description: null,
  mode: 'phone',
  durationMinutes: 30,
  bufferMinutes: 0,
  agentIds: [],
  minNoticeMinutes: 120,
  maxDaysAhead: 30,
  reserveShare: 0.1,
  releaseHours: 24,
  active: true,
};

/** `'12'` → 12; anything not a whole number → NaN (sent as null, so the server names the field). */
const whole = (v: FormDataEntryValue | null) => (/^\s*-?\d+\s*$/.test(String(v ?? '')) ? Number(v) : Number.NaN);

export class AyudaAppointmentTypes extends LitElement {
  static override styles = [
    sharedStyles,
    cardStyles,
    formStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];
  static override properties: PropertyDeclarations = {
    types: { state: true },
    people: { state: true },
    editing: { state: true },
    isNew: { state: true },
    errors: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  declare types: StaffAppointmentType[] | null;
  declare people: StaffUser[];
  /** The type in the editor (a copy), or null when the editor is closed. */
  declare editing: StaffAppointmentType | null;
  declare isNew: boolean;
  /** Refusals by field path (`name.es`, `reserveShare`). */
  declare errors: Partial<Record<TypeField, string>>;
  declare error: string;
  declare busy: boolean;

  readonly #l = new LocalizeController(this);

  constructor() {
    super();
    this.types = null;
    this.people = [];
    this.editing = null;
    this.isNew = false;
    this.errors = {};
    this.error = '';
    this.busy = false;
  }

  get #s(): AppointmentsStrings {
    return strings[this.#l.locale];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const [t, people] = await Promise.all([api().staffAppointmentTypes(), team()]);
      this.types = t.types;
      this.people = people;
    } catch (err) {
      this.error = refusalReason(this.#l.cat, err);
    }
  }

  async #edit(t: StaffAppointmentType | null): Promise<void> {
    this.editing = structuredClone(t ?? NEW);
    this.isNew = !t;
    this.errors = {};
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#type-editor h3')?.focus();
  }

  #read(form: HTMLFormElement): TypeInput {
    const d = new FormData(form);
    const str = (k: string) => String(d.get(k) ?? '').trim();
    const descEs = str('description.es');
    const descEn = str('description.en');
    const percent = String(d.get('reserveShare') ?? '').trim().replace(',', '.');
    return {
      key: this.isNew ? str('key') : this.editing!.key,
      name: { es: str('name.es'), en: str('name.en') },
      ...(descEs || descEn ? { description: { es: descEs, en: descEn } } : {}),
      mode: str('mode') as TypeInput['mode'],
      durationMinutes: whole(d.get('durationMinutes')),
      bufferMinutes: whole(d.get('bufferMinutes')),
      agentIds: d.getAll('agentIds').map(Number),
      minNoticeMinutes: whole(d.get('minNoticeMinutes')),
      maxDaysAhead: whole(d.get('maxDaysAhead')),
      // 10 % is 0.1; what is not a number goes as NaN (null) and is refused at its field.
      reserveShare: /^\d+(?:\.\d+)?$/.test(percent) ? Math.round(Number(percent) * 100) / 10_000 : Number.NaN,
      releaseHours: whole(d.get('releaseHours')),
      active: d.get('active') === 'on',
    };
  }

  async #save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy || !this.editing) return;
    const s = this.#s;
    const form = e.target as HTMLFormElement;
    const input = this.#read(form);
    this.errors = {};
    this.error = '';
    // The key is in the address: a bad one is refused here, before it makes another address.
    if (!SLUG.test(input.key) || input.key.length > 64) return this.#show(form, { key: s.typeErrors.key });
    this.busy = true;
    try {
      const saved = await api().staffSaveAppointmentType(input.key, input);
      const list = this.types ?? [];
      this.types = list.some((t) => t.key === saved.key) ? list.map((t) => (t.key === saved.key ? saved : t)) : [...list, saved];
      this.editing = null;
      notify(s.typeSaved(saved.name[this.#l.locale]));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`button[data-key="${saved.key}"]`)?.focus();
    } catch (err) {
      const fields = err instanceof AyudaApiError && (err.status === 400 || err.status === 422) ? err.problem.errors ?? [] : [];
      const at: Partial<Record<TypeField, string>> = {};
      for (const f of fields) {
        const path = f.field.replace(/^(body|params)\.?/, '').replace(/^agentIds\..*/, 'agentIds') as TypeField;
        at[path] ??= s.typeErrors[path] ?? s.fixField;
      }
      if (Object.keys(at).length) await this.#show(form, at);
      else this.error = refusalReason(this.#l.cat, err);
    } finally {
      this.busy = false;
    }
  }

  async #show(form: HTMLFormElement, errors: Partial<Record<TypeField, string>>): Promise<void> {
    this.errors = errors;
    await this.updateComplete;
    const first = Object.keys(errors)[0]!;
    (form.querySelector<HTMLElement>(`[name="${first}"]`) ?? form.querySelector<HTMLElement>(`#f-${first.replace(/\W/g, '-')}`))?.focus();
  }

  protected override render(): TemplateResult {
    const s = this.#s;
    const l = this.#l.locale;
    return html`<section aria-labelledby="types-title">
        <h2 id="types-title">${s.tabs.types}</h2>
        <p>${s.typesIntro}</p>
        <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
        ${this.types === null
          ? html`<p class="muted" role="status">${this.#l.cat.loading}</p>`
          : this.types.length === 0
            ? html`<p class="muted">${s.noTypes}</p>`
            : html`<table class="stack">
                <thead>
                  <tr>
                    <th scope="col">${s.typeName}</th><th scope="col">${s.mode}</th><th scope="col">${s.duration}</th><th scope="col">${s.reserveShare}</th><th scope="col">${s.releaseHours}</th><th scope="col">${s.agents}</th><th scope="col">${s.state}</th><th scope="col"><span class="visually-hidden">${s.actions}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${this.types.map(
                    (t) => html`<tr>
                      <th scope="row">${t.name[l]} <span class="muted data">${t.key}</span></th>
                      <td data-label=${s.mode}>${s.modes[t.mode]}</td>
                      <td data-label=${s.duration}>${s.minutes(t.durationMinutes)}${t.bufferMinutes ? html` <span class="muted">+ ${s.minutes(t.bufferMinutes)}</span>` : nothing}</td>
                      <td data-label=${s.reserveShare}>${s.percent(t.reserveShare)}</td>
                      <td data-label=${s.releaseHours}>${s.hours(t.releaseHours)}</td>
                      <td data-label=${s.agents}>${t.agentIds.map((id) => this.people.find((p) => p.id === id)?.name ?? `#${id}`).join(', ')}</td>
                      <td data-label=${s.state}>${t.active ? s.active : s.inactive}</td>
                      <td><button type="button" data-key=${t.key} aria-label=${s.editType(t.name[l])} @click=${() => void this.#edit(t)}>${s.edit}</button></td>
                    </tr>`,
                  )}
                </tbody>
              </table>`}
        <p><button type="button" class="primary" @click=${() => void this.#edit(null)}>${s.newType}</button></p>
      </section>
      ${this.editing ? this.#editor(s, this.editing) : nothing}`;
  }

  #field(s: AppointmentsStrings, path: TypeField, label: string, value: string, o: { hint?: string; maxlength?: number; inputmode?: 'numeric' | 'decimal'; suffix?: string; readonly?: boolean } = {}): TemplateResult {
    const id = `f-${path.replace(/\W/g, '-')}`;
    const err = this.errors[path];
    const describedBy = [err ? `${id}-error` : '', o.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
    return html`<label class="field" for=${id}>
      <span>${label}${o.suffix ? html` <span class="muted">(${o.suffix})</span>` : nothing}</span>
      <input id=${id} name=${path} .value=${value} maxlength=${o.maxlength ?? nothing} inputmode=${o.inputmode ?? nothing} ?readonly=${!!o.readonly} autocomplete="off" aria-invalid=${err ? 'true' : 'false'} aria-describedby=${describedBy || nothing} />
      ${o.hint ? html`<span class="hint muted" id="${id}-hint">${o.hint}</span>` : nothing}
      ${err ? html`<span class="error" id="${id}-error">${err}</span>` : nothing}
    </label>`;
  }

  #editor(s: AppointmentsStrings, t: StaffAppointmentType): TemplateResult {
    const e = this.errors;
    const num = (path: TypeField, label: string, value: number, suffix: string, hint?: string) => this.#field(s, path, label, String(value), { inputmode: 'numeric', suffix, ...(hint ? { hint } : {}) });
    return html`<section id="type-editor" aria-labelledby="editor-title">
      <h3 id="editor-title" tabindex="-1">${this.isNew ? s.newType : s.editType(t.name[this.#l.locale])}</h3>
      <form novalidate @submit=${(ev: SubmitEvent) => void this.#save(ev)}>
        <div class="grid">
          ${this.#field(s, 'key', s.key, t.key, { hint: this.isNew ? s.keyHint : s.keyFixed, maxlength: 64, readonly: !this.isNew })}
          <label class="field" for="f-mode"
            ><span>${s.mode}</span>
            <select id="f-mode" name="mode" aria-invalid=${e.mode ? 'true' : 'false'}>
              ${MODES.map((m) => html`<option value=${m} ?selected=${t.mode === m}>${s.modes[m]}</option>`)}
            </select>
            ${e.mode ? html`<span class="error">${e.mode}</span>` : nothing}
          </label>
          ${this.#field(s, 'name.es', s.nameIn('es'), t.name.es, { maxlength: 140 })} ${this.#field(s, 'name.en', s.nameIn('en'), t.name.en, { maxlength: 140 })}
        </div>
        ${(['es', 'en'] as const).map((l) => {
          const path = `description.${l}` as TypeField;
          const err = e[path];
          return html`<label class="field wide" for="f-description-${l}"
            ><span>${s.descriptionIn(l)} <span class="muted">(${s.optional})</span></span>
            <textarea id="f-description-${l}" name=${path} rows="2" maxlength="1100" .value=${t.description?.[l] ?? ''} aria-invalid=${err ? 'true' : 'false'} aria-describedby=${err ? `f-description-${l}-error` : nothing}></textarea>
            ${err ? html`<span class="error" id="f-description-${l}-error">${err}</span>` : nothing}
          </label>`;
        })}
        <div class="grid">
          ${num('durationMinutes', s.duration, t.durationMinutes, s.unitMinutes)} ${num('bufferMinutes', s.buffer, t.bufferMinutes, s.unitMinutes, s.bufferHint)}
          ${num('minNoticeMinutes', s.notice, t.minNoticeMinutes, s.unitMinutes, s.noticeHint)} ${num('maxDaysAhead', s.horizon, t.maxDaysAhead, s.unitDays, s.horizonHint)}
          ${this.#field(s, 'reserveShare', s.reserveShare, String(Math.round(t.reserveShare * 10_000) / 100), { inputmode: 'decimal', suffix: '%', hint: s.reserveHint })}
          ${num('releaseHours', s.releaseHours, t.releaseHours, s.unitHours, s.releaseHint)}
        </div>
        <fieldset id="f-agentIds" tabindex="-1" aria-invalid=${e.agentIds ? 'true' : nothing} aria-describedby=${e.agentIds ? 'f-agentIds-error' : nothing}>
          <legend>${s.agentsServing}</legend>
          ${this.people.map((p) => html`<label class="check"><input type="checkbox" name="agentIds" value=${p.id} .checked=${t.agentIds.includes(p.id)} />${p.name}</label>`)}
          ${e.agentIds ? html`<p class="error" id="f-agentIds-error">${e.agentIds}</p>` : nothing}
        </fieldset>
        <label class="check"><input type="checkbox" name="active" .checked=${t.active} />${s.activeLabel}</label>
        <p class="actions">
          <button type="submit" class="primary" ?disabled=${this.busy}>${this.#l.cat.save}</button>
          <button type="button" @click=${() => (this.editing = null)}>${this.#l.cat.cancel}</button>
        </p>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-appointment-types': AyudaAppointmentTypes;
  }
}
