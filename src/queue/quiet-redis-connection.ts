import { RedisConnection } from 'bullmq';

// BullMQ 5's close() during connection set-up removes every listener, then the set-up it
// abandoned rejects and emits 'error' into the void, which throws (an uncaught exception at
// shutdown whenever Redis was down). Passed to every Queue and Worker: an 'error' nobody
// listens to any more is dropped; one somebody listens to is delivered as usual.
export class QuietRedisConnection extends RedisConnection {
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'error' && this.listenerCount('error') === 0) return false;
    return super.emit(event, ...args);
  }
}

// A Worker builds its blocking connection with the stock class whatever it is given; the same
// guard is put on that one instance.
export function quietBlockingConnection<W extends object>(worker: W): W {
  const connection = (worker as unknown as { blockingConnection?: RedisConnection })
    .blockingConnection;
  if (connection) {
    const emit = connection.emit.bind(connection);
    connection.emit = (event: string | symbol, ...args: unknown[]) =>
      event === 'error' && connection.listenerCount('error') === 0 ? false : emit(event, ...args);
  }
  return worker;
}
