// <ayuda-queue>: the two-lane queue. One virtualised list (fast lane first, then by the due time
// of the next SLA target; finished cases alone newest first: as the server orders it), views and
// filters, a search box, live updates, and the keyboard: j/k move, Enter opens, a assigns to me,
// s solves (asking first unless the staff wrote the latest public message), / searches. The
// filters are in the address (#/queue/all?q=router&lane=fast&assignee=7), to reload or share.
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import '@lit-labs/virtualizer';
import type { LitVirtualizer } from '@lit-labs/virtualizer/LitVirtualizer.js';
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import type { CategoryList, StaffCaseSummary, StaffQueueQuery, QueueView, StaffUser } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { queueStyles } from './queue.styles.js';
import { queueRow } from './row.js';
import { api } from '../internal/api.js';
import { categories, team } from '../internal/directory.js';
import { LocalizeController, type ConsoleLocale } from '../internal/localize.js';
import { LiveController } from '../internal/live.js';
import { notify } from '../internal/notices.js';
import { OptimisticController, preconditionFailed } from '../internal/optimistic.js';
import { ShortcutController } from '../internal/shortcuts.js';
import { navigate } from '../internal/router.js';
import { confirmAction } from '../dialogs/confirm-dialog.js';
import '../define/ayuda-confirm-dialog.js';

export const QUEUE_DEFAULTS = {
  /** Cases per page. */
  pageSize: 100,
  /** A refresh reloads what is loaded, up to this many (the endpoint's limit). */
  refreshMax: 500,
  /** Rows from the end at which the next page is asked for. */
  prefetchRows: 20,
  /** Live events within this many ms make one refresh. */
  refreshDebounceMs: 400,
  /** The countdowns are refreshed from the server this often. */
  tickMs: 60_000,
  searchDebounceMs: 300,
} as const;

export interface QueueFilters {
  category: string;
  lane: '' | 'fast' | 'standard';
  status: string;
  /** '' any, or a staff user id. */
  assigneeId: string;
  q: string;
}

const NO_FILTERS: QueueFilters = { category: '', lane: '', status: '', assigneeId: '', q: '' };
const STATUSES = ['new', 'open', 'pending_customer', 'solved', 'closed'] as const;
/** The search box's maxlength: the server's QUEUE_SEARCH_LIMITS.chars. */
const SEARCH_MAX = 200;
/** A category key as the server takes it in the queue's query. */
const CATEGORY_KEY = /^[a-z0-9-]{1,64}$/;
/** The server's limit on a staff id (a Postgres integer). */
const ID_MAX = 2_147_483_647;

/**
 * The filters an address's query says (`q=router&category=billing&lane=fast&status=open&assignee=7`).
 * A value the queue could not ask for (an unknown lane or status, an assignee that is not a
 * positive whole number, a search longer than the box takes) is left out, never thrown. A
 * category is kept by its key even where the list does not name it (the filter keeps it too).
 */
export function parseQueueQuery(query: string): QueueFilters {
  const p = new URLSearchParams(query);
  const q = p.get('q') ?? '';
  const category = p.get('category') ?? '';
  const lane = p.get('lane');
  const status = p.get('status') ?? '';
  const assignee = p.get('assignee') ?? '';
  return {
    category: CATEGORY_KEY.test(category) ? category : '',
    lane: lane === 'fast' || lane === 'standard' ? lane : '',
    status: (STATUSES as readonly string[]).includes(status) ? status : '',
    assigneeId: /^[1-9]\d{0,9}$/.test(assignee) && Number(assignee) <= ID_MAX ? assignee : '',
    q: q.length <= SEARCH_MAX ? q : '',
  };
}

/** The address's query for `f`: only the filters set, '' when none. */
export function queueQuery(f: QueueFilters): string {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set('q', f.q);
  if (f.category) p.set('category', f.category);
  if (f.lane) p.set('lane', f.lane);
  if (f.status) p.set('status', f.status);
  if (f.assigneeId) p.set('assignee', f.assigneeId);
  return p.toString();
}

/**
 * @attr view - the view listed (mine, unassigned, all, pending, solved)
 * @attr query - the address's query: the filters (see parseQueueQuery); the queue writes it back as they change
 */
export class AyudaQueue extends LitElement {
  static override styles = [sharedStyles, queueStyles];
  static override properties: PropertyDeclarations = {
    view: { type: String },
    query: { type: String },
    user: { attribute: false },
    active: { type: Boolean },
    filters: { state: true },
    items: { state: true },
    total: { state: true },
    next: { state: true },
    index: { state: true },
    loadingMore: { state: true },
    staff: { state: true },
  };

  declare view: QueueView;
  /** The address's text after `?`: the filters. */
  declare query: string;
  declare user: StaffUser | undefined;
  /** Whether the queue is on screen (its shortcuts work only then). */
  declare active: boolean;
  declare filters: QueueFilters;
  declare items: StaffCaseSummary[];
  declare total: number;
  declare next: string | null;
  /** The current row (j/k, a, s act on it). */
  declare index: number;
  declare loadingMore: boolean;
  /** Staff accounts for the assignee filter. */
  declare staff: StaffUser[];

  readonly #l = new LocalizeController(this);
  readonly #optimistic = new OptimisticController(this);
  #generation = 0;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #tick: ReturnType<typeof setInterval> | undefined;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * The categories for the filter, named in the console's language: asked again whenever it
   * changes (the account's language arrives after the first render; the header's menu changes it).
   * The filter holds a category's key, the same in every language, so a choice survives the switch.
   */
  readonly #categories = new Task(this, {
    task: ([locale]: readonly [ConsoleLocale]): Promise<CategoryList['categories']> => categories(locale),
    args: () => [this.#l.locale] as const,
  });

  readonly #load = new Task(this, {
    task: async ([view, filters, limit], { signal }) => {
      const generation = ++this.#generation;
      const page = await api().staffQueue(this.#query(view, filters, limit), { signal });
      return { page, generation };
    },
    args: () => [this.view, this.filters, QUEUE_DEFAULTS.pageSize] as const,
    onComplete: ({ page, generation }) => {
      if (generation !== this.#generation) return;
      this.#setItems(page.cases);
      this.total = page.total;
      this.next = page.next;
    },
  });

  constructor() {
    super();
    this.view = 'all';
    this.query = '';
    this.user = undefined;
    this.active = true;
    this.filters = NO_FILTERS;
    this.items = [];
    this.total = 0;
    this.next = null;
    this.index = 0;
    this.loadingMore = false;
    this.staff = [];
    new ShortcutController(this, () =>
      this.active
        ? {
            j: () => this.move(1),
            k: () => this.move(-1),
            enter: (e) => this.#openCurrent(e),
            a: () => void this.assignToMe(),
            s: () => void this.solveAsking(),
            slash: () => this.focusSearch(),
            // From the search box or a filter back to the list (j and k work again).
            escape: (e) => {
              const from = e.composedPath()[0];
              if (!(from instanceof HTMLElement) || !from.matches('input, select')) return false;
              void this.focusRow(this.index);
            },
          }
        : {},
    );
    new LiveController(this, {
      case: (e) => {
        if (e.change === 'created') notify(this.#l.cat.newCaseArrived(e.reference));
        this.#scheduleRefresh();
      },
      reconnected: () => this.#scheduleRefresh(),
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#tick = setInterval(() => this.active && this.refresh({ background: true }), QUEUE_DEFAULTS.tickMs);
    void this.#loadTeam();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#tick);
    clearTimeout(this.#refreshTimer);
    clearTimeout(this.#searchTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new address (a link, Back, a reload): its filters, unless they are the ones shown (the
    // queue wrote it). A search still being typed gives way to it.
    if (changed.has('query') && this.query !== queueQuery(this.filters)) {
      clearTimeout(this.#searchTimer);
      this.filters = parseQueueQuery(this.query);
      this.index = 0;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Back from a case: the row it was opened from has the focus again.
    if (changed.has('active') && this.active && changed.get('active') === false) void this.focusRow(this.index);
    // Hidden (a case opened) before the search box's pause: what was typed is not searched, and
    // the box says what is (a search landing now would change the address of another screen).
    if (changed.has('active') && !this.active) {
      clearTimeout(this.#searchTimer);
      const box = this.renderRoot.querySelector<HTMLInputElement>('input[type=search]');
      if (box) box.value = this.filters.q;
    }
    if (changed.has('view') && changed.get('view') !== undefined) this.index = 0;
  }

  async #loadTeam(): Promise<void> {
    // Every staff member may list the team (hourly costs are for admins only).
    try {
      this.staff = await team();
    } catch {
      /* "me" is still offered */
    }
  }

  #query(view: QueueView, f: QueueFilters, limit: number, cursor?: string): StaffQueueQuery {
    return {
      view,
      limit,
      ...(f.category ? { category: f.category } : {}),
      ...(f.lane ? { lane: f.lane } : {}),
      ...(f.status ? { status: f.status } : {}),
      ...(f.assigneeId ? { assigneeId: Number(f.assigneeId) } : {}),
      ...(f.q.trim() ? { q: f.q.trim() } : {}),
      ...(cursor ? { cursor } : {}),
    };
  }

  #setItems(items: StaffCaseSummary[]): void {
    const current = this.items[this.index]?.reference;
    this.items = items;
    const at = current ? items.findIndex((c) => c.reference === current) : -1;
    this.index = at >= 0 ? at : Math.min(this.index, Math.max(0, items.length - 1));
  }

  /**
   * Reloads every loaded row (up to the endpoint's limit), keeping the current row. The ticks'
   * and live events' refreshes are `background`: they do not keep the session from idling out.
   */
  async refresh(o: { background?: boolean } = {}): Promise<void> {
    const generation = ++this.#generation;
    const limit = Math.min(QUEUE_DEFAULTS.refreshMax, Math.max(QUEUE_DEFAULTS.pageSize, this.items.length));
    try {
      const page = await api().staffQueue(this.#query(this.view, this.filters, limit), { background: o.background === true });
      if (generation !== this.#generation) return;
      // Past the first `refreshMax` rows (an agent deep in a long list), the rows already loaded
      // stay, so the list does not jump back; the next scroll or refresh brings them up to date.
      const beyond = this.items.length > limit && page.next ? this.items.slice(limit) : [];
      const fresh = new Set(page.cases.map((c) => c.reference));
      this.#setItems([...page.cases, ...beyond.filter((c) => !fresh.has(c.reference))]);
      this.total = page.total;
      if (!beyond.length) this.next = page.next;
    } catch {
      /* the next event or tick tries again */
    }
  }

  #scheduleRefresh(): void {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => void this.refresh({ background: true }), QUEUE_DEFAULTS.refreshDebounceMs);
  }

  async #loadMore(): Promise<void> {
    if (!this.next || this.loadingMore) return;
    this.loadingMore = true;
    const generation = this.#generation;
    try {
      const page = await api().staffQueue(this.#query(this.view, this.filters, QUEUE_DEFAULTS.pageSize, this.next));
      if (generation !== this.#generation) return;
      const seen = new Set(this.items.map((c) => c.reference));
      this.items = [...this.items, ...page.cases.filter((c) => !seen.has(c.reference))];
      this.next = page.next;
      this.total = page.total;
    } catch {
      /* scrolling again asks again */
    } finally {
      this.loadingMore = false;
    }
  }

  #rangeChanged(e: RangeChangedEvent): void {
    if (e.last >= this.items.length - QUEUE_DEFAULTS.prefetchRows) void this.#loadMore();
  }

  get #virtualizer(): LitVirtualizer | null {
    return this.renderRoot.querySelector('lit-virtualizer');
  }

  /** Moves the current row by `delta` and focuses it. */
  move(delta: number): void {
    if (!this.items.length) return;
    this.index = Math.max(0, Math.min(this.items.length - 1, this.index + delta));
    if (this.index >= this.items.length - QUEUE_DEFAULTS.prefetchRows) void this.#loadMore();
    void this.focusRow(this.index);
  }

  #focusTarget = -1;
  #focusing: Promise<void> | null = null;

  /** Scrolls row `i` into view and focuses its link (key repeats coalesce: the last row asked for wins). */
  focusRow(i: number): Promise<void> {
    this.#focusTarget = i;
    this.#focusing ??= this.#focusLoop().finally(() => (this.#focusing = null));
    return this.#focusing;
  }

  async #focusLoop(): Promise<void> {
    for (let done = -1; done !== this.#focusTarget; ) {
      const i = (done = this.#focusTarget);
      await this.updateComplete;
      const v = this.#virtualizer;
      if (!v || !this.items.length) return;
      const find = () => this.renderRoot.querySelector<HTMLAnchorElement>(`a[data-index="${i}"]`);
      if (!find()) {
        // The virtualizer lays out asynchronously (its layout module loads on first use).
        for (let attempt = 0; attempt < 20; attempt++) {
          try {
            v.element(i)?.scrollIntoView({ block: 'nearest' });
            break;
          } catch {
            await new Promise((r) => requestAnimationFrame(r));
          }
        }
        await v.layoutComplete?.catch(() => undefined);
        await this.updateComplete;
      }
      const a = find();
      a?.scrollIntoView({ block: 'nearest' });
      if (i === this.#focusTarget) a?.focus();
    }
  }

  /** Enter opens the current row unless the focus is on another control. */
  #openCurrent(e: KeyboardEvent): void | false {
    const from = e.composedPath()[0];
    if (from instanceof HTMLElement && from !== document.body && from !== this && !from.closest?.('lit-virtualizer')) return false;
    const c = this.items[this.index];
    if (!c) return false;
    navigate({ name: 'case', reference: c.reference });
  }

  focusSearch(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input[type=search]')?.focus();
  }

  /** Assigns the current case to the signed-in user, at once; undone if the server refuses. */
  async assignToMe(): Promise<void> {
    const c = this.items[this.index];
    const me = this.user;
    if (!c || !me || c.assigneeId === me.id) return;
    const cat = this.#l.cat;
    const before = { assignee: c.assignee, assigneeId: c.assigneeId };
    const patch = (p: Partial<StaffCaseSummary>) => (this.items = this.items.map((x) => (x.reference === c.reference ? { ...x, ...p } : x)));
    // In the Unassigned view the case no longer belongs once it is mine: it leaves at once.
    const leaves = this.view === 'unassigned';
    const at = this.index;
    await this.#optimistic.run({
      label: `${cat.assignToMe} (${c.reference})`,
      apply: () => (leaves ? this.#takeOut(c.reference, at) : patch({ assignee: me.name, assigneeId: me.id })),
      revert: () => (leaves ? this.#putBack(c, at) : patch(before)),
      request: () => api().staffAssign(c.reference, { assigneeId: me.id }),
      success: cat.assignedToMe(c.reference),
    });
    if (leaves && this.active) void this.focusRow(this.index);
  }

  /** Removes a row an action made leave the list (optimistic). */
  #takeOut(reference: string, at: number): void {
    const before = this.items.length;
    this.items = this.items.filter((x) => x.reference !== reference);
    this.total -= before - this.items.length;
    this.index = Math.min(at, Math.max(0, this.items.length - 1));
  }

  /**
   * Puts a row back where it was when its action is undone. A refresh may have replaced the list
   * meanwhile: if the case is in it again, the server's copy (and count) stand as they are.
   */
  #putBack(c: StaffCaseSummary, at: number): void {
    if (this.items.some((x) => x.reference === c.reference)) return;
    this.items = [...this.items.slice(0, at), c, ...this.items.slice(at)];
    this.total++;
  }

  /**
   * `s`: solving mails the customer, so only a case whose latest public message is the staff's
   * (the customer waits for nothing) is solved at once; any other once the agent confirms: one
   * nobody has answered yet, or one whose customer wrote again since the last answer.
   */
  async solveAsking(): Promise<void> {
    const c = this.items[this.index];
    if (!c || c.status === 'solved' || c.status === 'closed') return;
    if (c.lastPublicAuthor !== 'staff') return this.#askThenSolve(c, c.sla.target === 'first_response' ? this.#l.cat.confirmSolveNoReply : this.#l.cat.confirmSolveUnanswered);
    // Solved at once on the list's word that the staff wrote last, which the server checks: if
    // the customer wrote meanwhile (the list had not heard yet), it refuses and the agent is asked.
    if ((await this.solve({ ifLastPublicAuthor: 'staff' })) === 'customer-wrote') await this.#askThenSolve(c, this.#l.cat.confirmSolveUnanswered);
  }

  async #askThenSolve(c: StaffCaseSummary, message: string): Promise<void> {
    const cat = this.#l.cat;
    if (!(await confirmAction({ title: cat.confirmSolveTitle(c.reference), message, confirm: cat.confirmSolve }))) return;
    // The list may have moved meanwhile (a refresh): solve that case, wherever it is now.
    const at = this.items.findIndex((x) => x.reference === c.reference);
    if (at < 0) return;
    this.index = at;
    await this.solve();
  }

  /**
   * Solves the current case, at once (it leaves a list of open cases); undone if the server
   * refuses. With `ifLastPublicAuthor`, the server solves only while the latest public message is
   * still the staff's: `customer-wrote` when it refused for that (undone, without a message).
   */
  async solve(o: { ifLastPublicAuthor?: 'staff' } = {}): Promise<'customer-wrote' | void> {
    const c = this.items[this.index];
    if (!c || c.status === 'solved' || c.status === 'closed') return;
    const cat = this.#l.cat;
    const at = this.index;
    const leaves = this.view !== 'solved' && !this.filters.status.includes('solved');
    let customerWrote = false;
    await this.#optimistic.run({
      label: `${cat.shortcuts.s} (${c.reference})`,
      apply: () => {
        if (leaves) this.#takeOut(c.reference, at);
        else this.items = this.items.map((x) => (x.reference === c.reference ? { ...x, status: 'solved' } : x));
      },
      revert: () => {
        if (leaves) this.#putBack(c, at);
        else this.items = this.items.map((x) => (x.reference === c.reference ? { ...x, status: c.status } : x));
      },
      request: () => api().staffStatus(c.reference, 'solved', o),
      success: cat.solved(c.reference),
      quiet: (err) => (customerWrote = !!o.ifLastPublicAuthor && preconditionFailed(err)),
    });
    if (this.active) void this.focusRow(this.index);
    if (customerWrote) return 'customer-wrote';
  }

  #filter(key: keyof QueueFilters, value: string): void {
    this.#show({ ...this.filters, [key]: value });
  }

  /**
   * Shows `filters` at once and puts them in the address, replacing it (as the calendar does):
   * Back then leaves the queue rather than undoing one keystroke or choice at a time.
   */
  #show(filters: QueueFilters): void {
    this.filters = filters;
    this.index = 0;
    const query = queueQuery(filters);
    if (query === this.query) return;
    this.query = query;
    if (this.active) navigate({ name: 'queue', view: this.view, query }, true);
  }

  #search(value: string): void {
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => this.#filter('q', value), QUEUE_DEFAULTS.searchDebounceMs);
  }

  protected override render(): TemplateResult {
    const cat = this.#l.cat;
    const f = this.filters;
    const filtered = Object.values(f).some((v) => v !== '');
    return html`<div class="top">
        <h1>${this.#heading()}</h1>
        <span class="count" role="status">${this.#load.status === TaskStatus.COMPLETE || this.items.length ? cat.caseCount(this.total) : ''}</span>
      </div>
      <form role="search" aria-label=${cat.filters} @submit=${(e: Event) => e.preventDefault()}>
        <label class="search">${cat.search}
          <input type="search" name="q" placeholder=${cat.searchPlaceholder} aria-keyshortcuts="/" maxlength=${SEARCH_MAX} .value=${f.q} @input=${(e: Event) => this.#search((e.target as HTMLInputElement).value)} />
        </label>
        <label>${cat.category}
          <select name="category" @change=${(e: Event) => this.#filter('category', (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!f.category}>${cat.any}</option>
            ${this.#categoryOptions(f.category)}
          </select>
        </label>
        <label>${cat.lane}
          <select name="lane" @change=${(e: Event) => this.#filter('lane', (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!f.lane}>${cat.any}</option>
            <option value="fast" ?selected=${f.lane === 'fast'}>${cat.lanes.fast}</option>
            <option value="standard" ?selected=${f.lane === 'standard'}>${cat.lanes.standard}</option>
          </select>
        </label>
        <label>${cat.status}
          <select name="status" @change=${(e: Event) => this.#filter('status', (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!f.status}>${cat.any}</option>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${f.status === s}>${cat.statuses[s]}</option>`)}
          </select>
        </label>
        <label>${cat.assignee}
          <select name="assignee" @change=${(e: Event) => this.#filter('assigneeId', (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!f.assigneeId}>${cat.any}</option>
            ${this.user ? html`<option value=${String(this.user.id)} ?selected=${f.assigneeId === String(this.user.id)}>${cat.me}</option>` : nothing}
            ${this.staff.filter((u) => u.id !== this.user?.id).map((u) => html`<option value=${String(u.id)} ?selected=${f.assigneeId === String(u.id)}>${u.name}</option>`)}
          </select>
        </label>
        ${filtered ? html`<button type="button" @click=${() => this.#clear()}>${cat.clearFilters}</button>` : nothing}
      </form>
      ${this.#list()}`;
  }

  /**
   * What the list holds: the view, or, once the status filter replaces the view's statuses, that
   * status (with the view's "whose cases" rule where it has one: Mine, Unassigned).
   */
  #heading(): string {
    const cat = this.#l.cat;
    const status = this.filters.status as (typeof STATUSES)[number] | '';
    if (!status || !cat.statuses[status]) return cat.queueHeading(cat.views[this.view]);
    return cat.queueStatusHeading(cat.statuses[status], this.view === 'mine' || this.view === 'unassigned' ? cat.views[this.view] : undefined);
  }

  /** The filter's categories (none while they cannot be loaded); the chosen one stays, by its key, where this language does not list it. */
  #categoryOptions(chosen: string): TemplateResult[] {
    const names = new Map((this.#categories.value ?? []).map((c) => [c.key, c.name]));
    if (chosen && !names.has(chosen)) names.set(chosen, chosen);
    return [...names].map(([key, name]) => html`<option value=${key} ?selected=${chosen === key}>${name}</option>`);
  }

  #clear(): void {
    this.#show(NO_FILTERS);
    const q = this.renderRoot.querySelector<HTMLInputElement>('input[type=search]');
    if (q) q.value = '';
  }

  #list(): TemplateResult {
    const cat = this.#l.cat;
    if (!this.items.length) {
      return this.#load.render({
        initial: () => html`<p class="state" role="status">${cat.loading}</p>`,
        pending: () => html`<p class="state" role="status">${cat.loading}</p>`,
        complete: () => html`<p class="empty">${cat.noCases}</p>`,
        error: () => html`<p class="state error" role="alert">${cat.genericError} <button type="button" @click=${() => void this.#load.run()}>${cat.retry}</button></p>`,
      });
    }
    const c = cat.columns;
    return html`<div class="head" aria-hidden="true">
        <span>${c.reference}</span><span>${c.subject}</span><span>${c.customer}</span><span>${c.lane}</span><span>${c.status}</span><span>${c.assignee}</span><span>${c.due}</span>
      </div>
      <lit-virtualizer
        role="list"
        aria-label=${this.#heading()}
        scroller
        .items=${this.items}
        .keyFunction=${(x: StaffCaseSummary) => x.reference}
        .renderItem=${(x: StaffCaseSummary, i: number) => queueRow(cat, x, { index: i, total: this.total, current: i === this.index, onFocus: (n) => (this.index = n) })}
        @rangeChanged=${(e: RangeChangedEvent) => this.#rangeChanged(e)}
      ></lit-virtualizer>
      <p class="more" role="status">${this.loadingMore ? cat.loadingMore : ''}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-queue': AyudaQueue;
  }
}
