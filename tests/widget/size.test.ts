// Size budgets of the built widget (gzip sizes are deterministic, so they are tests; timings are
// benchmarks: `npm run bench`). `npm test` builds the widget first; run alone, this builds it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWidget, bundleSizes, WIDGET_CDN_DIR } from '../../bench/widget.js';

describe('widget size budgets', () => {
  beforeAll(() => {
    if (!existsSync(join(WIDGET_CDN_DIR, 'embed.js'))) buildWidget();
  });

  it('embed.js is at most 4,096 bytes gzip', () => {
    expect(bundleSizes().embed).toBeLessThanOrEqual(4096);
  });

  it('everything loaded before the first search result is at most 46,080 bytes gzip', () => {
    const s = bundleSizes();
    expect(Object.keys(s.files).some((f) => f.includes('search'))).toBe(true); // the engine chunk is counted
    expect(s.searchView).toBeLessThanOrEqual(46_080);
  });
});
