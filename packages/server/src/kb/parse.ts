// Reads a knowledge-base folder: markdown articles with front matter, `categories.yaml` and
// `synonyms.yaml`. Every problem is reported with its file and line; nothing is returned
// unless the whole folder is valid, so an import is never half-applied.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { LineCounter, parseDocument, isMap, isScalar, stringify, type Document } from 'yaml';
import { z } from 'zod';
import { KbArticleFields, KbCategoryInputSchema, KbSynonymsSchema, LocaleSchema, SlugSchema, VisibilitySchema, type Locale } from '@ayuda/core';
import { renderMarkdown } from './markdown.js';

export interface ParsedArticle {
  source: string;
  locale: Locale;
  slug: string;
  translationKey: string | null;
  title: string;
  category: string;
  tags: string[];
  visibility: z.infer<typeof VisibilitySchema>;
  type: 'article' | 'faq';
  updated: string;
  bodyMarkdown: string;
  bodyHtml: string;
  bodyText: string;
  faq: Array<{ question: string; answerHtml: string }> | null;
  contentHash: string;
}

export interface ParsedCategory {
  key: string;
  position: number;
  labels: Record<string, { name: string; description: string }>;
}

export interface ParsedKb {
  articles: ParsedArticle[];
  categories: ParsedCategory[];
  synonyms: Record<string, string[][]>;
}

export interface ImportProblem {
  path: string;
  line: number;
  message: string;
}

export class KbImportError extends Error {
  override name = 'KbImportError';
  constructor(readonly problems: ImportProblem[]) {
    super(
      `Ayuda: the knowledge base was not imported; fix ${problems.length === 1 ? 'this problem' : `these ${problems.length} problems`} and import again:\n` +
        problems.map((p) => `  ${p.path}:${p.line}: ${p.message}`).join('\n'),
    );
  }
}

const DateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date');

/** Front matter: the editor's draft fields (the same rules, from @ayuda/core), with the article's place and date. */
export const FrontMatterSchema = z.strictObject({
  title: KbArticleFields.title,
  slug: SlugSchema,
  locale: LocaleSchema,
  category: KbArticleFields.category,
  tags: KbArticleFields.tags,
  visibility: KbArticleFields.visibility,
  updated: DateString,
  translation: SlugSchema.optional(),
  type: KbArticleFields.type,
});

const CategoriesSchema = z.array(KbCategoryInputSchema);
const SynonymsSchema = KbSynonymsSchema;

/** An article's front-matter fields, defaults applied (`translation` null for none). */
export interface ArticleFields {
  title: string;
  slug: string;
  locale: Locale;
  category: string;
  tags: string[];
  visibility: z.infer<typeof VisibilitySchema>;
  updated: string;
  translation: string | null;
  type: 'article' | 'faq';
}

/**
 * An article as a file of the folder format, in one canonical form: the front matter's keys in
 * a fixed order, every field written out. `ayuda kb export` writes this, and an article's
 * content hash is the hash of this text, so the same article read from any file that says the
 * same thing (another key order, defaults left out) has the same hash.
 */
export function serializeArticle(f: ArticleFields, body: string): string {
  const front: Record<string, unknown> = { title: f.title, slug: f.slug, locale: f.locale, category: f.category, tags: f.tags, visibility: f.visibility, updated: f.updated };
  if (f.translation) front.translation = f.translation;
  front.type = f.type;
  return `---\n${stringify(front, { lineWidth: 0 })}---\n${body}`;
}

export const contentHashOf = (f: ArticleFields, body: string) => createHash('sha256').update(serializeArticle(f, body)).digest('hex');

/** Renders an article's body as the portal shows it; a problem message instead when it cannot be one (empty body, a FAQ without questions). */
export function buildArticle(f: ArticleFields, body: string, source: string): ParsedArticle | { problem: { field: 'body' | 'type'; message: string } } {
  if (!body.trim()) return { problem: { field: 'body', message: 'the article has no body' } };
  const rendered = renderMarkdown(body, { articleBase: `/help/${f.locale}/articles/`, faq: f.type === 'faq' });
  if (f.type === 'faq' && (rendered.faq?.length ?? 0) === 0) return { problem: { field: 'type', message: 'type: faq needs "## Question?" headings, each followed by its answer' } };
  return {
    source,
    locale: f.locale,
    slug: f.slug,
    translationKey: f.translation,
    title: f.title,
    category: f.category,
    tags: f.tags,
    visibility: f.visibility,
    type: f.type,
    updated: f.updated,
    bodyMarkdown: body,
    bodyHtml: rendered.html,
    bodyText: rendered.text,
    faq: rendered.faq,
    contentHash: contentHashOf(f, body),
  };
}

/** Line (1-based) of the node at `path` in a YAML document, or of the document start. */
function lineOf(doc: Document, lc: LineCounter, path: readonly PropertyKey[], offsetLines: number): number {
  let node: unknown = doc.contents;
  let range: [number, number, number] | undefined = (node as { range?: [number, number, number] })?.range;
  for (const key of path) {
    if (!isMap(node) && !(node && typeof node === 'object' && 'items' in node)) break;
    const items = (node as { items: Array<{ key?: unknown; value?: unknown } | unknown> }).items;
    const item =
      typeof key === 'number'
        ? items[key]
        : items.find((p) => isScalar((p as { key?: unknown }).key) && ((p as { key: { value: unknown } }).key.value === key));
    if (!item) break;
    const pair = item as { key?: { range?: [number, number, number] }; value?: unknown; range?: [number, number, number] };
    range = pair.key?.range ?? pair.range ?? range;
    node = pair.value ?? item;
  }
  return range ? lc.linePos(range[0]).line + offsetLines : 1 + offsetLines;
}

function parseYaml(text: string, path: string, offsetLines: number, problems: ImportProblem[]) {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  for (const err of doc.errors) {
    problems.push({ path, line: lc.linePos(err.pos[0]).line + offsetLines, message: `YAML: ${err.message.split('\n')[0]}` });
  }
  return { doc, lc, ok: doc.errors.length === 0 };
}

function zodProblems(error: z.ZodError, doc: Document, lc: LineCounter, path: string, offsetLines: number, problems: ImportProblem[]) {
  for (const issue of error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    const where = keys.length ? `${keys.map(String).join('.')}: ` : '';
    problems.push({ path, line: lineOf(doc, lc, keys, offsetLines), message: `${where}${issue.message}` });
  }
}

export async function listMarkdown(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.md') && !e.name.startsWith('.') && e.name.toLowerCase() !== 'readme.md')
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Parses one article file. `rel` is its path as reported in problems. */
export function parseArticle(raw: string, rel: string, problems: ImportProblem[]): ParsedArticle | null {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const m = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!m) {
    problems.push({ path: rel, line: 1, message: 'front matter missing: the file must start with a "---" line, the YAML fields, and a closing "---" line' });
    return null;
  }
  const { doc, lc, ok } = parseYaml(m[1]!, rel, 1, problems);
  if (!ok) return null;
  const fm = FrontMatterSchema.safeParse(doc.toJS());
  if (!fm.success) {
    zodProblems(fm.error, doc, lc, rel, 1, problems);
    return null;
  }
  const body = text.slice(m[0].length);
  const built = buildArticle({ ...fm.data, translation: fm.data.translation ?? null }, body, `file:${rel}`);
  if ('problem' in built) {
    const line = built.problem.field === 'body' ? m[0].split('\n').length : lineOf(doc, lc, ['type'], 1);
    problems.push({ path: rel, line, message: built.problem.message });
    return null;
  }
  return built;
}

/** Reads and validates a whole knowledge-base folder; throws KbImportError listing every problem. */
export async function parseKbDirectory(dir: string): Promise<ParsedKb> {
  const problems: ImportProblem[] = [];
  const rel = (p: string) => relative(dir, p).split(sep).join('/');

  let categories: ParsedCategory[] = [];
  let categoriesOk = false;
  const catText = await readOptional(join(dir, 'categories.yaml'));
  if (catText !== null) {
    const { doc, lc, ok } = parseYaml(catText, 'categories.yaml', 0, problems);
    if (ok) {
      const r = CategoriesSchema.safeParse(doc.toJS());
      if (r.success) {
        categories = r.data.map((c, i) => ({ key: c.key, position: i, labels: { es: c.es, en: c.en } }));
        categoriesOk = true;
      }
      else zodProblems(r.error, doc, lc, 'categories.yaml', 0, problems);
    }
  }

  let synonyms: Record<string, string[][]> = { es: [], en: [] };
  const synText = await readOptional(join(dir, 'synonyms.yaml'));
  if (synText !== null) {
    const { doc, lc, ok } = parseYaml(synText, 'synonyms.yaml', 0, problems);
    if (ok) {
      const r = SynonymsSchema.safeParse(doc.toJS() ?? {});
      if (r.success) synonyms = r.data;
      else zodProblems(r.error, doc, lc, 'synonyms.yaml', 0, problems);
    }
  }

  const articles: ParsedArticle[] = [];
  const seen = new Map<string, string>();
  for (const file of await listMarkdown(dir)) {
    const path = rel(file);
    const raw = await readFile(file, 'utf8');
    const a = parseArticle(raw, path, problems);
    if (!a) continue;
    const key = `${a.locale}/${a.slug}`;
    const first = seen.get(key);
    if (first) {
      problems.push({ path, line: keyLine(raw, 'slug'), message: `duplicate slug "${a.slug}" for locale ${a.locale}: ${first} has it already` });
      continue;
    }
    seen.set(key, path);
    articles.push(a);
  }

  const known = new Set(categories.map((c) => c.key));
  if (catText !== null) {
    // An invalid categories file is reported above; checking articles against it adds noise.
    for (const a of categoriesOk ? articles : []) {
      if (!known.has(a.category)) {
        const raw = await readFile(join(dir, a.source.slice(5)), 'utf8');
        problems.push({ path: a.source.slice(5), line: keyLine(raw, 'category'), message: `unknown category "${a.category}"; categories.yaml defines ${[...known].join(', ')}` });
      }
    }
  } else {
    // No categories file: one category per key, named after the key.
    const keys = [...new Set(articles.map((a) => a.category))].sort();
    categories = keys.map((key, position) => ({ key, position, labels: { es: { name: key, description: '' }, en: { name: key, description: '' } } }));
  }

  if (problems.length) throw new KbImportError(problems);
  return { articles, categories, synonyms };
}

function keyLine(raw: string, key: string): number {
  const i = raw.split(/\r?\n/).findIndex((l) => l.startsWith(`${key}:`));
  return i >= 0 ? i + 1 : 1;
}
