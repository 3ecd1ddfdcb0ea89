import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';

// API keys. The guard every route passes (auth.guard.ts) is registered app-wide by the users
// feature, which adds sessions to it.
@Module({
  controllers: [ApiKeysController],
  providers: [ApiKeysService],
  exports: [ApiKeysService],
})
export class AuthModule {}
