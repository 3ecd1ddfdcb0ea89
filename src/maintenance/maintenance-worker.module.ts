import { Module } from '@nestjs/common';
import { DeliveryModule } from '../postbacks/delivery/delivery.module';
import { MaintenanceScheduler } from './maintenance-scheduler';
import { MaintenanceModule } from './maintenance.module';

// The timers of the sweeper and the retention purge: only in the worker and all roles.
// AppConfig comes from the global ConfigModule (infrastructure).
@Module({ imports: [DeliveryModule, MaintenanceModule], providers: [MaintenanceScheduler] })
export class MaintenanceWorkerModule {}
