import type { DeliveryAttempt } from '../../deliveries/delivery-attempt.entity';
import type { Delivery } from '../../deliveries/delivery.entity';
import type { PostbackRule } from '../rules/postback-rule.entity';
import { AttemptFacts, attemptErrorText } from './attempt-error-text';

// What the log needs of a delivery's rule; undefined once the rule is deleted.
export type LogRule = Pick<PostbackRule, 'maxAttempts' | 'enabled'> | undefined;

// Automatic attempts still to come: none once finished, nor when the rule is deleted or
// disabled (the next attempt cancels the delivery instead; tests fire regardless). A test is
// one attempt whatever the rule's maxAttempts: while pending, that one is still to come.
export function attemptsLeft(delivery: Delivery, rule: LogRule): number {
  if (delivery.state !== 'scheduled' && delivery.state !== 'retrying') return 0;
  if (!rule || (!rule.enabled && !delivery.test)) return 0;
  if (delivery.test) return 1;
  return Math.max(0, rule.maxAttempts - delivery.attemptCount);
}

// The SPEC §9 log entry: one delivery with its attempts inside.
export function postbackLogView(delivery: Delivery, attempts: DeliveryAttempt[], rule: LogRule) {
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
    nextAttemptAt: delivery.nextAttemptAt,
    attemptsLeft: attemptsLeft(delivery, rule),
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
        // The same in words a publisher can act on ("tracker host not found (DNS)").
        errorText: attemptErrorText(a),
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
  'nextAttemptAt',
  'attemptsLeft',
  'lastError',
  'lastErrorText',
] as const;

export function csvRow(d: Delivery, lastAttempt: AttemptFacts | undefined, rule: LogRule): string {
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
    d.nextAttemptAt?.toISOString() ?? null,
    attemptsLeft(d, rule),
    lastAttempt?.error ?? null,
    lastAttempt ? attemptErrorText(lastAttempt) : null,
  ];
  return values.map(csvField).join(',') + '\r\n';
}

// RFC 4180 quoting, and a leading quote on values a spreadsheet would run as a formula
// (an external id a publisher sent, say). Ids this service makes never start with one.
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
