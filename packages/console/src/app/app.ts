// <ayuda-console>: the console's shell. Loads the language, finds the staff session (or shows
// sign-in), opens the live events, routes between the queue and a case (whose code loads only
// when a case is opened), and shows every notice in live regions.
import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { AyudaApiError, type StaffSession } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { linksStyles } from '../styles/links.styles.js';
import { appStyles } from './app.styles.js';
import { api } from '../internal/api.js';
import { chooseLocale, chosenLocale, CONSOLE_LOCALES, initialLocale, LocalizeController, rememberAccountLocale, setLocale, type ConsoleLocale } from '../internal/localize.js';
import { LiveController, liveEvents, type LiveState } from '../internal/live.js';
import { NoticeList, onNotice, notify, type Notice } from '../internal/notices.js';
import { onSessionLost, onSessionRenewed, rememberSessionUser } from '../internal/session.js';
import { ShortcutController } from '../internal/shortcuts.js';
import { CurrentLinkInSight } from '../internal/current-link.js';
import { lastQueueQuery, lastQueueView, mayLeave, navigate, parseRoute, QUEUE_VIEWS, rememberQueueView, routeHref, type Route } from '../internal/router.js';
import { refusalReason } from '../internal/optimistic.js';
import { forgetDirectory } from '../internal/directory.js';

const THEME_KEY = 'ayuda.console.theme';
/** How long live updates must stay lost before the console says so. */
export const LIVE_LOST_NOTICE_MS = 5000;
type Theme = 'light' | 'dark';

/** Loads the case view's code (its own chunk). */
export const loadCaseView = () => import('../define/ayuda-case-view.js');
/** Loads the admin screen's code (its own chunk). */
export const loadAdmin = () => import('../define/ayuda-admin.js');
/** Loads the knowledge-base screens' code (their own chunk). */
export const loadKb = () => import('../define/ayuda-kb.js');
/** Loads the settings screen's code (its own chunk). */
export const loadSettings = () => import('../define/ayuda-settings.js');
/** Loads the appointments screens' code (their own chunk). */
export const loadAppointments = () => import('../define/ayuda-appointments.js');
/** Loads the weekly pulse's code (its own chunk), once the queue has had its turn. */
export const loadPulse = () => import('../define/ayuda-pulse.js');
/** Loads the callback queue's code (its own chunk). */
export const loadCallbacks = () => import('../define/ayuda-callbacks.js');
/** Loads the shortcuts dialog's code (its own chunk). */
export const loadShortcutsDialog = () => import('../define/ayuda-shortcuts-dialog.js');

/**
 * The staff console app. Put one in a page whose CSS is src/page.css.
 *
 * @event ayuda-signed-out - after sign-out (detail: `{ everywhere: boolean }`)
 */
export class AyudaConsole extends LitElement {
  static override styles = [sharedStyles, linksStyles, appStyles];
  static override properties: PropertyDeclarations = {
    session: { state: true },
    route: { state: true },
    ready: { state: true },
    theme: { state: true },
    notices: { state: true },
    liveState: { state: true },
    menuOpen: { state: true },
  };

  /** undefined: not known yet; null: signed out. */
  declare session: StaffSession | null | undefined;
  declare route: Route;
  declare ready: boolean;
  declare theme: Theme;
  declare notices: Notice[];
  declare liveState: LiveState;
  /** On a narrow screen, whether the header's menu (the account and display tools) is open. */
  declare menuOpen: boolean;

  readonly #l = new LocalizeController(this);
  readonly #offs: Array<() => void> = [];
  readonly #hashchange = () => this.#routeChanged();

  constructor() {
    super();
    this.session = undefined;
    this.route = parseRoute(location.hash);
    // A console starts with the queue its address says, or the whole queue, unfiltered.
    if (this.route.name === 'queue') rememberQueueView(this.route.view, this.route.query);
    else rememberQueueView('all');
    this.ready = false;
    this.theme = this.#initialTheme();
    this.notices = [];
    this.liveState = 'off';
    this.menuOpen = false;
    // On a narrow screen the header's links scroll sideways: the current screen's stays in sight.
    new CurrentLinkInSight(this, 'header nav');
    new ShortcutController(this, () =>
      this.session
        ? {
            help: () => void this.openShortcuts(),
            // In a case, j and k go on to the next or previous case of the list it was opened from.
            ...(this.route.name === 'case' ? { j: () => this.#neighbour(1), k: () => this.#neighbour(-1) } : {}),
          }
        : {},
    );
    // A stream lost for a moment (a deploy, a network blip) comes back by itself: say so only
    // when it stays lost.
    let lostTimer: ReturnType<typeof setTimeout> | undefined;
    new LiveController(this, {
      state: (s) => {
        clearTimeout(lostTimer);
        if (s === 'lost') lostTimer = setTimeout(() => (this.liveState = 'lost'), LIVE_LOST_NOTICE_MS);
        else this.liveState = s;
      },
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#hashchange);
    this.#offs.push(
      onNotice((n) => this.#show(n)),
      onSessionLost(() => {
        if (!this.session) return;
        liveEvents.stop();
        this.session = null;
        rememberSessionUser(null);
        api().csrfToken = null;
        notify(this.#l.cat.sessionExpired, 'error');
      }),
      // Another tab signed in again: the same person keeps working; someone else takes over this tab too.
      onSessionRenewed((s) => {
        if (this.session && this.session.user.id !== s.user.id) this.#signedIn(s);
      }),
    );
    this.#applyTheme();
    void this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#hashchange);
    for (const off of this.#offs.splice(0)) off();
    this.#noticeList.dispose();
    liveEvents.stop();
  }

  async #start(): Promise<void> {
    await setLocale(initialLocale());
    this.ready = true;
    if (this.route.name === 'link' || this.route.name === 'set-password') {
      this.session = null;
      return;
    }
    try {
      this.#signedIn(await api().staffSession());
    } catch (err) {
      this.session = null;
      // 401: signed out. 404: a server without staff sign-in (older than the console); the
      // sign-in screen then says what its own attempt gets.
      if (!(err instanceof AyudaApiError && (err.status === 401 || err.status === 404))) notify(refusalReason(this.#l.cat, err), 'error');
    }
  }

  /** Signed in with this tab's form: the focus, on the form that is gone, goes to the screen's content. */
  async #signedInHere(s: StaffSession): Promise<void> {
    this.#signedIn(s);
    await this.updateComplete;
    this.#skip();
  }

  #signedIn(s: StaffSession): void {
    this.session = s;
    // "Your session has ended" is answered now: it goes (error messages otherwise stay until closed).
    for (const n of this.#noticeList.items) if (n.tone === 'error' && n.message === this.#l.cat.sessionExpired) this.#noticeList.dismiss(n.id);
    rememberSessionUser(s.user.id);
    rememberAccountLocale(s.user.locale);
    if (!chosenLocale()) void setLocale(s.user.locale);
    liveEvents.start(api().staffEventsUrl());
    // The pulse's question is not what a person signs in for: it loads when the browser is idle.
    const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => number }).requestIdleCallback;
    if (idle) idle(() => void loadPulse(), { timeout: 3000 });
    else setTimeout(() => void loadPulse(), 1000);
    if (this.route.name === 'link' || this.route.name === 'set-password') navigate({ name: 'queue', view: 'all' }, true);
    if (this.route.name === 'case') void loadCaseView();
    if (this.route.name === 'kb') void loadKb();
    if (this.route.name === 'appointments') void loadAppointments();
    if (this.route.name === 'callbacks') void loadCallbacks();
    this.#openAdmin();
  }

  /** The admin screens: their chunk for admins; anyone else is sent to the queue (the server refuses them the data anyway). */
  #openAdmin(): void {
    if ((this.route.name !== 'admin' && this.route.name !== 'settings') || !this.session) return;
    if (this.session.user.role === 'admin') {
      void (this.route.name === 'admin' ? loadAdmin() : loadSettings());
      return;
    }
    // Said, not an error to close by hand: it goes by itself like any info message.
    notify(this.#l.cat.adminOnly);
    navigate({ name: 'queue', view: 'all' }, true);
  }

  #routeChanged(): void {
    // A screen with unsaved changes asks first: the address goes back until it may be left.
    if (!mayLeave(location.hash)) {
      history.replaceState(history.state, '', routeHref(this.route));
      return;
    }
    const from = this.route;
    const route = parseRoute(location.hash);
    // Back to the queue from another screen by a link that leaves the filters out (a case's "Back
    // to the queue", Escape in a case): they stay, as they did when only the queue held them, and
    // the address says them. Clear filters is how they go.
    if (route.name === 'queue' && !route.query && from.name !== 'queue' && lastQueueQuery()) return navigate({ ...route, query: lastQueueQuery() }, true);
    this.route = route;
    this.menuOpen = false;
    if (this.route.name === 'kb') void loadKb();
    if (this.route.name === 'queue') rememberQueueView(this.route.view, this.route.query);
    if (this.route.name === 'case') void loadCaseView();
    if (this.route.name === 'appointments') void loadAppointments();
    if (this.route.name === 'callbacks') void loadCallbacks();
    this.#openAdmin();
    if ((this.route.name === 'link' || this.route.name === 'set-password') && this.session) navigate({ name: 'queue', view: 'all' }, true);
  }

  /** Escape in the open header menu closes it and gives the focus back to its button. */
  #headerKeydown(e: KeyboardEvent): void {
    const toggle = this.renderRoot.querySelector<HTMLElement>('.menu-toggle');
    // On a wide screen the button is not shown and the tools always are: Escape is left to the screen.
    if (e.key !== 'Escape' || !this.menuOpen || !toggle?.offsetParent) return;
    e.stopPropagation();
    this.menuOpen = false;
    toggle.focus();
  }

  #neighbour(delta: number): void | false {
    // From the address, which changes at once (the route follows on hashchange): key repeats count.
    const route = parseRoute(location.hash);
    const queue = this.renderRoot.querySelector('ayuda-queue');
    if (route.name !== 'case' || !queue) return false;
    const at = queue.items.findIndex((c) => c.reference === route.reference);
    const next = queue.items[at + delta];
    if (at < 0 || !next) return false;
    queue.index = at + delta;
    navigate({ name: 'case', reference: next.reference });
  }

  #initialTheme(): Theme {
    try {
      const saved = localStorage.getItem(THEME_KEY);
      if (saved === 'light' || saved === 'dark') return saved;
    } catch {
      /* no storage */
    }
    return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }

  #applyTheme(): void {
    document.documentElement.dataset.theme = this.theme;
  }

  #toggleTheme(): void {
    this.theme = this.theme === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(THEME_KEY, this.theme);
    } catch {
      /* the choice lasts this page */
    }
    this.#applyTheme();
  }

  /** The messages on screen: info ones go by themselves, the same message does not stack (internal/notices.ts). */
  readonly #noticeList = new NoticeList((items) => (this.notices = [...items]));

  #show(n: Notice): void {
    this.#noticeList.add(n);
  }

  #dismiss(id: number): void {
    this.#noticeList.dismiss(id);
    // The Close button that had the focus is gone, and a browser may send no focusout for it:
    // the hold lasts only while the pointer or the focus is still on the messages.
    void this.updateComplete.then(() => this.#noticeList.hold(!!this.renderRoot.querySelector('section.notices:hover, section.notices:focus-within')));
  }

  /** Opens the list of keyboard shortcuts. */
  async openShortcuts(): Promise<void> {
    await loadShortcutsDialog();
    let dialog = this.renderRoot.querySelector('ayuda-shortcuts-dialog');
    if (!dialog) {
      dialog = document.createElement('ayuda-shortcuts-dialog');
      this.renderRoot.appendChild(dialog);
    }
    await dialog.show();
  }

  async #signOut(everywhere: boolean): Promise<void> {
    const cat = this.#l.cat;
    try {
      if (everywhere) await api().staffSignOutEverywhere();
      else await api().staffSignOut();
    } catch (err) {
      if (!(err instanceof AyudaApiError && err.status === 401)) {
        notify(refusalReason(cat, err), 'error');
        return;
      }
    }
    liveEvents.stop();
    forgetDirectory();
    this.session = null;
    rememberSessionUser(null);
    if (everywhere) notify(cat.signedOutEverywhere);
    this.dispatchEvent(new CustomEvent('ayuda-signed-out', { bubbles: true, composed: true, detail: { everywhere } }));
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.ready) return nothing;
    const cat = this.#l.cat;
    return html`${this.#body()}
      <section
        class="notices"
        aria-label=${cat.notifications}
        @mouseenter=${() => this.#noticeList.hold(true)}
        @mouseleave=${() => this.#noticeList.hold(false)}
        @focusin=${() => this.#noticeList.hold(true)}
        @focusout=${(e: FocusEvent) => !(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null) && this.#noticeList.hold(false)}
      >
        <div role="status" aria-live="polite">${this.notices.filter((n) => n.tone === 'info').map((n) => this.#notice(n))}</div>
        <div role="alert">${this.notices.filter((n) => n.tone === 'error').map((n) => this.#notice(n))}</div>
      </section>`;
  }

  #notice(n: Notice): TemplateResult {
    return html`<div class="notice ${n.tone}">
      <p>${n.message}</p>
      <button type="button" class="link" @click=${() => this.#dismiss(n.id)}>${this.#l.cat.close}</button>
    </div>`;
  }

  #body(): TemplateResult {
    const cat = this.#l.cat;
    const r = this.route;
    if (r.name === 'link' || r.name === 'set-password')
      return html`<main id="main"><ayuda-signin .mode=${r.name} .token=${r.token} @ayuda-signed-in=${(e: CustomEvent<StaffSession>) => void this.#signedInHere(e.detail)}></ayuda-signin></main>`;
    if (this.session === undefined) return html`<p class="loading" role="status">${cat.loading}</p>`;
    if (this.session === null)
      return html`<main id="main"><ayuda-signin mode="password" @ayuda-signed-in=${(e: CustomEvent<StaffSession>) => void this.#signedInHere(e.detail)}></ayuda-signin></main>`;
    const user = this.session.user;
    const view = r.name === 'queue' ? r.view : null;
    // A button, not a link to #main: the target is in this shadow root, and the hash is the route.
    return html`<button type="button" class="skip" @click=${() => this.#skip()}>${cat.skipToContent}</button>
      <header @keydown=${(e: KeyboardEvent) => this.#headerKeydown(e)}>
        <span class="brand">${cat.appName}</span>
        <button type="button" class="menu-toggle" aria-expanded=${this.menuOpen ? 'true' : 'false'} aria-controls="header-tools" @click=${() => (this.menuOpen = !this.menuOpen)}>
          <span class="menu-icon" aria-hidden="true"></span>${cat.headerMenu}
        </button>
        <nav aria-label=${cat.mainNav}>
          <ul>
            ${QUEUE_VIEWS.map((v) => html`<li><a href=${routeHref({ name: 'queue', view: v, query: lastQueueQuery() })} aria-current=${view === v ? 'page' : 'false'}>${cat.views[v]}</a></li>`)}
            <li><a href="#/kb" aria-current=${r.name === 'kb' ? 'page' : 'false'}>${cat.knowledgeBase}</a></li>
            <li><a href="#/appointments/calendar" aria-current=${r.name === 'appointments' ? 'page' : 'false'}>${cat.appointmentsNav}</a></li>
            <li><a href="#/callbacks" aria-current=${r.name === 'callbacks' ? 'page' : 'false'}>${cat.callbacksNav}</a></li>
            ${user.role === 'admin' ? html`<li><a href="#/admin/team" aria-current=${r.name === 'admin' ? 'page' : 'false'}>${cat.admin}</a></li>` : nothing}
            ${user.role === 'admin' ? html`<li><a href="#/settings/" aria-current=${r.name === 'settings' ? 'page' : 'false'}>${cat.settingsNav}</a></li>` : nothing}
          </ul>
        </nav>
        <div class="tools" id="header-tools" ?data-open=${this.menuOpen}>
          <span class="user">${cat.signedInAs(user.name, cat.roles[user.role])}</span>
          <label>${cat.language}
            <select @change=${(e: Event) => void chooseLocale((e.target as HTMLSelectElement).value as ConsoleLocale)}>
              ${CONSOLE_LOCALES.map((l) => html`<option value=${l} ?selected=${cat.locale === l} lang=${l}>${cat.languages[l]}</option>`)}
            </select>
          </label>
          <button type="button" @click=${() => this.#toggleTheme()}>${this.theme === 'dark' ? cat.themeToLight : cat.themeToDark}</button>
          <button type="button" aria-keyshortcuts="?" @click=${() => void this.openShortcuts()}>${cat.shortcutsButton} <kbd aria-hidden="true">?</kbd></button>
          <button type="button" @click=${() => void this.#signOut(false)}>${cat.signOut}</button>
          <button type="button" @click=${() => void this.#signOut(true)}>${cat.signOutEverywhere}</button>
        </div>
      </header>
      ${this.liveState === 'lost' ? html`<p class="live" role="status">${cat.liveReconnecting}</p>` : nothing}
      <main id="main" tabindex="-1">
        <ayuda-pulse-question ?hidden=${r.name !== 'queue'}></ayuda-pulse-question>
        <ayuda-queue .view=${view ?? lastQueueView()} .query=${lastQueueQuery()} .user=${user} .active=${r.name === 'queue'} ?hidden=${r.name !== 'queue'}></ayuda-queue>
        ${r.name === 'case' ? html`<ayuda-case-view .reference=${r.reference} .user=${user} .currency=${this.session.settings.currency}></ayuda-case-view>` : nothing}
        ${r.name === 'kb' ? html`<ayuda-kb .page=${r.page} .user=${user}></ayuda-kb>` : nothing}
        ${r.name === 'appointments' ? html`<ayuda-appointments .tab=${r.tab} .query=${r.query} .user=${user}></ayuda-appointments>` : nothing}
        ${r.name === 'callbacks' ? html`<ayuda-callbacks .view=${r.view}></ayuda-callbacks>` : nothing}
        ${r.name === 'settings' && user.role === 'admin' ? html`<ayuda-settings .section=${r.section} .currency=${this.session.settings.currency}></ayuda-settings>` : nothing}
        ${r.name === 'admin' && user.role === 'admin' ? html`<ayuda-admin .tab=${r.tab} .query=${r.query} .user=${user} .currency=${this.session.settings.currency}></ayuda-admin>` : nothing}
      </main>`;
  }

  #skip(): void {
    (this.renderRoot.querySelector('#main') as HTMLElement | null)?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-console': AyudaConsole;
  }
}
