import { Module } from '@nestjs/common';
import { ConversionsModule } from '../conversions/conversions.module';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { NotificationOutboxModule } from '../notifications/notification-outbox.module';
import { TrackingModule } from '../tracking/tracking.module';
import { UsersModule } from '../users/users.module';
import { RetentionService } from './retention.service';

// The retention purge (SPEC §11) over what tracking, conversions and notifications keep, and
// spent sign-ins.
@Module({
  imports: [
    ConversionsModule,
    DeliveriesModule,
    NotificationOutboxModule,
    TrackingModule,
    UsersModule,
  ],
  providers: [RetentionService],
  exports: [RetentionService],
})
export class MaintenanceModule {}
