import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { OriginLeases } from './origin-leases';
import { OriginLimiter } from './origin-limiter';

// A request's place at its origin; release() with how long the request took.
export interface OriginSlot {
  release(durationMs?: number): void;
}

// SPEC §8 fairness for queued attempts: this process's limiter first (it keeps the short wait
// for a fast origin and spares Redis a call when this process alone fills the origin), then a
// lease that holds across every worker process. null = the origin is full: hand the job back.
@Injectable()
export class OriginSlots {
  private readonly limit: number;
  private readonly local: OriginLimiter;

  constructor(
    config: AppConfig,
    private readonly leases: OriginLeases,
  ) {
    this.limit = config.POSTBACK_MAX_CONNECTIONS_PER_ORIGIN;
    this.local = new OriginLimiter(this.limit);
  }

  async acquire(origin: string): Promise<OriginSlot | null> {
    if (!(await this.local.acquire(origin))) return null;
    const lease = await this.leases.acquire(origin, this.limit);
    if (lease === 'busy') {
      this.local.release(origin);
      return null;
    }
    return {
      release: (durationMs) => {
        // The lease first: a local waiter handed this slot then finds the global one free.
        lease.release();
        this.local.release(origin, durationMs);
      },
    };
  }
}
