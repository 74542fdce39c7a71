// The demo history's defaults, apart from its generator: `ayuda demo history` checks its options
// against them before it loads the server (cli.ts).
export const HISTORY_DEFAULTS = {
  /** Days of history before today. */
  days: 90,
  /** The generator's seed: the same seed (and `now`) gives the same history. */
  seed: 2026,
  /** The most days one run may generate. */
  maxDays: 365,
  /** The fast lane was switched on this many days before today (half the history when shorter). */
  fastlaneDaysAgo: 45,
  /** Rows per insert statement. */
  batch: 500,
  /** What an hour of the demo staff's time costs, in minor units, where no cost is set: admin, agent. */
  hourlyCost: { admin: 3000, agent: 2200 },
} as const;
