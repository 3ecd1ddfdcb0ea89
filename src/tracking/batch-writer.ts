export interface BatchWriterOptions {
  // A batch is flushed as soon as it holds this many items...
  maxRows: number;
  // ...or this long after its first item arrived (0 = at the next turn of the event loop).
  waitMs: number;
  // Flushes in flight at once; while all are busy, the open batch keeps filling.
  maxConcurrentFlushes: number;
}

// Work to do once the batch's writers have been answered (e.g. queueing after a commit).
export type AfterFlush = () => Promise<void>;
export type FlushBatch<T> = (items: T[]) => Promise<AfterFlush | void>;

class Batch<T> {
  readonly items: T[] = [];
  readonly done: Promise<void>;
  resolve!: () => void;
  reject!: (error: unknown) => void;
  due = false;

  constructor() {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}

// Group commit: concurrent writers share one flush (one transaction), and each write resolves
// only when its batch has been flushed, or rejects with the batch's error.
export class BatchWriter<T> {
  private open: Batch<T> | null = null;
  private readonly ready: Batch<T>[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly pendingAfter = new Set<Promise<void>>();
  private flushedBatches = 0;
  private flushedItems = 0;

  constructor(
    private readonly flushBatch: FlushBatch<T>,
    private readonly options: BatchWriterOptions,
    private readonly onAfterFlushError: (error: unknown) => void = () => undefined,
  ) {}

  write(item: T): Promise<void> {
    let batch = this.open;
    if (batch === null) {
      batch = this.open = new Batch<T>();
      this.startTimer();
    }
    batch.items.push(item);
    if (batch.items.length >= this.options.maxRows) this.seal();
    return batch.done;
  }

  // Flushes what is waiting without waiting for the timer and resolves when nothing is in flight.
  async drain(): Promise<void> {
    if (this.open !== null) this.seal();
    while (this.inFlight > 0 || this.ready.length > 0 || this.pendingAfter.size > 0) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
  }

  get stats(): { batches: number; items: number; inFlight: number } {
    return { batches: this.flushedBatches, items: this.flushedItems, inFlight: this.inFlight };
  }

  private startTimer(): void {
    const onTimer = () => {
      this.timer = null;
      if (this.open === null) return;
      if (this.inFlight < this.options.maxConcurrentFlushes) this.seal();
      else this.open.due = true; // sealed when a flush slot frees
    };
    this.timer =
      this.options.waitMs > 0 ? setTimeout(onTimer, this.options.waitMs) : setImmediate(onTimer);
  }

  private clearTimer(): void {
    if (this.timer === null) return;
    if (this.options.waitMs > 0) clearTimeout(this.timer as NodeJS.Timeout);
    else clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = null;
  }

  private seal(): void {
    this.clearTimer();
    if (this.open !== null) this.ready.push(this.open);
    this.open = null;
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < this.options.maxConcurrentFlushes && this.ready.length > 0) {
      this.run(this.ready.shift()!);
    }
  }

  private run(batch: Batch<T>): void {
    this.inFlight++;
    let flushing: Promise<AfterFlush | void>;
    try {
      flushing = this.flushBatch(batch.items);
    } catch (error) {
      flushing = Promise.reject(error);
    }
    flushing
      .then(
        (after) => {
          this.flushedBatches++;
          this.flushedItems += batch.items.length;
          batch.resolve();
          // The after-flush work (queueing) no longer holds the write slot: when Redis is slow
          // or away it would otherwise delay the next batch of clicks. drain() still waits for it.
          if (after) this.track(after());
        },
        (error: unknown) => batch.reject(error),
      )
      .finally(() => this.settle());
  }

  private track(work: Promise<void>): void {
    const pending: Promise<void> = work.catch(this.onAfterFlushError).finally(() => {
      this.pendingAfter.delete(pending);
      this.wakeIfIdle();
    });
    this.pendingAfter.add(pending);
  }

  private settle(): void {
    this.inFlight--;
    if (this.open?.due === true) this.seal();
    else this.pump();
    this.wakeIfIdle();
  }

  private wakeIfIdle(): void {
    if (this.inFlight === 0 && this.ready.length === 0 && this.pendingAfter.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }
}
