import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import {
  INTAKE_PURGE_BATCH,
  IntakeRetentionService,
} from '../conversions/intake/intake-retention.service';
import {
  RETENTION_BATCH_ROWS,
  TrackingRetentionService,
} from '../tracking/tracking-retention.service';

// Small batches keep locks short while a busy network keeps writing.
const BATCH = 5_000;
const DAY_MS = 24 * 3600 * 1000;

// The daily purge of old records, each kind in small batches (run by MaintenanceScheduler).
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly intake: IntakeRetentionService,
    private readonly tracking: TrackingRetentionService,
  ) {}

  // `signal` (shutdown) stops each kind after its current batch; the next run goes on from there.
  async purge(now: Date, signal?: AbortSignal): Promise<Record<string, number>> {
    const cutoff = new Date(now.getTime() - this.config.POSTBACK_LOG_RETENTION_DAYS * DAY_MS);
    const removed: Record<string, number> = {
      postbackLogs: await this.purgeDeliveries(cutoff, signal),
    };
    removed.intakeLogs = await this.intake.purge(now, INTAKE_PURGE_BATCH, signal);
    Object.assign(removed, await this.tracking.purge(now, RETENTION_BATCH_ROWS, signal));
    this.logger.log(`Purged ${JSON.stringify(removed)}`);
    return removed;
  }

  // Finished deliveries only: one still being retried is kept whatever its age.
  private async purgeDeliveries(cutoff: Date, signal?: AbortSignal): Promise<number> {
    let total = 0;
    while (!signal?.aborted) {
      const [, count] = await this.dataSource.query(
        `DELETE FROM deliveries WHERE id IN (
           SELECT id FROM deliveries
            WHERE created_at < $1 AND state IN ('delivered', 'failed', 'cancelled')
            LIMIT $2)`,
        [cutoff, BATCH],
      );
      total += count;
      if (count < BATCH) break;
    }
    return total;
  }
}
