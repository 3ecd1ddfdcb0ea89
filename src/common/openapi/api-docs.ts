import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiParam,
  ApiProperty,
  ApiResponse,
  ApiSecurity,
  DECORATORS,
  getSchemaPath,
  SchemaObject,
} from '@nestjs/swagger';
import { ErrorBody } from '../errors/error-body-view';

// Decorators that keep the OpenAPI document (/docs-json) complete without repeating the same
// response and security blocks on every route. Schemas of DTOs and views come from the swagger
// plugin's metadata (src/openapi-metadata.ts); these add what types can't say.

// Security scheme names, declared in src/openapi.ts; any one of KEY_SCHEMES authenticates.
export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'apiKey';
// A person's console session (cookie; unsafe methods also need the X-CSRF-Token header).
export const SESSION_SCHEME = 'session';
export const KEY_SCHEMES = [BEARER_SCHEME, API_KEY_SCHEME, SESSION_SCHEME];

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 429 | 503;

const ERROR_MEANINGS: Record<ErrorStatus, string> = {
  400: 'Invalid request; details name the failing fields',
  401: 'No API key or session, or one that is not valid',
  403: 'The key may not do this (its role or scope)',
  404: 'Not found, or outside the key’s scope',
  409: 'Conflicts with the current state',
  410: 'Gone',
  429: 'Too many requests for this key; retry after the Retry-After seconds',
  503: 'A backing service is unavailable; retry shortly',
};

// `ApiErrors(400, 404)`, or with the route's own words: `ApiErrors([410, 'Offer paused'])`.
// Every error has the SPEC §3 body, one ErrorBody schema.
export function ApiErrors(...errors: (ErrorStatus | [ErrorStatus, string])[]) {
  return applyDecorators(
    ...errors.map((error) => {
      const [status, description] = Array.isArray(error) ? error : [error, ERROR_MEANINGS[error]];
      return ApiResponse({ status, description, type: ErrorBody });
    }),
  );
}

// On a controller behind the API key guard: any scheme carries the key (each its own security
// requirement, so they are alternatives), and the guard's own refusals apply to every route.
export function ApiKeyAuth() {
  return applyDecorators(...KEY_SCHEMES.map((name) => ApiSecurity(name)), ApiErrors(401, 429));
}

// No key: an empty security list on the operation. Nest's decorators can't express it (an empty
// ApiSecurity is dropped), so it goes on the operation object; on a controller, on each of its
// routes. Applied by @Public().
export function ApiNoAuth(): ClassDecorator & MethodDecorator {
  // Merged by hand: ApiOperation() would reset an existing summary to ''.
  const noSecurity = (_target: object, _key: string | symbol, method: PropertyDescriptor) => {
    const operation = Reflect.getMetadata(DECORATORS.API_OPERATION, method.value) ?? {};
    Reflect.defineMetadata(DECORATORS.API_OPERATION, { ...operation, security: [] }, method.value);
  };
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (key !== undefined && descriptor) {
      noSecurity(target, key, descriptor);
      return;
    }
    const prototype = (target as Type).prototype as object;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, name)!;
      if (name !== 'constructor' && typeof method.value === 'function') {
        noSecurity(prototype, name, method);
      }
    }
  };
}

// A property that maps names to values (headers, macro samples), which the plugin sees as a
// bare object: string values unless told.
export const ApiRecord = (values: SchemaObject = { type: 'string' }) =>
  ApiProperty({ type: 'object', additionalProperties: values });

// A path parameter holding a UUID (conversions, deliveries).
export const ApiUuidParam = (name = 'id') => ApiParam({ name, type: 'string', format: 'uuid' });

// SPEC §3 lists: `{items, nextCursor}` with the item's schema.
export function ApiPage(item: Type, description?: string) {
  return applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['items', 'nextCursor'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          nextCursor: {
            type: 'string',
            nullable: true,
            description: 'Pass as ?cursor= for the next page; null on the last one',
          },
        },
      },
    }),
  );
}
