// The console's language: one catalogue at a time (es or en, each its own small chunk), chosen
// from the user's choice on this device, else their staff account's locale, else the browser.
// Components hold a LocalizeController and re-render when the language changes.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Catalogue } from '../i18n/types.js';

export type ConsoleLocale = 'es' | 'en';
export const CONSOLE_LOCALES: readonly ConsoleLocale[] = ['es', 'en'];
const STORAGE_KEY = 'ayuda.console.locale';
/** The language of the account last signed in on this device (the sign-in screen speaks it next time). */
const LAST_ACCOUNT_KEY = 'ayuda.console.accountLocale';

const loaders: Record<ConsoleLocale, () => Promise<{ default: Catalogue }>> = {
  es: () => import('../i18n/locales/es.js'),
  en: () => import('../i18n/locales/en.js'),
};

let current: Catalogue | null = null;
const listeners = new Set<() => void>();

/** `es-ES` → `es`; null for a language the console has no catalogue for. */
export function matchLocale(tag: string | null | undefined): ConsoleLocale | null {
  const lang = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return lang === 'es' || lang === 'en' ? lang : null;
}

/** The language chosen on this device, if any. */
export function chosenLocale(): ConsoleLocale | null {
  try {
    return matchLocale(localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

/** Remembers a language chosen on this device (it then wins over the account's). */
export function chooseLocale(locale: ConsoleLocale): Promise<Catalogue> {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* private mode: the choice lasts this page */
  }
  return setLocale(locale);
}

/** Remembers the language of the account signed in on this device. */
export function rememberAccountLocale(locale: ConsoleLocale): void {
  try {
    localStorage.setItem(LAST_ACCOUNT_KEY, locale);
  } catch {
    /* private mode */
  }
}

function accountLocale(): ConsoleLocale | null {
  try {
    return matchLocale(localStorage.getItem(LAST_ACCOUNT_KEY));
  } catch {
    return null;
  }
}

/**
 * The language before anyone signs in: this device's choice, else the language of the account
 * last signed in here, else the browser's, else Spanish.
 */
export function initialLocale(): ConsoleLocale {
  return chosenLocale() ?? accountLocale() ?? navigator.languages.map(matchLocale).find((l) => l !== null) ?? 'es';
}

/** Loads a catalogue and makes it current; every LocalizeController's host re-renders. */
export async function setLocale(locale: ConsoleLocale): Promise<Catalogue> {
  const cat = (await loaders[locale]()).default;
  if (current !== cat) {
    current = cat;
    document.documentElement.lang = cat.locale;
    for (const l of listeners) l();
  }
  return cat;
}

/** The current catalogue (the app loads one before it renders anything). */
export function catalogue(): Catalogue {
  if (!current) throw new Error('Ayuda console: no catalogue loaded yet; await setLocale() before rendering.');
  return current;
}

export class LocalizeController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #changed = () => this.#host.requestUpdate();
  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }
  get cat(): Catalogue {
    return catalogue();
  }
  get locale(): ConsoleLocale {
    return catalogue().locale;
  }
  hostConnected(): void {
    listeners.add(this.#changed);
  }
  hostDisconnected(): void {
    listeners.delete(this.#changed);
  }
}
