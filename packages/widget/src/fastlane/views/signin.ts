// The sign-in steps: the email and the captcha, then the mailed code.
import { html, nothing, type TemplateResult } from 'lit';
import type { FastlaneStrings } from '../strings.js';
import type { FastlaneViewActions, FastlaneViewState } from './types.js';
import { heading } from './heading.js';

export function signinView(s: FastlaneStrings, st: FastlaneViewState, on: FastlaneViewActions): TemplateResult {
  const captcha = st.captcha.element;
  return html`${heading(st.forRequests ? s.requests.heading : s.heading)}
    <p>${st.forRequests ? s.requests.intro : s.intro}</p>
    <form novalidate @submit=${(e: Event) => on.sendCode(e)}>
      ${st.byCase
        ? html`<p>${s.codeToCase} <button type="button" class="link" @click=${() => on.otherEmail()}>${s.otherEmail}</button></p>`
        : html`<div class="field">
        <label for="email">${s.emailLabel}</label>
        <input
          id="email"
          part="input"
          type="email"
          name="email"
          autocomplete="email"
          required
          maxlength="254"
          .value=${st.email}
          aria-invalid=${st.emailError ? 'true' : 'false'}
          aria-describedby=${st.emailError ? 'email-hint email-error' : 'email-hint'}
        />
        <span class="hint" id="email-hint">${s.emailHint}</span>
        ${st.emailError ? html`<p class="error" id="email-error">${st.emailError}</p>` : nothing}
      </div>`}
      <div class="field" role="group" aria-label=${s.captchaLabel}>
        <div class="captcha" part="captcha">${captcha ?? html`<span class="muted">${s.captchaLoading}</span>`}</div>
      </div>
      <button type="submit" part="button" aria-disabled=${st.busy ? 'true' : 'false'}>${st.busy && captcha ? s.sending : s.sendCode}</button>
    </form>`;
}

export function codeView(s: FastlaneStrings, st: FastlaneViewState, on: FastlaneViewActions): TemplateResult {
  return html`${heading(st.forRequests ? s.requests.heading : s.heading)}
    <form novalidate @submit=${(e: Event) => on.verify(e)}>
      <div class="field">
        <label for="code">${s.codeLabel}</label>
        <input
          id="code"
          class="code"
          part="input"
          type="text"
          name="code"
          inputmode="numeric"
          autocomplete="one-time-code"
          pattern="[0-9]{6}"
          maxlength="6"
          required
          aria-invalid=${st.codeError ? 'true' : 'false'}
          aria-describedby=${st.codeError ? 'code-hint code-error' : 'code-hint'}
        />
        <span class="hint" id="code-hint">${s.codeHint}</span>
        ${st.codeError ? html`<p class="error" id="code-error">${st.codeError}</p>` : nothing}
      </div>
      <div class="actions">
        <button type="submit" part="button" aria-disabled=${st.busy ? 'true' : 'false'}>${s.verify}</button>
        <button type="button" class="secondary" @click=${() => on.resend()}>${s.resend}</button>
        <button type="button" class="link" @click=${() => on.otherEmail()}>${s.otherEmail}</button>
      </div>
    </form>`;
}
