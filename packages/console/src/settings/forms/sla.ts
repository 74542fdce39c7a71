// The `sla` section: business hours (time zone, a weekly grid of open intervals, holidays) and
// the targets of each lane. Saving it recomputes the due times of open cases (a background job).
import { html, nothing, type TemplateResult } from 'lit';
import { LocalDateSchema, SETTINGS_SCHEMAS, type SettingsValue } from '@ayuda/core';
import '../../define/ayuda-holiday-import.js';
import { errorId, fieldId, inputField, issueMessage, wholeNumber, type FormContext, type Issue, type SectionForm, type SectionStrings } from '../section-form.js';
import type { HistoryField } from '../history-diff.js';

type Sla = SettingsValue<'sla'>;
type Day = keyof Sla['hours']['week'];
type Lane = 'standard' | 'fast';
const DAYS: readonly Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const LANES: readonly Lane[] = ['standard', 'fast'];

interface Strings extends SectionStrings {
  hours: string;
  timeZone: string;
  week: string;
  closed: string;
  opens: string;
  closes: string;
  clockHint: string;
  addInterval: (day: string) => string;
  addIntervalShort: string;
  removeInterval: (day: string, from: string, to: string) => string;
  holidays: string;
  holidaysHint: string;
  noHolidays: string;
  newHoliday: string;
  addHoliday: string;
  removeHoliday: (date: string) => string;
  duplicateHoliday: string;
  specialDays: (n: number) => string;
  targets: string;
  lanes: Record<Lane, string>;
  firstResponse: string;
  resolution: string;
  hoursUnit: string;
  minutesUnit: string;
  minutesRange: string;
  calendar: string;
  laneChange: string;
  laneChangeOptions: Record<'fromChange' | 'fromCreation', string>;
  recompute: string;
  recomputeSaved: string;
}

const NEW_HOLIDAY = 'hours.holidays.new';

function zones(current: string): string[] {
  const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return all.includes(current) ? all : [current, ...all];
}

const dayName = (locale: string, i: number) => new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 10, 23 + i));

function dateText(locale: string, d: string): string {
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isNaN(t) ? d : new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(t);
}

/**
 * Minutes as hours and minutes; an empty part counts as 0, both empty is NaN. Each part keeps
 * what was typed in it and has its own error (not a whole number; minutes beyond 0–59), so a
 * slip in one never empties or marks the other; the total is NaN (not saved) while one is wrong.
 */
function duration(ctx: FormContext<Sla>, s: Strings, path: string, label: string, minutes: number, set: (d: Sla, n: number) => void): TemplateResult {
  const hKey = `${path}.h`;
  const mKey = `${path}.m`;
  const h = ctx.raw(hKey, Number.isFinite(minutes) ? String(Math.floor(minutes / 60)) : '');
  const m = ctx.raw(mKey, Number.isFinite(minutes) ? String(minutes % 60) : '');
  const hError = ctx.error(hKey);
  const mError = ctx.error(mKey);
  // The whole value's error (too short, too long) only while both parts are numbers.
  const whole = ctx.error(path);
  const message = hError || mError ? undefined : whole;
  const update = (key: string, v: string) => {
    // Both parts as shown, so the next render keeps the other one even while the total is NaN.
    const hh = key === hKey ? v : h;
    const mm = key === mKey ? v : m;
    ctx.setRaw(hKey, hh);
    ctx.setRaw(mKey, mm);
    const hn = hh.trim() === '' ? 0 : wholeNumber(hh);
    const mn = mm.trim() === '' ? 0 : wholeNumber(mm);
    const mBad = Number.isNaN(mn) || mn < 0 || mn > 59;
    // "Horas: escribe un número entero.": after the unit and a colon, the message goes on in lower case.
    const after = (unit: string) => `${unit}: ${ctx.common.wholeNumber.charAt(0).toLocaleLowerCase()}${ctx.common.wholeNumber.slice(1)}`;
    ctx.setError(hKey, Number.isNaN(hn) ? after(s.hoursUnit) : null);
    ctx.setError(mKey, Number.isNaN(mn) ? after(s.minutesUnit) : mBad ? s.minutesRange : null);
    const total = hh.trim() === '' && mm.trim() === '' ? Number.NaN : Number.isNaN(hn) || mBad ? Number.NaN : hn * 60 + mn;
    ctx.change((d) => set(d, total));
  };
  const part = (key: string, unit: string, error: string | undefined) => {
    const described = error ? errorId(key) : message ? errorId(path) : nothing;
    return html`<label for=${fieldId(key)}>${unit}<input id=${fieldId(key)} class="num" inputmode="numeric" .value=${key === hKey ? h : m} aria-invalid=${error || message ? 'true' : 'false'} aria-describedby=${described} @input=${(e: Event) => update(key, (e.target as HTMLInputElement).value)} /></label>`;
  };
  return html`<fieldset class="duration">
    <legend>${label}</legend>
    ${part(hKey, s.hoursUnit, hError)} ${part(mKey, s.minutesUnit, mError)}
    ${hError ? html`<span class="field-error error" id=${errorId(hKey)}>${hError}</span>` : nothing}
    ${mError ? html`<span class="field-error error" id=${errorId(mKey)}>${mError}</span>` : nothing}
    ${message ? html`<span class="field-error error" id=${errorId(path)}>${message}</span>` : nothing}
  </fieldset>`;
}

/** 90 → "1 h 30 min" (h and min read the same in both languages). */
function minutesText(v: unknown): string | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  const h = Math.floor(v / 60);
  const m = v % 60;
  return [h ? `${h} h` : '', m || !h ? `${m} min` : ''].filter(Boolean).join(' ');
}

const isInterval = (v: unknown): v is { from: string; to: string } => typeof v === 'object' && v !== null && 'from' in v && 'to' in v;
const intervalText = (v: unknown) => (isInterval(v) ? `${v.from}–${v.to}` : undefined);
/** A day's intervals, "09:00–14:00, 15:00–18:00", or closed. */
const intervalsText = (s: Strings) => (v: unknown) => (Array.isArray(v) && v.every(isInterval) ? (v.length ? v.map(intervalText).join(', ') : s.closed.replace(/\.$/, '')) : undefined);

/** The history's names for the section's paths: the form's own labels ("Business hours › Monday › Opens"). */
function historyField(path: readonly string[], s: Strings, locale: string): HistoryField | undefined {
  const [top, a, b, c, d] = path;
  if (top === 'hours') {
    if (a === undefined) return { label: s.hours };
    if (a === 'timeZone' && b === undefined) return { label: `${s.hours} › ${s.timeZone}` };
    if (a === 'holidays' && (b === undefined || c === undefined)) return { label: `${s.hours} › ${s.holidays}` };
    // A special day (only the file sets them): no label of the form's, its hours shown as the week's.
    if (a === 'specialDays' && b !== undefined && c === undefined) return { format: intervalsText(s) };
    if (a !== 'week') return undefined;
    if (b === undefined) return { label: `${s.hours} › ${s.week}` };
    const i = DAYS.indexOf(b as Day);
    if (i < 0) return undefined;
    const day = `${s.hours} › ${dayName(locale, i)}`;
    if (c === undefined) return { label: day, format: intervalsText(s) };
    // An interval after the first is numbered: "Monday › Opens (2)".
    const nth = Number(c) > 0 ? ` (${Number(c) + 1})` : '';
    if (d === undefined) return { label: day, format: intervalText };
    if ((d === 'from' || d === 'to') && path.length === 5) return { label: `${day} › ${d === 'from' ? s.opens : s.closes}${nth}` };
    return undefined;
  }
  if (top === 'policy') {
    if (a === undefined) return { label: s.targets };
    if (a === 'laneChange' && b === undefined) return { label: s.laneChange, format: (v) => s.laneChangeOptions[v as 'fromChange'] };
    if (!LANES.includes(a as Lane) || path.length > 3) return undefined;
    const lane = `${s.targets} › ${s.lanes[a as Lane]}`;
    if (b === undefined) return { label: lane };
    if (b === 'firstResponse' || b === 'resolution') return { label: `${lane} › ${b === 'firstResponse' ? s.firstResponse : s.resolution}`, format: minutesText };
    if (b === 'calendar') return { label: `${lane} › ${s.calendar}` };
  }
  return undefined;
}

function addHoliday(ctx: FormContext<Sla>, s: Strings): void {
  const typed = ctx.raw(NEW_HOLIDAY, '').trim();
  const r = LocalDateSchema.safeParse(typed);
  if (!typed || !r.success) {
    ctx.setError(NEW_HOLIDAY, typed && !r.success ? issueMessage(r.error.issues[0] as Issue, ctx.common) : ctx.common.required);
    return;
  }
  if (ctx.draft.hours.holidays.includes(typed)) {
    ctx.setError(NEW_HOLIDAY, s.duplicateHoliday);
    return;
  }
  ctx.setError(NEW_HOLIDAY, null);
  ctx.setRaw(NEW_HOLIDAY, '');
  ctx.change((d) => (d.hours.holidays = [...d.hours.holidays, typed].sort()));
}

function day(ctx: FormContext<Sla>, s: Strings, d: Day, i: number): TemplateResult {
  const name = dayName(ctx.locale, i);
  const list = ctx.draft.hours.week[d] ?? [];
  return html`<fieldset class="day">
    <legend>${name}</legend>
    ${list.length === 0 ? html`<p class="muted">${s.closed}</p>` : nothing}
    <ul class="entries">
      ${list.map(
        (iv, n) => html`<li>
          <div class="interval">
            ${inputField(ctx, { path: `hours.week.${d}.${n}.from`, label: s.opens, value: iv.from, placeholder: 'HH:MM', onInput: (v) => ctx.change((x) => (x.hours.week[d]![n]!.from = v)) })}
            ${inputField(ctx, { path: `hours.week.${d}.${n}.to`, label: s.closes, value: iv.to, placeholder: 'HH:MM', onInput: (v) => ctx.change((x) => (x.hours.week[d]![n]!.to = v)) })}
            <button
              type="button"
              class="danger"
              aria-label=${s.removeInterval(name, iv.from, iv.to)}
              @click=${() => {
                ctx.change((x) => x.hours.week[d]!.splice(n, 1));
                ctx.focusAfter(`add-${d}`);
              }}
            >${ctx.common.remove}</button>
          </div>
          ${ctx.error(`hours.week.${d}.${n}`) ? html`<span class="field-error error">${ctx.error(`hours.week.${d}.${n}`)}</span>` : nothing}
        </li>`,
      )}
    </ul>
    <button
      type="button"
      id="add-${d}"
      aria-label=${s.addInterval(name)}
      @click=${() => {
        ctx.change((x) => {
          const days = (x.hours.week[d] ??= []);
          const last = days.at(-1);
          days.push(last ? { from: last.to, to: '24:00' } : { from: '09:00', to: '17:00' });
        });
        ctx.focusAfter(fieldId(`hours.week.${d}.${list.length}.from`));
      }}
    >${s.addIntervalShort}</button>
  </fieldset>`;
}

export const slaForm: SectionForm<Sla, Strings> = {
  schema: SETTINGS_SCHEMAS.sla,
  strings: {
    es: {
      title: 'Horario y SLA',
      intro: 'El horario de atención, los festivos y los plazos de cada carril. Los plazos en horas laborables solo cuentan dentro del horario.',
      fields: { hours: 'Horario', policy: 'Plazos' },
      hours: 'Horario de atención',
      timeZone: 'Zona horaria',
      week: 'Semana',
      closed: 'Cerrado.',
      opens: 'Abre',
      closes: 'Cierra',
      clockHint: 'HH:MM; 24:00 es el final del día.',
      addInterval: (d) => `Añadir intervalo el ${d}`,
      addIntervalShort: 'Añadir intervalo',
      removeInterval: (d, f, t) => `Quitar ${f}–${t} del ${d}`,
      holidays: 'Festivos',
      holidaysHint: 'Días cerrados enteros, en la zona horaria de arriba.',
      noHolidays: 'Ninguno.',
      newHoliday: 'Nuevo festivo',
      addHoliday: 'Añadir festivo',
      removeHoliday: (d) => `Quitar el festivo ${d}`,
      duplicateHoliday: 'Ese día ya es festivo.',
      specialDays: (n) => `${n} ${n === 1 ? 'día especial' : 'días especiales'} con horario propio (del archivo) se mantienen tal cual.`,
      targets: 'Plazos por carril',
      lanes: { standard: 'Estándar', fast: 'Prioritario' },
      firstResponse: 'Primera respuesta',
      resolution: 'Resolución',
      hoursUnit: 'Horas',
      minutesUnit: 'Minutos',
      minutesRange: 'De 0 a 59 minutos.',
      calendar: 'Contar tiempo natural (noches, fines de semana y festivos incluidos)',
      laneChange: 'Al cambiar de carril, los plazos cuentan',
      laneChangeOptions: { fromChange: 'desde el cambio', fromCreation: 'desde la creación del caso' },
      recompute: 'Al guardar, los plazos de todos los casos abiertos se calculan de nuevo con las reglas nuevas, como si siempre hubieran estado en vigor. La ficha de cada caso los muestra al momento; los plazos y el orden de la cola se actualizan en unos segundos (lo hace una tarea en segundo plano). El horario y los festivos también cambian las cifras en horario laboral de la analítica de todos los periodos, pasados incluidos.',
      recomputeSaved: 'Los plazos de los casos abiertos se están recalculando en segundo plano.',
    },
    en: {
      title: 'Hours and SLA',
      intro: 'Business hours, holidays and the targets of each lane. Business-hours targets count only while you are open.',
      fields: { hours: 'Business hours', policy: 'Targets' },
      hours: 'Business hours',
      timeZone: 'Time zone',
      week: 'Week',
      closed: 'Closed.',
      opens: 'Opens',
      closes: 'Closes',
      clockHint: 'HH:MM; 24:00 is the end of the day.',
      addInterval: (d) => `Add interval on ${d}`,
      addIntervalShort: 'Add interval',
      removeInterval: (d, f, t) => `Remove ${f}–${t} on ${d}`,
      holidays: 'Holidays',
      holidaysHint: 'Whole days closed, in the time zone above.',
      noHolidays: 'None.',
      newHoliday: 'New holiday',
      addHoliday: 'Add holiday',
      removeHoliday: (d) => `Remove the holiday ${d}`,
      duplicateHoliday: 'That day is a holiday already.',
      specialDays: (n) => `${n} special ${n === 1 ? 'day' : 'days'} with hours of their own (from the file) are kept as they are.`,
      targets: 'Targets per lane',
      lanes: { standard: 'Standard', fast: 'Priority' },
      firstResponse: 'First response',
      resolution: 'Resolution',
      hoursUnit: 'Hours',
      minutesUnit: 'Minutes',
      minutesRange: 'From 0 to 59 minutes.',
      calendar: 'Count calendar time (nights, weekends and holidays too)',
      laneChange: 'After a lane change, targets count',
      laneChangeOptions: { fromChange: 'from the change', fromCreation: 'from the case’s creation' },
      recompute: 'When you save, the due times of every open case are computed again under the new rules, as if they had always held. A case’s screen shows them at once; the queue’s times and order follow within seconds (a background job does it). Business hours and holidays also change the analytics’ figures in business time for every period, past ones included.',
      recomputeSaved: 'The due times of open cases are being recomputed in the background.',
    },
  },
  afterSave: (s) => s.recomputeSaved,
  historyField: (path, s, ctx) => historyField(path, s, ctx.locale),
  render: (ctx, s) => {
    const h = ctx.draft.hours;
    const special = Object.keys(h.specialDays ?? {}).length;
    return html`<p class="note" id="sla-recompute">${s.recompute}</p>
      <fieldset>
        <legend>${s.hours} ${ctx.source('hours')}</legend>
        <label class="field" for=${fieldId('hours.timeZone')}
          ><span>${s.timeZone}</span>
          <select id=${fieldId('hours.timeZone')} name="hours.timeZone" aria-invalid=${ctx.error('hours.timeZone') ? 'true' : 'false'} @change=${(e: Event) => ctx.change((d) => (d.hours.timeZone = (e.target as HTMLSelectElement).value))}>
            ${zones(h.timeZone).map((z) => html`<option value=${z} ?selected=${z === h.timeZone}>${z}</option>`)}
          </select>
          ${ctx.error('hours.timeZone') ? html`<span class="field-error error">${ctx.error('hours.timeZone')}</span>` : nothing}
        </label>
        <h3>${s.week}</h3>
        <p class="muted">${s.clockHint}</p>
        ${ctx.error('hours.week') ? html`<p class="field-error error" id=${errorId('hours.week')}>${ctx.error('hours.week')}</p>` : nothing}
        <div class="week">${DAYS.map((d, i) => day(ctx, s, d, i))}</div>
        <h3>${s.holidays}</h3>
        <p class="muted">${s.holidaysHint}</p>
        ${h.holidays.length === 0
          ? html`<p class="muted">${s.noHolidays}</p>`
          : html`<ul class="entries holidays">
              ${h.holidays.map(
                (d, n) => html`<li>
                  <span>${dateText(ctx.locale, d)}</span>
                  <button
                    type="button"
                    class="danger"
                    aria-label=${s.removeHoliday(dateText(ctx.locale, d))}
                    @click=${() => {
                      ctx.change((x) => x.hours.holidays.splice(n, 1));
                      ctx.focusAfter(fieldId(NEW_HOLIDAY));
                    }}
                  >${ctx.common.remove}</button>
                  ${ctx.error(`hours.holidays.${n}`) ? html`<span class="field-error error">${ctx.error(`hours.holidays.${n}`)}</span>` : nothing}
                </li>`,
              )}
            </ul>`}
        <div
          class="add"
          @keydown=${(e: KeyboardEvent) => {
            if (e.key !== 'Enter' || (e.target as HTMLElement).id !== fieldId(NEW_HOLIDAY)) return;
            e.preventDefault();
            addHoliday(ctx, s);
          }}
        >
          ${inputField(ctx, {
            path: NEW_HOLIDAY,
            label: s.newHoliday,
            type: 'date',
            value: ctx.raw(NEW_HOLIDAY, ''),
            onInput: (v) => {
              ctx.setRaw(NEW_HOLIDAY, v);
              ctx.setError(NEW_HOLIDAY, null);
            },
          })}
          <button type="button" @click=${() => addHoliday(ctx, s)}>${s.addHoliday}</button>
        </div>
        <ayuda-holiday-import
          .timeZone=${h.timeZone}
          .existing=${h.holidays}
          @ayuda-holidays-import=${(e: CustomEvent<string[]>) => ctx.change((d) => (d.hours.holidays = [...new Set([...d.hours.holidays, ...e.detail])].sort()))}
        ></ayuda-holiday-import>
        ${special ? html`<p class="muted">${s.specialDays(special)}</p>` : nothing}
      </fieldset>
      <fieldset>
        <legend>${s.targets} ${ctx.source('policy')}</legend>
        <div class="lanes">
          ${LANES.map(
            (lane) => html`<fieldset class="lane">
              <legend>${s.lanes[lane]}</legend>
              ${duration(ctx, s, `policy.${lane}.firstResponse`, s.firstResponse, ctx.draft.policy[lane].firstResponse, (d, n) => (d.policy[lane].firstResponse = n))}
              ${duration(ctx, s, `policy.${lane}.resolution`, s.resolution, ctx.draft.policy[lane].resolution, (d, n) => (d.policy[lane].resolution = n))}
              <label class="check" for=${fieldId(`policy.${lane}.calendar`)}
                ><input type="checkbox" id=${fieldId(`policy.${lane}.calendar`)} .checked=${ctx.draft.policy[lane].calendar} @change=${(e: Event) => ctx.change((d) => (d.policy[lane].calendar = (e.target as HTMLInputElement).checked))} />${s.calendar}</label
              >
            </fieldset>`,
          )}
        </div>
        <label class="field" for=${fieldId('policy.laneChange')}
          ><span>${s.laneChange}</span>
          <select id=${fieldId('policy.laneChange')} @change=${(e: Event) => ctx.change((d) => (d.policy.laneChange = (e.target as HTMLSelectElement).value as 'fromChange' | 'fromCreation'))}>
            ${(['fromChange', 'fromCreation'] as const).map((o) => html`<option value=${o} ?selected=${ctx.draft.policy.laneChange === o}>${s.laneChangeOptions[o]}</option>`)}
          </select>
        </label>
      </fieldset>`;
  },
};
