import { ApiProperty, OmitType } from '@nestjs/swagger';
import { DeliveryAttempt } from '../../deliveries/delivery-attempt.entity';
import type { DeliveryState } from '../../deliveries/delivery-states';
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

export const HELD_REASON =
  'Held: the rule is waiting for a network manager’s approval; it will be sent once approved';

export function stateReason(delivery: Delivery): string | null {
  return delivery.stateReason ?? (delivery.state === 'held' ? HELD_REASON : null);
}

// An attempt as the log lists it: every column but the delivery id and the request sent (the
// list stays light), and the error in words.
export class AttemptView extends OmitType(DeliveryAttempt, [
  'deliveryId',
  'requestHeaders',
  'requestBody',
] as const) {
  errorText: string | null;
}

// An attempt as one entry shows it: also the request's headers and body, secrets masked when
// recorded; null when nothing was sent or the attempt predates them.
export class AttemptDetailView extends AttemptView {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, nullable: true })
  requestHeaders: Record<string, string> | null;
  requestBody: string | null;
}

// The SPEC §9 log entry: one delivery with its attempts inside.
export class PostbackLogView {
  id: string;
  postbackId: number;
  type: string;
  state: DeliveryState;
  // The conversion status the delivery reports (raw), when it is a conversion's.
  status: string | null;
  transactionId: string | null;
  externalTransactionId: string | null;
  conversionId: string | null;
  impressionId: string | null;
  publisherId: number | null;
  offerId: number | null;
  scheduledFor: Date;
  createdAt: Date;
  completedAt: Date | null;
  nextAttemptAt: Date | null;
  // Why it is held, or was cancelled by its rule's rejection, in words (SPEC §13).
  stateReason: string | null;
  // Automatic attempts still to come.
  attemptsLeft: number;
  test: boolean;
  attempts: AttemptView[];
}

// GET /api/postback-logs/:id, a retry's and a test's answer: attempts with their requests.
export class PostbackLogEntryView extends PostbackLogView {
  @ApiProperty({ type: () => [AttemptDetailView] })
  override attempts: AttemptDetailView[];
}

// POST /api/postback-logs/retry (SPEC §14).
export class BulkRetryResult {
  // Matching deliveries this call took (at most BULK_RETRY_MAX, oldest first).
  matched: number;
  // Set back to `retrying`, due now, and handed to the queue.
  queued: number;
  // Matched but not retried: their rule is disabled (paused) or deleted, the worker would cancel them.
  skipped: number;
  skippedReason: 'rule_disabled' | null;
  // More deliveries matched than one call takes.
  more: boolean;
}

export function postbackLogEntryView(
  delivery: Delivery,
  attempts: DeliveryAttempt[],
  rule: LogRule,
): PostbackLogEntryView {
  const requests = new Map(attempts.map((a) => [a.n, a]));
  const view = postbackLogView(delivery, attempts, rule);
  return {
    ...view,
    attempts: view.attempts.map((a) => ({
      ...a,
      requestHeaders: requests.get(a.n)?.requestHeaders ?? null,
      requestBody: requests.get(a.n)?.requestBody ?? null,
    })),
  };
}

export function postbackLogView(
  delivery: Delivery,
  attempts: DeliveryAttempt[],
  rule: LogRule,
): PostbackLogView {
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
    stateReason: stateReason(delivery),
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
