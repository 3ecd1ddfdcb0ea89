import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module';
import { CatalogModule } from './catalog/catalog.module';
import { AuthModule } from './common/auth/auth.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { ConversionsModule } from './conversions/conversions.module';
import { HealthModule } from './health/health.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { MaintenanceWorkerModule } from './maintenance/maintenance-worker.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { NotificationWorkerModule } from './notifications/notification-worker.module';
import { OverviewModule } from './overview/overview.module';
import { DeliveryModule } from './postbacks/delivery/delivery.module';
import { DeliveryWorkerModule } from './postbacks/delivery/delivery-worker.module';
import { PostbackLogsModule } from './postbacks/logs/postback-logs.module';
import { RuleApprovalModule } from './postbacks/approval/rule-approval.module';
import { PostbackRulesModule } from './postbacks/rules/postback-rules.module';
import { PresetsModule } from './presets/presets.module';
import { SettingsModule } from './settings/settings.module';
import { QueueModule } from './queue/queue.module';
import { TrackingModule } from './tracking/tracking.module';
import { UsersModule } from './users/users.module';

// Composes the feature modules; queue consumers and maintenance timers join only in worker roles.
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(config.DATABASE_URL, config.DB_POOL_SIZE)),
        QueueModule,
        MetricsModule,
        AuditModule,
        SettingsModule,
        AuthModule,
        UsersModule,
        CatalogModule,
        DeliveryModule,
        PostbackRulesModule,
        PostbackLogsModule,
        RuleApprovalModule,
        PresetsModule,
        TrackingModule,
        ConversionsModule,
        HealthModule,
        MaintenanceModule,
        OverviewModule,
        NotificationsModule,
        ...(config.ROLE === 'api'
          ? []
          : [DeliveryWorkerModule, NotificationWorkerModule, MaintenanceWorkerModule]),
      ],
    };
  }
}
