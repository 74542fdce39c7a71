// The `limits` section: how many cases and requests a customer may send.
import { html } from 'lit';
import { SETTINGS_SCHEMAS, type LimitsSettings } from '@ayuda/core';
import { numberField, type SectionForm, type SectionStrings } from '../section-form.js';

type Key = keyof LimitsSettings;
const KEYS: readonly Key[] = ['casesPerIpPerHour', 'casesPerEmailPerHour', 'linkMailsPerEmailPerHour', 'requestsPerIpPerMinute'];

interface Strings extends SectionStrings {
  labels: Record<Key, string>;
}

export const limitsForm: SectionForm<LimitsSettings, Strings> = {
  schema: SETTINGS_SCHEMAS.limits,
  strings: {
    es: {
      title: 'Límites',
      intro: 'Cuántas peticiones acepta el servidor de cada cliente antes de pedirle que espere (429). Protegen contra abusos; súbelos si muchos clientes comparten una IP.',
      fields: { casesPerIpPerHour: 'Casos por IP', casesPerEmailPerHour: 'Casos por dirección', linkMailsPerEmailPerHour: 'Correos con enlace', requestsPerIpPerMinute: 'Peticiones por IP' },
      labels: { casesPerIpPerHour: 'Casos por IP y hora', casesPerEmailPerHour: 'Casos por dirección de correo y hora', linkMailsPerEmailPerHour: 'Correos con enlaces de seguimiento por dirección y hora', requestsPerIpPerMinute: 'Peticiones por IP y minuto (búsqueda, analítica, captcha)' },
    },
    en: {
      title: 'Limits',
      intro: 'How many requests the server takes from each customer before it asks them to wait (429). They guard against abuse; raise them if many customers share one IP.',
      fields: { casesPerIpPerHour: 'Cases per IP', casesPerEmailPerHour: 'Cases per address', linkMailsPerEmailPerHour: 'Link mails', requestsPerIpPerMinute: 'Requests per IP' },
      labels: { casesPerIpPerHour: 'Cases per IP an hour', casesPerEmailPerHour: 'Cases per email address an hour', linkMailsPerEmailPerHour: 'Mails with tracking links per address an hour', requestsPerIpPerMinute: 'Requests per IP a minute (search, analytics, captcha)' },
    },
  },
  render: (ctx, s) => html`${KEYS.map((k) => html`<div class="row">${numberField(ctx, { path: k, label: s.labels[k], value: ctx.draft[k], set: (n) => (ctx.draft[k] = n) })} ${ctx.source(k)}</div>`)}`,
  historyField: (path, s) => (path.length === 1 && Object.hasOwn(s.labels, path[0]!) ? { label: s.labels[path[0] as Key] } : undefined),
};
