// <ayuda-appointments>: the appointments screen: the calendar (day and week, per agent and per
// type, the fast lane's reserve drawn), each agent's availability, the appointment types
// (admins) and the signed-in person's private calendar feed. Its own chunk, loaded when opened.
import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { StaffUser } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { screenStyles } from '../styles/screen.styles.js';
import { LocalizeController } from '../internal/localize.js';
import { CurrentLinkInSight } from '../internal/current-link.js';
import { APPOINTMENTS_TABS, type AppointmentsTab } from '../internal/router.js';
import { strings } from './i18n.js';

/**
 * @attr tab - the tab shown: calendar, availability, types (admins) or feed
 * @attr query - the address's query (the calendar's view)
 */
export class AyudaAppointments extends LitElement {
  static override styles = [sharedStyles, screenStyles];
  static override properties: PropertyDeclarations = {
    tab: { type: String },
    query: { type: String },
    user: { attribute: false },
  };

  declare tab: AppointmentsTab;
  declare query: string;
  declare user: StaffUser | undefined;

  readonly #l = new LocalizeController(this);
  // On a phone the tabs scroll sideways (screenStyles): the current one stays in sight.
  readonly #tabs = new CurrentLinkInSight(this);

  constructor() {
    super();
    this.tab = 'calendar';
    this.query = '';
    this.user = undefined;
  }

  protected override render(): TemplateResult {
    const s = strings[this.#l.locale];
    const admin = this.user?.role === 'admin';
    // The types are an admin's to set; an agent opening their address gets the calendar.
    const tab = this.tab === 'types' && !admin ? 'calendar' : this.tab;
    return html`<h1>${s.heading}</h1>
      <nav aria-label=${s.heading}>
        <ul>
          ${APPOINTMENTS_TABS.filter((t) => t !== 'types' || admin).map((t) => html`<li><a href="#/appointments/${t}" aria-current=${tab === t ? 'page' : 'false'}>${s.tabs[t]}</a></li>`)}
        </ul>
      </nav>
      ${tab === 'calendar'
        ? html`<ayuda-appointment-calendar .query=${this.query} .user=${this.user}></ayuda-appointment-calendar>`
        : tab === 'availability'
          ? html`<ayuda-availability .user=${this.user}></ayuda-availability>`
          : tab === 'types'
            ? html`<ayuda-appointment-types></ayuda-appointment-types>`
            : tab === 'feed'
              ? html`<ayuda-calendar-feed></ayuda-calendar-feed>`
              : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-appointments': AyudaAppointments;
  }
}
