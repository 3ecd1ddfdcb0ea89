import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Postback } from './postback.entity';
import { PostbacksController } from './postbacks.controller';
import { PostbacksService } from './postbacks.service';

// Rule management API; RulesCache comes from the (global) DeliveryModule.
@Module({
  imports: [TypeOrmModule.forFeature([Postback])],
  controllers: [PostbacksController],
  providers: [PostbacksService],
  exports: [PostbacksService],
})
export class PostbackRulesModule {}
