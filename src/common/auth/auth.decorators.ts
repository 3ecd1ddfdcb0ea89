import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiNoAuth } from '../openapi/api-docs';
import { Principal, UserRole } from './principal';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';

// Public endpoints (tracking, advertiser intake, health) need no API key; the OpenAPI document
// says so from the same decorator.
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiNoAuth());

// Roles allowed on a handler or controller; absent = any authenticated role.
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal,
);
