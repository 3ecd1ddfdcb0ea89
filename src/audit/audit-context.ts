import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../common/auth/principal';
import { isHotPath } from '../common/logging';

// The request a change is made in, reachable from the audit log without passing the caller, IP
// and request id through every service signature. The principal is read when the entry is
// written: the guard sets it after this hook has run.
type AuditedRequest = FastifyRequest & { principal?: Principal };

// Exported for switchOffContextsBetweenRequests only.
export const auditContextStorage = new AsyncLocalStorage<AuditedRequest>();
const storage = auditContextStorage;

// A preHandler hook (the body is parsed by then, so nothing later runs outside the context). The
// tracking hot paths change nothing audited and skip it: one string comparison.
export function trackAuditContext(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', (request, _reply, done) => {
    if (isHotPath(request.url)) return done();
    storage.run(request, done);
  });
}

export interface RequestOrigin {
  principal: Principal | null;
  ip: string | null;
  requestId: string | null;
}

// Null outside a request (a worker's job, start-up).
export function currentRequest(): RequestOrigin | null {
  const request = storage.getStore();
  if (!request) return null;
  return { principal: request.principal ?? null, ip: request.ip, requestId: request.id };
}
