import { Injectable, Logger } from '@nestjs/common';
import { NotificationQueue } from './notification-queue';
import { DueRow, NotificationStore } from './notification-store';

// Leaves the normal hand-over (right after commit) time to happen before stepping in.
const GRACE_SECONDS = 5;
const BATCH = 500;
const MAX_PER_SWEEP = 20_000;

// Hands over due notifications that no queue job carries (Redis away at commit time, a crash
// between commit and add), like DeliverySweeper does for deliveries; run on a timer by
// MaintenanceScheduler.
@Injectable()
export class NotificationSweeper {
  private readonly logger = new Logger('NotificationSweeper');

  constructor(
    private readonly store: NotificationStore,
    private readonly queue: NotificationQueue,
  ) {}

  async sweepOnce(signal?: AbortSignal): Promise<number> {
    let handedOver = 0;
    let after: DueRow | null = null;
    for (let seen = 0; seen < MAX_PER_SWEEP && !signal?.aborted; seen += BATCH) {
      const due = await this.store.due(GRACE_SECONDS, BATCH, after);
      const orphans = new Set(await this.queue.uncarried(due.map((row) => row.id)));
      if (orphans.size > 0) {
        const rows = due.filter((row) => orphans.has(row.id));
        if (!(await this.queue.add(rows.map((r) => ({ id: r.id, dueAt: r.next_attempt_at })))))
          break;
        handedOver += rows.length;
      }
      if (due.length < BATCH) break;
      after = due[due.length - 1];
    }
    if (handedOver > 0) this.logger.log(`Handed over ${handedOver} notifications no job carried`);
    return handedOver;
  }
}
