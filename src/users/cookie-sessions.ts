import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../common/auth/principal';
import type { SessionAuthenticator, SessionOutcome } from '../common/auth/session-authenticator';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { isHttps, originAllowed } from './request-origin';
import { csrfTokenMatches, readCookie, SESSION_COOKIE, sessionCookie } from './session-cookie';
import { LiveSession, SessionScope, SessionsService } from './sessions.service';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const originMismatch = () =>
  new DomainError(403, 'origin_mismatch', 'The request must come from this console (Origin)');

// Sessions as the HTTP layer sees them: the pm_session cookie in, the cookie out, and the CSRF
// and Origin checks of cookie-authenticated writes (the guard asks through SessionAuthenticator).
@Injectable()
export class CookieSessions implements SessionAuthenticator {
  constructor(
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  async authenticate(request: FastifyRequest, reply: FastifyReply): Promise<SessionOutcome> {
    const token = this.tokenOf(request);
    if (token === null) return { kind: 'none' };
    const session = await this.sessions.find(token);
    if (!session) {
      this.writeCookie(request, reply, null);
      return { kind: 'invalid' };
    }
    if (UNSAFE_METHODS.has(request.method)) {
      if (!originAllowed(request, this.config.PUBLIC_BASE_URL)) throw originMismatch();
      if (!csrfTokenMatches(token, firstValue(request.headers['x-csrf-token']))) {
        throw new DomainError(
          403,
          'csrf_failed',
          'X-CSRF-Token is missing or wrong (GET /api/me gives the session its token)',
        );
      }
    }
    if (session.stale) {
      await this.sessions.touch(session.id);
      this.writeCookie(request, reply, token);
    }
    const principal: Principal = {
      role: session.role,
      keyId: null,
      publisherId: session.publisherId,
      advertiserId: session.advertiserId,
      via: session.userId === null ? 'portal' : 'session',
      userId: session.userId,
      sessionId: session.id,
      label: session.email ?? portalLabel(session),
    };
    const rateLimitBucket =
      session.userId === null ? `portal:${session.id}` : `user:${session.userId}`;
    return { kind: 'valid', principal, rateLimitBucket };
  }

  // Opens a session and hands the browser its cookie; answers the token.
  async start(request: FastifyRequest, reply: FastifyReply, scope: SessionScope): Promise<string> {
    const previous = this.tokenOf(request);
    if (previous !== null) await this.sessions.end(previous);
    const token = await this.sessions.create(scope);
    this.writeCookie(request, reply, token);
    return token;
  }

  async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = this.tokenOf(request);
    if (token !== null) await this.sessions.end(token);
    this.writeCookie(request, reply, null);
  }

  tokenOf(request: FastifyRequest): string | null {
    return readCookie(request.headers.cookie, SESSION_COOKIE);
  }

  // A present but foreign Origin on the sign-in forms: another site must not sign a browser in
  // (login CSRF). Tools that send no Origin (curl) are let through.
  refuseForeignOrigin(request: FastifyRequest): void {
    if (
      request.headers.origin !== undefined &&
      !originAllowed(request, this.config.PUBLIC_BASE_URL)
    ) {
      throw originMismatch();
    }
  }

  private writeCookie(request: FastifyRequest, reply: FastifyReply, token: string | null): void {
    reply.header('set-cookie', sessionCookie(token, isHttps(request, this.config.PUBLIC_BASE_URL)));
  }
}

function portalLabel(session: LiveSession): string {
  return session.publisherId !== null
    ? `portal of publisher ${session.publisherId}`
    : `portal of advertiser ${session.advertiserId}`;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
