// The fast lane loads only when asked for: none of its code or strings is in the embed or the
// search view (no price or plan exists in the widget at all: they come from the offer), the idle preload leaves it out, and what it adds has its own budget.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWidget, bundleSizes, fastlaneSize, WIDGET_CDN_DIR } from '../../bench/widget.js';

/**
 * What opening the fast lane may add, gzip: its own code and catalogue (~10 KB), "My requests"
 * (the account view that shares its sign-in and session: ~1.6 KB) and ALTCHA (~33 KB).
 */
const FASTLANE_BUDGET = 48_128;

describe('fast-lane size', () => {
  beforeAll(() => {
    if (!existsSync(join(WIDGET_CDN_DIR, 'embed.js'))) buildWidget();
  });

  it('is not part of the embed, the idle preload or the search view, which keeps its budget', () => {
    const s = bundleSizes();
    const viewFiles = Object.keys(s.files);
    expect(viewFiles.some((f) => /ayuda-fastlane|altcha|captcha|stripe/.test(f))).toBe(false);
    const embed = readFileSync(join(WIDGET_CDN_DIR, 'embed.js'), 'utf8');
    expect(embed).not.toMatch(/widget\/(ayuda-fastlane|altcha|captcha|stripe)-/);
    for (const f of viewFiles) expect(readFileSync(join(WIDGET_CDN_DIR, f), 'utf8')).not.toMatch(/altcha-widget|ayuda-fastlane-step|fallbackName|refundPolicy/);
    expect(s.searchView).toBeLessThanOrEqual(46_080);
  });

  it(`adds at most ${FASTLANE_BUDGET} bytes gzip when opened (its chunk, catalogue, captcha, ALTCHA; not Stripe.js)`, () => {
    const f = fastlaneSize();
    expect(Object.keys(f.files).some((n) => n.includes('ayuda-fastlane'))).toBe(true);
    expect(Object.keys(f.files).some((n) => n.includes('altcha'))).toBe(true);
    expect(Object.keys(f.files).some((n) => n.includes('stripe'))).toBe(false);
    expect(f.total).toBeLessThanOrEqual(FASTLANE_BUDGET);
  });
});
