import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';
import { ConfigValidationError, defaultLogFormat, loadConfig } from './config/app-config';
import { startupWarnings } from './config/startup-warnings';
import { runMigrations } from './database/migrate';
import { AppLogging, createLogging } from './common/logging';
import { createHttpApp } from './http-app';

let logging: AppLogging | undefined;

async function bootstrap(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  logging = createLogging(config);
  // Every line from here on is pino, those written before the application exists included.
  Logger.overrideLogger(logging.nest);
  const logger = new Logger('Bootstrap');
  for (const warning of startupWarnings(config)) logger.warn(warning);
  if (config.DB_MIGRATE_ON_START) await runMigrations(config.DATABASE_URL);

  // A worker serves HTTP too, for its probes and metrics only (src/http-app.ts).
  const app = await createHttpApp(config, logging);
  await app.listen(config.PORT, config.HOST);
  exitGracefully(() => app.close(), logging.root);
  logger.log(`Listening on http://${config.HOST}:${config.PORT} (role ${config.ROLE})`);
}

// SIGTERM/SIGINT: stop taking requests and jobs, let in-flight attempts finish (bounded by the
// workers' grace period), close connections, exit 0.
function exitGracefully(close: () => Promise<void>, root: PinoLogger): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    new Logger('Bootstrap').log(`${signal}: shutting down`);
    close().then(
      () => process.exit(0),
      (error) => {
        root.fatal({ context: 'Bootstrap', err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
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
