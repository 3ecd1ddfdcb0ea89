import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { parseRetrySchedule } from '../../common/retry-schedule';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retry-policy';

// The SPEC schedule unless DELIVERY_RETRY_SCHEDULE overrides it (tests run with milliseconds).
@Injectable()
export class DeliveryRetryPolicy {
  readonly policy: RetryPolicy;

  constructor(config: AppConfig) {
    this.policy = config.DELIVERY_RETRY_SCHEDULE
      ? { ...DEFAULT_RETRY_POLICY, scheduleMs: parseRetrySchedule(config.DELIVERY_RETRY_SCHEDULE) }
      : DEFAULT_RETRY_POLICY;
  }
}
