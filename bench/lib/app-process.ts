import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { randomToken } from '../../src/common/ids';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const PROFILE_DIR = '/tmp/pm-bench-prof';
const SERVER_URL =
  process.env.BENCH_DATABASE_SERVER_URL ??
  process.env.TEST_DATABASE_SERVER_URL ??
  'postgres://postgres@127.0.0.1:5432';
const REDIS_URL =
  process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface BenchApp {
  baseUrl: string;
  adminKey: string;
  databaseUrl: string;
  queuePrefix: string;
  role: string;
  // Process ids of the service (the HTTP process first, then any added worker), for CPU figures.
  pids: number[];
  // JSON API call with the admin key; throws on a non-2xx answer.
  api<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  // The last lines the service processes printed (warnings and errors at the default level).
  recentOutput(): string[];
  // Another process of the same service (e.g. ROLE=worker) on the same database and queues.
  addProcess(env: Record<string, string>): Promise<void>;
  // Every process stopped and started again on the same database and queues, resolved once
  // ready: a cold start (no cache, pooled connection or optimised code) of a service with data.
  restart(): Promise<void>;
  stop(): Promise<void>;
}

let built = false;

// Benchmarks measure the code as it is now: build once per run unless told not to.
export function ensureBuilt(): void {
  if (built) return;
  if (process.env.BENCH_SKIP_BUILD === '1') {
    if (!existsSync(MAIN)) throw new Error(`BENCH_SKIP_BUILD=1 but ${MAIN} does not exist`);
  } else {
    console.log('Building (npm run build; BENCH_SKIP_BUILD=1 skips this)…');
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);
  }
  built = true;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// The real service as production runs it (`node dist/src/main.js`), on a database of its own.
export async function startApp(env: Record<string, string> = {}): Promise<BenchApp> {
  ensureBuilt();
  const suffix = randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x');
  const databaseName = `pm_bench_${suffix}`;
  const databaseUrl = `${SERVER_URL}/${databaseName}`;
  const queuePrefix = `{pmbench-${suffix}}`;
  const adminKey = `bench-admin-${randomToken(16)}`;
  const port = await freePort();
  const role = env.ROLE ?? process.env.BENCH_ROLE ?? 'api';
  await withClient(`${SERVER_URL}/postgres`, (c) => c.query(`CREATE DATABASE "${databaseName}"`));

  const baseEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    HOST: '127.0.0.1',
    ADMIN_API_KEY: adminKey,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'warn',
  };
  const mainEnv = {
    ...baseEnv,
    PORT: String(port),
    ROLE: role,
    DB_MIGRATE_ON_START: 'true',
    ...env,
  };
  let child = spawnService(mainEnv);
  const output = captureOutput(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  const extra: ChildProcess[] = [];
  const extraEnvs: Record<string, string>[] = [];
  const roles = [role];
  const workerOutputs: string[][] = [];

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // Workers first: they must not find their database gone while finishing a job.
    await Promise.all(extra.map((c) => terminate(c)));
    await terminate(child);
    await withClient(`${SERVER_URL}/postgres`, (c) =>
      c.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`),
    );
    await deleteRedisKeys(queuePrefix);
  };
  // Ctrl-C during a run still drops the database.
  const onSignal = () => void stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);

  try {
    await waitUntilReady(baseUrl, child, output);
  } catch (error) {
    await stop();
    throw error;
  }

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  // Started once its start-up line (at info level) says it listens: a worker serves its probes.
  const addProcess = async (processEnv: Record<string, string>) => {
    const worker = spawnService({
      ...baseEnv,
      PORT: String(await freePort()),
      DB_MIGRATE_ON_START: 'false',
      LOG_LEVEL: 'info',
      ...processEnv,
    });
    extra.push(worker);
    extraEnvs.push(processEnv);
    roles.push(processEnv.ROLE ?? 'all');
    const lines = captureOutput(worker);
    workerOutputs.push(lines);
    const deadline = Date.now() + 60_000;
    while (!lines.some((l) => /Listening on/.test(l))) {
      if (worker.exitCode !== null || Date.now() > deadline)
        throw new Error(`the added process did not start:\n${lines.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const restart = async () => {
    await Promise.all(extra.map((c) => terminate(c)));
    await terminate(child);
    const envs = extraEnvs.splice(0);
    extra.length = 0;
    workerOutputs.length = 0;
    roles.splice(1);
    child = spawnService(mainEnv);
    captureOutput(child, output);
    await waitUntilReady(baseUrl, child, output);
    for (const processEnv of envs) await addProcess(processEnv);
  };
  return {
    baseUrl,
    adminKey,
    databaseUrl,
    queuePrefix,
    get role() {
      return roles.join('+');
    },
    get pids() {
      return [child, ...extra].map((c) => c.pid ?? 0);
    },
    api,
    query: (sql, params = []) =>
      withClient(databaseUrl, async (c) => (await c.query(sql, params)).rows),
    addProcess,
    restart,
    recentOutput: () => [...output, ...workerOutputs.flat()].slice(-400),
    stop: async () => {
      process.removeListener('SIGINT', onSignal);
      await stop();
    },
  };
}

// `BENCH_CPU_PROF=1`: every service process writes a V8 CPU profile to /tmp/pm-bench-prof on exit.
function spawnService(env: NodeJS.ProcessEnv): ChildProcess {
  const profile =
    process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  return spawn(process.execPath, [...profile, MAIN], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function captureOutput(child: ChildProcess, lines: string[] = []): string[] {
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return lines;
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, output: string[]) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the app exited (${child.exitCode}):\n${output.join('\n')}`);
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the app was not ready within 60 s:\n${output.join('\n')}`);
}

export async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch (error) {
    console.warn(`could not clean Redis keys ${prefix}*: ${String(error)}`);
  } finally {
    redis.disconnect();
  }
}
