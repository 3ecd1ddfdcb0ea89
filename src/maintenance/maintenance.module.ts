import { Module } from '@nestjs/common';
import { ConversionsModule } from '../conversions/conversions.module';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { TrackingModule } from '../tracking/tracking.module';
import { RetentionService } from './retention.service';

// The retention purge (SPEC §11) over what tracking and conversions keep.
@Module({
  imports: [ConversionsModule, DeliveriesModule, TrackingModule],
  providers: [RetentionService],
  exports: [RetentionService],
})
export class MaintenanceModule {}
