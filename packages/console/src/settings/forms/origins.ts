// The `origins` section: the sites allowed to call the API from a browser (CORS). A list editor:
// each origin checked with the schema's OriginSchema before it joins the list.
import { html } from 'lit';
import { OriginSchema, SETTINGS_LIMITS, SETTINGS_SCHEMAS, type OriginsSettings } from '@ayuda/core';
import { errorId, fieldId, inputField, issueMessage, type FormContext, type Issue, type SectionForm, type SectionStrings } from '../section-form.js';

interface Strings extends SectionStrings {
  list: string;
  none: string;
  origin: (n: number) => string;
  removeOrigin: (origin: string) => string;
  newOrigin: string;
  newOriginHint: string;
  addOrigin: string;
  duplicate: string;
  tooMany: string;
}

const NEW = 'origins.new';

function add(ctx: FormContext<OriginsSettings>, s: Strings): void {
  const typed = ctx.raw(NEW, '').trim();
  if (!typed) {
    ctx.setError(NEW, ctx.common.required);
    return;
  }
  const r = OriginSchema.safeParse(typed);
  if (!r.success) {
    ctx.setError(NEW, issueMessage(r.error.issues[0] as Issue, ctx.common));
    return;
  }
  if (ctx.draft.origins.includes(r.data)) {
    ctx.setError(NEW, s.duplicate);
    return;
  }
  if (ctx.draft.origins.length >= SETTINGS_LIMITS.originsMax) {
    ctx.setError(NEW, s.tooMany);
    return;
  }
  ctx.setError(NEW, null);
  ctx.setRaw(NEW, '');
  ctx.change((d) => d.origins.push(r.data));
}

export const originsForm: SectionForm<OriginsSettings, Strings> = {
  schema: SETTINGS_SCHEMAS.origins,
  strings: {
    es: {
      title: 'Orígenes permitidos',
      intro: 'Los sitios web que pueden llamar a la API desde el navegador (CORS), p. ej. la tienda donde va el widget. El propio servidor siempre está permitido.',
      fields: { origins: 'Orígenes' },
      list: 'Orígenes permitidos',
      none: 'Ninguno: solo el propio servidor.',
      origin: (n) => `Origen ${n}`,
      removeOrigin: (o) => `Quitar ${o}`,
      newOrigin: 'Nuevo origen',
      newOriginHint: 'Esquema, host y puerto, p. ej. https://www.example.com',
      addOrigin: 'Añadir origen',
      duplicate: 'Ya está en la lista.',
      tooMany: `Como mucho ${SETTINGS_LIMITS.originsMax} orígenes.`,
    },
    en: {
      title: 'Allowed origins',
      intro: 'The websites that may call the API from a browser (CORS), e.g. the shop the widget is on. The server itself is always allowed.',
      fields: { origins: 'Origins' },
      list: 'Allowed origins',
      none: 'None: only the server itself.',
      origin: (n) => `Origin ${n}`,
      removeOrigin: (o) => `Remove ${o}`,
      newOrigin: 'New origin',
      newOriginHint: 'Scheme, host and port, e.g. https://www.example.com',
      addOrigin: 'Add origin',
      duplicate: 'It is in the list already.',
      tooMany: `At most ${SETTINGS_LIMITS.originsMax} origins.`,
    },
  },
  render: (ctx, s) => html`<fieldset>
      <legend>${s.list} ${ctx.source('origins')}</legend>
      ${ctx.draft.origins.length === 0
        ? html`<p class="muted">${s.none}</p>`
        : html`<ul class="entries">
            ${ctx.draft.origins.map(
              (o, i) => html`<li>
                ${inputField(ctx, { path: `origins.${i}`, label: s.origin(i + 1), value: o, type: 'url', inputmode: 'url', wide: true, onInput: (v) => ctx.change((d) => (d.origins[i] = v)) })}
                <button
                  type="button"
                  class="danger"
                  aria-label=${s.removeOrigin(o)}
                  @click=${() => {
                    ctx.change((d) => d.origins.splice(i, 1));
                    ctx.focusAfter(fieldId(NEW));
                  }}
                >${ctx.common.remove}</button>
              </li>`,
            )}
          </ul>`}
      ${ctx.error('origins') ? html`<p class="error" id=${errorId('origins')}>${ctx.error('origins')}</p>` : ''}
      <div class="add" @keydown=${(e: KeyboardEvent) => {
        // Enter in the new origin's field adds it, instead of saving the whole form.
        if (e.key !== 'Enter' || (e.target as HTMLElement).id !== fieldId(NEW)) return;
        e.preventDefault();
        add(ctx, s);
      }}>
        ${inputField(ctx, {
          path: NEW,
          label: s.newOrigin,
          hint: s.newOriginHint,
          value: ctx.raw(NEW, ''),
          type: 'url',
          inputmode: 'url',
          placeholder: 'https://www.example.com',
          wide: true,
          onInput: (v) => {
            ctx.setRaw(NEW, v);
            ctx.setError(NEW, null);
          },
        })}
        <button type="button" @click=${() => add(ctx, s)}>${s.addOrigin}</button>
      </div>
    </fieldset>`,
  historyField: (path, s) => (path.join('.') === 'origins' ? { label: s.list } : undefined),
};

