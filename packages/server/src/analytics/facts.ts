// The analytics rollups (issue 15, item 9): one row of facts per case (`case_facts`: business
// durations, outcome flags, SLA instants), summed per UTC month and lane (`case_fact_months`,
// histograms in `case_fact_hist`, staff time in `case_fact_time_months`). Triggers mark a case in
// `case_facts_dirty` whenever it, its status, creation and lane events, its staff replies or its
// time entries change (a queue appended to in the writer's transaction), and each refresh queues
// the cases whose SLA outcome the clock decided since (`sla_decides_at`); `refresh()`, run by a
// job every minute and before every summary, recomputes those cases' facts and moves the monthly
// sums by the difference (new contribution minus old), in SQL, in batches. The summary refreshes
// before it reads, so it never shows stale figures; a change of business hours or of a lane's
// calendar setting recomputes every case. Definitions and the reasoning: docs/analytics.md "Rollups".
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { SlaConfig } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import { businessSpanSets, caseEvents, caseFactEntryMonths, caseFactHist, caseFactMonths, caseFacts, caseFactsDirty, caseFactsState, caseFactTime, caseFactTimeMonths, caseMessages, cases, timeEntries } from '../db/schema.js';
import { hoursKey, type BusinessSpans } from './business-spans.js';
import { caseSecondsBetween } from './summary.js';
import { fastEntry } from './fastlane-entries.js';

export const FACTS_DEFAULTS = {
  /** Queue rows (oldest first) whose cases are recomputed per statement, with the cases' other queue rows. */
  batch: 5000,
  /** A refresh of at least this many cases vacuums the queue it emptied. */
  vacuumAfter: 50_000,
  /** Histogram buckets grow by this factor: a percentile read from them is within half a step (±1 %). */
  bucketBase: 1.02,
} as const;

/**
 * The histogram bucket of a duration in seconds, in SQL: -2 for none at all (a reply while the
 * business was closed both at creation and at reply), -1 under a second, else ⌊log_base(s)⌋.
 */
export function bucketOf(seconds: SQL): SQL {
  return sql`case when ${seconds} is null then null when ${seconds} <= 0 then -2 when ${seconds} < 1 then -1 else floor(ln(${seconds}) / ln(${FACTS_DEFAULTS.bucketBase}::float8))::int end`;
}

/** The value a percentile falling in bucket `b` is read as: the bucket's geometric middle (0 for none, 0.5 s under a second). */
export function bucketValue(b: number): number {
  return b <= -2 ? 0 : b === -1 ? 0.5 : FACTS_DEFAULTS.bucketBase ** (b + 0.5);
}

/** The UTC month an instant falls in, in SQL. */
export const utcMonth = (t: SQL): SQL => sql`(date_trunc('month', ${t} at time zone 'UTC') at time zone 'UTC')`;

/**
 * The columns of `case_facts`, from the schema: the batch statement computes each by name and
 * reads and writes them all in this one order (a column the statement does not compute fails it).
 */
const FACT_COLUMNS = getTableConfig(caseFacts).columns.map((c) => c.name);

const rowsOf = (r: unknown): Record<string, unknown>[] => (r as { rows?: Record<string, unknown>[] }).rows ?? (r as Record<string, unknown>[]);

export class CaseFacts {
  #running: Promise<number> | null = null;
  #queued: Promise<number> | null = null;

  constructor(private readonly deps: { db: Database; clock: Clock; sla: () => SlaConfig; spans: BusinessSpans }) {}

  /** What the facts depend on besides the cases: the business hours and which lanes count calendar time. */
  key(): string {
    const { hours, policy } = this.deps.sla();
    return createHash('sha256').update(`${hoursKey(hours)}|${policy.standard.calendar ? 1 : 0}${policy.fast.calendar ? 1 : 0}`).digest('hex');
  }

  /**
   * Recomputes every case queued until now (all of them after a change of hours) and returns how
   * many cases it computed. A call while a refresh runs waits for it and then runs one more (so
   * it sees every change committed before the call); calls meanwhile share that one. Across
   * processes an advisory lock makes batches take turns.
   */
  refresh(): Promise<number> {
    if (this.#queued) return this.#queued;
    const start = (): Promise<number> => {
      this.#queued = null;
      const run = this.#refresh();
      this.#running = run;
      const clear = () => {
        if (this.#running === run) this.#running = null;
      };
      run.then(clear, clear);
      return run;
    };
    if (!this.#running) return start();
    this.#queued = this.#running.then(start, start);
    return this.#queued;
  }

  async #refresh(): Promise<number> {
    const db = this.deps.db.db;
    const key = this.key();
    const [state] = await db.select().from(caseFactsState).limit(1);
    if (state?.key !== key) await this.#resetAll(key);
    const now = this.deps.clock.now();
    // Outcomes the clock decided since (a target passed with nothing done) are computed again, as final.
    await db.execute(sql`insert into ${caseFactsDirty} (case_id) select case_id from ${caseFacts} where sla_decides_at < ${now.toISOString()}::timestamptz`);
    const [pending] = rowsOf(await db.execute(sql`select min(c.created_at) as oldest from ${caseFactsDirty} d join ${cases} c on c.id = d.case_id`));
    // Durations are differences of B(t): the business-hours table must reach back to the oldest queued case.
    const oldest = pending?.oldest ? new Date(pending.oldest as string) : now;
    await this.deps.spans.ensure(oldest < now ? oldest : now, now);
    const n = await this.#batches(now);
    // After a large backlog (a first start, a change of hours) the queue is mostly dead rows that
    // every later look at it would step over until autovacuum comes: clear them now.
    if (n >= FACTS_DEFAULTS.vacuumAfter) await this.deps.db.db.execute(sql`vacuum (analyze) ${caseFactsDirty}`);
    return n;
  }

  async #batches(now: Date): Promise<number> {
    let total = 0;
    const hours = hoursKey(this.deps.sla().hours);
    for (;;) {
      const n = await this.deps.db.db.transaction(
        async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('case_facts', 7261002))`);
          // Another process may have rebuilt the business-hours table for other hours (it heard of a
          // change before or after this one): computing with it under this key would store wrong
          // durations, so stop; the next refresh (or the other process) brings them in line.
          const [spans] = await tx.select({ hoursKey: businessSpanSets.hoursKey }).from(businessSpanSets).limit(1);
          if (spans?.hoursKey !== hours) return -1;
          // The oldest queue rows' cases, and every other row of theirs this transaction can see: a
          // row it sees is of a change the next statement sees (committed before), so one computation
          // answers them all; rows it cannot see stay for the next batch.
          const taken = rowsOf(
            // As an array, so each batch finds its cases' rows by index whatever the planner believes
            // of the queue's size (with statistics from when it was empty, `in (subquery)` could scan
            // the whole queue once per queued case: a backlog of a million took 13 minutes).
            await tx.execute(sql`delete from ${caseFactsDirty} where case_id = any(array(select case_id from ${caseFactsDirty} order by id limit ${FACTS_DEFAULTS.batch})) returning case_id`),
          );
          const ids = [...new Set(taken.map((r) => Number(r.case_id)))];
          if (ids.length === 0) return 0;
          await tx.execute(this.#batchStatement(ids, now));
          return ids.length;
        },
        // Each statement must see what the batch before it committed (the lock is taken first).
        { isolationLevel: 'read committed' },
      );
      if (n <= 0) return total;
      total += n;
    }
  }

  /** Empties the facts and sums and queues every case, under a new key (hours or calendar lanes changed). */
  async #resetAll(key: string): Promise<void> {
    await this.deps.db.db.transaction(
      async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('case_facts', 7261002))`);
        const [state] = await tx.select().from(caseFactsState).limit(1);
        if (state?.key === key) return; // another process did it meanwhile
        for (const t of [caseFacts, caseFactMonths, caseFactHist, caseFactEntryMonths, caseFactTime, caseFactTimeMonths, caseFactsDirty]) await tx.delete(t);
        await tx.execute(sql`insert into ${caseFactsDirty} (case_id) select id from ${cases}`);
        const row = { key, builtAt: this.deps.clock.now() };
        await tx.insert(caseFactsState).values({ id: 1, ...row }).onConflictDoUpdate({ target: caseFactsState.id, set: row });
      },
      { isolationLevel: 'read committed' },
    );
  }

  /**
   * One statement: computes the cases' facts, moves the monthly sums by
   * (new − old) and stores the new facts; cases that no longer exist lose theirs. Every CTE reads
   * the snapshot from before the statement, so `old` is what the sums hold for these cases.
   */
  #batchStatement(ids: readonly number[], now: Date): SQL {
    const policy = this.deps.sla().policy;
    const between = (a: SQL, b: SQL) => caseSecondsBetween(policy, a, b);
    const firstS = sql`case when c.first_responded_at is not null then ${between(sql`c.created_at`, sql`c.first_responded_at`)} end`;
    const solveS = sql`case when c.solved_at is not null then ${between(sql`c.created_at`, sql`c.solved_at`)} end`;
    const month = (t: SQL) => utcMonth(t);
    const n = (cond: SQL) => sql`coalesce(sum(sign) filter (where ${cond}), 0)`;
    const columns = sql.raw(FACT_COLUMNS.join(', '));
    const at = now.toISOString();
    return sql`
      with ids as (
        -- The cases as an array parameter, so the plan looks each one up by its index.
        select unnest(${`{${ids.join(',')}}`}::int[]) as case_id
      ), computed as (
        select c.id as case_id, c.lane, c.category, c.assignee_id, c.channel = 'widget' as widget, c.created_at,
          ${firstS} as first_s, ${solveS} as solve_s,
          c.solved_at is not null or coalesce(ev.to_solved, false) as ever_solved,
          coalesce(ev.reopened, false) as reopened,
          coalesce(msg.public_replies, 0) as public_replies,
          c.first_response_due, c.first_responded_at, c.resolution_due, c.solved_at, c.closed_at,
          ev.fast_entered_at, coalesce(ev.fast_entries, 0) > 1 as fast_reentered
        from ${cases} c
        join ids on ids.case_id = c.id
        left join lateral (
          select bool_or(e.type = 'status_changed' and e.data->>'to' = 'solved') as to_solved,
            bool_or(e.type = 'status_changed' and e.data->>'from' = 'solved' and e.data->>'to' not in ('solved', 'closed')) as reopened,
            min(e.created_at) filter (where ${fastEntry(sql`e`)}) as fast_entered_at,
            count(*) filter (where ${fastEntry(sql`e`)}) as fast_entries
          from ${caseEvents} e where e.case_id = c.id and e.type in ('status_changed', 'created', 'lane_changed')
        ) ev on true
        left join lateral (
          select count(*) as public_replies from ${caseMessages} m where m.case_id = c.id and m.author = 'staff' and not m.internal
        ) msg on true
      ), decided as (
        select *,
          -- The outcome can no longer change with the clock (see case_facts.sla_final).
          coalesce(first_response_due is null
            or (first_responded_at is not null and (resolution_due is null or coalesce(solved_at, closed_at) is not null))
            or (first_responded_at is null and first_response_due <= ${at}::timestamptz)
            or first_responded_at > first_response_due
            -- Strictly after: at its due instant a case solved then would still be in time.
            or (first_responded_at is not null and coalesce(solved_at, closed_at) is null and resolution_due < ${at}::timestamptz), false) as sla_final
        from computed
      ), new as (
        select case_id, lane, category, assignee_id, widget, created_at, first_s, solve_s,
          ${bucketOf(sql`first_s`)} as first_b, ${bucketOf(sql`solve_s`)} as solve_b,
          ever_solved, reopened,
          ever_solved and not reopened and solved_at is not null and public_replies = 1 as fcr,
          sla_final,
          sla_final and first_response_due is not null and first_responded_at is not null and first_responded_at <= first_response_due
            and (resolution_due is null or coalesce(coalesce(solved_at, closed_at) <= resolution_due, false)) as sla_met_final,
          first_response_due, first_responded_at, resolution_due, solved_at, closed_at,
          case when sla_final then null when first_responded_at is null then first_response_due else resolution_due end as sla_decides_at,
          fast_entered_at, fast_reentered
        from decided
      ), old as (
        select ${sql.raw(FACT_COLUMNS.map((c) => `f.${c}`).join(', '))} from ${caseFacts} f join ids on ids.case_id = f.case_id
      ), contrib as (
        select 1 as sign, ${columns} from new
        union all
        select -1 as sign, ${columns} from old
      ), upsert as (
        insert into ${caseFacts} (${columns})
        select ${columns} from new
        on conflict (case_id) do update set ${sql.join(
          FACT_COLUMNS.filter((c) => c !== 'case_id').map((c) => sql.raw(`${c} = excluded.${c}`)),
          sql`, `,
        )}
        returning 1
      ), gone as (
        delete from ${caseFacts} f using ids where f.case_id = ids.case_id and not exists (select 1 from new where new.case_id = ids.case_id)
        returning 1
      ), months as (
        insert into ${caseFactMonths} as m (month, lane, cases, first_n, solved_n, ever_solved, reopened, fcr, widget, sla_measured_final, sla_met_final)
        select ${month(sql`created_at`)}, lane, sum(sign), ${n(sql`first_s is not null`)}, ${n(sql`solve_s is not null`)},
          ${n(sql`ever_solved`)}, ${n(sql`ever_solved and reopened`)}, ${n(sql`fcr`)},
          ${n(sql`widget`)}, ${n(sql`sla_final and first_response_due is not null`)}, ${n(sql`sla_met_final`)}
        from contrib group by 1, 2
        on conflict (month, lane) do update set cases = m.cases + excluded.cases,
          first_n = m.first_n + excluded.first_n, solved_n = m.solved_n + excluded.solved_n,
          ever_solved = m.ever_solved + excluded.ever_solved, reopened = m.reopened + excluded.reopened,
          fcr = m.fcr + excluded.fcr, widget = m.widget + excluded.widget,
          sla_measured_final = m.sla_measured_final + excluded.sla_measured_final,
          sla_met_final = m.sla_met_final + excluded.sla_met_final
        returning 1
      ), hist as (
        insert into ${caseFactHist} as h (month, lane, kind, bucket, n)
        select month, lane, kind, bucket, sum(sign) from (
          select ${month(sql`created_at`)} as month, lane, 1 as kind, first_b as bucket, sign from contrib where first_b is not null
          union all
          select ${month(sql`created_at`)}, lane, 2, solve_b, sign from contrib where solve_b is not null
        ) x group by 1, 2, 3, 4
        on conflict (month, lane, kind, bucket) do update set n = h.n + excluded.n
        returning 1
      ), entry_months as (
        -- Cases that entered the fast lane once, by the month they did (the others are counted from their events).
        insert into ${caseFactEntryMonths} as em (month, cases)
        select ${month(sql`fast_entered_at`)}, sum(sign) from contrib where fast_entered_at is not null and not fast_reentered group by 1
        on conflict (month) do update set cases = em.cases + excluded.cases
        returning 1
      ), time_new as (
        -- Each entry at its own hourly cost (the one its person had when it was logged).
        select case_id, month, user_id, lane, sum(s)::float8 as seconds, sum(s * coalesce(hourly_cost, 0) / 3600.0)::float8 as cost,
          coalesce(sum(s) filter (where hourly_cost is null), 0)::float8 as unpriced_seconds
        from (
          select te.case_id, ${month(sql`te.started_at`)} as month, te.user_id, new.lane, te.hourly_cost, extract(epoch from (te.ended_at - te.started_at)) as s
          from ${timeEntries} te join new on new.case_id = te.case_id
          where te.ended_at is not null
        ) e
        group by 1, 2, 3, 4
      ), time_old as (
        select t.* from ${caseFactTime} t join ids on ids.case_id = t.case_id
      ), time_upsert as (
        insert into ${caseFactTime} as t (case_id, month, user_id, lane, seconds, cost, unpriced_seconds)
        select case_id, month, user_id, lane, seconds, cost, unpriced_seconds from time_new
        on conflict (case_id, month, user_id) do update set lane = excluded.lane, seconds = excluded.seconds, cost = excluded.cost, unpriced_seconds = excluded.unpriced_seconds
        returning 1
      ), time_gone as (
        delete from ${caseFactTime} t using ids
        where t.case_id = ids.case_id and not exists (select 1 from time_new n where n.case_id = t.case_id and n.month = t.month and n.user_id = t.user_id)
        returning 1
      ), time_months as (
        insert into ${caseFactTimeMonths} as tm (month, lane, user_id, seconds, cost, unpriced_seconds)
        select month, lane, user_id, sum(s), sum(c), sum(u) from (
          select month, lane, user_id, seconds as s, cost as c, unpriced_seconds as u from time_new
          union all
          select month, lane, user_id, -seconds, -cost, -unpriced_seconds from time_old
        ) x group by 1, 2, 3
        on conflict (month, lane, user_id) do update set seconds = tm.seconds + excluded.seconds, cost = tm.cost + excluded.cost, unpriced_seconds = tm.unpriced_seconds + excluded.unpriced_seconds
        returning 1
      )
      select (select count(*) from upsert) + (select count(*) from gone) + (select count(*) from months) + (select count(*) from hist) + (select count(*) from entry_months)
          + (select count(*) from time_upsert) + (select count(*) from time_gone) + (select count(*) from time_months) as writes`;
  }
}
