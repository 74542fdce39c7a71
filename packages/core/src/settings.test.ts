// The settings schemas: what a console change may hold, section by section.
import { describe, expect, it } from 'vitest';
import { CaptchaSettingsSchema, CompanySettingsSchema, LimitsSettingsSchema, MailSettingsSchema, OriginsSettingsSchema, SETTINGS_SCHEMAS, SETTINGS_SECTIONS, SettingsSectionSchema } from './settings.js';
import { SlaConfigSchema } from './sla/schema.js';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) => schema.safeParse(v).success;

describe('settings schemas', () => {
  it('has one schema per section, the SLA file’s own for sla', () => {
    expect(Object.keys(SETTINGS_SCHEMAS)).toEqual([...SETTINGS_SECTIONS]);
    expect(SETTINGS_SCHEMAS.sla).toBe(SlaConfigSchema);
  });

  it('takes origins only, as origins, once each', () => {
    expect(OriginsSettingsSchema.parse({ origins: ['https://www.example.com/', 'http://localhost:3000', 'https://WWW.example.com', 'https://shop.example:443'] })).toEqual({
      origins: ['https://www.example.com', 'http://localhost:3000', 'https://shop.example'],
    });
    for (const bad of ['https://www.example.com/path', 'https://www.example.com/?q=1', 'https://www.example.com#x', 'ftp://example.com', 'javascript:alert(1)', 'https://user:pw@example.com', 'example.com', '*', 'null', '']) {
      expect(ok(OriginsSettingsSchema, { origins: [bad] }), bad).toBe(false);
    }
    expect(ok(OriginsSettingsSchema, { origins: Array.from({ length: 51 }, (_, i) => `https://s${i}.example`) })).toBe(false);
    expect(ok(OriginsSettingsSchema, { origins: [] })).toBe(true);
  });

  it('takes a From address with or without a name, never a second header', () => {
    for (const good of ['support@example.com', 'Example Support <support@example.com>', '"Soporte, Nubefibra" <ayuda@nubefibra.es>', 'Ayuda <support@localhost>']) {
      expect(ok(MailSettingsSchema, { from: good }), good).toBe(true);
    }
    for (const bad of ['support', 'Example <support>', 'a@b.com\r\nBcc: x@evil.example', 'a@b.com, c@d.com', 'Name <a@b.com> extra', '<>', 'x'.repeat(195) + '@b.com']) {
      expect(ok(MailSettingsSchema, { from: bad }), bad).toBe(false);
    }
  });

  it('bounds the company, captcha and limits, and refuses unknown fields', () => {
    expect(CompanySettingsSchema.parse({ name: '  Nubefibra  ', defaultLocale: 'en' })).toEqual({ name: 'Nubefibra', defaultLocale: 'en' });
    expect(ok(CompanySettingsSchema, { name: 'a'.repeat(81), defaultLocale: 'es' })).toBe(false);
    expect(ok(CompanySettingsSchema, { name: 'Nube\nfibra', defaultLocale: 'es' })).toBe(false);
    expect(ok(CompanySettingsSchema, { name: 'Nubefibra', defaultLocale: 'es', logo: 'x' })).toBe(false);
    expect(ok(CaptchaSettingsSchema, { enabled: true, maxNumber: 9, cost: 1 })).toBe(false);
    expect(ok(CaptchaSettingsSchema, { enabled: 'yes', maxNumber: 1000, cost: 1 })).toBe(false);
    expect(ok(LimitsSettingsSchema, { casesPerIpPerHour: 10, casesPerEmailPerHour: 5, linkMailsPerEmailPerHour: 3, requestsPerIpPerMinute: 1.5 })).toBe(false);
    expect(ok(LimitsSettingsSchema, { casesPerIpPerHour: 10, casesPerEmailPerHour: 5, linkMailsPerEmailPerHour: 3 })).toBe(false);
  });

  it('describes a section with its value typed by section', () => {
    const view = { section: 'captcha', value: { enabled: true, maxNumber: 1000, cost: 1 }, source: 'console', fields: { enabled: 'console' }, startValue: { enabled: false, maxNumber: 100000, cost: 1 }, startSource: 'default', version: 1, updatedAt: '2026-11-20T10:00:00.000Z', updatedBy: { actor: 'user:1', name: 'Ana' } };
    expect(ok(SettingsSectionSchema, view)).toBe(true);
    expect(ok(SettingsSectionSchema, { ...view, value: { name: 'Nubefibra', defaultLocale: 'es' } })).toBe(false);
  });
});
