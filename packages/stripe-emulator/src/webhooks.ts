// Sends events to webhook endpoints, signed as Stripe signs them, with retries and controls
// for tests (pause, drop, wait until idle).
import { createHmac } from 'node:crypto';
import { randomId } from './engine.js';
import type { StripeEvent } from './types.js';

/** How failed deliveries are retried. Real Stripe retries for days; tests want milliseconds. */
export interface WebhookRetryOptions {
  /** Attempts in total, the first included. Default 5. */
  maxAttempts: number;
  /** Delay before the second attempt. Default 1000 ms. */
  initialDelayMs: number;
  /** Each later delay is the previous one times this. Default 2. */
  backoffFactor: number;
  /** Upper bound for one delay. Default 60000 ms. */
  maxDelayMs: number;
  /** An attempt that takes longer fails. Default 10000 ms. */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetryOptions = {
  maxAttempts: 5,
  initialDelayMs: 1000,
  backoffFactor: 2,
  maxDelayMs: 60_000,
  timeoutMs: 10_000,
};

export interface WebhookEndpointConfig {
  url: string;
  /** `whsec_...`; generated when left out. */
  secret?: string;
  /** Event types to send (`*` or `charge.*` allowed). Default: every type. */
  enabledEvents?: string[];
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  enabledEvents: string[];
}

export type DeliveryStatus = 'pending' | 'retrying' | 'succeeded' | 'failed' | 'dropped';

export interface DeliveryAttempt {
  /** ISO time (wall clock) the attempt started. */
  at: string;
  /** HTTP status, when the endpoint answered. */
  status?: number;
  /** Network or timeout error, when it did not. */
  error?: string;
}

/** One event sent (or to be sent) to one endpoint. */
export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  url: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
}

/** Decides whether to lose a delivery on purpose; return true to drop it. */
export type DropFilter = (event: StripeEvent, endpoint: WebhookEndpoint) => boolean;

interface Job {
  delivery: WebhookDelivery;
  endpoint: WebhookEndpoint;
  payload: string;
  readyAt: number;
}

/** Stripe's scheme: `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<payload>">`. */
export function signPayload(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

export class WebhookDispatcher {
  readonly endpoints: WebhookEndpoint[] = [];
  private readonly all: WebhookDelivery[] = [];
  private readonly queue: Job[] = [];
  private readonly busy = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters = new Set<() => void>();
  private paused = false;
  private closed = false;
  private dropFilter: DropFilter | null = null;
  private readonly retry: WebhookRetryOptions;
  private readonly signatureTime: () => Date;
  private readonly onSettled: (eventId: string) => void;

  constructor(opts: { retry: WebhookRetryOptions; signatureTime: () => Date; onSettled: (eventId: string) => void }) {
    this.retry = opts.retry;
    this.signatureTime = opts.signatureTime;
    this.onSettled = opts.onSettled;
  }

  addEndpoint(config: WebhookEndpointConfig): WebhookEndpoint {
    try {
      new URL(config.url);
    } catch {
      throw new Error(`Ayuda: webhook endpoint URL "${config.url}" is not an absolute URL.`);
    }
    const endpoint: WebhookEndpoint = {
      id: `we_${randomId(24)}`,
      url: config.url,
      secret: config.secret ?? `whsec_${randomId(32)}`,
      enabledEvents: config.enabledEvents ?? ['*'],
    };
    if (!endpoint.secret.startsWith('whsec_')) {
      throw new Error('Ayuda: a webhook signing secret starts with "whsec_", like Stripe\'s.');
    }
    this.endpoints.push(endpoint);
    return endpoint;
  }

  /** Deliveries not yet succeeded, failed for good or dropped, for this event. */
  pendingFor(eventId: string): number {
    return this.all.filter((d) => d.eventId === eventId && (d.status === 'pending' || d.status === 'retrying')).length;
  }

  /** True when every delivery of the event reached its endpoint (or there was none). */
  succeededFor(eventId: string): boolean {
    return this.all.filter((d) => d.eventId === eventId).every((d) => d.status === 'succeeded');
  }

  enqueue(event: StripeEvent): number {
    const targets = this.endpoints.filter((e) => e.enabledEvents.some((p) => p === '*' || p === event.type || (p.endsWith('.*') && event.type.startsWith(p.slice(0, -1)))));
    for (const endpoint of targets) {
      const delivery: WebhookDelivery = {
        id: `whd_${randomId(20)}`,
        eventId: event.id,
        eventType: event.type,
        endpointId: endpoint.id,
        url: endpoint.url,
        status: 'pending',
        attempts: [],
      };
      this.all.push(delivery);
      if (this.dropFilter?.(event, endpoint)) {
        delivery.status = 'dropped';
        continue;
      }
      event.pending_webhooks += 1;
      this.queue.push({ delivery, endpoint, payload: '', readyAt: 0 });
    }
    // The payload is frozen after pending_webhooks is counted, as Stripe sends it.
    const payload = JSON.stringify(event, null, 2);
    for (const job of this.queue) if (job.delivery.eventId === event.id) job.payload = payload;
    queueMicrotask(() => this.pumpAll());
    return targets.length;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.pumpAll();
  }

  isPaused(): boolean {
    return this.paused;
  }

  setDropFilter(filter: DropFilter | null): void {
    this.dropFilter = filter;
  }

  deliveries(): WebhookDelivery[] {
    return structuredClone(this.all);
  }

  /** Resolves when nothing is in flight or waiting to be retried (held deliveries while paused count as idle). */
  waitForIdle(timeoutMs = 10_000): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const open = this.all.filter((d) => d.status === 'pending' || d.status === 'retrying').length;
        reject(new Error(`Ayuda: webhook deliveries still pending after ${timeoutMs} ms (${open} open).`));
      }, timeoutMs);
      const check = (): void => {
        if (!this.idle()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private idle(): boolean {
    if (this.busy.size > 0) return false;
    if (this.paused) return true;
    return this.queue.length === 0;
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private pumpAll(): void {
    for (const endpoint of this.endpoints) this.pump(endpoint);
    this.notify();
  }

  /** Sends the endpoint's next ready job; one at a time per endpoint, so first attempts keep event order. */
  private pump(endpoint: WebhookEndpoint): void {
    if (this.paused || this.closed || this.busy.has(endpoint.id)) return;
    const now = Date.now();
    const index = this.queue.findIndex((j) => j.endpoint.id === endpoint.id && j.readyAt <= now);
    if (index === -1) {
      // A retry timer can fire a moment before Date.now() reaches the job's readyAt (timers run
      // on another clock): look again when the earliest waiting job is due, or it would wait forever.
      const waiting = this.queue.filter((j) => j.endpoint.id === endpoint.id);
      if (waiting.length) this.later(endpoint, Math.max(1, Math.min(...waiting.map((j) => j.readyAt)) - now));
      return;
    }
    const [job] = this.queue.splice(index, 1) as [Job];
    this.busy.add(endpoint.id);
    void this.attempt(job).finally(() => {
      this.busy.delete(endpoint.id);
      this.pump(endpoint);
      this.notify();
    });
  }

  private async attempt(job: Job): Promise<void> {
    const attempt: DeliveryAttempt = { at: new Date().toISOString() };
    job.delivery.attempts.push(attempt);
    const timestamp = Math.floor(this.signatureTime().getTime() / 1000);
    try {
      const res = await fetch(job.endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signPayload(job.payload, job.endpoint.secret, timestamp),
        },
        body: job.payload,
        signal: AbortSignal.timeout(this.retry.timeoutMs),
      });
      attempt.status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) {
        job.delivery.status = 'succeeded';
        this.onSettled(job.delivery.eventId);
        return;
      }
    } catch (err) {
      attempt.error = err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err);
    }
    if (this.closed) return;
    const n = job.delivery.attempts.length;
    if (n >= this.retry.maxAttempts) {
      job.delivery.status = 'failed';
      this.onSettled(job.delivery.eventId);
      return;
    }
    job.delivery.status = 'retrying';
    const delay = Math.min(this.retry.initialDelayMs * this.retry.backoffFactor ** (n - 1), this.retry.maxDelayMs);
    job.readyAt = Date.now() + delay;
    this.queue.push(job);
    this.later(job.endpoint, delay);
  }

  private later(endpoint: WebhookEndpoint, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.pump(endpoint);
      this.notify();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }
}
