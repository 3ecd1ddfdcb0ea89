import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { AddressPolicy } from './address-policy';

export const DESTINATION_NOT_ALLOWED = 'PM_DESTINATION_NOT_ALLOWED';

export class DestinationNotAllowedError extends Error {
  readonly code = DESTINATION_NOT_ALLOWED;
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, which is not a public address`);
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

// The address check runs on what DNS answered for this very connection, so a name that
// rebinds to a private address between save and send can't get through.
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const allowed = addresses.filter((a) => policy.isAllowed(a.address));
      if (allowed.length === 0) {
        return callback(new DestinationNotAllowedError(hostname, addresses[0]?.address ?? '?'), []);
      }
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

// Literal IP hosts skip DNS (and so the lookup above): check those before connecting.
export function guardedConnector(
  policy: AddressPolicy,
  connectTimeoutMs: number,
): buildConnector.connector {
  const connect = buildConnector({
    timeout: connectTimeoutMs,
    lookup: guardedLookup(policy),
  } as buildConnector.BuildOptions);
  return (options, callback) => {
    const host = options.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !policy.isAllowed(host)) {
      callback(new DestinationNotAllowedError(host, host), null);
      return;
    }
    connect(options, callback);
  };
}
