import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { ConfigValidationError, loadConfig } from './config/app-config';
import { startupWarnings } from './config/startup-warnings';
import { runMigrations } from './database/migrate';
import { appLogger } from './common/logging';
import { createHttpApp } from './http-app';

async function bootstrap(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const logger = new Logger('Bootstrap');
  for (const warning of startupWarnings(config)) logger.warn(warning);
  if (config.DB_MIGRATE_ON_START) await runMigrations(config.DATABASE_URL);

  if (config.ROLE === 'worker') {
    // No HTTP server in a worker: an application context runs the queue consumers only.
    const context = await NestFactory.createApplicationContext(AppModule.register(config), {
      logger: appLogger(config.LOG_LEVEL),
    });
    exitGracefully(() => context.close());
    logger.log('Worker started');
    return;
  }
  const app = await createHttpApp(config);
  await app.listen(config.PORT, config.HOST);
  exitGracefully(() => app.close());
  logger.log(`Listening on http://${config.HOST}:${config.PORT} (role ${config.ROLE})`);
}

// SIGTERM/SIGINT: stop taking requests and jobs, let in-flight attempts finish (bounded by the
// workers' grace period), close connections, exit 0.
function exitGracefully(close: () => Promise<void>): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    new Logger('Bootstrap').log(`${signal}: shutting down`);
    close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
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

bootstrap().catch((error) => {
  if (error instanceof ConfigValidationError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
