import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '../../audit/audit-log';
import { Principal } from '../../common/auth/principal';
import { bulkRetryStates, DeliveryState } from '../../deliveries/delivery-states';
import { DeliveryStore } from '../../deliveries/delivery-store';
import { DeliveryQueue } from '../delivery/delivery-queue';
import { BulkRetryDto } from './postback-log.dto';
import { BulkRetryResult } from './postback-log.view';
import { PostbackLogsService } from './postback-logs.service';

// SPEC §14: deliveries one call retries at most; `more` says the filters matched beyond it.
export const BULK_RETRY_MAX = 10_000;
// Ids per UPDATE: short statements, so a retry of 10,000 never holds row locks for long.
const UPDATE_BATCH = 1_000;
// Re-sends are spread evenly at this pace instead of all falling due at once: 10,000 due in the
// same second would take every worker slot and the CPU from clicks and fresh conversions.
export const BULK_RETRY_PER_SECOND = 250;

interface MatchedRow {
  id: string;
  maxAttempts: number;
  ruleActive: boolean;
}

@Injectable()
export class BulkRetryService {
  private readonly logger = new Logger('BulkRetry');

  constructor(
    private readonly logs: PostbackLogsService,
    private readonly queue: DeliveryQueue,
    private readonly store: DeliveryStore,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async retry(principal: Principal, dto: BulkRetryDto): Promise<BulkRetryResult> {
    const { includeDelivered, dryRun, ...filters } = dto;
    const states = bulkRetryStates(includeDelivered);
    // The same rows GET /api/postback-logs selects (scope included), minus tests and pending ones.
    const rows: MatchedRow[] = await this.logs
      .filtered(principal, filters)
      .innerJoin('postbacks', 'rule', 'rule.id = d.postback_id')
      .andWhere('NOT d.test')
      .andWhere('d.state IN (:...retryStates)', { retryStates: states })
      .select('d.id', 'id')
      .addSelect('rule.max_attempts', 'maxAttempts')
      .addSelect('(rule.enabled AND rule.deleted_at IS NULL)', 'ruleActive')
      .orderBy('d.id', 'ASC')
      .limit(BULK_RETRY_MAX + 1)
      .getRawMany();
    const more = rows.length > BULK_RETRY_MAX;
    const taken = rows.slice(0, BULK_RETRY_MAX);
    const active = taken.filter((r) => r.ruleActive);
    const skipped = taken.length - active.length;
    const skippedReason = skipped > 0 ? 'rule_disabled' : null;
    if (dryRun) return { matched: taken.length, queued: 0, skipped, skippedReason, more };

    // One clock for the whole call: the pace holds across batches.
    const startAt = new Date();
    let queued = 0;
    for (let i = 0; i < active.length; i += UPDATE_BATCH) {
      const batch = active.slice(i, i + UPDATE_BATCH);
      queued += await this.requeue(batch, states, startAt, i);
    }
    const result: BulkRetryResult = {
      matched: taken.length,
      queued,
      skipped,
      skippedReason,
      more,
    };
    const appliedFilters = { ...filters, includeDelivered: includeDelivered ?? false };
    // One line in the service's log as well, for whoever watches the logs rather than the API.
    this.logger.log({ msg: 'Bulk retry', event: 'bulk_retry', filters: appliedFilters, ...result });
    // Who resent what (SPEC §14). Written once the batches are done, since the counts are only
    // known then: the batches are short statements of their own, not one long transaction.
    await this.dataSource.transaction((manager) =>
      this.audit.append(manager, {
        entityType: 'postback_log',
        entityId: filters.postbackId ?? '*',
        action: 'bulk_retry',
        changes: {
          filters: { before: null, after: appliedFilters },
          matched: { before: null, after: result.matched },
          queued: { before: null, after: result.queued },
        },
        publisherId: principal.publisherId ?? filters.publisherId ?? null,
      }),
    );
    return result;
  }

  // One new attempt each, due at the call's pace (DeliveryStore.requeueForBulkRetry).
  private async requeue(
    batch: MatchedRow[],
    states: DeliveryState[],
    startAt: Date,
    position: number,
  ): Promise<number> {
    const updated = await this.store.requeueForBulkRetry(
      batch.map((r) => r.id),
      states,
      startAt,
      position,
      BULK_RETRY_PER_SECOND,
    );
    const maxAttempts = new Map(batch.map((r) => [r.id, Number(r.maxAttempts)]));
    // If Redis is away the rows are still due now: the sweeper hands them over.
    await this.queue.readd(
      updated.map((row) => ({
        id: row.id,
        scheduledFor: row.next_attempt_at,
        maxAttempts: maxAttempts.get(row.id) ?? 1,
      })),
    );
    return updated.length;
  }
}
