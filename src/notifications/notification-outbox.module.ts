import { Module } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module';
import { NotificationOutbox } from './notification-outbox';
import { NotificationQueue } from './notification-queue';
import { NotificationStore } from './notification-store';

// Raising notifications (SPEC §13). It stands below the features whose changes notify (rules,
// approval, delivery's auto-pause and failures): they import it and raise inside their own
// transactions. It imports no feature; sending is NotificationsModule's, above delivery.
@Module({
  imports: [QueueModule],
  providers: [NotificationOutbox, NotificationQueue, NotificationStore],
  exports: [NotificationOutbox, NotificationQueue, NotificationStore],
})
export class NotificationOutboxModule {}
