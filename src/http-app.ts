import { NotFoundException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  LogController,
} from 'fastify';
import { AppModule } from './app.module';
import { auditContextStorage, trackAuditContext } from './audit/audit-context';
import { lazyChildLogger } from './common/lazy-child-logger';
import { nestPinoStorage, switchOffContextsBetweenRequests } from './common/request-contexts';
import {
  AllExceptionsFilter,
  rejectMalformedRequest,
  toErrorBody,
} from './common/errors/all-exceptions.filter';
import { useBodyParsers } from './common/body-parsers';
import { AppLogging, createLogging, requestId, urlPath } from './common/logging';
import { ApiValidationPipe } from './common/errors/api-validation.pipe';
import { AppConfig, parseTrustProxy } from './config/app-config';
import { mountConsole } from './console/console-static';
import { buildOpenApiDocument } from './openapi';
import { mountQueueDashboard } from './queue/queue-dashboard';

export const BODY_LIMIT_BYTES = 256 * 1024;

// All a worker serves: liveness, readiness and its metrics (for probes and Prometheus).
const WORKER_ROUTES = new Set(['/health', '/health/ready', '/metrics']);

// The HTTP application, shared by `main.ts` and the e2e tests so both run the same pipeline.
// ROLE=worker gets it too, answering only WORKER_ROUTES.
export async function createHttpApp(
  config: AppConfig,
  logging: AppLogging = createLogging(config),
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: 200 },
    trustProxy: parseTrustProxy(config.TRUST_PROXY),
    // A HEAD on /postback/:key or /click must not record anything.
    exposeHeadRoutes: false,
    // No Nest middleware here (hooks instead): without it, @fastify/middie would still run its
    // chain on every request, /click's included (~6 % of a click's CPU in a profile).
    skipMiddie: true,
    // Fastify's own lines (request.log, with the request id) go to the same pino as the rest;
    // the access lines are pino-http's, so Fastify writes none.
    loggerInstance: logging.root,
    childLoggerFactory: lazyChildLogger,
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestId,
    // Router errors (an over-long path parameter, a bad URL) and malformed HTTP answered by Node
    // keep the SPEC §3 error shape too.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const body = toErrorBody(error) ?? {
        statusCode: 400,
        error: 'bad_request',
        message: error.message,
        details: [],
      };
      void reply.code(body.statusCode).send(body);
    },
    clientErrorHandler: (error, socket) => rejectMalformedRequest(error, socket),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config),
    adapter,
    // Our own parsers (src/common/body-parsers.ts) instead of Nest's.
    { logger: logging.nest, bodyParser: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  useBodyParsers(fastify);
  switchOffContextsBetweenRequests(
    fastify,
    [auditContextStorage, nestPinoStorage()].filter((s) => s !== undefined),
  );
  logging.logRequests(fastify);
  trackAuditContext(fastify);
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.useGlobalPipes(new ApiValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  if (config.ROLE === 'worker') {
    serveOnly(fastify, WORKER_ROUTES);
    return app;
  }

  const document = await buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await mountQueueDashboard(app);
  await mountConsole(fastify);
  return app;
}

// The worker's modules hold the API's controllers too (the services they share): every other
// route answers 404 before anything runs, as an unknown route does.
function serveOnly(fastify: FastifyInstance, paths: Set<string>): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const path = urlPath(request.url);
    if (request.method === 'GET' && paths.has(path)) return;
    const body = toErrorBody(new NotFoundException(`Cannot ${request.method} ${path}`))!;
    return reply.code(404).header('content-type', 'application/json; charset=utf-8').send(body);
  });
}
