import type { Principal } from '../common/auth/principal';
import type { ConversionStatusChange } from './conversion-status-change.entity';
import type { Conversion } from './conversion.entity';

// What each role may see of a conversion, as for offers: publishers never see revenue or the
// advertiser's side, advertisers not the publisher payout.
export function conversionView(principal: Principal, c: Conversion) {
  const common = {
    id: c.id,
    transactionId: c.transactionId,
    offerId: c.offerId,
    publisherId: c.publisherId,
    event: c.event,
    advertiserTransactionId: c.advertiserTransactionId,
    status: c.status,
    rejectionReason: c.rejectionReason,
    currency: c.currency,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
  if (principal.role === 'publisher') return { ...common, payout: c.payout };
  const advertiserSide = {
    advertiserId: c.advertiserId,
    revenue: c.revenue,
    originalRevenue: c.originalRevenue,
    originalCurrency: c.originalCurrency,
  };
  if (principal.role === 'advertiser') return { ...common, ...advertiserSide };
  return { ...common, ...advertiserSide, payout: c.payout, originalPayout: c.originalPayout };
}

export function statusHistoryView(changes: ConversionStatusChange[]) {
  return changes.map(({ fromStatus, toStatus, rejectionReason, source, changedAt }) => ({
    fromStatus,
    toStatus,
    rejectionReason,
    source,
    changedAt,
  }));
}
