import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent, Client, Dispatcher, errors, Pool, request } from 'undici';
import { withTimeout } from '../../common/timeout';
import { AppConfig } from '../../config/app-config';
import { parseCidrList } from '../../common/cidr';
import { HEADER_NAME, TRANSPORT_HEADERS } from '../templates/header-checks';
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
  // Our own sends in progress; what undici still holds once a deadline passed is abandoned.
  private inFlight = 0;
  private readonly whenIdle: (() => void)[] = [];

  constructor(config: AppConfig) {
    const policy = new AddressPolicy(parseCidrList(config.POSTBACK_ALLOWED_CIDRS));
    this.agent = createDispatcher({
      connections: config.POSTBACK_MAX_CONNECTIONS_PER_ORIGIN,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: guardedConnector(policy, CONNECT_TIMEOUT_MS),
    });
  }

  // Never throws, and settles within req.timeoutMs whatever the receiver, the network or the
  // connection pool do: queued for a connection, connecting, waiting for headers, reading the body.
  async send(req: OutboundRequest): Promise<SendResult> {
    this.inFlight++;
    try {
      return await this.sendOnce(req);
    } finally {
      if (--this.inFlight === 0) for (const wake of this.whenIdle.splice(0)) wake();
    }
  }

  private async sendOnce(req: OutboundRequest): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const problem = requestProblem(req);
    if (problem !== null) return noResponse('invalid_request', problem, elapsed());
    const progress: Progress = {
      statusCode: null,
      retryAfterMs: null,
      chunks: [],
      tooLarge: false,
      redirect: null,
    };
    const abort = new AbortController();
    try {
      const finished = await withTimeout(
        this.exchange(req, abort.signal, progress).then(() => true),
        req.timeoutMs,
        () => false,
      );
      if (!finished) {
        // Frees the socket or the pool's queue entry; whatever undici does next goes unheard.
        abort.abort(new Error(`deadline of ${req.timeoutMs} ms passed`));
        const stage = progress.statusCode === null ? 'no response' : 'response body not finished';
        return answered(progress, 'timeout', `${stage} within ${req.timeoutMs} ms`, elapsed());
      }
      return answered(progress, progress.tooLarge ? 'response_too_large' : null, null, elapsed());
    } catch (error) {
      const [code, message] = classifyError(error);
      // A status that arrived still decides; only the body was cut short.
      return answered(progress, code, message, elapsed());
    }
  }

  private async exchange(req: OutboundRequest, signal: AbortSignal, progress: Progress) {
    // A 3xx is answered, not followed: undici follows no redirect without its redirect interceptor.
    const response = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body ?? undefined,
      dispatcher: this.agent,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
      signal,
    });
    progress.statusCode = response.statusCode;
    progress.retryAfterMs = parseRetryAfter(response.headers['retry-after'], Date.now());
    progress.redirect = redirectTarget(response.statusCode, response.headers.location);
    progress.tooLarge = await readBounded(response.body, progress.chunks);
  }

  // Not onModuleDestroy: Nest runs every module's destroy hook before the workers stop taking jobs
  // (beforeApplicationShutdown), and jobs taken in between would fail on a closed agent.
  // Sends in progress finish (each within its timeoutMs); requests they abandoned at their
  // deadline (a connect that never completes) must not hold shutdown, so the agent is destroyed.
  async onApplicationShutdown(): Promise<void> {
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.whenIdle.push(resolve));
    await this.agent.destroy();
  }
}

const CONNECT_TIMEOUT_MS = 10_000;

interface Progress {
  statusCode: number | null;
  retryAfterMs: number | null;
  chunks: Buffer[];
  tooLarge: boolean;
  // `Location: …` of a 3xx (never followed), so the log can say where it pointed.
  redirect: string | null;
}

function answered(
  progress: Progress,
  error: AttemptErrorCode | null,
  errorMessage: string | null,
  durationMs: number,
): SendResult {
  if (progress.statusCode === null)
    return noResponse(error ?? 'network_error', errorMessage, durationMs);
  return {
    statusCode: progress.statusCode,
    error,
    errorMessage: errorMessage ?? progress.redirect,
    responseBody: keep(progress.chunks),
    retryAfterMs: progress.retryAfterMs,
    durationMs,
  };
}

function noResponse(
  error: AttemptErrorCode,
  errorMessage: string | null,
  durationMs: number,
): SendResult {
  return {
    statusCode: null,
    error,
    errorMessage,
    responseBody: null,
    retryAfterMs: null,
    durationMs,
  };
}

// undici's own checks on a request target and header values; ours are stricter for values.
const INVALID_TARGET = /[^\u0021-\u00ff]/;
const NOT_PRINTABLE_ASCII = /[^\t\x20-\x7e]/;

// What undici would refuse (or send ambiguously) in this request, checked before it is
// dispatched: a refusal must be an attempt's answer, not an error deep in the pool.
export function requestProblem(req: OutboundRequest): string | null {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return `URL is not valid: ${req.url.slice(0, 300)}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `URL must be http or https, not ${url.protocol}`;
  }
  if (INVALID_TARGET.test(url.pathname + url.search))
    return "URL path has characters HTTP can't carry";
  for (const [name, value] of Object.entries(req.headers)) {
    if (!HEADER_NAME.test(name)) return `header name "${name.slice(0, 100)}" is not valid`;
    if (TRANSPORT_HEADERS.has(name.toLowerCase()))
      return `header ${name} is set by the HTTP client`;
    if (NOT_PRINTABLE_ASCII.test(value)) return `header ${name} has characters HTTP can't carry`;
  }
  return null;
}

// undici's Pool marks a connection busy when a request dispatched to it is refused on the spot
// (an invalid header, say), and nothing ever marks it free again: after `connections` such
// refusals every later request to that origin queued forever. A refused request adds nothing
// to the connection's work, so this tells the pool it is as free as before (unless it is
// closing, when busy is the truth).
class RefusalSafeClient extends Client {
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
    const before = this.stats.size;
    if (super.dispatch(options, handler)) return true;
    return !this.closed && !this.destroyed && this.stats.size <= before;
  }
}

export function createDispatcher(options: Agent.Options & Pool.Options): Agent {
  return new Agent({
    ...options,
    factory: (origin, opts) =>
      new Pool(origin, {
        ...opts,
        factory: (o, clientOpts) => new RefusalSafeClient(o, clientOpts),
      }),
  });
}

// Reads at most 64 KiB, keeps the first 4 KiB (in `chunks`, so a deadline keeps what came);
// a huge or endless body can't pin a worker. True when the body was over 64 KiB.
async function readBounded(
  body: AsyncIterable<Buffer> & { destroy(): void },
  chunks: Buffer[],
): Promise<boolean> {
  let read = 0;
  for await (const chunk of body) {
    read += chunk.length;
    if (read <= MAX_RESPONSE_KEEP_BYTES || chunks.length === 0) chunks.push(chunk);
    if (read > MAX_RESPONSE_READ_BYTES) {
      body.destroy();
      return true;
    }
  }
  return false;
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
    return ['invalid_request', message];
  return ['network_error', message];
}
