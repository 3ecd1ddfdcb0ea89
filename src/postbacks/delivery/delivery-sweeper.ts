import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeliveryQueue } from './delivery-queue';

// Leaves the normal hand-over (right after commit) time to happen before stepping in.
const GRACE_SECONDS = 5;
const BATCH = 500;

// Hands over due deliveries that no queue job carries: Redis was down at commit time,
// the process died between commit and add, or Redis lost its data (SPEC §8).
@Injectable()
export class DeliverySweeper {
  private readonly logger = new Logger('DeliverySweeper');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: DeliveryQueue,
  ) {}

  async sweepOnce(): Promise<number> {
    const due: { id: string; next_attempt_at: Date; max_attempts: number }[] =
      await this.dataSource.query(
        `SELECT d.id, d.next_attempt_at, p.max_attempts
         FROM deliveries d JOIN postbacks p ON p.id = d.postback_id
        WHERE d.state IN ('scheduled', 'retrying') AND d.next_attempt_at < now() - make_interval(secs => $1)
        ORDER BY d.next_attempt_at
        LIMIT $2`,
        [GRACE_SECONDS, BATCH],
      );
    const orphans = [];
    for (const row of due) {
      if (await this.queue.isCarried(row.id)) continue;
      await this.queue.removeStale(row.id);
      orphans.push({
        id: row.id,
        scheduledFor: row.next_attempt_at,
        maxAttempts: row.max_attempts,
      });
    }
    if (orphans.length > 0 && (await this.queue.add(orphans))) {
      this.logger.log(`Handed over ${orphans.length} deliveries no job carried`);
    }
    return orphans.length;
  }
}
