// route() reads the usual event (a completed checkout session) without zod; these check that it
// accepts exactly what the schemas accept, with the same data, and leaves the rest to them.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { route, routeBySchema } from './webhooks.js';

// Each field either well-formed or of a wrong type, missing or null.
const anyValue = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant([]), fc.constant(['x']), fc.constant({}), fc.dictionary(fc.string(), fc.string()));
const ref = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string(), fc.record({ id: fc.string() }), fc.record({ id: fc.string(), object: fc.string() }), anyValue);
const metadata = fc.oneof(fc.constant(undefined), fc.constant(null), fc.dictionary(fc.string(), fc.string()), fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())), fc.constant({ __proto__: 'x' }), anyValue);
const text = fc.oneof({ weight: 4, arbitrary: fc.string() }, anyValue);
const withoutUndefined = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const session = fc
  .record({ id: text, object: fc.constant('checkout.session'), mode: fc.oneof(fc.constantFrom('payment', 'subscription'), text), status: fc.oneof(fc.constant('complete'), text), payment_status: fc.oneof(fc.constant('paid'), text), payment_intent: ref, subscription: ref, customer: ref, metadata, amount_total: fc.integer() })
  .map(withoutUndefined);
const event = fc
  .record({
    id: fc.oneof({ weight: 4, arbitrary: fc.string({ minLength: 1 }) }, text),
    object: fc.constant('event'),
    type: fc.oneof({ weight: 6, arbitrary: fc.constant('checkout.session.completed') }, fc.constantFrom('checkout.session.expired', 'charge.refunded', 'toString', '__proto__'), text),
    created: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0 }) }, anyValue),
    data: fc.oneof({ weight: 6, arbitrary: fc.record({ object: session }) }, anyValue),
  })
  .map(withoutUndefined);

describe('webhook routing without zod', () => {
  it('accepts exactly what the schemas accept, with the same fields', () => {
    fc.assert(
      fc.property(fc.oneof({ weight: 9, arbitrary: event }, anyValue), (e) => {
        // Through JSON, as a webhook's body arrives.
        const parsed = e === undefined ? undefined : JSON.parse(JSON.stringify(e));
        const fast = route(parsed);
        const slow = routeBySchema(parsed);
        expect(fast.ok).toBe(slow.ok);
        if (fast.ok && slow.ok) {
          expect({ ...fast, handler: null }).toEqual({ ...slow, handler: null });
          expect(fast.handler).toBe(slow.handler);
        } else expect(fast).toEqual(slow);
      }),
      { numRuns: 3000 },
    );
  });

  it('takes a Stripe-shaped completed session as it is, expanded references and extra fields kept', () => {
    const object = { id: 'cs_1', object: 'checkout.session', mode: 'payment', status: 'complete', payment_status: 'paid', payment_intent: { id: 'pi_1', object: 'payment_intent' }, subscription: null, customer: 'cus_1', metadata: { ayuda_order: '7' }, amount_total: 990 };
    const r = route({ id: 'evt_1', object: 'event', type: 'checkout.session.completed', created: 1, data: { object } });
    expect(r).toMatchObject({ ok: true, id: 'evt_1', type: 'checkout.session.completed', created: 1, object });
    const wrong = route({ id: 'evt_2', type: 'checkout.session.completed', created: 1, data: { object: { ...object, metadata: { ayuda_order: 7 } } } });
    expect(wrong).toMatchObject({ ok: false, id: 'evt_2', result: { kind: 'malformed' } });
    // A "__proto__" metadata key, as JSON.parse gives it (an own property): the same as the schemas (a run of the property above found it).
    const proto = JSON.parse(JSON.stringify({ id: 'evt_3', object: 'event', type: 'checkout.session.completed', created: 1, data: { object: { ...object, metadata: {} } } }).replace('"metadata":{}', '"metadata":{"__proto__":"","ayuda_order":"7"}'));
    expect(Object.hasOwn(proto.data.object.metadata, '__proto__')).toBe(true);
    expect({ ...route(proto), handler: null }).toEqual({ ...routeBySchema(proto), handler: null });
  });
});
