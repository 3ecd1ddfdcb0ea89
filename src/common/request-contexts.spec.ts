import Fastify, { FastifyInstance } from 'fastify';
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { nestPinoStorage, switchOffContextsBetweenRequests } from './request-contexts';

describe('switchOffContextsBetweenRequests', () => {
  let app: FastifyInstance;
  let storage: AsyncLocalStorage<string>;
  // Each request's view of its store, callable after the request: reads through the context
  // the request ran in, so it sees the store while the storage is on and nothing once off.
  const readers = new Map<string, () => string | undefined>();
  const release = new Map<string, () => void>();
  const closed: string[] = [];

  beforeEach(async () => {
    storage = new AsyncLocalStorage<string>();
    readers.clear();
    release.clear();
    closed.length = 0;
    app = Fastify();
    switchOffContextsBetweenRequests(app, [storage as AsyncLocalStorage<unknown>]);
    app.addHook('onRequest', (request, reply, done) => {
      reply.raw.once('close', () => closed.push(request.url));
      if (request.url.startsWith('/click')) return done();
      storage.run(request.url, done);
    });
    const handler = async (request: { url: string }) => {
      readers.set(
        request.url,
        AsyncResource.bind(() => storage.getStore()),
      );
      await new Promise<void>((resolve) => release.set(request.url, resolve));
      return { store: storage.getStore() };
    };
    app.get('/api/one', handler);
    app.get('/api/two', handler);
    app.get('/click', async (request) => {
      await new Promise<void>((resolve) => release.set(request.url, resolve));
      return { store: storage.getStore() ?? null };
    });
    await app.ready();
  });

  afterEach(() => app.close());

  async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 1000 && !condition(); i++) await new Promise(setImmediate);
    expect(condition()).toBe(true);
  }

  it('keeps the stores on while any request is in flight and switches them off after the last', async () => {
    const one = app.inject('/api/one');
    const two = app.inject('/api/two');
    await until(() => release.size === 2);

    release.get('/api/two')!();
    expect((await two).json()).toEqual({ store: '/api/two' });
    await until(() => closed.includes('/api/two'));
    // /api/one is still in flight: its context is intact.
    expect(readers.get('/api/one')!()).toBe('/api/one');

    release.get('/api/one')!();
    expect((await one).json()).toEqual({ store: '/api/one' });
    await until(() => closed.includes('/api/one'));
    expect(readers.get('/api/one')!()).toBeUndefined();

    // The next request switches its store on again.
    const three = app.inject('/api/one');
    await until(() => release.size === 2 && readers.get('/api/one')!() === '/api/one');
    release.get('/api/one')!();
    expect((await three).json()).toEqual({ store: '/api/one' });
  });

  it('does not wait for the hot paths, which enter no store of theirs', async () => {
    const click = app.inject('/click?offer_id=1');
    const one = app.inject('/api/one');
    await until(() => release.size === 2);
    release.get('/api/one')!();
    expect((await one).json()).toEqual({ store: '/api/one' });
    await until(() => closed.includes('/api/one'));
    // A click still in flight does not keep the stores on.
    expect(readers.get('/api/one')!()).toBeUndefined();
    release.get('/click?offer_id=1')!();
    expect((await click).json()).toEqual({ store: null });
  });
});

describe('nestPinoStorage', () => {
  it("finds nestjs-pino's request store", () => {
    expect(nestPinoStorage()).toBeInstanceOf(AsyncLocalStorage);
  });
});
