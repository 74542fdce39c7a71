// <ayuda-signin>: the sign-in screen (password, or a mailed one-time link), the landing of such
// a link (`#/link/<token>`) and the set-password screen of a new account
// (`#/set-password/<token>`). Fires `ayuda-signed-in` with the StaffSession.
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { AyudaApiError, type StaffSession } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { signinStyles } from './signin.styles.js';
import { api } from '../internal/api.js';
import { chooseLocale, CONSOLE_LOCALES, LocalizeController, type ConsoleLocale } from '../internal/localize.js';
import { refusalReason } from '../internal/optimistic.js';
import type { Catalogue } from '../i18n/types.js';

/** The password rules of StaffPasswordSchema (@ayuda/core), without importing zod. */
export const PASSWORD_LENGTH = { min: 10, max: 200 } as const;

type Mode = 'password' | 'link' | 'set-password';

/**
 * @event ayuda-signed-in - signed in; `detail` is the StaffSession
 */
export class AyudaSignin extends LitElement {
  static override styles = [sharedStyles, signinStyles];
  static override properties: PropertyDeclarations = {
    mode: { type: String },
    token: { type: String },
    busy: { state: true },
    message: { state: true },
    error: { state: true },
  };

  declare mode: Mode;
  /** The token of a mailed link or of a set-password link. */
  declare token: string;
  declare busy: boolean;
  declare message: string;
  declare error: string;

  readonly #l = new LocalizeController(this);

  constructor() {
    super();
    this.mode = 'password';
    this.token = '';
    this.busy = false;
    this.message = '';
    this.error = '';
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('mode') || changed.has('token')) && this.mode === 'link' && this.token) void this.#verifyLink();
    if (changed.has('mode') && this.mode !== 'link') this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
  }

  #done(s: StaffSession): void {
    this.dispatchEvent(new CustomEvent<StaffSession>('ayuda-signed-in', { detail: s, bubbles: true, composed: true }));
  }

  #why(cat: Catalogue, err: unknown): string {
    if (err instanceof AyudaApiError) {
      if (err.status === 401) return cat.wrongPassword;
      if (err.status === 423) return cat.accountLocked;
      if (err.status === 429) return cat.tooManyAttempts;
    }
    return refusalReason(cat, err);
  }

  async #verifyLink(): Promise<void> {
    const token = this.token;
    this.busy = true;
    this.error = '';
    try {
      this.#done(await api().staffVerifyLink(token));
    } catch (err) {
      this.error = err instanceof AyudaApiError && (err.status === 401 || err.status === 400) ? this.#l.cat.linkInvalid : refusalReason(this.#l.cat, err);
      this.mode = 'password';
    } finally {
      this.busy = false;
    }
  }

  async #signIn(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    this.error = '';
    this.message = '';
    try {
      this.#done(await api().staffSignIn({ email: String(data.get('email')), password: String(data.get('password')) }));
    } catch (err) {
      this.error = this.#why(this.#l.cat, err);
      form.querySelector<HTMLInputElement>('[name=password]')?.select();
    } finally {
      this.busy = false;
    }
  }

  async #emailLink(): Promise<void> {
    const cat = this.#l.cat;
    const input = this.renderRoot.querySelector<HTMLInputElement>('[name=email]');
    const email = input?.value.trim() ?? '';
    this.message = '';
    if (!email || !input?.checkValidity()) {
      this.error = cat.needEmail;
      input?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await api().staffRequestLink({ email, locale: cat.locale });
      this.message = cat.linkSent(email);
    } catch (err) {
      this.error = this.#why(cat, err);
    } finally {
      this.busy = false;
    }
  }

  async #setPassword(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const cat = this.#l.cat;
    const data = new FormData(e.target as HTMLFormElement);
    const password = String(data.get('password'));
    if (password !== String(data.get('confirm'))) {
      this.error = cat.passwordsDiffer;
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      this.#done(await api().staffSetPassword({ token: this.token, password }));
    } catch (err) {
      this.error = err instanceof AyudaApiError && err.status === 401 ? cat.setPasswordInvalid : refusalReason(cat, err);
    } finally {
      this.busy = false;
    }
  }

  protected override render(): TemplateResult {
    const cat = this.#l.cat;
    return html`<section class="card" aria-labelledby="title" aria-busy=${this.busy ? 'true' : 'false'}>
      <label class="lang">${cat.language}
        <select @change=${(e: Event) => void chooseLocale((e.target as HTMLSelectElement).value as ConsoleLocale)}>
          ${CONSOLE_LOCALES.map((l) => html`<option value=${l} ?selected=${cat.locale === l} lang=${l}>${cat.languages[l]}</option>`)}
        </select>
      </label>
      ${this.mode === 'link' ? this.#linkView(cat) : this.mode === 'set-password' ? this.#setPasswordView(cat) : this.#passwordView(cat)}
    </section>`;
  }

  #feedback(): TemplateResult {
    return html`<div role="alert">${this.error ? html`<p class="message error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.message ? html`<p class="message">${this.message}</p>` : nothing}</div>`;
  }

  #linkView(cat: Catalogue): TemplateResult {
    return html`<h1 id="title">${cat.signInTitle}</h1>
      <p role="status">${cat.linkChecking}</p>`;
  }

  #passwordView(cat: Catalogue): TemplateResult {
    return html`<h1 id="title">${cat.signInTitle}</h1>
      <form @submit=${(e: SubmitEvent) => void this.#signIn(e)}>
        <label>${cat.email}<input name="email" type="email" autocomplete="username" required maxlength="254" /></label>
        <label>${cat.password}<input name="password" type="password" autocomplete="current-password" required maxlength=${PASSWORD_LENGTH.max} /></label>
        ${this.#feedback()}
        <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? cat.signingIn : cat.signIn}</button>
      </form>
      <p class="or">${cat.orLink}</p>
      <button type="button" ?disabled=${this.busy} @click=${() => void this.#emailLink()}>${cat.emailLink}</button>`;
  }

  #setPasswordView(cat: Catalogue): TemplateResult {
    const hint = cat.passwordHint(PASSWORD_LENGTH.min, PASSWORD_LENGTH.max);
    return html`<h1 id="title">${cat.setPasswordTitle}</h1>
      <form @submit=${(e: SubmitEvent) => void this.#setPassword(e)}>
        <label>${cat.newPassword}
          <input name="password" type="password" autocomplete="new-password" required minlength=${PASSWORD_LENGTH.min} maxlength=${PASSWORD_LENGTH.max} aria-describedby="hint" />
        </label>
        <span id="hint" class="muted">${hint}</span>
        <label>${cat.confirmPassword}
          <input name="confirm" type="password" autocomplete="new-password" required minlength=${PASSWORD_LENGTH.min} maxlength=${PASSWORD_LENGTH.max} />
        </label>
        ${this.#feedback()}
        <button class="primary" type="submit" ?disabled=${this.busy}>${cat.setPassword}</button>
      </form>
      <a href="#/">${cat.backToSignIn}</a>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-signin': AyudaSignin;
  }
}
