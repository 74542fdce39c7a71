import { describe, expect, it } from 'vitest';
import { nulPaths, searchText, wellFormed } from './input.js';

describe('nulPaths', () => {
  it('finds U+0000 in nested strings and keys, and nothing else', () => {
    expect(nulPaths({ a: 'ok', b: ['x', 'y\0'], c: { d: '\0', 'e\0': 'fine' }, n: 1, z: null })).toEqual([['b', 1], ['c', 'd'], ['c', 'e\0']]);
    expect(nulPaths('a\u0000b')).toEqual([[]]);
    expect(nulPaths({ text: 'señal 😀 \u0001 \uD800' })).toEqual([]);
  });

  it('leaves class instances alone', () => {
    expect(nulPaths({ at: new Date(0), file: new Blob(['\0']) })).toEqual([]);
  });
});

describe('searchText', () => {
  it('reads control characters as spaces', () => {
    expect(searchText('wifi\u0000lento')).toBe('wifi lento');
    expect(searchText('\u0000')).toBe('');
    expect(searchText(' router\t\nrojo\u007f\u0085 ')).toBe('router rojo');
    expect(searchText('contraseña wifi')).toBe('contraseña wifi');
  });
});

describe('wellFormed', () => {
  it('replaces lone surrogates and keeps pairs', () => {
    expect(wellFormed('a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc');
    expect(wellFormed('\uDC00\uD800')).toBe('\uFFFD\uFFFD');
    expect(wellFormed('😀 señal \uD83D')).toBe('😀 señal \uFFFD');
  });
});
