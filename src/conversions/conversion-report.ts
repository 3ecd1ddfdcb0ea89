import type { ConversionStatus } from './conversion.entity';
import type { ChangeActor } from './status-transitions';

// A conversion as an advertiser reports it (API body or S2S intake), before the click is looked up.
export interface ConversionReport {
  transactionId: string;
  status: ConversionStatus;
  event: string | null;
  advertiserTransactionId: string | null;
  // As reported; null = the offer's (on creation) or unchanged (on a repeat).
  payout: string | null;
  revenue: string | null;
  // Currency of the reported payout/revenue; null = the offer's.
  currency: string | null;
  rejectionReason: string | null;
}

// PATCH /api/conversions/:id
export interface ConversionPatch {
  status?: ConversionStatus;
  rejectionReason?: string | null;
  payout?: string;
  revenue?: string;
}

export type ChangeSource = 'api' | 'intake' | 'patch';

// Who reports: an admin, an advertiser key (its own offers only) or the advertiser's postback key.
export interface Reporter {
  source: ChangeSource;
  actor: ChangeActor;
  // Set for advertisers: the click's offer must be theirs.
  advertiserId: number | null;
}
