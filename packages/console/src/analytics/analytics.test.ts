import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import '../define/ayuda-analytics.js';
import { parseView, type AyudaAnalytics } from './analytics.js';
import { parseRoute } from '../internal/router.js';
import { $, $$, cleanup, expectAccessible, fixture, text, useFake, waitFor, type Call, type FakeApi } from '../test-helpers.js';
import type { FastlaneAccount } from '@ayuda/client/staff';
import type { AyudaChart } from './chart.js';
import { setLocale } from '../internal/localize.js';

const FIGURES = {
  cases: 0, first_responses: 0, first_response_p50_s: null, first_response_p90_s: null, solved: 0, resolution_p50_s: null, resolution_p90_s: null,
  sla_measured: 0, sla_attainment: null, fcr_rate: null, reopen_rate: null, csat: null, csat_mean: null, csat_answers: 0, ces: null, ces_answers: 0,
  nps: null, nps_answers: 0, fastlane_worth: null, fastlane_worth_answers: 0, deflection_rate: null, deflections: 0, fastlane_revenue_minor: 0,
  fastlane_refunds_minor: 0, fastlane_net_revenue_minor: 0, fastlane_cost_minor: 0, fastlane_overhead_minor: 0, fastlane_time_s: 0, fastlane_unpriced_time_s: 0, fastlane_margin_minor: 0, currency: 'eur',
};
const PERIOD = { from: '2026-11-01T23:00:00.000Z', to: '2026-11-08T23:00:00.000Z' };
const LANE_FIGURES = {
  standard: { ...FIGURES, cases: 40, first_responses: 38, first_response_p50_s: 5400, first_response_p90_s: 20_000, sla_attainment: 0.9, csat: 0.82, csat_answers: 41, nps: 20, nps_answers: 10 },
  fast: { ...FIGURES, cases: 8, first_responses: 8, first_response_p50_s: 900, sla_attainment: 1, csat: 1, csat_answers: 5, fastlane_revenue_minor: 23_200, fastlane_refunds_minor: 2_900, fastlane_net_revenue_minor: 20_300, fastlane_cost_minor: 5_250, fastlane_overhead_minor: 1_000, fastlane_margin_minor: 15_050 },
};
const PREVIOUS = { standard: { ...LANE_FIGURES.standard, first_response_p50_s: 4680, sla_attainment: 0.95, csat: 0.8, csat_answers: 30 }, fast: { ...LANE_FIGURES.fast, first_response_p50_s: 1200 } };

function summary(lane: 'standard' | 'fast') {
  return { ...LANE_FIGURES[lane], ...PERIOD, lane, category: null, agentId: null, timeZone: 'Europe/Madrid', previous: { ...PREVIOUS[lane], from: '2026-10-25T23:00:00.000Z', to: PERIOD.from } };
}

const DAYS = ['01', '02', '03', '04', '05', '06', '07'];
const point = (i: number, over: Record<string, unknown>) => ({ ...FIGURES, start: `2026-11-${DAYS[i]}T23:00:00.000Z`, end: `2026-11-0${i + 2}T23:00:00.000Z`, ...over });
const standardPoints = DAYS.map((_, i) => point(i, { cases: [2, 8, 7, 9, 6, 4, 4][i], first_response_p50_s: i < 5 ? 3600 + i * 600 : null, sla_attainment: 0.9, csat: i === 1 ? 0.5 : null, fastlane_net_revenue_minor: i * 1000, fastlane_cost_minor: 500, fastlane_margin_minor: i * 1000 - 500 }));
const fastPoints = DAYS.map((_, i) => point(i, { cases: [0, 2, 1, 1, 2, 1, 1][i], first_response_p50_s: 900, sla_attainment: 1, csat: 1, fastlane_net_revenue_minor: i * 1000, fastlane_cost_minor: 500, fastlane_margin_minor: i * 1000 - 500 }));
const SERIES = { ...PERIOD, interval: 'day', timeZone: 'Europe/Madrid', currency: 'eur', lane: null, lanes: { standard: standardPoints, fast: fastPoints } };

const IMPACT = {
  lane: 'standard',
  fastlaneStartedAt: '2026-09-01T08:00:00.000Z',
  baseline: { from: '2026-08-25T08:00:00.000Z', to: '2026-09-01T08:00:00.000Z', source: 'fastlane_start' },
  period: PERIOD,
  timeZone: 'Europe/Madrid',
  first_response_p50_s: { baseline: 4680, period: 5400, difference: 720, ci95: [180, 1260], baselineN: 30, periodN: 38 },
  sla_attainment: { baseline: 0.95, period: 0.9, difference: -0.05, ci95: [-0.1, 0.02], baselineN: 30, periodN: 40 },
  csat: { baseline: 0.8, period: 0.82, difference: 0.02, ci95: [-0.05, 0.09], baselineN: 25, periodN: 41 },
  bootstrap: { resamples: 1000, seed: 15, maxValues: 4000 },
};

function answer(fake: FakeApi): void {
  fake.on('GET /staff/settings/sla', () => ({ status: 200, body: { section: 'sla', value: { hours: { timeZone: 'Europe/Madrid' } } } }));
  fake.on('GET /staff/analytics/summary', (c: Call) => ({ status: 200, body: summary(c.query.get('lane') === 'fast' ? 'fast' : 'standard') }));
  fake.on('GET /staff/analytics/series', (c: Call) => {
    const lane = c.query.get('lane');
    return { status: 200, body: lane ? { ...SERIES, lanes: undefined, lane, points: lane === 'fast' ? fastPoints : standardPoints } : SERIES };
  });
  fake.on('GET /staff/analytics/lane-impact', () => ({ status: 200, body: IMPACT }));
}

/** Captures what "Download CSV" hands the browser: the file's name and bytes. */
function captureDownloads(): { files: Array<{ name: string; blob: Blob }>; restore: () => void } {
  const files: Array<{ name: string; blob: Blob }> = [];
  const blobs = new Map<string, Blob>();
  const create = URL.createObjectURL;
  const click = HTMLAnchorElement.prototype.click;
  URL.createObjectURL = (b: Blob | MediaSource) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, b as Blob);
    return url;
  };
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    if (this.download) files.push({ name: this.download, blob: blobs.get(this.href)! });
    else click.call(this);
  };
  return {
    files,
    restore: () => {
      URL.createObjectURL = create;
      HTMLAnchorElement.prototype.click = click;
    },
  };
}

const bytes = async (b: Blob) => new Uint8Array(await b.arrayBuffer());
const csvText = async (b: Blob) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await bytes(b));

const mount = (query: string) => fixture<AyudaAnalytics>(`<ayuda-analytics query="${query}"></ayuda-analytics>`);
const loaded = (el: AyudaAnalytics) => waitFor(() => $(el, 'table[data-name=key-figures]'), 'the key figures');
const charts = (el: AyudaAnalytics) => $$<AyudaChart>(el, 'ayuda-chart');
const rowOf = (el: AyudaAnalytics, table: string, header: string) => [...(el.shadowRoot!.querySelectorAll(`table[data-name=${table}] tbody tr`) as NodeListOf<HTMLTableRowElement>)].find((r) => r.querySelector('th')?.textContent === header);

describe('ayuda-analytics', () => {
  let fake: FakeApi;
  afterEach(cleanup);

  it('keeps its view in the address', () => {
    expect(parseRoute('#/admin/analytics?from=2026-11-02&to=2026-11-08&lane=fast')).to.deep.equal({ name: 'admin', tab: 'analytics', query: 'from=2026-11-02&to=2026-11-08&lane=fast' });
    expect(parseRoute('#/admin/team')).to.deep.equal({ name: 'admin', tab: 'team', query: '' });
  });

  it('loads each lane’s figures for local days in the company’s zone, beside the previous period, with the standard lane’s impact in words (English)', async () => {
    fake = await useFake('en');
    answer(fake);
    const el = mount('from=2026-11-02&to=2026-11-08');
    await loaded(el);
    // Monday 2 to Sunday 8 November in Madrid (CET): from its midnight to the next Monday's.
    const [std, fast] = fake.to('GET /staff/analytics/summary');
    expect([std!.query.get('lane'), fast!.query.get('lane')]).to.deep.equal(['standard', 'fast']);
    expect(std!.query.get('from')).to.equal('2026-11-01T23:00:00.000Z');
    expect(std!.query.get('to')).to.equal('2026-11-08T23:00:00.000Z');
    const series = fake.to('GET /staff/analytics/series')[0]!;
    expect(series.query.get('lane')).to.equal(null);
    expect(series.query.get('from')).to.equal('2026-11-01T23:00:00.000Z');
    expect(fake.to('GET /staff/analytics/lane-impact')[0]!.query.get('to')).to.equal('2026-11-08T23:00:00.000Z');

    const cells = (header: string) => [...rowOf(el, 'key-figures', header)!.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells('First response (median)')).to.deep.equal(['1 h 30 min', '1 h 18 min', '12 min slower (worse)', '15 min', '20 min', '5 min faster (better)']);
    expect(cells('Targets met (SLA)').slice(0, 3)).to.deep.equal(['90%', '95%', '-5 points (worse)']);
    expect(cells('Satisfied customers (CSAT)')[0]).to.equal('82% (41 answers)');
    expect(text($(el, 'p[data-figure=first_response]'))).to.equal('The standard lane’s first response got 12 min slower (95 % interval: 3 min to 21 min).');
    expect(text($(el, 'p[data-figure=sla]'))).to.equal('The standard lane’s targets met fell by 5 points (95 % interval: -10 points to +2 points; it may be chance).');
    expect(text(el)).to.contain('From 2 Nov 2026 to 8 Nov 2026 (Europe/Madrid time).');

    // Every chart has its table (and its CSV); the canvas is an image that says what it shows.
    const all = charts(el);
    expect(all.map((c) => c.dataset.name)).to.deep.equal(['cases', 'first-response', 'sla', 'csat', 'fastlane-money']);
    for (const c of all) {
      await waitFor(() => $(c, 'canvas[role=img]'), `the canvas of ${c.dataset.name}`);
      expect($(c, 'details table'), c.dataset.name).to.not.equal(null);
      expect($(c, 'details button.csv'), c.dataset.name).to.not.equal(null);
    }
    const fr = all[1]!;
    expect($(fr, 'canvas')!.getAttribute('aria-label')).to.equal(
      'Chart: First response (median). Standard: starts at 1 h and ends at 1 h 40 min; lowest 1 h, highest 1 h 40 min. Priority: starts at 15 min and ends at 15 min; lowest 15 min, highest 15 min.',
    );
    const frRows = [...fr.shadowRoot!.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent));
    expect(frRows[0]).to.deep.equal(['2 Nov 2026', '1 h', '15 min']);
    expect(frRows[6]).to.deep.equal(['8 Nov 2026', 'No data', '15 min']);
    // A server from before the fast-lane account API (404) says so in its place.
    await waitFor(() => $(el, '[data-account=unavailable]'), 'the account’s absence');
    expect(text($(el, '[data-account=unavailable]'))).to.equal('This server does not give the detail by plan, refund reason and person yet.');
    await expectAccessible(el, 'the analytics screen');
  });

  it('on a phone (375 px wide), the key figures scroll sideways in their own box, with each row’s name kept in sight, never the page', async () => {
    fake = await useFake('en');
    answer(fake);
    await setViewport({ width: 375, height: 812 });
    try {
      const el = mount('from=2026-11-02&to=2026-11-08');
      const table = await loaded(el);
      await expectAccessible(el, 'narrow');
      const page = document.scrollingElement!;
      expect(page.scrollWidth, 'the page').to.be.at.most(page.clientWidth);
      for (const section of $$(el, 'section')) expect(section.scrollWidth, 'a card').to.be.at.most(section.clientWidth);
      // The table (754 px) scrolls in a box a keyboard can reach and that says what it holds.
      const box = table.closest<HTMLElement>('.table-scroll')!;
      expect(box.scrollWidth).to.be.above(box.clientWidth);
      expect(box.tabIndex).to.equal(0);
      expect(box.getAttribute('aria-label')).to.equal(text(table.querySelector('caption')));
      box.scrollLeft = 200;
      const name = rowOf(el, 'key-figures', 'First response (median)')!.querySelector('th')!;
      expect(Math.abs(name.getBoundingClientRect().left - box.getBoundingClientRect().left)).to.be.below(2);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('falls back to the defaults on a bad link (last 30 days, both lanes, the interval the server picks), with no page error', async () => {
    const errors: string[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.message);
    const onRejection = (e: PromiseRejectionEvent) => errors.push(String(e.reason));
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    try {
      expect(parseView('from=abc&to=2026-13-45&lane=zzz&interval=year')).to.deep.equal({ from: null, to: null, lane: null, interval: null });
      expect(parseView('from=2026-02-30&to=2026-11-08')).to.deep.equal({ from: null, to: '2026-11-08', lane: null, interval: null });
      fake = await useFake('en');
      answer(fake);
      const el = mount('from=abc&to=2026-13-45&lane=zzz&interval=year');
      await loaded(el);
      const summaries = fake.to('GET /staff/analytics/summary');
      expect(summaries.map((c) => c.query.get('lane'))).to.deep.equal(['standard', 'fast']);
      const days = (Date.parse(summaries[0]!.query.get('to')!) - Date.parse(summaries[0]!.query.get('from')!)) / 86_400_000;
      expect(days).to.be.closeTo(30, 0.05);
      expect(fake.to('GET /staff/analytics/series')[0]!.query.get('interval')).to.equal(null);
      expect($<HTMLInputElement>(el, 'input[name=from]')!.value).to.match(/^\d{4}-\d{2}-\d{2}$/);
      expect($(el, '[role=alert] .error')).to.equal(null);
      await new Promise((r) => setTimeout(r, 50));
      expect(errors).to.deep.equal([]);
    } finally {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    }
  });

  it('asks for one lane when filtered, and says so in the address', async () => {
    fake = await useFake('en');
    answer(fake);
    const el = mount('from=2026-11-02&to=2026-11-08');
    await loaded(el);
    const select = $<HTMLSelectElement>(el, 'select[name=lane]')!;
    select.value = 'fast';
    select.dispatchEvent(new Event('change'));
    await waitFor(() => fake.to('GET /staff/analytics/series').length === 2, 'the fast lane’s series');
    await waitFor(() => !el.loading && el.data?.lanes.length === 1, 'the fast lane’s figures');
    expect(fake.to('GET /staff/analytics/series')[1]!.query.get('lane')).to.equal('fast');
    const summaries = fake.to('GET /staff/analytics/summary').slice(2);
    expect(summaries.map((c) => c.query.get('lane'))).to.deep.equal(['fast']);
    expect(location.hash).to.equal('#/admin/analytics?from=2026-11-02&to=2026-11-08&lane=fast');
    await el.updateComplete;
    // Only the fast lane's column, no standard-lane impact, one line per chart.
    expect([...el.shadowRoot!.querySelectorAll('table[data-name=key-figures] thead th')].map((th) => th.textContent)).to.deep.equal(['Figure', 'Priority: This period', 'Priority: Previous period', 'Priority: Change']);
    expect($(el, 'table[data-name=standard-lane-impact]')).to.equal(null);
    expect(charts(el)[0]!.series.map((s) => s.label)).to.deep.equal(['Priority']);
  });

  it('downloads each table as CSV: byte order mark, CRLF, formulas neutralised, under a name with the period', async () => {
    fake = await useFake('en');
    answer(fake);
    const account: FastlaneAccount = {
      ...PERIOD,
      timeZone: 'Europe/Madrid',
      currency: 'eur',
      totals: { revenue_minor: 23_200, refunds_minor: 2_900, net_revenue_minor: 20_300, time_cost_minor: 5_250, overhead_minor: 1_000, cost_minor: 6_250, margin_minor: 14_050, time_s: 10_500, unpriced_time_s: 1_200, fastlane_cases: 8, payments: 6 },
      months: [{ month: '2026-11', plan: 'oro', plan_name: 'Plan "Oro", anual', kind: 'subscription', payments: 2, revenue_minor: 9_800, refunds_minor: 0, net_revenue_minor: 9_800 }],
      costByMonth: [{ month: '2026-11', time_cost_minor: 5_250, overhead_minor: 1_000, cost_minor: 6_250, time_s: 10_500, fastlane_cases: 8 }],
      refundsByReason: [{ reason_code: 'sla_guarantee', automatic: true, count: 1, amount_minor: 2_900 }],
      byAgent: [{ agentId: 3, name: '=HYPERLINK("http://evil.example","Ana")', time_s: 5_400, cost_minor: 4_500, hourly_cost_minor: 3_000 }, { agentId: 4, name: '@Luis\nNuevo', time_s: 1_200, cost_minor: 0, hourly_cost_minor: null }],
    };
    fake.on('GET /staff/analytics/fastlane', () => ({ status: 200, body: account }));
    // A period at a loss: its margin is negative.
    fake.on('GET /staff/analytics/summary', (c: Call) => ({ status: 200, body: c.query.get('lane') === 'fast' ? { ...summary('fast'), fastlane_margin_minor: -1_595 } : summary('standard') }));
    const saved = captureDownloads();
    try {
      const el = mount('from=2026-11-02&to=2026-11-08');
      await loaded(el);
      await waitFor(() => $(el, 'table[data-name=fastlane-cost-by-person]'), 'the account');
      $<HTMLButtonElement>(el, '.table-scroll:has(table[data-name=fastlane-cost-by-person]) + .table-actions button')!.click();
      const cases = charts(el)[0]!;
      $<HTMLButtonElement>(cases, 'details button.csv')!.click();
      expect(saved.files.map((f) => f.name)).to.deep.equal(['ayuda-analytics-fastlane-cost-by-person-2026-11-02-2026-11-08.csv', 'ayuda-analytics-cases-2026-11-02-2026-11-08.csv']);
      const people = saved.files[0]!.blob;
      expect([...(await bytes(people)).slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
      expect(await csvText(people)).to.equal(
        '\uFEFFPerson,Team time (s),Hourly cost now (EUR),Cost (EUR)\r\n' + `"'=HYPERLINK(""http://evil.example"",""Ana"")",5400,30.00,45.00\r\n` + `"'@Luis\nNuevo",1200,,0.00\r\n`,
      );
      expect(await csvText(saved.files[1]!.blob)).to.equal('\uFEFFDate,Standard,Priority\r\n' + ['2026-11-02,2,0', '2026-11-03,8,2', '2026-11-04,7,1', '2026-11-05,9,1', '2026-11-06,6,2', '2026-11-07,4,1', '2026-11-08,4,1'].map((l) => `${l}\r\n`).join(''));
      // On screen the hostile name is text, never markup or a link.
      expect($(el, 'table[data-name=fastlane-cost-by-person] a')).to.equal(null);
      expect(text($(el, 'table[data-name=fastlane-cost-by-person]'))).to.contain('=HYPERLINK("http://evil.example","Ana")');
      expect(text($(el, 'table[data-name=fastlane-refunds-by-reason]'))).to.contain('Response-time guarantee Yes 1 €29.00');
      expect(charts(el).map((c) => c.dataset.name)).to.include.members(['fastlane-revenue-by-plan', 'fastlane-revenue-vs-cost']);
      // Cost broken down where it is shown: the team's time + the fixed cost per case (the settings form's name) = cost.
      const cells = (header: string) => [...rowOf(el, 'fastlane-account', header)!.querySelectorAll('td')].map((td) => td.textContent);
      expect([cells('Cost of time'), cells('Fixed cost per case'), cells('Cost')].map((c) => c[0])).to.deep.equal(['€42.50', '€10.00', '€52.50']);
      const vsCost = charts(el).find((c) => c.dataset.name === 'fastlane-revenue-vs-cost')!;
      expect([...vsCost.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent)).to.deep.equal(['Month', 'Net revenue', 'Cost of time', 'Fixed cost per case', 'Cost', 'Margin']);
      expect([...vsCost.shadowRoot!.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent))).to.deep.equal([['Nov 2026 (incomplete)', '€98.00', '€52.50', '€10.00', '€62.50', '€35.50']]);
      expect(vsCost.series.map((x) => x.label)).to.deep.equal(['Net revenue', 'Cost', 'Margin']);
      // Monthly points are drawn as months (a tick and label at each point), not as a line over a daily axis; a lone month still draws.
      expect([vsCost.monthly, charts(el)[0]!.monthly]).to.deep.equal([true, false]);
      await waitFor(() => $(vsCost, 'canvas[role=img]'), 'the monthly chart');
      // The account's CSV: amounts in euros (not minor units), keys that say so, a negative amount a number.
      $<HTMLButtonElement>(el, '.table-scroll:has(table[data-name=fastlane-account]) + .table-actions button')!.click();
      const accountCsv = (await csvText(saved.files.at(-1)!.blob)).split('\r\n');
      expect(accountCsv.slice(1, 8)).to.deep.equal([
        'Revenue,fastlane_revenue_eur,232.00,232.00',
        'Refunds,fastlane_refunds_eur,29.00,29.00',
        'Net revenue,fastlane_net_revenue_eur,203.00,203.00',
        'Cost of time,fastlane_time_cost_eur,42.50,42.50',
        'Fixed cost per case,fastlane_overhead_eur,10.00,10.00',
        'Cost,fastlane_cost_eur,52.50,52.50',
        'Margin,fastlane_margin_eur,-15.95,150.50',
      ]);
      expect(fake.to('GET /staff/analytics/fastlane')[0]!.query.get('from')).to.equal('2026-11-01T23:00:00.000Z');
    } finally {
      saved.restore();
    }
  });

  it('says what failed: a period with too many points (422), the server down (500), dates the wrong way round', async () => {
    fake = await useFake('en');
    answer(fake);
    fake.on('GET /staff/analytics/series', () => ({ status: 422, body: { type: 'https://ayuda.dev/problems/validation-error', title: 'Invalid request', status: 422, errors: [{ field: 'query.interval', message: 'too many' }] } }));
    let el = mount('from=2025-01-01&to=2026-11-08&interval=day');
    await waitFor(() => $(el, '[role=alert] .error'), 'the error');
    expect(text($(el, '[role=alert]'))).to.equal('Too many points for that period: group by week or month, or shorten the period.');
    expect($(el, 'table[data-name=key-figures]')).to.equal(null);
    expect(fake.to('GET /staff/analytics/series')[0]!.query.get('interval')).to.equal('day');
    cleanup();
    fake.refuse('GET /staff/analytics/series', 500);
    el = mount('from=2026-11-02&to=2026-11-08');
    await waitFor(() => $(el, '[role=alert] .error'), 'the error');
    expect(text($(el, '[role=alert]'))).to.match(/^The figures could not be loaded\. \S/);
    cleanup();
    const before = fake.calls.length;
    el = mount('from=2026-11-09&to=2026-11-08');
    await waitFor(() => $(el, '[role=alert] .error'), 'the error');
    expect(text($(el, '[role=alert]'))).to.equal('"From" must be on or before "To".');
    expect(fake.calls.slice(before).filter((c) => c.path.startsWith('/staff/analytics'))).to.have.length(0);
    await expectAccessible(el, 'an error');
  });

  it('takes the longest period (1,096 days) that starts in summer time and ends in winter time, an hour longer than 1,096 × 24 h', async () => {
    fake = await useFake('en');
    answer(fake);
    const before = fake.calls.length;
    // 28 October 2023 to 27 October 2026 in Madrid: CEST (+2) at its start, CET (+1) at its end.
    const el = mount('from=2023-10-28&to=2026-10-27');
    await loaded(el);
    expect($<HTMLInputElement>(el, 'input[name=from]')!.getAttribute('aria-invalid')).to.equal('false');
    const asked = fake.calls.slice(before).find((c) => c.path === '/staff/analytics/summary')!;
    expect([asked.query.get('from'), asked.query.get('to')]).to.deep.equal(['2023-10-27T22:00:00.000Z', '2026-10-27T23:00:00.000Z']);
  });

  it('says at the From field, before asking, that a period longer than 3 years is too long, from a link or typed (Spanish too)', async () => {
    fake = await useFake('en');
    answer(fake);
    const before = fake.calls.length;
    const el = mount('from=2010-01-01&to=2026-12-07');
    const from = () => $<HTMLInputElement>(el, 'input[name=from]')!;
    await waitFor(() => from().getAttribute('aria-invalid') === 'true', 'the period refused');
    expect(text($(el, `#${from().getAttribute('aria-describedby')}`))).to.equal('The period can be at most 3 years (1096 days): move "From" closer to "To".');
    // Not a failed load.
    expect($$(el, 'p.error')).to.have.length(0);
    expect(fake.calls.slice(before).filter((c) => c.path.startsWith('/staff/analytics'))).to.have.length(0);
    // The date pickers offer only days that make a period the server takes.
    expect([from().min, from().max, $<HTMLInputElement>(el, 'input[name=to]')!.min]).to.deep.equal(['2023-12-08', '2026-12-07', '2010-01-01']);
    await expectAccessible(el, 'a period too long');
    // Typed: a shorter period loads and the mark goes; a longer one again is refused.
    from().value = '2026-11-02';
    $<HTMLFormElement>(el, 'form')!.requestSubmit();
    await loaded(el);
    expect(from().getAttribute('aria-invalid')).to.equal('false');
    await setLocale('es');
    try {
      from().value = '2023-12-01';
      $<HTMLFormElement>(el, 'form')!.requestSubmit();
      await waitFor(() => from().getAttribute('aria-invalid') === 'true', 'the typed period refused');
      expect(text($(el, '#period-error'))).to.equal('El periodo puede ser de 3 años como máximo (1096 días): acerca «Desde» a «Hasta».');
      expect($(el, 'table[data-name=key-figures]')).to.equal(null);
    } finally {
      await setLocale('en');
    }
  });

  it('keeps what it shows when the server says too many requests (429), and says when to try again', async () => {
    fake = await useFake('en');
    answer(fake);
    const el = mount('from=2026-11-02&to=2026-11-08');
    await loaded(el);
    const limited = () => ({ status: 429, body: { type: 'https://ayuda.dev/problems/rate-limited', title: 'Too many requests', status: 429, detail: 'Try again in 17 seconds.' }, headers: { 'Retry-After': '17' } });
    fake.on('GET /staff/analytics/summary', limited);
    fake.on('GET /staff/analytics/fastlane', limited);
    el.query = 'from=2026-11-02&to=2026-11-08&interval=week';
    await waitFor(() => $(el, '[role=alert] .error'), 'the error');
    expect(text($(el, '[role=alert]'))).to.equal('Too many requests; try again in 17 seconds.');
    expect($(el, 'table[data-name=key-figures]')).to.not.equal(null);
    expect(text(el)).to.contain('From 2 Nov 2026 to 8 Nov 2026 (Europe/Madrid time).');
    cleanup();
    // Spanish; the account refused on its own; another refusal reads as a sentence after the first.
    fake = await useFake('es');
    answer(fake);
    fake.on('GET /staff/analytics/fastlane', limited);
    const es = mount('from=2026-11-02&to=2026-11-08');
    await loaded(es);
    await waitFor(() => $(es, '[data-account=rate-limited]'), 'the account’s refusal');
    expect(text($(es, '[data-account=rate-limited]'))).to.equal('Demasiadas peticiones; inténtalo de nuevo en 17 segundos.');
    cleanup();
    fake.refuse('GET /staff/analytics/series', 429);
    const other = mount('from=2026-11-02&to=2026-11-08');
    await waitFor(() => $(other, '[role=alert] .error'), 'the error');
    expect(text($(other, '[role=alert]'))).to.equal('Demasiadas peticiones; inténtalo de nuevo en un momento.');
    cleanup();
    fake.refuse('GET /staff/analytics/series', 500);
    const down = mount('from=2026-11-02&to=2026-11-08');
    await waitFor(() => $(down, '[role=alert] .error'), 'the error');
    expect(text($(down, '[role=alert]'))).to.equal('No se pudieron cargar los datos. El servidor no está disponible ahora.');
  });

  /** A fast-lane account of one incident payment, whose plan is named in the language asked for (`slow`: answered late in those). */
  function accountByLanguage(fake: FakeApi, slow: Set<string> = new Set()): void {
    const names: Record<string, string> = { en: 'This request', es: 'Esta consulta' };
    fake.on('GET /staff/analytics/fastlane', async (c: Call) => {
      const locale = c.query.get('locale') ?? '';
      if (slow.has(locale)) await new Promise((r) => setTimeout(r, 400));
      return {
        status: 200,
        body: {
          ...PERIOD,
          timeZone: 'Europe/Madrid',
          currency: 'eur',
          totals: { revenue_minor: 990, refunds_minor: 0, net_revenue_minor: 990, time_cost_minor: 0, overhead_minor: 0, cost_minor: 0, margin_minor: 990, time_s: 0, unpriced_time_s: 0, fastlane_cases: 1, payments: 1 },
          months: [{ month: '2026-11', plan: 'incident', plan_name: names[locale] ?? 'incident', kind: 'incident', payments: 1, revenue_minor: 990, refunds_minor: 0, net_revenue_minor: 990 }],
          costByMonth: [],
          refundsByReason: [],
          byAgent: [],
        } satisfies FastlaneAccount,
      };
    });
  }
  const planCells = (el: AyudaAnalytics) => text(charts(el).find((c) => c.dataset.name === 'fastlane-revenue-by-plan')?.shadowRoot?.querySelector('table') ?? null);

  it('names the fast lane’s plans in its own language, and again when it changes', async () => {
    fake = await useFake('en');
    answer(fake);
    accountByLanguage(fake);
    const el = mount('from=2026-11-02&to=2026-11-08');
    await loaded(el);
    await waitFor(() => planCells(el).includes('This request'), 'the plan in English');
    await setLocale('es');
    await waitFor(() => planCells(el).includes('Esta consulta'), 'the plan in Spanish');
    expect(fake.calls.filter((c) => c.path.endsWith('/staff/analytics/fastlane')).map((c) => c.query.get('locale'))).to.deep.equal(['en', 'es']);
  });

  it('marks the periods it covers only in part: hollow points, "(incomplete)" rows, and the plan’s kind in the legend', async () => {
    fake = await useFake('en');
    answer(fake);
    accountByLanguage(fake);
    // Weeks from Thursday 5 November: the first week is cut by the period's start, the second is whole.
    const week = (start: string, end: string, cases: number) => ({ ...FIGURES, start, end, cases });
    const weeks = [week('2026-11-04T23:00:00.000Z', '2026-11-08T23:00:00.000Z', 3), week('2026-11-08T23:00:00.000Z', '2026-11-15T23:00:00.000Z', 9)];
    fake.on('GET /staff/analytics/series', () => ({ status: 200, body: { ...SERIES, from: weeks[0]!.start, to: weeks[1]!.end, interval: 'week', lanes: { standard: weeks, fast: weeks } } }));
    const el = mount('from=2026-11-05&to=2026-11-15');
    await loaded(el);
    const cases = charts(el).find((c) => c.dataset.name === 'cases')!;
    expect([...cases.partial]).to.deep.equal([true, false]);
    const firstCells = [...cases.shadowRoot!.querySelectorAll('tbody tr th')].map((th) => th.textContent);
    expect(firstCells).to.deep.equal(['5 Nov 2026 (incomplete)', '9 Nov 2026']);
    expect(text($(cases, 'p.partial'))).to.equal('Hollow point: an incomplete period (its figures may still change).');
    await waitFor(() => $(cases, 'canvas[role=img]'), 'the canvas');
    expect($(cases, 'canvas')!.getAttribute('aria-label')).to.match(/ Incomplete periods: 5 Nov\.$/);
    // The account's November is cut by the period on both sides; its plan says what kind it is.
    await waitFor(() => planCells(el).includes('This request'), 'the plan');
    const byPlan = charts(el).find((c) => c.dataset.name === 'fastlane-revenue-by-plan')!;
    expect([...byPlan.partial]).to.deep.equal([true]);
    expect(text($(byPlan, '.legend'))).to.equal('This request (per request)');
    expect(text(rowOf(el, 'fastlane-months', 'Nov 2026 (incomplete)') ?? null)).to.contain('Per request');
    await expectAccessible(el, 'the analytics screen with incomplete periods');
    // A whole week that has not ended yet is incomplete too.
    cleanup();
    const now = Date.now();
    const open = [week(new Date(now - 86_400_000).toISOString(), new Date(now + 86_400_000).toISOString(), 1)];
    fake.on('GET /staff/analytics/series', () => ({ status: 200, body: { ...SERIES, interval: 'week', lanes: { standard: open, fast: open } } }));
    const current = mount('from=2026-11-05&to=2026-11-15');
    await loaded(current);
    expect([...charts(current)[0]!.partial]).to.deep.equal([true]);
  });

  it('keeps the newest language’s plan names when an older answer comes last', async () => {
    fake = await useFake('es');
    answer(fake);
    const slow = new Set<string>();
    accountByLanguage(fake, slow);
    const el = mount('from=2026-11-02&to=2026-11-08');
    await loaded(el);
    await waitFor(() => planCells(el).includes('Esta consulta'), 'the plan in Spanish');
    // Spanish, English (answered late), Spanish again: the English answer arrives last.
    slow.add('en');
    await setLocale('en');
    await el.updateComplete;
    await setLocale('es');
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 600));
    expect(fake.calls.filter((c) => c.path.endsWith('/staff/analytics/fastlane')).map((c) => c.query.get('locale'))).to.deep.equal(['es', 'en', 'es']);
    expect(planCells(el)).to.contain('Esta consulta');
    expect(planCells(el)).to.not.contain('This request');
  });

  it('speaks Spanish, and says when there is no “before” to compare the standard lane with', async () => {
    fake = await useFake('es');
    answer(fake);
    const el = mount('from=2026-11-02&to=2026-11-08');
    await loaded(el);
    expect($(el, 'h2')!.textContent).to.equal('Analítica');
    expect(rowOf(el, 'key-figures', 'Primera respuesta (mediana)')).to.not.equal(undefined);
    expect(text($(el, 'p[data-figure=first_response]'))).to.equal('La primera respuesta del carril estándar llegó 12 min más tarde (intervalo del 95 %: de 3 min a 21 min).');
    expect(text($(el, 'p[data-figure=sla]'))).to.equal('Los objetivos cumplidos del carril estándar bajaron 5 puntos (intervalo del 95 %: de -10 puntos a +2 puntos; puede ser casualidad).');
    expect($(charts(el)[0]!, 'details summary')!.textContent).to.equal('Ver como tabla');
    expect($(charts(el)[0]!, 'details button.csv')!.textContent).to.equal('Descargar CSV');
    expect(text($(el, '[role=status]'))).to.equal('Del 2 nov 2026 al 8 nov 2026 (hora de Europe/Madrid).');
    expect(text(el)).to.contain('Cuenta del carril prioritario');
    cleanup();
    fake.refuse('GET /staff/analytics/lane-impact', 409, 'The fast lane has not been used yet');
    const again = mount('from=2026-11-02&to=2026-11-08');
    await loaded(again);
    expect(text($(again, '.impact'))).to.contain('El carril prioritario aún no se ha usado: no hay un «antes» con el que comparar.');
  });
});
