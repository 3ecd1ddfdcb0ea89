// Which resolved addresses a postback may connect to (SPEC §8 SSRF guard). Pure:
// the sender resolves DNS and asks this policy before connecting.
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { Cidr, IpFamily as Family, parseCidr } from '../../common/cidr';

const BLOCKED_IPV4_CIDRS = [
  '0.0.0.0/8', // "this" network, unspecified
  '10.0.0.0/8', // private
  '100.64.0.0/10', // CGNAT
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local, cloud metadata
  '172.16.0.0/12', // private
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation
  '192.88.99.0/24', // 6to4 relay anycast
  '192.168.0.0/16', // private
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation
  '203.0.113.0/24', // documentation
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved
  '255.255.255.255/32', // broadcast
];

// IPv4-mapped, IPv4-compatible and NAT64 addresses are checked as their IPv4 address instead.
const BLOCKED_IPV6_CIDRS = [
  '::/128', // unspecified
  '::1/128', // loopback
  '64:ff9b:1::/48', // local-use NAT64
  '100::/64', // discard-only
  '2001::/23', // IETF protocol assignments (Teredo, ORCHID, benchmarking…)
  '2001:db8::/32', // documentation
  '2002::/16', // 6to4: tunnels to an embedded IPv4 that may be private
  '3fff::/20', // documentation
  '5f00::/16', // segment routing SIDs
  'fc00::/7', // unique-local, incl. fd00:ec2::254 metadata
  'fe80::/10', // link-local
  'fec0::/10', // deprecated site-local
  'ff00::/8', // multicast
];

export class AddressPolicy {
  private readonly allowed = new BlockList();
  private readonly blocked = new BlockList();

  constructor(allowedCidrs: string[]) {
    for (const entry of allowedCidrs) addCidr(this.allowed, parseCidr(entry));
    for (const entry of [...BLOCKED_IPV4_CIDRS, ...BLOCKED_IPV6_CIDRS]) {
      addCidr(this.blocked, parseCidr(entry));
    }
  }

  isAllowed(address: string): boolean {
    const literal = stripBrackets(address);
    const canonical = canonicalizeAddress(literal);
    if (canonical === null) return false;
    // The allow-list is checked against both forms, so "::1/128" and
    // "127.0.0.0/8" (covering ::ffff:127.0.0.1) both open what they say.
    if (this.allowed.check(canonical.address, canonical.family)) return true;
    if (canonical.address !== literal && this.allowed.check(literal, 'ipv6')) return true;
    return !this.blocked.check(canonical.address, canonical.family);
  }
}

// IPv6 forms that embed an IPv4 address are reduced to it, so ::ffff:7f00:1 is 127.0.0.1.
export function canonicalizeAddress(address: string): { address: string; family: Family } | null {
  if (isIPv4(address)) return { address, family: 'ipv4' };
  if (!isIPv6(address)) return null;
  const hextets = ipv6Hextets(address);
  const embedded = embeddedIpv4(hextets);
  if (embedded !== null) return { address: embedded, family: 'ipv4' };
  return { address, family: 'ipv6' };
}

function addCidr(list: BlockList, cidr: Cidr): void {
  list.addSubnet(cidr.network, cidr.prefix, cidr.family);
}

// "[::1]" as in URLs; brackets around anything but IPv6 stay and make the input invalid.
function stripBrackets(address: string): string {
  if (!address.startsWith('[') || !address.endsWith(']')) return address;
  const inner = address.slice(1, -1);
  return isIPv6(inner) ? inner : address;
}

function embeddedIpv4(hextets: number[]): string | null {
  const [a, b, c, d, e, f, g, h] = hextets;
  const upperZero = a === 0 && b === 0 && c === 0 && d === 0 && e === 0;
  const isMapped = upperZero && f === 0xffff; // ::ffff:0:0/96
  // ::/96 (IPv4-compatible), leaving :: and ::1 to the IPv6 rules.
  const isCompatible = upperZero && f === 0 && (g !== 0 || h > 1);
  const isNat64 = a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0; // 64:ff9b::/96
  if (!isMapped && !isCompatible && !isNat64) return null;
  return [g >> 8, g & 0xff, h >> 8, h & 0xff].join('.');
}

// Eight 16-bit groups of a valid IPv6 literal (zone id dropped, dotted tail folded in).
function ipv6Hextets(address: string): number[] {
  let text = address.split('%')[0];
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [p, q, r, s] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((p << 8) | q).toString(16)}:${((r << 8) | s).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros =
    rest === undefined ? [] : Array<string>(8 - headGroups.length - restGroups.length).fill('0');
  return [...headGroups, ...zeros, ...restGroups].map((group) => parseInt(group, 16));
}
