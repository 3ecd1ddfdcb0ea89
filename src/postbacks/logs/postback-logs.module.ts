import { Module } from '@nestjs/common';
import { PostbackLogsController } from './postback-logs.controller';
import { PostbackLogsService } from './postback-logs.service';

@Module({ controllers: [PostbackLogsController], providers: [PostbackLogsService] })
export class PostbackLogsModule {}
