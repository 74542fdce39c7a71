import { describe, expect, it } from 'vitest';
import { CHROMIUM_CANDIDATES, HEADLESS_SHELL_CANDIDATES, findChromium, findTestChromium } from './chromium.mjs';

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

describe('findTestChromium', () => {
  it('takes the headless shell when there is one, else the browser', () => {
    expect(findTestChromium({}, ['/nonexistent/shell', process.execPath], ['/bin/sh'])).toBe(process.execPath);
    expect(findTestChromium({}, ['/nonexistent/shell'], ['/nonexistent/chromium', '/bin/sh'])).toBe('/bin/sh');
    expect(findTestChromium({}, ['/nonexistent/shell'], ['/nonexistent/chromium'])).toBeNull();
    expect(HEADLESS_SHELL_CANDIDATES[0]).toBe('/usr/bin/chromium-headless-shell');
  });

  it('takes CHROMIUM_PATH over the shell, and finds nothing when it names no file', () => {
    expect(findTestChromium({ CHROMIUM_PATH: '/bin/sh' }, [process.execPath])).toBe('/bin/sh');
    expect(findTestChromium({ CHROMIUM_PATH: '/nonexistent/chromium' }, [process.execPath])).toBeNull();
  });
});
