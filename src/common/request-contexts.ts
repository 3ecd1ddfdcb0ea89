import type { FastifyInstance } from 'fastify';
import type { AsyncLocalStorage } from 'node:async_hooks';
import { dirname, join } from 'node:path';
import { isHotPath } from './logging';

// Node 20's AsyncLocalStorage switches on process-wide async hooks the first time a store is
// entered and leaves them on: from then on every promise in the process pays an init hook,
// /click's and the delivery worker's included (~6 % of a click's CPU in a profile, ~4 % of a
// conversion's). The request-scoped stores (the audit context, the request-bound logger) are
// read only while a request that entered them is in flight, so they are switched off whenever
// none is; the next such request's `run` switches them on again. A request left in flight keeps
// them on (the cost of today, never a lost context).
export function switchOffContextsBetweenRequests(
  fastify: FastifyInstance,
  storages: AsyncLocalStorage<unknown>[],
): void {
  let inFlight = 0;
  fastify.addHook('onRequest', (request, reply, done) => {
    if (isHotPath(request.url)) return done();
    inFlight++;
    // 'close' follows the response's end, and an aborted connection too: counted once.
    reply.raw.once('close', () => {
      if (--inFlight === 0) for (const storage of storages) storage.disable();
    });
    done();
  });
}

// nestjs-pino keeps its request store to itself (not in its package exports); its file is read
// by path. Undefined if a release moves it: its hooks then stay on, as before.
export function nestPinoStorage(): AsyncLocalStorage<unknown> | undefined {
  try {
    const file = join(dirname(require.resolve('nestjs-pino')), 'storage.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const storage = (require(file) as { storage?: AsyncLocalStorage<unknown> }).storage;
    return typeof storage?.disable === 'function' ? storage : undefined;
  } catch {
    return undefined;
  }
}
