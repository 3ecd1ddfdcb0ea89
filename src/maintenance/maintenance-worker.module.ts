import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { OverviewModule } from '../overview/overview.module';
import { DeliveryModule } from '../postbacks/delivery/delivery.module';
import { MaintenanceScheduler } from './maintenance-scheduler';
import { MaintenanceModule } from './maintenance.module';

// The timers of the sweeper, the retention purge and the overview's rollup: only in the worker and all roles.
// AppConfig comes from the global ConfigModule (infrastructure).
@Module({
  imports: [DeliveryModule, MaintenanceModule, NotificationsModule, OverviewModule],
  providers: [MaintenanceScheduler],
})
export class MaintenanceWorkerModule {}
