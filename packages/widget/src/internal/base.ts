// The base of every Lit component: the `server`, `locale` and `theme` attributes, the locale's
// catalogue (loaded on demand), and the shared data service.
import { LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { resolveServer } from './server.js';
import { loadCatalogue, type Catalogue } from '../i18n/index.js';
import { serviceFor, type AyudaService } from '../data/service.js';
import { resolveLocale } from './locale.js';

export abstract class AyudaElement extends LitElement {
  static override properties: PropertyDeclarations = {
    server: { type: String },
    locale: { type: String },
    theme: { type: String, reflect: true },
    analytics: { type: String },
    cat: { state: true },
  };

  /** The Ayuda server's URL (default: the embed's server, else this page's origin). */
  declare server: string | undefined;
  /** `es` or `en` (default: the nearest `lang`, then `<html lang>`). */
  declare locale: string | undefined;
  /** `light`, `dark` or unset (follow the system). */
  declare theme: string | undefined;
  /** `off` stops this component sending analytics events. */
  declare analytics: string | undefined;
  /** The loaded catalogue of `currentLocale`; rendering waits for it. */
  declare protected cat: Catalogue | undefined;

  #locale = '';
  #catalogueFor = '';
  #catalogue: Promise<unknown> = Promise.resolve();

  /** The locale in use, after resolving `locale`, `lang` and the fallbacks. */
  get currentLocale(): string {
    return this.#locale || resolveLocale(this, this.locale, this.localName);
  }

  protected get service(): AyudaService {
    const s = serviceFor(resolveServer(this.server, this.localName));
    if (this.analytics === 'off') s.analytics = false;
    return s;
  }

  /** Resolves once the catalogue for the current locale has loaded and rendered. */
  get ready(): Promise<void> {
    return this.updateComplete.then(() => this.#catalogue).then(() => this.updateComplete).then(() => undefined);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const loc = resolveLocale(this, this.locale, this.localName);
    if (loc !== this.#locale) {
      this.#locale = loc;
      this.localeChanged(loc);
    }
    if (this.#catalogueFor !== loc) {
      this.#catalogue = loadCatalogue(loc).then(
        (cat) => {
          if (this.#locale !== loc) return;
          this.#catalogueFor = loc;
          this.cat = cat;
        },
        (err: unknown) => console.warn(String(err)),
      );
    }
  }

  /** Called when the resolved locale changes (before the catalogue arrives). */
  protected localeChanged(_locale: string): void {}

  protected override render(): TemplateResult | typeof nothing {
    return this.cat && this.#catalogueFor === this.#locale ? this.renderContent(this.cat) : nothing;
  }

  protected abstract renderContent(cat: Catalogue): TemplateResult;
}
