import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FastifyError, FastifyReply, FastifyRequest, LogController } from 'fastify';
import { AppModule } from './app.module';
import {
  AllExceptionsFilter,
  rejectMalformedRequest,
  toErrorBody,
} from './common/errors/all-exceptions.filter';
import { useBodyParsers } from './common/body-parsers';
import { appLogger, fastifyLoggerOptions, requestId } from './common/logging';
import { ApiValidationPipe } from './common/errors/api-validation.pipe';
import { AppConfig, parseTrustProxy } from './config/app-config';
import { mountQueueDashboard } from './queue/queue-dashboard';

export const BODY_LIMIT_BYTES = 256 * 1024;

// The HTTP application, shared by `main.ts` and the e2e tests so both run the same pipeline.
export async function createHttpApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: 200 },
    trustProxy: parseTrustProxy(config.TRUST_PROXY),
    // A HEAD on /postback/:key or /click must not record anything.
    exposeHeadRoutes: false,
    logger: fastifyLoggerOptions(config.LOG_LEVEL),
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
    { logger: appLogger(config.LOG_LEVEL), bodyParser: false },
  );
  useBodyParsers(app.getHttpAdapter().getInstance());
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
  app.useGlobalPipes(new ApiValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Postback Manager')
      .setDescription('Clicks, conversions, postback rules and deliveries (see SPEC)')
      .setVersion(process.env.npm_package_version ?? '0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await mountQueueDashboard(app);
  return app;
}
