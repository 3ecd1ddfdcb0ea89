import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Offer } from '../catalog/offers/offer.entity';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { DeliveryScheduler } from '../postbacks/delivery/delivery-scheduler';
import type { DeliveryTrigger } from '../postbacks/delivery/delivery-trigger';
import { preparedQuery, PreparedQuery } from '../database/prepared-query';
import { insertPlannedSql, plannedRowColumns } from '../deliveries/delivery-store';
import { AfterFlush, BatchWriter } from './batch-writer';
import { batchInsertParams, batchInsertSql, TrackingTable } from './tracking-tables';

export interface TrackedRow<E> {
  row: E;
  offer: Offer;
}

// Each writer keeps a few transactions in flight; the rest of the pool serves the API and
// the other writer. Under load the open batch grows instead of opening more transactions.
export function maxConcurrentFlushes(poolSize: number): number {
  return Math.max(1, Math.min(4, Math.floor(poolSize / 4)));
}

// Stores tracking rows in batches: one statement per batch inserting every row and the
// deliveries the rows trigger (SPEC §8); each caller resolves after it committed.
export abstract class TrackingWriter<E> {
  private readonly logger: Logger;
  private readonly batches: BatchWriter<TrackedRow<E>>;
  private readonly query: PreparedQuery;
  private readonly sql: string;
  private readonly sqlWithDeliveries: string;

  protected constructor(
    dataSource: DataSource,
    private readonly scheduler: DeliveryScheduler,
    config: AppConfig,
    private readonly table: TrackingTable<E>,
    private readonly trigger: (row: E, offer: Offer) => DeliveryTrigger,
    // Counts committed rows (the clicks_total / impressions_total metrics).
    private readonly recorded: { inc(count: number): void },
  ) {
    this.logger = new Logger(`${table.name}-writer`);
    this.query = preparedQuery(dataSource);
    this.sql = batchInsertSql(table);
    this.sqlWithDeliveries = `WITH stored AS (${this.sql})
      ${insertPlannedSql(table.columns.length + 1, 'true')}`;
    this.batches = new BatchWriter<TrackedRow<E>>(
      (items) => this.flush(items),
      {
        maxRows: config.CLICK_BATCH_MAX_ROWS,
        waitMs: config.CLICK_BATCH_WAIT_MS,
        maxConcurrentFlushes: maxConcurrentFlushes(config.DB_POOL_SIZE),
      },
      (error) => this.logger.error(`Queueing after commit failed: ${String(error)}`),
    );
  }

  // Resolves once the row is committed; a failed batch rejects every row in it with a 503.
  write(row: E, offer: Offer): Promise<void> {
    return this.batches.write({ row, offer });
  }

  get stats(): { batches: number; items: number; inFlight: number } {
    return this.batches.stats;
  }

  // Pending rows are committed before the data source closes.
  async beforeApplicationShutdown(): Promise<void> {
    await this.batches.drain();
  }

  // One statement a batch, so one round trip and no explicit transaction: the rows alone, or
  // with the deliveries they fire as a CTE (new rows: nothing fired for them before).
  private async flush(items: TrackedRow<E>[]): Promise<AfterFlush> {
    const rows = items.map((item) => item.row);
    const plan = await this.scheduler.plan(items.map((item) => this.trigger(item.row, item.offer)));
    const params = batchInsertParams(this.table, rows);
    try {
      if (plan.rows.length === 0) await this.query(`${this.table.name}-batch`, this.sql, params);
      else
        await this.query(`${this.table.name}-batch-deliveries`, this.sqlWithDeliveries, [
          ...params,
          ...plannedRowColumns(plan.rows),
        ]);
    } catch (error) {
      this.logger.error(`Batch of ${rows.length} ${this.table.name} not stored: ${String(error)}`);
      throw new DomainError(
        503,
        'service_unavailable',
        `The ${this.table.rowName} could not be stored; try again shortly`,
      );
    }
    this.recorded.inc(rows.length);
    return () => this.scheduler.enqueueAfterCommit(plan.scheduled);
  }
}
