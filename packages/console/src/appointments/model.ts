// The calendar's grid as data: columns (days of a week, or the agents of a day), one row per
// start time on the company's clock, and in each cell what starts there: appointments, absences
// and the capacity units, counted by state (free, held for the fast lane, released).
import type { ResponseOf } from '@ayuda/client/staff';
import { addDaysToDate, wall } from './time.js';

export type StaffCalendar = ResponseOf<'staffCalendar'>;
export type CalendarAppointment = StaffCalendar['appointments'][number];
export type CalendarAbsence = StaffCalendar['absences'][number];
export type CalendarUnit = StaffCalendar['units'][number];
export type UnitState = 'free' | 'held' | 'released';
export type CalendarView = 'day' | 'week';

export interface Column {
  key: string;
  /** The column's date (every column of a day view has the same one). */
  date: string;
  /** The agent of a day view's column. */
  agentId: number | null;
}

export interface Cell {
  appointments: CalendarAppointment[];
  /** Absences that start here, or that were already running when the column's day began. */
  absences: CalendarAbsence[];
  /** Free units starting here, by state. */
  units: Record<UnitState, number>;
  /** Inside an absence of the column's agent (or of the one agent shown). */
  absent: boolean;
}

export interface Grid {
  columns: Column[];
  /** Minutes since midnight on the company's clock, ascending. */
  rows: number[];
  /** `cells[row][column]`. */
  cells: Cell[][];
}

/** The dates a view shows: the week (Monday first) holding `date`, or `date` alone. */
export function viewDates(view: CalendarView, date: string, monday: string): string[] {
  return view === 'day' ? [date] : Array.from({ length: 7 }, (_, i) => addDaysToDate(monday, i));
}

export function unitState(u: CalendarUnit): UnitState {
  return u.reserved ? 'held' : u.released ? 'released' : 'free';
}

export function buildGrid(cal: StaffCalendar, view: CalendarView, dates: readonly string[], agent: number | null): Grid {
  const tz = cal.timeZone;
  const agents = agent === null ? cal.agents : cal.agents.filter((a) => a.id === agent);
  const columns: Column[] = view === 'week' ? dates.map((d) => ({ key: d, date: d, agentId: null })) : agents.map((a) => ({ key: `a${a.id}`, date: dates[0]!, agentId: a.id }));
  const colOf = (date: string, agentId: number) => columns.findIndex((c) => c.date === date && (c.agentId === null || c.agentId === agentId));
  const empty = (): Cell => ({ appointments: [], absences: [], units: { free: 0, held: 0, released: 0 }, absent: false });
  const byRow = new Map<number, Cell[]>();
  const cell = (minutes: number, col: number): Cell => {
    let row = byRow.get(minutes);
    if (!row) byRow.set(minutes, (row = columns.map(empty)));
    return row[col]!;
  };
  const shown = (agentId: number) => agent === null || agentId === agent;
  for (const a of cal.appointments) {
    if (a.status !== 'booked' || !shown(a.agentId)) continue;
    const w = wall(a.start, tz);
    const c = colOf(w.date, a.agentId);
    if (c >= 0) cell(w.minutes, c).appointments.push(a);
  }
  for (const u of cal.units) {
    if (!u.free || !shown(u.agentId)) continue;
    const w = wall(u.start, tz);
    const c = colOf(w.date, u.agentId);
    if (c >= 0) cell(w.minutes, c).units[unitState(u)]++;
  }
  // An absence is listed in each column-day it touches: at its start, or at midnight when it began before.
  for (const x of cal.absences) {
    if (!shown(x.agentId)) continue;
    const s = wall(x.start, tz);
    const e = wall(x.end, tz);
    for (let c = 0; c < columns.length; c++) {
      const col = columns[c]!;
      if (col.agentId !== null && col.agentId !== x.agentId) continue;
      if (col.date < s.date || col.date > e.date || (col.date === e.date && e.minutes === 0 && col.date !== s.date)) continue;
      cell(col.date === s.date ? s.minutes : 0, c).absences.push(x);
    }
  }
  const rows = [...byRow.keys()].sort((a, b) => a - b);
  const cells = rows.map((m) => byRow.get(m)!);
  // Shade what falls inside an absence of the column's agent (a week view: of the one agent shown).
  for (let r = 0; r < rows.length; r++) {
    for (let c = 0; c < columns.length; c++) {
      const col = columns[c]!;
      const who = col.agentId ?? agent;
      if (who === null) continue;
      const at = `${col.date} ${String(rows[r]).padStart(4, '0')}`;
      cells[r]![c]!.absent = cal.absences.some((x) => {
        if (x.agentId !== who) return false;
        const s = wall(x.start, cal.timeZone);
        const e = wall(x.end, cal.timeZone);
        return `${s.date} ${String(s.minutes).padStart(4, '0')}` <= at && at < `${e.date} ${String(e.minutes).padStart(4, '0')}`;
      });
    }
  }
  return { columns, rows, cells };
}

/**
 * The times an appointment could be moved to, soonest first, one per start time: free units of
 * its type that its lane may book now (the standard lane never into the fast lane's reserve),
 * within the type's notice and horizon, other than its own time. At equal times an unheld unit
 * is preferred.
 */
export function freeTimes(
  cal: StaffCalendar,
  a: { type: string; start: string; lane: 'standard' | 'fast' },
  rules: { minNoticeMinutes: number; maxDaysAhead: number },
  now: number,
  limit: number,
): Array<{ start: string; end: string; state: UnitState }> {
  const best = new Map<number, { start: string; end: string; state: UnitState }>();
  const rank = { free: 0, released: 1, held: 2 } as const;
  const earliest = now + rules.minNoticeMinutes * 60_000;
  const latest = now + rules.maxDaysAhead * 86_400_000;
  for (const u of cal.units) {
    const t = Date.parse(u.start);
    const state = unitState(u);
    if (u.type !== a.type || !u.free || t < earliest || t >= latest || t === Date.parse(a.start)) continue;
    if (state === 'held' && a.lane !== 'fast') continue;
    const had = best.get(t);
    if (!had || rank[state] < rank[had.state]) best.set(t, { start: u.start, end: u.end, state });
  }
  return [...best.entries()].sort((x, y) => x[0] - y[0]).slice(0, limit).map(([, v]) => v);
}
