// The fast lane's configuration: its name in each language, its plans and prices, and the
// refund policy. Defaults in @ayuda/core (fastlane-settings.ts); a company overrides them with
// AYUDA_FASTLANE_FILE, and the console's `fastlane` settings over that.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { FastlaneConfigSchema, type FastlaneConfig, type FastlanePlanConfig as Plan } from '@ayuda/core';
import { ConfigError } from '../config.js';

export type { FastlaneConfig, FastlanePlanConfig as Plan } from '@ayuda/core';

/** The tax part of an amount that includes it, in minor units (rounded to the nearest unit). */
export function taxIncluded(amount: number, rate: number): number {
  return Math.round(amount - amount / (1 + rate / 100));
}

export function loadFastlaneConfig(file: string | undefined): FastlaneConfig {
  // A new object each time: the console's settings write into an app's configuration.
  if (!file) return FastlaneConfigSchema.parse({});
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(`Ayuda: AYUDA_FASTLANE_FILE=${file} could not be read: ${(err as Error).message}`);
  }
  const r = FastlaneConfigSchema.safeParse(raw ?? {});
  if (!r.success) throw new ConfigError(`Ayuda: AYUDA_FASTLANE_FILE=${file} is not valid:\n${r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return r.data;
}

/** The Stripe lookup key of a plan at a price in a language: a new price gets a new key, old ones stay. */
export const lookupKey = (p: Plan, currency: string, locale: string) => `ayuda_${p.key}_${p.amount}_${currency}_${locale}`;
