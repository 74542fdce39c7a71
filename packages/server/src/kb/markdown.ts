// Article markdown to safe HTML, once, at import: marked renders, then an allowlist
// sanitiser removes anything that could run script (tags, attributes, URL schemes).
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

/**
 * Renders an article. `articleBase` is the URL path that relative links between articles
 * resolve against (`/help/es/articles/`).
 */
export function renderMarkdown(markdown: string, opts: { articleBase: string; faq: boolean }): RenderedArticle {
  const marked = new Marked({ gfm: true, breaks: false, async: false });
  const usedIds = new Set<string>();
  marked.use({
    walkTokens(token) {
      if (token.type === 'link') {
        const link = token as Tokens.Link;
        // "[text](other-slug)" links another article of the same locale.
        if (/^[a-z0-9]+(?:-[a-z0-9]+)*(#[\w-]+)?$/.test(link.href)) link.href = opts.articleBase + link.href;
      }
    },
    renderer: {
      heading({ tokens, depth }) {
        const inner = this.parser.parseInline(tokens);
        const level = Math.max(2, depth);
        let id = headingId(inner.replace(/<[^>]*>/g, ''));
        for (let n = 2; usedIds.has(id); n++) id = `${headingId(inner.replace(/<[^>]*>/g, ''))}-${n}`;
        usedIds.add(id);
        return level <= 3 ? `<h${level} id="${id}">${inner}</h${level}>\n` : `<h${level}>${inner}</h${level}>\n`;
      },
      // Raw HTML in markdown is shown as text, never interpreted.
      html({ text }) {
        return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      },
    },
  });
  const html = sanitize(marked.parse(markdown) as string);
  return { html, text: htmlToText(html), faq: opts.faq ? extractFaq(html) : null };
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
