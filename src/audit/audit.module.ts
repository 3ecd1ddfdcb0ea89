import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntry } from './audit-entry.entity';
import { AuditLog } from './audit-log';
import { AuditLogController } from './audit-log.controller';

// The audit log (SPEC §13). It stands below every feature that changes the network's setup
// (catalog, keys, users, rules, rates, deliveries' auto-pause): they import it and append inside
// their own transactions. It imports no feature, so reading needs no other table.
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry])],
  controllers: [AuditLogController],
  providers: [AuditLog],
  exports: [AuditLog],
})
export class AuditModule {}
