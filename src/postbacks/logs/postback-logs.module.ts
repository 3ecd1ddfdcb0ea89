import { Module } from '@nestjs/common';
import { BulkRetryService } from './bulk-retry.service';
import { PostbackLogsController } from './postback-logs.controller';
import { PostbackLogsService } from './postback-logs.service';

@Module({
  controllers: [PostbackLogsController],
  providers: [PostbackLogsService, BulkRetryService],
})
export class PostbackLogsModule {}
