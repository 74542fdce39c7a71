import { describe, expect, it } from 'vitest';
import { CHROMIUM_CANDIDATES, findChromium } from './chromium.mjs';

describe('findChromium', () => {
  it('takes CHROMIUM_PATH when it names a file', () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
  });

  it('finds nothing when CHROMIUM_PATH names no file, rather than picking another browser', () => {
    expect(findChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).toBeNull();
  });

  it('takes the first of the usual places that exists when CHROMIUM_PATH is unset', () => {
    expect(findChromium({}, ['/nonexistent/chromium', process.execPath, '/bin/sh'])).toBe(process.execPath);
    expect(findChromium({}, ['/nonexistent/chromium'])).toBeNull();
    expect(CHROMIUM_CANDIDATES[0]).toBe('/usr/bin/chromium');
  });
});
