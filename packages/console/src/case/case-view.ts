// <ayuda-case-view>: one case. The thread and the composer; status, lane, category and
// assignee changes (each optimistic); the collision notice from presence; beside them the
// customer, the time entries with the agent's running timer, and an opportunity form. Live
// events reload it. Keys: r reply, n note, a assign to me, s solve (see #maySolve), Escape back to the queue.
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { Task } from '@lit/task';
import { AyudaApiError, type CategoryList, type StaffCase, type StaffUser } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { caseStyles } from './case.styles.js';
import { thread, type ThreadMessage } from './thread.js';
import type { AyudaComposer, ComposeMode, SendDetail } from './composer.js';
import { laneBadge, slaBadge } from '../queue/row.js';
import { api } from '../internal/api.js';
import { categories, team } from '../internal/directory.js';
import { LocalizeController, type ConsoleLocale } from '../internal/localize.js';
import { LiveController } from '../internal/live.js';
import { notify } from '../internal/notices.js';
import { OptimisticController, preconditionFailed, refusalReason, type OptimisticAction } from '../internal/optimistic.js';
import { confirmAction } from '../dialogs/confirm-dialog.js';
import '../define/ayuda-confirm-dialog.js';
import { PresenceController } from '../internal/presence.js';
import { ShortcutController } from '../internal/shortcuts.js';
import { TimerController } from '../internal/timer.js';
import { lastQueueView, navigate } from '../internal/router.js';
import type { Catalogue } from '../i18n/types.js';
import { DEFAULT_CURRENCY } from '../internal/money.js';
import { zoneNote } from '../internal/format.js';

const STATUSES = ['new', 'open', 'pending_customer', 'solved', 'closed'] as const;
type Status = (typeof STATUSES)[number];

export class AyudaCaseView extends LitElement {
  static override styles = [sharedStyles, caseStyles];
  static override properties: PropertyDeclarations = {
    reference: { type: String },
    user: { attribute: false },
    currency: { type: String },
    data: { state: true },
    messages: { state: true },
    error: { state: true },
    staff: { state: true },
    laneError: { state: true },
  };

  declare reference: string;
  declare user: StaffUser | undefined;
  /** The fast lane's currency (the session's `settings.currency`), for the opportunity form. */
  declare currency: string;
  /** The case as the screen shows it (changed optimistically, replaced by the server's answers). */
  declare data: StaffCase | null;
  /** The thread, with replies still being sent. */
  declare messages: ThreadMessage[];
  declare error: string;
  declare staff: StaffUser[];
  /** The lane-change form's error at its reason field (checked before sending, or refused by the server). */
  declare laneError: string;
  /** The case asked for does not exist (404): its message has no Retry. Set with `error`, which redraws. */
  missing = false;

  readonly #l = new LocalizeController(this);
  readonly #optimistic = new OptimisticController(this);
  readonly #presence = new PresenceController(this, () => this.user?.id);
  readonly #timer = new TimerController(this);
  #pendingSeq = 0;

  /** The categories to choose from, named in the console's language: asked again whenever it changes. */
  readonly #categories = new Task(this, {
    task: ([locale]: readonly [ConsoleLocale]): Promise<CategoryList['categories']> => categories(locale),
    args: () => [this.#l.locale] as const,
  });

  constructor() {
    super();
    this.reference = '';
    this.user = undefined;
    this.currency = DEFAULT_CURRENCY;
    this.data = null;
    this.messages = [];
    this.error = '';
    this.staff = [];
    this.laneError = '';
    new ShortcutController(this, () => ({
      r: () => void this.compose('reply'),
      n: () => void this.compose('note'),
      a: () => void this.assignToMe(),
      s: () => void this.solveAsking(),
      escape: (e) => this.#escape(e),
    }));
    new LiveController(this, {
      case: (e) => {
        if (e.reference !== this.reference || e.by === `user:${this.user?.id}`) return;
        if (e.change === 'customer_replied') notify(this.#l.cat.caseUpdated(e.reference));
        void this.load();
      },
      reconnected: () => void this.load(),
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#loadTeam();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('reference')) {
      this.data = null;
      this.messages = [];
      this.error = '';
      // The element is reused for the next case: the last case's field errors are not this one's.
      this.laneError = '';
      this.#presence.setReference(this.reference || null);
      this.#timer.setReference(this.reference || null);
      if (this.reference) void this.load();
    }
  }

  async #loadTeam(): Promise<void> {
    // Every staff member may list the team (hourly costs are for admins only).
    try {
      this.staff = await team();
    } catch {
      /* assign to me still works */
    }
  }

  /**
   * Loads the case (again): a Task, so a newer load aborts the one under way; what is shown
   * stays on screen meanwhile, and the first load of a case puts the focus on its title.
   */
  readonly #load = new Task(this, {
    task: async ([reference]: readonly [string], { signal }) => ({ reference, c: await api().staffCase(reference, { signal }) }),
    autoRun: false,
    onComplete: async ({ reference, c }) => {
      if (reference !== this.reference) return;
      const first = !this.data;
      this.#show(c);
      if (first) {
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
      }
    },
    onError: (err) => {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      // No such case: a sentence of its own (the refusal reasons finish "… was undone:"), and nothing to try again.
      this.missing = err instanceof AyudaApiError && err.status === 404;
      this.error = this.missing ? this.#l.cat.caseNotFound(this.reference) : refusalReason(this.#l.cat, err);
    },
  });

  /** (Re)loads the case from the server. */
  async load(): Promise<void> {
    await this.#load.run([this.reference]);
  }

  #show(c: StaffCase): void {
    // A reply's answer may lack what only the case's own endpoint has: keep the last known.
    this.data = this.data ? { ...this.data, ...c } : c;
    this.messages = [...c.messages, ...this.messages.filter((m) => m.pending)];
    this.error = '';
  }

  /** What the composer asks before "Send and solve" (one function, so Lit does not set it anew at each render). */
  readonly #confirmSendAndSolve = () => this.#maySolve('with-reply');

  get #composer(): AyudaComposer | null {
    return this.renderRoot.querySelector('ayuda-composer');
  }

  async compose(mode: ComposeMode): Promise<void> {
    await this.#composer?.start(mode);
  }

  #escape(e: KeyboardEvent): void {
    const from = e.composedPath()[0];
    if (from instanceof HTMLElement && from.matches('input, textarea, select')) {
      from.blur();
      this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
      return;
    }
    navigate({ name: 'queue', view: lastQueueView() });
  }

  async #send(e: CustomEvent<SendDetail>): Promise<void> {
    const d = e.detail;
    const c = this.data;
    const me = this.user;
    if (!c || !me) return;
    const cat = this.#l.cat;
    const local: ThreadMessage = { id: -++this.#pendingSeq, author: 'staff', authorName: me.name, body: d.body, html: null, createdAt: new Date().toISOString(), attachments: [], internal: d.internal, pending: true };
    const beforeStatus = c.status;
    await this.#optimistic.run({
      label: d.internal ? cat.addNote : cat.sendReply,
      apply: () => {
        this.messages = [...this.messages, local];
        if (d.solve && this.data) this.data = { ...this.data, status: 'solved' };
      },
      revert: () => {
        this.messages = this.messages.filter((m) => m !== local);
        if (this.data) this.data = { ...this.data, status: beforeStatus };
        void this.#composer?.restore(d.body, d.internal ? 'note' : 'reply');
      },
      request: () => api().staffReply(c.reference, { body: d.body, internal: d.internal, ...(d.solve ? { status: 'solved' } : {}) }),
      confirm: (saved) => {
        this.messages = this.messages.filter((m) => m !== local);
        this.#show(saved);
      },
      success: d.internal ? cat.noteAdded : d.solve ? cat.replySentAndSolved(c.reference) : cat.replySent,
    });
  }

  /**
   * Runs a change of the case at once, undone if the server refuses (`refusal`: the fields' labels,
   * and what to do then); `success`, said once the server has it.
   */
  async #change(label: string, patch: Partial<StaffCase>, request: () => Promise<StaffCase>, refusal: Pick<OptimisticAction<StaffCase>, 'fields' | 'refused' | 'success' | 'quiet'> = {}): Promise<boolean> {
    const c = this.data;
    if (!c) return false;
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, c[k as keyof StaffCase]])) as Partial<StaffCase>;
    const r = await this.#optimistic.run({
      label: `${label} (${c.reference})`,
      apply: () => (this.data = this.data && { ...this.data, ...patch }),
      revert: () => (this.data = this.data && { ...this.data, ...before }),
      request,
      confirm: (saved) => this.#show(saved),
      ...refusal,
    });
    return r !== undefined;
  }

  /**
   * Changes the status. With `ifLastPublicAuthor`, the server changes it only while the latest
   * public message is still the staff's: `customer-wrote` when it refused for that (undone, without
   * a message, for the caller to ask).
   */
  async setStatus(status: Status, o: { ifLastPublicAuthor?: 'staff' } = {}): Promise<'customer-wrote' | void> {
    const c = this.data;
    if (!c || c.status === status) return;
    const cat = this.#l.cat;
    const what = `${cat.changeStatus}: ${cat.statuses[status]}`;
    let customerWrote = false;
    await this.#change(what, { status }, () => api().staffStatus(c.reference, status, o), {
      success: status === 'solved' ? cat.solved(c.reference) : cat.caseChanged(c.reference, what),
      quiet: (err) => (customerWrote = !!o.ifLastPublicAuthor && preconditionFailed(err)),
    });
    if (customerWrote) return 'customer-wrote';
  }

  /**
   * Every way of solving (`s`, the Solve button, the status list, "Send and solve") asks through
   * the same dialog, because solving mails the customer and cannot be taken back. `s`, the
   * button and the list ask when nobody has answered the customer yet or the composer holds an
   * unsent text, and solve at once otherwise; "Send and solve" always asks (it sends the reply
   * and the solving in one email, and sits beside "Send reply"). True: go ahead.
   */
  async #maySolve(how: 'now' | 'with-reply', question: string | null = how === 'now' ? this.#solveQuestion() : this.#l.cat.confirmSolveWithReply): Promise<boolean> {
    const c = this.data;
    if (!c || c.status === 'solved' || c.status === 'closed') return false;
    const cat = this.#l.cat;
    if (question === null) return true;
    const yes = await confirmAction({ title: cat.confirmSolveTitle(c.reference), message: question, confirm: how === 'now' ? cat.confirmSolve : cat.confirmSendAndSolve });
    // Another case may be on screen by now (a live reload, the back button): then nothing.
    return yes && this.data?.reference === c.reference && this.data.status !== 'solved' && this.data.status !== 'closed';
  }

  /**
   * What solving now would need asking, or null: at once. Asked: an unsent text, or a customer
   * who waits (the latest public message is theirs: nobody answered yet, or they wrote since).
   */
  #solveQuestion(): string | null {
    const cat = this.#l.cat;
    if (this.#composer?.value.trim()) return cat.confirmSolveDraft;
    const sent = this.messages.filter((m) => !m.internal && !m.pending);
    if (sent.at(-1)?.author === 'staff') return null;
    return sent.some((m) => m.author === 'staff') ? cat.confirmSolveUnanswered : cat.confirmSolveNoReply;
  }

  /** `s`, the Solve button and "Solved" in the status list: solves once #maySolve agrees (at once, within the key press, when nothing needs asking). */
  async solveAsking(): Promise<boolean> {
    const c = this.data;
    if (!c || c.status === 'solved' || c.status === 'closed') return false;
    if (this.#solveQuestion() !== null) {
      if (!(await this.#maySolve('now'))) return false;
      await this.setStatus('solved');
      return true;
    }
    // Solved at once on the thread's word that the staff wrote last, which the server checks: if
    // the customer wrote meanwhile (not on screen yet), it refuses and the agent is asked.
    if ((await this.setStatus('solved', { ifLastPublicAuthor: 'staff' })) !== 'customer-wrote') return true;
    // The customer's new message shows behind the question.
    void this.load();
    if (!(await this.#maySolve('now', this.#l.cat.confirmSolveUnanswered))) return false;
    await this.setStatus('solved');
    return true;
  }

  /** The Solve button goes once the case is solved: the focus goes to the title rather than to nowhere. */
  async #solveButton(): Promise<void> {
    if (!(await this.solveAsking())) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
  }

  /** A status chosen in the list; "Solved" asks first like `s`, and the list shows the case's status again if not. */
  async #statusChosen(select: HTMLSelectElement): Promise<void> {
    const status = select.value as Status;
    if (status !== 'solved') return void (await this.setStatus(status));
    if (!(await this.solveAsking())) select.value = this.data?.status ?? select.value;
  }

  async assignToMe(): Promise<void> {
    const me = this.user;
    const c = this.data;
    if (!me || !c || c.assigneeId === me.id) return;
    const cat = this.#l.cat;
    if (await this.#change(cat.assignToMe, { assignee: me.name, assigneeId: me.id }, () => api().staffAssign(c.reference, { assigneeId: me.id }))) notify(cat.assignedToMe(c.reference));
  }

  async #assign(id: number | null): Promise<void> {
    const c = this.data;
    if (!c || c.assigneeId === id) return;
    const name = id === null ? null : (this.staff.find((u) => u.id === id)?.name ?? (id === this.user?.id ? this.user.name : null));
    const cat = this.#l.cat;
    await this.#change(id === null ? cat.unassign : cat.assignTo, { assignee: name, assigneeId: id }, () => api().staffAssign(c.reference, { assigneeId: id }));
  }

  async #setLane(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const c = this.data;
    const cat = this.#l.cat;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const lane = String(data.get('lane')) as 'fast' | 'standard';
    const reason = String(data.get('reason') ?? '').trim();
    const field = () => form.querySelector<HTMLInputElement>('[name=reason]');
    if (!c || c.lane === lane) return;
    // Said at the field, in the console's language (novalidate: no browser bubble).
    if (!reason) {
      this.laneError = cat.laneReasonMissing;
      await this.updateComplete;
      field()?.focus();
      return;
    }
    this.laneError = '';
    const what = `${cat.changeLane}: ${cat.lanes[lane]}`;
    const ok = await this.#change(what, { lane }, () => api().staffSetLane(c.reference, lane, reason), {
      success: cat.caseChanged(c.reference, what),
      fields: { 'body.reason': cat.laneReason, 'body.lane': cat.changeLane },
      refused: (err) => {
        if (!(err instanceof AyudaApiError) || err.fieldErrors['body.reason'] === undefined) return;
        this.laneError = refusalReason(cat, err, { 'body.reason': cat.laneReason });
        void this.updateComplete.then(() => field()?.focus());
      },
    });
    if (ok) form.reset();
  }

  async #setCategory(category: string | null): Promise<void> {
    const c = this.data;
    if (!c || c.category === category) return;
    const cat = this.#l.cat;
    const name = category === null ? cat.noCategory : ((this.#categories.value ?? []).find((x) => x.key === category)?.name ?? category);
    await this.#change(cat.changeCategory, { category }, () => api().staffSetCategory(c.reference, category), { success: cat.caseChanged(c.reference, `${cat.changeCategory}: ${name}`) });
  }

  protected override render(): TemplateResult {
    const cat = this.#l.cat;
    const c = this.data;
    if (!c) {
      return this.error
        ? html`<p class="state error" role="alert">${this.error} ${this.missing ? nothing : html`<button type="button" @click=${() => void this.load()}>${cat.retry}</button>`} <a href="#/queue/${lastQueueView()}">${cat.backToQueue}</a></p>`
        : html`<p class="state" role="status">${cat.loading}</p>`;
    }
    const closed = c.status === 'closed';
    // Every time on this screen is in the company's zone (the deadline's); the browser's is named when it differs.
    return html`<div class="layout">
      <div class="main">
        <a href="#/queue/${lastQueueView()}">← ${cat.backToQueue}</a>
        <div class="title">
          <h1 tabindex="-1"><span class="ref">${c.reference}</span> ${c.subject}</h1>
        </div>
        <div class="meta">
          ${laneBadge(cat, c.lane)}
          <span>${cat.statuses[c.status]}</span>
          ${slaBadge(cat, c, c.timeZone)}
          <span>${cat.assignee}: ${c.assignee ?? cat.unassigned}</span>
        </div>
        <p class="zone muted">${zoneNote(cat, c.timeZone)}</p>
        ${this.#collision(cat)}
        ${this.#controls(cat, c)}
        <section aria-label=${cat.thread}>${thread(cat, this.messages, c.timeZone)}</section>
        ${closed
          ? html`<p class="muted">${cat.cannotReplyClosed}</p>`
          : html`<ayuda-composer .draftKey=${c.reference} .locale=${c.locale} .confirmSolve=${this.#confirmSendAndSolve} @ayuda-send=${(e: CustomEvent<SendDetail>) => void this.#send(e)} @ayuda-typing=${() => this.#presence.typing()}></ayuda-composer>`}
      </div>
      <aside aria-label=${cat.customer}>
        <ayuda-customer-panel .customer=${c.customer} .reference=${c.reference} .timeZone=${c.timeZone} @ayuda-changed=${() => void this.load()}></ayuda-customer-panel>
        <ayuda-time-panel .reference=${c.reference} .timeZone=${c.timeZone} .user=${this.user} .list=${this.#timer.list} .elapsed=${this.#timer.elapsed} @ayuda-time-changed=${() => void this.#timer.reload()}></ayuda-time-panel>
        <ayuda-opportunity-form .reference=${c.reference} .currency=${this.currency}></ayuda-opportunity-form>
      </aside>
    </div>`;
  }

  #collision(cat: Catalogue): TemplateResult | typeof nothing {
    const others = this.#presence.others;
    const typing = others.filter((o) => o.state === 'typing').map((o) => o.name);
    const viewing = others.filter((o) => o.state === 'viewing').map((o) => o.name);
    const list = (names: string[]) => new Intl.ListFormat(cat.locale, { type: 'conjunction' }).format(names);
    return html`<div role="status">
      ${others.length
        ? html`<p class="collision"><span aria-hidden="true">⚠ </span>${typing.length ? cat.typing(list(typing)) : ''} ${viewing.length ? cat.viewing(list(viewing)) : ''} ${cat.collisionHint}</p>`
        : nothing}
    </div>`;
  }

  #controls(cat: Catalogue, c: StaffCase): TemplateResult {
    const me = this.user;
    // None while they cannot be loaded: the select then offers the case's own only.
    const listed = this.#categories.value ?? [];
    const cats = listed.some((x) => x.key === c.category) || !c.category ? listed : [...listed, { key: c.category, name: c.category, description: '', articleCount: 0 }];
    // The lane reason's error goes below the row, not in it: inside the wrapping row it took a
    // line of its own and moved the controls after it (Unassign went to the far right).
    return html`<div class="controls">
      <label>${cat.changeStatus}
        <select @change=${(e: Event) => void this.#statusChosen(e.target as HTMLSelectElement)}>
          ${STATUSES.map((s) => html`<option value=${s} ?selected=${c.status === s}>${cat.statuses[s]}</option>`)}
        </select>
      </label>
      <label>${cat.changeCategory}
        <select @change=${(e: Event) => void this.#setCategory((e.target as HTMLSelectElement).value || null)}>
          <option value="" ?selected=${!c.category}>${cat.noCategory}</option>
          ${cats.map((x) => html`<option value=${x.key} ?selected=${c.category === x.key}>${x.name}</option>`)}
        </select>
      </label>
      <form class="lane" novalidate @submit=${(e: SubmitEvent) => void this.#setLane(e)}>
        <label>${cat.changeLane}
          <select name="lane">
            <option value="fast" ?selected=${c.lane === 'fast'}>${cat.lanes.fast}</option>
            <option value="standard" ?selected=${c.lane === 'standard'}>${cat.lanes.standard}</option>
          </select>
        </label>
        <label
          >${cat.laneReason}<input
            name="reason"
            required
            maxlength="500"
            aria-invalid=${this.laneError ? 'true' : 'false'}
            aria-describedby=${this.laneError ? 'lane-reason-error' : nothing}
            @input=${() => (this.laneError = '')}
        /></label>
        <button type="submit">${cat.apply}</button>
      </form>
      ${me && c.assigneeId !== me.id ? html`<button type="button" aria-keyshortcuts="a" @click=${() => void this.assignToMe()}>${cat.assignToMe}</button>` : nothing}
      ${c.assigneeId !== null || c.assignee ? html`<button type="button" @click=${() => void this.#assign(null)}>${cat.unassign}</button>` : nothing}
      ${this.staff.length
        ? html`<label>${cat.assignTo}
            <select @change=${(e: Event) => void this.#assign(Number((e.target as HTMLSelectElement).value) || null)}>
              <option value="" ?selected=${c.assigneeId === null}>${cat.unassigned}</option>
              ${this.staff.map((u) => html`<option value=${String(u.id)} ?selected=${c.assigneeId === u.id}>${u.name}</option>`)}
            </select>
          </label>`
        : nothing}
      ${c.status !== 'solved' && c.status !== 'closed' ? html`<button type="button" aria-keyshortcuts="s" @click=${() => void this.#solveButton()}>${cat.shortcuts.s}</button>` : nothing}
    </div>
    ${this.laneError ? html`<p id="lane-reason-error" class="error field-error lane-error" role="alert">${this.laneError}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-case-view': AyudaCaseView;
  }
}
