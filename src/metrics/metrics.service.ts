import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import {
  AggregatorRegistry,
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
} from 'prom-client';
import type { WorkerMetrics } from '../processes/process-messages';
import { withTimeout } from '../common/timeout';
import { QUEUES } from '../queue/job-registry';

const QUEUE_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;
const QUEUE_PROBE_TIMEOUT_MS = 1_000;

// Prometheus metrics of this process (SPEC §10).
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly deliveries = new Counter({
    name: 'postback_deliveries_total',
    help: 'Delivery attempts by outcome (delivered, retry, failed, cancelled)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly attemptDuration = new Histogram({
    name: 'postback_attempt_duration_seconds',
    help: 'Duration of outbound postback requests',
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly clicks = new Counter({
    name: 'clicks_total',
    help: 'Clicks recorded',
    registers: [this.registry],
  });

  readonly impressions = new Counter({
    name: 'impressions_total',
    help: 'Impressions recorded',
    registers: [this.registry],
  });

  readonly conversions = new Counter({
    name: 'conversions_total',
    help: 'Conversions recorded or changed, by the status entered',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  // 1 while this process's per-origin limit is its own because Redis is away (summed over the
  // worker processes in one scrape: how many are in that state).
  readonly originLimitFallback = new Gauge({
    name: 'postback_origin_limit_fallback',
    help: 'Worker processes whose per-origin limit fell back to per process (Redis unavailable)',
    registers: [this.registry],
  });

  readonly originLimitFallbacks = new Counter({
    name: 'postback_origin_limit_fallback_total',
    help: 'Requests sent under the per-process origin limit alone (Redis unavailable)',
    registers: [this.registry],
  });

  private peers: (() => Promise<WorkerMetrics[]>) | null = null;

  constructor(@InjectQueue(QUEUES.deliveries) queue: Queue) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'postback_queue_jobs',
      help: 'Delivery jobs in the queue by state',
      labelNames: ['state'] as const,
      registers: [this.registry],
      // Every process of ROLE=all reads the same queue: summing them would count it twice.
      aggregator: 'max',
      // Read at scrape time; a Redis outage leaves the gauge empty rather than hanging the scrape.
      async collect() {
        const counts = await withTimeout<Record<string, number> | null>(
          queue.getJobCounts(...QUEUE_STATES),
          QUEUE_PROBE_TIMEOUT_MS,
          () => null,
        ).catch(() => null);
        this.reset();
        if (!counts) return;
        for (const state of QUEUE_STATES) this.set({ state }, counts[state] ?? 0);
      },
    });
  }

  // ROLE=all's worker processes: their counters join this process's in one scrape.
  addPeers(peers: () => Promise<WorkerMetrics[]>): void {
    this.peers = peers;
  }

  async scrape(): Promise<string> {
    if (!this.peers) return this.registry.metrics();
    const [own, peers] = await Promise.all([this.registry.getMetricsAsJSON(), this.peers()]);
    return AggregatorRegistry.aggregate([own, ...peers]).metrics();
  }
}
