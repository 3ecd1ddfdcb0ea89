import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { tokenKeyAt } from './token-boundary';
import { AppConfig } from '../config/app-config';

export const RETENTION_BATCH_ROWS = 5_000;
const DAY_MS = 86_400_000;

export interface PurgeResult {
  clicks: number;
  impressions: number;
}

// Retention without partitions: ids start with their creation time, so "older than the cutoff"
// is a range at the left edge of the primary key. Each batch is its own short transaction, so
// the purge never holds long locks and inserts at the right edge never wait for it.
@Injectable()
export class TrackingRetentionService {
  private readonly logger = new Logger('TrackingRetention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  // `signal` (shutdown) stops it after the batch under way; the next run goes on from there.
  async purge(
    now: Date = new Date(),
    batchRows = RETENTION_BATCH_ROWS,
    signal?: AbortSignal,
  ): Promise<PurgeResult> {
    const clicks = await this.purgeBelow(
      'clicks',
      'transaction_id',
      await this.cutoffKey('clicks', 'transaction_id', now, this.config.CLICK_RETENTION_DAYS),
      batchRows,
      signal,
    );
    const impressions = await this.purgeBelow(
      'impressions',
      'id',
      await this.cutoffKey('impressions', 'id', now, this.config.IMPRESSION_RETENTION_DAYS),
      batchRows,
      signal,
    );
    if (clicks + impressions > 0)
      this.logger.log(`Purged ${clicks} clicks and ${impressions} impressions`);
    return { clicks, impressions };
  }

  private async cutoffKey(
    table: 'clicks' | 'impressions',
    key: 'transaction_id' | 'id',
    now: Date,
    days: number,
  ): Promise<string> {
    const at = tokenKeyAt(table, key, now.getTime() - days * DAY_MS, 'cutoff');
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT ${at.sql} AS key`,
      at.params,
    );
    const [row] = await this.dataSource.query<{ key: string }[]>(sql, params);
    return row.key;
  }

  private async purgeBelow(
    table: 'clicks' | 'impressions',
    key: 'transaction_id' | 'id',
    below: string,
    batchRows: number,
    signal: AbortSignal | undefined,
  ): Promise<number> {
    let total = 0;
    while (!signal?.aborted) {
      const [{ deleted }] = await this.dataSource.query<{ deleted: number }[]>(
        `WITH gone AS (
           DELETE FROM ${table} WHERE ${key} IN (
             SELECT ${key} FROM ${table} WHERE ${key} < $1 ORDER BY ${key} LIMIT $2)
           RETURNING 1)
         SELECT count(*)::int AS deleted FROM gone`,
        [below, batchRows],
      );
      total += deleted;
      if (deleted < batchRows) break;
    }
    return total;
  }
}
