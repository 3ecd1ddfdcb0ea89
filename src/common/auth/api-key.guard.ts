import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../errors/domain-error';
import { decideAccess, extractApiKey } from './access-decision';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { ApiKeysService } from './api-keys.service';
import { UserRole } from './principal';

// Global guard: every route needs a valid key unless marked @Public().
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false;
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest();
    const key = extractApiKey(request.headers);
    const principal = key ? await this.apiKeys.authenticate(key) : null;
    const roles = this.reflector.getAllAndOverride<UserRole[]>(ROLES_KEY, targets);
    const decision = decideAccess(false, principal, roles);
    if (decision === 'unauthorized') {
      throw new DomainError(
        401,
        'unauthorized',
        key ? 'API key is not valid' : 'An API key is required',
      );
    }
    if (decision === 'forbidden')
      throw new DomainError(403, 'forbidden', 'This key may not do that');
    request.principal = principal;
    return true;
  }
}
