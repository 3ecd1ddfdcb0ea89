import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DeliveryStore } from '../deliveries/delivery-store';
import {
  INTAKE_PURGE_BATCH,
  IntakeRetentionService,
} from '../conversions/intake/intake-retention.service';
import {
  RETENTION_BATCH_ROWS,
  TrackingRetentionService,
} from '../tracking/tracking-retention.service';
import { NotificationStore } from '../notifications/notification-store';
import { PortalLinksService } from '../users/portal-links.service';
import { SessionsService } from '../users/sessions.service';

// Small batches keep locks short while a busy network keeps writing.
const BATCH = 5_000;
const DAY_MS = 24 * 3600 * 1000;

// The daily purge of old records, each kind in small batches (run by MaintenanceScheduler).
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly config: AppConfig,
    private readonly deliveries: DeliveryStore,
    private readonly intake: IntakeRetentionService,
    private readonly tracking: TrackingRetentionService,
    private readonly sessions: SessionsService,
    private readonly portalLinks: PortalLinksService,
    private readonly notifications: NotificationStore,
  ) {}

  // `signal` (shutdown) stops each kind after its current batch; the next run goes on from there.
  async purge(now: Date, signal?: AbortSignal): Promise<Record<string, number>> {
    const cutoff = new Date(now.getTime() - this.config.POSTBACK_LOG_RETENTION_DAYS * DAY_MS);
    const removed: Record<string, number> = {
      postbackLogs: await this.purgeDeliveries(cutoff, signal),
      notifications: await this.purgeNotifications(cutoff, signal),
    };
    removed.intakeLogs = await this.intake.purge(now, INTAKE_PURGE_BATCH, signal);
    Object.assign(removed, await this.tracking.purge(now, RETENTION_BATCH_ROWS, signal));
    // Expired sessions and spent portal links are refused anyway; this frees their rows.
    const stopped = signal?.aborted ?? false;
    removed.expiredSessions = stopped ? 0 : await this.sessions.purgeExpired(now);
    removed.spentPortalLinks = stopped ? 0 : await this.portalLinks.purgeSpent(now);
    this.logger.log(`Purged ${JSON.stringify(removed)}`);
    return removed;
  }

  // Sent notifications age like the postback logs.
  private async purgeNotifications(cutoff: Date, signal?: AbortSignal): Promise<number> {
    let total = 0;
    while (!signal?.aborted) {
      const count = await this.notifications.purgeFinished(cutoff, BATCH);
      total += count;
      if (count < BATCH) break;
    }
    return total;
  }

  // Finished deliveries only (DeliveryStore.purgeFinished).
  private async purgeDeliveries(cutoff: Date, signal?: AbortSignal): Promise<number> {
    let total = 0;
    while (!signal?.aborted) {
      const count = await this.deliveries.purgeFinished(cutoff, BATCH);
      total += count;
      if (count < BATCH) break;
    }
    return total;
  }
}
