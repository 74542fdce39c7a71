// Money in minor units reads with the currency's own digits: two for EUR, none for JPY, three
// for KWD and BHD. formatMoney once divided every amount by 100 (500 yen read as "5 JPY").
import { describe, expect, it } from 'vitest';
import { formatMoney, minorDigits, formatWait, humaneDuration } from './format.js';
import type { Locale } from './api.js';

/** Intl separates the amount and the symbol with a no-break space; compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('minorDigits', () => {
  it("is the currency's minor-unit digits, whatever the case or spaces of the code", () => {
    expect(minorDigits('eur')).toBe(2);
    expect(minorDigits(' EUR ')).toBe(2);
    expect(minorDigits('jpy')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
    expect(minorDigits('bhd')).toBe(3);
  });

  it('is 2 for a code that is no currency', () => {
    expect(minorDigits('not a currency')).toBe(2);
    expect(minorDigits('')).toBe(2);
  });
});

describe('formatMoney', () => {
  it('reads euros with two decimals', () => {
    expect(plain(formatMoney('es', 990, 'eur'))).toBe('9,90 €');
    expect(plain(formatMoney('en', 990, 'EUR'))).toBe('€9.90');
    expect(plain(formatMoney('en', 123456, 'eur'))).toBe('€1,234.56');
  });

  it('reads yen with none: 500 minor units are 500 yen, not 5', () => {
    expect(plain(formatMoney('es', 500, 'jpy'))).toBe('500 JPY');
    expect(plain(formatMoney('en', 500, 'jpy'))).toBe('JP¥500');
  });

  it('reads Kuwaiti and Bahraini dinars with three: 1250 minor units are 1.250', () => {
    expect(plain(formatMoney('es', 1250, 'kwd'))).toBe('1,250 KWD');
    expect(plain(formatMoney('en', 1250, 'kwd'))).toBe('KWD 1.250');
    expect(plain(formatMoney('en', 1250, 'bhd'))).toBe('BHD 1.250');
  });
});

describe('formatMoney, formatted once', () => {
  it('answers each language, currency and amount as Intl does, the first time and the next', () => {
    const cases: Array<[Locale, number, string]> = [['es', 990, 'EUR'], ['en', 990, 'EUR'], ['es', 990, 'USD'], ['es', 991, 'EUR'], ['en', 500, 'JPY'], ['es', 0, 'EUR'], ['es', -0, 'EUR'], ['en', -990, 'EUR']];
    const intl = (locale: Locale, amount: number, code: string) =>
      new Intl.NumberFormat(locale === 'es' ? 'es-ES' : 'en-GB', { style: 'currency', currency: code }).format(amount / 10 ** minorDigits(code));
    for (let round = 0; round < 2; round++) {
      for (const [locale, amount, code] of cases) expect(formatMoney(locale, amount, code), `${locale} ${amount} ${code}, round ${round}`).toBe(intl(locale, amount, code));
    }
  });
});

describe('humaneDuration', () => {
  it('keeps minutes under an hour, hours under two days, then days, each rounded to the nearest', () => {
    expect(humaneDuration(0)).toEqual({ value: 1, unit: 'minute' });
    expect(humaneDuration(20.4)).toEqual({ value: 20, unit: 'minute' });
    expect(humaneDuration(59.4)).toEqual({ value: 59, unit: 'minute' });
    expect(humaneDuration(59.6)).toEqual({ value: 1, unit: 'hour' });
    expect(humaneDuration(150)).toEqual({ value: 3, unit: 'hour' });
    expect(humaneDuration(47 * 60 + 20)).toEqual({ value: 47, unit: 'hour' });
    expect(humaneDuration(47 * 60 + 40)).toEqual({ value: 2, unit: 'day' });
    expect(humaneDuration(4.4 * 1440)).toEqual({ value: 4, unit: 'day' });
  });
});

describe('formatWait', () => {
  it('writes the wait with Intl in the language asked', () => {
    expect(plain(formatWait('es', 20))).toBe('20 min');
    expect(plain(formatWait('es', 180))).toBe('3 h');
    expect(plain(formatWait('es', 3 * 1440))).toBe('3 días');
    expect(plain(formatWait('en', 180))).toBe('3 hrs');
    expect(plain(formatWait('en', 60))).toBe('1 hr');
    expect(plain(formatWait('en', 3 * 1440))).toBe('3 days');
  });
});
