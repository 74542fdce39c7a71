// <ayuda-holiday-import>: inside the business hours' form, imports a year's public holidays of a
// country (and region) from the server's calendar (GET /staff/holidays). It shows what it found
// and, on "Add", fires `ayuda-holidays-import` with the dates; the form adds those not there yet, and
// the admin saves the section as any other change.
import { css, html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { HolidayCountries, PublicHolidays } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { refusalReason } from '../internal/optimistic.js';

interface Strings {
  title: string;
  intro: string;
  country: string;
  chooseCountry: string;
  region: string;
  wholeCountry: string;
  year: string;
  find: string;
  finding: string;
  found: (n: number, place: string, year: number) => string;
  none: (place: string, year: number) => string;
  already: string;
  add: (n: number) => string;
  added: (n: number) => string;
  failed: (why: string) => string;
}

const STRINGS: Record<'es' | 'en', Strings> = {
  es: {
    title: 'Importar festivos oficiales',
    intro: 'Los festivos de un país (y de una región) en un año, de un calendario mantenido. Revísalos, añádelos y guarda.',
    country: 'País',
    chooseCountry: 'Elige un país',
    region: 'Región',
    wholeCountry: 'Solo los nacionales',
    year: 'Año',
    find: 'Buscar festivos',
    finding: 'Buscando…',
    found: (n, place, year) => `${n} ${n === 1 ? 'festivo' : 'festivos'} en ${place} en ${year}:`,
    none: (place, year) => `No hay festivos oficiales de ${place} en ${year}.`,
    already: 'ya está',
    add: (n) => (n === 1 ? 'Añadir 1 festivo' : `Añadir ${n} festivos`),
    added: (n) => (n === 1 ? 'Se ha añadido 1 festivo. Guarda para aplicarlo.' : `Se han añadido ${n} festivos. Guarda para aplicarlos.`),
    failed: (why) => `No se pudieron cargar los festivos: ${why}`,
  },
  en: {
    title: 'Import public holidays',
    intro: 'A country’s (and region’s) public holidays in a year, from a maintained calendar. Check them, add them and save.',
    country: 'Country',
    chooseCountry: 'Choose a country',
    region: 'Region',
    wholeCountry: 'National ones only',
    year: 'Year',
    find: 'Find holidays',
    finding: 'Finding…',
    found: (n, place, year) => `${n} ${n === 1 ? 'holiday' : 'holidays'} in ${place} in ${year}:`,
    none: (place, year) => `No public holidays in ${place} in ${year}.`,
    already: 'already there',
    add: (n) => (n === 1 ? 'Add 1 holiday' : `Add ${n} holidays`),
    added: (n) => (n === 1 ? '1 holiday added. Save to apply it.' : `${n} holidays added. Save to apply them.`),
    failed: (why) => `The holidays could not be loaded: ${why}`,
  },
};

/** A country the company's time zone suggests (`Europe/Madrid` → ES), if the browser knows it. */
function countryOfZone(zone: string | undefined, codes: Set<string>): string {
  const guess: Record<string, string> = { 'Europe/Madrid': 'ES', 'Atlantic/Canary': 'ES', 'Europe/London': 'GB', 'Europe/Lisbon': 'PT', 'Europe/Paris': 'FR', 'Europe/Berlin': 'DE', 'Europe/Rome': 'IT', 'America/Mexico_City': 'MX', 'America/Bogota': 'CO', 'America/Argentina/Buenos_Aires': 'AR', 'America/Santiago': 'CL', 'America/Lima': 'PE', 'America/New_York': 'US', 'America/Chicago': 'US', 'America/Los_Angeles': 'US' };
  const c = zone ? guess[zone] : undefined;
  return c && codes.has(c) ? c : '';
}

export class AyudaHolidayImport extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        margin-top: 0.75rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 0.75rem;
        align-items: end;
      }
      label {
        display: grid;
        gap: 0.2rem;
      }
      select,
      input {
        min-width: 0;
        max-width: 100%;
      }
      input {
        width: 6rem;
      }
      ul {
        margin: 0.35rem 0;
        padding-left: 1.25rem;
      }
      .muted {
        color: var(--ayuda-text-muted);
      }
    `,
  ];

  static override properties: PropertyDeclarations = {
    timeZone: { attribute: false },
    existing: { attribute: false },
    _countries: { state: true },
    _country: { state: true },
    _region: { state: true },
    _year: { state: true },
    _busy: { state: true },
    _found: { state: true },
    _message: { state: true },
  };

  /** The business hours' time zone: suggests the country. */
  timeZone: string | undefined;
  /** The holidays in the form now (marked "already there"). */
  existing: readonly string[] = [];
  declare _countries: HolidayCountries['countries'] | null;
  declare _country: string;
  declare _region: string;
  declare _year: string;
  declare _busy: boolean;
  declare _found: PublicHolidays | null;
  declare _message: string;

  readonly #l = new LocalizeController(this);
  #loadedFor: string | null = null;

  constructor() {
    super();
    this._countries = null;
    this._country = '';
    this._region = '';
    this._year = String(new Date().getFullYear() + 1);
    this._busy = false;
    this._found = null;
    this._message = '';
  }

  get #s(): Strings {
    return STRINGS[this.#l.locale];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#loadCountries();
  }

  override updated(): void {
    if (this.#loadedFor !== null && this.#loadedFor !== this.#l.locale) void this.#loadCountries();
  }

  async #loadCountries(): Promise<void> {
    const locale = this.#l.locale;
    this.#loadedFor = locale;
    try {
      const { countries } = await api().staffHolidayCountries(locale);
      this._countries = countries;
      if (!this._country) this._country = countryOfZone(this.timeZone, new Set(countries.map((c) => c.code)));
    } catch (err) {
      this._message = this.#s.failed(refusalReason(this.#l.cat, err));
    }
  }

  #place(): string {
    const c = this._countries?.find((x) => x.code === this._country);
    const r = c?.regions.find((x) => x.code === this._region);
    return [r?.name, c?.name ?? this._country].filter(Boolean).join(', ');
  }

  async #find(e: Event): Promise<void> {
    e.preventDefault();
    if (!this._country) return;
    this._busy = true;
    this._message = '';
    this._found = null;
    try {
      this._found = await api().staffPublicHolidays({ country: this._country, ...(this._region ? { region: this._region } : {}), year: Number(this._year), locale: this.#l.locale });
    } catch (err) {
      this._message = this.#s.failed(refusalReason(this.#l.cat, err));
    } finally {
      this._busy = false;
    }
  }

  #add(): void {
    const fresh = (this._found?.holidays ?? []).map((h) => h.date).filter((d) => !this.existing.includes(d));
    this.dispatchEvent(new CustomEvent<string[]>('ayuda-holidays-import', { detail: fresh, bubbles: true, composed: true }));
    this._message = this.#s.added(fresh.length);
    this._found = null;
  }

  override render(): TemplateResult {
    const s = this.#s;
    const regions = this._countries?.find((c) => c.code === this._country)?.regions ?? [];
    const found = this._found;
    const fresh = found ? found.holidays.filter((h) => !this.existing.includes(h.date)) : [];
    const thisYear = new Date().getFullYear();
    return html`<h3>${s.title}</h3>
      <p class="muted">${s.intro}</p>
      <form class="row" @submit=${(e: Event) => void this.#find(e)}>
        <label
          >${s.country}
          <select
            name="country"
            required
            ?disabled=${!this._countries}
            @change=${(e: Event) => {
              this._country = (e.target as HTMLSelectElement).value;
              this._region = '';
              this._found = null;
            }}
          >
            <option value="" ?selected=${!this._country}>${s.chooseCountry}</option>
            ${(this._countries ?? []).map((c) => html`<option value=${c.code} ?selected=${c.code === this._country}>${c.name}</option>`)}
          </select></label
        >
        ${regions.length
          ? html`<label
              >${s.region}
              <select name="region" @change=${(e: Event) => ((this._region = (e.target as HTMLSelectElement).value), (this._found = null))}>
                <option value="" ?selected=${!this._region}>${s.wholeCountry}</option>
                ${regions.map((r) => html`<option value=${r.code} ?selected=${r.code === this._region}>${r.name}</option>`)}
              </select></label
            >`
          : nothing}
        <label
          >${s.year}
          <input name="year" type="number" min=${thisYear - 1} max=${thisYear + 5} required .value=${this._year} @input=${(e: Event) => ((this._year = (e.target as HTMLInputElement).value), (this._found = null))}
        /></label>
        <button type="submit" ?disabled=${this._busy || !this._country}>${this._busy ? s.finding : s.find}</button>
      </form>
      <!-- Only the summary is announced, not the whole list. -->
      <p role="status">${found ? (found.holidays.length ? s.found(found.holidays.length, this.#place(), found.year) : s.none(this.#place(), found.year)) : this._message}</p>
      <div>
        ${found
          ? html`
              <ul>
                ${found.holidays.map((h) => html`<li><time datetime=${h.date}>${h.date}</time> · ${h.name}${this.existing.includes(h.date) ? html` <span class="muted">(${s.already})</span>` : nothing}</li>`)}
              </ul>
              ${fresh.length ? html`<button type="button" class="primary" @click=${() => this.#add()}>${s.add(fresh.length)}</button>` : nothing}`
          : nothing}
      </div>`;
  }
}
