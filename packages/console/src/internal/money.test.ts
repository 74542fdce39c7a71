// Money typed by staff, in the currency's minor units (Stripe's): EUR has 2 digits, JPY none, KWD 3.
import { expect } from 'chai';
import { fromMinorUnits, minorDigits, moneyPattern, toMinorUnits } from './money.js';

describe('money in minor units', () => {
  it('knows each currency’s digits', () => {
    expect(minorDigits('eur')).to.equal(2);
    expect(minorDigits('EUR')).to.equal(2);
    expect(minorDigits('jpy')).to.equal(0);
    expect(minorDigits('kwd')).to.equal(3);
    expect(minorDigits('not a currency')).to.equal(2);
  });

  it('reads typed amounts, with a point or a comma, without float errors', () => {
    expect(toMinorUnits('19.90', 'eur')).to.equal(1990);
    expect(toMinorUnits('29,9', 'eur')).to.equal(2990);
    expect(toMinorUnits('4.35', 'eur')).to.equal(435); // 4.35 * 100 = 434.99999…
    expect(toMinorUnits(' 12 ', 'eur')).to.equal(1200);
    expect(toMinorUnits('500', 'jpy')).to.equal(500);
    expect(toMinorUnits('1.250', 'kwd')).to.equal(1250);
    expect(toMinorUnits('1,5', 'kwd')).to.equal(1500);
    expect(toMinorUnits('', 'eur')).to.equal(null);
    expect(toMinorUnits('   ', 'jpy')).to.equal(null);
  });

  it('refuses what the currency cannot hold, and what is no amount', () => {
    expect(toMinorUnits('500.5', 'jpy')).to.be.NaN;
    expect(toMinorUnits('1.999', 'eur')).to.be.NaN;
    expect(toMinorUnits('1.2345', 'kwd')).to.be.NaN;
    for (const bad of ['abc', '-5', '1e3', '1.2.3', '.5', '0x10', '99999999999999999999']) expect(toMinorUnits(bad, 'eur'), bad).to.be.NaN;
  });

  it('writes minor units back as an input’s value', () => {
    expect(fromMinorUnits(1990, 'eur')).to.equal('19.90');
    expect(fromMinorUnits(3000, 'eur')).to.equal('30.00');
    expect(fromMinorUnits(500, 'jpy')).to.equal('500');
    expect(fromMinorUnits(1250, 'kwd')).to.equal('1.250');
    expect(fromMinorUnits(5, 'kwd')).to.equal('0.005');
    // In Spanish with a decimal comma: "1.250" would read as one thousand two hundred and fifty.
    expect(fromMinorUnits(1990, 'eur', 'es')).to.equal('19,90');
    expect(fromMinorUnits(1250, 'kwd', 'es')).to.equal('1,250');
    expect(fromMinorUnits(500, 'jpy', 'es')).to.equal('500');
    expect(fromMinorUnits(123456789, 'eur', 'es')).to.equal('1234567,89');
    for (const [amount, currency] of [[1990, 'eur'], [1250, 'kwd'], [500, 'jpy']] as const) expect(toMinorUnits(fromMinorUnits(amount, currency, 'es'), currency)).to.equal(amount);
  });

  it('gives an input pattern that matches the currency', () => {
    const re = (c: string) => new RegExp(`^(?:${moneyPattern(c)})$`, 'v');
    expect(re('eur').test('19,90')).to.equal(true);
    expect(re('eur').test('19,905')).to.equal(false);
    expect(re('jpy').test('500')).to.equal(true);
    expect(re('jpy').test('500.5')).to.equal(false);
    expect(re('kwd').test('1.250')).to.equal(true);
  });
});
