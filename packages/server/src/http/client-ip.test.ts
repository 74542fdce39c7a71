import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustProxy, type TrustProxy } from './client-ip.js';

const trust = (v: string) => {
  const t = parseTrustProxy(v);
  if (typeof t === 'string') throw new Error(t);
  return t as TrustProxy;
};

describe('the client address behind proxies', () => {
  it('ignores X-Forwarded-For unless proxies are trusted', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', trust('false'))).toBe('203.0.113.9');
    expect(clientAddress('::ffff:203.0.113.9', undefined, trust('false'))).toBe('203.0.113.9');
    expect(clientAddress(undefined, undefined, trust('false'))).toBe('unknown');
  });

  it('with one trusted proxy, reads the entry that proxy appended, never what the client wrote', () => {
    const one = trust('true');
    // The client wrote "1.1.1.1, 2.2.2.2"; nginx appended the address it saw.
    expect(clientAddress('10.0.0.2', '1.1.1.1, 2.2.2.2, 198.51.100.7', one)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.2', '198.51.100.7', one)).toBe('198.51.100.7');
    // Rotating the forged part changes nothing.
    for (let i = 0; i < 30; i++) expect(clientAddress('10.0.0.2', `192.0.2.${i}, 198.51.100.7`, one)).toBe('198.51.100.7');
  });

  it('with N proxies, reads the entry N back', () => {
    expect(clientAddress('10.0.0.3', 'forged, 198.51.100.7, 10.0.0.2', trust('2'))).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.3', '198.51.100.7', trust('2'))).toBe('198.51.100.7');
  });

  it('with trusted CIDRs, walks from the right past trusted proxies only', () => {
    const cidrs = trust('10.0.0.0/8, 2001:db8::/32');
    expect(clientAddress('10.1.2.3', 'forged, 198.51.100.7, 10.9.9.9', cidrs)).toBe('198.51.100.7');
    expect(clientAddress('2001:db8::1', '198.51.100.7', cidrs)).toBe('198.51.100.7');
    // A request that did not come through a trusted proxy: its header is the client's own.
    expect(clientAddress('203.0.113.5', '198.51.100.7', cidrs)).toBe('203.0.113.5');
    // Everything trusted: the leftmost address is the best there is.
    expect(clientAddress('10.1.2.3', '10.2.2.2', cidrs)).toBe('10.2.2.2');
    // Garbage where an address should be: stop at the last real one.
    expect(clientAddress('10.1.2.3', 'x, not-an-ip', cidrs)).toBe('10.1.2.3');
  });

  it('refuses settings it cannot read', () => {
    expect(typeof parseTrustProxy('10.0.0.0/33')).toBe('string');
    expect(typeof parseTrustProxy('example.com')).toBe('string');
    expect(typeof parseTrustProxy('99')).toBe('string');
    expect(parseTrustProxy('1')).toEqual({ kind: 'hops', hops: 1 });
  });
});
