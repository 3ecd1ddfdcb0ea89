import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { withTimeout } from '../common/timeout';

export interface LockedTaskOptions {
  name: string;
  // PostgreSQL advisory lock key: one run at a time across every replica on the database.
  lockKey: number;
  databaseUrl: string;
  firstInMs: number;
  everyMs: number;
  // Resolves to what the run did (logged at debug level); stops early once `signal` aborts.
  run: (signal: AbortSignal) => Promise<unknown>;
}

const CONNECT_TIMEOUT_MS = 5_000;

// A periodic job run from an in-process timer, so its schedule survives whatever Redis loses
// (SPEC §2, §8). Each replica ticks; a run holds a session advisory lock on a connection of its
// own (outside the pool, which the run itself uses), so replicas never run it at once: a
// replica that finds the lock taken skips that tick. Ending the connection releases the lock,
// also when the process dies.
export class LockedTask {
  private readonly logger: Logger;
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;

  constructor(private readonly options: LockedTaskOptions) {
    this.logger = new Logger(options.name);
  }

  start(): void {
    this.after(this.options.firstInMs);
  }

  // No further run; the one under way is told to stop and gets `graceMs` to finish.
  async stop(graceMs: number): Promise<void> {
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.current) await withTimeout(this.current, graceMs, () => undefined);
  }

  private after(ms: number): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.runLocked().finally(() => {
        this.current = null;
        this.after(this.options.everyMs);
      });
    }, ms);
    // Maintenance is never what keeps a process alive.
    this.timer.unref();
  }

  // Never rejects: a failed run is logged and the next tick tries again.
  private async runLocked(): Promise<void> {
    const client = new Client({
      connectionString: this.options.databaseUrl,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: `postback-manager ${this.options.name}`,
    });
    // A connection lost mid-run is reported by the query that meets it, not as an uncaught error.
    client.on('error', () => undefined);
    try {
      await client.connect();
      const [{ locked }] = (
        await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
          this.options.lockKey,
        ])
      ).rows;
      if (!locked) return;
      const outcome = await this.options.run(this.stopping.signal);
      this.logger.debug(`Done: ${JSON.stringify(outcome)}`);
    } catch (error) {
      this.logger.warn(
        `Run failed, next in ${this.options.everyMs} ms: ${(error as Error).message}`,
      );
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
