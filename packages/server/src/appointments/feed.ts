// Each staff member's private calendar feed: an .ics URL a calendar subscribes to, carrying a
// random token of its own. Only the token's SHA-256 is stored, so the URL is shown once, when
// made; renewing replaces it (the old URL stops working), revoking deletes it, and a disabled
// account's feed answers nothing.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { API_PREFIX, type Locale } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import { calendarFeeds, staffUsers } from '../db/schema.js';
import { addressOf } from './notifier.js';
import { feedIcs } from './ics.js';
import { bookedOfAgent } from './records.js';

export const FEED_DEFAULTS = {
  /** How far back the feed goes, in days (the past month stays in the calendar). */
  pastDays: 30,
  /** The most appointments one feed lists (the soonest from `pastDays` ago). */
  maxEvents: 2000,
} as const;

export interface CalendarFeedDeps {
  db: Database;
  clock: Clock;
  /** Read at each use: the settings may change them without a restart. */
  config: { readonly publicUrl: string; readonly companyName: string; readonly mailFrom: string };
  /** The company's IANA zone. */
  timeZone: () => string;
  /** The fast lane's name, written on its appointments. */
  fastLaneName: (locale: Locale) => string;
}

/** What the staff endpoints answer: the URL only when just made. */
export interface FeedState {
  url: string | null;
  createdAt: Date | null;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** The shape of a feed token (32 random bytes, base64url); anything else is no feed's. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export class CalendarFeeds {
  constructor(private readonly deps: CalendarFeedDeps) {}

  urlOf(token: string): string {
    return `${this.deps.config.publicUrl}${API_PREFIX}/appointments/feed/${token}`;
  }

  async state(staffUserId: number): Promise<FeedState> {
    const [row] = await this.deps.db.db.select({ createdAt: calendarFeeds.createdAt }).from(calendarFeeds).where(eq(calendarFeeds.staffUserId, staffUserId));
    return { url: null, createdAt: row?.createdAt ?? null };
  }

  /** A new URL for the person; the one before stops working at once. */
  async renew(staffUserId: number): Promise<FeedState> {
    const token = randomBytes(32).toString('base64url');
    const now = this.deps.clock.now();
    await this.deps.db.db
      .insert(calendarFeeds)
      .values({ staffUserId, tokenHash: sha256(token), createdAt: now })
      .onConflictDoUpdate({ target: calendarFeeds.staffUserId, set: { tokenHash: sha256(token), createdAt: now } });
    return { url: this.urlOf(token), createdAt: now };
  }

  /** True when there was a feed to revoke. */
  async revoke(staffUserId: number): Promise<boolean> {
    const gone = await this.deps.db.db.delete(calendarFeeds).where(eq(calendarFeeds.staffUserId, staffUserId)).returning({ id: calendarFeeds.staffUserId });
    return gone.length > 0;
  }

  /** The feed of a token as iCalendar text, or null for a token that is no live feed's. */
  async calendar(token: string): Promise<string | null> {
    if (!TOKEN.test(token)) return null;
    const { db, clock, config, timeZone, fastLaneName } = this.deps;
    const [owner] = await db.db
      .select({ id: staffUsers.id, name: staffUsers.name, locale: staffUsers.locale })
      .from(calendarFeeds)
      .innerJoin(staffUsers, eq(staffUsers.id, calendarFeeds.staffUserId))
      .where(and(eq(calendarFeeds.tokenHash, sha256(token)), isNull(staffUsers.disabledAt)));
    if (!owner) return null;
    const now = clock.now();
    const list = await bookedOfAgent(db.db, owner.id, new Date(now.getTime() - FEED_DEFAULTS.pastDays * 86_400_000), FEED_DEFAULTS.maxEvents);
    return feedIcs({ name: owner.name, locale: owner.locale === 'en' ? 'en' : 'es' }, list, {
      company: config.companyName,
      organizerEmail: addressOf(config.mailFrom),
      uidHost: new URL(config.publicUrl).hostname,
      timeZone: timeZone(),
      now,
      fastLaneName,
    });
  }
}
