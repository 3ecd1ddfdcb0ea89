import { Module } from '@nestjs/common';
import { MaintenanceScheduler } from './maintenance-scheduler';

// The timers of the sweeper and the retention purge: only in the worker and all roles.
@Module({ providers: [MaintenanceScheduler] })
export class MaintenanceWorkerModule {}
