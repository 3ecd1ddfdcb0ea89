import type { Principal } from '../common/auth/principal';
import type { ChangeSource } from './conversion-report';
import type { ConversionStatusChange } from './conversion-status-change.entity';
import type { Conversion, ConversionStatus } from './conversion.entity';

// What each role may see of a conversion, as for offers: publishers never see revenue or the
// advertiser's side, advertisers not the publisher payout. Hidden fields are left out, not null.
export class ConversionView {
  id: string;
  transactionId: string;
  offerId: number;
  publisherId: number;
  event: string | null;
  advertiserTransactionId: string | null;
  status: ConversionStatus;
  rejectionReason: string | null;
  currency: string;
  createdAt: Date;
  updatedAt: Date;
  // Admin and publisher keys only.
  payout?: string;
  // Admin and advertiser keys only (advertiserId to originalCurrency).
  advertiserId?: number;
  revenue?: string;
  // The amount and currency as reported, when converted into the offer's currency.
  originalRevenue?: string | null;
  originalCurrency?: string | null;
  // Admin keys only.
  originalPayout?: string | null;
}

export class StatusChangeView {
  fromStatus: ConversionStatus | null;
  toStatus: ConversionStatus;
  rejectionReason: string | null;
  source: ChangeSource;
  changedAt: Date;
}

// POST /api/conversions: the conversion, and whether it was a repeat of one already recorded.
export class RecordedConversionView extends ConversionView {
  duplicate: boolean;
}

export class ConversionWithHistoryView extends ConversionView {
  statusHistory: StatusChangeView[];
}

export function conversionView(principal: Principal, c: Conversion): ConversionView {
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

export function statusHistoryView(changes: ConversionStatusChange[]): StatusChangeView[] {
  return changes.map(({ fromStatus, toStatus, rejectionReason, source, changedAt }) => ({
    fromStatus,
    toStatus,
    rejectionReason,
    // Only ConversionRecorder writes the history, with a ChangeSource.
    source: source as ChangeSource,
    changedAt,
  }));
}
