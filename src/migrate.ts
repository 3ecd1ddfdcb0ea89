import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigValidationError, defaultLogFormat, loadConfig } from './config/app-config';
import { createLogging } from './common/logging';
import { runMigrations } from './database/migrate';

// One-shot: apply pending migrations (creating the database if needed) and exit 0, or exit 1
// naming what failed. For deployments that migrate before starting replicas (docker-compose's
// `migrate` service, a release step); those then run with DB_MIGRATE_ON_START=false.
async function migrate(): Promise<void> {
  try {
    process.loadEnvFile('.env');
  } catch {
    // no .env file: nothing to load
  }
  const config = loadConfig();
  Logger.overrideLogger(createLogging(config).nest);
  const applied = await runMigrations(config.DATABASE_URL);
  new Logger('Database').log(
    applied.length > 0 ? `${applied.length} migrations applied` : 'No migration pending',
  );
}

migrate().then(
  () => process.exit(0),
  (error: Error) => {
    const { root } = createLogging({
      LOG_LEVEL: 'info',
      LOG_FORMAT: defaultLogFormat(process.env.NODE_ENV, process.stdout.isTTY === true),
      LOG_HOT_PATHS: false,
    });
    if (error instanceof ConfigValidationError) root.fatal({ context: 'Migrate' }, error.message);
    else root.fatal({ context: 'Migrate', err: error }, 'Migrations failed');
    process.exit(1);
  },
);
