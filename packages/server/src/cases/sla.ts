// Binds the SLA engine of @ayuda/core to the company's configuration (AYUDA_SLA_FILE or the
// defaults) for the case service.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { CaseLane } from '@ayuda/core';
import { computeDueDates, computeDueTimes, SlaConfigSchema, SLA_DEFAULTS, type SlaConfig } from '@ayuda/core';
import { ConfigError } from '../config.js';

export interface CaseTimes {
  createdAt: Date;
  lane: CaseLane;
  pauses: Array<{ from: Date; to?: Date }>;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  laneChangedAt: Date | null;
}

export interface DueTimes {
  firstResponseDue: Date | null;
  resolutionDue: Date | null;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  /** Counted minutes (business minutes, or calendar ones for a lane that counts them) left; negative when late, frozen once met. */
  firstResponseRemainingMinutes: number;
  resolutionRemainingMinutes: number;
  /** The whole target behind each due time, in the same minutes. */
  firstResponseTargetMinutes: number;
  resolutionTargetMinutes: number;
  /** The resolution clock is stopped now: the case waits for the customer. */
  paused: boolean;
}

export interface SlaEngine {
  /** The configuration in effect now (it changes when an admin saves the `sla` settings): read it at use time, never keep it. */
  readonly config: SlaConfig;
  dueTimes(c: CaseTimes, now: Date): DueTimes;
  /** dueTimes' two due times alone (what storing them after a lane move needs), for less work. */
  dueDates(c: CaseTimes, now: Date): Pick<DueTimes, 'firstResponseDue' | 'resolutionDue'>;
}

/** An engine whose configuration the settings service swaps while the server runs. */
export interface LiveSlaEngine extends SlaEngine {
  set(config: SlaConfig): void;
}

export function loadSlaConfig(file: string | undefined): SlaConfig {
  if (!file) return SLA_DEFAULTS;
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(`Ayuda: AYUDA_SLA_FILE=${file} could not be read: ${(err as Error).message}`);
  }
  const r = SlaConfigSchema.safeParse(raw);
  if (!r.success) {
    throw new ConfigError(`Ayuda: AYUDA_SLA_FILE=${file} is not valid:\n${r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return r.data;
}

export function slaEngine(initial: SlaConfig): LiveSlaEngine {
  let config = initial;
  const dueInput = (c: CaseTimes, now: Date) => ({
    createdAt: c.createdAt,
    lane: c.lane,
    policy: config.policy,
    hours: config.hours,
    pauses: c.pauses,
    firstRespondedAt: c.firstRespondedAt ?? undefined,
    resolvedAt: c.resolvedAt ?? undefined,
    laneChangedAt: c.laneChangedAt ?? undefined,
    now,
  });
  return {
    get config() {
      return config;
    },
    set(next) {
      config = next;
    },
    dueDates(c, now) {
      return computeDueDates(dueInput(c, now));
    },
    dueTimes(c, now) {
      const r = computeDueTimes(dueInput(c, now));
      return {
        firstResponseDue: r.firstResponseDue,
        resolutionDue: r.resolutionDue,
        firstResponseBreached: r.firstResponseBreached,
        resolutionBreached: r.resolutionBreached,
        firstResponseRemainingMinutes: r.firstResponseRemainingMinutes,
        resolutionRemainingMinutes: r.resolutionRemainingMinutes,
        firstResponseTargetMinutes: r.firstResponseTargetMinutes,
        resolutionTargetMinutes: r.resolutionTargetMinutes,
        paused: r.paused,
      };
    },
  };
}
