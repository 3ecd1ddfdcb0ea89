import { LRUCache } from 'lru-cache';

// Keys whose buckets are remembered; the least recently used is forgotten first (a key idle that
// long has a full bucket anyway).
export const RATE_LIMITER_MAX_KEYS = 100_000;

// Token bucket per API key: `perMinute` requests a minute, bursts up to the same number.
export class RateLimiter {
  private readonly buckets = new LRUCache<string, { tokens: number; updatedAt: number }>({
    max: RATE_LIMITER_MAX_KEYS,
  });
  private readonly refillPerMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  // Milliseconds to wait before the next request is allowed; 0 = allowed now (and counted).
  take(key: string): number {
    if (this.perMinute <= 0) return 0;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedAt: now };
    bucket.tokens = Math.min(
      this.perMinute,
      bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs,
    );
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.refillPerMs);
  }
}
