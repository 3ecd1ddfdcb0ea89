import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';

// API keys. The guard every route passes (auth.guard.ts) is registered app-wide by the users
// feature, which adds sessions to it.
@Module({
  imports: [AuditModule],
  controllers: [ApiKeysController],
  providers: [ApiKeysService],
  exports: [ApiKeysService],
})
export class AuthModule {}
