import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { IntakeLog } from '../intake-log.entity';

export const INTAKE_PURGE_BATCH = 5000;
const DAY_MS = 24 * 60 * 60 * 1000;

// Deletes intake logs older than INTAKE_LOG_RETENTION_DAYS; run by the daily maintenance job.
@Injectable()
export class IntakeRetentionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  // Small batches keep each DELETE's locks and WAL short on a big table. Returns rows deleted.
  // `signal` (shutdown) stops it after the batch under way; the next run goes on from there.
  async purge(
    now: Date = new Date(),
    batchSize = INTAKE_PURGE_BATCH,
    signal?: AbortSignal,
  ): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.INTAKE_LOG_RETENTION_DAYS * DAY_MS);
    let total = 0;
    while (!signal?.aborted) {
      const result = await this.dataSource
        .createQueryBuilder()
        .delete()
        .from(IntakeLog)
        .where(
          'id IN (SELECT id FROM intake_logs WHERE received_at < :cutoff ORDER BY id LIMIT :batch)',
          { cutoff, batch: batchSize },
        )
        .execute();
      const deleted = result.affected ?? 0;
      total += deleted;
      if (deleted < batchSize) break;
    }
    return total;
  }
}
