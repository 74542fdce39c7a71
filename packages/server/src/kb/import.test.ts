import { mkdtemp, mkdir, readFile, rm, writeFile, cp, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, FIXTURE_KB_DIR, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { KbImportError, parseKbDirectory } from './parse.js';
import { KbExportError, KbImportConflictError } from './service.js';
import type { StaffActor } from '../staff/actor.js';
import { loadConfig } from '../config.js';
import { startServer } from '../server.js';
import { createLogger } from '../http/logger.js';
import { DEMO_SITE_DIR } from '../testing/app.js';

const article = (fm: string, body = 'Texto del artículo.') => `---\n${fm}\n---\n${body}\n`;
const GOOD = 'title: Bien\nslug: bien\nlocale: es\ncategory: billing\nupdated: 2026-01-01';

// Every folder a test makes, removed when the file is done.
const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

async function kbDir(files: Record<string, string>, base: string | null = FIXTURE_KB_DIR): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ayuda-kb-'));
  made.push(dir);
  if (base) await cp(base, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

async function problemsOf(dir: string) {
  try {
    await parseKbDirectory(dir);
  } catch (e) {
    if (e instanceof KbImportError) return e.problems;
    throw e;
  }
  throw new Error('expected the import to fail');
}

describe('knowledge-base folder parsing', () => {
  it('reports broken front matter with its path and line', async () => {
    const dir = await kbDir({ 'es/roto.md': article('title: Roto\nslug: roto\nlocale: es\ncategory: [billing\nupdated: 2026-01-01') });
    const problems = await problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'es/roto.md' });
    expect(problems[0]!.line).toBeGreaterThanOrEqual(5);
    expect(problems[0]!.message).toMatch(/YAML/);
  });

  it('reports a missing front matter, an unknown locale and an unknown key on their lines', async () => {
    const dir = await kbDir({
      'es/sin.md': 'Sin cabecera.\n',
      'es/idioma.md': article('title: Idioma\nslug: idioma\nlocale: fr\ncategory: billing\nupdated: 2026-01-01'),
      'es/clave.md': article(`${GOOD.replace('bien', 'clave')}\nauthor: Ana`),
    });
    const problems = await problemsOf(dir);
    expect(problems).toContainEqual({ path: 'es/sin.md', line: 1, message: expect.stringMatching(/front matter missing/) });
    expect(problems).toContainEqual({ path: 'es/idioma.md', line: 4, message: expect.stringMatching(/^locale: /) });
    expect(problems).toContainEqual({ path: 'es/clave.md', line: 7, message: expect.stringMatching(/author/) });
  });

  it('reports a duplicate slug naming both files', async () => {
    const dir = await kbDir({ 'es/otro.md': article(GOOD.replace('slug: bien', 'slug: pagar-factura')) });
    const problems = await problemsOf(dir);
    expect(problems).toEqual([{ path: expect.any(String), line: 3, message: expect.stringMatching(/duplicate slug "pagar-factura" for locale es: .*\.md has it already/) }]);
  });

  it('reports an unknown category, a bad date and an FAQ without questions', async () => {
    const dir = await kbDir({
      'es/cat.md': article(GOOD.replace('category: billing', 'category: nope').replace('bien', 'cat')),
      'es/fecha.md': article(GOOD.replace('2026-01-01', '2026-13-45').replace('bien', 'fecha')),
      'es/faq.md': article(`${GOOD.replace('bien', 'faq')}\ntype: faq`, 'Sin preguntas.'),
    });
    const problems = await problemsOf(dir);
    expect(problems).toContainEqual({ path: 'es/cat.md', line: 5, message: expect.stringMatching(/unknown category "nope"/) });
    expect(problems).toContainEqual({ path: 'es/fecha.md', line: 6, message: expect.stringMatching(/updated: not a real date/) });
    expect(problems).toContainEqual({ path: 'es/faq.md', line: 7, message: expect.stringMatching(/## Question/) });
  });

  it('derives categories from articles when there is no categories file', async () => {
    const dir = await kbDir({ 'a.md': article(GOOD) }, null);
    const kb = await parseKbDirectory(dir);
    expect(kb.categories).toEqual([{ key: 'billing', position: 0, labels: { es: { name: 'billing', description: '' }, en: { name: 'billing', description: '' } } }]);
  });
});

describe.each(testDatabases())('knowledge-base import on %s', (kind) => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false });
  });
  beforeEach(async () => {
    dir = await kbDir({});
  });
  afterAll(() => t.dispose());

  it('adds, then updates changed and removes deleted articles, leaving the rest untouched', async () => {
    const first = await t.kb.importDirectory(dir);
    expect(first).toMatchObject({ added: 8, updated: 0, removed: 0, unchanged: 0 });
    const again = await t.kb.importDirectory(dir);
    expect(again).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 8, revision: first.revision });
    await writeFile(join(dir, 'es/pagar-factura.md'), article(GOOD.replace('bien', 'pagar-factura').replace('Bien', 'Pagar, nuevo título')));
    await unlink(join(dir, 'en/bill-faq.md'));
    const third = await t.kb.importDirectory(dir);
    expect(third).toMatchObject({ added: 0, updated: 1, removed: 1, unchanged: 6, revision: first.revision + 1 });
    const res = await t.request('/api/v1/kb/articles/es/pagar-factura');
    expect((await res.json()).title).toBe('Pagar, nuevo título');
    expect((await t.request('/api/v1/kb/articles/en/bill-faq')).status).toBe(404);
  });

  it('applies nothing when one file of the folder is bad', async () => {
    await t.kb.importDirectory(dir);
    const before = await (await t.request('/api/v1/kb/articles?locale=es')).json();
    await writeFile(join(dir, 'es/pagar-factura.md'), article(GOOD.replace('bien', 'pagar-factura').replace('Bien', 'Cambiado')));
    await writeFile(join(dir, 'es/roto.md'), article('title: Roto\nslug: roto\nlocale: xx\ncategory: billing\nupdated: 2026-01-01'));
    await expect(t.kb.importDirectory(dir)).rejects.toBeInstanceOf(KbImportError);
    const after = await (await t.request('/api/v1/kb/articles?locale=es')).json();
    expect(after).toEqual(before);
  });

});

describe.each(testDatabases())('knowledge-base history, export and import conflicts on %s', (kind) => {
  const editor: StaffActor = { kind: 'user', id: 7, name: 'Marta', role: 'admin' };
  const fields = { title: 'Nuevo en consola', category: 'billing', tags: ['consola'], visibility: 'public' as const, type: 'article' as const, translation: null, body: 'Escrito en la consola.\n' };
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.dispose());

  it('records each import in the history, and exports a folder that imports back with no change', async () => {
    const history = await t.kbEditor.revisions('es', 'pagar-factura');
    expect(history.revisions.map((r) => [r.source, r.publishedBy, r.publishedByName])).toEqual([['import', 'system', 'ayuda kb import']]);

    await t.kbEditor.saveDraft('es', 'nuevo', fields, editor);
    await t.kbEditor.publish('es', 'nuevo', editor, { force: false });
    await t.kbEditor.createCategory({ key: 'mudanzas', es: { name: 'Mudanzas', description: '' }, en: { name: 'Moving', description: 'New home.' } }, editor);
    await t.kbEditor.replaceSynonyms({ es: [['alta', 'contrato']], en: [] }, editor);
    await t.kbEditor.saveDraft('es', 'borrador', { ...fields, title: 'Solo borrador' }, editor);

    const out = await kbDir({}, null);
    expect(await t.kb.exportDirectory(out)).toEqual({ articles: 9, removed: 0 });
    // The folder format: imported articles at their paths, console ones under <locale>/; no drafts.
    const text = await readFile(join(out, 'es/nuevo.md'), 'utf8');
    expect(text).toMatch(/^---\ntitle: Nuevo en consola\nslug: nuevo\nlocale: es\ncategory: billing\n/);
    expect(text.endsWith('---\nEscrito en la consola.\n')).toBe(true);
    await expect(readFile(join(out, 'es/borrador.md'), 'utf8')).rejects.toThrow();
    const parsed = await parseKbDirectory(out);
    expect(parsed.categories.map((c) => c.key)).toEqual(['billing', 'router', 'priority', 'internal', 'mudanzas']);
    expect(parsed.synonyms).toEqual({ es: [['alta', 'contrato']], en: [] });

    const before = await t.kb.revision();
    const back = await t.kb.importDirectory(out);
    expect(back).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 9, revision: before });
    expect((await t.kbEditor.get('es', 'nuevo')).published!.source).toBe('file:es/nuevo.md');
    expect((await t.kbEditor.get('es', 'borrador')).draft!.title).toBe('Solo borrador');

    // The article is in the folder now: a change made there imports without a conflict.
    await writeFile(join(out, 'es/nuevo.md'), text.replace('Escrito en la consola.', 'Editado en git.'));
    expect(await t.kb.importDirectory(out)).toMatchObject({ added: 0, updated: 1, removed: 0 });
    expect((await (await t.request('/api/v1/kb/articles/es/nuevo')).json()).html).toContain('Editado en git.');

    // A folder with files in it is written over only when asked, and stale articles go.
    await expect(t.kb.exportDirectory(out)).rejects.toBeInstanceOf(KbExportError);
    await writeFile(join(out, 'es/viejo.md'), article(GOOD.replace('bien', 'viejo')));
    expect(await t.kb.exportDirectory(out, { force: true })).toEqual({ articles: 9, removed: 1 });
    expect(await t.kb.importDirectory(out)).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 9 });
  });

  it('stops before overwriting articles edited or taken down in the console, naming them, unless forced', async () => {
    const dir = await kbDir({});
    await t.kbEditor.saveDraft('es', 'pagar-factura', { ...fields, title: 'Pagar (consola)' }, editor);
    await t.kbEditor.publish('es', 'pagar-factura', editor, { force: false });
    await t.kbEditor.unpublish('es', 'escalar-averia', editor);
    // Unchanged articles, and changes to others, are no conflict; these two are.
    await writeFile(join(dir, 'en/pay-bill.md'), (await readFile(join(dir, 'en/pay-bill.md'), 'utf8')).replace(/\n$/, '\n\nMore.\n'));
    const before = await t.kb.revision();
    const err = await t.kb.importDirectory(dir).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(KbImportConflictError);
    const conflicts = (err as KbImportConflictError).conflicts;
    expect(conflicts).toEqual([
      { locale: 'es', slug: 'escalar-averia', file: 'es/escalar-averia.md', reason: 'unpublished', by: 'Marta' },
      { locale: 'es', slug: 'pagar-factura', file: 'es/pagar-factura.md', reason: 'edited', by: 'Marta' },
    ]);
    expect((err as Error).message).toMatch(/es\/pagar-factura\.md: es\/pagar-factura was edited in the console by Marta/);
    expect((err as Error).message).toMatch(/--force/);
    // Nothing applied.
    expect(await t.kb.revision()).toBe(before);
    expect((await (await t.request('/api/v1/kb/articles/es/pagar-factura')).json()).title).toBe('Pagar (consola)');
    expect((await t.request('/api/v1/kb/articles/en/pay-bill')).status).toBe(200);
    expect((await (await t.request('/api/v1/kb/articles/en/pay-bill')).json()).html).not.toContain('More.');

    const forced = await t.kb.importDirectory(dir, { force: true });
    expect(forced).toMatchObject({ added: 1, updated: 2 });
    expect((await (await t.request('/api/v1/kb/articles/es/pagar-factura')).json()).title).not.toBe('Pagar (consola)');
    // The console's version stays in the history, restorable.
    const history = await t.kbEditor.revisions('es', 'pagar-factura');
    expect(history.revisions.map((r) => r.source)).toEqual(['import', 'console', 'import']);
    expect((await t.kbEditor.revision('es', 'pagar-factura', history.revisions[1]!.id)).title).toBe('Pagar (consola)');
  });

  it('records an article removed from the folder as taken down, restorable', async () => {
    const dir = await kbDir({});
    await unlink(join(dir, 'en/pay-bill.md'));
    expect(await t.kb.importDirectory(dir)).toMatchObject({ removed: 1 });
    const history = await t.kbEditor.revisions('en', 'pay-bill');
    expect(history.revisions.map((r) => [r.source, r.publishedBy])).toEqual([['unpublish', 'system'], ['import', 'system']]);
    // Put back in the folder, it imports again: the import took it down, not a person.
    await cp(join(FIXTURE_KB_DIR, 'en/pay-bill.md'), join(dir, 'en/pay-bill.md'));
    expect(await t.kb.importDirectory(dir)).toMatchObject({ added: 1 });
  });

  it('starts with the knowledge base as it is when the folder imported at start would overwrite console edits, saying so', async () => {
    await t.kbEditor.saveDraft('es', 'pagar-factura', { ...fields, title: 'Pagar (consola)' }, editor);
    await t.kbEditor.publish('es', 'pagar-factura', editor, { force: false });
    const lines: string[] = [];
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', AYUDA_SITE_DIR: DEMO_SITE_DIR, AYUDA_KB_DIR: FIXTURE_KB_DIR }, {});
    const server = await startServer(config, { database: t.database, logger: createLogger('info', (l) => lines.push(l)) });
    try {
      expect(lines.join('\n')).toMatch(/knowledge base not imported: it would overwrite console edits.*es\/pagar-factura/);
      const res = await fetch(`${server.url}/api/v1/kb/articles/es/pagar-factura`);
      expect(((await res.json()) as { title: string }).title).toBe('Pagar (consola)');
    } finally {
      await server.close();
    }
  });
});

