// Settings changed from the console without a restart (issue 13): one schema per section, the
// same one its file or environment variables are checked with, and the shapes of the staff
// settings API (`/staff/settings/{section}`), its history and undo.
import { z } from 'zod';
import { LocaleSchema } from './api.js';
import { IdSchema } from './api.js';
import { SlaConfigSchema } from './sla/schema.js';
import { FastlaneSettingsSchema } from './fastlane-settings.js';
import { AppearanceSettingsSchema } from './appearance.js';

/** Every section, in the order the console shows them. */
export const SETTINGS_SECTIONS = ['sla', 'company', 'fastlane', 'captcha', 'limits', 'origins', 'mail', 'appearance'] as const;
export const SettingsSectionNameSchema = z.enum(SETTINGS_SECTIONS);
export type SettingsSectionName = z.infer<typeof SettingsSectionNameSchema>;

/** Where a value comes from: saved in the console, the file named by an environment variable, an environment variable, or the built-in default. */
export const SettingsSourceSchema = z.enum(['console', 'file', 'env', 'default']);
export type SettingsSource = z.infer<typeof SettingsSourceSchema>;

/** Limits of settings values. Docs and code read this one object. */
export const SETTINGS_LIMITS = {
  companyNameMax: 80,
  mailFromMax: 200,
  originsMax: 50,
  /** Revisions one history page shows. */
  revisionsMax: 100,
} as const;

const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

/** The company (`AYUDA_COMPANY_NAME`, `AYUDA_DEFAULT_LOCALE`). */
export const CompanySettingsSchema = z.strictObject({
  name: z.string().trim().min(1).max(SETTINGS_LIMITS.companyNameMax).refine(noControl, { message: 'must not contain control characters (line breaks, tabs)' }),
  defaultLocale: LocaleSchema,
});
export type CompanySettings = z.infer<typeof CompanySettingsSchema>;

/** The proof-of-work captcha (`AYUDA_CAPTCHA`, `AYUDA_CAPTCHA_MAX_NUMBER`, `AYUDA_CAPTCHA_COST`). */
export const CaptchaSettingsSchema = z.strictObject({
  /** Whether a case needs a solved captcha. */
  enabled: z.boolean(),
  /** Difficulty: the solver tries up to this many numbers (about half on average). */
  maxNumber: z.number().int().min(10).max(100_000_000),
  /** Work per attempt (hash iterations). */
  cost: z.number().int().min(1).max(1_000_000),
});
export type CaptchaSettings = z.infer<typeof CaptchaSettingsSchema>;

const perWindow = z.number().int().min(1).max(1_000_000);

/** Rate limits of customers' requests (`AYUDA_CASE_RATE_LIMIT`, `AYUDA_CASE_EMAIL_LIMIT`, `AYUDA_LINKS_EMAIL_LIMIT`, `AYUDA_RATE_LIMIT`). */
export const LimitsSettingsSchema = z.strictObject({
  /** Cases a client IP may submit per hour. */
  casesPerIpPerHour: perWindow,
  /** Cases one email address may submit per hour. */
  casesPerEmailPerHour: perWindow,
  /** Mails with tracking links one address may ask for per hour. */
  linkMailsPerEmailPerHour: perWindow,
  /** Requests per minute per IP to rate-limited endpoints (search, analytics, captcha). */
  requestsPerIpPerMinute: perWindow,
});
export type LimitsSettings = z.infer<typeof LimitsSettingsSchema>;

/** An origin only: `https://www.example.com` or `http://localhost:3000`, no path, query or fragment. */
export const OriginSchema = z
  .string()
  .max(300)
  .refine(
    (s) => {
      if (!/^https?:\/\//i.test(s) || /[?#\\]/.test(s)) return false;
      try {
        const u = new URL(s);
        return u.pathname === '/' && !u.username && !u.password;
      } catch {
        return false;
      }
    },
    { message: 'Write an origin only: scheme, host and port, e.g. "https://www.example.com" (no path, query, fragment or user).' },
  )
  .transform((s) => new URL(s).origin);

/** Origins allowed to call the API from a browser (`AYUDA_CORS_ORIGINS`); the server's own is always allowed. */
export const OriginsSettingsSchema = z.strictObject({
  origins: z
    .array(OriginSchema)
    .max(SETTINGS_LIMITS.originsMax)
    .transform((list) => [...new Set(list)]),
});
export type OriginsSettings = z.infer<typeof OriginsSettingsSchema>;

/**
 * A From address: `support@example.com` or `Example Support <support@example.com>` (the name
 * may be quoted). No line breaks: a header must stay one header.
 */
export const MailFromSchema = z
  .string()
  .trim()
  .min(3)
  .max(SETTINGS_LIMITS.mailFromMax)
  .refine(noControl, { message: 'must not contain control characters (line breaks, tabs)' })
  .refine(
    (s) => {
      const m = /^(?:(?:"[^"\\]*"|[^<>@",;]*)\s*<([^<>\s]+)>|([^<>\s]+))$/.exec(s);
      const address = m?.[1] ?? m?.[2];
      return address !== undefined && /^[^\s@<>",;:]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(address);
    },
    { message: 'Write an address, e.g. "support@example.com" or "Example Support <support@example.com>".' },
  );

/** Outgoing mail (`AYUDA_MAIL_FROM`). */
export const MailSettingsSchema = z.strictObject({ from: MailFromSchema });
export type MailSettings = z.infer<typeof MailSettingsSchema>;

/** Each section's schema: what `PUT /staff/settings/{section}` takes, and its file or variables are checked with. */
export const SETTINGS_SCHEMAS = {
  sla: SlaConfigSchema,
  company: CompanySettingsSchema,
  fastlane: FastlaneSettingsSchema,
  captcha: CaptchaSettingsSchema,
  limits: LimitsSettingsSchema,
  origins: OriginsSettingsSchema,
  mail: MailSettingsSchema,
  appearance: AppearanceSettingsSchema,
} as const satisfies Record<SettingsSectionName, z.ZodType>;

export type SettingsValue<S extends SettingsSectionName> = z.output<(typeof SETTINGS_SCHEMAS)[S]>;

// ---- the API ----

export const SettingsSectionParamsSchema = z.object({ section: SettingsSectionNameSchema });
export const SettingsRevisionParamsSchema = z.object({ section: SettingsSectionNameSchema, id: IdSchema });

/** Who saved a value: the audit log's actor key (`user:3`, `staff:1` for a token) and name. */
export const SettingsActorSchema = z.object({ actor: z.string(), name: z.string() });

const sectionView = <N extends SettingsSectionName, S extends z.ZodType>(name: N, schema: S) =>
  z.object({
    section: z.literal(name),
    /** The value in effect on every server process. */
    value: schema,
    /** Where `value` comes from. */
    source: SettingsSourceSchema,
    /** Where each top-level field of `value` comes from. */
    fields: z.record(z.string(), SettingsSourceSchema),
    /** The value at start (file, environment or default): what DELETE goes back to. */
    startValue: schema,
    startSource: SettingsSourceSchema,
    /** Goes up by one with every change (also a reset); send it as `If-Match` with a change. 0: never changed. */
    version: z.number().int().min(0),
    updatedAt: z.string().nullable(),
    updatedBy: SettingsActorSchema.nullable(),
  });

export const SettingsSectionSchema = z.discriminatedUnion('section', [
  sectionView('sla', SlaConfigSchema),
  sectionView('company', CompanySettingsSchema),
  sectionView('fastlane', FastlaneSettingsSchema),
  sectionView('captcha', CaptchaSettingsSchema),
  sectionView('limits', LimitsSettingsSchema),
  sectionView('origins', OriginsSettingsSchema),
  sectionView('mail', MailSettingsSchema),
  sectionView('appearance', AppearanceSettingsSchema),
]);
export type SettingsSection = z.infer<typeof SettingsSectionSchema>;

export const SettingsListSchema = z.object({ sections: z.array(SettingsSectionSchema) });
export type SettingsList = z.infer<typeof SettingsListSchema>;

/** What `PUT /staff/settings/{section}` takes: the section's whole value (checked with that section's schema). */
export const SettingsValueInputSchema = z.union([SlaConfigSchema, CompanySettingsSchema, FastlaneSettingsSchema, CaptchaSettingsSchema, LimitsSettingsSchema, OriginsSettingsSchema, MailSettingsSchema, AppearanceSettingsSchema]);

export const SettingsRevisionSchema = z.object({
  id: z.number().int(),
  section: SettingsSectionNameSchema,
  /** The value saved; null when the section went back to its start value. */
  value: z.record(z.string(), z.unknown()).nullable(),
  version: z.number().int(),
  changedBy: z.string(),
  changedByName: z.string(),
  changedAt: z.string(),
});
export type SettingsRevision = z.infer<typeof SettingsRevisionSchema>;

export const SettingsRevisionListSchema = z.object({ revisions: z.array(SettingsRevisionSchema) });

// ---- public holidays to import into the business hours ----

/** `GET /staff/holidays`: a country's public holidays in a year, from a maintained calendar (date-holidays). */
export const PublicHolidaysQuerySchema = z.object({
  /** ISO 3166-1 alpha-2, e.g. `ES`. */
  country: z.string().trim().toUpperCase().pipe(z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code, e.g. ES')),
  /** The country's region (ISO 3166-2 subdivision without the country), e.g. `MD` for Madrid: its own holidays too. */
  region: z.string().trim().toUpperCase().pipe(z.string().regex(/^[A-Z0-9]{1,3}$/, 'a region code, e.g. MD')).optional(),
  year: z.coerce.number().int().min(2000).max(2100),
  /** The language of the holidays' names. */
  locale: LocaleSchema.default('es'),
});
export const PublicHolidaysSchema = z.object({
  country: z.string(),
  region: z.string().nullable(),
  year: z.number().int(),
  /** Public holidays (days off for everyone), one per date, in date order. */
  holidays: z.array(z.object({ date: z.string(), name: z.string() })),
});
export type PublicHolidays = z.infer<typeof PublicHolidaysSchema>;

export const HolidayCountriesQuerySchema = z.object({ locale: LocaleSchema.default('es') });
export const HolidayCountriesSchema = z.object({
  countries: z.array(z.object({ code: z.string(), name: z.string(), regions: z.array(z.object({ code: z.string(), name: z.string() })) })),
});
export type HolidayCountries = z.infer<typeof HolidayCountriesSchema>;
