// The fast lane's screen: the current step's view, and the signed-in bar under it.
import { html, nothing, type TemplateResult } from 'lit';
import { format } from '../../i18n/format.js';
import { longDate } from '../format.js';
import type { FastlaneStrings } from '../strings.js';
import type { FastlaneViewActions, FastlaneViewState } from './types.js';
import { heading } from './heading.js';
import { codeView, signinView } from './signin.js';
import { articleView, offerView } from './offer.js';
import { accountView } from './account.js';
import { deletedView, requestsView } from './requests.js';

function doneView(s: FastlaneStrings, st: FastlaneViewState, name: string): TemplateResult {
  const c = st.kase;
  const incident = !!c && c.lane === 'fast';
  return html`${heading(name)}
    <p class="notice" part="message">${incident ? format(s.doneIncident, { reference: c.reference }) : s.doneSubscription}</p>
    ${incident && c.firstResponseDue && !c.firstRespondedAt ? html`<p>${format(s.dueBy, { date: longDate(s, c.timeZone, c.firstResponseDue, true) })}</p>` : nothing}`;
}

export function stepView(s: FastlaneStrings, st: FastlaneViewState, on: FastlaneViewActions): TemplateResult {
  const name = st.offer?.name ?? s.fallbackName;
  switch (st.step) {
    case 'start':
    case 'identity':
      return html`${heading(s.heading)}<p>${st.step === 'identity' ? s.signingIn : s.loading}</p>`;
    case 'unavailable':
      return html`${heading(s.heading)}<p>${s.unavailable}</p>`;
    case 'signin':
      return signinView(s, st, on);
    case 'code':
      return codeView(s, st, on);
    case 'offer':
      return offerView(s, st, on);
    case 'article':
      return articleView(s, st, on);
    case 'paying':
      return heading(name);
    case 'confirming':
      return html`${heading(name)}
        ${st.slow ? html`<div class="actions"><button type="button" class="secondary" @click=${() => on.abandonPending()}>${s.back}</button></div>` : nothing}`;
    case 'done':
      return doneView(s, st, name);
    case 'account':
      return accountView(s, st, on);
    case 'requests':
      return requestsView(s, st, on);
    case 'deleted':
      return deletedView(s, st);
  }
}

/** Who is signed in, "My payments" and "Sign out", on the steps where the customer is signed in. */
export function accountBar(s: FastlaneStrings, st: FastlaneViewState, on: FastlaneViewActions): TemplateResult | typeof nothing {
  if (!st.session || !['offer', 'account', 'done', 'article', 'requests'].includes(st.step)) return nothing;
  return html`<div class="account">
    <span class="muted">${format(s.signedInAs, { email: st.session.email })}</span>
    <span class="actions">
      ${st.step !== 'requests' ? html`<button type="button" class="link" @click=${() => on.openRequests()}>${s.requests.heading}</button>` : nothing}
      ${st.step !== 'account' && (st.step !== 'requests' || st.requests?.subscription) ? html`<button type="button" class="link" @click=${() => on.openAccount()}>${s.myPayments}</button>` : nothing}
      <button type="button" class="link" @click=${() => on.signOut()}>${s.signOut}</button>
    </span>
  </div>`;
}
