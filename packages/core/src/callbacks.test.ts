// The callbacks' pure rules: the due time per lane within the window, what an attempt leads to,
// and reading a form's day and times in the company's zone (daylight-saving changes included).
import { describe, expect, it } from 'vitest';
import { CALLBACK_TARGETS, callbackAfterAttempt, callbackDueAt, zonedInstant } from './appointments.js';
import { formatWindow } from './format.js';
import { SLA_DEFAULTS } from './sla/defaults.js';

const hours = SLA_DEFAULTS.hours; // Madrid, Monday to Friday 09:00–18:00
const at = (iso: string) => new Date(iso);
const window = (start: string, end: string) => ({ start: at(start), end: at(end) });

describe('callbackDueAt', () => {
  it('counts the lane’s target in business minutes from the later of the request and the window’s start', () => {
    expect(CALLBACK_TARGETS).toEqual({ fast: 60, standard: 480 });
    // Monday 10:00 in Madrid, a window from now until Tuesday evening.
    const w = window('2026-11-23T09:00:00Z', '2026-11-24T17:00:00Z');
    expect(callbackDueAt(at('2026-11-23T09:00:00Z'), 'fast', w, hours).toISOString()).toBe('2026-11-23T10:00:00.000Z');
    // Eight business hours: Monday 10:00–18:00 in Madrid.
    expect(callbackDueAt(at('2026-11-23T09:00:00Z'), 'standard', w, hours).toISOString()).toBe('2026-11-23T17:00:00.000Z');
    // A window that opens later counts from its start.
    const later = window('2026-11-24T08:00:00Z', '2026-11-24T17:00:00Z');
    expect(callbackDueAt(at('2026-11-23T09:00:00Z'), 'fast', later, hours).toISOString()).toBe('2026-11-24T09:00:00.000Z');
  });

  it('is never after the window’s end, even when the window is outside business hours', () => {
    // Saturday 10:00–12:00 in Madrid: the office is closed; due when the window closes.
    const saturday = window('2026-11-28T09:00:00Z', '2026-11-28T11:00:00Z');
    expect(callbackDueAt(at('2026-11-27T09:00:00Z'), 'fast', saturday, hours).toISOString()).toBe('2026-11-28T11:00:00.000Z');
  });

  it('counts calendar minutes when the hours have no open time at all', () => {
    const closed = { timeZone: 'Europe/Madrid', week: {} };
    const w = window('2026-11-23T09:00:00Z', '2026-11-30T09:00:00Z');
    expect(callbackDueAt(at('2026-11-23T09:00:00Z'), 'standard', w, closed).toISOString()).toBe('2026-11-23T17:00:00.000Z');
  });
});

describe('callbackAfterAttempt', () => {
  it('ends on reached, fails on a wrong number or the third unanswered attempt', () => {
    expect(callbackAfterAttempt('reached', 2)).toBe('done');
    expect(callbackAfterAttempt('wrong_number', 0)).toBe('failed');
    expect(callbackAfterAttempt('no_answer', 0)).toBe('waiting');
    expect(callbackAfterAttempt('voicemail', 1)).toBe('waiting');
    expect(callbackAfterAttempt('busy', 2)).toBe('failed');
  });
});

describe('zonedInstant', () => {
  it('reads a day and a time in the zone, across daylight-saving changes', () => {
    expect(zonedInstant('2026-11-23', '12:00', 'Europe/Madrid')!.toISOString()).toBe('2026-11-23T11:00:00.000Z');
    expect(zonedInstant('2026-07-01', '12:00', 'Europe/Madrid')!.toISOString()).toBe('2026-07-01T10:00:00.000Z');
    // 29 March 2026: 02:00–03:00 does not happen in Madrid; 02:30 reads as the jump (01:00 UTC).
    expect(zonedInstant('2026-03-29', '02:30', 'Europe/Madrid')!.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    // 25 October 2026: 02:30 happens twice; the first.
    expect(zonedInstant('2026-10-25', '02:30', 'Europe/Madrid')!.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses what is no date or time', () => {
    for (const [d, t] of [['2026-02-30', '10:00'], ['2026-11-23', '24:00'], ['2026-11-23', '9:00'], ['23/11/2026', '10:00'], ['', '']]) expect(zonedInstant(d!, t!, 'Europe/Madrid')).toBeNull();
  });
});

describe('formatWindow', () => {
  it('names the zone once on one day and both ends across days', () => {
    expect(formatWindow('es', 'Europe/Madrid', '2026-11-23T11:00:00Z', '2026-11-23T13:00:00Z')).toBe('lunes, 23 de noviembre de 2026, 12:00–14:00 CET');
    expect(formatWindow('en', 'Atlantic/Canary', '2026-11-23T11:00:00Z', '2026-11-23T13:00:00Z')).toBe('Monday, 23 November 2026 at 11:00–13:00 WET');
    expect(formatWindow('es', 'Europe/Madrid', '2026-11-23T22:30:00Z', '2026-11-24T08:00:00Z')).toBe('lunes, 23 de noviembre de 2026, 23:30 CET – martes, 24 de noviembre de 2026, 09:00 CET');
  });
});
