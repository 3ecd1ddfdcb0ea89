import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RulesCache } from '../rules/rules-cache';
import type { Postback } from '../rules/postback.entity';
import { classifyAttempt } from './attempt-outcome';
import { Delivery, DeliveryState } from './delivery.entity';
import { DeliveryRetryPolicy } from './delivery-retry-policy';
import { buildOutboundRequest } from './outbound-request';
import { PostbackSender, SendResult } from './postback-sender';
import { nextRetryDelayMs } from './retry-policy';

export type AttemptMode = 'queued' | 'manual';

export interface AttemptReport {
  state: DeliveryState;
  // Set when the queue should try again after this many milliseconds.
  retryInMs: number | null;
}

const SKIPPED: AttemptReport = { state: 'cancelled', retryInMs: null };

@Injectable()
export class DeliveryService {
  private readonly logger = new Logger('Delivery');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: RulesCache,
    private readonly sender: PostbackSender,
    private readonly retry: DeliveryRetryPolicy,
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
    let result: SendResult;
    let request: ReturnType<typeof buildOutboundRequest> | null = null;
    try {
      request = buildOutboundRequest(rule, delivery.snapshot, {
        deliveryId: delivery.id,
        nowMs: firedAt.getTime(),
      });
      result = await this.sender.send(request);
    } catch (error) {
      // A template that no longer renders (it was valid when saved) is a permanent failure.
      result = failure((error as Error).message);
    }
    const report = this.decide(delivery, rule, result, mode);
    await this.record(delivery, rule, request, firedAt, result, report);
    return report;
  }

  private async claim(deliveryId: string, mode: AttemptMode): Promise<Delivery | null> {
    const due = mode === 'queued' ? `AND state IN ('scheduled', 'retrying')` : '';
    const [rows] = await this.dataSource.query(
      `UPDATE deliveries SET attempt_count = attempt_count + 1 WHERE id = $1 ${due} RETURNING *`,
      [deliveryId],
    );
    const row = rows?.[0];
    if (!row) return null;
    return this.dataSource.getRepository(Delivery).create({
      id: row.id,
      postbackId: row.postback_id,
      state: row.state,
      test: row.test,
      snapshot: row.snapshot,
      attemptCount: row.attempt_count,
    });
  }

  private decide(
    delivery: Delivery,
    rule: Postback,
    result: SendResult,
    mode: AttemptMode,
  ): AttemptReport {
    const { outcome } = classifyAttempt(result);
    if (outcome === 'delivered') return { state: 'delivered', retryInMs: null };
    const pending = delivery.state === 'scheduled' || delivery.state === 'retrying';
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
    rule: Postback,
    request: ReturnType<typeof buildOutboundRequest> | null,
    firedAt: Date,
    result: SendResult,
    report: AttemptReport,
  ): Promise<void> {
    const terminal = report.state === 'delivered' || report.state === 'failed';
    const nextAttemptAt =
      report.retryInMs !== null ? new Date(Date.now() + report.retryInMs) : null;
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO delivery_attempts
           (delivery_id, n, fired_at, method, url, status_code, response_body, error, error_message, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          delivery.id,
          delivery.attemptCount,
          firedAt,
          request?.method ?? rule.method,
          request?.url ?? rule.url,
          result.statusCode,
          result.responseBody,
          result.error,
          result.errorMessage,
          result.durationMs,
        ],
      );
      await m.query(
        `UPDATE deliveries SET state = $2, last_status_code = $3, next_attempt_at = $4,
           completed_at = CASE WHEN $5 THEN now() ELSE completed_at END
         WHERE id = $1`,
        [delivery.id, report.state, result.statusCode, nextAttemptAt, terminal],
      );
      if (classifyAttempt(result).pauseRule)
        await pauseRule(m, rule.id, 'receiver answered 410 Gone');
    });
    if (classifyAttempt(result).pauseRule) {
      this.rules.invalidate();
      this.logger.warn(`Rule ${rule.id} paused: receiver answered 410 Gone`);
    }
  }

  // No request is made, so the claimed attempt number is given back.
  private async cancel(delivery: Delivery, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE deliveries SET state = 'cancelled', completed_at = now(), next_attempt_at = NULL,
         attempt_count = attempt_count - 1
       WHERE id = $1`,
      [delivery.id],
    );
    this.logger.log(`Delivery ${delivery.id} cancelled: ${reason}`);
  }
}

async function pauseRule(m: EntityManager, ruleId: number, reason: string): Promise<void> {
  await m.query(
    `UPDATE postbacks SET enabled = false, paused_reason = $2, paused_at = now() WHERE id = $1 AND enabled`,
    [ruleId, reason],
  );
}

function failure(message: string): SendResult {
  return {
    statusCode: null,
    error: 'invalid_url',
    errorMessage: message.slice(0, 1000),
    responseBody: null,
    retryAfterMs: null,
    durationMs: 0,
  };
}
