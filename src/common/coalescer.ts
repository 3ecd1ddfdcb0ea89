// Calls that arrive in the same turn of the event loop share one round trip: `run` gets all of
// their inputs and answers one output per input, in order. Under load, concurrent requests and
// jobs finish together and batches grow by themselves; a lone call waits only for setImmediate.
export class Coalescer<I, O> {
  private pending: { input: I; resolve: (output: O) => void; reject: (error: unknown) => void }[] =
    [];
  private scheduled = false;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly maxBatch: number,
  ) {}

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let running: Promise<O[]>;
    try {
      running = this.run(batch.map((b) => b.input));
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (outputs) => batch.forEach((b, i) => b.resolve(outputs[i])),
      (error: unknown) => batch.forEach((b) => b.reject(error)),
    );
  }
}
