import { Module } from '@nestjs/common';
import { PostbackRulesModule } from '../postbacks/rules/postback-rules.module';
import { PresetsController } from './presets.controller';
import { PresetsService } from './presets.service';

// The receiver preset catalogue and its render endpoint; rendered rules are checked by the
// rules service, as a new rule is.
@Module({
  imports: [PostbackRulesModule],
  controllers: [PresetsController],
  providers: [PresetsService],
})
export class PresetsModule {}
