import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES, route } from './webhooks.js';

describe('the webhook table', () => {
  it('is what docs/stripe.md lists, no more and no less', () => {
    const doc = readFileSync(new URL('../../../../docs/stripe.md', import.meta.url), 'utf8');
    const section = doc.split('## Webhook events')[1]!.split('\n## ')[0]!;
    const listed = [...section.matchAll(/^\| `([a-z_.]+)` \|/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  });

  it('routes unknown types and odd shapes to results, never throws', () => {
    expect(route({ id: 'evt_1', type: 'product.created', created: 1, data: { object: {} } })).toMatchObject({ ok: false, result: { kind: 'ignored' } });
    expect(route({ id: 'evt_2', type: 'charge.refunded', created: 1, data: { object: { id: 'ch_1', amount_refunded: 'all' } } })).toMatchObject({ ok: false, id: 'evt_2', result: { kind: 'malformed' } });
    expect(route({ nope: true })).toMatchObject({ ok: false, id: null, result: { kind: 'malformed' } });
    expect(route({ id: 'evt_3', type: 'toString', created: 1, data: { object: {} } })).toMatchObject({ ok: false, result: { kind: 'ignored' } });
  });
});
