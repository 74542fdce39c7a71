// The staff event bus: case changes and presence for the console's live streams, across every
// server process on the database. Events go out through NOTIFY on one channel, either in the
// transaction of the change (PostgreSQL and PGlite deliver a notification when its transaction
// commits, never when it rolls back) or, for a change already committed, announced: queued and
// sent together with the others announced meanwhile in one statement of their own. Each process
// hears them on its own LISTEN: a dedicated `pg` connection that reconnects on PostgreSQL,
// PGlite's own listener in process. In the process, an EventEmitter fans them out to the open
// streams.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import type { PGlite } from '@electric-sql/pglite';
import { CaseEventSchema, PresenceEventSchema, type CaseEvent, type PresenceEvent } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import type { Logger } from '../http/logger.js';

/** The NOTIFY channel every server process of one database listens on. */
export const STAFF_EVENTS_CHANNEL = 'ayuda_staff_events';

export type StaffEventInput = { event: 'case'; data: CaseEvent } | { event: 'presence'; data: PresenceEvent };
/** An event as it travels: with an id unique across processes (the SSE `id:`). */
export type StaffEventEnvelope = StaffEventInput & { id: string };

/** What the services need of the bus: publishing. */
export interface StaffEventPublisher {
  /** Publishes in `tx` (sent when it commits, never if it rolls back), or at once with `null`. */
  publish(tx: Tx | null, event: StaffEventInput): Promise<void>;
  /**
   * Publishes an event of a change already committed, outside any transaction; resolves once it
   * is sent (never rejects: a failure is logged). Events announced while the previous
   * announcement is being sent go out together, in one statement. A transaction that NOTIFYs
   * holds a database-wide lock from its commit until its WAL is flushed, so the commits of
   * notifying transactions queue one behind the other; announced, a busy path (case
   * submissions) keeps its own commits free of that lock, and under load many of its changes
   * share one notification. Awaited before answering, the caller's next change (published in
   * its own transaction) still reaches the streams after this one. If the process dies between
   * the commit and the announcement, that one event is lost: the console's lists reload on
   * their own timer.
   */
  announce(event: StaffEventInput): Promise<void>;
  /**
   * The channels and payloads of the `pg_notify` calls that publish `events`, for a prepared
   * statement that sends them as values (`pg_notify(channel, payload)`); same delivery rules as
   * publish(). The events travel together, as announced ones do (JSON arrays under NOTIFY's
   * limit, usually one): each notification costs the database and every listening process a
   * message, and a group of paid webhooks moves up to 64 cases at once.
   */
  notifyPayloads?(events: readonly StaffEventInput[]): Array<{ channel: string; payload: string }>;
}

/** The one statement that sends announced events (bench/case-pgbench.ts leaves it out of a submission's replay: it is shared). */
export const ANNOUNCE_STATEMENT_MARK = '/* ayuda:announce */';
/** NOTIFY payloads stop at 8,000 bytes: a batch of events is split below this. */
const PAYLOAD_MAX_BYTES = 7_500;

/** A stream's end of the bus. */
export interface StaffEventSubscriber {
  event(e: StaffEventEnvelope): void;
  /** The bus lost the database's events (they will be missed until it hears again) or is closing: end the stream, so its client reconnects and reloads. */
  end(): void;
}

/** Hears the channel's payloads; how depends on the database. */
interface Listener {
  /** Resolves once the channel is heard; rejects when it cannot be now. */
  connect(): Promise<void>;
  close(): Promise<void>;
}

/** Events a reconnecting stream may ask for again by `Last-Event-ID`. */
const RECENT_EVENTS = 500;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5_000;

export class StaffEventBus implements StaffEventPublisher {
  readonly #emitter = new EventEmitter();
  readonly #subscribers = new Set<StaffEventSubscriber>();
  readonly #recent: StaffEventEnvelope[] = [];
  readonly #prefix = randomBytes(6).toString('base64url');
  #seq = 0;
  #listener: Listener | null = null;
  #closing = false;
  /** Announced events not yet sent, and the sending of the previous ones. */
  #announced: Array<{ envelope: StaffEventEnvelope; sent: () => void }> = [];
  #sending: Promise<void> | null = null;

  constructor(private readonly deps: { db: Database; logger: Logger }) {
    this.#emitter.setMaxListeners(0);
  }

  async publish(tx: Tx | null, event: StaffEventInput): Promise<void> {
    await (tx ?? this.deps.db.db).execute(sql`select ${this.#notifyCall(event)}`);
  }

  #notifyCall(event: StaffEventInput): SQL {
    // NOTIFY payloads stop at 8,000 bytes; events are a few hundred.
    return sql`pg_notify(${STAFF_EVENTS_CHANNEL}, ${JSON.stringify(this.#envelope(event))})`;
  }

  notifyPayloads(events: readonly StaffEventInput[]): Array<{ channel: string; payload: string }> {
    return payloads(events.map((e) => this.#envelope(e))).map((payload) => ({ channel: STAFF_EVENTS_CHANNEL, payload }));
  }

  announce(event: StaffEventInput): Promise<void> {
    return new Promise<void>((sent) => {
      this.#announced.push({ envelope: this.#envelope(event), sent });
      this.#sending ??= this.#sendAnnounced();
    });
  }

  #envelope(event: StaffEventInput): StaffEventEnvelope {
    return { ...event, id: `${this.#prefix}-${(++this.#seq).toString(36)}` };
  }

  /**
   * Sends the announced events, one statement at a time: those announced while one is in flight
   * wait for it and go in the next, so under load many share a statement (and its commit), and
   * when idle one goes out at the next turn of the event loop.
   */
  async #sendAnnounced(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#announced.length) {
      const batch = this.#announced;
      this.#announced = [];
      const calls = payloads(batch.map((a) => a.envelope)).map((p) => sql`pg_notify(${STAFF_EVENTS_CHANNEL}, ${p})`);
      try {
        await this.deps.db.db.execute(sql`select ${sql.raw(ANNOUNCE_STATEMENT_MARK)} ${sql.join(calls, sql`, `)}`);
      } catch (err) {
        // Nothing was sent (the statement is its own transaction). The streams of this process
        // end, so their consoles reconnect and reload; other processes' consoles catch up at
        // their next reload.
        this.deps.logger.warn('live: could not send announced events', { events: batch.length, error: String(err) });
        this.#endAll();
      }
      for (const a of batch) a.sent();
    }
    this.#sending = null;
  }

  /** Resolves once every event announced so far has been sent (or given up). */
  async flushed(): Promise<void> {
    while (this.#sending) await this.#sending;
  }

  /** Whether the bus is shutting down (streams are refused). */
  get closing(): boolean {
    return this.#closing;
  }

  /** Starts hearing the channel if this process does not yet; resolves once it does. */
  ready(): Promise<void> {
    if (this.#closing) return Promise.reject(new Error('Ayuda: the staff event bus is closed.'));
    this.#listener ??= this.deps.db.kind === 'postgres' ? this.#pgListener() : this.#pgliteListener();
    return this.#listener.connect();
  }

  subscribe(s: StaffEventSubscriber): () => void {
    this.#subscribers.add(s);
    const on = (e: StaffEventEnvelope) => s.event(e);
    this.#emitter.on('event', on);
    return () => {
      this.#subscribers.delete(s);
      this.#emitter.off('event', on);
    };
  }

  /** The events heard after the one with this id, when this process still holds it; otherwise none. */
  since(id: string): StaffEventEnvelope[] {
    const at = this.#recent.findIndex((e) => e.id === id);
    return at === -1 ? [] : this.#recent.slice(at + 1);
  }

  /** Ends every open stream and refuses new ones (the server is stopping). */
  endStreams(): void {
    this.#closing = true;
    this.#endAll();
  }

  async close(): Promise<void> {
    this.endStreams();
    // Other processes' consoles still want the changes this one committed.
    await this.flushed();
    await this.#listener?.close();
  }

  get streams(): number {
    return this.#subscribers.size;
  }

  #endAll(): void {
    for (const s of [...this.#subscribers]) s.end();
  }

  #hear = (payload: string): void => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      parsed = null;
    }
    // Announced events travel in batches (arrays); published ones one by one.
    for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
      let e: StaffEventEnvelope;
      try {
        e = parseEnvelope(item);
      } catch {
        this.deps.logger.warn('live: ignored a malformed notification', { channel: STAFF_EVENTS_CHANNEL, payload: payload.slice(0, 200) });
        continue;
      }
      this.#recent.push(e);
      if (this.#recent.length > RECENT_EVENTS) this.#recent.shift();
      this.#emitter.emit('event', e);
    }
  };

  #lost = (err: unknown): void => {
    this.deps.logger.warn('live: lost the database events; reconnecting', { error: String(err) });
    this.#endAll();
  };

  #pgliteListener(): Listener {
    const client = (this.deps.db.db as unknown as { $client: PGlite }).$client;
    let listening: Promise<() => Promise<void>> | null = null;
    return {
      connect: async () => {
        listening ??= client.listen(STAFF_EVENTS_CHANNEL, this.#hear);
        try {
          await listening;
        } catch (err) {
          listening = null;
          throw err;
        }
      },
      close: async () => {
        const unlisten = await listening?.catch(() => null);
        if (unlisten && !client.closed) await unlisten().catch(() => {});
      },
    };
  }

  #pgListener(): Listener {
    const pool = (this.deps.db.db as unknown as { $client: pg.Pool }).$client;
    return new PgListener({ ...(pool as unknown as { options: pg.ClientConfig }).options, keepAlive: true }, STAFF_EVENTS_CHANNEL, this.#hear, this.#lost);
  }
}

/** Announced events as JSON arrays of at most PAYLOAD_MAX_BYTES each. */
function payloads(events: readonly StaffEventEnvelope[]): string[] {
  const out: string[] = [];
  let items: string[] = [];
  let bytes = 2;
  for (const e of events) {
    const item = JSON.stringify(e);
    const size = Buffer.byteLength(item) + 1;
    if (items.length && bytes + size > PAYLOAD_MAX_BYTES) {
      out.push(`[${items.join(',')}]`);
      items = [];
      bytes = 2;
    }
    items.push(item);
    bytes += size;
  }
  if (items.length) out.push(`[${items.join(',')}]`);
  return out;
}

function parseEnvelope(v: unknown): StaffEventEnvelope {
  const o = v as { id?: unknown; event?: unknown; data?: unknown };
  if (typeof o?.id !== 'string' || o.id.length > 100) throw new Error('no id');
  if (o.event === 'case') return { id: o.id, event: 'case', data: CaseEventSchema.parse(o.data) };
  if (o.event === 'presence') return { id: o.id, event: 'presence', data: PresenceEventSchema.parse(o.data) };
  throw new Error('unknown event');
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to queries): connected when
 * first asked, then kept, and made again with backoff whenever it is lost until closed.
 * `onListening` runs each time the channel is heard again (first and after a reconnection), so
 * its owner can catch up on what it missed.
 */
export class PgListener implements Listener {
  #client: pg.Client | null = null;
  #connecting: Promise<void> | null = null;
  #retry: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly onPayload: (payload: string) => void,
    private readonly onLost: (err: unknown) => void,
    private readonly onListening: () => void = () => {},
  ) {}

  connect(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('Ayuda: the staff event listener is closed.'));
    if (this.#client) return Promise.resolve();
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  async #open(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('error', (err) => this.#drop(client, err));
    client.on('end', () => this.#drop(client, new Error('connection ended')));
    client.on('notification', (m) => {
      if (m.channel === this.channel && m.payload) this.onPayload(m.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${this.channel}`);
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.onListening();
  }

  #drop(client: pg.Client, err: unknown): void {
    if (this.#client !== client) return;
    this.#client = null;
    client.end().catch(() => {});
    if (this.#closed) return;
    this.onLost(err);
    this.#reconnect(RECONNECT_MIN_MS);
  }

  #reconnect(delay: number): void {
    if (this.#closed || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      this.connect().catch(() => this.#reconnect(Math.min(delay * 2, RECONNECT_MAX_MS)));
    }, delay);
    this.#retry.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
    await this.#connecting?.catch(() => {});
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }
}
