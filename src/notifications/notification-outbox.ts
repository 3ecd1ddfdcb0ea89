import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { uuidv7 } from '../common/ids';
import { AppConfig } from '../config/app-config';
import {
  FailureWindow,
  nextFailure,
  notificationBody,
  NotifiedRule,
  RaisedEvent,
} from './notification-events';
import { DueNotification, NotificationQueue } from './notification-queue';
import { NotificationStore } from './notification-store';

export interface FailedDelivery {
  rule: NotifiedRule;
  deliveryId: string;
  attempts: number;
  lastError: string;
}

// Raises notifications (rows through NotificationStore); the one writer of
// `notification_failure_windows`. Events are raised
// in the transaction of the change that causes them (a pause, a decision, a delivery ending
// failed): nothing is lost, and a change that rolls back notifies nobody. The caller hands what
// was raised to enqueueAfterCommit; the sweeper covers a crash or a Redis outage in between.
//   const raised = await dataSource.transaction(async (m) => {
//     ...change the rule with m...
//     return outbox.raise(m, { type: 'postback.paused', rule, reason });
//   });
//   await outbox.enqueueAfterCommit(raised);
@Injectable()
export class NotificationOutbox {
  constructor(
    private readonly config: AppConfig,
    private readonly queue: NotificationQueue,
    private readonly store: NotificationStore,
  ) {}

  // One notification per endpoint that wants the event: the network's endpoints, and the rule's
  // publisher's own.
  async raise(manager: EntityManager, event: RaisedEvent): Promise<DueNotification[]> {
    const endpoints = await this.endpointsFor(manager, event.type, event.rule.publisherId);
    if (endpoints.length === 0) return [];
    const now = new Date();
    const rows = endpoints.map((endpointId) => {
      const id = uuidv7(now.getTime());
      const body = notificationBody(id, event, now, this.config.PUBLIC_BASE_URL);
      return { id, endpointId, type: event.type, postbackId: event.rule.id, body, at: now };
    });
    await this.store.insert(manager, rows);
    return rows.map((r) => ({ id: r.id, dueAt: now }));
  }

  // A delivery ended failed: delivery.failed, at most one per rule per window
  // (NOTIFICATION_FAILED_WINDOW_MS), the next one counting the failures held back. The window's
  // row is locked, so worker processes count every failure once.
  async deliveryFailed(manager: EntityManager, failed: FailedDelivery): Promise<DueNotification[]> {
    const ruleId = failed.rule.id;
    const wanted = await this.endpointsFor(manager, 'delivery.failed', failed.rule.publisherId);
    if (wanted.length === 0) return [];
    await manager.query(
      `INSERT INTO notification_failure_windows (postback_id, last_raised_at)
       VALUES ($1, '-infinity') ON CONFLICT (postback_id) DO NOTHING`,
      [ruleId],
    );
    const [row]: {
      last_raised_at: Date | null;
      unreported: number;
      unreported_since: Date | null;
    }[] = await manager.query(
      `SELECT CASE WHEN last_raised_at = '-infinity' THEN NULL ELSE last_raised_at END
                AS last_raised_at, unreported, unreported_since
         FROM notification_failure_windows WHERE postback_id = $1 FOR UPDATE`,
      [ruleId],
    );
    const window: FailureWindow = {
      lastRaisedAt: row.last_raised_at,
      unreported: row.unreported,
      unreportedSince: row.unreported_since,
    };
    const decision = nextFailure(window, new Date(), this.config.NOTIFICATION_FAILED_WINDOW_MS);
    await manager.query(
      `UPDATE notification_failure_windows
          SET last_raised_at = coalesce($2, '-infinity'::timestamptz), unreported = $3,
              unreported_since = $4
        WHERE postback_id = $1`,
      [ruleId, decision.next.lastRaisedAt, decision.next.unreported, decision.next.unreportedSince],
    );
    if (!decision.raise) return [];
    const { failures, since } = decision.raise;
    return this.raise(manager, {
      type: 'delivery.failed',
      rule: failed.rule,
      reason:
        failures === 1
          ? `delivery ${failed.deliveryId} failed after ${failed.attempts} attempt(s)`
          : `${failures} deliveries failed since ${since.toISOString()}`,
      failures,
      since,
      lastError: failed.lastError,
      deliveryId: failed.deliveryId,
    });
  }

  // Never throws (NotificationQueue.add).
  async enqueueAfterCommit(raised: DueNotification[]): Promise<void> {
    await this.queue.add(raised);
  }

  private async endpointsFor(
    manager: EntityManager,
    type: string,
    publisherId: number | null,
  ): Promise<number[]> {
    const rows: { id: number }[] = await manager.query(
      `SELECT id FROM notification_endpoints
        WHERE $1 = ANY(events) AND (publisher_id IS NULL OR publisher_id = $2)
        ORDER BY id`,
      [type, publisherId],
    );
    return rows.map((row) => row.id);
  }
}
