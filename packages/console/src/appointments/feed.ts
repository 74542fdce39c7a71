// <ayuda-calendar-feed>: the signed-in person's private calendar feed (an `.ics` address with a
// secret token): whether one exists, make or replace it (the old address stops working), revoke
// it; the address is shown once, with a copy button and how to subscribe to it.
import { css, html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';
import { cardStyles } from '../styles/screen.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { refusalReason } from '../internal/optimistic.js';
import { notify } from '../internal/notices.js';
import { dateTime } from '../internal/format.js';
import { confirmAction } from '../dialogs/confirm-dialog.js';
import '../define/ayuda-confirm-dialog.js';
import { strings, type AppointmentsStrings } from './i18n.js';

export class AyudaCalendarFeed extends LitElement {
  static override styles = [
    sharedStyles,
    cardStyles,
    css`
      :host {
        display: block;
      }
      .secret {
        border: 2px solid var(--ayuda-primary);
        border-radius: var(--ayuda-radius);
        padding: 0.5rem 0.75rem;
        margin: 0.75rem 0;
      }
      code {
        font-family: var(--ayuda-mono);
        overflow-wrap: anywhere;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      li {
        margin-bottom: 0.3rem;
      }
    `,
  ];
  static override properties: PropertyDeclarations = {
    createdAt: { state: true },
    url: { state: true },
    loaded: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  /** When the current feed was made; null when there is none. */
  declare createdAt: string | null;
  /** The address just made (shown this once). */
  declare url: string | null;
  declare loaded: boolean;
  declare error: string;
  declare busy: boolean;

  readonly #l = new LocalizeController(this);

  constructor() {
    super();
    this.createdAt = null;
    this.url = null;
    this.loaded = false;
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
      const f = await api().staffCalendarFeed();
      this.createdAt = f.createdAt;
      this.loaded = true;
    } catch (err) {
      this.error = refusalReason(this.#l.cat, err);
    }
  }

  async #renew(): Promise<void> {
    const s = this.#s;
    if (this.busy) return;
    if (this.createdAt && !(await confirmAction({ title: s.replaceTitle, message: s.replaceMessage, confirm: s.replaceLink }))) return;
    this.busy = true;
    try {
      const f = await api().staffRenewCalendarFeed();
      this.url = f.url;
      this.createdAt = f.createdAt;
      this.error = '';
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.secret button')?.focus();
    } catch (err) {
      this.error = refusalReason(this.#l.cat, err);
    } finally {
      this.busy = false;
    }
  }

  async #revoke(): Promise<void> {
    const s = this.#s;
    if (this.busy || !(await confirmAction({ title: s.revokeFeedTitle, message: s.revokeFeedMessage, confirm: s.revokeFeed }))) return;
    this.busy = true;
    try {
      await api().staffRevokeCalendarFeed();
      this.url = null;
      this.createdAt = null;
      notify(s.feedRevoked);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('button.primary')?.focus();
    } catch (err) {
      this.error = refusalReason(this.#l.cat, err);
    } finally {
      this.busy = false;
    }
  }

  async #copy(url: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      notify(this.#s.feedCopied);
    } catch {
      notify(this.#s.copyFailed, 'error');
    }
  }

  protected override render(): TemplateResult {
    const s = this.#s;
    const cat = this.#l.cat;
    return html`<section aria-labelledby="feed-title">
      <h2 id="feed-title">${s.tabs.feed}</h2>
      <p>${s.feedIntro}</p>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      ${!this.loaded
        ? html`<p class="muted" role="status">${cat.loading}</p>`
        : html`<p role="status">${this.createdAt ? s.feedExists(dateTime(cat, this.createdAt)) : s.noFeed}</p>
            ${this.url
              ? html`<div class="secret">
                  <p><strong>${s.feedOnce}</strong></p>
                  <p><code>${this.url}</code></p>
                  <p class="actions">
                    <button type="button" @click=${() => void this.#copy(this.url!)}>${s.copyLink}</button>
                    <button type="button" @click=${() => (this.url = null)}>${s.done}</button>
                  </p>
                </div>`
              : nothing}
            <p class="actions">
              <button type="button" class="primary" ?disabled=${this.busy} @click=${() => void this.#renew()}>${this.createdAt ? s.replaceLink : s.createLink}</button>
              ${this.createdAt ? html`<button type="button" class="danger" ?disabled=${this.busy} @click=${() => void this.#revoke()}>${s.revokeFeed}</button>` : nothing}
            </p>
            <h3>${s.subscribeTitle}</h3>
            <ul>
              ${s.subscribeSteps.map((x) => html`<li><strong>${x.app}:</strong> ${x.how}</li>`)}
            </ul>
            <p class="muted">${s.feedPrivacy}</p>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-calendar-feed': AyudaCalendarFeed;
  }
}
