// The team's usual first-response time beside the widget's contact entry points ("Normalmente
// respondemos en 3 h"), and the fast lane's beside its button. Shared by the panel and the
// article (in their chunks, not in embed.js): one request per server and language every 5 minutes.
import type { ResponseTimes } from '@ayuda/client';
import { formatWait } from '@ayuda/core/format';
import type { Catalogue } from '../i18n/types.js';
import { format } from '../i18n/format.js';
import { apiLocale, type AyudaService } from '../data/service.js';

/** How long the widget keeps the figures (the server computes them at most this often too). */
export const RESPONSE_TIMES_TTL_MS = 300_000;
const held = new Map<string, { at: number; times: Promise<ResponseTimes | null> }>();

/** The figures of `locale` (its fast-lane name), kept RESPONSE_TIMES_TTL_MS; a failure reads as none, and is asked again next time. */
export function responseTimes(service: AyudaService, locale: string): Promise<ResponseTimes | null> {
  const key = `${service.server}|${apiLocale(locale)}`;
  const h = held.get(key);
  if (h && Date.now() - h.at < RESPONSE_TIMES_TTL_MS) return h.times;
  const times = service.client.responseTimes(apiLocale(locale)).catch(() => {
    held.delete(key);
    return null;
  });
  held.set(key, { at: Date.now(), times });
  return times;
}

/**
 * "Normalmente respondemos en 3 h" (standard) or "Con Soporte prioritario: 20 min" (fast, only
 * while the fast lane is offered); '' when the figure is hidden (too few cases) or unknown.
 */
export function usualReply(cat: Catalogue, times: ResponseTimes | null | undefined, lane: 'standard' | 'fast' = 'standard'): string {
  if (!times) return '';
  if (lane === 'fast') {
    const m = times.fast.offered ? times.fast.medianMinutes : null;
    return m === null ? '' : format(cat.usualReplyFast, { name: times.fast.name, time: formatWait(cat.locale, m) });
  }
  const m = times.standard.medianMinutes;
  return m === null ? '' : format(cat.usualReply, { time: formatWait(cat.locale, m) });
}

/** Forgets the figures held, so the next use asks the server again (component tests). */
export function forgetResponseTimes(): void {
  held.clear();
}
