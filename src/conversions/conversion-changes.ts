import type { Conversion, ConversionStatus } from './conversion.entity';
import { assertTransition, ChangeActor } from './status-transitions';

export interface Amounts {
  payout: string;
  revenue: string;
  originalPayout: string | null;
  originalRevenue: string | null;
  originalCurrency: string | null;
}

// A reported amount in the conversion's (= the offer's) currency, and as reported when converted.
export interface ReportedAmount {
  value: string;
  original: string | null;
}

export interface IncomingAmounts {
  payout?: ReportedAmount;
  revenue?: ReportedAmount;
  // The reported currency when it differed from the offer's.
  originalCurrency: string | null;
}

export const NO_AMOUNTS: IncomingAmounts = { originalCurrency: null };

// Reported amounts replace the current ones. The originals describe what was reported, so an
// original from an earlier report survives only while it is in the same currency as the new one.
export function mergeAmounts(current: Amounts, incoming: IncomingAmounts): Amounts {
  const keepOld =
    incoming.originalCurrency === null || incoming.originalCurrency === current.originalCurrency;
  const originalPayout = incoming.payout
    ? incoming.payout.original
    : keepOld
      ? current.originalPayout
      : null;
  const originalRevenue = incoming.revenue
    ? incoming.revenue.original
    : keepOld
      ? current.originalRevenue
      : null;
  const hasOriginal = originalPayout !== null || originalRevenue !== null;
  return {
    payout: incoming.payout?.value ?? current.payout,
    revenue: incoming.revenue?.value ?? current.revenue,
    originalPayout,
    originalRevenue,
    originalCurrency: hasOriginal ? (incoming.originalCurrency ?? current.originalCurrency) : null,
  };
}

export interface ChangeRequest {
  status?: ConversionStatus;
  // undefined = keep (while staying rejected); a rejection reason only lives on rejected conversions.
  rejectionReason?: string | null;
  amounts?: IncomingAmounts;
}

type ChangeableFields = Pick<Conversion, 'status' | 'rejectionReason' | keyof Amounts>;

export interface PlannedChange {
  statusChanged: boolean;
  // Only the columns whose value changes; empty = nothing to write.
  fields: Partial<ChangeableFields>;
}

// Decides what a PATCH (or a repeated report with a new status) does to a conversion.
export function planChange(
  current: ChangeableFields,
  request: ChangeRequest,
  actor: ChangeActor,
): PlannedChange {
  const status = request.status ?? current.status;
  assertTransition(current.status, status, actor);
  const statusChanged = status !== current.status;

  let rejectionReason: string | null = null;
  if (status === 'rejected') {
    rejectionReason =
      request.rejectionReason !== undefined || statusChanged
        ? (request.rejectionReason ?? null)
        : current.rejectionReason;
  }
  const next: ChangeableFields = {
    status,
    rejectionReason,
    ...mergeAmounts(current, request.amounts ?? NO_AMOUNTS),
  };
  const fields: Partial<ChangeableFields> = {};
  for (const key of Object.keys(next) as (keyof ChangeableFields)[]) {
    if (next[key] !== current[key]) Object.assign(fields, { [key]: next[key] });
  }
  return { statusChanged, fields };
}
