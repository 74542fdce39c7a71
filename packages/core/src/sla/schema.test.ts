import { describe, expect, it } from 'vitest';
import { SLA_DEFAULTS, SlaConfigSchema, addBusinessMinutes, computeDueTimes } from './index.js';

/** docs/sla.md, read through a specifier TypeScript does not resolve: core itself has no Node types. */
async function readDoc(): Promise<string> {
  const fs: { readFile(url: URL, enc: 'utf8'): Promise<string> } = await import(/* @vite-ignore */ ['node', 'fs/promises'].join(':'));
  return fs.readFile(new URL('../../../../docs/sla.md', import.meta.url), 'utf8');
}
const block = (doc: string, marker: string) => {
  const m = new RegExp(`<!-- ${marker} -->\\s*\`\`\`json\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!m) throw new Error(`docs/sla.md has no json block after <!-- ${marker} -->`);
  return m[1]!;
};

describe('SlaConfigSchema', () => {
  it('fills everything left out from SLA_DEFAULTS', () => {
    expect(SlaConfigSchema.parse({})).toEqual(SLA_DEFAULTS);
    const c = SlaConfigSchema.parse({ hours: { holidays: ['2026-12-25'] }, policy: { fast: { firstResponse: 30, resolution: 240, calendar: true } } });
    expect(c.hours.timeZone).toBe('Europe/Madrid');
    expect(c.hours.week).toEqual(SLA_DEFAULTS.hours.week);
    expect(c.policy.standard).toEqual(SLA_DEFAULTS.policy.standard);
    expect(c.policy.fast).toEqual({ firstResponse: 30, resolution: 240, calendar: true });
  });

  it('marks only the malformed time of an interval, not the other one as out of order', () => {
    const r = SlaConfigSchema.safeParse({ hours: { week: { mon: [{ from: '', to: '17:00' }], tue: [{ from: '09:00', to: '25:00' }] } } });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['hours.week.mon.0.from', 'hours.week.tue.0.to']);
    expect(r.error!.issues.every((i) => i.message.startsWith('Write a time'))).toBe(true);
  });

  it('names each field that is wrong', () => {
    const r = SlaConfigSchema.safeParse({
      hours: {
        timeZone: 'Mars/Olympus',
        week: { mon: [{ from: '18:00', to: '09:00' }], tue: [{ from: '09:00', to: '14:00' }, { from: '13:00', to: '18:00' }], wed: [{ from: '9am', to: '18:00' }], funday: [] },
        holidays: ['2026-02-30'],
      },
      policy: { standard: { firstResponse: -5, resolution: 2400 }, fast: { firstResponse: 60 } },
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['hours.timeZone', 'hours.week.mon.0.to', 'hours.week.tue.1', 'hours.week.wed.0.from', 'hours.week', 'hours.holidays.0', 'policy.standard.firstResponse', 'policy.fast.resolution']),
    );
  });

  it('refuses a week with no open time when a lane counts business hours', () => {
    const closed = { hours: { week: { sat: [] } } };
    expect(SlaConfigSchema.safeParse(closed).error?.issues[0]?.path).toEqual(['hours', 'week']);
    const allCalendar = { ...closed, policy: { standard: { firstResponse: 480, resolution: 2400, calendar: true }, fast: { firstResponse: 60, resolution: 480, calendar: true } } };
    expect(SlaConfigSchema.safeParse(allCalendar).success).toBe(true);
  });

  it('gives an interval ending at 24:00 and refuses one starting there', () => {
    expect(SlaConfigSchema.safeParse({ hours: { week: { fri: [{ from: '20:00', to: '24:00' }] } } }).success).toBe(true);
    expect(SlaConfigSchema.safeParse({ hours: { week: { fri: [{ from: '24:00', to: '24:00' }] } } }).success).toBe(false);
  });
});

describe('docs/sla.md', () => {
  it('shows SLA_DEFAULTS as they are', async () => {
    expect(JSON.parse(block(await readDoc(), 'SLA_DEFAULTS'))).toEqual(SLA_DEFAULTS);
  });

  it('has an example configuration that parses and gives the due times it states', async () => {
    const config = SlaConfigSchema.parse(JSON.parse(block(await readDoc(), 'EXAMPLE')));
    // The worked example in the docs: a case opened on Friday 24 April 2026 at 17:30 in Madrid.
    const createdAt = new Date('2026-04-24T15:30:00Z');
    const due = computeDueTimes({ createdAt, lane: 'standard', policy: config.policy, hours: config.hours, now: createdAt });
    expect(due.firstResponseDue.toISOString()).toBe('2026-04-27T10:30:00.000Z'); // Monday 12:30
    expect(addBusinessMinutes(createdAt, 60, config.hours).toISOString()).toBe('2026-04-25T08:30:00.000Z');
    const fast = computeDueTimes({ createdAt, lane: 'fast', policy: config.policy, hours: config.hours, now: createdAt });
    expect(fast.firstResponseDue.toISOString()).toBe('2026-04-24T16:30:00.000Z'); // Friday 18:30, around the clock
  });
});
