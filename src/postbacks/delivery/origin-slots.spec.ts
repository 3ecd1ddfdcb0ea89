import { AppConfig } from '../../config/app-config';
import type { OriginLease, OriginLeases } from './origin-leases';
import { OriginSlots } from './origin-slots';

const A = 'https://a.example';

// Leases as Redis would grant them for one origin: up to `free`, each release counted.
function leasesWith(free: number) {
  const state = { free, released: [] as string[] };
  let n = 0;
  const leases = {
    acquire: async (): Promise<OriginLease | 'busy'> => {
      if (state.free <= 0) return 'busy';
      state.free--;
      const id = `lease-${++n}`;
      return { release: () => void state.released.push(id) };
    },
  };
  return { state, leases: leases as unknown as OriginLeases };
}

function slots(leases: OriginLeases, limit = 2): OriginSlots {
  return new OriginSlots(
    Object.assign(new AppConfig(), { POSTBACK_MAX_CONNECTIONS_PER_ORIGIN: limit }),
    leases,
  );
}

describe('OriginSlots', () => {
  it('takes a lease per request and gives it back on release', async () => {
    const { state, leases } = leasesWith(5);
    const limiter = slots(leases);
    const first = await limiter.acquire(A);
    expect(first).not.toBeNull();
    first!.release(2);
    expect(state.released).toEqual(['lease-1']);
  });

  it('hands the origin back when it is full in other processes and none is held here', async () => {
    const { leases } = leasesWith(0);
    await expect(slots(leases).acquire(A)).resolves.toBeNull();
  });

  it('lets a delivery refused by the global limit wait for a lease freed here', async () => {
    const { state, leases } = leasesWith(2);
    const limiter = slots(leases, 3);
    // A fast origin (2 ms a request), one request in flight here, the rest held elsewhere.
    (await limiter.acquire(A))!.release(2);
    const held = await limiter.acquire(A);
    state.free = 0;
    const waiting = limiter.acquire(A);
    // Its refusal (a resolved promise) settles; it then waits for this process's slot.
    await new Promise(setImmediate);
    held!.release(2);
    const next = await waiting;
    expect(next).not.toBeNull();
    // Passed on without a call to Redis, released once its new holder is done.
    expect(state.released).toEqual(['lease-1']);
    next!.release(2);
    expect(state.released).toEqual(['lease-1', 'lease-2']);
  });
});
