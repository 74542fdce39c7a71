// The `fastlane` section: the fast lane on or off, its name, its plans and prices, the refund
// policy, the tax its prices include and the per-case overhead its account counts as cost. Saving it brings Stripe in step in the background (new
// prices created, those no longer offered archived); the currency is the file's, shown only.
import { html, nothing, type TemplateResult } from 'lit';
import { FASTLANE_PLANS_MAX, SETTINGS_SCHEMAS, type SettingsValue } from '@ayuda/core';
import { fromMinorUnits, moneyPattern, toMinorUnits } from '../../internal/money.js';
import { money } from '../../internal/format.js';
import { catalogue } from '../../internal/localize.js';
import { errorText, fieldId, inputField, type FormContext, type HistoryContext, type SectionForm, type SectionStrings } from '../section-form.js';
import type { HistoryField } from '../history-diff.js';

type Fastlane = SettingsValue<'fastlane'>;
type Plan = Fastlane['plans'][number];
type Refund = keyof Fastlane['refunds'];
const REFUNDS: readonly Refund[] = ['beforeFirstReply', 'slaGuarantee', 'proratedCancellation'];

interface Strings extends SectionStrings {
  enabled: string;
  enabledHint: string;
  serviceName: string;
  nameIn: Record<'es' | 'en', string>;
  plans: string;
  plansHint: (currency: string) => string;
  plan: (n: number) => string;
  key: string;
  keyHint: string;
  kind: string;
  kinds: Record<Plan['kind'], string>;
  interval: string;
  intervals: Record<'month' | 'year', string>;
  amount: (currency: string) => string;
  amountInvalid: string;
  planName: (locale: string) => string;
  addPlan: string;
  removePlan: (name: string) => string;
  moveUp: (name: string) => string;
  refunds: string;
  refundRules: Record<Refund, string>;
  tax: string;
  taxIncluded: string;
  taxRate: string;
  taxLabel: (locale: string) => string;
  overhead: string;
  overheadAmount: (currency: string) => string;
  overheadHint: string;
  stripe: string;
  stripeSaved: string;
}

const LOCALES = ['es', 'en'] as const;

function amountField(ctx: FormContext<Fastlane>, s: Strings, n: number): TemplateResult {
  const path = `plans.${n}.amount`;
  const cur = ctx.currency;
  const amount = ctx.draft.plans[n]!.amount;
  return inputField(ctx as FormContext<unknown>, {
    path,
    label: s.amount(cur.toUpperCase()),
    inputmode: 'decimal',
    pattern: moneyPattern(cur),
    value: ctx.raw(path, Number.isFinite(amount) ? fromMinorUnits(amount, cur, catalogue().locale) : ''),
    // What the customer sees, in this language: "9,90 €".
    ...(Number.isFinite(amount) ? { hint: money(catalogue(), amount, cur) } : {}),
    onInput: (v: string) => {
      ctx.setRaw(path, v);
      const minor = toMinorUnits(v, cur);
      // Not an amount of this currency ("9,999" in euros): said in words, not as "a whole number".
      ctx.setError(path, minor !== null && Number.isNaN(minor) ? s.amountInvalid : null);
      ctx.change((d) => (d.plans[n]!.amount = minor ?? Number.NaN));
    },
  });
}

/** The per-case overhead: an amount of the currency, empty meaning none (0). */
function overheadField(ctx: FormContext<Fastlane>, s: Strings): TemplateResult {
  const path = 'caseOverheadMinor';
  const cur = ctx.currency;
  const v = ctx.draft.caseOverheadMinor;
  return inputField(ctx as FormContext<unknown>, {
    path,
    label: s.overheadAmount(cur.toUpperCase()),
    inputmode: 'decimal',
    pattern: moneyPattern(cur),
    value: ctx.raw(path, Number.isFinite(v) ? fromMinorUnits(v, cur, catalogue().locale) : ''),
    hint: s.overheadHint,
    onInput: (text: string) => {
      ctx.setRaw(path, text);
      const minor = toMinorUnits(text, cur);
      ctx.setError(path, minor !== null && Number.isNaN(minor) ? s.amountInvalid : null);
      ctx.change((d) => (d.caseOverheadMinor = minor ?? 0));
    },
  });
}

function plan(ctx: FormContext<Fastlane>, s: Strings, p: Plan, n: number): TemplateResult {
  const title = p.name[ctx.locale] || p.key || s.plan(n + 1);
  return html`<fieldset class="plan">
    <legend>${s.plan(n + 1)}: ${title}</legend>
    <div class="row">
      ${inputField(ctx, { path: `plans.${n}.key`, label: s.key, hint: s.keyHint, value: p.key, maxlength: 40, onInput: (v) => ctx.change((d) => (d.plans[n]!.key = v.trim())) })}
      <label class="field" for=${fieldId(`plans.${n}.kind`)}
        ><span>${s.kind}</span>
        <select
          id=${fieldId(`plans.${n}.kind`)}
          @change=${(e: Event) =>
            ctx.change((d) => {
              const kind = (e.target as HTMLSelectElement).value as Plan['kind'];
              const x = d.plans[n]!;
              x.kind = kind;
              if (kind === 'incident') delete x.interval;
              else x.interval ??= 'month';
            })}
        >
          ${(['incident', 'subscription'] as const).map((k) => html`<option value=${k} ?selected=${p.kind === k}>${s.kinds[k]}</option>`)}
        </select>
        ${errorText(ctx, `plans.${n}.kind`)}
      </label>
      ${p.kind === 'subscription'
        ? html`<label class="field" for=${fieldId(`plans.${n}.interval`)}
            ><span>${s.interval}</span>
            <select id=${fieldId(`plans.${n}.interval`)} @change=${(e: Event) => ctx.change((d) => (d.plans[n]!.interval = (e.target as HTMLSelectElement).value as 'month' | 'year'))}>
              ${(['month', 'year'] as const).map((i) => html`<option value=${i} ?selected=${p.interval === i}>${s.intervals[i]}</option>`)}
            </select>
            ${errorText(ctx, `plans.${n}.interval`)}
          </label>`
        : errorText(ctx, `plans.${n}.interval`)}
      ${amountField(ctx, s, n)}
    </div>
    <div class="row">
      ${LOCALES.map((l) => inputField(ctx, { path: `plans.${n}.name.${l}`, label: s.planName(s.nameIn[l]), value: p.name[l], maxlength: 80, wide: true, onInput: (v) => ctx.change((d) => (d.plans[n]!.name[l] = v)) }))}
    </div>
    <div class="row">
      ${n > 0
        ? html`<button
            type="button"
            aria-label=${s.moveUp(title)}
            @click=${() => {
              // Typed prices and their errors are kept by position: forgotten when plans move.
              ctx.forget('plans.');
              ctx.change((d) => d.plans.splice(n - 1, 0, ...d.plans.splice(n, 1)));
              ctx.focusAfter(fieldId(`plans.${n - 1}.key`));
            }}
          >
            ↑
          </button>`
        : nothing}
      <button
        type="button"
        class="danger"
        ?disabled=${ctx.draft.plans.length <= 1}
        aria-label=${s.removePlan(title)}
        @click=${() => {
          ctx.forget('plans.');
          ctx.change((d) => d.plans.splice(n, 1));
          ctx.focusAfter(fieldId(`plans.${Math.max(0, n - 1)}.key`));
        }}
      >
        ${ctx.common.remove}
      </button>
    </div>
  </fieldset>`;
}

const isLocale = (l: string | undefined): l is (typeof LOCALES)[number] => (LOCALES as readonly (string | undefined)[]).includes(l);

/** The history's names for the section's paths, with amounts in the currency ("Plan 2 › Price (EUR): 9.90 → 12.90"). */
function historyField(path: readonly string[], s: Strings, ctx: HistoryContext): HistoryField | undefined {
  const [top, a, b, c] = path;
  const cur = ctx.currency;
  const amount = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? fromMinorUnits(v, cur, ctx.locale) : undefined);
  switch (top) {
    case 'enabled':
      return a === undefined ? { label: s.enabled } : undefined;
    case 'name':
      return a === undefined ? { label: s.serviceName } : isLocale(a) && b === undefined ? { label: `${s.serviceName} › ${s.nameIn[a]}` } : undefined;
    case 'caseOverheadMinor':
      return a === undefined ? { label: s.overheadAmount(cur.toUpperCase()), format: amount } : undefined;
    case 'refunds':
      return a === undefined ? { label: s.refunds } : Object.hasOwn(s.refundRules, a) && b === undefined ? { label: s.refundRules[a as Refund] } : undefined;
    case 'tax':
      if (a === undefined) return { label: s.tax };
      if (a === 'rate' && b === undefined) return { label: `${s.tax} › ${s.taxRate}` };
      if (a === 'label' && isLocale(b) && c === undefined) return { label: s.taxLabel(s.nameIn[b]) };
      return undefined;
    case 'plans': {
      // The list itself: its order, as the plans' keys.
      if (a === undefined) return { label: s.plans };
      if (!/^\d+$/.test(a)) return undefined;
      const plan = s.plan(Number(a) + 1);
      // A plan added or removed whole: named by its key and price.
      if (b === undefined) return { label: plan, format: (v) => (typeof v === 'object' && v && 'key' in v ? [String(v.key), amount((v as { amount?: unknown }).amount)].filter(Boolean).join(', ') : undefined) };
      if (b === 'name' && isLocale(c) && path.length === 4) return { label: `${plan} › ${s.planName(s.nameIn[c])}` };
      if (c !== undefined) return undefined;
      if (b === 'key') return { label: `${plan} › ${s.key}` };
      if (b === 'kind') return { label: `${plan} › ${s.kind}`, format: (v) => s.kinds[v as Plan['kind']] };
      if (b === 'interval') return { label: `${plan} › ${s.interval}`, format: (v) => s.intervals[v as 'month' | 'year'] };
      if (b === 'amount') return { label: `${plan} › ${s.amount(cur.toUpperCase())}`, format: amount };
      return undefined;
    }
    default:
      return undefined;
  }
}

export const fastlaneForm: SectionForm<Fastlane, Strings> = {
  schema: SETTINGS_SCHEMAS.fastlane,
  strings: {
    es: {
      title: 'Carril prioritario',
      intro: 'Los planes y precios del soporte prioritario, su política de devoluciones y el impuesto incluido. Al guardar, Stripe se pone al día: se crean los precios nuevos y se archivan los que ya no se ofrecen (las suscripciones existentes siguen con su precio).',
      fields: { enabled: 'Activado', name: 'Nombre', plans: 'Planes', refunds: 'Devoluciones', tax: 'Impuesto', caseOverheadMinor: 'Coste fijo por caso' },
      enabled: 'Ofrecer el carril prioritario a los clientes',
      enabledHint: 'Desactivado, nadie puede comprarlo; lo ya pagado se mantiene.',
      serviceName: 'Nombre del servicio',
      nameIn: { es: 'español', en: 'inglés' },
      plans: 'Planes',
      plansHint: (c) => `Importes en ${c}, impuestos incluidos: lo que paga el cliente. La moneda se fija en el archivo de configuración.`,
      plan: (n) => `Plan ${n}`,
      key: 'Clave',
      keyHint: 'Minúsculas, cifras y guiones; no la cambies si ya hay clientes con este plan.',
      kind: 'Tipo',
      kinds: { incident: 'Por consulta', subscription: 'Suscripción' },
      interval: 'Periodo',
      intervals: { month: 'Mensual', year: 'Anual' },
      amount: (c) => `Precio (${c})`,
      amountInvalid: 'Escribe un importe, p. ej. 9,90.',
      planName: (l) => `Nombre en ${l}`,
      addPlan: 'Añadir plan',
      removePlan: (n) => `Quitar el plan ${n}`,
      moveUp: (n) => `Subir el plan ${n}`,
      refunds: 'Política de devoluciones',
      refundRules: {
        beforeFirstReply: 'Devolver al momento una consulta pagada si aún no hemos respondido y el cliente lo pide',
        slaGuarantee: 'Devolver automáticamente una consulta si la primera respuesta llega tarde',
        proratedCancellation: 'Al cancelar una suscripción al momento, devolver la parte no usada del periodo',
      },
      tax: 'Impuesto incluido en los precios',
      taxIncluded: 'Los precios incluyen un impuesto (se muestra en los recibos)',
      taxRate: 'Tipo (%)',
      taxLabel: (l) => `Nombre del impuesto en ${l}`,
      overhead: 'Coste fijo por caso',
      overheadAmount: (c) => `Importe (${c})`,
      overheadHint: 'Lo que cuesta cada caso del carril prioritario además del tiempo del equipo (herramientas, comisiones, gestión). Las cuentas del carril prioritario lo suman como coste una vez por caso. Vacío o 0: ninguno.',
      stripe: 'Stripe',
      stripeSaved: 'Stripe se está poniendo al día con los planes nuevos en segundo plano.',
    },
    en: {
      title: 'Priority lane',
      intro: 'The priority support’s plans and prices, its refund policy and the tax included. When you save, Stripe is brought in step: new prices are created and those no longer offered are archived (existing subscriptions keep their price).',
      fields: { enabled: 'On', name: 'Name', plans: 'Plans', refunds: 'Refunds', tax: 'Tax', caseOverheadMinor: 'Fixed cost per case' },
      enabled: 'Offer the priority lane to customers',
      enabledHint: 'Off, nobody can buy it; what was paid stays.',
      serviceName: 'Name of the service',
      nameIn: { es: 'Spanish', en: 'English' },
      plans: 'Plans',
      plansHint: (c) => `Amounts in ${c}, tax included: what the customer pays. The currency is set in the configuration file.`,
      plan: (n) => `Plan ${n}`,
      key: 'Key',
      keyHint: 'Lower case, digits and hyphens; do not change it once customers have this plan.',
      kind: 'Kind',
      kinds: { incident: 'Per request', subscription: 'Subscription' },
      interval: 'Period',
      intervals: { month: 'Monthly', year: 'Yearly' },
      amount: (c) => `Price (${c})`,
      amountInvalid: 'Write an amount, e.g. 9.90.',
      planName: (l) => `Name in ${l}`,
      addPlan: 'Add plan',
      removePlan: (n) => `Remove the plan ${n}`,
      moveUp: (n) => `Move the plan ${n} up`,
      refunds: 'Refund policy',
      refundRules: {
        beforeFirstReply: 'Refund a paid request at once if we have not answered yet and the customer asks',
        slaGuarantee: 'Refund a request automatically when the first response comes late',
        proratedCancellation: 'When a subscription is cancelled at once, refund the unused part of the period',
      },
      tax: 'Tax included in the prices',
      taxIncluded: 'Prices include a tax (shown on receipts)',
      taxRate: 'Rate (%)',
      taxLabel: (l) => `Name of the tax in ${l}`,
      overhead: 'Fixed cost per case',
      overheadAmount: (c) => `Amount (${c})`,
      overheadHint: 'What each priority-lane case costs beyond the team’s time (tools, fees, management). The priority lane’s account adds it as cost once per case. Empty or 0: none.',
      stripe: 'Stripe',
      stripeSaved: 'Stripe is being brought in step with the new plans in the background.',
    },
  },
  afterSave: (s) => s.stripeSaved,
  historyField: (path, s, ctx) => historyField(path, s, ctx),
  render: (ctx, s) => {
    const d = ctx.draft;
    const cur = ctx.currency.toUpperCase();
    return html`<div class="row">
        <label class="check" for=${fieldId('enabled')}><input type="checkbox" id=${fieldId('enabled')} .checked=${d.enabled} @change=${(e: Event) => ctx.change((x) => (x.enabled = (e.target as HTMLInputElement).checked))} />${s.enabled}</label>
        ${ctx.source('enabled')}
      </div>
      <p class="muted">${s.enabledHint}</p>
      <fieldset>
        <legend>${s.serviceName} ${ctx.source('name')}</legend>
        <div class="row">${LOCALES.map((l) => inputField(ctx, { path: `name.${l}`, label: s.nameIn[l], value: d.name[l], maxlength: 80, wide: true, onInput: (v) => ctx.change((x) => (x.name[l] = v)) }))}</div>
      </fieldset>
      <fieldset>
        <legend>${s.plans} ${ctx.source('plans')}</legend>
        <p class="muted">${s.plansHint(cur)}</p>
        ${ctx.error('plans') ? html`<p class="field-error error">${ctx.error('plans')}</p>` : nothing}
        ${d.plans.map((p, n) => plan(ctx, s, p, n))}
        <button
          type="button"
          ?disabled=${d.plans.length >= FASTLANE_PLANS_MAX}
          @click=${() => ctx.change((x) => x.plans.push({ key: `plan-${x.plans.length + 1}`, kind: 'subscription', interval: 'month', amount: Number.NaN, name: { es: '', en: '' } }))}
        >${s.addPlan}</button>
      </fieldset>
      <fieldset>
        <legend>${s.refunds} ${ctx.source('refunds')}</legend>
        ${REFUNDS.map((r) => html`<label class="check" for=${fieldId(`refunds.${r}`)}><input type="checkbox" id=${fieldId(`refunds.${r}`)} .checked=${d.refunds[r]} @change=${(e: Event) => ctx.change((x) => (x.refunds[r] = (e.target as HTMLInputElement).checked))} />${s.refundRules[r]}</label>`)}
      </fieldset>
      <fieldset>
        <legend>${s.tax} ${ctx.source('tax')}</legend>
        <label class="check" for=${fieldId('tax')}
          ><input
            type="checkbox"
            id=${fieldId('tax')}
            .checked=${d.tax !== null}
            @change=${(e: Event) => ctx.change((x) => (x.tax = (e.target as HTMLInputElement).checked ? { rate: 21, inclusive: true, label: { es: 'IVA', en: 'VAT' } } : null))}
          />${s.taxIncluded}</label
        >
        ${d.tax
          ? html`<div class="row">
              ${inputField(ctx, {
                path: 'tax.rate',
                label: s.taxRate,
                inputmode: 'decimal',
                value: ctx.raw('tax.rate', String(d.tax.rate)),
                onInput: (v) => {
                  ctx.setRaw('tax.rate', v);
                  const n = /^\s*\d+([.,]\d+)?\s*$/.test(v) ? Number(v.replace(',', '.')) : Number.NaN;
                  ctx.change((x) => x.tax && (x.tax.rate = n));
                },
              })}
              ${LOCALES.map((l) => inputField(ctx, { path: `tax.label.${l}`, label: s.taxLabel(s.nameIn[l]), value: d.tax!.label[l], maxlength: 80, onInput: (v) => ctx.change((x) => x.tax && (x.tax.label[l] = v)) }))}
            </div>`
          : nothing}
      </fieldset>
      <fieldset>
        <legend>${s.overhead} ${ctx.source('caseOverheadMinor')}</legend>
        <div class="row">${overheadField(ctx, s)}</div>
      </fieldset>`;
  },
};
