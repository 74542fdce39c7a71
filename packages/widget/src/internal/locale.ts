import { WIDGET_DEFAULTS, warnOnce } from '../config.js';
import { matchLocale, SUPPORTED_LOCALES } from '../i18n/index.js';

/** The nearest `lang` attribute of `el` or its ancestors, across shadow roots. */
export function inheritedLang(el: Element): string | null {
  let n: Node | null = el;
  while (n) {
    if (n instanceof Element && n.hasAttribute('lang')) return n.getAttribute('lang');
    n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null);
  }
  return null;
}

/**
 * The locale of a component: its own `locale` attribute, else the nearest `lang`, else
 * `<html lang>`, else the fallback. An unsupported explicit value warns once.
 */
export function resolveLocale(el: Element, explicit: string | null | undefined, tag: string): string {
  if (explicit) {
    const m = matchLocale(explicit);
    if (m) return m;
    warnOnce(`Ayuda: <${tag}> locale="${explicit}" is not available; use ${SUPPORTED_LOCALES.join(' or ')}.`);
  }
  return matchLocale(inheritedLang(el)) ?? matchLocale(document.documentElement.lang) ?? WIDGET_DEFAULTS.fallbackLocale;
}
