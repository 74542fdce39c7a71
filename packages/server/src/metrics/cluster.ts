// /metrics under `ayuda start --workers N`: the N processes share one port, so a scrape reaches
// one of them. That worker asks the primary, which asks every worker for its figures over the
// cluster's IPC channel and hands them back, and the answer sums them: one scrape, the whole
// server, whichever worker took it.
import type { Worker } from 'node:cluster';

/** How long the primary waits for the workers' figures; one that has not answered by then is left out of that scrape. */
export const GATHER_TIMEOUT_MS = 2_000;

type Gather = { ayuda: 'metrics-gather'; id: number };
type Ask = { ayuda: 'metrics-ask'; id: number };
type Reply = { ayuda: 'metrics-reply'; id: number; figures: unknown };
type Gathered = { ayuda: 'metrics-gathered'; id: number; figures: unknown[] };

const is = <T extends { ayuda: string }>(m: unknown, kind: T['ayuda']): m is T => (m as { ayuda?: unknown } | null)?.ayuda === kind;

/** A worker's side: answers the primary's asks with `local()`, and gathers every worker's figures for a scrape. */
export interface MetricsPeers {
  /** Every worker's figures, this one's included; just this one's if the primary does not answer in time. */
  gather(): Promise<unknown[]>;
  /** Stops answering the primary. */
  close(): void;
}

export function workerPeers(local: () => unknown): MetricsPeers {
  let next = 0;
  const waiting = new Map<number, (figures: unknown[]) => void>();
  const onMessage = (m: unknown) => {
    if (is<Ask>(m, 'metrics-ask')) process.send?.({ ayuda: 'metrics-reply', id: m.id, figures: local() } satisfies Reply);
    else if (is<Gathered>(m, 'metrics-gathered')) waiting.get(m.id)?.(m.figures);
  };
  process.on('message', onMessage);
  return {
    gather: () =>
      new Promise((resolve) => {
        const id = ++next;
        const timer = setTimeout(() => done([local()]), GATHER_TIMEOUT_MS + 500);
        const done = (figures: unknown[]) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve(figures);
        };
        waiting.set(id, done);
        process.send?.({ ayuda: 'metrics-gather', id } satisfies Gather);
      }),
    close: () => process.off('message', onMessage),
  };
}

/**
 * The primary's side: when a worker asks to gather, asks every live worker for its figures and
 * sends them back together. Call on every message from `from`; `live` is the workers now running.
 */
export function relayMetrics(): (from: Worker, m: unknown, live: Iterable<Worker>) => void {
  let next = 0;
  return (from, m, live) => {
    if (!is<Gather>(m, 'metrics-gather')) return;
    const id = ++next;
    const asked = [...live].filter((w) => w.isConnected());
    const figures: unknown[] = [];
    let left = asked.length;
    const listeners = new Map<Worker, (r: unknown) => void>();
    const finish = () => {
      clearTimeout(timer);
      for (const [w, l] of listeners) w.off('message', l);
      if (from.isConnected()) from.send({ ayuda: 'metrics-gathered', id: m.id, figures } satisfies Gathered);
    };
    const timer = setTimeout(finish, GATHER_TIMEOUT_MS);
    for (const w of asked) {
      const l = (r: unknown) => {
        if (!is<Reply>(r, 'metrics-reply') || r.id !== id) return;
        w.off('message', l);
        listeners.delete(w);
        figures.push(r.figures);
        if (--left === 0) finish();
      };
      listeners.set(w, l);
      w.on('message', l);
      w.send({ ayuda: 'metrics-ask', id } satisfies Ask);
    }
    if (!asked.length) finish();
  };
}
