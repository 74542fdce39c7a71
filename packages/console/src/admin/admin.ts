// <ayuda-admin>: what admins do in the console: the team (accounts, roles, hourly costs, who is
// disabled, password reset links, new accounts with their set-password link), the opportunities agents recorded (by
// period, with the CSV export), the audit log (filters, older pages) and the staff API tokens
// (list, create with a role, the secret shown once, revoke). Its own chunk, loaded when an admin
// first opens it.
import { css, html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { AyudaApiError, type AuditEntry, type OpportunityList, type StaffToken, type StaffTokenCreated, type StaffUser } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { cardStyles, screenStyles } from '../styles/screen.styles.js';
import { api } from '../internal/api.js';
import { STAFF_EMAIL_PATTERN, STAFF_HOURLY_COST_MAX } from '@ayuda/core/limits';
import { DEFAULT_CURRENCY, fromMinorUnits, minorDigits, toMinorUnits } from '../internal/money.js';
import { forgetDirectory } from '../internal/directory.js';
import { notify } from '../internal/notices.js';
import { LocalizeController } from '../internal/localize.js';
import { CurrentLinkInSight } from '../internal/current-link.js';
import { OptimisticController, refusalReason } from '../internal/optimistic.js';
import { ADMIN_TABS, type AdminTab } from '../internal/router.js';
import { browserTimeZone, dateTime, money, zoneNote } from '../internal/format.js';
import { addDaysToDate, localDate, startOfLocalDate } from '@ayuda/core/periods';
import type { Catalogue } from '../i18n/types.js';
import { confirmAction } from '../dialogs/confirm-dialog.js';
import '../define/ayuda-confirm-dialog.js';
import { strings, type AdminStrings } from './i18n.js';
import { auditStyles, auditTable } from './audit-log.js';

type Person = StaffUser;
type AuditFilter = { actor?: string; action?: string; target?: string };

/**
 * `2026-11-20` (a date input's value) → the start of that day in `timeZone` (the company's; the
 * browser's until the server has said it), ISO; `end` the start of the next.
 */
function dayBound(value: string, end: boolean, timeZone: string): string | undefined {
  if (!value) return undefined;
  return startOfLocalDate(end ? addDaysToDate(value, 1) : value, timeZone)?.toISOString();
}

export class AyudaAdmin extends LitElement {
  static override styles = [
    sharedStyles,
    screenStyles,
    cardStyles,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 0.75rem;
        align-items: flex-end;
      }
      td form {
        flex-wrap: nowrap;
      }
      /* A person's row is a card on a phone (table.stack): their form wraps in its width. */
      @media (max-width: 47.99rem) {
        td form {
          flex-wrap: wrap;
        }
      }
      .check {
        flex-direction: row;
        align-items: center;
        gap: 0.3rem;
      }
      .num {
        width: 7rem;
      }
      .row-actions {
        margin: 0.4rem 0 0;
      }
      code {
        overflow-wrap: anywhere;
      }
      .secret {
        border: 2px solid var(--ayuda-primary);
        border-radius: var(--ayuda-radius);
        padding: 0.5rem 0.75rem;
        margin-top: 0.75rem;
      }
      .data {
        font-family: var(--ayuda-mono);
        font-size: 0.8125rem;
        overflow-wrap: anywhere;
      }
      /* A long name or address without spaces (100 characters are allowed) wraps instead of
         widening the team table past the page and pushing its controls off-screen. */
      .who,
      .created {
        overflow-wrap: anywhere;
      }
    `,
    auditStyles,
  ];
  static override properties: PropertyDeclarations = {
    tab: { type: String },
    query: { type: String },
    user: { attribute: false },
    currency: { type: String },
    people: { state: true },
    created: { state: true },
    opportunities: { state: true },
    period: { state: true },
    entries: { state: true },
    next: { state: true },
    error: { state: true },
    tokens: { state: true },
    newToken: { state: true },
    tokenError: { state: true },
    createErrors: { state: true },
    costErrors: { state: true },
  };

  declare tab: AdminTab;
  /** The address's text after `?`: the analytics screen's period and lane. */
  declare query: string;
  declare user: StaffUser | undefined;
  /** The fast lane's currency (the session's `settings.currency`): hourly costs are in it. */
  declare currency: string;
  declare people: Person[] | null;
  /** The last account created, with its set-password link. */
  declare created: { name: string; url: string } | null;
  declare opportunities: OpportunityList | null;
  declare period: { from: string; to: string };
  declare entries: AuditEntry[] | null;
  declare next: string | null;
  declare error: string;
  declare tokens: StaffToken[] | null;
  /** The token just made: its secret is shown this once. */
  declare newToken: StaffTokenCreated | null;
  /** The new token's name refused (by the browser or the server). */
  declare tokenError: string;
  /** The new account's fields the server refused, by field (`email`, `name`). */
  declare createErrors: Record<string, string>;
  /** An hourly cost refused before it was sent, by account id. */
  declare costErrors: Record<number, string>;

  readonly #l = new LocalizeController(this);
  // On a phone the tabs scroll sideways (screenStyles): the current one stays in sight.
  readonly #tabs = new CurrentLinkInSight(this);
  readonly #optimistic = new OptimisticController(this);
  #auditFilter: AuditFilter = {};

  constructor() {
    super();
    this.tab = 'team';
    this.query = '';
    this.user = undefined;
    this.currency = DEFAULT_CURRENCY;
    this.people = null;
    this.created = null;
    this.opportunities = null;
    this.period = { from: '', to: '' };
    this.entries = null;
    this.next = null;
    this.error = '';
    this.tokens = null;
    this.newToken = null;
    this.tokenError = '';
    this.createErrors = {};
    this.costErrors = {};
  }

  get #s(): AdminStrings {
    return strings[this.#l.locale];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('tab')) {
      this.error = '';
      if (this.tab === 'team') void this.#loadTeam();
      if (this.tab === 'opportunities') void this.#loadOpportunities();
      if (this.tab === 'audit') void this.#loadAudit(false);
      // The appearance screen is a chunk of its own (only admins who open it download it).
      if (this.tab === 'appearance') void import('../define/ayuda-appearance.js');
      if (this.tab === 'pulse') void import('../define/ayuda-pulse.js');
      // The analytics screen and its chart library are a chunk of their own.
      if (this.tab === 'analytics') void import('../define/ayuda-analytics.js');
      if (this.tab === 'tokens') void this.#loadTokens();
    }
  }

  async #try<T>(p: Promise<T>): Promise<T | undefined> {
    try {
      return await p;
    } catch (err) {
      this.error = refusalReason(this.#l.cat, err);
      return undefined;
    }
  }

  async #loadTeam(): Promise<void> {
    const r = await this.#try(api().staffUsers());
    if (r) this.people = r.users;
  }

  async #create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const d = new FormData(form);
    const s = this.#s;
    this.createErrors = {};
    // A new attempt: the last account's message would read as this one's outcome.
    this.created = null;
    // Checked here, in the console's words, as the server would (STAFF_EMAIL_PATTERN, a name).
    const email = String(d.get('email') ?? '').trim();
    const name = String(d.get('name') ?? '').trim();
    const wrong: Record<string, string> = {};
    if (!STAFF_EMAIL_PATTERN.test(email)) wrong.email = s.emailInvalid;
    if (!name) wrong.name = s.nameMissing;
    else if (/\p{Cc}/u.test(name)) wrong.name = s.nameOneLine;
    if (Object.keys(wrong).length) {
      this.createErrors = wrong;
      await this.updateComplete;
      form.querySelector<HTMLInputElement>(`[name=${Object.keys(wrong)[0]}]`)?.focus();
      return;
    }
    let r;
    try {
      r = await api().staffCreateUser({ email, name, role: d.get('role') === 'admin' ? 'admin' : 'agent', locale: d.get('locale') === 'en' ? 'en' : 'es' });
    } catch (err) {
      // A refusal of a field (a taken address, a bad name) is shown at that field.
      const fields = err instanceof AyudaApiError ? err.fieldErrors : {};
      const at = Object.fromEntries(
        (['email', 'name'] as const).filter((k) => fields[`body.${k}`]).map((k) => [k, err instanceof AyudaApiError && err.status === 409 && k === 'email' ? s.accountExists : k === 'email' ? s.emailInvalid : s.fixField]),
      );
      if (Object.keys(at).length) {
        this.createErrors = at;
        await this.updateComplete;
        form.querySelector<HTMLInputElement>(`[name=${Object.keys(at)[0]}]`)?.focus();
      } else this.error = refusalReason(this.#l.cat, err);
      return;
    }
    forgetDirectory();
    this.created = { name: r.user.name, url: r.setPasswordUrl };
    this.people = [...(this.people ?? []), r.user];
    form.reset();
  }

  async #save(e: SubmitEvent, p: Person): Promise<void> {
    e.preventDefault();
    const cat = this.#l.cat;
    const form = e.target as HTMLFormElement;
    const d = new FormData(form);
    const hourlyCost = toMinorUnits(String(d.get('hourlyCost') ?? ''), this.currency);
    // An hourly cost left as it was is not sent, nor checked: one stored before today's limit
    // (or in another currency's units) must not stop a change of role.
    const costChanged = hourlyCost !== p.hourlyCost;
    // Refused here, at the field, in the console's words: the server's 422 would only undo.
    const wrong = !costChanged || hourlyCost === null ? '' : !Number.isFinite(hourlyCost) || hourlyCost < 0 ? this.#s.amountInvalid(this.#amountExample()) : hourlyCost > STAFF_HOURLY_COST_MAX ? this.#s.amountTooBig(money(cat, STAFF_HOURLY_COST_MAX, this.currency)) : '';
    const { [p.id]: _old, ...others } = this.costErrors;
    this.costErrors = wrong ? { ...others, [p.id]: wrong } : others;
    if (wrong) {
      await this.updateComplete;
      form.querySelector<HTMLInputElement>('[name=hourlyCost]')?.focus();
      return;
    }
    const patch = { role: d.get('role') === 'admin' ? ('admin' as const) : ('agent' as const), ...(costChanged ? { hourlyCost } : {}), disabled: d.get('disabled') === 'on' };
    const before = this.people ?? [];
    await this.#optimistic.run({
      label: `${cat.save} (${p.name})`,
      apply: () => (this.people = before.map((x) => (x.id === p.id ? { ...x, ...patch } : x))),
      revert: () => (this.people = before),
      request: () => api().staffUpdateUser(p.id, patch),
      confirm: (saved) => {
        forgetDirectory();
        this.people = before.map((x) => (x.id === p.id ? saved : x));
      },
      success: cat.saved,
    });
  }

  /** An amount as typed in the console's language, e.g. 22,50 (es) or 22.50 (en); whole units for yen. */
  #amountExample(): string {
    const d = minorDigits(this.currency);
    return new Intl.NumberFormat(this.#l.cat.locale, { minimumFractionDigits: d, maximumFractionDigits: d, useGrouping: false }).format(d ? 22.5 : 2250);
  }

  /** Mails the person a link to choose a new password; the link itself never reaches this screen. */
  async #sendPasswordLink(p: Person): Promise<void> {
    const sent = await this.#try(api().staffSendPasswordLink(p.id).then(() => true));
    if (sent) notify(this.#l.cat.passwordLinkSent(p.name));
  }

  async #loadOpportunities(e?: SubmitEvent): Promise<void> {
    e?.preventDefault();
    if (e) {
      const d = new FormData(e.target as HTMLFormElement);
      this.period = { from: String(d.get('from') ?? ''), to: String(d.get('to') ?? '') };
    }
    const r = await this.#try(api().opportunities(this.#range()));
    if (!r) return;
    this.opportunities = r;
    // With no days chosen, the server's default period (the last 30 days): the fields say which,
    // as days in the company's zone, the one dayBound reads them in.
    if (!this.period.from && !this.period.to) this.period = { from: localDate(new Date(r.from), r.timeZone), to: localDate(new Date(Date.parse(r.to) - 1), r.timeZone) };
  }

  /** The zone the days are read in and the times shown in: the company's, once the server has said it. */
  get #zone(): string {
    return this.opportunities?.timeZone || browserTimeZone() || 'UTC';
  }

  #range(): { from?: string; to?: string } {
    const from = dayBound(this.period.from, false, this.#zone);
    const to = dayBound(this.period.to, true, this.#zone);
    return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  }

  async #loadAudit(more: boolean, e?: SubmitEvent): Promise<void> {
    e?.preventDefault();
    if (e) {
      const d = new FormData(e.target as HTMLFormElement);
      const v = (k: string) => String(d.get(k) ?? '').trim() || undefined;
      this.#auditFilter = Object.fromEntries(Object.entries({ actor: v('actor'), action: v('action'), target: v('target') }).filter(([, x]) => x)) as AuditFilter;
    }
    const r = await this.#try(api().staffAudit({ ...this.#auditFilter, ...(more && this.next ? { before: this.next } : {}), limit: 50 }));
    if (!r) return;
    this.entries = more ? [...(this.entries ?? []), ...r.entries] : r.entries;
    this.next = r.next;
  }

  async #loadTokens(): Promise<void> {
    const r = await this.#try(api().staffTokens());
    if (r) this.tokens = r.tokens;
  }

  /** A token being made: a second click or Enter meanwhile makes no second token. */
  #creatingToken = false;

  async #createToken(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.#creatingToken) return;
    const form = e.target as HTMLFormElement;
    const d = new FormData(form);
    const name = String(d.get('name') ?? '').trim();
    this.tokenError = '';
    if (!name) {
      this.tokenError = this.#s.nameRequired;
      await this.updateComplete;
      form.querySelector<HTMLInputElement>('[name=name]')?.focus();
      return;
    }
    this.#creatingToken = true;
    try {
      const created = await api().staffCreateToken({ name, role: d.get('role') === 'admin' ? 'admin' : 'agent' });
      this.newToken = created;
      const { token: _secret, ...listed } = created;
      this.tokens = [listed, ...(this.tokens ?? [])];
      form.reset();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.secret button')?.focus();
    } catch (err) {
      const field = err instanceof AyudaApiError ? err.fieldErrors['body.name'] : undefined;
      if (field) {
        this.tokenError = field;
        form.querySelector<HTMLInputElement>('[name=name]')?.focus();
      } else this.error = refusalReason(this.#l.cat, err);
    } finally {
      this.#creatingToken = false;
    }
  }

  async #copyToken(token: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(token);
      notify(this.#s.copied);
    } catch {
      notify(this.#s.copyFailed, 'error');
    }
  }

  async #revokeToken(t: StaffToken): Promise<void> {
    const s = this.#s;
    if (!(await confirmAction({ title: s.revokeTitle(t.name), message: s.revokeMessage, confirm: s.revoke }))) return;
    const done = await this.#try(api().staffRevokeToken(t.id).then(() => true));
    if (!done) return;
    notify(s.revoked(t.name));
    if (this.newToken?.id === t.id) this.newToken = null;
    await this.#loadTokens();
  }

  protected override render(): TemplateResult {
    const cat = this.#l.cat;
    return html`<h1>${cat.admin}</h1>
      <nav aria-label=${cat.admin}>
        <ul>
          ${ADMIN_TABS.map((t) => html`<li><a href="#/admin/${t}" aria-current=${this.tab === t ? 'page' : 'false'}>${cat.adminTabs[t]}</a></li>`)}
        </ul>
      </nav>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      ${this.tab === 'analytics' ? html`<ayuda-analytics .query=${this.query} .currency=${this.currency}></ayuda-analytics>` : this.tab === 'appearance' ? html`<ayuda-appearance></ayuda-appearance>` : this.tab === 'pulse' ? html`<ayuda-pulse-report></ayuda-pulse-report>` : this.tab === 'team' ? this.#team(cat) : this.tab === 'opportunities' ? this.#opportunities(cat) : this.tab === 'tokens' ? this.#tokens(cat) : this.#audit(cat)}`;
  }

  #team(cat: Catalogue): TemplateResult {
    return html`<section aria-labelledby="team">
        <h2 id="team">${cat.adminTabs.team}</h2>
        ${this.people === null
          ? html`<p class="muted" role="status">${cat.loading}</p>`
          : html`<table class="stack">
              <thead>
                <tr><th scope="col">${cat.name}</th><th scope="col">${cat.email}</th><th scope="col">${cat.language}</th><th scope="col">${cat.role} · ${cat.hourlyCost} · ${cat.disabledAccount}</th></tr>
              </thead>
              <tbody>
                ${this.people.map(
                  (p) => html`<tr>
                    <th scope="row" class="who">${p.name}${p.disabled ? html` <span class="muted">(${cat.disabledAccount})</span>` : nothing}</th>
                    <td class="who" data-label=${cat.email}>${p.email}</td>
                    <td data-label=${cat.language}>${cat.languages[p.locale]}</td>
                    <td>
                      <form novalidate aria-label=${p.name} @submit=${(e: SubmitEvent) => void this.#save(e, p)}>
                        <label>${cat.role}
                          <select name="role">
                            <option value="agent" ?selected=${p.role === 'agent'}>${cat.roles.agent}</option>
                            <option value="admin" ?selected=${p.role === 'admin'}>${cat.roles.admin}</option>
                          </select>
                        </label>
                        <label>${cat.hourlyCost} (${this.currency.toUpperCase()})
                          <input
                            class="num"
                            name="hourlyCost"
                            inputmode="decimal"
                            .value=${p.hourlyCost === null ? '' : fromMinorUnits(p.hourlyCost, this.currency, this.#l.locale)}
                            aria-invalid=${this.costErrors[p.id] ? 'true' : 'false'}
                            aria-describedby=${this.costErrors[p.id] ? `cost-error-${p.id} cost-hint` : 'cost-hint'}
                          />
                        </label>${this.costErrors[p.id] ? html`<span class="error" id="cost-error-${p.id}">${this.costErrors[p.id]}</span>` : nothing}
                        <label class="check"><input type="checkbox" name="disabled" .checked=${!!p.disabled} ?disabled=${p.id === this.user?.id} />${cat.disableAccount}</label>
                        <button type="submit">${cat.save}</button>
                      </form>
                      <p class="row-actions">
                        <button type="button" aria-label=${cat.sendPasswordLinkTo(p.name)} ?disabled=${p.disabled} @click=${() => void this.#sendPasswordLink(p)}>${cat.sendPasswordLink}</button>
                      </p>
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>
            <p id="cost-hint" class="muted">${cat.hourlyCostHint}</p>`}
      </section>
      <section aria-labelledby="new">
        <h2 id="new">${cat.createAccount}</h2>
        <form novalidate @submit=${(e: SubmitEvent) => void this.#create(e)}>
          <label>${cat.email}<input name="email" type="email" required autocomplete="off" maxlength="254" aria-invalid=${this.createErrors.email ? 'true' : 'false'} aria-describedby=${this.createErrors.email ? 'new-email-error' : nothing} /></label>${this.createErrors.email ? html`<span class="error" id="new-email-error">${this.createErrors.email}</span>` : nothing}
          <label>${cat.name}<input name="name" required maxlength="100" aria-invalid=${this.createErrors.name ? 'true' : 'false'} aria-describedby=${this.createErrors.name ? 'new-name-error' : nothing} /></label>${this.createErrors.name ? html`<span class="error" id="new-name-error">${this.createErrors.name}</span>` : nothing}
          <label>${cat.role}
            <select name="role"><option value="agent">${cat.roles.agent}</option><option value="admin">${cat.roles.admin}</option></select>
          </label>
          <label>${cat.language}
            <select name="locale"><option value="es" lang="es">${cat.languages.es}</option><option value="en" lang="en">${cat.languages.en}</option></select>
          </label>
          <button type="submit" class="primary">${cat.createAccount}</button>
        </form>
        <div role="status">${this.created ? html`<p class="created">${cat.accountCreated(this.created.name)}</p><p><code>${this.created.url}</code></p>` : nothing}</div>
      </section>`;
  }

  #opportunities(cat: Catalogue): TemplateResult {
    const list = this.opportunities;
    return html`<section aria-labelledby="opps">
      <h2 id="opps">${cat.adminTabs.opportunities}</h2>
      <form @submit=${(e: SubmitEvent) => void this.#loadOpportunities(e)}>
        <label>${cat.from}<input type="date" name="from" .value=${this.period.from} /></label>
        <label>${cat.to}<input type="date" name="to" .value=${this.period.to} /></label>
        <button type="submit">${cat.show}</button>
        <a href=${api().opportunitiesCsvUrl({ ...this.#range(), locale: cat.locale })} download>${cat.downloadCsv}</a>
      </form>
      ${list ? html`<p class="muted zone">${zoneNote(cat, list.timeZone)}</p>` : nothing}
      ${list === null
        ? html`<p class="muted" role="status">${cat.loading}</p>`
        : list.opportunities.length === 0
          ? html`<p class="muted">${cat.noOpportunities}</p>`
          : html`${list.truncated ? html`<p role="status">${cat.truncated}</p>` : nothing}
              <table class="stack">
                <thead>
                  <tr><th scope="col">${cat.date}</th><th scope="col">${cat.columns.reference}</th><th scope="col">${cat.customer}</th><th scope="col">${cat.product}</th><th scope="col">${cat.value}</th><th scope="col">${cat.agent}</th><th scope="col">${cat.opportunityNote}</th></tr>
                </thead>
                <tbody>
                  ${list.opportunities.map(
                    (o) => html`<tr>
                      <td data-label=${cat.date}>${dateTime(cat, o.createdAt, list.timeZone)}</td>
                      <td data-label=${cat.columns.reference}><a href="#/cases/${encodeURIComponent(o.caseReference)}">${o.caseReference}</a></td>
                      <td class="who" data-label=${cat.customer}>${o.customer.name}<br /><span class="muted">${o.customer.email}</span></td>
                      <td data-label=${cat.product}>${o.product}</td>
                      <td data-label=${cat.value}>${money(cat, o.value, o.currency)}</td>
                      <td data-label=${cat.agent}>${o.user.name}</td>
                      <td data-label=${cat.opportunityNote}>${o.note ?? ''}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`}
    </section>`;
  }

  #tokens(cat: Catalogue): TemplateResult {
    const s = this.#s;
    const list = this.tokens;
    const made = this.newToken;
    return html`<section aria-labelledby="tokens">
        <h2 id="tokens">${cat.adminTabs.tokens}</h2>
        <p>${s.tokensIntro}</p>
        ${list === null
          ? html`<p class="muted" role="status">${cat.loading}</p>`
          : list.length === 0
            ? html`<p class="muted">${s.noTokens}</p>`
            : html`<table class="stack">
                <thead>
                  <tr><th scope="col">${s.tokenName}</th><th scope="col">${s.tokenPrefix}</th><th scope="col">${s.tokenRole}</th><th scope="col">${s.created}</th><th scope="col">${s.lastUsed}</th><th scope="col">${s.status}</th></tr>
                </thead>
                <tbody>
                  ${list.map(
                    (t) => html`<tr>
                      <th scope="row">${t.name}</th>
                      <td class="data" data-label=${s.tokenPrefix}>${t.prefix}…</td>
                      <td data-label=${s.tokenRole}>${cat.roles[t.role]}</td>
                      <td data-label=${s.created}>${dateTime(cat, t.createdAt)}</td>
                      <td data-label=${s.lastUsed}>${t.lastUsedAt ? dateTime(cat, t.lastUsedAt) : s.never}</td>
                      <td data-label=${s.status}>
                        ${t.revokedAt
                          ? html`<span class="muted">${s.revokedOn(dateTime(cat, t.revokedAt))}</span>`
                          : html`${s.active} <button type="button" class="danger" aria-label=${s.revokeLabel(t.name)} @click=${() => void this.#revokeToken(t)}>${s.revoke}</button>`}
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>`}
      </section>
      <section aria-labelledby="new-token">
        <h2 id="new-token">${s.createTokenHeading}</h2>
        <form novalidate @submit=${(e: SubmitEvent) => void this.#createToken(e)}>
          <label>${s.tokenName}<input name="name" maxlength="100" autocomplete="off" aria-invalid=${this.tokenError ? 'true' : 'false'} aria-describedby=${this.tokenError ? 'token-name-error' : nothing} /></label>
          <label>${s.tokenRole}
            <select name="role"><option value="agent">${cat.roles.agent}</option><option value="admin">${cat.roles.admin}</option></select>
          </label>
          <button type="submit" class="primary">${s.createToken}</button>
        </form>
        ${this.tokenError ? html`<p class="error" id="token-name-error">${this.tokenError}</p>` : nothing}
        <div>
          ${made
            ? html`<div class="secret">
                <!-- Only the sentence is announced; the secret is never read aloud. -->
                <p role="status"><strong>${s.tokenCreated(made.name)}</strong> ${s.tokenOnce}</p>
                <p><code>${made.token}</code></p>
                <p class="row-actions">
                  <button type="button" @click=${() => void this.#copyToken(made.token)}>${s.copy}</button>
                  <button type="button" @click=${() => (this.newToken = null)}>${s.done}</button>
                </p>
              </div>`
            : nothing}
        </div>
      </section>`;
  }

  #audit(cat: Catalogue): TemplateResult {
    const s = this.#s.audit;
    return html`<section aria-labelledby="audit">
      <h2 id="audit">${cat.adminTabs.audit}</h2>
      <form @submit=${(e: SubmitEvent) => void this.#loadAudit(false, e)}>
        <label>${s.who}<input name="actor" maxlength="200" placeholder="user:2" /></label>
        <label>${s.action}<input name="action" maxlength="200" placeholder="case" /></label>
        <label>${s.target}<input name="target" maxlength="200" placeholder="case:NF-000123" /></label>
        <button type="submit">${cat.show}</button>
      </form>
      ${this.entries === null
        ? html`<p class="muted" role="status">${cat.loading}</p>`
        : this.entries.length === 0
          ? html`<p class="muted">${cat.noEntries}</p>`
          : html`${auditTable(this.entries, cat, s)}
              ${this.next ? html`<p><button type="button" @click=${() => void this.#loadAudit(true)}>${cat.older}</button></p>` : nothing}`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-admin': AyudaAdmin;
  }
}
