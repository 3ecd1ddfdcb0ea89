import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { request } from 'undici';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { runMigrations } from '../../src/database/migrate';
import { createHttpApp } from '../../src/http-app';
import { randomToken } from '../../src/common/ids';
import { deleteRedisKeys, dropDatabase, queryAt, REDIS_URL, SERVER_URL } from './backing-services';

export interface ApiResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
}

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

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

  async call<T = any>(
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<ApiResponse<T>> {
    const key = options.key === undefined ? this.adminKey : options.key;
    const headers: Record<string, string> = { ...options.headers };
    if (key) headers.authorization = `Bearer ${key}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await request(`${this.baseUrl}${path}`, {
      method: method as any,
      headers,
      body,
    });
    const text = await response.body.text();
    let parsed: unknown = text;
    if (String(response.headers['content-type'] ?? '').includes('json') && text)
      parsed = JSON.parse(text);
    return { status: response.statusCode, headers: response.headers, body: parsed as T, text };
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
