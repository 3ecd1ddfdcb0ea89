import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../../config/app-config';
import { DomainError } from '../errors/domain-error';
import { decideAccess, extractApiKey } from './access-decision';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { ApiKeysService } from './api-keys.service';
import { UserRole } from './principal';
import { RateLimiter } from './rate-limiter';

// Global guard: every route needs a valid key unless marked @Public().
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    config: AppConfig,
  ) {
    this.limiter = new RateLimiter(config.API_RATE_LIMIT_PER_MINUTE);
  }

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
    if (decision === 'forbidden') {
      throw new DomainError(403, 'forbidden', 'This key may not do that');
    }
    const bucket = principal!.keyId === null ? 'bootstrap-admin' : `key:${principal!.keyId}`;
    const waitMs = this.limiter.take(bucket);
    if (waitMs > 0) {
      context
        .switchToHttp()
        .getResponse()
        .header('retry-after', String(Math.ceil(waitMs / 1000)));
      throw new DomainError(429, 'rate_limited', 'Too many requests for this API key; retry later');
    }
    request.principal = principal;
    return true;
  }
}
