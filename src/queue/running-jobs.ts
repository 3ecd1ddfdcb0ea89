// The jobs a worker is running in this process, so shutdown waits for exactly them and not for
// Redis (whose acknowledgement may never come while it is away).
export class RunningJobs {
  private running = 0;
  private readonly whenIdle: (() => void)[] = [];

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      if (--this.running === 0) for (const resolve of this.whenIdle.splice(0)) resolve();
    }
  }

  // Resolves once none runs (at once when none does).
  idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.running === 0) resolve();
      else this.whenIdle.push(resolve);
    });
  }
}
