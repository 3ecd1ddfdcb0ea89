import type { PreparedQuery } from '../database/prepared-query';
import { AttemptRecord, ClaimedRow, DeliveryWrites } from './delivery-store';

const ID = (n: number) => `0190c3a4-0000-7000-8000-${String(n).padStart(12, '0')}`;

function row(id: string): ClaimedRow {
  return {
    id,
    postback_id: 1,
    state: 'scheduled',
    test: false,
    snapshot: {},
    attempt_count: 1,
    next_attempt_at: new Date(0),
  };
}

function record(n: number): AttemptRecord {
  return {
    deliveryId: ID(n),
    n: 1,
    firedAt: new Date(0),
    method: 'GET',
    url: 'https://trk.example/p',
    statusCode: 200,
    responseBody: 'OK',
    error: null,
    errorMessage: null,
    durationMs: 3,
    requestHeaders: { 'user-agent': 'postback-manager/test' },
    requestBody: null,
    state: 'delivered',
    nextAttemptAt: null,
    terminal: true,
    claimedState: 'scheduled',
  };
}

describe('DeliveryWrites', () => {
  it('claims the deliveries of one turn with one UPDATE, each caller its own row', async () => {
    const query = jest.fn(async (_name: string, _sql: string, [ids]: string[][]) =>
      ids.filter((id) => id !== ID(2)).map(row),
    );
    const writes = new DeliveryWrites(query as unknown as PreparedQuery);
    const claimed = await Promise.all([1, 2, 3].map((n) => writes.claimDue(ID(n))));
    expect(query).toHaveBeenCalledTimes(1);
    expect(claimed.map((r) => r?.id ?? null)).toEqual([ID(1), null, ID(3)]);
  });

  it('claims a delivery twice in one batch only once, and skips malformed ids', async () => {
    const query = jest.fn(async (_name: string, _sql: string, [ids]: string[][]) => ids.map(row));
    const writes = new DeliveryWrites(query as unknown as PreparedQuery);
    const claimed = await Promise.all(
      [ID(1), ID(1), 'not-a-uuid'].map((id) => writes.claimDue(id)),
    );
    expect(claimed.map((r) => r?.id ?? null)).toEqual([ID(1), null, null]);
    expect(query.mock.calls[0][2]).toEqual([[ID(1), ID(1)]]);
  });

  it('records the attempts of one turn in one statement', async () => {
    const query = jest.fn(async () => []);
    const writes = new DeliveryWrites(query as unknown as PreparedQuery);
    await Promise.all([writes.record(record(1)), writes.record(record(2))]);
    expect(query).toHaveBeenCalledTimes(1);
    const params = (query.mock.calls[0] as unknown[])[2] as unknown[][];
    expect(params[0]).toEqual([ID(1), ID(2)]);
    expect(params[12]).toEqual([true, true]);
  });

  it('writes a failed batch line by line, so only the bad line fails', async () => {
    const query = jest.fn(async (_name: string, _sql: string, params: unknown[][]) => {
      if ((params[0] as string[]).includes(ID(2))) throw new Error('duplicate key');
      return [];
    });
    const writes = new DeliveryWrites(query as unknown as PreparedQuery);
    const results = await Promise.allSettled([1, 2, 3].map((n) => writes.record(record(n))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(query).toHaveBeenCalledTimes(4);
  });
});
