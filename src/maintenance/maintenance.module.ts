import { Global, Module } from '@nestjs/common';
import { ConversionsModule } from '../conversions/conversions.module';
import { TrackingModule } from '../tracking/tracking.module';
import { RetentionService } from './retention.service';

@Global()
@Module({
  imports: [ConversionsModule, TrackingModule],
  providers: [RetentionService],
  exports: [RetentionService],
})
export class MaintenanceModule {}
