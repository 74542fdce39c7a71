// Server-rendered help portal pages. Everything interpolated is escaped by `html`; only
// article HTML (sanitised at import) and snippets (escaped by @ayuda/core) go in raw.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Announcement, Article, ArticleSummary, Category, Locale, PopularArticles, ResponseTimes, SearchHit } from '@ayuda/core';
import { LOCALES, formatWait } from '@ayuda/core';
import { t, LANGUAGE_NAMES } from './i18n.js';
import { FAVICON_PATH, PORTAL_CSS_PATH } from './styles.js';

/** Results on one page of the portal's search, and the pages it links to (the first 200 results). */
export const SEARCH_PAGE_SIZE = 20;
export const SEARCH_MAX_PAGES = 10;

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageMeta {
  locale: Locale;
  title: string;
  description: string;
  /** Absolute canonical URL. */
  canonical: string;
  /** Absolute URLs of this page in other locales. */
  alternates: Partial<Record<Locale, string>>;
  ogType?: 'website' | 'article';
  jsonLd?: object[];
  noindex?: boolean;
  company: string;
  /** The active announcements of the page's language, shown at the top of the page. */
  announcements?: Announcement[];
  /** The team's usual first-response times, shown beside the header's contact link. */
  responseTimes?: ResponseTimes | null;
}

export const paths = {
  home: (l: Locale) => `/help/${l}/`,
  category: (l: Locale, key: string) => `/help/${l}/categories/${key}`,
  article: (l: Locale, slug: string) => `/help/${l}/articles/${slug}`,
  search: (l: Locale) => `/help/${l}/search`,
  feedback: (l: Locale, slug: string) => `/help/${l}/articles/${slug}/feedback`,
  contact: (l: Locale) => `/help/${l}/contact`,
};

/** JSON for a `<script type="application/ld+json">`, safe against `</script>` in strings. */
const jsonLd = (o: object) => JSON.stringify(o).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

const dateFmt = (locale: Locale, iso: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

export function layout(meta: PageMeta, body: Html): Html {
  const s = t(meta.locale);
  const ogLocale = meta.locale === 'es' ? 'es_ES' : 'en_GB';
  return html`<!doctype html>
<html lang="${meta.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${meta.title}</title>
<meta name="description" content="${meta.description}">
${meta.noindex ? html`<meta name="robots" content="noindex, follow">` : ''}
<link rel="canonical" href="${meta.canonical}">
${Object.entries(meta.alternates).map(([l, href]) => html`<link rel="alternate" hreflang="${l}" href="${href}">`)}
${meta.alternates.es ? html`<link rel="alternate" hreflang="x-default" href="${meta.alternates.es}">` : ''}
<meta property="og:type" content="${meta.ogType ?? 'website'}">
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${meta.description}">
<meta property="og:url" content="${meta.canonical}">
<meta property="og:site_name" content="${s.homeTitle(meta.company)}">
<meta property="og:locale" content="${ogLocale}">
<meta name="twitter:card" content="summary">
<link rel="stylesheet" href="${PORTAL_CSS_PATH}">
<link rel="icon" type="image/svg+xml" href="${FAVICON_PATH}">
${(meta.jsonLd ?? []).map((o) => html`<script type="application/ld+json">${raw(jsonLd(o))}</script>`)}
</head>
<body>
<a class="skip" href="#main">${s.skip}</a>
<header class="site"><div class="wrap">
<a class="brand" href="${paths.home(meta.locale)}">${meta.company} <span>· ${s.helpCentre}</span></a>
<div class="site-links"><p class="contact-nav"><a href="${paths.contact(meta.locale)}">${s.contactNav}</a>${usualReply(meta.locale, meta.responseTimes, 'standard')}</p>
<a class="account-link" href="/help/${meta.locale}/account">${s.myRequests}</a>
<nav class="lang" aria-label="${s.language}">${LOCALES.filter((l) => l !== meta.locale).map(
    (l) => html`<a href="${meta.alternates[l] ?? paths.home(l)}" hreflang="${l}" lang="${l}">${LANGUAGE_NAMES[l]}</a>`,
  )}</nav></div>
</div></header>
<main id="main"><div class="wrap">
${meta.announcements?.length ? announcementList(meta.locale, meta.announcements) : ''}
${body}
</div></main>
<footer class="site"><div class="wrap">© ${meta.company}</div></footer>
</body>
</html>`;
}

/**
 * The severity icons as small inline SVGs in the text's colour (an emoji rendered as an empty box
 * where no emoji font is installed); the widget draws the same (packages/widget/src/announcements/icons.ts).
 */
const SVG_OPEN = '<svg class="sev-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"';
const SEVERITY_ICONS: Record<string, string> = {
  info: `${SVG_OPEN} fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"><circle cx="8" cy="8" r="6.7"/><path d="M8 7.2v4M8 4.8v.1"/></svg>`,
  warning: `${SVG_OPEN} fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"><path d="M8 1.8 14.8 14H1.2zM8 6.2v3.6M8 11.9v.1"/></svg>`,
  critical: `${SVG_OPEN}><path fill="currentColor" fill-rule="evenodd" d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zM4.5 7h7v2h-7z"/></svg>`,
};

/** One announcement: its severity in words (and an icon, not colour alone), title and body. */
export function announcementItem(locale: Locale, a: Announcement): Html {
  const s = t(locale);
  return html`<div class="ann ann-${a.severity}" data-announcement="${a.id}"><p class="ann-head"><span class="ann-icon" aria-hidden="true">${raw(SEVERITY_ICONS[a.severity] ?? '')}</span> <span class="ann-sev">${s.severities[a.severity] ?? a.severity}:</span> <strong>${a.title}</strong></p><p class="ann-body">${a.body}</p></div>`;
}

/** The active announcements at the top of every portal page, in a polite status region. */
export function announcementList(locale: Locale, list: Announcement[]): Html {
  return html`<section class="announcements" role="status" aria-label="${t(locale).announcements}">${list.map((a) => announcementItem(locale, a))}</section>`;
}

/**
 * "Normalmente respondemos en 3 h" (the standard lane) or "Con Soporte prioritario: 20 min" (the
 * fast lane, only while it is offered), as a small note after a contact link; '' when the figure
 * is hidden (too few answered cases) or unknown.
 */
export function usualReply(locale: Locale, times: ResponseTimes | null | undefined, lane: 'standard' | 'fast'): Html | string {
  const s = t(locale);
  if (lane === 'fast') {
    if (!times?.fast.offered || times.fast.medianMinutes === null) return '';
    return html` <span class="usual-reply">${s.usualReplyFast(times.fast.name, formatWait(locale, times.fast.medianMinutes))}</span>`;
  }
  if (!times || times.standard.medianMinutes === null) return '';
  return html` <span class="usual-reply">${s.usualReply(formatWait(locale, times.standard.medianMinutes))}</span>`;
}

/**
 * The contact link with the usual reply time: the end of every article, or (instead, not as a
 * second copy) right after a "No" vote.
 */
function contactBlock(locale: Locale, times: ResponseTimes | null | undefined, lead: string, cls: string, headingId?: string): Html {
  const s = t(locale);
  return html`<section class="contact-block ${cls}"${headingId ? html` aria-labelledby="${headingId}"` : ''}>${headingId ? html`<h2 id="${headingId}">${lead}</h2>` : html`<p>${lead}</p>`}<p><a class="contact-action" href="${paths.contact(locale)}">${s.contact}</a>${usualReply(locale, times, 'standard')}</p></section>`;
}

export function searchForm(locale: Locale, value = '', autofocus = false): Html {
  const s = t(locale);
  return html`<form class="search" role="search" action="${paths.search(locale)}" method="get">
<label for="q" class="skip">${s.searchLabel}</label>
<input id="q" name="q" type="search" value="${value}" placeholder="${s.searchPlaceholder}" maxlength="200" autocomplete="off" ${autofocus ? 'autofocus' : ''}>
<button type="submit">${s.searchButton}</button>
</form>`;
}

/** The most-read articles of the last 30 days (topped up with recent ones), above the categories. */
export function mostReadList(locale: Locale, popular: PopularArticles | null | undefined): Html | '' {
  if (!popular?.articles.length) return '';
  const s = t(locale);
  return html`<section class="most-read" aria-labelledby="most-read-h"><h2 id="most-read-h">${s.mostRead}</h2><ol class="list">${popular.articles.map(
    (a) => html`<li><a href="${paths.article(locale, a.slug)}">${a.title}</a></li>`,
  )}</ol></section>`;
}

export function homePage(locale: Locale, company: string, categories: Category[], popular?: PopularArticles | null): Html {
  const s = t(locale);
  return html`<h1>${s.homeTitle(company)}</h1>
${searchForm(locale)}
${mostReadList(locale, popular)}
<h2>${s.categories}</h2>
<ul class="cards">
${categories.map(
    (c) => html`<li><a href="${paths.category(locale, c.key)}">${c.name}</a><p>${c.description}</p><p>${s.articles(c.articleCount)}</p></li>`,
  )}
</ul>
<p class="contact-link"><a href="/help/${locale}/contact">${s.contact}</a> · <a href="/help/${locale}/cases">${s.lostLink}</a></p>`;
}

function crumbs(locale: Locale, trail: Array<{ name: string; href?: string }>): Html {
  const s = t(locale);
  const items = [{ name: s.breadcrumbHome, href: paths.home(locale) }, ...trail];
  return html`<nav class="crumbs" aria-label="breadcrumb"><ol>${items.map((i) =>
    i.href ? html`<li><a href="${i.href}">${i.name}</a></li>` : html`<li aria-current="page">${i.name}</li>`,
  )}</ol></nav>`;
}

export function categoryPage(locale: Locale, category: Category, articles: ArticleSummary[]): Html {
  return html`${crumbs(locale, [{ name: category.name }])}
<h1>${category.name}</h1>
<p>${category.description}</p>
${searchForm(locale)}
<ul class="list">
${articles.map((a) => html`<li><a href="${paths.article(locale, a.slug)}">${a.title}</a><p>${a.excerpt}</p></li>`)}
</ul>`;
}

export function articlePage(
  locale: Locale,
  article: Article,
  category: Category | undefined,
  opts: { voted: boolean | 'no'; responseTimes?: ResponseTimes | null },
): Html {
  const s = t(locale);
  const other = article.translations[0];
  return html`${crumbs(locale, [
    ...(category ? [{ name: category.name, href: paths.category(locale, category.key) }] : []),
    { name: article.title },
  ])}
<article>
<h1>${article.title}</h1>
<p class="meta">${s.updated} <time datetime="${article.updated}">${dateFmt(locale, article.updated)}</time>${
    other ? html` · <a href="${paths.article(other.locale, other.slug)}" hreflang="${other.locale}" lang="${other.locale}">${s.otherLanguage}</a>` : ''
  }</p>
<div class="body">${raw(article.html)}</div>
</article>
<section class="feedback" id="feedback" aria-live="polite">
${opts.voted
    ? html`<p class="thanks">${s.thanks}</p>${opts.voted === 'no' ? contactBlock(locale, opts.responseTimes, s.notHelpful, 'not-helpful') : ''}`
    : html`<form method="post" action="${paths.feedback(locale, article.slug)}">
<p id="helpful-q">${s.helpfulQuestion}</p>
<button type="submit" name="helpful" value="yes" class="secondary" aria-describedby="helpful-q">${s.yes}</button>
<button type="submit" name="helpful" value="no" class="secondary" aria-describedby="helpful-q">${s.no}</button>
</form>`}
</section>
${article.related.length
    ? html`<section aria-labelledby="related-h"><h2 id="related-h">${s.related}</h2><ul class="list">${article.related.map(
        (r) => html`<li><a href="${paths.article(locale, r.slug)}">${r.title}</a></li>`,
      )}</ul></section>`
    : ''}
${opts.voted === 'no' ? '' : contactBlock(locale, opts.responseTimes, s.moreHelp, 'article-end', 'more-help-h')}`;
}

/** "Did you mean wifi?": a button that runs the suggested search (a form: no JavaScript needed). */
export function didYouMean(locale: Locale, suggestion: string | undefined): Html | '' {
  if (!suggestion) return '';
  return html`<form class="did-you-mean" action="${paths.search(locale)}" method="get"><p><span id="dym">${t(locale).didYouMean}</span> <button type="submit" name="q" value="${suggestion}" aria-describedby="dym">${suggestion}</button>?</p></form>`;
}

export function searchPage(locale: Locale, query: string, total: number, hits: SearchHit[], suggestion?: string, paging: { page: number; pages: number } = { page: 1, pages: 1 }): Html {
  const s = t(locale);
  if (!query) return html`<h1>${s.searchLabel}</h1>${searchForm(locale, '', true)}<p>${s.emptyQuery}</p>`;
  const { page, pages } = paging;
  const first = hits.length ? (page - 1) * SEARCH_PAGE_SIZE + 1 : 0;
  const pageUrl = (n: number) => `${paths.search(locale)}?${new URLSearchParams(n > 1 ? { q: query, page: String(n) } : { q: query }).toString()}`;
  return html`<h1>${s.searchTitle(query)}</h1>
${searchForm(locale, query)}
<p role="status">${!total ? s.noResults(query) : pages > 1 ? s.resultsRange(first, first + hits.length - 1, total, query) : s.results(total, query)}</p>
${didYouMean(locale, suggestion)}
${total === 0 ? html`<p>${s.noResultsHint} <a href="${paths.home(locale)}">${s.categories}</a> · <a href="/help/${locale}/contact">${s.contact}</a></p>` : ''}
<ol class="list"${first > 1 ? html` start="${String(first)}"` : ''}>
${hits.map(
    (h, i) =>
      html`<li><a href="${paths.article(locale, h.slug)}?${new URLSearchParams({ q: query, pos: String(first + i) }).toString()}">${h.title}</a><p>${raw(h.snippet)}</p></li>`,
  )}
</ol>
${pages > 1 ? html`<nav class="pages" aria-label="${s.resultPages}">${page > 1 ? html`<a rel="prev" href="${pageUrl(page - 1)}">${s.previousPage}</a>` : ''} <span>${s.pageOf(page, pages)}</span> ${page < pages ? html`<a rel="next" href="${pageUrl(page + 1)}">${s.nextPage}</a>` : ''}</nav>` : ''}`;
}

export function notFoundPage(locale: Locale): Html {
  const s = t(locale);
  return html`<h1>${s.notFoundTitle}</h1><p>${s.notFoundText}</p>${searchForm(locale)}<p><a href="${paths.home(locale)}">${s.backHome}</a></p>`;
}
