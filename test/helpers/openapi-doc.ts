import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  REDIRECT_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  RESPONSE_PASSTHROUGH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { PUBLIC_KEY, ROLES_KEY } from '../../src/common/auth/auth.decorators';

// Reading an OpenAPI 3.0 document (/docs-json) in tests: its operations, its schemas with
// `$ref`s resolved, and whether a JSON value is what a schema describes.

export type Schema = Record<string, any>;
export type OpenApiDoc = { paths: Record<string, Record<string, any>>; components: any };

export interface Operation {
  method: string;
  path: string;
  op: Record<string, any>;
  label: string;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => item[m]).map((method) => ({
      method,
      path,
      op: item[method],
      label: `${method.toUpperCase()} ${path}`,
    })),
  );
}

export function resolve(doc: OpenApiDoc, schema: Schema | undefined): Schema | undefined {
  let current = schema;
  while (current?.$ref) {
    const name = String(current.$ref).replace('#/components/schemas/', '');
    current = doc.components.schemas[name];
    if (!current) throw new Error(`unresolved ${schema!.$ref}`);
  }
  return current;
}

// The properties a schema gives an object, through $ref and allOf.
export function propertiesOf(doc: OpenApiDoc, schema: Schema | undefined): Record<string, Schema> {
  const resolved = resolve(doc, schema);
  if (!resolved) return {};
  const own = resolved.properties ?? {};
  const inherited = (resolved.allOf ?? []).map((part: Schema) => propertiesOf(doc, part));
  return Object.assign({}, ...inherited, own);
}

// What is wrong with `value` as an instance of `schema` (empty when nothing).
export function schemaProblems(
  doc: OpenApiDoc,
  schema: Schema,
  value: unknown,
  at = '$',
): string[] {
  const s = resolve(doc, schema)!;
  if (value === null) return s.nullable ? [] : [`${at} is null, not nullable`];
  // A schema that constrains nothing (an audit entry's before/after) takes any JSON value.
  if (Object.keys(s).every((key) => key === 'nullable' || key === 'description')) return [];
  if (s.allOf) return s.allOf.flatMap((part: Schema) => schemaProblems(doc, part, value, at));
  if (s.oneOf) {
    const fits = s.oneOf.some((part: Schema) => schemaProblems(doc, part, value, at).length === 0);
    return fits ? [] : [`${at} matches none of oneOf`];
  }
  if (s.enum && !s.enum.includes(value)) return [`${at} = ${JSON.stringify(value)} not in enum`];
  switch (s.type) {
    case 'string':
      if (typeof value !== 'string') return [`${at} is not a string`];
      if (s.format === 'date-time' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value))
        return [`${at} = ${value} is not an ISO date-time`];
      return [];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at} is not an integer`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at} is not a number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at} is not a boolean`];
    case 'array':
      if (!Array.isArray(value)) return [`${at} is not an array`];
      return value.flatMap((item, i) => schemaProblems(doc, s.items, item, `${at}[${i}]`));
    default:
      return objectProblems(doc, s, value, at);
  }
}

function objectProblems(doc: OpenApiDoc, s: Schema, value: unknown, at: string): string[] {
  if (typeof value !== 'object' || Array.isArray(value)) return [`${at} is not an object`];
  const record = value as Record<string, unknown>;
  const properties = s.properties ?? {};
  const problems = (s.required ?? [])
    .filter((name: string) => !(name in record))
    .map((name: string) => `${at}.${name} is required but missing`);
  for (const [name, item] of Object.entries(record)) {
    const property = properties[name] ?? s.additionalProperties;
    if (property === undefined || property === false) {
      problems.push(`${at}.${name} is not in the schema`);
    } else if (property !== true) {
      problems.push(...schemaProblems(doc, property, item, `${at}.${name}`));
    }
  }
  return problems;
}

// A route as Nest knows it, to hold the document against: the DTOs its handler reads, whether
// it needs a key, the roles it allows and the status it answers by default.
export interface Route {
  operationId: string;
  queryDto?: Type;
  bodyDto?: Type;
  isPublic: boolean;
  roles: string[] | undefined;
  // Nest's status for the route (Redirect's, HttpCode, else 201 for POST, 200 otherwise); undefined when
  // the handler writes the reply itself (@Res()).
  defaultStatus: number | undefined;
}

export function routesOf(app: INestApplication): Route[] {
  const controllers = [...app.get(ModulesContainer).values()].flatMap((module) =>
    [...module.controllers.values()].map((wrapper) => wrapper.metatype as Type),
  );
  return [...new Set(controllers)].flatMap((controller) => {
    const prototype = controller.prototype;
    return Object.getOwnPropertyNames(prototype)
      .filter((name) => name !== 'constructor')
      .filter((name) => Reflect.getMetadata(PATH_METADATA, prototype[name]) !== undefined)
      .map((name) => routeOf(controller, name));
  });
}

function routeOf(controller: Type, name: string): Route {
  const handler = controller.prototype[name];
  const args: Record<string, { index: number }> =
    Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {};
  const types: Type[] = Reflect.getMetadata('design:paramtypes', controller.prototype, name);
  const argOf = (kind: RouteParamtypes) => {
    const key = Object.keys(args).find((k) => k.startsWith(`${kind}:`));
    return key === undefined ? undefined : { ...args[key], type: types[args[key].index] };
  };
  // A DTO class; Object when typed as an interface (the tracking links read theirs by hand).
  const dto = (kind: RouteParamtypes) => {
    const type = argOf(kind)?.type;
    return type && type !== Object ? type : undefined;
  };
  const own = <T>(key: string): T | undefined =>
    Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
  const writesReply =
    argOf(RouteParamtypes.RESPONSE) !== undefined &&
    !Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, controller, name);
  const method = Reflect.getMetadata(METHOD_METADATA, handler);
  return {
    operationId: `${controller.name}_${name}`,
    queryDto: dto(RouteParamtypes.QUERY),
    bodyDto: dto(RouteParamtypes.BODY),
    isPublic: own<boolean>(PUBLIC_KEY) ?? false,
    roles: own<string[]>(ROLES_KEY),
    defaultStatus: writesReply
      ? undefined
      : (Reflect.getMetadata(REDIRECT_METADATA, handler)?.statusCode ??
        Reflect.getMetadata(HTTP_CODE_METADATA, handler) ??
        (method === RequestMethod.POST ? 201 : 200)),
  };
}

// The properties class-validator checks on a DTO (its own and inherited): what a caller may send.
export function validatedProperties(dto: Type): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))].sort();
}
