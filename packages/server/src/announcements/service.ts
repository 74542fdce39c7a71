// Announcements: notices staff publish for a while (an outage, a known problem), shown to
// customers at the top of the widget and the portal in their language while active, and in
// the case form for their category. Agents and admins may publish and withdraw them.
import { ANNOUNCEMENT_LIMITS, ANNOUNCEMENT_SEVERITIES, type Announcement, type AnnouncementSeverity, type Locale, type StaffAnnouncement, type StaffAnnouncementList, type AnnouncementInput } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import { notFound, validationError } from '../http/problem.js';
import { actorKey, type StaffActor } from '../staff/actor.js';
import * as store from './store.js';

export interface AnnouncementDeps {
  db: Database;
  clock: Clock;
  /** Whether a knowledge-base category has this key (the KB service). */
  categories: { hasCategory(key: string): Promise<boolean> };
}

type Input = AnnouncementInput;

const DAY_MS = 86_400_000;

const publicView = (r: store.AnnouncementRow): Announcement => ({
  id: r.id,
  locale: r.locale as Locale,
  severity: r.severity as AnnouncementSeverity,
  title: r.title,
  body: r.body,
  category: r.category,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt.toISOString(),
});

export function stateAt(r: store.AnnouncementRow, now: Date): StaffAnnouncement['state'] {
  if (r.withdrawnAt) return 'withdrawn';
  if (r.endsAt <= now) return 'ended';
  if (r.startsAt > now) return 'scheduled';
  return 'active';
}

export class AnnouncementService {
  constructor(private readonly deps: AnnouncementDeps) {}

  #staffView(r: store.AnnouncementRow): StaffAnnouncement {
    return { ...publicView(r), state: stateAt(r, this.deps.clock.now()), withdrawnAt: r.withdrawnAt?.toISOString() ?? null, createdBy: { key: r.createdBy, name: r.createdByName }, createdAt: r.createdAt.toISOString() };
  }

  /** Publishes one; 422 naming the field when its window or category is not acceptable. */
  async create(actor: StaffActor, input: Input): Promise<StaffAnnouncement> {
    const now = this.deps.clock.now();
    const startsAt = input.startsAt ? new Date(input.startsAt) : now;
    const endsAt = new Date(input.endsAt);
    const errors = [];
    if (endsAt <= now) errors.push({ field: 'body.endsAt', message: 'must be in the future' });
    else if (endsAt.getTime() - now.getTime() > ANNOUNCEMENT_LIMITS.maxDays * DAY_MS) errors.push({ field: 'body.endsAt', message: `must be at most ${ANNOUNCEMENT_LIMITS.maxDays} days ahead` });
    if (input.category && !(await this.deps.categories.hasCategory(input.category))) errors.push({ field: 'body.category', message: 'no knowledge-base category has this key' });
    if (errors.length) throw validationError(errors, 422);
    const row = await store.insert(this.deps.db.db, {
      locale: input.locale,
      severity: input.severity,
      title: input.title,
      body: input.body.replace(/\r\n/g, '\n'),
      category: input.category ?? null,
      startsAt,
      endsAt,
      createdBy: actorKey(actor),
      createdByName: actor.name,
      createdAt: now,
      updatedAt: now,
    });
    return this.#staffView(row);
  }

  /** Takes one down now; one withdrawn already is answered as it is. */
  async withdraw(id: number): Promise<StaffAnnouncement> {
    const row = await store.withdraw(this.deps.db.db, id, this.deps.clock.now());
    if (!row) throw notFound(`No announcement ${id}.`);
    return this.#staffView(row);
  }

  /** Every announcement, newest first (ended and withdrawn ones too). */
  async list(): Promise<StaffAnnouncementList> {
    const rows = await store.newest(this.deps.db.db, ANNOUNCEMENT_LIMITS.listMax + 1);
    return { announcements: rows.slice(0, ANNOUNCEMENT_LIMITS.listMax).map((r) => this.#staffView(r)), truncated: rows.length > ANNOUNCEMENT_LIMITS.listMax };
  }

  /** The active ones of `locale`: most severe first, then the newest. */
  async active(locale: Locale): Promise<Announcement[]> {
    const rows = await store.activeAt(this.deps.db.db, locale, this.deps.clock.now());
    const rank = (s: string) => ANNOUNCEMENT_SEVERITIES.indexOf(s as AnnouncementSeverity);
    rows.sort((a, b) => rank(a.severity) - rank(b.severity) || b.startsAt.getTime() - a.startsAt.getTime() || b.id - a.id);
    return rows.map(publicView);
  }
}
