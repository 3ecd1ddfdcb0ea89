import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { QUEUES } from './queue.constants';
import { QueueErrorLogger } from './queue-error-logger';
import { redisConnectionOptions } from './redis-connection';

// Producers are available in every role; consumers are registered only in worker roles.
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: redisConnectionOptions(config.REDIS_URL),
        prefix: config.QUEUE_PREFIX,
      }),
    }),
    BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
  ],
  providers: [QueueErrorLogger],
  exports: [BullModule],
})
export class QueueModule {}
