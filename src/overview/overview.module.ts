import { Module } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module';
import { OutcomeRollup } from './outcome-rollup';
import { OverviewController } from './overview.controller';
import { OverviewService } from './overview.service';

// The overview (SPEC §11): its hourly rollup (written by OutcomeRollup, run by the workers'
// MaintenanceScheduler) and the endpoint that reads it.
@Module({
  imports: [QueueModule],
  controllers: [OverviewController],
  providers: [OverviewService, OutcomeRollup],
  exports: [OutcomeRollup],
})
export class OverviewModule {}
