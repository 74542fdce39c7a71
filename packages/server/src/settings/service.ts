// Settings changed from the console without a restart. Each section's effective value is the
// one saved in the database, or else its start value (file, environment or default). A change
// is written with its revision in one transaction that also NOTIFYs every server process; each
// one (this one at once) reads the section again and puts it into effect. A process that lost
// the channel reads every section again when it hears it again.
import { sql } from 'drizzle-orm';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { PROBLEM_TYPES, SETTINGS_LIMITS, SETTINGS_SECTIONS, SettingsSectionNameSchema, type SettingsRevision, type SettingsSection, type SettingsSectionName, type SettingsSource } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../http/logger.js';
import { AppError, check, fieldErrors, notFound, validationError } from '../http/problem.js';
import { PgListener } from '../live/bus.js';
import { actorKey, type StaffActor } from '../staff/actor.js';
import type { SectionDef, SectionDefs } from './sections.js';
import * as store from './store.js';

/** The NOTIFY channel of settings changes; the payload names the section. */
export const SETTINGS_CHANNEL = 'ayuda_settings';

interface Effective {
  value: unknown;
  saved: boolean;
  version: number;
  updatedAt: Date | null;
  updatedBy: { actor: string; name: string } | null;
}

export const preconditionFailed = (current: number) =>
  new AppError(412, PROBLEM_TYPES.preconditionFailed, 'Precondition failed', `The section changed since you loaded it (its version is now ${current}); load it again and apply your change to the new value.`);

/** Parses an `If-Match` header: a version number, quoted or not (`3`, `"3"`, `W/"3"`); undefined when absent or `*` (any version). */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw validationError([{ field: 'header.If-Match', message: 'Send the section’s version, e.g. If-Match: "3".' }]);
  return Number(m[1]);
}

/** A change being written: `tx` is its transaction (what is queued there commits with it). */
export interface SettingsChange {
  section: SettingsSectionName;
  version: number;
  tx: Tx;
}

export class SettingsService {
  readonly #state = new Map<SettingsSectionName, Effective>();
  readonly #chains = new Map<SettingsSectionName, Promise<void>>();
  #ready: Promise<void> | null = null;
  #unlisten: (() => Promise<void>) | null = null;
  #closed = false;

  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      logger: Logger;
      sections: SectionDefs;
      /** Runs in the transaction of every change, after it is written (the `sla` section queues the due-time job). */
      onChange?: (change: SettingsChange) => Promise<void>;
      /** Runs once a change committed (to wake the job worker). */
      afterChange?: (section: SettingsSectionName) => void;
    },
  ) {}

  /** Loads every section and starts hearing changes, once; a failure is retried on the next call. */
  ready(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#ready ??= this.#start().catch((err: unknown) => {
      this.#ready = null;
      throw err;
    });
    return this.#ready;
  }

  async #start(): Promise<void> {
    await this.#listen();
    await this.reloadAll();
  }

  async #listen(): Promise<void> {
    const hear = (payload: string) => {
      const section = SettingsSectionNameSchema.safeParse(payload.trim());
      if (section.success) void this.reload(section.data).catch((err: unknown) => this.deps.logger.warn('settings: could not reload a changed section', { section: section.data, error: String(err) }));
    };
    if (this.deps.db.kind === 'postgres') {
      const pool = (this.deps.db.db as unknown as { $client: pg.Pool }).$client;
      const listener = new PgListener(
        { ...(pool as unknown as { options: pg.ClientConfig }).options, keepAlive: true },
        SETTINGS_CHANNEL,
        hear,
        (err) => this.deps.logger.warn('settings: lost the change notifications; reconnecting', { error: String(err) }),
        // Heard again after a reconnection: whatever changed meanwhile is read now.
        () => void this.reloadAll().catch((err: unknown) => this.deps.logger.warn('settings: could not reload after reconnecting', { error: String(err) })),
      );
      await listener.connect();
      this.#unlisten = () => listener.close();
    } else {
      const client = (this.deps.db.db as unknown as { $client: PGlite }).$client;
      const unlisten = await client.listen(SETTINGS_CHANNEL, hear);
      this.#unlisten = async () => {
        if (!client.closed) await unlisten().catch(() => {});
      };
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#ready?.catch(() => {});
    await this.#unlisten?.();
    this.#unlisten = null;
  }

  async reloadAll(): Promise<void> {
    await Promise.all(SETTINGS_SECTIONS.map((s) => this.reload(s)));
  }

  /** Reads a section from the database and puts it into effect; reads of one section run one after another, so the last one read wins. */
  reload(section: SettingsSectionName): Promise<void> {
    const next = (this.#chains.get(section) ?? Promise.resolve()).catch(() => {}).then(() => this.#load(section));
    this.#chains.set(section, next);
    return next;
  }

  async #load(section: SettingsSectionName): Promise<void> {
    const def = this.#def(section);
    const q = this.deps.db.db;
    const row = await store.savedRow(q, section);
    let effective: Effective;
    if (row) {
      const parsed = def.schema.safeParse(row.value);
      if (!parsed.success) {
        // Saved by an older version whose rules were looser: the start value holds until an admin saves again.
        this.deps.logger.warn('settings: a saved section is not valid any more; using its start value', { section, version: row.version });
      }
      effective = parsed.success
        ? { value: parsed.data, saved: true, version: row.version, updatedAt: row.updatedAt, updatedBy: { actor: row.updatedBy, name: row.updatedByName } }
        : { value: def.start, saved: false, version: row.version, updatedAt: row.updatedAt, updatedBy: { actor: row.updatedBy, name: row.updatedByName } };
    } else {
      const last = await store.lastRevision(q, section);
      effective = last
        ? { value: def.start, saved: false, version: last.version, updatedAt: last.changedAt, updatedBy: { actor: last.changedBy, name: last.changedByName } }
        : { value: def.start, saved: false, version: 0, updatedAt: null, updatedBy: null };
    }
    (def as SectionDef).apply(effective.value as never);
    this.#state.set(section, effective);
  }

  #def(section: SettingsSectionName): SectionDef {
    return this.deps.sections[section] as SectionDef;
  }

  /** The section as the API shows it (as this process has it in effect). */
  view(section: SettingsSectionName): SettingsSection {
    const def = this.#def(section);
    const e = this.#state.get(section) ?? { value: def.start, saved: false, version: 0, updatedAt: null, updatedBy: null };
    const fields: Record<string, SettingsSource> = e.saved ? Object.fromEntries(Object.keys(def.startFields).map((k) => [k, 'console' as const])) : def.startFields;
    return {
      section,
      value: e.value,
      source: e.saved ? 'console' : def.startSource,
      fields,
      startValue: def.start,
      startSource: def.startSource,
      version: e.version,
      updatedAt: e.updatedAt?.toISOString() ?? null,
      updatedBy: e.updatedBy,
    } as SettingsSection;
  }

  list(): SettingsSection[] {
    return SETTINGS_SECTIONS.map((s) => this.view(s));
  }

  /** Saves a section's whole value (422 naming each field otherwise). */
  async update(section: SettingsSectionName, raw: unknown, ifMatch: number | undefined, actor: StaffActor): Promise<SettingsSection> {
    const r = check(this.#def(section).schema, raw);
    if (!r.success) throw validationError(fieldErrors(r.issues, 'body'), 422);
    return this.#change(section, r.data, ifMatch, actor);
  }

  /** Takes a section back to its start value. */
  async reset(section: SettingsSectionName, ifMatch: number | undefined, actor: StaffActor): Promise<SettingsSection> {
    return this.#change(section, null, ifMatch, actor);
  }

  async revisions(section: SettingsSectionName): Promise<SettingsRevision[]> {
    const rows = await store.revisions(this.deps.db.db, section, SETTINGS_LIMITS.revisionsMax);
    return rows.map((r) => ({ id: r.id, section, value: (r.value as Record<string, unknown> | null) ?? null, version: r.version, changedBy: r.changedBy, changedByName: r.changedByName, changedAt: r.changedAt.toISOString() }));
  }

  /** Puts a section back to one of its revisions' values, as a new change (409 when that value breaks today's rules). */
  async restore(section: SettingsSectionName, id: number, ifMatch: number | undefined, actor: StaffActor): Promise<SettingsSection> {
    const rev = await store.revisionById(this.deps.db.db, section, id);
    if (!rev) throw notFound(`No revision ${id} of the ${section} settings.`);
    if (rev.value === null) return this.#change(section, null, ifMatch, actor);
    const r = check(this.#def(section).schema, rev.value);
    if (!r.success) throw new AppError(409, PROBLEM_TYPES.conflict, 'Conflict', 'That revision’s value is not valid under the current rules; change the section by hand instead.', fieldErrors(r.issues, 'value'));
    return this.#change(section, r.data, ifMatch, actor);
  }

  /** Writes a value (null: back to the start value) with its revision, in one transaction that tells every process. */
  async #change(section: SettingsSectionName, value: unknown, ifMatch: number | undefined, actor: StaffActor): Promise<SettingsSection> {
    const now = this.deps.clock.now();
    await this.deps.db.db.transaction(async (tx) => {
      await store.lockSection(tx, section);
      const row = await store.savedRow(tx, section);
      const current = row?.version ?? (await store.lastRevision(tx, section))?.version ?? 0;
      if (ifMatch !== undefined && ifMatch !== current) throw preconditionFailed(current);
      const version = current + 1;
      const who = { key: actorKey(actor), name: actor.name.slice(0, 254) };
      if (value === null) await store.remove(tx, section);
      else await store.upsert(tx, { section, value, version, updatedBy: who.key, updatedByName: who.name, updatedAt: now });
      await store.insertRevision(tx, { section, value, version, changedBy: who.key, changedByName: who.name, changedAt: now });
      await this.deps.onChange?.({ section, version, tx });
      // Delivered to every process's LISTEN when this commits, never if it rolls back.
      await tx.execute(sql`select pg_notify(${SETTINGS_CHANNEL}, ${section})`);
    });
    this.deps.afterChange?.(section);
    await this.reload(section);
    return this.view(section);
  }
}
