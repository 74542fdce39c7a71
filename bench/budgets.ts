// Performance budgets: named limits on benchmark figures. `npm run bench` checks every one
// and exits with code 1 when any is not met. Add a row to extend it (widget size, …).

export interface Budget {
  /** The result key the limit applies to. */
  key: string;
  /** `max`: the value must be at most `limit`; `min`: at least `limit`. */
  kind: 'max' | 'min';
  limit: number;
  /** What the budget protects, in one line. */
  why: string;
  /**
   * A figure measured only when PostgreSQL answers (DATABASE_URL): a run on PGlite alone, which
   * reports it as `<key>_pglite`, skips the budget with its reason instead of failing it. Any
   * other run without the key still fails.
   */
  postgresOnly?: true;
}

export const BUDGETS: readonly Budget[] = [
  { key: 'search_mrr10_es', kind: 'min', limit: 0.92, why: 'the right article comes first or second for customers\' own words (held-out half of the labelled Spanish queries)' },
  { key: 'search_mrr10_en', kind: 'min', limit: 0.92, why: 'the right article comes first or second for customers\' own words (held-out half of the labelled English queries)' },
  { key: 'search_mrr10_noisy_gap_es', kind: 'max', limit: 0.03, why: 'a typo costs almost nothing: the noisy twin of the Spanish queries ranks within 0.03 of the clean ones' },
  { key: 'search_mrr10_noisy_gap_en', kind: 'max', limit: 0.03, why: 'a typo costs almost nothing: the noisy twin of the English queries ranks within 0.03 of the clean ones' },
  { key: 'search_zero_results_es', kind: 'max', limit: 0, why: 'no labelled Spanish query finds nothing' },
  { key: 'search_zero_results_noisy_es', kind: 'max', limit: 0, why: 'no misspelt Spanish query finds nothing' },
  { key: 'search_zero_results_en', kind: 'max', limit: 0, why: 'no labelled English query finds nothing' },
  { key: 'search_zero_results_noisy_en', kind: 'max', limit: 0, why: 'no misspelt English query finds nothing' },
  { key: 'search_p99_ms_10k', kind: 'max', limit: 5, why: 'search answers every keystroke; 99 % of queries over 10,000 articles within 5 ms' },
  { key: 'case_submit_p99_ms_pglite', kind: 'max', limit: 2000, why: 'a customer sending a case waits at most two seconds, with 16 others sending at once on the embedded database of a busy two-core machine' },
  { key: 'case_submit_ratio_pgbench', kind: 'min', limit: 0.5, why: 'the server submits cases at least half as fast as PostgreSQL runs the very statements of a submission (pgbench, same concurrency): what is left to the server is the request, not the database' },
  { key: 'outbox_drain_per_s_pglite', kind: 'min', limit: 200, why: 'the mail outbox sends at least 200 mails a second on the embedded database, far more than cases arrive' },
  { key: 'outbox_drain_smtp_per_s', kind: 'min', limit: 100, why: 'a burst of 7,000 mails leaves in about a minute (at most 70 s) through an SMTP server answering each in 100 ms; one mail at a time took 12 minutes' },
  { key: 'captcha_verify_us', kind: 'max', limit: 20_000, why: 'checking a solved captcha (signatures, then the insert that refuses a replay) takes the server under 20 ms at the median: the work is the solver\'s, not the server\'s' },
  { key: 'embed_gzip_bytes', kind: 'max', limit: 4096, why: 'the one script tag costs a site at most 4 KB before anyone opens the widget' },
  { key: 'search_view_gzip_bytes', kind: 'max', limit: 46_080, why: 'everything loaded before the first search result shows, embed included, stays under 45 KB' },
  { key: 'fastlane_chunk_gzip_bytes', kind: 'max', limit: 48_128, why: 'opening the fast lane or My requests (their code, texts, captcha and ALTCHA) downloads at most 47 KB more, and none of it before' },
  { key: 'booking_chunk_gzip_bytes', kind: 'max', limit: 12_288, why: 'opening "Book a call" (the date picker, its texts and the form) downloads at most 12 KB more, and none of it before' },
  { key: 'widget_first_result_bytes_1k', kind: 'max', limit: 153_600, why: 'over a 1,000-article knowledge base, everything the widget downloads before its first search result (code, index or answers, headers) stays under 150 KB' },
  { key: 'server_search_p99_ms_10k', kind: 'max', limit: 10, why: 'the search API answers 99 % of keystrokes within 10 ms at 10,000 articles, so a widget searching through the server still answers as the customer types' },
  { key: 'widget_search_p99_ms_10k', kind: 'max', limit: 16, why: 'keystroke to results rendered within a frame, at 10,000 articles, in Chromium' },
  { key: 'widget_main_thread_ms', kind: 'max', limit: 30, why: 'the widget adds at most 30 ms of main-thread work to a page load before it is opened' },
  { key: 'console_js_gzip_bytes', kind: 'max', limit: 122_880, why: 'an agent opening the console downloads at most 120 KB of JS and CSS before the queue shows (the case view and dialogs load later)' },
  { key: 'console_analytics_gzip_bytes', kind: 'max', limit: 40_960, why: 'an admin opening Analytics downloads at most 40 KB more (the screen, its texts and the chart library), and no one else downloads any of it' },
  { key: 'console_queue_ms_10k', kind: 'max', limit: 50, why: 'an agent\'s queue (any view, filter or page) answers within 50 ms with 10,000 open cases on PostgreSQL, so the console feels instant' },
  { key: 'console_search_ms_10k', kind: 'max', limit: 100, why: 'a search across the subjects, messages and emails of 10,000 open cases answers within 100 ms on PostgreSQL, as fast as an agent types' },
  { key: 'console_event_ms', kind: 'max', limit: 1000, why: 'a customer\'s reply reaches every agent\'s screen within a second, across two server processes on one PostgreSQL' },
  { key: 'analytics_summary_ms_1m', kind: 'max', limit: 500, why: 'an admin reads a period\'s figures over a million cases on PostgreSQL within half a second (p99), so the dashboards stay usable as the history grows' },
  { key: 'slots_compute_ms', kind: 'max', limit: 20, why: 'a month of free slots of 20 agents (their rules, absences and bookings read from the embedded database, the fast lane\'s reserve computed) within 20 ms (p99), so the date picker answers at once' },
  { key: 'portal_rps_ratio_raw_postgres', kind: 'min', limit: 0.5, why: 'the help portal on PostgreSQL serves its article pages at least half as fast as plain Node sends the same bytes, measured in the same run: the pages cost the server next to nothing beyond sending them' },
  { key: 'webhook_apply_per_s', kind: 'min', limit: 1000, postgresOnly: true, why: 'Stripe\'s webhooks for paid fast-lane checkouts are applied (order paid, case moved, receipt queued) at 1,000 a second or more on PostgreSQL, from 8 connections of a separate process, so a burst of payments never queues behind the server' },
  { key: 'checkout_create_p99_ms', kind: 'max', limit: 2000, why: 'a customer pressing "pay" reaches Stripe Checkout within two seconds, with five others doing the same, on a busy two-core machine' },
];

export interface BudgetCheck {
  key: string;
  limit: number;
  /** The measured value; null when the figure was not measured (which fails the budget, unless skipped). */
  value: number | null;
  ok: boolean;
  /** Why the budget was not checked (a PostgreSQL-only figure on a run on PGlite); ok is then true. */
  skipped?: string;
}

export function checkBudgets(results: Readonly<Record<string, unknown>>, budgets: readonly Budget[] = BUDGETS): BudgetCheck[] {
  return budgets.map((b) => {
    const v = results[b.key];
    const value = typeof v === 'number' && Number.isFinite(v) ? v : null;
    const pglite = results[`${b.key}_pglite`];
    if (value === null && b.postgresOnly && typeof pglite === 'number') {
      return { key: b.key, limit: b.limit, value, ok: true, skipped: `no PostgreSQL answered, so the bench ran on PGlite only (${b.key}_pglite = ${pglite}); set DATABASE_URL to check it` };
    }
    const ok = value !== null && (b.kind === 'max' ? value <= b.limit : value >= b.limit);
    return { key: b.key, limit: b.limit, value, ok };
  });
}

/** A line saying why a budget was not checked, for stderr (null when it was checked). */
export function describeSkip(check: BudgetCheck): string | null {
  return check.skipped ? `bench: budget skipped ${check.key}: ${check.skipped}` : null;
}

/** A line saying what failed, for stderr. */
export function describeFailure(check: BudgetCheck, budgets: readonly Budget[] = BUDGETS): string {
  const b = budgets.find((x) => x.key === check.key);
  const op = b?.kind === 'min' ? '≥' : '≤';
  const got = check.value === null ? 'not measured' : String(check.value);
  return `bench: BUDGET FAILED ${check.key}: ${got}, budget ${op} ${check.limit}${b ? ` (${b.why})` : ''}`;
}
