// The client's address behind reverse proxies. Each proxy appends the address it received the
// request from to X-Forwarded-For, so only the entries our own proxies appended can be
// believed; everything to their left was written by the client and may be forged.
import { BlockList, isIP } from 'node:net';

/**
 * Which proxies to believe: none (`false`), the nearest `hops` proxies (`true` is one), or
 * any proxy whose address is in `cidrs` (e.g. a load balancer's subnet).
 */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'cidrs'; cidrs: string[]; list: BlockList };

/** Parses AYUDA_TRUST_PROXY: `false`, `true` (one proxy), a number of proxies, or comma-separated addresses and CIDRs. */
export function parseTrustProxy(value: string): TrustProxy | string {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'false' || v === '0') return { kind: 'none' };
  if (v === 'true') return { kind: 'hops', hops: 1 };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return hops >= 1 && hops <= 20 ? { kind: 'hops', hops } : 'a number of proxies from 1 to 20';
  }
  const list = new BlockList();
  const cidrs: string[] = [];
  for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [addr, bits, extra] = part.split('/');
    const family = isIP(addr ?? '');
    if (!family || extra !== undefined) return `"${part}" is not an IP address or CIDR`;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(addr!, type);
    else {
      const prefix = Number(bits);
      if (!/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) return `"${part}" has a wrong prefix length`;
      list.addSubnet(addr!, prefix, type);
    }
    cidrs.push(part);
  }
  return cidrs.length ? { kind: 'cidrs', cidrs, list } : 'false, true, a number of proxies, or addresses and CIDRs';
}

/** `::ffff:10.0.0.1` (IPv4 on an IPv6 socket) is 10.0.0.1. */
function plain(address: string): string {
  const a = address.trim().replace(/^\[(.*)\]$/, '$1');
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(a) ? a.slice(7) : a;
}

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address: the socket's peer unless it is a trusted proxy, then walking
 * X-Forwarded-For from the right past each trusted proxy. With `hops`, the entry that many
 * proxies back. A missing or malformed entry where one should be falls back to the nearest
 * address we know is real, never to one the client wrote.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trust: TrustProxy): string {
  const socket = plain(peer ?? '') || 'unknown';
  if (trust.kind === 'none' || !forwardedFor) return socket;
  const chain = forwardedFor.split(',').map(plain).filter(Boolean);
  if (trust.kind === 'hops') {
    // The nearest proxy is the socket's peer; it appended the address it saw, so `hops`
    // proxies appended the last `hops` entries and the client is the leftmost of those.
    const entry = chain[chain.length - trust.hops];
    if (entry && isIP(entry)) return entry;
    // Fewer entries than proxies: the request skipped a proxy; the last entry is the best
    // address a trusted proxy vouched for.
    const last = chain[chain.length - 1];
    return last && isIP(last) ? last : socket;
  }
  if (!trusted(trust.list, socket)) return socket;
  let current = socket;
  for (let i = chain.length - 1; i >= 0; i--) {
    const entry = chain[i]!;
    if (!isIP(entry)) return current;
    current = entry;
    if (!trusted(trust.list, entry)) return entry;
  }
  return current;
}
