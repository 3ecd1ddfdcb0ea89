import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { decideAccess, extractApiKey } from './access-decision';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { ApiKeysService } from './api-keys.service';
import { Principal, UserRole } from './principal';
import { SharedRateLimiter } from './shared-rate-limiter';
import {
  SESSION_AUTHENTICATOR,
  SessionAuthenticator,
  SessionOutcome,
} from './session-authenticator';

// Global guard: every route needs a valid API key or session cookie unless marked @Public().
// A key wins when both are present, so scripts behave exactly as before sessions existed.
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    @Inject(SESSION_AUTHENTICATOR) private readonly sessions: SessionAuthenticator,
    private readonly limiter: SharedRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false;
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = extractApiKey(request.headers);
    const session: SessionOutcome = key
      ? { kind: 'none' }
      : await this.sessions.authenticate(request, reply);
    const principal = key
      ? await this.apiKeys.authenticate(key)
      : session.kind === 'valid'
        ? session.principal
        : null;
    const roles = this.reflector.getAllAndOverride<UserRole[]>(ROLES_KEY, targets);
    const decision = decideAccess(false, principal, roles);
    if (decision === 'unauthorized') {
      throw new DomainError(401, 'unauthorized', unauthorizedMessage(key, session));
    }
    if (decision === 'forbidden') {
      throw new DomainError(
        403,
        'forbidden',
        key ? 'This key may not do that' : 'You may not do that',
      );
    }
    const bucket =
      session.kind === 'valid'
        ? session.rateLimitBucket
        : principal!.keyId === null
          ? 'bootstrap-admin'
          : `key:${principal!.keyId}`;
    const waitMs = await this.limiter.take(bucket);
    if (waitMs > 0) {
      reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
      const whose = key ? 'this API key' : 'this session';
      throw new DomainError(429, 'rate_limited', `Too many requests for ${whose}; retry later`);
    }
    request.principal = principal!;
    return true;
  }
}

function unauthorizedMessage(key: string | null, session: SessionOutcome): string {
  if (key) return 'API key is not valid';
  if (session.kind === 'invalid') return 'The session has ended; sign in again';
  return 'An API key is required';
}
