import { conflict } from '../common/errors/domain-error';
import type { ConversionStatus } from './conversion.entity';

// Who asks for the change: advertisers (API key or S2S intake) may not revive a rejected conversion.
export type ChangeActor = 'admin' | 'advertiser';

// approved → rejected is a chargeback; rejected → approved is a manual reversal by the network.
const ALLOWED: Readonly<Record<string, readonly ChangeActor[]>> = {
  'pending>approved': ['admin', 'advertiser'],
  'pending>rejected': ['admin', 'advertiser'],
  'approved>rejected': ['admin', 'advertiser'],
  'rejected>approved': ['admin'],
};

export function isTransitionAllowed(
  from: ConversionStatus,
  to: ConversionStatus,
  actor: ChangeActor,
): boolean {
  if (from === to) return true;
  return ALLOWED[`${from}>${to}`]?.includes(actor) ?? false;
}

export function assertTransition(
  from: ConversionStatus,
  to: ConversionStatus,
  actor: ChangeActor,
): void {
  if (isTransitionAllowed(from, to, actor)) return;
  const adminOnly = ALLOWED[`${from}>${to}`] !== undefined;
  throw conflict(
    'invalid_status_transition',
    adminOnly
      ? `Only the network may change a conversion from ${from} to ${to}`
      : `A conversion cannot change from ${from} to ${to}`,
  );
}
