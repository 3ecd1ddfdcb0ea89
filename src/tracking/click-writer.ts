import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { DeliveryScheduler } from '../postbacks/delivery/delivery-scheduler';
import { Click } from './click.entity';
import { CLICKS_TABLE } from './tracking-tables';
import { TrackingWriter } from './tracking-writer';

@Injectable()
export class ClickWriter extends TrackingWriter<Click> {
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
      CLICKS_TABLE,
      (click, offer) => ({
        kind: 'click',
        click,
        offer,
      }),
      metrics.clicks,
    );
  }
}
