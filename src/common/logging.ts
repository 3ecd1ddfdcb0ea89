import { LoggerService, RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import type { AppConfig, LogFormat } from '../config/app-config';

// What the process logs with: one pino instance behind Fastify, pino-http and Nest's Logger.
export interface AppLogging {
  root: pino.Logger;
  // nestjs-pino's module parameters (the pino-http middleware and the routes it skips).
  params: Params;
  // Nest's LoggerService over the same pino: bootstrap lines and every `new Logger(...)`.
  nest: LoggerService;
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
const HOT_ROUTES = [
  { path: 'click', method: RequestMethod.GET },
  { path: 'impression', method: RequestMethod.GET },
  { path: 'postback/:postbackKey', method: RequestMethod.ALL },
];

// An advertiser's postback key is its credential: it never reaches a log line.
export function loggedUrl(url: string): string {
  return url.replace(/^\/postback\/[^/?#]+/, '/postback/[key]');
}

interface LoggedRequest {
  method: string;
  url: string;
  raw: IncomingMessage & { ip?: string };
}

// The access line names the request and its outcome, never its headers (Authorization).
const ACCESS_LOG_SERIALIZERS = {
  req: (req: LoggedRequest) => ({
    method: req.method,
    url: loggedUrl(req.url),
    remoteAddress: req.raw.ip,
  }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
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
    },
    destination,
  );
  if (prettyMissing) {
    root.warn('LOG_FORMAT=pretty needs pino-pretty (a devDependency), not installed: logging JSON');
  }
  const params: Params = {
    pinoHttp: {
      logger: root,
      // @fastify/middie copies Fastify's request id (requestId above) onto the raw request first.
      genReqId: requestId,
      // Service lines of a request carry just `reqId`; the access line adds req, res and timing.
      quietReqLogger: true,
      quietResLogger: true,
      serializers: ACCESS_LOG_SERIALIZERS,
      customSuccessObject: (req, _res, fields) => ({ req, ...fields }),
      customErrorObject: (req, _res, _error, fields) => ({ req, ...fields }),
      customSuccessMessage: accessMessage,
      customErrorMessage: accessMessage,
    },
    exclude: options.LOG_HOT_PATHS ? undefined : HOT_ROUTES,
  };
  // Built by hand (not by Nest's container) so that lines written before the application exists,
  // its own bootstrap lines included, are pino already.
  const nest = new NestPinoLogger(new PinoLogger(params), params);
  return { root, params, nest };
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
