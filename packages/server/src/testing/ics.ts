// Reading iCalendar text in tests, line by line (RFC 5545: CRLF lines, folded with a leading
// space or tab), rather than with the library that wrote it.
import { expect } from 'vitest';

/** The content lines of an iCalendar text, unfolded; checks that every line ends in CRLF and none is longer than 75 octets. */
export function icsLines(text: string): string[] {
  expect(text).toMatch(/\r\n$/);
  expect(text.split('\r\n').filter((l) => Buffer.byteLength(l, 'utf8') > 75)).toEqual([]);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  return text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
}

/** The values of a property (`DTSTART`, `ATTENDEE;...`) in the first VEVENT, or of the calendar. */
export function icsProp(lines: string[], name: string, where: 'calendar' | 'event' = 'event'): string[] {
  const begin = lines.indexOf('BEGIN:VEVENT');
  const end = lines.indexOf('END:VEVENT');
  const scope = where === 'event' ? lines.slice(begin + 1, end) : lines.slice(0, begin === -1 ? undefined : begin);
  return scope.filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`)).map((l) => l.slice(l.indexOf(':', name.length) + 1));
}
