import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DeliveryTrigger, ScheduledDelivery } from './delivery-trigger';

// The seam between events and deliveries (SPEC §8):
//   const scheduled = await dataSource.transaction(async (m) => {
//     ...insert the click / conversion / status change with m...
//     return scheduler.scheduleInTransaction(m, [trigger]);
//   });
//   await scheduler.enqueueAfterCommit(scheduled);
@Injectable()
export class DeliveryScheduler {
  // Matches the rules and inserts one delivery per fired rule, in the caller's transaction.
  async scheduleInTransaction(_manager: EntityManager, _triggers: DeliveryTrigger[]): Promise<ScheduledDelivery[]> {
    return [];
  }

  // Adds the queue jobs; never throws (the sweeper hands over anything that did not make it).
  async enqueueAfterCommit(_scheduled: ScheduledDelivery[]): Promise<void> {}
}
