import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { OriginLease, OriginLeases } from './origin-leases';
import { OriginLimiter } from './origin-limiter';

// A request's place at its origin; release() with how long the request took.
export interface OriginSlot {
  release(durationMs?: number): void;
}

// SPEC §8 fairness for queued attempts: this process's limiter first (it spares Redis a call
// when this process alone fills the origin), then a lease that holds across every worker
// process. A delivery refused either way may wait briefly for a fast origin (OriginLimiter);
// a request finishing here hands its lease straight to it, without a call to Redis.
// null = the origin is full: hand the job back.
@Injectable()
export class OriginSlots {
  private readonly limit: number;
  private readonly local: OriginLimiter;
  // Leases passed from a finished request to the waiter its local slot went to.
  private readonly handedOver = new Map<string, OriginLease[]>();

  constructor(
    config: AppConfig,
    private readonly leases: OriginLeases,
  ) {
    this.limit = config.POSTBACK_MAX_CONNECTIONS_PER_ORIGIN;
    this.local = new OriginLimiter(this.limit);
  }

  async acquire(origin: string): Promise<OriginSlot | null> {
    let lease: OriginLease | undefined;
    const admitted = await this.local.acquire(origin, undefined, async () => {
      const answer = await this.leases.acquire(origin, this.limit);
      if (answer === 'busy') return false;
      lease = answer;
      return true;
    });
    if (!admitted) return null;
    const held = lease ?? this.takeHandedOver(origin);
    return { release: (durationMs) => this.release(origin, held, durationMs) };
  }

  private release(origin: string, lease: OriginLease, durationMs?: number): void {
    if (this.local.hasWaiters(origin)) {
      const queue = this.handedOver.get(origin) ?? [];
      queue.push(lease);
      this.handedOver.set(origin, queue);
    } else {
      lease.release();
    }
    // Resolves the waiter (if any), which then takes the lease queued above.
    this.local.release(origin, durationMs);
  }

  private takeHandedOver(origin: string): OriginLease {
    const queue = this.handedOver.get(origin)!;
    const lease = queue.shift()!;
    if (queue.length === 0) this.handedOver.delete(origin);
    return lease;
  }
}
