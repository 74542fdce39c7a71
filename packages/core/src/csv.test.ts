// The CSV every download writes (the console's tables, the server's exports), against hostile text.
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.js';

describe('CSV for spreadsheets', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1+cmd|/C calc!A0', "'+1+cmd|/C calc!A0"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['＝1+1', "'＝1+1"],
    ['-1+cmd', "'-1+cmd"],
    ['-A1', "'-A1"],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['-15.95e3', "'-15.95e3"],
    ['-', "'-"],
    ['+15.95', "'+15.95"],
  ])('neutralises a formula: %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('quotes commas, quotes and line breaks, doubles quotes, and leaves numbers and plain text alone', () => {
    expect(csvCell('Pérez, Ana')).toBe('"Pérez, Ana"');
    expect(csvCell('dice "hola"')).toBe('"dice ""hola"""');
    expect(csvCell('dos\nlíneas')).toBe('"dos\nlíneas"');
    expect(csvCell('ñandú 😀')).toBe('ñandú 😀');
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it.each([
    ['-15.95', '-15.95'],
    ['-3', '-3'],
    ['0.00', '0.00'],
    ['1234567', '1234567'],
  ])('leaves text that is a plain number a number, negative too (no apostrophe: spreadsheets would read it as text): %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('starts with a byte order mark and ends every line with CRLF', () => {
    expect(toCsv(['Día', 'Casos'], [['2026-11-02', 3], ['=cmd', null]])).toBe('\uFEFFDía,Casos\r\n2026-11-02,3\r\n\'=cmd,\r\n');
  });
});
