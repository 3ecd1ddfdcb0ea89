import { Global, Module } from '@nestjs/common';
import { ConversionsModule } from '../conversions/conversions.module';
import { RetentionService } from './retention.service';

@Global()
@Module({
  imports: [ConversionsModule],
  providers: [RetentionService],
  exports: [RetentionService],
})
export class MaintenanceModule {}
