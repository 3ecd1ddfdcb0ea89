import { ChildProcess, fork } from 'node:child_process';
import { Logger } from '@nestjs/common';
import { FromWorker, isMessage, SUPERVISED_ENV, ToWorker, WorkerMetrics } from './process-messages';

// A worker gets this long to start (migrations are done by then) and to stop after SIGTERM:
// the workers' own grace for in-flight attempts (25 s) plus closing.
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 35_000;
const METRICS_TIMEOUT_MS = 2_000;
// A worker that dies is started again after a pause; one that keeps dying takes the service
// down, so a supervisor (systemd, Kubernetes, Compose) sees a failed service, not a quiet one.
const RESTART_DELAY_MS = 1_000;
const CRASH_WINDOW_MS = 60_000;
const MAX_CRASHES_IN_WINDOW = 5;

interface Slot {
  child: ChildProcess | null;
  crashes: number[];
}

// The worker processes of ROLE=all: forked from the same entry point with ROLE=worker, started
// before this process reports ready, restarted when one dies, stopped with it.
export class WorkerProcesses {
  private readonly logger = new Logger('WorkerProcesses');
  private readonly slots: Slot[];
  private stopping = false;
  private nextRequestId = 0;

  constructor(
    count: number,
    private readonly onGiveUp: (reason: string) => void,
  ) {
    this.slots = Array.from({ length: count }, () => ({ child: null, crashes: [] }));
  }

  get count(): number {
    return this.slots.length;
  }

  // Resolves once every worker has started (its queues consumed, its connections warm).
  async start(): Promise<void> {
    await Promise.all(this.slots.map((slot, index) => this.spawn(slot, index)));
  }

  // Each live worker's metrics, for the API process's /metrics; a worker that does not answer
  // in time is left out of that scrape.
  async metrics(): Promise<WorkerMetrics[]> {
    const answers = await Promise.all(
      this.slots.map(({ child }) => (child ? this.askMetrics(child) : Promise.resolve(null))),
    );
    return answers.filter((metrics): metrics is WorkerMetrics => metrics !== null);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.slots.map(({ child }) => (child ? stopChild(child) : undefined)));
  }

  private spawn(slot: Slot, index: number): Promise<void> {
    const child = fork(process.argv[1], process.argv.slice(2), {
      env: {
        ...process.env,
        ROLE: 'worker',
        // The API process has applied them before starting its workers.
        DB_MIGRATE_ON_START: 'false',
        [SUPERVISED_ENV]: '1',
      },
      execArgv: process.execArgv,
    });
    slot.child = child;
    child.once('exit', (code, signal) => this.onExit(slot, index, child, code, signal));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        // A worker stuck in its start would hold the slot for good: its exit starts another.
        child.kill('SIGKILL');
        reject(
          new Error(`worker process ${index + 1} did not start within ${START_TIMEOUT_MS} ms`),
        );
      }, START_TIMEOUT_MS);
      const onMessage = (message: unknown) => {
        if (!isMessage<FromWorker>(message) || message.type !== 'ready') return;
        cleanup();
        this.logger.log(`worker process ${index + 1} ready (pid ${child.pid})`);
        resolve();
      };
      const onEarlyExit = (code: number | null) => {
        cleanup();
        reject(new Error(`worker process ${index + 1} exited (${code}) before it was ready`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onEarlyExit);
      };
      child.on('message', onMessage);
      child.once('exit', onEarlyExit);
    });
  }

  private onExit(
    slot: Slot,
    index: number,
    child: ChildProcess,
    code: number | null,
    signal: NodeJS.Signals | null,
  ): void {
    if (slot.child === child) slot.child = null;
    if (this.stopping) return;
    const now = Date.now();
    slot.crashes = [...slot.crashes.filter((at) => now - at < CRASH_WINDOW_MS), now];
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (slot.crashes.length > MAX_CRASHES_IN_WINDOW) {
      this.onGiveUp(
        `worker process ${index + 1} exited ${slot.crashes.length} times within a minute (last: ${how})`,
      );
      return;
    }
    // Its claimed deliveries are not lost: their rows stay due and are picked up again.
    this.logger.error(`worker process ${index + 1} exited (${how}); starting it again`);
    setTimeout(() => {
      if (this.stopping) return;
      this.spawn(slot, index).catch((error: Error) => this.logger.error(error.message));
    }, RESTART_DELAY_MS).unref();
  }

  private askMetrics(child: ChildProcess): Promise<WorkerMetrics | null> {
    const id = ++this.nextRequestId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(null), METRICS_TIMEOUT_MS);
      const onMessage = (message: unknown) => {
        if (isMessage<FromWorker>(message) && message.type === 'metrics' && message.id === id)
          done(message.metrics);
      };
      const done = (metrics: WorkerMetrics | null) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(metrics);
      };
      child.on('message', onMessage);
      const request: ToWorker = { type: 'metrics', id };
      try {
        child.send(request, (error) => error && done(null));
      } catch {
        done(null);
      }
    });
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
