import type { IntakeLog, IntakeOutcome, IntakeWarning } from '../intake-log.entity';

// One S2S intake request as GET /api/intake-logs shows it (SPEC §5.2).
export class IntakeLogView {
  id: string;
  receivedAt: Date;
  // Null when the postback key matched no advertiser.
  advertiserId: number | null;
  method: string;
  // Query string and form body as received.
  rawQuery: string;
  outcome: IntakeOutcome;
  errorCode: string | null;
  conversionId: string | null;
  ip: string | null;
  // Codes only (never the advertiser's text, which is in rawQuery).
  warnings: IntakeWarning[];
}

export function intakeLogView(log: IntakeLog): IntakeLogView {
  const { id, receivedAt, advertiserId, method, rawQuery, outcome, errorCode, conversionId } = log;
  const { ip, warnings } = log;
  return {
    id,
    receivedAt,
    advertiserId,
    method,
    rawQuery,
    outcome,
    errorCode,
    conversionId,
    ip,
    warnings,
  };
}
