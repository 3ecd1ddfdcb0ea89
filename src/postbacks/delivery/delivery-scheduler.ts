import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { uuidv7 } from '../../common/ids';
import { HELD_STATE, INITIAL_STATE } from '../../deliveries/delivery-states';
import { DeliveryStore } from '../../deliveries/delivery-store';
import { RulesCache } from '../rules/rules-cache';
import { matchRules, ruleTypeFor, TriggerEvent } from '../rules/rule-matcher';
import type { PostbackRule } from '../rules/postback-rule.entity';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryTrigger, ScheduledDelivery } from './delivery-trigger';
import { macroSnapshot } from './macro-snapshot';

// The deliveries some events fire: rows (DeliveryStore's planned columns, in order), and what
// the queue gets after commit.
export interface DeliveryPlan {
  rows: unknown[][];
  scheduled: ScheduledDelivery[];
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
    private readonly store: DeliveryStore,
  ) {}

  // Matches the rules and inserts one delivery per fired rule, in the caller's transaction.
  // A repeated event schedules nothing (DeliveryStore.insertPlanned).
  async scheduleInTransaction(
    manager: EntityManager,
    triggers: DeliveryTrigger[],
  ): Promise<ScheduledDelivery[]> {
    for (const trigger of triggers) {
      if (trigger.kind === 'conversion' && trigger.conversion.status === 'rejected') {
        await this.store.cancelPendingApprovals(manager, trigger.conversion.id);
      }
    }
    const plan = await this.plan(triggers);
    const planned = new Map(plan.scheduled.map((d) => [d.id, d]));
    const inserted = await this.store.insertPlanned(manager, plan.rows);
    // Held deliveries were inserted but are not for the queue.
    return inserted.flatMap((id) => planned.get(id) ?? []);
  }

  // Matches the rules; writes nothing. Rows of a brand-new event (nothing fired for it yet, no
  // approval to cancel) may be inserted by the event's own statement (insertPlannedSql).
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
        // A new rule waiting for approval: stored held, handed to no queue (SPEC §13).
        const held = rule.approvedRevision === null;
        plan.rows.push(deliveryRow(id, rule, trigger, snapshot, scheduledFor, held));
        if (!held) plan.scheduled.push({ id, scheduledFor, maxAttempts: rule.maxAttempts });
      }
    }
    return plan;
  }

  // Adds the queue jobs; never throws (the sweeper hands over anything that did not make it).
  async enqueueAfterCommit(scheduled: ScheduledDelivery[]): Promise<void> {
    await this.queue.add(scheduled);
  }
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
  rule: PostbackRule,
  trigger: DeliveryTrigger,
  snapshot: string,
  scheduledFor: Date,
  held: boolean,
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
  // DeliveryStore's planned columns, in order.
  return [
    id,
    rule.id,
    rule.type,
    key,
    held ? HELD_STATE : INITIAL_STATE,
    base.publisherId,
    base.offerId,
    base.transactionId,
    base.external,
    conversionId,
    impressionId,
    status,
    snapshot,
    scheduledFor,
    // Never due while held: the sweeper passes it by.
    held ? null : scheduledFor,
  ];
}
