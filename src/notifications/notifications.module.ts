import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DeliveryModule } from '../postbacks/delivery/delivery.module';
import { NotificationEndpointsController } from './notification-endpoints.controller';
import { NotificationEndpointsService } from './notification-endpoints.service';
import { NotificationOutboxModule } from './notification-outbox.module';
import { NotificationSender } from './notification-sender';
import { NotificationSweeper } from './notification-sweeper';

// Notification endpoints and sending (SPEC §13), above delivery: notifications go out through
// its sender and retry policy. Raising them is NotificationOutboxModule's, below the features.
@Module({
  imports: [AuditModule, DeliveryModule, NotificationOutboxModule],
  controllers: [NotificationEndpointsController],
  providers: [NotificationEndpointsService, NotificationSender, NotificationSweeper],
  exports: [NotificationSender, NotificationSweeper],
})
export class NotificationsModule {}
