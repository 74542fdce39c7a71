// The analytics rollups (issue 15, item 9): the figures the summary reads from per-case facts and
// their monthly sums equal the figures computed from the facts alone, after every kind of change
// the triggers must catch (a reply, a status change, a reopening, a lane move, time entries added,
// changed and removed, a case deleted, a payment, a refund decided, a deflection), after a rebuild
// from nothing, and the percentiles read from histograms stay within their stated ±1 %. The data:
// 240 cases from a fixed seed, with their fast-lane entries (some moved out and back in another
// month), payments in two currencies, refunds and deflections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { insertStaffUser } from '../testing/staff-users.js';
import { analyticsEventMonths, analyticsEvents, caseEvents, caseFactEntryMonths, caseFactHist, caseFactMonths, caseFacts, caseFactsDirty, caseFactsState, caseFactTimeMonths, caseMessages, cases, customers, fastlaneMoneyMonths, fastlaneOrders, fastlaneRefunds, surveyAnswers, surveyMonths, timeEntries } from '../db/schema.js';
import { AnalyticsSummaryService, slaMeasured, slaMet } from './summary.js';
import { bucketValue, FACTS_DEFAULTS } from './facts.js';
import { seededRandom } from './bootstrap.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const PERIODS = [
  ['2026-07-01T00:00:00Z', '2026-11-01T00:00:00Z'], // whole months only
  ['2026-07-14T07:30:00Z', '2026-11-19T12:00:00Z'], // partial months at both ends
  ['2026-08-03T00:00:00Z', '2026-08-29T00:00:00Z'], // inside one month
] as const;

describe.each(testDatabases())('analytics rollups on %s', (kind) => {
  let t: TestApp;
  let rolled: AnalyticsSummaryService;
  let reference: AnalyticsSummaryService;
  let histogram: AnalyticsSummaryService;
  const caseIds: number[] = [];
  let entries: { caseId: number; at: number }[] = [];
  let reentries: { caseId: number; at: number }[] = [];
  let agents: number[] = [];

  const figures = async (svc: AnalyticsSummaryService, lane?: 'standard' | 'fast') => {
    const out = [];
    for (const [from, to] of PERIODS) out.push(await svc.summary({ from, to, ...(lane ? { lane } : {}) }));
    return out;
  };

  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false });
    await t.mail.stop();
    // An overhead per case, so the summary's fastlane_overhead_minor shows how many cases entered the fast lane.
    const deps = { db: t.database, clock: t.clock, sla: () => t.sla.config, currency: 'EUR', caseOverhead: () => 100 };
    rolled = new AnalyticsSummaryService(deps);
    reference = new AnalyticsSummaryService({ ...deps, rollups: false });
    histogram = new AnalyticsSummaryService({ ...deps, exactLimit: 0 });
    const db = t.database.db;
    const [cust] = await db.insert(customers).values({ email: 'facts@example.com', name: 'Facts', locale: 'es', createdAt: new Date('2026-06-01T00:00:00Z') }).returning();
    agents = [(await insertStaffUser(t, { name: 'Ana', hourlyCost: 3000 })).id, (await insertStaffUser(t, { name: 'Luis', hourlyCost: null })).id];
    const r = seededRandom(15);
    // Entries, payments, refunds and deflections draw from their own sequence (the cases stay as they were).
    const m = seededRandom(16);
    entries = [];
    reentries = [];
    const start = Date.parse('2026-07-01T00:00:00Z');
    const span = Date.parse('2026-11-19T00:00:00Z') - start;
    for (let i = 0; i < 240; i++) {
      const created = start + Math.floor(r() * span);
      const lane = r() < 0.25 ? 'fast' : 'standard';
      const answered = r() < 0.85 ? created + Math.floor(r() * 3 * DAY) : null;
      const solved = answered && r() < 0.75 ? answered + Math.floor(r() * 4 * DAY) : null;
      const [row] = await db
        .insert(cases)
        .values({
          reference: `FX-${String(i).padStart(6, '0')}`,
          trackingHash: `fx-hash-${i}`,
          trackingTokenEnc: 'x',
          customerId: cust!.id,
          subject: `Caso ${i}`,
          locale: 'es',
          status: solved ? 'solved' : answered ? 'pending_customer' : 'new',
          lane,
          channel: r() < 0.5 ? 'widget' : 'portal',
          category: r() < 0.5 ? 'internet' : 'billing',
          assigneeId: agents[i % 2]!,
          createdAt: new Date(created),
          updatedAt: new Date(created),
          firstRespondedAt: answered ? new Date(answered) : null,
          solvedAt: solved ? new Date(solved) : null,
          firstResponseDue: new Date(created + (lane === 'fast' ? 2 : 8) * HOUR),
          resolutionDue: new Date(created + 5 * DAY),
        })
        .returning();
      const id = row!.id;
      caseIds.push(id);
      // How the case came into the fast lane: created in it, or moved to it later; a few moved
      // out and back in a later month (entered twice).
      await db.insert(caseEvents).values({ caseId: id, type: 'created', actor: 'customer', data: { channel: 'portal', lane, attachments: 0 }, createdAt: new Date(created) });
      if (lane === 'fast') entries.push({ caseId: id, at: created });
      else if (m() < 0.2) {
        const moved = created + Math.floor(m() * 3 * DAY);
        await db.insert(caseEvents).values({ caseId: id, type: 'lane_changed', actor: 'customer', data: { from: 'standard', to: 'fast', reason: 'upgrade' }, createdAt: new Date(moved) });
        entries.push({ caseId: id, at: moved });
        if (m() < 0.4) {
          await db.insert(caseEvents).values({ caseId: id, type: 'lane_changed', actor: 'system', data: { from: 'fast', to: 'standard', reason: 'refund' }, createdAt: new Date(moved + DAY) });
          const back = moved + (20 + Math.floor(m() * 30)) * DAY;
          await db.insert(caseEvents).values({ caseId: id, type: 'lane_changed', actor: 'customer', data: { from: 'standard', to: 'fast', reason: 'upgrade' }, createdAt: new Date(back) });
          reentries.push({ caseId: id, at: back });
        }
      }
      if (answered) {
        await db.insert(caseMessages).values({ caseId: id, author: 'staff', authorName: 'Ana', staffUserId: agents[0]!, body: 'Hola', createdAt: new Date(answered) });
        if (r() < 0.3) await db.insert(caseMessages).values({ caseId: id, author: 'staff', authorName: 'Ana', staffUserId: agents[0]!, body: 'Más', createdAt: new Date(answered + HOUR) });
      }
      if (solved) await db.insert(caseEvents).values({ caseId: id, type: 'status_changed', actor: 'staff:1', data: { from: 'open', to: 'solved' }, createdAt: new Date(solved) });
      if (solved && r() < 0.5) {
        const when = new Date(solved + HOUR);
        const answer = (question: string, score: number) => ({ caseId: id, question, score, lane, category: 'internet', agentId: agents[0]!, customerId: cust!.id, locale: 'es', answeredAt: when });
        await db.insert(surveyAnswers).values([answer('csat', 1 + Math.floor(r() * 5)), answer('ces', 1 + Math.floor(r() * 7)), ...(r() < 0.3 ? [answer('nps', Math.floor(r() * 11))] : []), ...(lane === 'fast' ? [answer('fastlane_worth', r() < 0.7 ? 1 : 0)] : [])]);
      }
      if (r() < 0.6) {
        const s = created + Math.floor(r() * 2 * DAY);
        await db.insert(timeEntries).values({ caseId: id, userId: agents[Math.floor(r() * 2)]!, startedAt: new Date(s), endedAt: new Date(s + Math.floor(r() * 2 * HOUR)), source: 'manual', createdAt: new Date(s), updatedAt: new Date(s) });
      }
    }
    // A payment for most entries (a few never paid, a few in another currency), a refund for some:
    // succeeded (decided days later, often in another month) or still pending.
    for (const [i, e] of entries.entries()) {
      const paid = m() < 0.85 ? new Date(e.at + Math.floor(m() * HOUR)) : null;
      const [order] = await db
        .insert(fastlaneOrders)
        .values({ customerId: cust!.id, planKey: 'incident', kind: 'incident', caseId: e.caseId, amount: 900 + Math.floor(m() * 20) * 50, currency: m() < 0.1 ? 'USD' : 'EUR', status: paid ? 'paid' : 'pending', checkoutSessionId: `cs_fx_${i}`, createdAt: new Date(e.at), paidAt: paid, updatedAt: new Date(e.at) })
        .returning();
      if (paid && m() < 0.3) {
        const decided = m() < 0.8 ? new Date(paid.getTime() + Math.floor(m() * 40 * DAY)) : null;
        await db.insert(fastlaneRefunds).values({ orderId: order!.id, amount: Math.floor(order!.amount / (m() < 0.5 ? 1 : 2)), reason: 'SLA', reasonCode: 'sla_guarantee', requestedBy: 'system', status: decided ? 'succeeded' : 'pending', createdAt: paid, decidedAt: decided });
      }
    }
    // Deflections (and other events, which do not count) over the whole span.
    await db.insert(analyticsEvents).values(
      Array.from({ length: 150 }, () => ({ type: (['deflection', 'announcement_deflection', 'search'] as const)[Math.floor(m() * 3)]!, locale: 'es', channel: 'widget', createdAt: new Date(start + Math.floor(m() * span)) })),
    );
  }, 120_000);

  afterAll(async () => {
    // dispose, not close: close stops the app alone and leaves its test database behind.
    await t?.dispose();
  });

  it('reads the same figures from the monthly sums as from the facts alone, in every lane', async () => {
    for (const lane of [undefined, 'standard', 'fast'] as const) expect(await figures(rolled, lane)).toEqual(await figures(reference, lane));
    const [{ n }] = (await t.database.db.select({ n: sql<number>`sum(${caseFactMonths.cases})` }).from(caseFactMonths)) as [{ n: number }];
    expect(Number(n)).toBe(240);
    const whole = (await figures(rolled))[0]!;
    expect(whole.cases).toBeGreaterThan(150);
    expect(whole.first_response_p50_s).not.toBeNull();
    expect(whole.fastlane_time_s).toBeGreaterThan(0);
    expect(whole.csat_answers).toBeGreaterThan(20);
    expect(whole.nps_answers).toBeGreaterThan(0);
    expect(whole.fastlane_worth_answers).toBeGreaterThan(0);
    expect(whole.fastlane_revenue_minor).toBeGreaterThan(0);
    expect(whole.fastlane_refunds_minor).toBeGreaterThan(0);
    expect(whole.deflections).toBeGreaterThan(20);
    // Entries: the cases created in the fast lane or moved to it in the period, each once however often it entered.
    const [from, to] = PERIODS[0].map((x) => Date.parse(x)) as [number, number];
    const entered = new Set([...entries, ...reentries].filter((e) => e.at >= from && e.at < to).map((e) => e.caseId));
    expect(whole.fastlane_overhead_minor).toBe(100 * entered.size);
    expect((await t.database.db.select().from(caseFacts).where(sql`${caseFacts.fastReentered}`)).length).toBeGreaterThan(2);
  });

  it('follows every change as it arrives: replies, status changes, reopenings, lane moves, time entries, survey answers, a deletion', async () => {
    const db = t.database.db;
    const one = async (cond: ReturnType<typeof sql>) => {
      const [f] = await db.select().from(caseFacts).where(cond).orderBy(caseFacts.caseId).limit(1);
      expect(f, String(cond)).toBeDefined();
      return f!;
    };
    // Each change below reaches the facts through one trigger only (no update of the case beside it).
    // A second public reply to a case solved with one: no longer a first-contact resolution.
    const fcr = await one(sql`${caseFacts.fcr}`);
    await db.insert(caseMessages).values({ caseId: fcr.caseId, author: 'staff', authorName: 'Luis', staffUserId: agents[1]!, body: 'Una cosa más', createdAt: new Date('2026-11-19T12:00:00Z') });
    // A customer reopening a solved case, by its status event alone.
    const solved = await one(sql`${caseFacts.everSolved} and not ${caseFacts.reopened} and ${caseFacts.caseId} <> ${fcr.caseId}`);
    await db.insert(caseEvents).values({ caseId: solved.caseId, type: 'status_changed', actor: 'customer', data: { from: 'solved', to: 'open' }, createdAt: new Date('2026-11-19T13:00:00Z') });
    // A fast-lane case's time entry moved to a standard case, another's lengthened, another's removed.
    const fastTimed = await db.execute(sql`select te.id, te.case_id from ${timeEntries} te join ${cases} c on c.id = te.case_id where c.lane = 'fast' order by te.id limit 3`);
    const [moved, longer, removed] = ((fastTimed as { rows?: unknown[] }).rows ?? (fastTimed as unknown[])) as { id: number; case_id: number }[];
    const standard = await one(sql`${caseFacts.lane} = 'standard'`);
    await db.update(timeEntries).set({ caseId: standard.caseId }).where(eq(timeEntries.id, moved!.id));
    await db.update(timeEntries).set({ endedAt: sql`${timeEntries.startedAt} + interval '3 hours'` }).where(eq(timeEntries.id, longer!.id));
    await db.delete(timeEntries).where(eq(timeEntries.id, removed!.id));
    // A first reply to an unanswered case, and a move to the fast lane with a new category and agent.
    const unanswered = await one(sql`${caseFacts.firstRespondedAt} is null`);
    await db.update(cases).set({ firstRespondedAt: new Date('2026-11-19T12:00:00Z') }).where(eq(cases.id, unanswered.caseId));
    const c = await one(sql`${caseFacts.lane} = 'standard' and ${caseFacts.caseId} not in (${standard.caseId}, ${unanswered.caseId})`);
    await db.update(cases).set({ lane: 'fast', laneChangedAt: new Date('2026-11-19T14:00:00Z'), category: 'billing', assigneeId: agents[1]! }).where(eq(cases.id, c.caseId));
    // Survey answers: one given now, one's score corrected, one moved to another lane, one removed.
    const answers = await db.select().from(surveyAnswers).orderBy(surveyAnswers.id).limit(3);
    const [unasked] = await db.select({ id: cases.id }).from(cases).where(sql`not exists (select 1 from ${surveyAnswers} s where s.case_id = ${cases.id})`).limit(1);
    await db.insert(surveyAnswers).values({ caseId: unasked!.id, question: 'csat', score: 5, lane: 'standard', customerId: answers[0]!.customerId, locale: 'es', answeredAt: new Date('2026-11-19T15:00:00Z') });
    await db.update(surveyAnswers).set({ score: 1 }).where(eq(surveyAnswers.id, answers[0]!.id));
    await db.update(surveyAnswers).set({ lane: answers[1]!.lane === 'fast' ? 'standard' : 'fast' }).where(eq(surveyAnswers.id, answers[1]!.id));
    await db.delete(surveyAnswers).where(eq(surveyAnswers.id, answers[2]!.id));
    // A case removed altogether (with what refers to it).
    const gone = caseIds[5]!;
    await db.delete(timeEntries).where(eq(timeEntries.caseId, gone));
    await db.delete(surveyAnswers).where(eq(surveyAnswers.caseId, gone));
    await db.delete(caseMessages).where(eq(caseMessages.caseId, gone));
    await db.delete(caseEvents).where(eq(caseEvents.caseId, gone));
    await db.delete(fastlaneRefunds).where(sql`${fastlaneRefunds.orderId} in (select id from ${fastlaneOrders} where case_id = ${gone})`);
    await db.delete(fastlaneOrders).where(eq(fastlaneOrders.caseId, gone));
    await db.delete(cases).where(eq(cases.id, gone));
    // Money and deflections: an order paid now, a pending refund decided, a refund removed, a deflection.
    const [pending] = await db.select().from(fastlaneOrders).where(sql`${fastlaneOrders.paidAt} is null`).limit(1);
    await db.update(fastlaneOrders).set({ status: 'paid', paidAt: new Date('2026-11-19T16:00:00Z') }).where(eq(fastlaneOrders.id, pending!.id));
    // An update of what the sums do not count (a partial refund recorded on every order) moves nothing.
    await db.update(fastlaneOrders).set({ amountRefunded: 100, updatedAt: new Date('2026-11-19T16:10:00Z') });
    const refunds = await db.select().from(fastlaneRefunds).orderBy(fastlaneRefunds.id);
    const waiting = refunds.find((x) => x.status === 'pending')!;
    await db.update(fastlaneRefunds).set({ status: 'succeeded', decidedAt: new Date('2026-11-19T16:30:00Z') }).where(eq(fastlaneRefunds.id, waiting.id));
    await db.delete(fastlaneRefunds).where(eq(fastlaneRefunds.id, refunds.find((x) => x.status === 'succeeded')!.id));
    await db.insert(analyticsEvents).values({ type: 'deflection', locale: 'en', channel: 'widget', createdAt: new Date('2026-11-19T17:00:00Z') });
    // A case moved out of the fast lane and back (its lane events alone), and a standard one moved in.
    const once = await one(sql`${caseFacts.fastEnteredAt} is not null and not ${caseFacts.fastReentered}`);
    await db.insert(caseEvents).values([
      { caseId: once.caseId, type: 'lane_changed', actor: 'system', data: { from: 'fast', to: 'standard', reason: 'refund' }, createdAt: new Date('2026-11-18T10:00:00Z') },
      { caseId: once.caseId, type: 'lane_changed', actor: 'customer', data: { from: 'standard', to: 'fast', reason: 'upgrade' }, createdAt: new Date('2026-11-18T11:00:00Z') },
    ]);
    const never = await one(sql`${caseFacts.fastEnteredAt} is null`);
    await db.insert(caseEvents).values({ caseId: never.caseId, type: 'lane_changed', actor: 'customer', data: { from: 'standard', to: 'fast', reason: 'upgrade' }, createdAt: new Date('2026-08-10T10:00:00Z') });
    expect((await db.select().from(caseFactsDirty)).length).toBeGreaterThan(0);

    for (const lane of [undefined, 'standard', 'fast'] as const) expect(await figures(rolled, lane)).toEqual(await figures(reference, lane));
    expect(await db.select().from(caseFactsDirty)).toEqual([]);
    const fact = async (id: number) => (await db.select().from(caseFacts).where(eq(caseFacts.caseId, id)))[0];
    expect(await fact(gone)).toBeUndefined();
    expect(await fact(fcr.caseId)).toMatchObject({ fcr: false });
    expect(await fact(solved.caseId)).toMatchObject({ reopened: true });
    expect((await fact(unanswered.caseId))!.firstS).not.toBeNull();
    expect(await fact(c.caseId)).toMatchObject({ lane: 'fast', category: 'billing', assigneeId: agents[1] });
    expect(await fact(once.caseId)).toMatchObject({ fastReentered: true });
    expect(await fact(never.caseId)).toMatchObject({ fastEnteredAt: new Date('2026-08-10T10:00:00Z'), fastReentered: false });
    const [{ n }] = (await db.select({ n: sql<number>`sum(${caseFactMonths.cases})` }).from(caseFactMonths)) as [{ n: number }];
    expect(Number(n)).toBe(239);
  });

  // PGlite has one connection: a writer and a refresh cannot overlap there.
  if (kind === 'postgres') it('loses no change a writer commits while a refresh takes its case', async () => {
    const db = t.database.db;
    const [open] = await db.select().from(caseFacts).where(sql`${caseFacts.firstRespondedAt} is null`).limit(1);
    // A committed change queues the case; then a writer changes it again and, before it commits,
    // a refresh (another connection) takes the queue: it cannot see the writer's change yet.
    await db.update(cases).set({ updatedAt: t.clock.now() }).where(eq(cases.id, open!.caseId));
    await db.transaction(async (tx) => {
      await tx.update(cases).set({ firstRespondedAt: new Date('2026-11-19T16:00:00Z') }).where(eq(cases.id, open!.caseId));
      await rolled.facts.refresh();
    });
    expect((await db.select().from(caseFacts).where(eq(caseFacts.caseId, open!.caseId)))[0]!.firstRespondedAt).toBeNull();
    // The writer's own queue row outlived the refresh: the next one brings the case in line.
    await rolled.facts.refresh();
    expect((await db.select().from(caseFacts).where(eq(caseFacts.caseId, open!.caseId)))[0]!.firstRespondedAt).toEqual(new Date('2026-11-19T16:00:00Z'));
  });

  it('comes to the same sums rebuilt from nothing as kept up to date', async () => {
    const db = t.database.db;
    // Every sum as kept (rows that came down to nothing aside), then the same rebuilt from nothing.
    const sums = async () => ({
      months: (await db.select().from(caseFactMonths).orderBy(caseFactMonths.month, caseFactMonths.lane)).filter((m) => m.cases !== 0),
      hist: (await db.select().from(caseFactHist).orderBy(caseFactHist.month, caseFactHist.lane, caseFactHist.kind, caseFactHist.bucket)).filter((h) => h.n !== 0),
      time: (await db.select().from(caseFactTimeMonths).orderBy(caseFactTimeMonths.month, caseFactTimeMonths.lane, caseFactTimeMonths.userId))
        .filter((x) => Math.abs(x.seconds) > 1e-6)
        // Sums of floats kept by differences: equal to a thousandth (of a second, of a minor unit).
        .map((x) => ({ ...x, seconds: Math.round(x.seconds * 1000) / 1000, cost: Math.round(x.cost * 1000) / 1000, unpricedSeconds: Math.round(x.unpricedSeconds * 1000) / 1000 })),
    });
    const kept = await sums();
    const before = await figures(rolled);
    const entryMonths = (await db.select().from(caseFactEntryMonths).orderBy(caseFactEntryMonths.month)).filter((x) => x.cases !== 0);
    expect(entryMonths.length).toBeGreaterThan(3);
    await db.delete(caseFactsState); // as after a change of business hours: every case again
    expect(await figures(rolled)).toEqual(before);
    expect(await sums()).toEqual(kept);
    expect((await db.select().from(caseFactEntryMonths).orderBy(caseFactEntryMonths.month)).filter((x) => x.cases !== 0)).toEqual(entryMonths);
    // The money and event sums the triggers kept, against the rows summed afresh.
    const rows = async (q: ReturnType<typeof sql>) => {
      const res = await db.execute(q);
      return (((res as { rows?: unknown[] }).rows ?? (res as unknown[])) as Record<string, unknown>[]).map((x) => Object.values(x).map((v) => (v instanceof Date ? v.toISOString() : typeof v === 'string' && /^\d{4}-/.test(v) ? new Date(v).toISOString() : Number.isNaN(Number(v)) ? v : Number(v))));
    };
    const money = await rows(sql`
      select month, currency, sum(revenue) as revenue, sum(refunds) as refunds from (
        select date_trunc('month', paid_at at time zone 'UTC') at time zone 'UTC' as month, currency, amount as revenue, 0 as refunds from ${fastlaneOrders} where paid_at is not null
        union all
        select date_trunc('month', r.decided_at at time zone 'UTC') at time zone 'UTC', o.currency, 0, r.amount from ${fastlaneRefunds} r join ${fastlaneOrders} o on o.id = r.order_id
        where r.status = 'succeeded' and r.decided_at is not null
      ) x group by 1, 2 order by 1, 2`);
    const keptMoney = (await db.select().from(fastlaneMoneyMonths).orderBy(fastlaneMoneyMonths.month, fastlaneMoneyMonths.currency)).filter((x) => x.revenue !== 0 || x.refunds !== 0);
    expect(keptMoney.map((x) => [x.month.toISOString(), x.currency, x.revenue, x.refunds])).toEqual(money);
    expect(money.length).toBeGreaterThan(6);
    const events = await rows(sql`select date_trunc('month', created_at at time zone 'UTC') at time zone 'UTC' as month, type, count(*) as n from ${analyticsEvents} group by 1, 2 order by 1, 2`);
    const keptEvents = (await db.select().from(analyticsEventMonths).orderBy(analyticsEventMonths.month, analyticsEventMonths.type)).filter((x) => x.n !== 0);
    expect(keptEvents.map((x) => [x.month.toISOString(), x.type, x.n])).toEqual(events);
    expect(kept.hist.length).toBeGreaterThan(50);
    expect(kept.time.length).toBeGreaterThan(5);
    // The survey sums the trigger kept, against the answers summed afresh.
    const fresh = await db.execute(sql`
      select date_trunc('month', answered_at at time zone 'UTC') at time zone 'UTC' as month, lane, question, count(*)::int as n, sum(score)::int as score_sum
      from ${surveyAnswers} group by 1, 2, 3 order by 1, 2, 3`);
    const freshRows = ((fresh as { rows?: unknown[] }).rows ?? (fresh as unknown[])) as { month: string | Date; lane: string; question: string; n: number; score_sum: number }[];
    const surveys = (await db.select().from(surveyMonths).orderBy(surveyMonths.month, surveyMonths.lane, surveyMonths.question)).filter((m) => m.n !== 0);
    expect(surveys.map((m) => [m.month.toISOString(), m.lane, m.question, m.n, m.scoreSum])).toEqual(freshRows.map((m) => [new Date(m.month).toISOString(), m.lane, m.question, m.n, m.score_sum]));
    expect(surveys.length).toBeGreaterThan(10);
  });

  it('makes an SLA outcome final when the clock decides it (a target passed with nothing done), in the monthly sums too', async () => {
    const db = t.database.db;
    const now = t.clock.now();
    const [cust] = await db.select().from(customers).limit(1);
    const at = (ms: number) => new Date(now.getTime() + ms);
    const base = { trackingTokenEnc: 'x', customerId: cust!.id, subject: 'Reloj', locale: 'es', lane: 'fast', channel: 'portal', createdAt: now, updatedAt: now };
    const [unanswered] = await db.insert(cases).values({ ...base, reference: 'FX-CLOCK-1', trackingHash: 'fx-clock-1', status: 'new', firstResponseDue: at(2 * HOUR), resolutionDue: at(2 * DAY) }).returning();
    const [open] = await db.insert(cases).values({ ...base, reference: 'FX-CLOCK-2', trackingHash: 'fx-clock-2', status: 'open', firstRespondedAt: at(HOUR), firstResponseDue: at(2 * HOUR), resolutionDue: at(DAY) }).returning();
    const period = { from: '2026-11-20T00:00:00Z', to: '2026-11-23T00:00:00Z' };
    const novFast = async () =>
      (await db.select().from(caseFactMonths).where(sql`${caseFactMonths.month} = '2026-11-01T00:00:00Z'::timestamptz and ${caseFactMonths.lane} = 'fast'`))[0]!;
    const fact = async (id: number) => (await db.select().from(caseFacts).where(eq(caseFacts.caseId, id)))[0]!;
    // The summary against the reference, and against the cases themselves judged at this instant.
    const check = async () => {
      const a = await rolled.summary(period);
      expect(a).toEqual(await reference.summary(period));
      const res = await db.execute(sql`
        select count(*) filter (where ${slaMeasured(t.clock.now())})::int as measured, count(*) filter (where ${slaMeasured(t.clock.now())} and ${slaMet(t.clock.now())})::int as met
        from ${cases} where created_at >= ${period.from}::timestamptz and created_at < ${period.to}::timestamptz`);
      const [truth] = ((res as { rows?: unknown[] }).rows ?? (res as unknown[])) as { measured: number; met: number }[];
      expect([a.sla_measured, a.sla_attainment]).toEqual([truth!.measured, truth!.measured ? truth!.met / truth!.measured : null]);
      return a;
    };
    try {
      expect((await check()).sla_measured).toBe(1);
      const before = await novFast();
      expect(await fact(unanswered!.id)).toMatchObject({ slaFinal: false, slaDecidesAt: at(2 * HOUR) });
      expect(await fact(open!.id)).toMatchObject({ slaFinal: false, slaDecidesAt: at(DAY) });
      // Its first-response target passed unanswered: missed for good, whatever comes later.
      t.clock.advance(3 * HOUR);
      expect((await check()).sla_measured).toBe(2);
      expect(await fact(unanswered!.id)).toMatchObject({ slaFinal: true, slaMetFinal: false, slaDecidesAt: null });
      expect(await fact(open!.id)).toMatchObject({ slaFinal: false });
      // The other's resolution target passed while it was open.
      t.clock.advance(DAY);
      expect((await check()).sla_attainment).toBe(0);
      expect(await fact(open!.id)).toMatchObject({ slaFinal: true, slaMetFinal: false, slaDecidesAt: null });
      // Both moved into the month's sums: measured, not met.
      const after = await novFast();
      expect([after.slaMeasuredFinal - before.slaMeasuredFinal, after.slaMetFinal - before.slaMetFinal]).toEqual([2, 0]);
    } finally {
      // The fixture as it was for the tests after this one: the clock, and without these cases.
      t.clock.set(now.toISOString());
      await db.delete(cases).where(sql`${cases.id} in (${unanswered!.id}, ${open!.id})`);
      await rolled.facts.refresh();
    }
  });

  it('reads percentiles from the histograms within ±1 % above the exact limit', async () => {
    const exact = await figures(reference);
    const approx = await figures(histogram);
    const half = Math.sqrt(FACTS_DEFAULTS.bucketBase);
    const zero = { first_response_p50_s: 0, first_response_p90_s: 0, resolution_p50_s: 0, resolution_p90_s: 0, previous: null };
    // A period without a whole month is read from the facts alone: exact at any size.
    expect(approx[2]).toEqual(exact[2]);
    for (const [i, [from, to]] of PERIODS.slice(0, 2).entries()) {
      const a = approx[i]!;
      // The value percentile_cont starts from (0-based rank ⌊p·(n−1)⌋), from the facts, sorted here.
      const facts = await t.database.db.select().from(caseFacts).where(sql`${caseFacts.createdAt} >= ${from}::timestamptz and ${caseFacts.createdAt} < ${to}::timestamptz`);
      const at = (col: 'firstS' | 'solveS', p: number) => {
        const v = facts.map((f) => f[col]).filter((x): x is number => x !== null).sort((x, y) => x - y);
        return v[Math.floor(p * (v.length - 1))]!;
      };
      const pairs = [
        [a.first_response_p50_s, at('firstS', 0.5)],
        [a.first_response_p90_s, at('firstS', 0.9)],
        [a.resolution_p50_s, at('solveS', 0.5)],
        [a.resolution_p90_s, at('solveS', 0.9)],
      ] as const;
      for (const [y, x] of pairs) {
        expect(y! / x, `period ${i}: ${y} vs ${x}`).toBeGreaterThanOrEqual(1 / half - 1e-9);
        expect(y! / x, `period ${i}: ${y} vs ${x}`).toBeLessThanOrEqual(half + 1e-9);
      }
      // Everything else is the same.
      expect({ ...a, ...zero }).toEqual({ ...exact[i]!, ...zero });
    }
    expect([bucketValue(-2), bucketValue(-1)]).toEqual([0, 0.5]);
  });
});
