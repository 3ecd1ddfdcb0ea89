import type { DeliveryAttempt } from '../delivery/delivery-attempt.entity';
import type { Delivery } from '../delivery/delivery.entity';

// The SPEC §9 log entry: one delivery with its attempts inside.
export function postbackLogView(delivery: Delivery, attempts: DeliveryAttempt[]) {
  return {
    id: delivery.id,
    postbackId: delivery.postbackId,
    type: delivery.type,
    state: delivery.state,
    status: delivery.status,
    transactionId: delivery.transactionId,
    externalTransactionId: delivery.externalTransactionId,
    conversionId: delivery.conversionId,
    impressionId: delivery.impressionId,
    publisherId: delivery.publisherId,
    offerId: delivery.offerId,
    scheduledFor: delivery.scheduledFor,
    createdAt: delivery.createdAt,
    completedAt: delivery.completedAt,
    test: delivery.test,
    attempts: attempts
      .sort((a, b) => a.n - b.n)
      .map((a) => ({
        n: a.n,
        firedAt: a.firedAt,
        method: a.method,
        url: a.url,
        statusCode: a.statusCode,
        responseBody: a.responseBody,
        error: a.error,
        errorMessage: a.errorMessage,
        durationMs: a.durationMs,
      })),
  };
}

export type PostbackLogView = ReturnType<typeof postbackLogView>;

export const CSV_COLUMNS = [
  'id',
  'createdAt',
  'postbackId',
  'type',
  'state',
  'status',
  'publisherId',
  'offerId',
  'transactionId',
  'externalTransactionId',
  'conversionId',
  'attempts',
  'lastStatusCode',
  'scheduledFor',
  'completedAt',
  'test',
] as const;

export function csvRow(d: Delivery): string {
  const values = [
    d.id,
    d.createdAt.toISOString(),
    d.postbackId,
    d.type,
    d.state,
    d.status,
    d.publisherId,
    d.offerId,
    d.transactionId,
    d.externalTransactionId,
    d.conversionId,
    d.attemptCount,
    d.lastStatusCode,
    d.scheduledFor.toISOString(),
    d.completedAt?.toISOString() ?? null,
    d.test,
  ];
  return values.map(csvField).join(',') + '\r\n';
}

// RFC 4180 quoting, and a leading quote on values a spreadsheet would run as a formula.
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
