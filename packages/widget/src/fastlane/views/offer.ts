// The offer (what the fast lane gives, the plans, the refund policy, the customers' articles)
// and an article read from it.
import { html, nothing, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { FastlaneOffer } from '@ayuda/client';
import { format } from '../../i18n/format.js';
import { wait } from '../format.js';
import { isSubscribed, plansOnOffer } from '../model.js';
import type { FastlaneStrings } from '../strings.js';
import type { FastlaneViewActions, FastlaneViewState } from './types.js';
import { heading } from './heading.js';

function planLine(s: FastlaneStrings, st: FastlaneViewState, p: FastlaneOffer['plans'][number]): string {
  if (p.kind === 'incident') return format(s.planIncident, { reference: st.kase?.reference ?? '' });
  return p.interval === 'year' ? s.planYear : s.planMonth;
}

/** What the lanes' first answers usually took (the medians the server computes), when it knows: the practice beside the promise. */
function usual(s: FastlaneStrings, st: FastlaneViewState): TemplateResult | typeof nothing {
  const fast = st.times?.fast.medianMinutes ?? null;
  if (fast === null) return nothing;
  const standard = st.times?.standard.medianMinutes ?? null;
  return html`<li class="usual-reply" part="usual-reply">${format(s.usualFast, { time: wait(s, fast) })}${standard !== null ? ` ${format(s.usualStandard, { time: wait(s, standard) })}` : ''}</li>`;
}

export function offerView(s: FastlaneStrings, st: FastlaneViewState, on: FastlaneViewActions): TemplateResult {
  const offer = st.offer;
  if (!offer) return html`${heading(s.heading)}<p>${s.loading}</p>`;
  const subscribed = isSubscribed(st.status);
  const choices = plansOnOffer(offer, st.status, st.kase);
  const chosen = choices.find((p) => p.key === st.plan);
  return html`${heading(offer.name)}
    <h3>${s.whatYouGet}</h3>
    <ul>
      <li>${format(s.slaFirstResponse, { time: offer.sla.firstResponse })}</li>
      <li>${format(s.slaResolution, { time: offer.sla.resolution })}</li>
      <li>${format(s.slaStandard, { time: offer.sla.standardFirstResponse })}</li>
      ${usual(s, st)}
    </ul>
    ${subscribed ? html`<p class="notice">${s.alreadySubscribed}</p>` : nothing}
    ${st.kase?.lane === 'fast' && !subscribed ? html`<p class="notice">${s.alreadyFast}</p>` : st.kase?.firstRespondedAt && !subscribed ? html`<p class="notice">${s.answered}</p>` : nothing}
    ${choices.length
      ? html`<form @submit=${(e: Event) => on.pay(e)}>
          <fieldset>
            <legend>${s.choosePlan}</legend>
            ${choices.map(
              (p) => html`<label class="plan" part="plan">
                <input type="radio" name="plan" .value=${p.key} .checked=${p.key === st.plan} @change=${() => on.choosePlan(p.key)} />
                <span><span class="price">${p.price}</span> · ${p.name}<br /><span class="muted">${planLine(s, st, p)}</span></span>
              </label>`,
            )}
          </fieldset>
          ${!st.trackingToken ? html`<p class="muted">${s.noCaseForIncident}</p>` : nothing}
          <button type="submit" part="button" aria-disabled=${st.busy ? 'true' : 'false'} aria-describedby=${st.payError ? 'pay-error' : nothing}>
            ${format(st.retrying ? s.payAgain : s.pay, { price: chosen?.price ?? '' })}
          </button>
          ${st.payError ? html`<p class="error" id="pay-error" role="alert" tabindex="-1">${st.payError}</p>` : nothing}
        </form>`
      : nothing}
    <h3>${s.refundPolicy}</h3>
    <ul>
      ${offer.refundPolicy.map((r) => html`<li>${r}</li>`)}
    </ul>
    ${offer.articles.length
      ? html`<h3>${s.moreInfo}</h3>
          <ul>
            ${offer.articles.map((a) => html`<li><button type="button" class="link" @click=${() => on.openArticle(a.slug)}>${a.title}</button></li>`)}
          </ul>`
      : nothing}`;
}

/** An article for customers, read with the session (its HTML was sanitised by the server). */
export function articleView(s: FastlaneStrings, st: FastlaneViewState, on: FastlaneViewActions): TemplateResult {
  const a = st.article;
  return html`<div class="actions"><button type="button" class="secondary" @click=${() => on.backToOffer()}>${s.back}</button></div>
    ${a ? html`${heading(a.title)}<div class="content">${unsafeHTML(a.html)}</div>` : html`<p>${s.loading}</p>`}`;
}
