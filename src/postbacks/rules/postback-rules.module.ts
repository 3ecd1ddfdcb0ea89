import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Postback } from './postback.entity';
import { PostbacksController } from './postbacks.controller';
import { PostbacksService } from './postbacks.service';
import { RuleHealthController } from './rule-health.controller';
import { RuleHealthService } from './rule-health.service';
import { TrafficCheckService } from './traffic-check.service';

// Rule management API; RulesCache comes from the (global) DeliveryModule.
@Module({
  imports: [TypeOrmModule.forFeature([Postback])],
  controllers: [PostbacksController, RuleHealthController],
  providers: [PostbacksService, RuleHealthService, TrafficCheckService],
  exports: [PostbacksService],
})
export class PostbackRulesModule {}
