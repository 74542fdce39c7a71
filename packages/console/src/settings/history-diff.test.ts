import { expect } from 'chai';
import { diffValues, fieldLabel, showValue, summariseHistory, type FieldOf, type RevisionLike } from './history-diff.js';
import { strings } from './i18n.js';
import { SECTION_FORMS } from './forms/index.js';
import type { SectionStrings } from './section-form.js';

/** The labels of a section's form, as the screen gives them to the history. */
const fieldOf = (section: string, locale: 'es' | 'en' = 'en'): FieldOf => {
  const form = SECTION_FORMS[section]!;
  const s = form.strings[locale] as SectionStrings;
  return (path) => form.historyField?.(path, s, { locale, currency: 'eur' });
};
const lines = (section: string, before: unknown, after: unknown, locale: 'es' | 'en' = 'en') => {
  const [r] = summariseHistory([{ version: 2, value: after as RevisionLike['value'] }, { version: 1, value: before as RevisionLike['value'] }], null, { field: fieldOf(section, locale), words: strings[locale] });
  return r!.kind === 'changes' ? r!.lines : r;
};

const week = (from: string, to: string) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from, to }]]));
const SLA = {
  hours: { timeZone: 'Europe/Madrid', week: week('09:00', '17:00'), holidays: ['2026-12-25'], specialDays: {} },
  policy: { standard: { firstResponse: 480, resolution: 2400, calendar: false }, fast: { firstResponse: 60, resolution: 480, calendar: false }, laneChange: 'fromChange' },
};

describe('history-diff', () => {
  it('finds changed scalars by their path, nested ones too, and keys added and removed', () => {
    expect(diffValues({ a: 1, b: { c: 'x', d: true } }, { a: 1, b: { c: 'y', d: true }, e: [1] })).to.deep.equal([
      { kind: 'changed', path: ['b', 'c'], before: 'x', after: 'y' },
      { kind: 'added', path: ['e'], value: [1], item: false },
    ]);
    expect(diffValues({ a: 1, gone: 'x' }, { a: 1 })).to.deep.equal([{ kind: 'removed', path: ['gone'], value: 'x', item: false }]);
    expect(diffValues({ a: [1, 2] }, { a: [1, 2] })).to.deep.equal([]);
  });

  it('a changed scalar reads "<the form’s label>: old → new", in English and in Spanish', () => {
    expect(lines('company', { name: 'Nube', defaultLocale: 'es' }, { name: 'Nubefibra Telecom', defaultLocale: 'en' })).to.deep.equal(['Company name: Nube → Nubefibra Telecom', 'Default language: Spanish → English']);
    expect(lines('company', { name: 'Nube', defaultLocale: 'es' }, { name: 'Nubefibra Telecom', defaultLocale: 'en' }, 'es')).to.deep.equal(['Nombre de la empresa: Nube → Nubefibra Telecom', 'Idioma por defecto: Español → Inglés']);
    expect(lines('captcha', { enabled: false, maxNumber: 50000, cost: 1000 }, { enabled: true, maxNumber: 50000, cost: 1000 }, 'es')).to.deep.equal(['Pedir el captcha al crear un caso: no → sí']);
    expect(lines('limits', { casesPerIpPerHour: 10, casesPerEmailPerHour: 5, linkMailsPerEmailPerHour: 5, requestsPerIpPerMinute: 60 }, { casesPerIpPerHour: 20, casesPerEmailPerHour: 5, linkMailsPerEmailPerHour: 5, requestsPerIpPerMinute: 60 })).to.deep.equal(['Cases per IP an hour: 10 → 20']);
  });

  it('list items added and removed, by the list’s label', () => {
    expect(lines('origins', { origins: ['https://a.example', 'https://b.example'] }, { origins: ['https://b.example', 'https://c.example'] })).to.deep.equal(['Allowed origins: added https://c.example', 'Allowed origins: removed https://a.example']);
    expect(lines('origins', { origins: ['https://a.example'] }, { origins: [] }, 'es')).to.deep.equal(['Orígenes permitidos: se quitó https://a.example']);
    // Only the order changed: the list before and after.
    expect(lines('origins', { origins: ['https://a.example', 'https://b.example'] }, { origins: ['https://b.example', 'https://a.example'] })).to.deep.equal(['Allowed origins: https://a.example, https://b.example → https://b.example, https://a.example']);
  });

  it('nested changes in the business hours and targets, with the form’s labels and readable values', () => {
    const after = structuredClone(SLA);
    after.hours.week.mon = [{ from: '08:00', to: '14:00' }, { from: '15:00', to: '18:00' }];
    after.hours.week.sat = [{ from: '10:00', to: '14:00' }];
    after.hours.holidays = ['2026-12-25', '2027-01-01'];
    after.policy.fast.firstResponse = 30;
    after.policy.standard.calendar = true;
    after.policy.laneChange = 'fromCreation';
    (after.hours.specialDays as Record<string, unknown>)['2026-12-24'] = [{ from: '09:00', to: '13:00' }];
    expect(lines('sla', SLA, after)).to.deep.equal([
      'Business hours › Monday › Opens: 09:00 → 08:00',
      'Business hours › Monday › Closes: 17:00 → 14:00',
      'Business hours › Monday: added 15:00–18:00',
      'Business hours › Saturday: added 10:00–14:00',
      'Business hours › Holidays: added 2027-01-01',
      // No label in the form: named from its keys.
      'Business hours › Special days › 2026-12-24: added 09:00–13:00',
      'Targets per lane › Standard › Count calendar time (nights, weekends and holidays too): no → yes',
      'Targets per lane › Priority › First response: 1 h → 30 min',
    ]);
    const [r] = summariseHistory([{ version: 2, value: after }, { version: 1, value: SLA }], null, { field: fieldOf('sla'), words: strings.en });
    expect(r).to.deep.include({ kind: 'changes', more: 1 });
    expect(lines('sla', SLA, after, 'es')).to.include('Horario de atención › lunes › Abre: 09:00 → 08:00');
  });

  it('the fast lane’s plans are matched by their key: a plan removed, one added, a price changed, in the currency', () => {
    const plan = (key: string, amount: number) => ({ key, kind: 'incident', amount, name: { es: key, en: key } });
    const base = { enabled: true, name: { es: 'Prioritario', en: 'Priority' }, plans: [plan('a', 990), plan('b', 1990)], refunds: { beforeFirstReply: true, slaGuarantee: true, proratedCancellation: true }, tax: null, caseOverheadMinor: 0 };
    const after = { ...base, plans: [plan('b', 2490), plan('c', 500)], tax: { rate: 21, inclusive: true, label: { es: 'IVA', en: 'VAT' } } };
    expect(lines('fastlane', base, after)).to.deep.equal(['Plan 1 › Price (EUR): 19.90 → 24.90', 'Plans: added c, 5.00', 'Plans: removed a, 9.90', 'Tax included in the prices: none → Rate: 21, Inclusive: yes, Label: …']);
  });

  it('shows values readably: yes and no, lists joined, long ones cut with an ellipsis', () => {
    const w = strings.en;
    expect(showValue(true, w)).to.equal('yes');
    expect(showValue(false, strings.es)).to.equal('no');
    expect(showValue(['a', 'b'], w)).to.equal('a, b');
    expect(showValue([], w)).to.equal('none');
    expect(showValue('', w)).to.equal('(empty)');
    expect(showValue([{ a: 1 }, { a: 2 }], w)).to.equal('2 entries');
    const long = showValue('x'.repeat(200), w);
    expect(long).to.have.length(60);
    expect(long.endsWith('…')).to.equal(true);
    expect(fieldLabel(['hours', 'specialDays'], fieldOf('sla'))).to.equal('Business hours › Special days');
    expect(fieldLabel(['someNewKey', '0'], fieldOf('mail'))).to.equal('Some new key › 1');
  });

  it('caps the lines of a revision and says how many more', () => {
    const origins = Array.from({ length: 12 }, (_, i) => `https://s${i}.example`);
    const [r] = summariseHistory([{ version: 2, value: { origins } }, { version: 1, value: { origins: [] } }], null, { field: fieldOf('origins'), words: strings.en });
    expect(r).to.deep.include({ kind: 'changes', more: 4 });
    expect(r!.kind === 'changes' && r!.lines).to.have.length(8);
    expect(strings.en.moreChanges(4)).to.equal('and 4 more changes');
    expect(strings.es.moreChanges(4)).to.equal('y 4 cambios más');
  });

  it('back to the start value, saved with no change, and the oldest against the start value or, when the history was cut, its values', () => {
    const start = { name: 'Nubefibra', defaultLocale: 'es' };
    const revs: RevisionLike[] = [
      { version: 5, value: { name: 'Nube', defaultLocale: 'es' } },
      { version: 4, value: null },
      { version: 3, value: { name: 'Nube', defaultLocale: 'es' } },
      { version: 2, value: { name: 'Nube', defaultLocale: 'es' } },
      { version: 1, value: { name: 'Nube', defaultLocale: 'en' } },
    ];
    const o = { field: fieldOf('company'), words: strings.en };
    expect(summariseHistory(revs, start, o)).to.deep.equal([
      // After a reset: against the start value.
      { kind: 'changes', lines: ['Company name: Nubefibra → Nube'], more: 0 },
      { kind: 'start' },
      { kind: 'same' },
      { kind: 'changes', lines: ['Default language: English → Spanish'], more: 0 },
      { kind: 'changes', lines: ['Company name: Nubefibra → Nube', 'Default language: Spanish → English'], more: 0 },
    ]);
    // The first change shown is not the first ever (the list stops at 100): what it set.
    expect(summariseHistory(revs.slice(0, 3).map((r) => ({ ...r, version: r.version + 100 })), start, o).at(-1)).to.deep.equal({ kind: 'set', lines: ['Company name: Nube', 'Default language: Spanish'], more: 0 });
  });
});
