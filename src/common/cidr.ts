// CIDR lists as the configuration gives them (POSTBACK_ALLOWED_CIDRS, TRUST_PROXY). Pure.
import { isIPv4, isIPv6 } from 'node:net';

export type IpFamily = 'ipv4' | 'ipv6';

export interface Cidr {
  network: string;
  prefix: number;
  family: IpFamily;
}

// "127.0.0.0/8, ::1/128" → ["127.0.0.0/8", "::1/128"]; a bare address means a single host.
export function parseCidrList(value: string | undefined | null): string[] {
  if (value == null) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const cidr = parseCidr(entry);
      return `${cidr.network}/${cidr.prefix}`;
    });
}

// One entry: a network with its prefix, or a bare address (a single host); throws naming it.
export function parseCidr(entry: string): Cidr {
  const [network, prefixText, ...rest] = entry.split('/');
  const family: IpFamily | null = isIPv4(network) ? 'ipv4' : isIPv6(network) ? 'ipv6' : null;
  const maxPrefix = family === 'ipv4' ? 32 : 128;
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  const prefixValid = prefixText === undefined || /^\d{1,3}$/.test(prefixText);
  if (
    family === null ||
    network.includes('%') ||
    rest.length > 0 ||
    !prefixValid ||
    prefix > maxPrefix
  ) {
    throw new Error(`Invalid CIDR "${entry}"`);
  }
  return { network, prefix, family };
}
