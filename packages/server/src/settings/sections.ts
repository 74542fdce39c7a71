// The settings sections: each one's schema (from @ayuda/core, the one its file or variables are
// read with), its start value and where that came from, and how a value is put into effect in
// this process (written into the live configuration object or the SLA engine, which every
// service reads at use time).
import type { z } from 'zod';
import { APPEARANCE_DEFAULTS, SETTINGS_SCHEMAS, type SettingsSectionName, type SettingsSource, type SettingsValue, type SlaConfig } from '@ayuda/core';
import type { Config } from '../config.js';
import type { LiveSlaEngine } from '../cases/sla.js';
import type { FastlaneConfig } from '../fastlane/config.js';

export interface SectionDef<S extends SettingsSectionName = SettingsSectionName> {
  name: S;
  schema: z.ZodType<SettingsValue<S>>;
  /** The value before any console change: file, environment or default. */
  start: SettingsValue<S>;
  startSource: SettingsSource;
  /** Where each top-level field of the start value comes from. */
  startFields: Record<string, SettingsSource>;
  /** Puts a value into effect in this process. */
  apply(value: SettingsValue<S>): void;
}

export type SectionDefs = { [S in SettingsSectionName]: SectionDef<S> };

const appearanceStart = SETTINGS_SCHEMAS.appearance.parse(APPEARANCE_DEFAULTS);

interface StartValues {
  sla: SettingsValue<'sla'>;
  company: SettingsValue<'company'>;
  fastlane: SettingsValue<'fastlane'>;
  captcha: SettingsValue<'captcha'>;
  limits: SettingsValue<'limits'>;
  origins: SettingsValue<'origins'>;
  mail: SettingsValue<'mail'>;
  envVars: ReadonlySet<string>;
}

// The values of a configuration object as it was first seen: services share the object, and the
// settings write into it, so a second app on the same object (the demo's seeding) still knows them.
const firstSeen = new WeakMap<Config, StartValues>();

function startValues(config: Config, sla: SlaConfig, fastlane: FastlaneConfig): StartValues {
  let s = firstSeen.get(config);
  if (!s) {
    s = {
      // In the schema's complete form (every default filled in), as a saved value would be.
      sla: SETTINGS_SCHEMAS.sla.safeParse(sla).data ?? (sla as SettingsValue<'sla'>),
      company: { name: config.companyName, defaultLocale: config.defaultLocale },
      fastlane: fastlaneSettings(fastlane),
      captcha: { enabled: config.captcha, maxNumber: config.captchaMaxNumber, cost: config.captchaCost },
      limits: { casesPerIpPerHour: config.caseRateLimitPerHour, casesPerEmailPerHour: config.caseEmailLimitPerHour, linkMailsPerEmailPerHour: config.linksEmailLimitPerHour, requestsPerIpPerMinute: config.rateLimitPerMinute },
      origins: { origins: [...config.corsOrigins] },
      mail: { from: config.mailFrom },
      envVars: new Set(config.envVars),
    };
    firstSeen.set(config, s);
  }
  return s;
}

/** The fast lane's configuration without its currency (which is not a setting). */
function fastlaneSettings(f: FastlaneConfig): SettingsValue<'fastlane'> {
  const { currency: _, ...rest } = f;
  return structuredClone(rest);
}

/**
 * The sections of an app. `config` is the app's live configuration: a saved value is written
 * into it (and into `sla`), and read from it by every service at use time.
 */
export function settingsSections(config: Config, sla: LiveSlaEngine, slaStartSource: 'file' | 'default', fastlane: FastlaneConfig): SectionDefs {
  const s = startValues(config, sla.config, fastlane);
  const fastlaneSource = config.fastlaneFile ? ('file' as const) : ('default' as const);
  const fromEnv = (fields: Record<string, string>) => {
    const out = Object.fromEntries(Object.entries(fields).map(([field, v]) => [field, s.envVars.has(v) ? ('env' as const) : ('default' as const)]));
    return { startFields: out, startSource: Object.values(out).includes('env') ? ('env' as const) : ('default' as const) };
  };
  return {
    sla: {
      name: 'sla',
      schema: SETTINGS_SCHEMAS.sla,
      start: s.sla,
      startSource: slaStartSource,
      startFields: { hours: slaStartSource, policy: slaStartSource },
      apply: (v) => sla.set(v),
    },
    company: {
      name: 'company',
      schema: SETTINGS_SCHEMAS.company,
      start: s.company,
      ...fromEnv({ name: 'AYUDA_COMPANY_NAME', defaultLocale: 'AYUDA_DEFAULT_LOCALE' }),
      apply: (v) => {
        config.companyName = v.name;
        config.defaultLocale = v.defaultLocale;
      },
    },
    fastlane: {
      name: 'fastlane',
      schema: SETTINGS_SCHEMAS.fastlane,
      start: s.fastlane,
      startSource: fastlaneSource,
      startFields: Object.fromEntries(Object.keys(s.fastlane).map((k) => [k, fastlaneSource])),
      // Every fast-lane service reads this object at use time; the currency stays the file's.
      apply: (v) => void Object.assign(fastlane, structuredClone(v)),
    },
    captcha: {
      name: 'captcha',
      schema: SETTINGS_SCHEMAS.captcha,
      start: s.captcha,
      ...fromEnv({ enabled: 'AYUDA_CAPTCHA', maxNumber: 'AYUDA_CAPTCHA_MAX_NUMBER', cost: 'AYUDA_CAPTCHA_COST' }),
      apply: (v) => {
        config.captcha = v.enabled;
        config.captchaMaxNumber = v.maxNumber;
        config.captchaCost = v.cost;
      },
    },
    limits: {
      name: 'limits',
      schema: SETTINGS_SCHEMAS.limits,
      start: s.limits,
      ...fromEnv({ casesPerIpPerHour: 'AYUDA_CASE_RATE_LIMIT', casesPerEmailPerHour: 'AYUDA_CASE_EMAIL_LIMIT', linkMailsPerEmailPerHour: 'AYUDA_LINKS_EMAIL_LIMIT', requestsPerIpPerMinute: 'AYUDA_RATE_LIMIT' }),
      apply: (v) => {
        config.caseRateLimitPerHour = v.casesPerIpPerHour;
        config.caseEmailLimitPerHour = v.casesPerEmailPerHour;
        config.linksEmailLimitPerHour = v.linkMailsPerEmailPerHour;
        config.rateLimitPerMinute = v.requestsPerIpPerMinute;
      },
    },
    origins: {
      name: 'origins',
      schema: SETTINGS_SCHEMAS.origins,
      start: s.origins,
      ...fromEnv({ origins: 'AYUDA_CORS_ORIGINS' }),
      apply: (v) => {
        config.corsOrigins = [...v.origins];
      },
    },
    mail: {
      name: 'mail',
      schema: SETTINGS_SCHEMAS.mail,
      start: s.mail,
      ...fromEnv({ from: 'AYUDA_MAIL_FROM' }),
      apply: (v) => {
        config.mailFrom = v.from;
      },
    },
    appearance: {
      name: 'appearance',
      schema: SETTINGS_SCHEMAS.appearance,
      // Today's widget: its theme lives only in the console (no file or variable).
      start: appearanceStart,
      startSource: 'default',
      startFields: Object.fromEntries(Object.keys(appearanceStart).map((k) => [k, 'default' as const])),
      // Nothing to write: /embed.js reads the value in effect from the settings service at each request.
      apply: () => {},
    },
  };
}
