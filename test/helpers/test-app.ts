import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { runMigrations } from '../../src/database/migrate';
import { createHttpApp } from '../../src/http-app';
import { randomToken } from '../../src/common/ids';
import { ApiResponse, callApi, CallOptions } from './api-call';
import { deleteRedisKeys, dropDatabase, queryAt, REDIS_URL, SERVER_URL } from './backing-services';

export type { ApiResponse, CallOptions } from './api-call';

// One application per e2e file, on a database of its own that is created, migrated and dropped here.
export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
    readonly baseUrl: string,
    readonly databaseName: string,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<TestApp> {
    const suffix = randomToken(6)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x');
    const databaseName = `pm_test_${suffix}`;
    const config = loadConfig({
      DATABASE_URL: `${SERVER_URL}/${databaseName}`,
      REDIS_URL,
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_API_KEY: `admin-${randomToken(16)}`,
      QUEUE_PREFIX: `{pmtest-${suffix}}`,
      LOG_LEVEL: 'silent',
      DB_POOL_SIZE: '10',
      ...env,
    });
    await runMigrations(config.DATABASE_URL, true);
    const app = await createHttpApp(config);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return new TestApp(app, config, `http://127.0.0.1:${port}`, databaseName);
  }

  get adminKey(): string {
    return this.config.ADMIN_API_KEY!;
  }

  call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    return callApi<T>(
      { baseUrl: this.baseUrl, adminKey: this.adminKey, label: 'the test app' },
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
  delete = <T = any>(path: string, options?: CallOptions) => this.call<T>('DELETE', path, options);

  query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryAt<T>(this.config.DATABASE_URL, sql, params);
  }

  async stop(): Promise<void> {
    await this.app.close();
    await dropDatabase(this.databaseName);
    await deleteRedisKeys(REDIS_URL, this.config.QUEUE_PREFIX);
  }
}
