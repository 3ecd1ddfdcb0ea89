import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const NEST_LEVELS: Record<string, LogLevel[]> = {
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

// Application logs as one JSON object a line (Nest's JSON console logger).
export function appLogger(level: string): ConsoleLogger | false {
  if (level === 'silent') return false;
  return new ConsoleLogger({ json: true, logLevels: NEST_LEVELS[level] ?? NEST_LEVELS.info });
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

// Keeps a caller's X-Request-Id when it is sane, else makes one; echoed on every response.
export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

// Fastify's own logger is pino: JSON with the request id on every line. Per-request access
// logging is off (the click path would write thousands of lines a second); errors are logged.
export function fastifyLoggerOptions(level: string) {
  return level === 'silent' ? false : { level };
}
