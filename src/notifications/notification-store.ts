import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export type NotificationState = 'scheduled' | 'retrying' | 'delivered' | 'failed';

export interface NewNotification {
  id: string;
  endpointId: number;
  type: string;
  postbackId: number;
  body: string;
  at: Date;
}

// A notification claimed for one attempt, with what sending it needs.
export interface ClaimedNotification {
  id: string;
  body: string;
  attemptCount: number;
  url: string;
  signingSecret: string | null;
}

export interface NotificationAttempt {
  notificationId: string;
  n: number;
  firedAt: Date;
  statusCode: number | null;
  error: string | null;
  errorMessage: string | null;
  responseBody: string | null;
  durationMs: number;
  state: NotificationState;
  nextAttemptAt: Date | null;
}

export interface DueRow {
  id: string;
  next_attempt_at: Date;
}

// The one writer of `notifications` and `notification_attempts`.
@Injectable()
export class NotificationStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // In the caller's transaction: the notifications an event raised, due now.
  async insert(manager: EntityManager, rows: NewNotification[]): Promise<void> {
    if (rows.length === 0) return;
    const column = <K extends keyof NewNotification>(key: K) => rows.map((r) => r[key]);
    await manager.query(
      `INSERT INTO notifications (id, endpoint_id, type, postback_id, body, next_attempt_at, created_at)
       SELECT id, endpoint_id, type, postback_id, body, at, at
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::text[], $6::timestamptz[])
           AS n(id, endpoint_id, type, postback_id, body, at)`,
      [
        column('id'),
        column('endpointId'),
        column('type'),
        column('postbackId'),
        column('body'),
        column('at'),
      ],
    );
  }

  // Takes the next attempt number of a notification still to send; null when it is not.
  async claim(id: string): Promise<ClaimedNotification | null> {
    const [rows]: [Record<string, unknown>[], number] = await this.dataSource.query(
      `UPDATE notifications n SET attempt_count = attempt_count + 1
         FROM notification_endpoints e
        WHERE n.id = $1 AND e.id = n.endpoint_id AND n.state IN ('scheduled', 'retrying')
       RETURNING n.id, n.body, n.attempt_count, e.url, e.signing_secret`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id as string,
      body: row.body as string,
      attemptCount: row.attempt_count as number,
      url: row.url as string,
      signingSecret: row.signing_secret as string | null,
    };
  }

  // The attempt's log line and the notification's new state, together.
  async record(attempt: NotificationAttempt): Promise<void> {
    const terminal = attempt.state === 'delivered' || attempt.state === 'failed';
    await this.dataSource.query(
      `WITH attempt AS (
         INSERT INTO notification_attempts (notification_id, n, fired_at, status_code, error,
           error_message, response_body, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8))
       UPDATE notifications SET state = $9, next_attempt_at = $10,
              completed_at = CASE WHEN $11 THEN now() ELSE NULL END
        WHERE id = $1`,
      [
        attempt.notificationId,
        attempt.n,
        attempt.firedAt,
        attempt.statusCode,
        attempt.error,
        attempt.errorMessage?.slice(0, 1000) ?? null,
        attempt.responseBody,
        attempt.durationMs,
        attempt.state,
        attempt.nextAttemptAt,
        terminal,
      ],
    );
  }

  // Notifications due more than `graceSeconds` ago, oldest first, after the keyset `after`.
  due(graceSeconds: number, limit: number, after: DueRow | null): Promise<DueRow[]> {
    return this.dataSource.query(
      `SELECT id, next_attempt_at FROM notifications
        WHERE state IN ('scheduled', 'retrying')
          AND next_attempt_at < now() - make_interval(secs => $1)
          AND ($3::timestamptz IS NULL OR (next_attempt_at, id) > ($3::timestamptz, $4::uuid))
        ORDER BY next_attempt_at, id
        LIMIT $2`,
      [graceSeconds, limit, after?.next_attempt_at ?? null, after?.id ?? null],
    );
  }

  // Retention: deletes up to `limit` finished notifications created before `cutoff` (their
  // attempts go with them); answers how many.
  async purgeFinished(cutoff: Date, limit: number): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM notifications WHERE id IN (
         SELECT id FROM notifications
          WHERE created_at < $1 AND state IN ('delivered', 'failed')
          LIMIT $2)`,
      [cutoff, limit],
    );
    return count;
  }
}
