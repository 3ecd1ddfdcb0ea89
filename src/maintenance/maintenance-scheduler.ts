import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { OutcomeRollup } from '../overview/outcome-rollup';
import { NotificationSweeper } from '../notifications/notification-sweeper';
import { DeliverySweeper } from '../postbacks/delivery/delivery-sweeper';
import { LockedTask } from './locked-task';
import { RetentionService } from './retention.service';

const DAY_MS = 24 * 3600 * 1000;
// How long shutdown waits for a sweep or purge under way to finish its current batch.
export const MAINTENANCE_STOP_GRACE_MS = 5_000;
// Advisory lock keys, beside the migrations' 7_013_001.
export const SWEEP_LOCK_KEY = 7_013_002;
export const RETENTION_LOCK_KEY = 7_013_003;
export const ROLLUP_LOCK_KEY = 7_013_110;
export const NOTIFICATION_SWEEP_LOCK_KEY = 7_013_120;
// The overview's hourly counts are added a few minutes after each hour ends.
const ROLLUP_EVERY_MS = 5 * 60_000;

// The sweepers (deliveries, notifications), the retention purge and the overview's rollup, on timers of the worker processes (never in Redis: a
// Redis that lost its data must not lose their schedule too). The first sweep waits one
// interval; the purge runs at start, then daily, so restarts never postpone it.
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly tasks: LockedTask[];

  constructor(
    config: AppConfig,
    sweeper: DeliverySweeper,
    retention: RetentionService,
    rollup: OutcomeRollup,
    notificationSweeper: NotificationSweeper,
  ) {
    this.tasks = [
      new LockedTask({
        name: 'DeliverySweep',
        lockKey: SWEEP_LOCK_KEY,
        databaseUrl: config.DATABASE_URL,
        firstInMs: config.SWEEPER_INTERVAL_MS,
        everyMs: config.SWEEPER_INTERVAL_MS,
        run: (signal) => sweeper.sweepOnce(signal),
      }),
      new LockedTask({
        name: 'NotificationSweep',
        lockKey: NOTIFICATION_SWEEP_LOCK_KEY,
        databaseUrl: config.DATABASE_URL,
        firstInMs: config.SWEEPER_INTERVAL_MS,
        everyMs: config.SWEEPER_INTERVAL_MS,
        run: (signal) => notificationSweeper.sweepOnce(signal),
      }),
      new LockedTask({
        name: 'Retention',
        lockKey: RETENTION_LOCK_KEY,
        databaseUrl: config.DATABASE_URL,
        firstInMs: 0,
        everyMs: DAY_MS,
        run: (signal) => retention.purge(new Date(), signal),
      }),
      new LockedTask({
        name: 'OutcomeRollup',
        lockKey: ROLLUP_LOCK_KEY,
        databaseUrl: config.DATABASE_URL,
        firstInMs: 0,
        everyMs: ROLLUP_EVERY_MS,
        run: (signal) => rollup.rollUp(new Date(), signal),
      }),
    ];
  }

  onApplicationBootstrap(): void {
    for (const task of this.tasks) task.start();
  }

  // Before the queues and the database pool close: a run under way still has them.
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.tasks.map((task) => task.stop(MAINTENANCE_STOP_GRACE_MS)));
  }
}
