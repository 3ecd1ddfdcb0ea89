import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from './principal';

// What the guard asks of the sessions feature (src/users), which stands on a higher floor and
// provides it under this token.
export const SESSION_AUTHENTICATOR = Symbol('SessionAuthenticator');

export type SessionOutcome =
  | { kind: 'none' } // no session cookie
  | { kind: 'invalid' } // a cookie of an expired, signed-out or revoked session
  | { kind: 'valid'; principal: Principal; rateLimitBucket: string };

export interface SessionAuthenticator {
  // Throws a 403 DomainError when an unsafe request fails the CSRF token or Origin check.
  authenticate(request: FastifyRequest, reply: FastifyReply): Promise<SessionOutcome>;
}
