// Article markdown to safe HTML, once, at import: marked renders, then an allowlist
// sanitiser removes anything that could run script (tags, attributes, URL schemes).
import { createHash } from 'node:crypto';
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

export interface RenderedArticle {
  html: string;
  text: string;
  faq: Array<{ question: string; answerHtml: string }> | null;
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'a', 'strong', 'em', 'b', 'i', 'del', 'code', 'pre',
    'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img', 'kbd', 'sup', 'sub',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
    h2: ['id'],
    h3: ['id'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  // A top-level heading in an article becomes h2: the page owns its h1.
  transformTags: {
    h1: 'h2',
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      const external = /^https?:/i.test(href);
      return { tagName, attribs: external ? { ...attribs, rel: 'noopener noreferrer nofollow' } : attribs };
    },
  },
  disallowedTagsMode: 'discard',
  // Content of these is dropped with the tag, not kept as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'svg', 'math', 'iframe', 'object', 'template'],
};

export function sanitize(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

export function htmlToText(html: string): string {
  return sanitizeHtml(html.replace(/<\/(p|h[1-6]|li|tr|pre|blockquote)>/g, '$&\n').replace(/<br\s*\/?>/g, '\n'), {
    allowedTags: [],
    allowedAttributes: {},
  })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

function headingId(text: string): string {
  const id = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  // A prefix keeps ids from clobbering globals such as `window.name` (DOM clobbering).
  return `h-${id || 'section'}`;
}

/** "[text](other-slug)": a link to another article of the same locale. */
const ARTICLE_LINK = /^[a-z0-9]+(?:-[a-z0-9]+)*(#[\w-]+)?$/;

/**
 * The one markdown renderer of articles and replies: GFM, raw HTML shown as text, article
 * links resolved against `articleBase`, headings never above h2. Its output still goes through
 * `sanitize`.
 */
function markdownRenderer(opts: { articleBase: string; breaks: boolean; headingIds: boolean; siteUrl?: string }): Marked {
  const marked = new Marked({ gfm: true, breaks: opts.breaks, async: false });
  const usedIds = new Set<string>();
  // A root-relative URL ("/help/es/articles/x") is made absolute where the HTML is read
  // outside the site (a mail, a widget on another site).
  const absolute = (href: string) => (opts.siteUrl && /^\/(?!\/)/.test(href) ? opts.siteUrl + href : href);
  marked.use({
    walkTokens(token) {
      if (token.type === 'link') {
        const link = token as Tokens.Link;
        link.href = ARTICLE_LINK.test(link.href) ? opts.articleBase + link.href : absolute(link.href);
      } else if (token.type === 'image') {
        const image = token as Tokens.Image;
        image.href = absolute(image.href);
      }
    },
    renderer: {
      heading({ tokens, depth }) {
        const inner = this.parser.parseInline(tokens);
        const level = Math.max(2, depth);
        if (!opts.headingIds || level > 3) return `<h${level}>${inner}</h${level}>\n`;
        let id = headingId(inner.replace(/<[^>]*>/g, ''));
        for (let n = 2; usedIds.has(id); n++) id = `${headingId(inner.replace(/<[^>]*>/g, ''))}-${n}`;
        usedIds.add(id);
        return `<h${level} id="${id}">${inner}</h${level}>\n`;
      },
      // Raw HTML in markdown is shown as text, never interpreted.
      html({ text }) {
        return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      },
    },
  });
  return marked;
}

/**
 * Renders an article. `articleBase` is the URL path that relative links between articles
 * resolve against (`/help/es/articles/`).
 */
export function renderMarkdown(markdown: string, opts: { articleBase: string; faq: boolean }): RenderedArticle {
  const marked = markdownRenderer({ articleBase: opts.articleBase, breaks: false, headingIds: true });
  const html = sanitize(marked.parse(markdown) as string);
  return { html, text: htmlToText(html), faq: opts.faq ? extractFaq(html) : null };
}

/**
 * Renders a staff reply (or note) for the tracking page, the widget and mail, with the
 * articles' renderer and sanitiser. Unlike an article: a line break is a line break (people
 * write replies as plain text), headings get no ids (a thread holds many replies on one page),
 * and every link is absolute, since mail and the widget show it away from the portal:
 * `[text](slug)` is the article `slug` of the portal in `locale`, `/path` is on `siteUrl`.
 */
export function renderReply(markdown: string, opts: { siteUrl: string; locale: string }): string {
  const marked = markdownRenderer({ articleBase: `${opts.siteUrl}/help/${opts.locale}/articles/`, breaks: true, headingIds: false, siteUrl: opts.siteUrl });
  try {
    return sanitize(marked.parse(markdown) as string).trim();
  } catch {
    // marked recurses once per level of nesting, so thousands of `>` or list markers in a row
    // overflow the stack. Such a reply is shown as the text it is rather than breaking the
    // page (or mail) that holds it.
    return plainTextHtml(markdown);
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Text as HTML paragraphs: blank lines part them, line breaks are kept, everything escaped. */
export function plainTextHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');
}

/**
 * `renderReply` bound to the site, remembering its last `size` answers: a thread is shown
 * again and again (the tracking page, the widget's refreshes, the console) while its replies
 * do not change, and a long hostile reply takes a good part of a second to parse.
 */
export function replyRenderer(opts: { siteUrl: string; size?: number }): (markdown: string, locale: string) => string {
  const size = opts.size ?? 500;
  const cache = new Map<string, string>();
  return (markdown, locale) => {
    const key = createHash('sha256').update(locale).update('\u0000').update(markdown).digest('base64');
    const hit = cache.get(key);
    if (hit !== undefined) {
      // Most recently used last: Map keeps insertion order.
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const html = renderReply(markdown, { siteUrl: opts.siteUrl, locale });
    cache.set(key, html);
    if (cache.size > size) cache.delete(cache.keys().next().value!);
    return html;
  };
}

const TABLE_LABEL = { es: 'Tabla', en: 'Table' } as const;

/**
 * Puts each table of sanitised article HTML in a box of its own that scrolls sideways, so a
 * wide table never widens the page on a phone. The box is a focusable region (keyboard users
 * can scroll it) named after the heading above the table, e.g. "Tabla: Solo móvil", numbered
 * when two would share a name. Done when the article is served, not stored, so articles
 * imported before it get it too; the sanitiser allows no attribute on `<table>` and no `<div>`,
 * so stored HTML never has the box already.
 */
export function scrollableTables(html: string, locale: 'es' | 'en'): string {
  if (!html.includes('<table>')) return html;
  const used = new Map<string, number>();
  let heading = '';
  return html.replace(/<h[2-6][^>]*>([\s\S]*?)<\/h[2-6]>|<table>|<\/table>/g, (m, inner: string | undefined) => {
    if (inner !== undefined) {
      heading = htmlToText(inner);
      return m;
    }
    if (m === '</table>') return '</table></div>';
    const base = heading ? `${TABLE_LABEL[locale]}: ${heading}` : TABLE_LABEL[locale];
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    const label = n === 1 ? base : `${base} (${n})`;
    return `<div class="table-scroll" role="region" tabindex="0" aria-label="${escapeHtml(label)}"><table>`;
  });
}

/** An FAQ article is a list of `## Question?` headings, each followed by its answer. */
function extractFaq(html: string): Array<{ question: string; answerHtml: string }> {
  const parts = html.split(/<h2[^>]*>/).slice(1);
  return parts
    .map((part) => {
      const end = part.indexOf('</h2>');
      return { question: htmlToText(part.slice(0, end)), answerHtml: part.slice(end + 5).trim() };
    })
    .filter((q) => q.question && q.answerHtml);
}
