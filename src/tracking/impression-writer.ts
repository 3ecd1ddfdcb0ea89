import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { DeliveryScheduler } from '../postbacks/delivery/delivery-scheduler';
import { Impression } from './impression.entity';
import { IMPRESSIONS_TABLE } from './tracking-tables';
import { TrackingWriter } from './tracking-writer';

@Injectable()
export class ImpressionWriter extends TrackingWriter<Impression> {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    scheduler: DeliveryScheduler,
    config: AppConfig,
    metrics: MetricsService,
  ) {
    super(
      dataSource,
      scheduler,
      config,
      IMPRESSIONS_TABLE,
      (impression, offer) => ({
        kind: 'impression',
        impression,
        offer,
      }),
      metrics.impressions,
    );
  }
}
