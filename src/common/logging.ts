import { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import pinoHttp, { Options as PinoHttpOptions } from 'pino-http';
import type { AppConfig, LogFormat } from '../config/app-config';

// What the process logs with: one pino instance behind Fastify, pino-http and Nest's Logger.
export interface AppLogging {
  root: pino.Logger;
  // Nest's LoggerService over the same pino: bootstrap lines and every `new Logger(...)`.
  nest: LoggerService;
  // Per request (src/http-app.ts): the access line, and the request id on every line written
  // through Nest's Logger while the request is handled.
  logRequests(fastify: FastifyInstance): void;
}

export type LoggingOptions = Pick<AppConfig, 'LOG_LEVEL' | 'LOG_FORMAT' | 'LOG_HOT_PATHS'>;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

// Keeps a caller's X-Request-Id when it is sane, else makes one; echoed on every response.
export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

// The tracking hot paths: a busy network sends thousands a second, so by default they get no
// access line and no request-scoped logger (LOG_HOT_PATHS=true logs them like any request).
export function isHotPath(url: string): boolean {
  const path = urlPath(url);
  return path === '/click' || path === '/impression' || path.startsWith('/postback/');
}

// A request URL without its query string.
export function urlPath(url: string): string {
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}

// Every `err` any line carries (root, Fastify's request loggers, the access line): type, message
// and stack only. pino's own serializer copies every enumerable property, and a failed query
// carries its bind values (`parameters`, pg's `detail`): postback keys, secrets.
export function loggableError(error: unknown): { type: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  return { type: error.name, message: error.message, stack: error.stack };
}

// Credentials in paths never reach a log line: an advertiser's postback key, and the one-time
// tokens of invites and portal links (the console's invite page included).
const SECRET_IN_PATH = /^\/(postback|auth\/invites|auth\/portal|app\/invite)\/[^/?#]+/;

export function loggedUrl(url: string): string {
  return url.replace(
    SECRET_IN_PATH,
    (_match, prefix: string) => `/${prefix}/[${prefix === 'postback' ? 'key' : 'token'}]`,
  );
}

interface LoggedRequest {
  method: string;
  url: string;
  raw: IncomingMessage & { clientIp?: string };
}

// The access line names the request and its outcome, never its headers (Authorization).
const ACCESS_LOG_SERIALIZERS = {
  req: (req: LoggedRequest) => ({
    method: req.method,
    url: loggedUrl(req.url),
    remoteAddress: req.raw.clientIp,
  }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
  err: loggableError,
};

function accessMessage(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) {
  return `${req.method} ${loggedUrl(req.originalUrl ?? req.url ?? '')} ${res.statusCode}`;
}

export function createLogging(options: LoggingOptions, output?: LogOutput): AppLogging {
  const { destination, prettyMissing } = output ?? logOutput(options.LOG_FORMAT);
  const root = pino(
    {
      level: options.LOG_LEVEL,
      // Labels read better than pino's numbers, and every log tool understands them.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: loggableError },
    },
    destination,
  );
  if (prettyMissing) {
    root.warn('LOG_FORMAT=pretty needs pino-pretty (a devDependency), not installed: logging JSON');
  }
  const httpOptions: PinoHttpOptions = {
    logger: root,
    // Fastify's id (requestId above), set on the raw request before pino-http sees it.
    genReqId: requestId,
    // Service lines of a request carry just `reqId`; the access line adds req, res and timing.
    quietReqLogger: true,
    quietResLogger: true,
    serializers: ACCESS_LOG_SERIALIZERS,
    customSuccessObject: (req, _res, fields) => ({ req, ...fields }),
    customErrorObject: (req, _res, _error, fields) => ({ req, ...fields }),
    customSuccessMessage: accessMessage,
    customErrorMessage: accessMessage,
  };
  // Built by hand (not by Nest's container) so that lines written before the application exists,
  // its own bootstrap lines included, are pino already.
  const requestScope = new PinoLogger({ pinoHttp: httpOptions });
  const nest = new NestPinoLogger(requestScope, {});
  const accessLog = pinoHttp(httpOptions);

  // A Fastify hook rather than nestjs-pino's LoggerModule: that one mounts pino-http through
  // @fastify/middie, whose per-request work (and Nest's route exclusion check) every /click paid
  // even when excluded, ~15 % more CPU per click in a rough A/B on this machine. Here a hot
  // path costs one string comparison.
  const logRequests = (fastify: FastifyInstance) => {
    fastify.addHook('onRequest', (request, reply, done) => {
      if (!options.LOG_HOT_PATHS && isHotPath(request.url)) return done();
      request.raw.id = request.id;
      // Fastify's ip, which honours TRUST_PROXY; the socket's address may be the balancer's.
      (request.raw as IncomingMessage & { clientIp?: string }).clientIp = request.ip;
      accessLog(request.raw, reply.raw);
      // The rest of the request runs with a logger bound to its id (AsyncLocalStorage).
      requestScope.runInContext(done, { bindings: { reqId: request.id } });
    });
  };
  return { root, nest, logRequests };
}

export interface LogOutput {
  destination: pino.DestinationStream;
  prettyMissing?: boolean;
}

function logOutput(format: LogFormat): LogOutput {
  // Synchronous writes: a line logged just before process.exit() is not lost.
  const json = pino.destination({ dest: 1, sync: true });
  if (format === 'json') return { destination: json };
  const pretty = loadPinoPretty();
  if (pretty === undefined) return { destination: json, prettyMissing: true };
  return {
    // One line where it can: the context leads the message, the access line's req and res are
    // already in its message ("GET /api/offers 200").
    destination: pretty({
      sync: true,
      translateTime: 'SYS:HH:MM:ss.l',
      messageFormat: '{if context}[{context}] {end}{msg}',
      ignore: 'pid,hostname,context,req,res',
    }),
  };
}

type PrettyFactory = (options: Record<string, unknown>) => pino.DestinationStream;

// pino-pretty is a devDependency: a production image without it logs JSON instead of crashing.
function loadPinoPretty(): PrettyFactory | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('pino-pretty') as PrettyFactory;
  } catch {
    return undefined;
  }
}
