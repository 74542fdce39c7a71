// The `company` section: the company's name and the default language.
import { html } from 'lit';
import { SETTINGS_SCHEMAS, SETTINGS_LIMITS, type CompanySettings } from '@ayuda/core';
import { errorText, fieldId, inputField, type SectionForm, type SectionStrings } from '../section-form.js';

interface Strings extends SectionStrings {
  name: string;
  nameHint: string;
  defaultLocale: string;
  languages: Record<'es' | 'en', string>;
}

export const companyForm: SectionForm<CompanySettings, Strings> = {
  schema: SETTINGS_SCHEMAS.company,
  strings: {
    es: {
      title: 'Empresa',
      intro: 'El nombre que ven los clientes en el portal, el widget y los correos, y el idioma que se usa cuando no se sabe el del cliente.',
      fields: { name: 'Nombre', defaultLocale: 'Idioma por defecto' },
      name: 'Nombre de la empresa',
      nameHint: `Hasta ${SETTINGS_LIMITS.companyNameMax} caracteres, en una línea.`,
      defaultLocale: 'Idioma por defecto',
      languages: { es: 'Español', en: 'Inglés' },
    },
    en: {
      title: 'Company',
      intro: 'The name customers see in the portal, the widget and mails, and the language used when a customer’s is not known.',
      fields: { name: 'Name', defaultLocale: 'Default language' },
      name: 'Company name',
      nameHint: `Up to ${SETTINGS_LIMITS.companyNameMax} characters, on one line.`,
      defaultLocale: 'Default language',
      languages: { es: 'Spanish', en: 'English' },
    },
  },
  render: (ctx, s) => html`<div class="row">${inputField(ctx, { path: 'name', label: s.name, hint: s.nameHint, value: ctx.draft.name, maxlength: SETTINGS_LIMITS.companyNameMax + 20, wide: true, autocomplete: 'organization', onInput: (v) => ctx.change((d) => (d.name = v)) })} ${ctx.source('name')}</div>
    <div class="row">
      <label class="field" for=${fieldId('defaultLocale')}
        ><span>${s.defaultLocale}</span>
        <select id=${fieldId('defaultLocale')} name="defaultLocale" @change=${(e: Event) => ctx.change((d) => (d.defaultLocale = (e.target as HTMLSelectElement).value as 'es' | 'en'))}>
          ${(['es', 'en'] as const).map((l) => html`<option value=${l} lang=${l} ?selected=${ctx.draft.defaultLocale === l}>${s.languages[l]}</option>`)}
        </select>
        ${errorText(ctx, 'defaultLocale')}
      </label>
      ${ctx.source('defaultLocale')}
    </div>`,
  historyField: ([k, ...rest], s) => (rest.length ? undefined : k === 'name' ? { label: s.name } : k === 'defaultLocale' ? { label: s.defaultLocale, format: (v) => s.languages[v as 'es' | 'en'] } : undefined),
};
