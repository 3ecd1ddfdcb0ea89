import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// An hour is rolled up once it ended this long ago: a delivery's completed_at is its
// transaction's start, so a write still committing may carry a time a little in the past.
export const ROLLUP_MARGIN_MS = 5 * 60_000;
// Hours per transaction: a first run over months of history commits a day at a time.
const CHUNK_HOURS = 24;

// The hours to roll up next: from the mark to the last hour that ended over the margin ago, at
// most CHUNK_HOURS of them; null when there is none. Pure, for the job and its tests.
export function nextRollupRange(rolledUntil: Date, now: Date): { from: Date; to: Date } | null {
  const ready = Math.floor((now.getTime() - ROLLUP_MARGIN_MS) / HOUR_MS) * HOUR_MS;
  const to = Math.min(ready, rolledUntil.getTime() + CHUNK_HOURS * HOUR_MS);
  return to > rolledUntil.getTime() ? { from: rolledUntil, to: new Date(to) } : null;
}

// Finished, non-test deliveries by the hour they finished; intake requests by the hour they
// came. One statement per source and range, in the transaction that moves its mark.
const ROLLUP_SQL = {
  deliveries: `
    INSERT INTO delivery_outcome_hours (hour, postback_id, state, count)
    SELECT date_trunc('hour', completed_at, 'UTC'), postback_id, state, count(*)
      FROM deliveries
     WHERE completed_at >= $1 AND completed_at < $2 AND completed_at IS NOT NULL AND NOT test
     GROUP BY 1, 2, 3`,
  intake: `
    INSERT INTO intake_outcome_hours (hour, advertiser_id, outcome, error_code, count)
    SELECT date_trunc('hour', received_at, 'UTC'), advertiser_id, outcome, error_code, count(*)
      FROM intake_logs
     WHERE received_at >= $1 AND received_at < $2
     GROUP BY 1, 2, 3, 4`,
} as const;
export type RollupSource = keyof typeof ROLLUP_SQL;

const ROLLUP_TABLES: Record<RollupSource, string> = {
  deliveries: 'delivery_outcome_hours',
  intake: 'intake_outcome_hours',
};

// The one writer of delivery_outcome_hours, intake_outcome_hours and overview_rollup_marks: the
// overview's hourly counts, added by a periodic job (MaintenanceScheduler) and never changed.
// Each range is inserted in the transaction that moves its mark past it, with the mark's row
// locked first, so a run twice or two runs at once never count an hour twice: the second waits,
// then finds the mark already past.
@Injectable()
export class OutcomeRollup {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  // Answers the hours each source rolled up; `signal` (shutdown) stops after a chunk.
  async rollUp(now: Date, signal?: AbortSignal): Promise<Record<RollupSource, number>> {
    const rolled = { deliveries: 0, intake: 0 };
    for (const source of Object.keys(ROLLUP_SQL) as RollupSource[]) {
      while (!signal?.aborted) {
        const hours = await this.dataSource.transaction((manager) =>
          this.rollChunk(manager, source, now),
        );
        if (hours === 0) break;
        rolled[source] += hours;
      }
    }
    await this.purge(now);
    return rolled;
  }

  private async rollChunk(
    manager: EntityManager,
    source: RollupSource,
    now: Date,
  ): Promise<number> {
    const [mark] = await manager.query<{ rolled_until: Date }[]>(
      `SELECT rolled_until FROM overview_rollup_marks WHERE name = $1 FOR UPDATE`,
      [source],
    );
    if (!mark) throw new Error(`No rollup mark for ${source}`);
    const range = nextRollupRange(mark.rolled_until, now);
    if (!range) return 0;
    await manager.query(ROLLUP_SQL[source], [range.from, range.to]);
    await manager.query(`UPDATE overview_rollup_marks SET rolled_until = $2 WHERE name = $1`, [
      source,
      range.to,
    ]);
    return (range.to.getTime() - range.from.getTime()) / HOUR_MS;
  }

  // The hourly counts are kept as long as the records they count.
  private async purge(now: Date): Promise<void> {
    const keptDays: Record<RollupSource, number> = {
      deliveries: this.config.POSTBACK_LOG_RETENTION_DAYS,
      intake: this.config.INTAKE_LOG_RETENTION_DAYS,
    };
    for (const source of Object.keys(ROLLUP_TABLES) as RollupSource[]) {
      await this.dataSource.query(`DELETE FROM ${ROLLUP_TABLES[source]} WHERE hour < $1`, [
        new Date(now.getTime() - keptDays[source] * DAY_MS),
      ]);
    }
  }
}
