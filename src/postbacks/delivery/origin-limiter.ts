import { LRUCache } from 'lru-cache';

// Requests in flight per origin in this process (SPEC §8 fairness): a slow tracker takes at most
// `limit` worker slots; its other deliveries wait in the queue instead of holding slots.
//
// A saturated origin that answers fast frees a slot within milliseconds, so sending its next
// delivery back to the queue (un-claim, re-queue, claim again later) would cost more than the
// wait. Such deliveries wait here, briefly: only as many as the origin can be expected to serve
// within the wait, and never more than a few per slot. A slow origin's never do, nor those of
// a fast one that has stopped answering (saturated, and no slot freed for FAST_ORIGIN_MS),
// so they can't take the worker slots other origins need.
//
// An origin's average is measured in this process, so it includes the event loop's lag: under
// load a tracker answering in 5 ms averaged 60–90 ms here. FAST_ORIGIN_MS leaves room for that;
// judged "slow", every delivery to a saturated origin was handed back (about one per delivery
// at 200 conversions/s), and the claims, un-claims and re-queues made the lag worse.
export const FAST_ORIGIN_MS = 150;
// A delivery handed back waits this long in the queue.
export const ORIGIN_BUSY_DEFER_MS = 250;
// Waiting here up to that long makes no delivery later than handing it back would.
export const MAX_ORIGIN_WAIT_MS = ORIGIN_BUSY_DEFER_MS;
const MAX_WAITERS_PER_SLOT = 5;
// Weight of the newest request in an origin's running average duration.
const AVERAGE_WEIGHT = 0.2;
// Origins whose average is remembered; past that the least recently used is forgotten.
const MAX_REMEMBERED = 10_000;

interface OriginState {
  inFlight: number;
  waiters: ((granted: boolean) => void)[];
  // When a slot was last freed or the origin last became saturated.
  lastProgressAt: number;
}

export class OriginLimiter {
  // Only origins with requests in flight or waiting.
  private readonly origins = new Map<string, OriginState>();
  // Running average request duration per origin (kept while idle, unlike the above).
  private readonly averageMs = new LRUCache<string, number>({ max: MAX_REMEMBERED });

  constructor(private readonly limit: number) {}

  tryAcquire(origin: string): boolean {
    const state = this.stateOf(origin);
    if (state.inFlight >= this.limit) return false;
    state.inFlight++;
    if (state.inFlight === this.limit) state.lastProgressAt = Date.now();
    return true;
  }

  // A slot now, or after a short wait while the origin is fast; false = hand the job back.
  // `admit`: a further say once this process has room (the limit across processes). Refused,
  // the delivery may wait for a slot this process frees, as for one full here.
  async acquire(
    origin: string,
    maxWaitMs = MAX_ORIGIN_WAIT_MS,
    admit?: () => Promise<boolean>,
  ): Promise<boolean> {
    if (this.tryAcquire(origin)) {
      if (!admit || (await admit())) return true;
      this.giveBack(origin);
    }
    return this.wait(origin, maxWaitMs);
  }

  // A slot about to be freed here would go to a waiting delivery.
  hasWaiters(origin: string): boolean {
    return (this.origins.get(origin)?.waiters.length ?? 0) > 0;
  }

  private wait(origin: string, maxWaitMs: number): Promise<boolean> {
    const state = this.stateOf(origin);
    // Only slots held here are handed over: with none, nothing would end the wait.
    const slots = state.inFlight;
    const average = this.averageMs.get(origin);
    const answering = Date.now() - state.lastProgressAt < FAST_ORIGIN_MS;
    const fast = average !== undefined && average < FAST_ORIGIN_MS && answering;
    if (!fast || maxWaitMs <= 0 || slots === 0) return this.refuse(origin, state);
    if (state.waiters.length >= slots * MAX_WAITERS_PER_SLOT) return this.refuse(origin, state);
    // Every `slots` waiters ahead cost one average request duration.
    const expectedWaitMs = Math.ceil((state.waiters.length + 1) / slots) * average;
    if (expectedWaitMs > maxWaitMs) return this.refuse(origin, state);
    return new Promise<boolean>((resolve) => {
      const waiter = (granted: boolean) => {
        clearTimeout(timer);
        resolve(granted);
      };
      const timer = setTimeout(() => {
        const at = state.waiters.indexOf(waiter);
        if (at >= 0) state.waiters.splice(at, 1);
        this.forgetIfIdle(origin, state);
        resolve(false);
      }, maxWaitMs);
      state.waiters.push(waiter);
    });
  }

  private refuse(origin: string, state: OriginState): Promise<boolean> {
    this.forgetIfIdle(origin, state);
    return Promise.resolve(false);
  }

  // A slot taken and not used (refused elsewhere): no request was made, nothing to learn.
  private giveBack(origin: string): void {
    const state = this.origins.get(origin);
    if (!state) return;
    state.inFlight--;
    this.forgetIfIdle(origin, state);
  }

  // `durationMs`: how long the request took, for the origin's running average.
  release(origin: string, durationMs?: number): void {
    const state = this.origins.get(origin);
    if (!state) return;
    if (durationMs !== undefined) this.learn(origin, durationMs);
    state.lastProgressAt = Date.now();
    // The slot passes straight to the longest waiter.
    const next = state.waiters.shift();
    if (next) return next(true);
    state.inFlight--;
    this.forgetIfIdle(origin, state);
  }

  private stateOf(origin: string): OriginState {
    let state = this.origins.get(origin);
    if (!state) {
      state = { inFlight: 0, waiters: [], lastProgressAt: Date.now() };
      this.origins.set(origin, state);
    }
    return state;
  }

  private learn(origin: string, durationMs: number): void {
    const previous = this.averageMs.get(origin);
    this.averageMs.set(
      origin,
      previous === undefined ? durationMs : previous + AVERAGE_WEIGHT * (durationMs - previous),
    );
  }

  private forgetIfIdle(origin: string, state: OriginState): void {
    if (state.inFlight <= 0 && state.waiters.length === 0 && this.origins.get(origin) === state)
      this.origins.delete(origin);
  }
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
