import { describe, expect, it } from 'vitest';
import { plainTextHtml, renderMarkdown, renderReply, replyRenderer, sanitize, scrollableTables } from './markdown.js';

const render = (md: string) => renderMarkdown(md, { articleBase: '/help/es/articles/', faq: false }).html;

// Known XSS vectors (OWASP cheat sheet and friends) in markdown and raw HTML.
const VECTORS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)><circle r="10"/></svg>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](javascript:alert(1))',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<object data="javascript:alert(1)"></object>',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<details open ontoggle=alert(1)>',
  '<body onload=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<base href="javascript:/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
];

/** Fails if any real tag (escaped text is fine) could run script. */
function expectInert(html: string) {
  const tags = html.match(/<[^>]*>/g) ?? [];
  for (const tag of tags) {
    expect(tag).not.toMatch(/^<\/?(script|svg|math|iframe|object|embed|form|input|button|details|body|base|meta|style|link|textarea)\b/i);
    expect(tag).not.toMatch(/\son\w+\s*=/i);
    expect(tag).not.toMatch(/\sstyle\s*=/i);
    expect(tag).not.toMatch(/(href|src|action|data|formaction)\s*=\s*["']?\s*(javascript|vbscript|data):/i);
  }
}

describe('renderMarkdown sanitising', () => {
  it.each(VECTORS)('neutralises %s in markdown', (vector) => {
    expectInert(render(`Texto.\n\n${vector}\n\nMás texto.`));
    expectInert(render(`Texto en línea ${vector} y más.`));
  });

  it.each(VECTORS)('the sanitiser alone removes %s', (vector) => {
    const html = sanitize(`<p>ok</p>${vector}`);
    expectInert(html);
    expect(html).toContain('<p>ok</p>');
  });

  it('keeps ordinary markdown', () => {
    const html = render('# Título\n\n## Pasos\n\n1. **Abre** la app\n2. Pulsa [aquí](https://nubefibra.example/app)\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(html).toContain('<h2 id="h-titulo">Título</h2>');
    expect(html).toContain('<h2 id="h-pasos">Pasos</h2>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<strong>Abre</strong>');
    expect(html).toContain('href="https://nubefibra.example/app" rel="noopener noreferrer nofollow"');
    expect(html).toContain('<table>');
  });

  it('turns links to other articles into portal paths', () => {
    expect(render('Ver [la factura](pagar-factura).')).toContain('href="/help/es/articles/pagar-factura"');
  });

  it('shows raw HTML as text instead of dropping the words', () => {
    const html = render('Pulsa <b>Guardar</b>.');
    expect(html).toContain('&lt;b&gt;Guardar&lt;/b&gt;');
  });

  it('extracts questions and answers of an FAQ', () => {
    const r = renderMarkdown('## ¿Cuánto cuesta?\n\nNada.\n\n## ¿Y si falla?\n\nLlámanos.', { articleBase: '/x/', faq: true });
    expect(r.faq).toEqual([
      { question: '¿Cuánto cuesta?', answerHtml: '<p>Nada.</p>' },
      { question: '¿Y si falla?', answerHtml: '<p>Llámanos.</p>' },
    ]);
    expect(r.text).toContain('¿Cuánto cuesta?');
  });
});

describe('renderReply', () => {
  const reply = (md: string, locale = 'es') => renderReply(md, { siteUrl: 'https://help.example.com', locale });

  it.each(VECTORS)('neutralises %s in a reply', (vector) => {
    expectInert(reply(`Hola:\n${vector}\nAdiós.`));
  });

  it('keeps line breaks, gives headings no ids and makes every site link absolute', () => {
    expect(reply('Hola:\nmira esto')).toBe('<p>Hola:<br />mira esto</p>');
    expect(reply('# Pasos\n### Uno')).toBe('<h2>Pasos</h2>\n<h3>Uno</h3>');
    expect(reply('[x](pagar-factura#h-pasos)', 'en')).toContain('href="https://help.example.com/help/en/articles/pagar-factura#h-pasos"');
    expect(reply('[x](/help/es/)')).toContain('href="https://help.example.com/help/es/"');
    expect(reply('![logo](/logo.png)')).toContain('src="https://help.example.com/logo.png"');
    // Protocol-relative links are not the site's; the sanitiser drops them.
    expect(reply('[x](//evil.example/a)')).toBe('<p><a>x</a></p>');
  });

  it('falls back to escaped paragraphs when the parser cannot follow the nesting', () => {
    expect(reply(`${'>'.repeat(8000)} x\n\n<b>y</b>`)).toBe(`<p>${'&gt;'.repeat(8000)} x</p>\n<p>&lt;b&gt;y&lt;/b&gt;</p>`);
    expect(plainTextHtml('a\r\nb\n\n\n"c"')).toBe('<p>a<br>b</p>\n<p>&quot;c&quot;</p>');
  });

  it('remembers recent renderings, per language, up to its size', () => {
    const render = replyRenderer({ siteUrl: 'https://help.example.com', size: 2 });
    const first = render('[x](a)', 'es');
    expect(render('[x](a)', 'es')).toBe(first);
    expect(render('[x](a)', 'en')).toContain('/help/en/articles/a');
    render('otra', 'es');
    // Evicted and rendered again, to the same answer.
    expect(render('[x](a)', 'es')).toBe(first);
  });
});

describe('scrollableTables', () => {
  const table = '| a | b |\n|---|---|\n| 1 | 2 |';

  it('puts each table in a focusable, named region that scrolls, named after the heading above it', () => {
    const html = scrollableTables(render(`## Fibra y móvil\n\n${table}\n\nTexto.\n\n${table}\n\n### Solo "móvil" & <más>\n\n${table}`), 'es');
    const boxes = [...html.matchAll(/<div class="table-scroll" role="region" tabindex="0" aria-label="([^"]*)"><table>/g)].map((m) => m[1]);
    expect(boxes).toEqual(['Tabla: Fibra y móvil', 'Tabla: Fibra y móvil (2)', 'Tabla: Solo &quot;móvil&quot; &amp; &lt;más&gt;']);
    expect(html.match(/<\/table><\/div>/g)).toHaveLength(3);
    expect(html.match(/<table>/g)).toHaveLength(3);
  });

  it('names a table with no heading above it in the page\'s language, and leaves HTML without tables alone', () => {
    expect(scrollableTables(render(table), 'en').trim()).toMatch(/^<div class="table-scroll" role="region" tabindex="0" aria-label="Table"><table>[\s\S]*<\/table><\/div>$/);
    const plain = render('## Hola\n\nNada más.');
    expect(scrollableTables(plain, 'es')).toBe(plain);
  });

  it('cannot be smuggled in or forged by an article: the sanitiser drops div and table attributes', () => {
    const html = render('<div class="table-scroll" role="region" tabindex="0">x</div>');
    expect(html).not.toContain('<div');
    expect(sanitize('<div role="region"><table class="x" onclick="y"><tr><td>1</td></tr></table></div>')).toBe('<table><tr><td>1</td></tr></table>');
  });
});
