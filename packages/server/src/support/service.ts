// The team's usual first-response time per lane, from the last 30 days of cases (issue 14):
// shown beside every contact entry point of the widget and the portal. Computed in SQL at most
// once per RESPONSE_TIME_DEFAULTS.maxAgeS per process, whatever the traffic.
import { RESPONSE_TIME_DEFAULTS, type Locale, type ResponseTimes } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import * as store from './store.js';

export interface ResponseTimeDeps {
  db: Database;
  clock: Clock;
  /** The fast lane as it is now (settings change while the server runs): on or off, and its name. */
  fastlane: { readonly enabled: boolean; name(locale: Locale): string };
  /** Defaults: RESPONSE_TIME_DEFAULTS. */
  windowDays?: number;
  minimumCases?: number;
  maxAgeS?: number;
}

interface Figures {
  computedAt: Date;
  standard: number | null;
  fast: number | null;
}

const DAY_MS = 86_400_000;

export class ResponseTimeService {
  readonly windowDays: number;
  readonly minimumCases: number;
  readonly maxAgeS: number;
  #held: { at: number; figures: Promise<Figures> } | undefined;

  constructor(private readonly deps: ResponseTimeDeps) {
    this.windowDays = deps.windowDays ?? RESPONSE_TIME_DEFAULTS.windowDays;
    this.minimumCases = deps.minimumCases ?? RESPONSE_TIME_DEFAULTS.minimumCases;
    this.maxAgeS = deps.maxAgeS ?? RESPONSE_TIME_DEFAULTS.maxAgeS;
  }

  /** The figures in `locale`'s words (the fast lane's name); the medians are shared by every locale. */
  async forLocale(locale: Locale): Promise<ResponseTimes> {
    const f = await this.#figures();
    return {
      locale,
      windowDays: this.windowDays,
      minimumCases: this.minimumCases,
      computedAt: f.computedAt.toISOString(),
      standard: { medianMinutes: f.standard },
      fast: { medianMinutes: f.fast, offered: this.deps.fastlane.enabled, name: this.deps.fastlane.name(locale) },
    };
  }

  /** Forgets the figures held, so the next call computes them again (tests, or after an import). */
  invalidate(): void {
    this.#held = undefined;
  }

  #figures(): Promise<Figures> {
    const now = this.deps.clock.now();
    const held = this.#held;
    if (held && now.getTime() - held.at < this.maxAgeS * 1000 && now.getTime() >= held.at) return held.figures;
    const figures = this.#compute(now);
    // Callers at the same time share one query; a failure is not kept.
    figures.catch(() => {
      if (this.#held?.figures === figures) this.#held = undefined;
    });
    this.#held = { at: now.getTime(), figures };
    return figures;
  }

  async #compute(now: Date): Promise<Figures> {
    const rows = await store.firstResponseMedians(this.deps.db.db, new Date(now.getTime() - this.windowDays * DAY_MS), now);
    const of = (lane: string): number | null => {
      const r = rows.find((x) => x.lane === lane);
      if (!r || r.cases < this.minimumCases || !Number.isFinite(r.medianSeconds)) return null;
      return Math.max(1, Math.round(r.medianSeconds / 60));
    };
    return { computedAt: now, standard: of('standard'), fast: of('fast') };
  }
}
