// The `mail` section: the From address of outgoing mail.
import { html } from 'lit';
import { SETTINGS_SCHEMAS, SETTINGS_LIMITS, type MailSettings } from '@ayuda/core';
import { inputField, type SectionForm, type SectionStrings } from '../section-form.js';

interface Strings extends SectionStrings {
  from: string;
  fromHint: string;
}

export const mailForm: SectionForm<MailSettings, Strings> = {
  schema: SETTINGS_SCHEMAS.mail,
  strings: {
    es: {
      title: 'Correo',
      intro: 'El remitente de los correos a clientes y al equipo. Su dominio debe estar autorizado (SPF, DKIM) en tu proveedor de correo.',
      fields: { from: 'Remitente' },
      from: 'Remitente (From)',
      fromHint: 'soporte@example.com o Soporte Example <soporte@example.com>',
    },
    en: {
      title: 'Mail',
      intro: 'The sender of mails to customers and to the team. Its domain must be authorised (SPF, DKIM) with your mail provider.',
      fields: { from: 'Sender' },
      from: 'Sender (From)',
      fromHint: 'support@example.com or Example Support <support@example.com>',
    },
  },
  render: (ctx, s) => html`<div class="row">${inputField(ctx, { path: 'from', label: s.from, hint: s.fromHint, value: ctx.draft.from, maxlength: SETTINGS_LIMITS.mailFromMax + 20, wide: true, onInput: (v) => ctx.change((d) => (d.from = v)) })} ${ctx.source('from')}</div>`,
  historyField: (path, s) => (path.join('.') === 'from' ? { label: s.from } : undefined),
};
