import { BatchWriter, FlushBatch } from './batch-writer';

// A flush whose completion the test controls.
function controlledFlush() {
  const calls: { items: number[]; finish: () => void; fail: (e: unknown) => void }[] = [];
  const flush: FlushBatch<number> = (items) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ items: [...items], finish: resolve, fail: reject });
    });
  return { calls, flush };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BatchWriter', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] }));
  afterEach(() => jest.useRealTimers());

  it('collects writes arriving within the wait into one flush', async () => {
    const { calls, flush } = controlledFlush();
    const writer = new BatchWriter(flush, { maxRows: 10, waitMs: 5, maxConcurrentFlushes: 2 });
    const writes = [writer.write(1), writer.write(2), writer.write(3)];
    jest.advanceTimersByTime(4);
    expect(calls).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(calls.map((c) => c.items)).toEqual([[1, 2, 3]]);
    calls[0].finish();
    await Promise.all(writes);
    await tick();
    expect(writer.stats).toEqual({ batches: 1, items: 3, inFlight: 0 });
  });

  it('flushes at once when a batch is full, without waiting for the timer', () => {
    const { calls, flush } = controlledFlush();
    const writer = new BatchWriter(flush, { maxRows: 2, waitMs: 1000, maxConcurrentFlushes: 4 });
    void writer.write(1);
    void writer.write(2);
    void writer.write(3);
    expect(calls.map((c) => c.items)).toEqual([[1, 2]]);
    jest.advanceTimersByTime(1000);
    expect(calls.map((c) => c.items)).toEqual([[1, 2], [3]]);
  });

  it('resolves a write only when its own batch is flushed', async () => {
    const { calls, flush } = controlledFlush();
    const writer = new BatchWriter(flush, { maxRows: 1, waitMs: 1, maxConcurrentFlushes: 4 });
    let firstDone = false;
    let secondDone = false;
    void writer.write(1).then(() => (firstDone = true));
    void writer.write(2).then(() => (secondDone = true));
    calls[1].finish();
    await tick();
    expect([firstDone, secondDone]).toEqual([false, true]);
    calls[0].finish();
    await tick();
    expect(firstDone).toBe(true);
  });

  it('rejects every write of a failed batch and keeps working afterwards', async () => {
    const { calls, flush } = controlledFlush();
    const writer = new BatchWriter(flush, { maxRows: 2, waitMs: 1, maxConcurrentFlushes: 1 });
    const failed = [writer.write(1), writer.write(2)];
    const error = new Error('insert failed');
    calls[0].fail(error);
    for (const write of failed) await expect(write).rejects.toBe(error);
    const next = writer.write(3);
    jest.advanceTimersByTime(1);
    calls[1].finish();
    await expect(next).resolves.toBeUndefined();
    expect(writer.stats.batches).toBe(1);
  });

  it('keeps filling the open batch while every flush slot is busy', async () => {
    const { calls, flush } = controlledFlush();
    const writer = new BatchWriter(flush, { maxRows: 100, waitMs: 2, maxConcurrentFlushes: 1 });
    void writer.write(1);
    jest.advanceTimersByTime(2);
    expect(calls).toHaveLength(1);
    for (let i = 2; i <= 4; i++) void writer.write(i);
    jest.advanceTimersByTime(2); // due, but no slot: no second flush yet
    void writer.write(5);
    jest.advanceTimersByTime(10);
    expect(calls).toHaveLength(1);
    calls[0].finish();
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('answers the writers without waiting for the after-flush work', async () => {
    const order: string[] = [];
    let release!: () => void;
    const afterGate = new Promise<void>((resolve) => (release = resolve));
    const writer = new BatchWriter<number>(
      async () => async () => {
        order.push('after started');
        await afterGate;
        order.push('after done');
      },
      { maxRows: 1, waitMs: 1, maxConcurrentFlushes: 1 },
    );
    await writer.write(1).then(() => order.push('write resolved'));
    expect(order).toContain('write resolved');
    expect(order).not.toContain('after done');
    const drained = writer.drain().then(() => order.push('drained'));
    await tick();
    expect(order).not.toContain('drained');
    release();
    await drained;
    expect(order.slice(-2)).toEqual(['after done', 'drained']);
  });

  it('frees the write slot while the after-flush work (queueing) is still running', async () => {
    let release!: () => void;
    const afterGate = new Promise<void>((resolve) => (release = resolve));
    const flushed: number[][] = [];
    const writer = new BatchWriter<number>(
      async (items) => {
        flushed.push([...items]);
        return () => afterGate;
      },
      { maxRows: 1, waitMs: 1, maxConcurrentFlushes: 1 },
    );
    await writer.write(1);
    // One slot only, and the first batch's queueing hangs (Redis away): the next batch still commits.
    await writer.write(2);
    expect(flushed).toEqual([[1], [2]]);
    release();
    await writer.drain();
  });

  it('reports a failing after-flush step without failing the writes', async () => {
    const reported: unknown[] = [];
    const writer = new BatchWriter<number>(
      async () => async () => {
        throw new Error('queue down');
      },
      { maxRows: 1, waitMs: 1, maxConcurrentFlushes: 1 },
      (error) => reported.push(error),
    );
    await expect(writer.write(1)).resolves.toBeUndefined();
    await writer.drain();
    expect(reported).toEqual([new Error('queue down')]);
  });

  it('drain flushes a waiting batch without its timer', async () => {
    const flushed: number[][] = [];
    const writer = new BatchWriter<number>(
      async (items) => {
        flushed.push([...items]);
      },
      { maxRows: 100, waitMs: 60_000, maxConcurrentFlushes: 1 },
    );
    const write = writer.write(7);
    await writer.drain();
    await write;
    expect(flushed).toEqual([[7]]);
  });

  it('with no wait, flushes at the next turn of the event loop', async () => {
    const { calls, flush } = controlledFlush();
    const writer = new BatchWriter(flush, { maxRows: 100, waitMs: 0, maxConcurrentFlushes: 1 });
    void writer.write(1);
    void writer.write(2);
    expect(calls).toHaveLength(0);
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1, 2]]);
  });

  it('turns a synchronous throw of the flush into rejected writes', async () => {
    const writer = new BatchWriter<number>(
      () => {
        throw new Error('sync');
      },
      { maxRows: 1, waitMs: 1, maxConcurrentFlushes: 1 },
    );
    await expect(writer.write(1)).rejects.toThrow('sync');
    await tick();
    expect(writer.stats.inFlight).toBe(0);
  });
});
