import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';
import {
  AppConfig,
  ConfigValidationError,
  defaultLogFormat,
  loadConfig,
} from './config/app-config';
import { startupWarnings } from './config/startup-warnings';
import { runMigrations } from './database/migrate';
import { AppLogging, createLogging } from './common/logging';
import { createHttpApp } from './http-app';
import { MetricsService } from './metrics/metrics.service';
import { SUPERVISED_ENV } from './processes/process-messages';
import { serveSupervisor } from './processes/supervised-worker';
import { WorkerProcesses } from './processes/worker-processes';
import { warmUp } from './warm-up';

let logging: AppLogging | undefined;

async function bootstrap(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const logs = (logging = createLogging(config));
  // Every line from here on is pino, those written before the application exists included.
  Logger.overrideLogger(logs.nest);
  const logger = new Logger('Bootstrap');
  for (const warning of startupWarnings(config)) logger.warn(warning);
  if (config.DB_MIGRATE_ON_START) await runMigrations(config.DATABASE_URL);

  if (process.env[SUPERVISED_ENV] === '1' && process.send) return runSupervisedWorker(config, logs);
  if (config.ROLE === 'all' && config.WORKER_PROCESSES > 0) return runWithWorkers(config, logs);

  // A worker serves HTTP too, for its probes and metrics only (src/http-app.ts).
  const app = await createHttpApp(config, logs);
  await warmUp(app, config, logs);
  await app.listen(config.PORT, config.HOST);
  exitGracefully(() => app.close(), logs.root);
  logger.log(`Listening on http://${config.HOST}:${config.PORT} (role ${config.ROLE})`);
}

// ROLE=all on a machine with cores to spare: this process serves HTTP, WORKER_PROCESSES forked
// processes deliver. Both start at once; the service listens only when all of them are ready,
// so the first request does not pay for a worker's start.
async function runWithWorkers(config: AppConfig, logs: AppLogging): Promise<void> {
  const logger = new Logger('Bootstrap');
  let shutdown: (exitCode?: number) => void = () => process.exit(1);
  const workers = new WorkerProcesses(config.WORKER_PROCESSES, (reason) => {
    logs.root.fatal({ context: 'Bootstrap' }, reason);
    shutdown(1);
  });
  const workersStarted = workers.start();
  // Until the app exists, a failed worker start must not go unobserved.
  workersStarted.catch(() => undefined);
  const app = await createHttpApp({ ...config, ROLE: 'api' }, logs);
  app.get(MetricsService).addPeers(() => workers.metrics());
  await warmUp(app, { ...config, ROLE: 'api' }, logs);
  try {
    await workersStarted;
  } catch (error) {
    await Promise.all([app.close(), workers.stop()]);
    throw error;
  }
  await app.listen(config.PORT, config.HOST);
  shutdown = exitGracefully(
    () => Promise.all([app.close(), workers.stop()]).then(() => undefined),
    logs.root,
  );
  logger.log(
    `Listening on http://${config.HOST}:${config.PORT} (role all: this process serves HTTP, ` +
      `${workers.count} worker process${workers.count === 1 ? '' : 'es'} deliver)`,
  );
}

// A worker process of ROLE=all: no HTTP listener (the API process scrapes its metrics over IPC);
// Ctrl-C reaches the whole process group, but only the API process decides when workers stop.
async function runSupervisedWorker(config: AppConfig, logs: AppLogging): Promise<void> {
  const app = await createHttpApp(config, logs);
  await warmUp(app, config, logs);
  const shutdown = exitGracefully(() => app.close(), logs.root, ['SIGTERM']);
  const metrics = app.get(MetricsService);
  serveSupervisor(
    () => metrics.registry.getMetricsAsJSON(),
    (reason) => {
      new Logger('Bootstrap').warn(`${reason}: shutting down`);
      shutdown();
    },
  ).ready();
}

// SIGTERM/SIGINT: stop taking requests and jobs, let in-flight attempts finish (bounded by the
// workers' grace period), close connections, exit 0. Returns the same shutdown for other causes.
function exitGracefully(
  close: () => Promise<void>,
  root: PinoLogger,
  signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'],
): (exitCode?: number) => void {
  let closing = false;
  const shutdown = (exitCode = 0) => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(exitCode),
      (error) => {
        root.fatal({ context: 'Bootstrap', err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of signals)
    process.on(signal, () => {
      if (!closing) new Logger('Bootstrap').log(`${signal}: shutting down`);
      shutdown();
    });
  // Ctrl-C in a terminal reaches a supervised worker too; it waits for the API process's SIGTERM.
  if (!signals.includes('SIGINT')) process.on('SIGINT', () => undefined);
  return shutdown;
}

// A local .env is convenient in development; real environments set variables directly.
function loadDotEnv(): void {
  try {
    process.loadEnvFile('.env');
  } catch {
    // no .env file: nothing to load
  }
}

// Until the configuration is read (or when it is bad): the format LOG_FORMAT defaults to.
function startupLogging(): AppLogging {
  return createLogging({
    LOG_LEVEL: 'info',
    LOG_FORMAT: defaultLogFormat(process.env.NODE_ENV, process.stdout.isTTY === true),
    LOG_HOT_PATHS: false,
  });
}

bootstrap().catch((error) => {
  const { root } = logging ?? startupLogging();
  // A bad configuration names every bad variable, one per line of the message.
  if (error instanceof ConfigValidationError) root.fatal({ context: 'Bootstrap' }, error.message);
  else root.fatal({ context: 'Bootstrap', err: error }, 'Start-up failed');
  process.exit(1);
});
