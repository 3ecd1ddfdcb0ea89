import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { DeliveriesModule } from '../../deliveries/deliveries.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { PostbackRulesModule } from '../rules/postback-rules.module';
import { BulkRetryService } from './bulk-retry.service';
import { PostbackLogsController } from './postback-logs.controller';
import { PostbackLogsService } from './postback-logs.service';

// Delivery logs, manual and bulk retries, and rule tests (SPEC §8).
@Module({
  imports: [AuditModule, DeliveriesModule, DeliveryModule, PostbackRulesModule],
  controllers: [PostbackLogsController],
  providers: [PostbackLogsService, BulkRetryService],
})
export class PostbackLogsModule {}
