import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { uuidv7 } from '../../common/ids';
import { RulesCache } from '../rules/rules-cache';
import { matchRules, ruleTypeFor, TriggerEvent } from '../rules/rule-matcher';
import type { Postback } from '../rules/postback.entity';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryTrigger, ScheduledDelivery } from './delivery-trigger';
import { macroSnapshot } from './macro-snapshot';

// A delivery row's columns and their types, in the order deliveryRow() gives the values.
const COLUMN_TYPES: [string, string][] = [
  ['id', 'uuid'],
  ['postback_id', 'int'],
  ['type', 'text'],
  ['trigger_key', 'text'],
  ['state', 'text'],
  ['publisher_id', 'int'],
  ['offer_id', 'int'],
  ['transaction_id', 'text'],
  ['external_transaction_id', 'text'],
  ['conversion_id', 'uuid'],
  ['impression_id', 'text'],
  ['status', 'text'],
  ['snapshot', 'jsonb'],
  ['scheduled_for', 'timestamptz'],
  ['next_attempt_at', 'timestamptz'],
];
const COLUMNS = COLUMN_TYPES.map(([name]) => name);
// PostgreSQL takes at most 65535 bind parameters per statement.
const ROWS_PER_INSERT = Math.floor(65535 / COLUMNS.length);

// The deliveries some events fire: rows in column order, and what the queue gets after commit.
export interface DeliveryPlan {
  rows: unknown[][];
  scheduled: ScheduledDelivery[];
}

// For a statement of one's own that inserts a plan: `INSERT INTO deliveries (<columns>)
// SELECT * FROM unnest(<placeholders from $first>)`, with unnestParams(plan) as those parameters.
export const DELIVERY_COLUMNS = COLUMNS.join(', ');

export function unnestPlaceholders(first: number): string {
  return `unnest(${COLUMN_TYPES.map(([, type], i) => `$${first + i}::${type}[]`).join(', ')})`;
}

export function unnestParams(plan: DeliveryPlan): unknown[][] {
  return COLUMNS.map((_, c) => plan.rows.map((row) => row[c]));
}

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
    for (const trigger of triggers) {
      if (trigger.kind === 'conversion' && trigger.conversion.status === 'rejected') {
        await cancelPendingApprovals(manager, trigger.conversion.id);
      }
    }
    const plan = await this.plan(triggers);
    const planned = new Map(plan.scheduled.map((d) => [d.id, d]));
    const scheduled: ScheduledDelivery[] = [];
    for (let i = 0; i < plan.rows.length; i += ROWS_PER_INSERT) {
      const chunk = plan.rows.slice(i, i + ROWS_PER_INSERT);
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO deliveries (${DELIVERY_COLUMNS}) VALUES ${placeholders(chunk.length, COLUMNS.length)}
         ON CONFLICT (postback_id, trigger_key) DO NOTHING RETURNING id`,
        chunk.flat(),
      );
      for (const row of inserted) scheduled.push(planned.get(row.id)!);
    }
    return scheduled;
  }

  // Matches the rules; writes nothing. Rows of a brand-new event (nothing fired for it yet, no
  // approval to cancel) may be inserted by the event's own statement (unnestParams).
  async plan(triggers: DeliveryTrigger[]): Promise<DeliveryPlan> {
    const plan: DeliveryPlan = { rows: [], scheduled: [] };
    const now = Date.now();
    for (const trigger of triggers) {
      const event = triggerEvent(trigger);
      const fired = matchRules(event, await this.rules.enabledOfType(ruleTypeFor(event)));
      if (fired.length === 0) continue;
      const snapshot = JSON.stringify(macroSnapshot(trigger));
      for (const rule of fired) {
        const id = uuidv7(now);
        const scheduledFor = new Date(now + rule.delaySeconds * 1000);
        plan.rows.push(deliveryRow(id, rule, trigger, snapshot, scheduledFor));
        plan.scheduled.push({ id, scheduledFor, maxAttempts: rule.maxAttempts });
      }
    }
    return plan;
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
