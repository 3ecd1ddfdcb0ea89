import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CatalogModule } from '../catalog/catalog.module';
import { DeliveryModule } from '../postbacks/delivery/delivery.module';
import { ConversionRecorder } from './conversion-recorder';
import { ConversionStatusChange } from './conversion-status-change.entity';
import { Conversion } from './conversion.entity';
import { ConversionsController } from './conversions.controller';
import { ConversionsService } from './conversions.service';
import { CurrencyRate } from './currency-rate.entity';
import { CurrencyRatesController } from './currency/currency-rates.controller';
import { CurrencyRatesService } from './currency/currency-rates.service';
import { IntakeLog } from './intake-log.entity';
import { IntakeLogsController } from './intake/intake-logs.controller';
import { IntakeLogsService } from './intake/intake-logs.service';
import { IntakeRetentionService } from './intake/intake-retention.service';
import { IntakeController } from './intake/intake.controller';
import { IntakeService } from './intake/intake.service';

// Conversions API, advertiser S2S intake with its log, and currency rates (SPEC §5.2).
@Module({
  imports: [
    AuditModule,
    CatalogModule,
    DeliveryModule,
    TypeOrmModule.forFeature([Conversion, ConversionStatusChange, IntakeLog, CurrencyRate]),
  ],
  controllers: [
    ConversionsController,
    IntakeController,
    IntakeLogsController,
    CurrencyRatesController,
  ],
  providers: [
    ConversionRecorder,
    ConversionsService,
    CurrencyRatesService,
    IntakeService,
    IntakeLogsService,
    IntakeRetentionService,
  ],
  exports: [IntakeRetentionService],
})
export class ConversionsModule {}
