import { describe, expect, it } from 'vitest';
import { csvCell, decimalAmount, toCsv } from './csv.js';
import { parseCsv } from '../testing/csv.js';

describe('CSV', () => {
  it('quotes cells with commas, quotes and line breaks, and nothing else', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvCell('ñandú 😀')).toBe('ñandú 😀');
  });

  it.each([
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1+cmd|/C calc!A0', "'+1+cmd|/C calc!A0"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['＝1+1', "'＝1+1"],
  ])('starts a formula-looking text cell %j with an apostrophe', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes a byte order mark, a header row and CRLF lines that read back as written', () => {
    const rows = [
      [1, '=cmd', 'a,b', 'line\nbreak', 'quote "x"', null],
      [2, 'ok', '', ' spaced ', 'ñ', '-'],
    ];
    const text = toCsv(['id', 'a', 'b', 'c', 'd', 'e'], rows);
    expect(text.startsWith('\uFEFFid,a,b,c,d,e\r\n')).toBe(true);
    expect(parseCsv(text.slice(1))).toEqual([
      ['id', 'a', 'b', 'c', 'd', 'e'],
      ['1', "'=cmd", 'a,b', 'line\nbreak', 'quote "x"', ''],
      ['2', 'ok', '', ' spaced ', 'ñ', "'-"],
    ]);
  });

  it('writes money as a decimal in its currency without float error', () => {
    expect(decimalAmount(1999, 'eur')).toBe('19.99');
    expect(decimalAmount(5, 'eur')).toBe('0.05');
    expect(decimalAmount(0, 'EUR')).toBe('0.00');
    expect(decimalAmount(2_147_483_647, 'usd')).toBe('21474836.47');
    expect(decimalAmount(500, 'jpy')).toBe('500');
    expect(decimalAmount(1234, 'kwd')).toBe('1.234');
    expect(decimalAmount(-150, 'eur')).toBe('-1.50');
  });
});
