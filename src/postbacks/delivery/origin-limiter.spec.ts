import {
  FAST_ORIGIN_MS,
  MAX_ORIGIN_WAIT_MS,
  ORIGIN_BUSY_DEFER_MS,
  OriginLimiter,
  originOf,
} from './origin-limiter';

const A = 'https://a.example';

describe('OriginLimiter', () => {
  it('admits up to the limit per origin and again after a release', () => {
    const limiter = new OriginLimiter(2);
    expect(limiter.tryAcquire(A)).toBe(true);
    expect(limiter.tryAcquire(A)).toBe(true);
    expect(limiter.tryAcquire(A)).toBe(false);
    expect(limiter.tryAcquire('https://b.example')).toBe(true);
    limiter.release(A);
    expect(limiter.tryAcquire(A)).toBe(true);
  });

  it('keys by scheme, host and port', () => {
    expect(originOf('https://trk.example:8443/p?x=1')).toBe('https://trk.example:8443');
    expect(originOf('https://trk.example/p')).toBe('https://trk.example');
    expect(originOf('http://trk.example/p')).not.toBe(originOf('https://trk.example/p'));
  });

  describe('waiting for a saturated origin', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    // Saturates A (limit 2) after one request of `durationMs` finished.
    async function saturated(durationMs: number): Promise<OriginLimiter> {
      const limiter = new OriginLimiter(2);
      expect(await limiter.acquire(A)).toBe(true);
      expect(await limiter.acquire(A)).toBe(true);
      limiter.release(A, durationMs);
      expect(await limiter.acquire(A)).toBe(true);
      return limiter;
    }

    it('hands a fast origin’s freed slot to the waiting delivery', async () => {
      const limiter = await saturated(2);
      const waiting = limiter.acquire(A, 100);
      limiter.release(A, 2);
      await expect(waiting).resolves.toBe(true);
      // The slot was handed over, not freed: the origin is still full.
      expect(limiter.tryAcquire(A)).toBe(false);
    });

    it('gives up after the wait so the job can go back to the queue', async () => {
      const limiter = await saturated(2);
      const waiting = limiter.acquire(A, 100);
      jest.advanceTimersByTime(100);
      await expect(waiting).resolves.toBe(false);
      limiter.release(A, 2);
      expect(limiter.tryAcquire(A)).toBe(true);
    });

    it('never holds a worker slot for a slow origin, nor for one not yet measured', async () => {
      const slow = await saturated(FAST_ORIGIN_MS * 10);
      await expect(slow.acquire(A, 100)).resolves.toBe(false);
      const unknown = new OriginLimiter(1);
      expect(unknown.tryAcquire(A)).toBe(true);
      await expect(unknown.acquire(A, 100)).resolves.toBe(false);
    });

    it('lets only as many wait as the origin can serve within the wait', async () => {
      // Limit 2 at 40 ms a request: two rounds (4 waiters) fit in 100 ms, a third round does not.
      const limiter = await saturated(40);
      const waiting = [1, 2, 3, 4].map(() => limiter.acquire(A, 100));
      await expect(limiter.acquire(A, 100)).resolves.toBe(false);
      for (let i = 0; i < 4; i++) limiter.release(A, 40);
      await expect(Promise.all(waiting)).resolves.toEqual([true, true, true, true]);
    });

    it('lets no more wait once a saturated origin has freed no slot for a while', async () => {
      const limiter = await saturated(2);
      const early = limiter.acquire(A, 100);
      // The origin stops answering: its average (2 ms) is stale, nothing is released.
      jest.advanceTimersByTime(FAST_ORIGIN_MS);
      await expect(limiter.acquire(A, 100)).resolves.toBe(false);
      jest.advanceTimersByTime(100);
      await expect(early).resolves.toBe(false);
    });

    it('counts a quiet spell before the origin filled up as no stall', async () => {
      const limiter = new OriginLimiter(2);
      expect(await limiter.acquire(A)).toBe(true);
      limiter.release(A, 5);
      // One long request holds a slot through a quiet spell; then a burst fills the other.
      expect(await limiter.acquire(A)).toBe(true);
      jest.advanceTimersByTime(200);
      expect(await limiter.acquire(A)).toBe(true);
      const waiting = limiter.acquire(A, 100);
      limiter.release(A, 5);
      await expect(waiting).resolves.toBe(true);
    });

    it('lets at most five per slot wait, however fast the origin', async () => {
      const limiter = await saturated(0);
      const waiting = Array.from({ length: 10 }, () => limiter.acquire(A, 100));
      await expect(limiter.acquire(A, 100)).resolves.toBe(false);
      for (let i = 0; i < 10; i++) limiter.release(A, 0);
      await expect(Promise.all(waiting)).resolves.toEqual(waiting.map(() => true));
    });

    it('waits for a fast origin whose average includes a busy process’s lag', async () => {
      // A local tracker answering in 5 ms averaged 60–90 ms under load; handing its deliveries
      // back cost a claim, an un-claim and a re-queue each, and made the lag worse.
      const limiter = await saturated(90);
      const waiting = limiter.acquire(A);
      limiter.release(A, 90);
      await expect(waiting).resolves.toBe(true);
    });

    it('never keeps a delivery waiting longer than handing it back would', async () => {
      expect(MAX_ORIGIN_WAIT_MS).toBeLessThanOrEqual(ORIGIN_BUSY_DEFER_MS);
      const limiter = await saturated(2);
      const waiting = limiter.acquire(A);
      jest.advanceTimersByTime(MAX_ORIGIN_WAIT_MS);
      await expect(waiting).resolves.toBe(false);
    });

    it('lets more wait for a faster origin', async () => {
      // At 2 ms a request, ten waiters (five rounds of two) fit in the wait; at 40 ms only four.
      const limiter = await saturated(2);
      const waiting = Array.from({ length: 10 }, () => limiter.acquire(A, 100));
      for (let i = 0; i < 10; i++) limiter.release(A, 2);
      await expect(Promise.all(waiting)).resolves.toEqual(waiting.map(() => true));
    });
  });
});
