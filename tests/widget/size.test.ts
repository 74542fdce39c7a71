// Size budgets of the built widget (gzip sizes are deterministic, so they are tests; timings are
// benchmarks: `npm run bench`). `npm test` builds the widget first; run alone, this builds it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { AppearanceSettingsSchema, APPEARANCE_DEFAULTS, APPEARANCE_LIMITS } from '@ayuda/core';
import { buildWidget, bundleSizes, WIDGET_CDN_DIR } from '../../bench/widget.js';
import { withTheme } from '../../packages/server/src/widget/routes.js';

describe('widget size budgets', () => {
  beforeAll(() => {
    if (!existsSync(join(WIDGET_CDN_DIR, 'embed.js'))) buildWidget();
  });

  it('embed.js is at most 4,096 bytes gzip', () => {
    expect(bundleSizes().embed).toBeLessThanOrEqual(4096);
  });

  it('embed.js as the server sends it, with a theme that changes every field to its longest, is at most 4,096 bytes gzip', () => {
    const font = '"Source Sans 3", "Helvetica Neue", "Segoe UI", Roboto, Ubuntu, Arial, sans-serif';
    const theme = AppearanceSettingsSchema.parse({
      primary: '#c2185b',
      onPrimary: '#ffffff',
      radius: 4,
      font: 'custom',
      customFont: font.padEnd(APPEARANCE_LIMITS.fontMax, ' ').slice(0, APPEARANCE_LIMITS.fontMax).trimEnd(),
      position: 'bottom-left',
      // Labels of the longest length allowed, in words a site would write.
      label: { es: '¿Te ayudamos en algo?'.slice(0, APPEARANCE_LIMITS.labelMax), en: 'Can we help you now?'.slice(0, APPEARANCE_LIMITS.labelMax) },
      mode: 'dark',
    });
    expect(theme.customFont.length).toBeGreaterThan(APPEARANCE_LIMITS.fontMax - 5);
    expect(theme.label.es).toHaveLength(APPEARANCE_LIMITS.labelMax);
    expect(theme.label.en).toHaveLength(APPEARANCE_LIMITS.labelMax);
    const served = withTheme(readFileSync(join(WIDGET_CDN_DIR, 'embed.js'), 'utf8'), theme);
    expect(served).toContain('"--ayuda-font"');
    expect(gzipSync(served, { level: 9 }).length).toBeLessThanOrEqual(4096);
    // An unchanged theme costs next to nothing.
    const plain = withTheme(readFileSync(join(WIDGET_CDN_DIR, 'embed.js'), 'utf8'), AppearanceSettingsSchema.parse(APPEARANCE_DEFAULTS));
    expect(gzipSync(plain, { level: 9 }).length).toBeLessThanOrEqual(bundleSizes().embed);
  });

  it('everything loaded before the first search result is at most 46,080 bytes gzip', () => {
    const s = bundleSizes();
    expect(Object.keys(s.files).some((f) => f.includes('search'))).toBe(true); // the engine chunk is counted
    expect(s.searchView).toBeLessThanOrEqual(46_080);
  });

  it('carries none of the staff API: the widget imports @ayuda/client, never @ayuda/client/staff', () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    const src = join(WIDGET_CDN_DIR, '../../src');
    expect(files(src).filter((f) => readFileSync(f, 'utf8').includes('@ayuda/client/staff'))).toEqual([]);
    // Every staff endpoint's path starts /staff/ (or is /analytics/search, a staff report).
    const built = files(WIDGET_CDN_DIR).filter((f) => f.endsWith('.js'));
    expect(built.length).toBeGreaterThan(3);
    expect(built.filter((f) => /\/staff\/|\/analytics\/search/.test(readFileSync(f, 'utf8')))).toEqual([]);
  });
});
