// <ayuda-time-panel>: the time entries of a case, with the agent's running timer ticking,
// each entry editable (the agent's own; an admin's any) and deletable, and manual entries.
// Changes are optimistic; the timer itself lives in the case view's TimerController. Times are
// shown and typed in `timeZone` (the company's, like the rest of the case screen).
import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { StaffUser, TimeEntry, CaseTime } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { panelStyles } from './panel.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { OptimisticController } from '../internal/optimistic.js';
import { clock, dateTime, fromLocalInput, toLocalInput } from '../internal/format.js';
import { notify } from '../internal/notices.js';

/**
 * @event ayuda-time-changed - an entry was added, edited or deleted (the timer reloads the list)
 */
export class AyudaTimePanel extends LitElement {
  static override styles = [sharedStyles, panelStyles];
  static override properties: PropertyDeclarations = {
    reference: { type: String },
    timeZone: { type: String },
    user: { attribute: false },
    list: { attribute: false },
    elapsed: { type: Number },
    entries: { state: true },
    editing: { state: true },
  };

  declare reference: string;
  /** The zone entries are shown and typed in: the company's, as the rest of the case screen ('' : the browser's). */
  declare timeZone: string;
  declare user: StaffUser | undefined;
  declare list: CaseTime | null;
  /** The running timer's seconds (null: stopped). */
  declare elapsed: number | null;
  /** Local copy of the entries, changed optimistically. */
  declare entries: TimeEntry[];
  /** The entry being edited. */
  declare editing: number | null;

  readonly #l = new LocalizeController(this);
  readonly #optimistic = new OptimisticController(this);

  constructor() {
    super();
    this.reference = '';
    this.timeZone = '';
    this.user = undefined;
    this.list = null;
    this.elapsed = null;
    this.entries = [];
    this.editing = null;
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('list') && this.#optimistic.pending === 0) this.entries = this.list?.entries ?? [];
  }

  #changed(): void {
    this.dispatchEvent(new Event('ayuda-time-changed', { bubbles: true, composed: true }));
  }

  get #zone(): string | undefined {
    return this.timeZone || undefined;
  }

  #mayEdit(e: TimeEntry): boolean {
    return !!this.user && (this.user.role === 'admin' || e.user.id === this.user.id);
  }

  #range(form: HTMLFormElement): { startedAt: string; endedAt: string; note: string } | null {
    const data = new FormData(form);
    const startedAt = fromLocalInput(String(data.get('startedAt') ?? ''), this.#zone);
    const endedAt = fromLocalInput(String(data.get('endedAt') ?? ''), this.#zone);
    if (!startedAt || !endedAt) return null;
    if (Date.parse(endedAt) <= Date.parse(startedAt)) {
      notify(this.#l.cat.endBeforeStart, 'error');
      return null;
    }
    return { startedAt, endedAt, note: String(data.get('note') ?? '').trim() };
  }

  async #add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const cat = this.#l.cat;
    const form = e.target as HTMLFormElement;
    const r = this.#range(form);
    if (!r || !this.user) return;
    const before = this.entries;
    const local: TimeEntry = { id: -Date.now(), caseReference: this.reference, user: { id: this.user.id, name: this.user.name }, startedAt: r.startedAt, endedAt: r.endedAt, seconds: Math.round((Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000), source: 'manual', note: r.note || null };
    const done = await this.#optimistic.run({
      label: cat.addTime,
      apply: () => (this.entries = [...before, local]),
      revert: () => (this.entries = before),
      request: () => api().addTime(this.reference, { startedAt: r.startedAt, endedAt: r.endedAt, ...(r.note ? { note: r.note } : {}) }),
      confirm: (saved) => (this.entries = [...before, saved]),
      success: cat.timeAdded,
    });
    if (done) {
      form.reset();
      this.#changed();
    }
  }

  async #save(e: SubmitEvent, entry: TimeEntry): Promise<void> {
    e.preventDefault();
    const cat = this.#l.cat;
    const r = this.#range(e.target as HTMLFormElement);
    if (!r) return;
    const before = this.entries;
    const edited: TimeEntry = { ...entry, startedAt: r.startedAt, endedAt: r.endedAt, note: r.note || null, seconds: Math.round((Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000) };
    this.editing = null;
    const done = await this.#optimistic.run({
      label: cat.edit,
      apply: () => (this.entries = before.map((x) => (x.id === entry.id ? edited : x))),
      revert: () => (this.entries = before),
      request: () => api().updateTime(entry.id, { startedAt: r.startedAt, endedAt: r.endedAt, note: r.note || null }),
      confirm: (saved) => (this.entries = before.map((x) => (x.id === entry.id ? saved : x))),
      success: cat.timeSaved,
    });
    if (done) this.#changed();
  }

  async #delete(entry: TimeEntry): Promise<void> {
    const cat = this.#l.cat;
    const before = this.entries;
    const done = await this.#optimistic.run({
      label: cat.delete,
      apply: () => (this.entries = before.filter((x) => x.id !== entry.id)),
      revert: () => (this.entries = before),
      request: () => api().deleteTime(entry.id).then(() => true),
      success: cat.timeDeleted,
    });
    if (done !== undefined) this.#changed();
  }

  protected override render(): TemplateResult {
    const cat = this.#l.cat;
    const total = this.entries.reduce((s, x) => s + (x.endedAt === null && x.user.id === this.user?.id && this.elapsed !== null ? this.elapsed : x.seconds), 0);
    return html`<section aria-labelledby="time">
      <h2 id="time">${cat.time}</h2>
      <p role="timer" aria-live="off">${this.elapsed !== null ? cat.timerRunning(clock(this.elapsed)) : cat.timerStopped}</p>
      <p class="small">${cat.totalTime(clock(total))}</p>
      ${this.entries.length ? html`<ul>${this.entries.map((x) => (this.editing === x.id ? this.#editForm(x) : this.#entry(x)))}</ul>` : html`<p class="muted small">${cat.noTime}</p>`}
      <details>
        <summary>${cat.addTime}</summary>
        <form @submit=${(e: SubmitEvent) => void this.#add(e)}>
          <label>${cat.started}<input type="datetime-local" name="startedAt" required /></label>
          <label>${cat.ended}<input type="datetime-local" name="endedAt" required /></label>
          <label>${cat.entryNote}<input name="note" maxlength="500" /></label>
          <button type="submit">${cat.addTime}</button>
        </form>
      </details>
    </section>`;
  }

  #entry(x: TimeEntry): TemplateResult {
    const cat = this.#l.cat;
    const running = x.endedAt === null;
    const seconds = running && x.user.id === this.user?.id && this.elapsed !== null ? this.elapsed : x.seconds;
    return html`<li>
      <strong>${clock(seconds)}</strong>
      <span>${x.user.name}</span>
      <span class="small muted">${dateTime(cat, x.startedAt, this.#zone)}${running ? ` · ${cat.running}` : ` – ${dateTime(cat, x.endedAt, this.#zone)}`} · ${x.source === 'manual' ? cat.manual : cat.timerSource}</span>
      ${x.note ? html`<span class="small">${x.note}</span>` : nothing}
      ${this.#mayEdit(x) && !running && x.id > 0
        ? html`<span class="actions">
            <button type="button" @click=${() => (this.editing = x.id)}>${cat.edit}<span class="visually-hidden"> ${clock(seconds)}</span></button>
            <button type="button" class="danger" @click=${() => void this.#delete(x)}>${cat.delete}<span class="visually-hidden"> ${clock(seconds)}</span></button>
          </span>`
        : nothing}
    </li>`;
  }

  #editForm(x: TimeEntry): TemplateResult {
    const cat = this.#l.cat;
    return html`<li>
      <form @submit=${(e: SubmitEvent) => void this.#save(e, x)}>
        <label>${cat.started}<input type="datetime-local" name="startedAt" required .value=${toLocalInput(x.startedAt, this.#zone)} /></label>
        <label>${cat.ended}<input type="datetime-local" name="endedAt" required .value=${x.endedAt ? toLocalInput(x.endedAt, this.#zone) : ''} /></label>
        <label>${cat.entryNote}<input name="note" maxlength="500" .value=${x.note ?? ''} /></label>
        <span class="actions">
          <button type="submit" class="primary">${cat.save}</button>
          <button type="button" @click=${() => (this.editing = null)}>${cat.cancel}</button>
        </span>
      </form>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-time-panel': AyudaTimePanel;
  }
}
