import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent, errors, request } from 'undici';
import { AppConfig } from '../../config/app-config';
import { parseCidrList } from '../../common/cidr';
import { AddressPolicy } from './address-policy';
import type { AttemptErrorCode } from './attempt-outcome';
import { DESTINATION_NOT_ALLOWED, guardedConnector } from './guarded-connector';
import { parseRetryAfter } from './retry-policy';

export const MAX_RESPONSE_READ_BYTES = 64 * 1024;
export const MAX_RESPONSE_KEEP_BYTES = 4 * 1024;
export const USER_AGENT = `postback-manager/${process.env.npm_package_version ?? '0.1.0'}`;

export interface OutboundRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body: string | null;
  timeoutMs: number;
}

export interface SendResult {
  statusCode: number | null;
  error: AttemptErrorCode | null;
  errorMessage: string | null;
  responseBody: string | null;
  retryAfterMs: number | null;
  durationMs: number;
}

// One keep-alive dispatcher for every outbound request; per-origin connection cap = fairness.
@Injectable()
export class PostbackSender implements OnApplicationShutdown {
  private readonly agent: Agent;

  constructor(config: AppConfig) {
    const policy = new AddressPolicy(parseCidrList(config.POSTBACK_ALLOWED_CIDRS));
    this.agent = new Agent({
      connections: config.POSTBACK_MAX_CONNECTIONS_PER_ORIGIN,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: guardedConnector(policy, 10_000),
    });
  }

  async send(req: OutboundRequest): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body ?? undefined,
        dispatcher: this.agent,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
        signal: AbortSignal.timeout(req.timeoutMs),
        maxRedirections: 0,
      } as Parameters<typeof request>[1]);
      const { text, tooLarge } = await readBounded(response.body);
      return {
        statusCode: response.statusCode,
        error: tooLarge ? 'response_too_large' : null,
        errorMessage: redirectTarget(response.statusCode, response.headers.location),
        responseBody: text,
        retryAfterMs: parseRetryAfter(response.headers['retry-after'], Date.now()),
        durationMs: elapsed(),
      };
    } catch (error) {
      const [code, message] = classifyError(error);
      return {
        statusCode: null,
        error: code,
        errorMessage: message,
        responseBody: null,
        retryAfterMs: null,
        durationMs: elapsed(),
      };
    }
  }

  // Not onModuleDestroy: Nest runs every module's destroy hook before the workers stop taking jobs
  // (beforeApplicationShutdown), and jobs taken in between would fail on a closed agent.
  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}

// Reads at most 64 KiB, keeps the first 4 KiB; a huge or endless body can't pin a worker.
async function readBounded(
  body: AsyncIterable<Buffer> & { destroy(): void },
): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let read = 0;
  for await (const chunk of body) {
    read += chunk.length;
    if (read <= MAX_RESPONSE_KEEP_BYTES || chunks.length === 0) chunks.push(chunk);
    if (read > MAX_RESPONSE_READ_BYTES) {
      body.destroy();
      return { text: keep(chunks), tooLarge: true };
    }
  }
  return { text: keep(chunks), tooLarge: false };
}

function keep(chunks: Buffer[]): string {
  return Buffer.concat(chunks).subarray(0, MAX_RESPONSE_KEEP_BYTES).toString('utf8');
}

// Redirects are never followed; the log says where one pointed ("Location: …", see attempt-error-text).
function redirectTarget(status: number, location: string | string[] | undefined): string | null {
  if (status < 300 || status > 399 || typeof location !== 'string') return null;
  return `Location: ${location}`.slice(0, 1000);
}

function classifyError(error: unknown): [AttemptErrorCode, string] {
  const e = error as {
    code?: string;
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  const message = (e.cause?.message ?? e.message ?? String(error)).slice(0, 1000);
  if (e.code === DESTINATION_NOT_ALLOWED || e.cause?.code === DESTINATION_NOT_ALLOWED) {
    return ['destination_not_allowed', message];
  }
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError ||
    e.name === 'TimeoutError' ||
    e.name === 'AbortError'
  ) {
    return ['timeout', message];
  }
  if (e.code === 'ERR_INVALID_URL' || error instanceof errors.InvalidArgumentError)
    return ['invalid_url', message];
  return ['network_error', message];
}
