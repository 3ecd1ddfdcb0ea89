import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog, systemActor } from '../../audit/audit-log';
import { diffFields } from '../../audit/field-changes';
import { DeliveryState, isPending } from '../../deliveries/delivery-states';
import { AttemptRecord, DeliveryStore } from '../../deliveries/delivery-store';
import { Delivery } from '../../deliveries/delivery.entity';
import { MetricsService } from '../../metrics/metrics.service';
import { lastErrorText } from '../../notifications/notification-events';
import { NotificationOutbox } from '../../notifications/notification-outbox';
import { RulesCache } from '../rules/rules-cache';
import type { PostbackRule } from '../rules/postback-rule.entity';
import { checkExpectedBody, classifyAttempt, REQUEST_ERRORS } from './attempt-outcome';
import { buildOutboundRequest } from './outbound-request';
import { PostbackSender, SendResult } from './postback-sender';
import { ORIGIN_BUSY_DEFER_MS, originOf } from './origin-limiter';
import { OriginSlot, OriginSlots } from './origin-slots';
import { DeliveryRetryPolicy, nextRetryDelayMs } from './retry-policy';
import { maskRequest } from './request-masking';

export type AttemptMode = 'queued' | 'manual';

export interface AttemptReport {
  state: DeliveryState;
  // Set when the queue should try again after this many milliseconds.
  retryInMs: number | null;
  // Set when the origin was saturated: no attempt was made, hand the job back for this long.
  deferMs?: number;
}

const SKIPPED: AttemptReport = { state: 'cancelled', retryInMs: null };
// SPEC §8: a rule whose last 20 deliveries all failed is paused.
export const AUTO_PAUSE_AFTER_FAILURES = 20;
// Who the audit log says paused a rule.
export const AUTO_PAUSE_ACTOR = 'auto-pause';
// Finished deliveries the auto-pause check looks back over (see failingStreak).
const STREAK_SCAN_LIMIT = 1000;

@Injectable()
export class DeliveryService {
  private readonly logger = new Logger('Delivery');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: RulesCache,
    private readonly sender: PostbackSender,
    private readonly retry: DeliveryRetryPolicy,
    private readonly metrics: MetricsService,
    private readonly store: DeliveryStore,
    private readonly audit: AuditLog,
    private readonly notifications: NotificationOutbox,
    private readonly origins: OriginSlots,
  ) {}

  // One attempt of one delivery. 'queued' attempts come from the worker and only run while the
  // delivery is still due; 'manual' ones (retry button, test) fire whatever the state.
  async attempt(deliveryId: string, mode: AttemptMode): Promise<AttemptReport> {
    const delivery = await this.claim(deliveryId, mode);
    if (!delivery) return SKIPPED;
    const rule = await this.rules.byId(delivery.postbackId);
    if (!rule || (!rule.enabled && !delivery.test && mode === 'queued')) {
      await this.cancel(delivery, rule ? 'rule is disabled' : 'rule was deleted');
      return SKIPPED;
    }

    const firedAt = new Date();
    let request: ReturnType<typeof buildOutboundRequest>;
    try {
      request = buildOutboundRequest(rule, delivery.snapshot, {
        deliveryId: delivery.id,
        nowMs: firedAt.getTime(),
      });
    } catch (error) {
      // A template that no longer renders (it was valid when saved) is a permanent failure.
      const result = failure((error as Error).message);
      const report = this.decide(delivery, rule, result, mode);
      await this.record(delivery, rule, null, firedAt, result, report);
      return report;
    }
    // Manual attempts (a person waiting) are not held back by the origin's limit.
    let slot: OriginSlot | null = null;
    if (mode === 'queued') {
      slot = await this.origins.acquire(originOf(request.url));
      if (!slot) {
        await this.store.releaseClaim(delivery.id);
        return { state: delivery.state, retryInMs: null, deferMs: ORIGIN_BUSY_DEFER_MS };
      }
    }
    let sent: SendResult | undefined;
    try {
      sent = await this.sender.send(request);
    } finally {
      slot?.release(sent?.durationMs);
    }
    const result = checkExpectedBody(sent, rule.expectBody);
    const report = this.decide(delivery, rule, result, mode);
    await this.record(delivery, rule, request, firedAt, result, report);
    return report;
  }

  private async claim(deliveryId: string, mode: AttemptMode): Promise<Delivery | null> {
    const row =
      mode === 'queued'
        ? await this.store.claimDue(deliveryId)
        : await this.store.claimAnyState(deliveryId);
    if (!row) return null;
    return this.dataSource.getRepository(Delivery).create({
      id: row.id,
      postbackId: row.postback_id,
      state: row.state as DeliveryState,
      test: row.test,
      snapshot: row.snapshot as Delivery['snapshot'],
      attemptCount: row.attempt_count,
      nextAttemptAt: row.next_attempt_at,
    });
  }

  private decide(
    delivery: Delivery,
    rule: PostbackRule,
    result: SendResult,
    mode: AttemptMode,
  ): AttemptReport {
    const { outcome } = classifyAttempt(result);
    if (outcome === 'delivered') return { state: 'delivered', retryInMs: null };
    // A test fire is one attempt: it ends delivered or failed, never waits for a retry.
    if (delivery.test) return { state: 'failed', retryInMs: null };
    const pending = isPending(delivery.state);
    if (outcome === 'retry' && mode === 'queued') {
      const delay = nextRetryDelayMs(
        delivery.attemptCount,
        rule.maxAttempts,
        this.retry.policy,
        result.retryAfterMs,
      );
      if (delay !== null) return { state: 'retrying', retryInMs: delay };
    }
    // A manual attempt on a delivery the queue still carries leaves its schedule alone.
    if (mode === 'manual' && pending && outcome === 'retry')
      return { state: delivery.state, retryInMs: null };
    return { state: 'failed', retryInMs: null };
  }

  private async record(
    delivery: Delivery,
    rule: PostbackRule,
    request: ReturnType<typeof buildOutboundRequest> | null,
    firedAt: Date,
    result: SendResult,
    report: AttemptReport,
  ): Promise<void> {
    const outcome = report.retryInMs !== null ? 'retry' : report.state;
    this.metrics.deliveries.inc({ outcome });
    this.metrics.attemptDuration.observe({ outcome }, result.durationMs / 1000);
    const terminal = report.state === 'delivered' || report.state === 'failed';
    const nextAttemptAt = terminal ? null : this.nextAttemptAt(delivery, report);
    const sent = request ? maskRequest(request, rule.signingSecret) : null;
    const attempt = {
      deliveryId: delivery.id,
      n: delivery.attemptCount,
      firedAt,
      method: request?.method ?? rule.method,
      url: request?.url ?? rule.url,
      statusCode: result.statusCode,
      responseBody: result.responseBody,
      error: result.error,
      errorMessage: result.errorMessage,
      durationMs: result.durationMs,
      requestHeaders: sent?.headers ?? null,
      requestBody: sent?.body ?? null,
      state: report.state,
      nextAttemptAt,
      terminal,
      claimedState: delivery.state,
    };
    if (report.state === 'failed' && !delivery.test) {
      await this.recordFailure(delivery, rule, attempt);
    } else await this.store.recordAttempt(attempt);
    const pauseReason = classifyAttempt(result).pauseRule
      ? 'receiver answered 410 Gone'
      : report.state === 'failed' &&
          countsTowardsPause(delivery, result) &&
          (await this.failingStreak(rule.id))
        ? `last ${AUTO_PAUSE_AFTER_FAILURES} deliveries failed`
        : null;
    if (pauseReason && (await this.pauseRule(rule, pauseReason))) {
      this.rules.invalidate();
      this.logger.warn(`Rule ${rule.id} paused: ${pauseReason}`);
    }
  }

  // A delivery that ends failed raises delivery.failed (SPEC §13) in the transaction that records
  // it, outside the worker's coalesced writes: failures are the rare case.
  private async recordFailure(
    delivery: Delivery,
    rule: PostbackRule,
    attempt: AttemptRecord,
  ): Promise<void> {
    const raised = await this.dataSource.transaction(async (manager) => {
      const state = await this.store.recordAttemptIn(manager, attempt);
      if (state !== 'failed') return [];
      return this.notifications.deliveryFailed(manager, {
        rule,
        deliveryId: delivery.id,
        attempts: delivery.attemptCount,
        lastError: lastErrorText(attempt),
      });
    });
    await this.notifications.enqueueAfterCommit(raised);
  }

  // A delivery still pending always keeps a due time, the sweeper's work list: a manual attempt
  // leaves the queue's schedule as it was (one without a time is due now).
  private nextAttemptAt(delivery: Delivery, report: AttemptReport): Date {
    if (report.retryInMs !== null) return new Date(Date.now() + report.retryInMs);
    return delivery.nextAttemptAt ?? new Date();
  }

  // Counts only deliveries scheduled since the rule last changed: re-enabling starts afresh.
  // Deliveries whose last attempt could not be sent (REQUEST_ERRORS) are skipped: they say
  // nothing about the receiver. The newest STREAK_SCAN_LIMIT finished ones are looked at, so a
  // flood of those can't make every check scan the rule's whole history.
  private async failingStreak(ruleId: number): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS finished, count(*) FILTER (WHERE s.state = 'failed')::int AS failed
         FROM (SELECT r.state FROM (
                 SELECT d.id, d.state, d.attempt_count FROM deliveries d
                   JOIN postbacks p ON p.id = d.postback_id
                  WHERE d.postback_id = $1 AND NOT d.test AND d.state IN ('delivered', 'failed')
                    AND d.created_at >= p.updated_at
                  ORDER BY d.id DESC LIMIT $4) r
               LEFT JOIN delivery_attempts a ON a.delivery_id = r.id AND a.n = r.attempt_count
               WHERE a.error IS NULL OR NOT (a.error = ANY($3::text[]))
               ORDER BY r.id DESC LIMIT $2) s`,
      [ruleId, AUTO_PAUSE_AFTER_FAILURES, REQUEST_ERRORS, STREAK_SCAN_LIMIT],
    );
    return row.finished === AUTO_PAUSE_AFTER_FAILURES && row.failed === AUTO_PAUSE_AFTER_FAILURES;
  }

  // Leaves updated_at alone: it marks the owner's last change, the start of the failure window.
  // The pause, its audit entry and its notification commit together; a rule already off is left
  // as it is.
  private async pauseRule(rule: PostbackRule, reason: string): Promise<boolean> {
    const ruleId = rule.id;
    const raised = await this.dataSource.transaction(async (manager) => {
      const [rows]: [Array<{ publisher_id: number | null; paused_at: Date }>, number] =
        await manager.query(
          `UPDATE postbacks SET enabled = false, paused_reason = $2, paused_at = now()
            WHERE id = $1 AND enabled RETURNING publisher_id, paused_at`,
          [ruleId, reason],
        );
      if (rows.length === 0) return null;
      await this.audit.append(manager, {
        entityType: 'postback_rule',
        entityId: ruleId,
        action: 'paused',
        changes: diffFields(
          { enabled: true, pausedReason: null, pausedAt: null },
          { enabled: false, pausedReason: reason, pausedAt: rows[0].paused_at },
        ),
        publisherId: rows[0].publisher_id,
        actor: systemActor(AUTO_PAUSE_ACTOR),
      });
      return this.notifications.raise(manager, { type: 'postback.paused', rule, reason });
    });
    if (raised === null) return false;
    await this.notifications.enqueueAfterCommit(raised);
    return true;
  }

  // No request is made, so the claimed attempt number is given back.
  private async cancel(delivery: Delivery, reason: string): Promise<void> {
    await this.store.cancelClaimed(delivery.id);
    this.metrics.deliveries.inc({ outcome: 'cancelled' });
    this.logger.log(`Delivery ${delivery.id} cancelled: ${reason}`);
  }
}

// A test, or a request we could not send (the event's data or the rule made it unsendable),
// says nothing about the receiver.
function countsTowardsPause(delivery: Delivery, result: SendResult): boolean {
  return !delivery.test && (result.error === null || !REQUEST_ERRORS.includes(result.error));
}

function failure(message: string): SendResult {
  return {
    statusCode: null,
    error: 'invalid_request',
    errorMessage: message.slice(0, 1000),
    responseBody: null,
    retryAfterMs: null,
    durationMs: 0,
  };
}
