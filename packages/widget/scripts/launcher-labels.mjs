// The launcher's label in every language, read from the catalogues (src/i18n/locales/*.ts) at
// build time and written into <ayuda-widget> in place of `__AYUDA_LAUNCHER_LABELS__`. The
// launcher is the one thing a page shows before the widget is used, so it must not wait for a
// catalogue download (and the extra frame that would follow). Adding a language stays one file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';

const LOCALES = fileURLToPath(new URL('../src/i18n/locales/', import.meta.url));
export const LABELS_MARKER = '__AYUDA_LAUNCHER_LABELS__';

/**
 * `{ en: 'Help', es: 'Ayuda' }`, from each catalogue's top-level `launcher:` entry: one line,
 * a plain string literal (any quotes and escapes; a trailing comment is allowed).
 */
export function launcherLabels() {
  const labels = {};
  for (const file of readdirSync(LOCALES).filter((f) => /^[\w-]+\.ts$/.test(f)).sort()) {
    const m = /^ {2}launcher:\s*((['"`])(?:\\.|(?!\2)[^\\])*\2)\s*,?\s*(?:\/\/.*)?$/m.exec(readFileSync(join(LOCALES, file), 'utf8'));
    const label = m && !m[1].includes('${') ? runInNewContext(m[1]) : undefined;
    if (typeof label !== 'string' || !label.trim()) throw new Error(`@ayuda/widget: ${file} needs a top-level \`launcher: '...'\` line (one line, a plain string)`);
    labels[file.slice(0, -3)] = label;
  }
  return labels;
}

/**
 * Writes the labels into the code that uses the marker (widget.ts), TypeScript or JavaScript
 * (its `declare const` line is left for the compiler); null for other code.
 */
export function withLauncherLabels(code) {
  const use = new RegExp(`(?<!declare const )\\b${LABELS_MARKER}\\b`, 'g');
  return use.test(code) ? code.replace(use, JSON.stringify(launcherLabels())) : null;
}
