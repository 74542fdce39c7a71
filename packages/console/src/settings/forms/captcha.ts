// The `captcha` section: the proof-of-work captcha on new cases, on or off, and its difficulty.
import { html } from 'lit';
import { SETTINGS_SCHEMAS, type CaptchaSettings } from '@ayuda/core';
import { fieldId, numberField, type SectionForm, type SectionStrings } from '../section-form.js';

interface Strings extends SectionStrings {
  enabled: string;
  maxNumber: string;
  maxNumberHint: string;
  cost: string;
  costHint: string;
}

export const captchaForm: SectionForm<CaptchaSettings, Strings> = {
  schema: SETTINGS_SCHEMAS.captcha,
  strings: {
    es: {
      title: 'Captcha',
      intro: 'Un captcha de prueba de trabajo: el navegador del cliente resuelve un cálculo antes de enviar un caso, sin imágenes ni rastreo. Cuanto más difícil, más tarda en un móvil lento.',
      fields: { enabled: 'Activado', maxNumber: 'Dificultad', cost: 'Trabajo por intento' },
      enabled: 'Pedir el captcha al crear un caso',
      maxNumber: 'Dificultad (números a probar como máximo)',
      maxNumberHint: 'De 10 a 100.000.000; de media se prueba la mitad.',
      cost: 'Trabajo por intento (iteraciones)',
      costHint: 'De 1 a 1.000.000.',
    },
    en: {
      title: 'Captcha',
      intro: 'A proof-of-work captcha: the customer’s browser solves a computation before it sends a case, with no images and no tracking. The harder, the longer it takes on a slow phone.',
      fields: { enabled: 'On', maxNumber: 'Difficulty', cost: 'Work per attempt' },
      enabled: 'Ask for the captcha when a case is created',
      maxNumber: 'Difficulty (numbers tried at most)',
      maxNumberHint: 'From 10 to 100,000,000; about half are tried on average.',
      cost: 'Work per attempt (iterations)',
      costHint: 'From 1 to 1,000,000.',
    },
  },
  render: (ctx, s) => html`<div class="row">
      <label class="check" for=${fieldId('enabled')}
        ><input type="checkbox" id=${fieldId('enabled')} name="enabled" .checked=${ctx.draft.enabled} @change=${(e: Event) => ctx.change((d) => (d.enabled = (e.target as HTMLInputElement).checked))} />${s.enabled}</label
      >
      ${ctx.source('enabled')}
    </div>
    <div class="row">${numberField(ctx, { path: 'maxNumber', label: s.maxNumber, hint: s.maxNumberHint, value: ctx.draft.maxNumber, set: (n) => (ctx.draft.maxNumber = n) })} ${ctx.source('maxNumber')}</div>
    <div class="row">${numberField(ctx, { path: 'cost', label: s.cost, hint: s.costHint, value: ctx.draft.cost, set: (n) => (ctx.draft.cost = n) })} ${ctx.source('cost')}</div>`,
  historyField: ([k, ...rest], s) => (rest.length ? undefined : k === 'enabled' ? { label: s.enabled } : k === 'maxNumber' ? { label: s.maxNumber } : k === 'cost' ? { label: s.cost } : undefined),
};
