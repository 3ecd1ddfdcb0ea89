import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error';
import type { ErrorBody } from './error-body-view';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'headers_too_large',
  503: 'service_unavailable',
};

// Nest re-wraps Fastify's body parser errors as plain HttpExceptions, losing their codes.
const JSON_BODY_ERROR = /not valid JSON|content-type is set to 'application\/json'/;

// PostgreSQL/Redis connectivity failures: the service is degraded, not broken.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  '57P01',
  '57P03',
  '53300',
]);

export function toErrorBody(exception: unknown): ErrorBody | null {
  if (exception instanceof DomainError) {
    return {
      statusCode: exception.statusCode,
      error: exception.code,
      message: exception.message,
      details: exception.details,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : [(response as { message?: unknown }).message].flat().join('; ') || exception.message;
    const error =
      status === 400 && JSON_BODY_ERROR.test(message)
        ? 'invalid_json'
        : (CODE_BY_STATUS[status] ?? `http_${status}`);
    return { statusCode: status, error, message, details: [] };
  }
  // Errors raised by Fastify itself before a handler runs (bad JSON, body too large, wrong type).
  const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    const error = CODE_BY_STATUS[status] ?? `http_${status}`;
    return {
      statusCode: status,
      error,
      message: fastifyError.message ?? 'Bad request',
      details: [],
    };
  }
  if (
    UNAVAILABLE_CODES.has(String((exception as { code?: unknown })?.code)) ||
    isPoolTimeout(exception)
  ) {
    return {
      statusCode: 503,
      error: 'service_unavailable',
      message: 'A backing service is unavailable; try again shortly',
      details: [],
    };
  }
  return null;
}

function isPoolTimeout(exception: unknown): boolean {
  const message = (exception as { message?: unknown })?.message;
  return (
    typeof message === 'string' &&
    /timeout exceeded when trying to connect|Connection terminated/i.test(message)
  );
}

// Node's HTTP parser refused the request (headers or request line too large, bad syntax):
// no route ran, so the answer is written on the socket, still in the SPEC §3 shape.
export function rejectMalformedRequest(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code] =
    error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'headers_too_large'] : [400, 'bad_request'];
  const body = JSON.stringify({
    statusCode: status,
    error: code,
    message: 'Malformed or oversized request',
    details: [],
  });
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `connection: close\r\n\r\n${body}`,
  );
}

const ERRORS_CONTEXT = 'Errors';

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    // Fastify's request logger carries the request id, on the hot paths too (where pino-http,
    // and with it the request-scoped logger of `new Logger(...)`, does not run).
    const body = toErrorBody(exception) ?? this.internalError(exception, request.log);
    if (body.statusCode === 503) {
      request.log.warn(
        { context: ERRORS_CONTEXT },
        `503 for request ${request.id}: ${(exception as Error)?.message}`,
      );
    }
    void reply
      .status(body.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .send(body);
  }

  private internalError(exception: unknown, log: FastifyBaseLogger): ErrorBody {
    const errorId = randomUUID();
    log.error({ context: ERRORS_CONTEXT, errorId, err: exception }, `Unhandled error ${errorId}`);
    return {
      statusCode: 500,
      error: 'internal_error',
      message: `Internal error; quote error id ${errorId} when reporting it`,
      details: [],
      errorId,
    };
  }
}
