import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../../deliveries/deliveries.module';
import { BulkRetryService } from './bulk-retry.service';
import { PostbackLogsController } from './postback-logs.controller';
import { PostbackLogsService } from './postback-logs.service';

@Module({
  imports: [DeliveriesModule],
  controllers: [PostbackLogsController],
  providers: [PostbackLogsService, BulkRetryService],
})
export class PostbackLogsModule {}
