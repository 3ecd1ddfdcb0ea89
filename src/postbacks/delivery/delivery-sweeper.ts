import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeliveryQueue } from './delivery-queue';
import type { ScheduledDelivery } from './delivery-trigger';

// Leaves the normal hand-over (right after commit) time to happen before stepping in.
const GRACE_SECONDS = 5;
const BATCH = 500;
// A sweep pages through at most this many due deliveries; the next sweep goes on from the start.
const MAX_PER_SWEEP = 20_000;

interface DueRow {
  id: string;
  next_attempt_at: Date;
  // The same instant in UTC with microseconds: an exact keyset cursor (a Date drops them), in
  // a form that reads back the same whatever the session's DateStyle.
  cursor_at: string;
  max_attempts: number;
}

// Hands over due deliveries that no queue job carries: Redis was down at commit time,
// the process died between commit and add, or Redis lost its data (SPEC §8). It reads the due
// times from PostgreSQL and runs on a timer (MaintenanceScheduler), not from Redis. After a long
// outage that can be every pending delivery, so one sweep pages through all of them (up to
// MAX_PER_SWEEP) instead of one batch per interval.
@Injectable()
export class DeliverySweeper {
  private readonly logger = new Logger('DeliverySweeper');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: DeliveryQueue,
  ) {}

  // Resolves to the number of deliveries handed over. `signal` (shutdown) stops it between batches.
  async sweepOnce(signal?: AbortSignal): Promise<number> {
    let handedOver = 0;
    let after: DueRow | null = null;
    for (let seen = 0; seen < MAX_PER_SWEEP && !signal?.aborted; seen += BATCH) {
      const due = await this.dueAfter(after);
      const orphans = await this.orphansOf(due);
      if (orphans.length > 0) {
        // Redis went away again: the next sweep starts over.
        if (!(await this.queue.add(orphans))) break;
        handedOver += orphans.length;
      }
      if (due.length < BATCH) break;
      after = due[due.length - 1];
    }
    if (handedOver > 0) this.logger.log(`Handed over ${handedOver} deliveries no job carried`);
    return handedOver;
  }

  private dueAfter(after: DueRow | null): Promise<DueRow[]> {
    return this.dataSource.query(
      `SELECT d.id, d.next_attempt_at, p.max_attempts,
              to_char(d.next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS cursor_at
         FROM deliveries d JOIN postbacks p ON p.id = d.postback_id
        WHERE d.state IN ('scheduled', 'retrying')
          AND d.next_attempt_at < now() - make_interval(secs => $1)
          AND ($3::timestamp IS NULL
               OR (d.next_attempt_at, d.id) > ($3::timestamp AT TIME ZONE 'UTC', $4::uuid))
        ORDER BY d.next_attempt_at, d.id
        LIMIT $2`,
      [GRACE_SECONDS, BATCH, after?.cursor_at ?? null, after?.id ?? null],
    );
  }

  private async orphansOf(due: DueRow[]): Promise<ScheduledDelivery[]> {
    const { missing, failed } = await this.queue.uncarried(due.map((row) => row.id));
    for (const id of failed) await this.queue.removeStale(id);
    const orphaned = new Set([...missing, ...failed]);
    return due
      .filter((row) => orphaned.has(row.id))
      .map((row) => ({
        id: row.id,
        scheduledFor: row.next_attempt_at,
        maxAttempts: row.max_attempts,
      }));
  }
}
