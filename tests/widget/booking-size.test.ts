// "Book a call" loads only when asked for: none of its code or strings is in the embed, the idle
// preload or the search view, and what it adds has its own budget.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUDGETS } from '../../bench/budgets.js';
import { buildWidget, bookingSize, bundleSizes, WIDGET_CDN_DIR } from '../../bench/widget.js';

/** What opening the booking may add, gzip: its component, date grid, es/en strings and the form styles it shares with the case form (~8 KB today). */
const BOOKING_BUDGET = BUDGETS.find((b) => b.key === 'booking_chunk_gzip_bytes')!.limit;

describe('booking size', () => {
  beforeAll(() => {
    if (!existsSync(join(WIDGET_CDN_DIR, 'embed.js'))) buildWidget();
  });

  it('is not part of the embed, the idle preload or the search view', () => {
    const s = bundleSizes();
    const viewFiles = Object.keys(s.files);
    expect(viewFiles.some((f) => /ayuda-booking|form\.styles|session-/.test(f))).toBe(false);
    const embed = readFileSync(join(WIDGET_CDN_DIR, 'embed.js'), 'utf8');
    expect(embed).not.toMatch(/widget\/(ayuda-booking|form\.styles|session)-/);
    for (const f of viewFiles) expect(readFileSync(join(WIDGET_CDN_DIR, f), 'utf8')).not.toMatch(/Confirmar la cita|zoneHintOther/);
  });

  it(`adds at most ${BOOKING_BUDGET} bytes gzip when opened`, () => {
    const b = bookingSize();
    expect(Object.keys(b.files).some((n) => n.includes('ayuda-booking'))).toBe(true);
    expect(Object.keys(b.files).some((n) => /altcha|stripe|ayuda-fastlane/.test(n))).toBe(false);
    expect(b.total).toBeLessThanOrEqual(BOOKING_BUDGET);
  });
});
