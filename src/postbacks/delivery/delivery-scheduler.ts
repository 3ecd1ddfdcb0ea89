import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { uuidv7 } from '../../common/ids';
import { RulesCache } from '../rules/rules-cache';
import { matchRules, ruleTypeFor, TriggerEvent } from '../rules/rule-matcher';
import type { Postback } from '../rules/postback.entity';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryTrigger, ScheduledDelivery } from './delivery-trigger';
import { macroSnapshot } from './macro-snapshot';

const COLUMNS = [
  'id',
  'postback_id',
  'type',
  'trigger_key',
  'state',
  'publisher_id',
  'offer_id',
  'transaction_id',
  'external_transaction_id',
  'conversion_id',
  'impression_id',
  'status',
  'snapshot',
  'scheduled_for',
  'next_attempt_at',
];
// PostgreSQL takes at most 65535 bind parameters per statement.
const ROWS_PER_INSERT = Math.floor(65535 / COLUMNS.length);

// The seam between events and deliveries (SPEC §8):
//   const scheduled = await dataSource.transaction(async (m) => {
//     ...insert the click / conversion / status change with m...
//     return scheduler.scheduleInTransaction(m, [trigger]);
//   });
//   await scheduler.enqueueAfterCommit(scheduled);
@Injectable()
export class DeliveryScheduler {
  constructor(
    private readonly rules: RulesCache,
    private readonly queue: DeliveryQueue,
  ) {}

  // Matches the rules and inserts one delivery per fired rule, in the caller's transaction.
  // The (rule, trigger key) unique constraint makes a repeated event schedule nothing.
  async scheduleInTransaction(
    manager: EntityManager,
    triggers: DeliveryTrigger[],
  ): Promise<ScheduledDelivery[]> {
    const rows: unknown[][] = [];
    const maxAttempts = new Map<string, number>();
    const now = Date.now();
    for (const trigger of triggers) {
      if (trigger.kind === 'conversion' && trigger.conversion.status === 'rejected') {
        await cancelPendingApprovals(manager, trigger.conversion.id);
      }
      const event = triggerEvent(trigger);
      const fired = matchRules(event, await this.rules.enabledOfType(ruleTypeFor(event)));
      if (fired.length === 0) continue;
      const snapshot = JSON.stringify(macroSnapshot(trigger));
      for (const rule of fired) {
        const id = uuidv7(now);
        const scheduledFor = new Date(now + rule.delaySeconds * 1000);
        maxAttempts.set(id, rule.maxAttempts);
        rows.push(deliveryRow(id, rule, trigger, snapshot, scheduledFor));
      }
    }
    const scheduled: ScheduledDelivery[] = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      const inserted: { id: string; scheduled_for: Date }[] = await manager.query(
        `INSERT INTO deliveries (${COLUMNS.join(', ')}) VALUES ${placeholders(chunk.length, COLUMNS.length)}
         ON CONFLICT (postback_id, trigger_key) DO NOTHING RETURNING id, scheduled_for`,
        chunk.flat(),
      );
      for (const row of inserted) {
        scheduled.push({
          id: row.id,
          scheduledFor: row.scheduled_for,
          maxAttempts: maxAttempts.get(row.id)!,
        });
      }
    }
    return scheduled;
  }

  // Adds the queue jobs; never throws (the sweeper hands over anything that did not make it).
  async enqueueAfterCommit(scheduled: ScheduledDelivery[]): Promise<void> {
    await this.queue.add(scheduled);
  }
}

// A rejection before a delayed approval fired cancels that approval (SPEC §6).
async function cancelPendingApprovals(manager: EntityManager, conversionId: string): Promise<void> {
  await manager.query(
    `UPDATE deliveries SET state = 'cancelled', completed_at = now(), next_attempt_at = NULL
     WHERE conversion_id = $1 AND status = 'approved' AND state = 'scheduled' AND attempt_count = 0`,
    [conversionId],
  );
}

function triggerEvent(trigger: DeliveryTrigger): TriggerEvent {
  switch (trigger.kind) {
    case 'click':
      return {
        kind: 'click',
        publisherId: trigger.click.publisherId,
        offerId: trigger.click.offerId,
      };
    case 'impression':
      return {
        kind: 'impression',
        publisherId: trigger.impression.publisherId,
        offerId: trigger.impression.offerId,
      };
    case 'conversion': {
      const c = trigger.conversion;
      return {
        kind: 'conversion',
        publisherId: c.publisherId,
        offerId: c.offerId,
        status: c.status,
        event: c.event,
        rejectionReason: c.rejectionReason,
      };
    }
  }
}

function deliveryRow(
  id: string,
  rule: Postback,
  trigger: DeliveryTrigger,
  snapshot: string,
  scheduledFor: Date,
) {
  const base = {
    publisherId: 0,
    offerId: 0,
    transactionId: null as string | null,
    external: null as string | null,
  };
  let key: string;
  let conversionId: string | null = null;
  let impressionId: string | null = null;
  let status: string | null = null;
  if (trigger.kind === 'click') {
    const c = trigger.click;
    Object.assign(base, {
      publisherId: c.publisherId,
      offerId: c.offerId,
      transactionId: c.transactionId,
    });
    base.external = c.externalTransactionId;
    key = `click:${c.transactionId}`;
  } else if (trigger.kind === 'impression') {
    const i = trigger.impression;
    Object.assign(base, { publisherId: i.publisherId, offerId: i.offerId });
    impressionId = i.id;
    key = `impression:${i.id}`;
  } else {
    const c = trigger.conversion;
    Object.assign(base, {
      publisherId: c.publisherId,
      offerId: c.offerId,
      transactionId: c.transactionId,
    });
    base.external = trigger.click?.externalTransactionId ?? null;
    conversionId = c.id;
    status = c.status;
    // Each status a conversion enters fires at most once per rule.
    key = `conversion:${c.id}:${c.status}`;
  }
  return [
    id,
    rule.id,
    rule.type,
    key,
    'scheduled',
    base.publisherId,
    base.offerId,
    base.transactionId,
    base.external,
    conversionId,
    impressionId,
    status,
    snapshot,
    scheduledFor,
    scheduledFor,
  ];
}

function placeholders(rows: number, columns: number): string {
  const groups: string[] = [];
  for (let r = 0; r < rows; r++) {
    const params: string[] = [];
    for (let c = 1; c <= columns; c++) params.push(`$${r * columns + c}`);
    groups.push(`(${params.join(', ')})`);
  }
  return groups.join(', ');
}
