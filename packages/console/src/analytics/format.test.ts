// A change between two periods reads as the difference of the two figures the screen shows.
import { expect } from 'chai';
import { change, metricValue, type Fmt } from './format.js';
import { strings } from './i18n.js';

const en: Fmt = { locale: 'en', t: strings.en };
const es: Fmt = { locale: 'es', t: strings.es };

describe('analytics changes', () => {
  it('is the difference of the figures as shown: NPS 38 against 19 is +19, not +18.5', () => {
    expect([metricValue(en, 'nps', 38.4), metricValue(en, 'nps', 19.3)]).to.deep.equal(['38', '19']);
    expect(change(en, 'nps', 38.4, 19.3)).to.equal('+19 (better)');
    expect(change(es, 'nps', 19.3, 38.4)).to.equal('-19 (peor)');
  });

  it('says no change when the figures shown are the same, never "+0 (better)"', () => {
    expect(metricValue(es, 'fcr_rate', 0.43604)).to.equal(metricValue(es, 'fcr_rate', 0.43598));
    expect(metricValue(es, 'fcr_rate', 0.43604).replace(/\s/g, ' ')).to.equal('43,6 %');
    expect(change(es, 'fcr_rate', 0.43604, 0.43598)).to.equal('Sin cambio');
    expect(change(en, 'nps', 20.6, 19.6)).to.equal('+1 (better)');
    expect(change(en, 'nps', 20.2, 19.6)).to.equal('No change');
    expect(change(en, 'ces', 5.04, 4.96)).to.equal('No change');
  });

  it('writes a share’s change in points to a tenth, as the shares are written', () => {
    expect(change(en, 'fcr_rate', 0.436, 0.435)).to.equal('+0.1 points (better)');
    expect(change(en, 'reopen_rate', 0.12, 0.1)).to.equal('+2 points (worse)');
    expect(change(en, 'cases', 12, 12)).to.equal('No change');
    expect(change(en, 'cases', 13, 12)).to.equal('+1');
  });
});
