// embed.js: the one script a site adds. It reads its own data-* attributes, adds the launcher,
// and sets `window.Ayuda`. Everything else loads later (see widget.ts).
import './define/ayuda-widget.js';
import { pageDefaults, warnOnce } from './config.js';
import type { AyudaApi } from './embed-api.js';
import type { FastlaneOptions } from './panel/panel.js';
import type { EmbedTheme } from '@ayuda/core';

const VERSION = '0.1.0';
const DATA = ['locale', 'theme', 'position', 'preload', 'analytics', 'contact-url', 'topic'] as const;
// The site's theme (the console's appearance settings): the server writes it here in every
// /embed.js it sends (packages/server/src/widget/routes.ts), as an object of what differs from
// the built-in look (`EmbedTheme` in @ayuda/core). Unserved (tests, npm), a string: no theme.
const THEME = '__AYUDA_THEME__' as unknown as EmbedTheme;

function start(): void {
  const script = Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]')).find((s) => s.src === import.meta.url);
  if (window.Ayuda) {
    // A second script tag; or this module imported again under another URL (embed.js?v=2): say nothing then.
    if (script) warnOnce('Ayuda: embed.js is on this page twice; remove one <script> tag.');
    return;
  }
  const data = script?.dataset ?? {};
  // The server is the folder embed.js came from (a plain string edit: `new URL('.', import.meta.url)` would be rewritten by the bundler).
  const server = (data.server || import.meta.url.replace(/[?#].*$/, '').replace(/[^/]*$/, '')).replace(/\/+$/, '');
  pageDefaults.server = server;
  const el = document.createElement('ayuda-widget');
  el.setAttribute('server', server);
  // The script tag's own attributes win over the theme: the page knows best.
  for (const a of DATA) {
    const v = data[a.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] || THEME[a as 'theme'];
    if (v) el.setAttribute(a, v);
  }
  // Colours through the CSSOM, which a strict CSP (no inline styles) allows; never CSS text.
  for (const k in THEME.css) el.style.setProperty(k, THEME.css[k]!);
  el.launcherLabels = THEME.label;
  if (data.color) el.style.setProperty('--ayuda-color-primary', data.color);
  if (data.colorText) el.style.setProperty('--ayuda-color-on-primary', data.colorText);
  document.body.append(el);
  // The fast lane's small hook (its own chunk): opens it with `options`; with null, hooks the page's buttons.
  const fastlane = (options?: FastlaneOptions | null) => import('./fastlane/open.js').then((m) => m.open(el, options));
  window.Ayuda = {
    version: VERSION,
    element: el,
    open: () => el.open(),
    close: () => el.close(),
    toggle: () => el.toggle(),
    search: (q) => el.search(q),
    show: (slug, locale) => el.show(slug, locale),
    contact: () => el.contact(),
    setLocale: (l) => el.setLocale(l),
    fastlane,
    on(event, handler) {
      const f = (e: Event) => handler((e as CustomEvent).detail, e as CustomEvent);
      el.addEventListener(`ayuda-${event}`, f);
      return () => el.removeEventListener(`ayuda-${event}`, f);
    },
  } as AyudaApi;
  // Fast-lane buttons on the page (see fastlane/open.ts): load their small hook now.
  if (document.querySelector('[data-ayuda-fastlane]')) void fastlane(null);
  document.dispatchEvent(new CustomEvent('ayuda-ready', { detail: window.Ayuda }));
}

if (document.body) start();
else document.addEventListener('DOMContentLoaded', start, { once: true });
