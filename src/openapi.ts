import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_SCHEME, BEARER_SCHEME, SESSION_SCHEME } from './common/openapi/api-docs';
import readPluginMetadata from './openapi-metadata';
import { SESSION_COOKIE } from './users/session-cookie';

// The OpenAPI document of /docs-json. Body, query and response schemas come from the
// @nestjs/swagger plugin's metadata (src/openapi-metadata.ts, written by `npm run api:generate`
// from the DTO and entity types), so the document and the console's typed client never drift
// from the code: CI runs `npm run api:check`.
export async function buildOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  await SwaggerModule.loadPluginMetadata(readPluginMetadata);
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Postback Manager')
      .setDescription('Clicks, conversions, postback rules and deliveries (see SPEC)')
      .setVersion(process.env.npm_package_version ?? '0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key' }, BEARER_SCHEME)
      .addApiKey(
        { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'The same API key' },
        API_KEY_SCHEME,
      )
      .addCookieAuth(
        SESSION_COOKIE,
        {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'A console session (POST /auth/sign-in); unsafe methods need X-CSRF-Token',
        },
        SESSION_SCHEME,
      )
      .build(),
  );
}
