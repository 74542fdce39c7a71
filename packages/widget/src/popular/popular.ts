// The most-read articles as the panel's home lists them, above the categories: of the page's
// topic when the site gives one (`topic` on <ayuda-widget>, a category key), else of the
// language. Here, in the panel's chunk, not in embed.js.
import { css, html, nothing, type TemplateResult } from 'lit';
import type { PopularArticles } from '@ayuda/client';
import type { Catalogue } from '../i18n/types.js';
import { apiLocale, type AyudaService } from '../data/service.js';
import { warnOnce } from '../config.js';

/** How long the panel keeps a list before asking again (the server answers a 304 within the hour). */
export const POPULAR_TTL_MS = 60_000;
/** Articles listed. */
export const POPULAR_LIMIT = 5;
const held = new Map<string, { at: number; list: Promise<PopularArticles | null> }>();

/**
 * The most-read articles of `locale` (of `topic` when given), shared by every panel of the
 * page and asked again after POPULAR_TTL_MS. A failure reads as no list: home still works.
 */
export function popularArticles(service: AyudaService, locale: string, topic: string): Promise<PopularArticles | null> {
  const key = `${service.server}|${locale}|${topic}`;
  const h = held.get(key);
  if (h && Date.now() - h.at < POPULAR_TTL_MS) return h.list;
  const list = service.client.popularArticles({ locale: apiLocale(locale), limit: POPULAR_LIMIT, ...(topic ? { topic } : {}) }).then(
    (r) => {
      if (topic && r.topic === null) warnOnce(`Ayuda: topic="${topic}" is not a category key with public articles; the most-read list shows every topic. Use a category key of the knowledge base (see docs/widget.md).`);
      return r;
    },
    (err: unknown) => {
      held.delete(key);
      // A topic the server refused (not a category key's shape): say how to fix it.
      if (topic && (err as { status?: number }).status === 400) warnOnce(`Ayuda: topic="${topic}" is not a category key (lowercase letters, digits, hyphens); remove it or use one of the knowledge base's.`);
      return null;
    },
  );
  held.set(key, { at: Date.now(), list });
  return list;
}

/** The list, or nothing while it loads or when there is none. Each item opens its article (`open`); the link works without the panel too. */
export function mostReadList(cat: Catalogue, list: PopularArticles | null, portalUrl: (slug: string) => string, open: (e: MouseEvent, slug: string) => void): TemplateResult | typeof nothing {
  if (!list?.articles.length) return nothing;
  return html`<section class="most-read" part="most-read" aria-labelledby="most-read-h">
    <h2 id="most-read-h" part="most-read-heading">${cat.mostRead}</h2>
    <ol part="most-read-list">
      ${list.articles.map((a) => html`<li><a part="most-read-item" href=${portalUrl(a.slug)} @click=${(e: MouseEvent) => open(e, a.slug)}>${a.title}</a></li>`)}
    </ol>
  </section>`;
}

export const popularStyles = css`
  .most-read h2 {
    font-size: 1.125em;
    line-height: 1.25;
    margin: 0 0 0.5rem;
  }
  .most-read ol {
    list-style: none;
    margin: 0 0 1rem;
    padding: 0;
  }
  .most-read a {
    display: block;
    padding: 0.5rem 0.25rem;
    border-bottom: 1px solid var(--_border);
    color: var(--_link);
    font-weight: 600;
    text-decoration: none;
  }
  .most-read a:hover {
    background: var(--_surface);
    text-decoration: underline;
  }
`;
