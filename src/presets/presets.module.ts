import { Module } from '@nestjs/common';
import { PresetsController } from './presets.controller';
import { PresetsService } from './presets.service';

// The receiver preset catalogue and its render endpoint; pure data, no tables.
@Module({
  controllers: [PresetsController],
  providers: [PresetsService],
})
export class PresetsModule {}
