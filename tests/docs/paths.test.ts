// The docs name no file that does not exist: every relative link, and every repository path in
// backticks (`packages/server/src/app.ts`, `docs/api.md`), in README.md, docs/ and each
// package's README points at something in the repository.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
  ...readdirSync(join(ROOT, 'packages')).map((p) => `packages/${p}/README.md`).filter((f) => existsSync(join(ROOT, f))),
];
/** Top-level folders and files a path in the docs may start with. */
const REPO_ROOTS = /^(packages|docs|tests|demo|scripts|bench)\/|^(package\.json|vite\.config\.ts|tsconfig\.json|README\.md)$/;

/** What a doc names: [path as written, path from the repository root]. */
function named(file: string): Array<[string, string]> {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  const out: Array<[string, string]> = [];
  // A link shown as code (`[text](slug)`) is an example, not a link.
  for (const m of text.replace(/`[^`\n]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1]!.split('#')[0]!;
    if (!target || /^[a-z]+:/i.test(target) || target.startsWith('/')) continue;
    out.push([m[1]!, relative(ROOT, resolve(ROOT, dirname(file), decodeURI(target)))]);
  }
  for (const m of text.matchAll(/`([^`\s]+)`/g)) {
    const p = m[1]!.replace(/[.,:;]$/, '').replace(/:\d+$/, '');
    // Paths with placeholders or globs name a pattern, not a file.
    if (REPO_ROOTS.test(p) && !/[*<>{}$]/.test(p) && !p.includes('...')) out.push([m[1]!, p]);
  }
  return out;
}

describe('docs', () => {
  it.each(DOCS)('%s names only files that exist', (file) => {
    const missing = named(file).filter(([, p]) => !existsSync(join(ROOT, p))).map(([written]) => written);
    expect(missing).toEqual([]);
  });
});
