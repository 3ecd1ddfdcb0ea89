import { Queue } from 'bullmq';
import { ChildProcess, spawn } from 'node:child_process';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { randomToken } from '../../src/common/ids';
import { AppConfig } from '../../src/config/app-config';
import { runMigrations } from '../../src/database/migrate';
import { QUEUES } from '../../src/queue/job-registry';
import { redisConnectionOptions } from '../../src/queue/redis-connection';
import { deleteRedisKeys, dropDatabase, queryAt, REDIS_URL, SERVER_URL } from './backing-services';
import { ApiResponse, callApi, CallOptions } from './api-call';
import { Receiver } from './receiver';

const ROOT = join(__dirname, '..', '..');
// ts-node compiles the whole app at start; on a busy 2-core machine that takes a while.
const READY_TIMEOUT_MS = 60_000;
const OUTPUT_KEEP_CHARS = 200_000;

// What the service processes of one test share: a database of their own (created, migrated and
// dropped here), a queue prefix of their own, and the bootstrap admin key.
export class ServiceBacking {
  private constructor(
    readonly databaseName: string,
    readonly databaseUrl: string,
    readonly redisUrl: string,
    readonly queuePrefix: string,
    readonly adminKey: string,
  ) {}

  static async create(): Promise<ServiceBacking> {
    const suffix = randomToken(6)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x');
    const name = `pm_fault_${suffix}`;
    const backing = new ServiceBacking(
      name,
      `${SERVER_URL}/${name}`,
      REDIS_URL,
      `{pmfault-${suffix}}`,
      `admin-${randomToken(16)}`,
    );
    await runMigrations(backing.databaseUrl);
    return backing;
  }

  // The environment of a child process; `overrides` win (e.g. a proxied DATABASE_URL).
  env(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      HOST: '127.0.0.1',
      ADMIN_API_KEY: this.adminKey,
      QUEUE_PREFIX: this.queuePrefix,
      LOG_LEVEL: 'warn',
      POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
      DELIVERY_RETRY_SCHEDULE: '0,200,400,600,800,1000,1200,1400',
      SWEEPER_INTERVAL_MS: '1000',
      DB_MIGRATE_ON_START: 'false',
      DB_POOL_SIZE: '10',
      // Seconds of start these tests don't need; test/warm-up-rehearsal.e2e-spec.ts covers it.
      WARM_UP_REHEARSAL: 'false',
      // ROLE=all in one process, as these tests were written for; test/processes.e2e-spec.ts
      // covers the default start's worker processes.
      WORKER_PROCESSES: '0',
      ...overrides,
    };
  }

  // Straight to PostgreSQL, never through a test's proxy.
  query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryAt<T>(this.databaseUrl, sql, params);
  }

  // How many delivery consumers are connected to this backing's Redis queue right now.
  async deliveryWorkers(): Promise<number> {
    const queue = new Queue(QUEUES.deliveries, {
      connection: redisConnectionOptions(this.redisUrl),
      prefix: this.queuePrefix,
    });
    try {
      return await queue.getWorkersCount();
    } finally {
      await queue.close();
    }
  }

  async dispose(): Promise<void> {
    await dropDatabase(this.databaseName);
    await deleteRedisKeys(this.redisUrl, this.queuePrefix);
  }
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartOptions {
  // A label for the captured output, e.g. "worker-1".
  name?: string;
  // 'http' polls GET /health until it answers 200 (every role listens on PORT); 'none' returns
  // once spawned (a process expected to fail, or one the test watches by other means).
  ready?: 'http' | 'none';
}

// Every child still running, so a failing or timed-out test can't leave one behind.
const live = new Set<AppProcess>();
// Every child started during the current test, whose output is printed if the test fails.
let started: AppProcess[] = [];

// The service as a real child process (`node -r ts-node/register/transpile-only src/main.ts`),
// as it runs in production: its own signals, exit code, connection pools and queue workers.
export class AppProcess {
  readonly exited: Promise<ProcessExit>;
  exit: ProcessExit | null = null;
  private readonly chunks: string[] = [];
  private outputChars = 0;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly port: number,
    readonly adminKey: string,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        live.delete(this);
        resolve(this.exit);
      });
    });
    const capture = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.chunks.push(text);
      this.outputChars += text.length;
      while (this.outputChars > OUTPUT_KEEP_CHARS && this.chunks.length > 1)
        this.outputChars -= this.chunks.shift()!.length;
    };
    child.stdout!.on('data', capture);
    child.stderr!.on('data', capture);
  }

  static async start(env: Record<string, string>, options: StartOptions = {}): Promise<AppProcess> {
    const port = env.PORT ? Number(env.PORT) : await freePort();
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join('src', 'main.ts')],
      {
        cwd: ROOT,
        env: { ...inheritedEnv(), ...env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const name = options.name ?? `${env.ROLE ?? 'all'}-${child.pid}`;
    const proc = new AppProcess(name, child, port, env.ADMIN_API_KEY ?? '');
    live.add(proc);
    started.push(proc);
    if ((options.ready ?? 'http') === 'http') await proc.waitReady();
    return proc;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get output(): string {
    return this.chunks.join('');
  }

  get running(): boolean {
    return this.exit === null;
  }

  // Liveness, not readiness: the process may start while PostgreSQL or Redis is away.
  async waitReady(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(`${this.name} exited (${JSON.stringify(this.exit)}) before it was ready`);
      }
      try {
        const response = await request(`${this.baseUrl}/health`, {
          signal: AbortSignal.timeout(1_000),
        });
        await response.body.dump();
        if (response.statusCode === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.name} did not answer GET /health within ${timeoutMs} ms`);
  }

  // Sends the signal and waits for the exit; SIGKILL after `timeoutMs` so nothing is left behind.
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 40_000): Promise<ProcessExit> {
    if (!this.running) return this.exit!;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ProcessExit> {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }

  call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    return callApi<T>(
      { baseUrl: this.baseUrl, adminKey: this.adminKey, label: this.name },
      method,
      path,
      options,
    );
  }

  get = <T = any>(path: string, options?: CallOptions) => this.call<T>('GET', path, options);
  post = <T = any>(path: string, body?: unknown, options?: CallOptions) =>
    this.call<T>('POST', path, { ...options, body });
  patch = <T = any>(path: string, body?: unknown, options?: CallOptions) =>
    this.call<T>('PATCH', path, { ...options, body });
}

// Wraps a test body: if it fails, or has not finished after `timeoutMs`, the output of every
// child it started is printed (and only then).
export function withProcessLogs(body: () => Promise<void>, timeoutMs: number): () => Promise<void> {
  return async () => {
    started = [];
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`test did not finish within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([body(), timedOut]);
    } catch (error) {
      for (const proc of started) {
        const exit = proc.exit ? ` (exit ${JSON.stringify(proc.exit)})` : '';
        console.log(`----- output of ${proc.name}${exit} -----\n${proc.output || '(none)'}`);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

// A test of processes: its body gets `ms` (the children's output printed if it fails or runs out
// of time); Jest waits longer, so that the body's own timeout, with that output, reports a hang.
export function processTest(name: string, ms: number, body: () => Promise<void>): void {
  it(name, withProcessLogs(body, ms), ms + 30_000);
}

// Registers the afterEach of a file of process tests and answers `onCleanup`: what a test
// started (a backing, a receiver, a proxy) is undone after it, passed or failed, children first.
export function cleanupAfterEach(): <T>(resource: T, undo: (resource: T) => Promise<unknown>) => T {
  let cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    await killAllProcesses();
    for (const undo of cleanups.reverse()) await undo().catch((error) => console.warn(error));
    cleanups = [];
  });
  return (resource, undo) => {
    cleanups.push(() => undo(resource));
    return resource;
  };
}

export type OnCleanup = ReturnType<typeof cleanupAfterEach>;

// What most process tests start with: a backing and a receiver of their own, undone after.
export async function backingAndReceiver(
  onCleanup: OnCleanup,
): Promise<{ b: ServiceBacking; r: Receiver }> {
  const b = onCleanup(await ServiceBacking.create(), (backing) => backing.dispose());
  const r = onCleanup(await Receiver.start(), (receiver) => receiver.stop());
  return { b, r };
}

// For afterEach/afterAll: no child outlives its test, passed or failed.
export async function killAllProcesses(): Promise<void> {
  await Promise.all([...live].map((proc) => proc.kill('SIGKILL')));
}

// Last resort if Jest itself goes down mid-test.
process.once('exit', () => {
  for (const proc of live) proc.child.kill('SIGKILL');
});

// The parent's environment minus the service's own variables: a child is configured by its test
// alone, not by whatever the developer's shell exports.
function inheritedEnv(): NodeJS.ProcessEnv {
  const serviceKeys = new Set([...Object.keys(new AppConfig()), 'ADMIN_API_KEY']);
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !serviceKeys.has(key)));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
