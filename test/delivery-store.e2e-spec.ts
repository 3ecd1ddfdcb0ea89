import { uuidv7 } from '../src/common/ids';
import type { DeliveryState, OutcomeState } from '../src/deliveries/delivery-states';
import { DeliveryStore } from '../src/deliveries/delivery-store';
import { createNetwork } from './helpers/conversion-fixtures';
import { createRuleOn } from './helpers/postback-fixtures';
import { TestApp } from './helpers/test-app';

// An attempt's outcome is written against the delivery row as it is when the write locks it: a
// rival attempt may have finished the delivery since this one claimed it.
describe('DeliveryStore.recordAttempt against the row as it is now (e2e)', () => {
  let t: TestApp;
  let store: DeliveryStore;
  let postbackId: number;

  // Far from now either way: a finish long over, a due time the sweeper does not reach.
  const FINISHED_LONG_AGO = new Date('2020-01-01T00:00:00.000Z');
  const DUE_LATER = new Date(Date.now() + 3_600_000);
  const DUE_MUCH_LATER = new Date(Date.now() + 7_200_000);

  beforeAll(async () => {
    t = await TestApp.start();
    store = t.app.get(DeliveryStore);
    const rule = await createRuleOn(t, await createNetwork(t), {
      type: 'conversion',
      url: 'https://tracker.example/postback?cid={transaction_id}',
    });
    postbackId = rule.id;
  });
  afterAll(() => t.stop());

  // A delivery attempted once before, now in `state` (as a rival attempt or nothing left it).
  async function deliveryIn(state: DeliveryState): Promise<string> {
    const id = uuidv7();
    await store.insertTestFire({
      id,
      postbackId,
      type: 'conversion',
      publisherId: null,
      status: 'approved',
      snapshot: {},
      dueInSeconds: 3600,
    });
    const finished = state !== 'scheduled' && state !== 'retrying';
    await t.query(
      `UPDATE deliveries SET state = $2, attempt_count = 2, next_attempt_at = $3,
              completed_at = $4 WHERE id = $1`,
      [id, state, finished ? null : DUE_LATER, finished ? FINISHED_LONG_AGO : null],
    );
    return id;
  }

  // Attempt 2's outcome, from a claim that saw the delivery in `claimedState`.
  function recordAttempt(
    deliveryId: string,
    claimedState: DeliveryState,
    state: OutcomeState,
    statusCode: number,
  ): Promise<void> {
    const terminal = state === 'delivered' || state === 'failed';
    return store.recordAttempt({
      deliveryId,
      n: 2,
      firedAt: new Date(),
      method: 'GET',
      url: 'https://tracker.example/postback?cid=t-1',
      statusCode,
      responseBody: `status ${statusCode}`,
      error: statusCode >= 400 ? 'http_error' : null,
      errorMessage: null,
      durationMs: 7,
      requestHeaders: { 'idempotency-key': deliveryId },
      requestBody: null,
      state,
      nextAttemptAt: terminal ? null : DUE_MUCH_LATER,
      terminal,
      claimedState,
    });
  }

  async function rowOf(id: string) {
    const [row] = await t.query(
      `SELECT state, next_attempt_at, completed_at, last_status_code FROM deliveries
        WHERE id = $1`,
      [id],
    );
    return row;
  }

  const attemptsOf = (id: string) =>
    t.query(`SELECT n, status_code FROM delivery_attempts WHERE delivery_id = $1`, [id]);

  async function dbNow(): Promise<Date> {
    const [{ now }] = await t.query(`SELECT now() AS now`);
    return now;
  }

  describe('a delivery a rival attempt delivered after this one claimed it while retrying', () => {
    it.each([
      ['a retry', 'retrying', 503],
      ['a final failure', 'failed', 500],
    ] as const)('stays delivered when the slower attempt records %s', async (_, outcome, code) => {
      const id = await deliveryIn('delivered');
      await recordAttempt(id, 'retrying', outcome, code);
      expect(await rowOf(id)).toEqual({
        state: 'delivered',
        next_attempt_at: null,
        completed_at: FINISHED_LONG_AGO,
        last_status_code: code,
      });
      expect(await attemptsOf(id)).toEqual([{ n: 2, status_code: code }]);
    });
  });

  describe('a delivery still pending takes the outcome', () => {
    it.each(['scheduled', 'retrying'] as const)(
      'from %s, due again when it is a retry',
      async (state) => {
        const id = await deliveryIn(state);
        await recordAttempt(id, state, 'retrying', 503);
        expect(await rowOf(id)).toEqual({
          state: 'retrying',
          next_attempt_at: DUE_MUCH_LATER,
          completed_at: null,
          last_status_code: 503,
        });
        expect(await attemptsOf(id)).toEqual([{ n: 2, status_code: 503 }]);
      },
    );

    it.each([
      ['delivered', 200],
      ['failed', 500],
    ] as const)('finished now when it is %s', async (outcome, code) => {
      const id = await deliveryIn('retrying');
      const before = await dbNow();
      await recordAttempt(id, 'retrying', outcome, code);
      const row = await rowOf(id);
      expect(row).toEqual({
        state: outcome,
        next_attempt_at: null,
        completed_at: expect.any(Date),
        last_status_code: code,
      });
      expect(row.completed_at.getTime()).toBeGreaterThanOrEqual(before.getTime());
      expect(await attemptsOf(id)).toEqual([{ n: 2, status_code: code }]);
    });
  });

  // The receiver has it: a success always wins, over a rival's failure too.
  it("turns a rival's failed into delivered when the slower attempt succeeds", async () => {
    const id = await deliveryIn('failed');
    await recordAttempt(id, 'retrying', 'delivered', 200);
    const row = await rowOf(id);
    expect(row).toEqual({
      state: 'delivered',
      next_attempt_at: null,
      completed_at: expect.any(Date),
      last_status_code: 200,
    });
    expect(row.completed_at.getTime()).toBeGreaterThan(FINISHED_LONG_AGO.getTime());
    expect(await attemptsOf(id)).toEqual([{ n: 2, status_code: 200 }]);
  });

  // A retry by hand of a finished delivery: its own final outcome replaces the one it retried.
  it('takes the final outcome of a manual retry of a delivery nothing changed since', async () => {
    const id = await deliveryIn('delivered');
    await recordAttempt(id, 'delivered', 'failed', 500);
    const row = await rowOf(id);
    expect(row).toEqual({
      state: 'failed',
      next_attempt_at: null,
      completed_at: expect.any(Date),
      last_status_code: 500,
    });
    expect(row.completed_at.getTime()).toBeGreaterThan(FINISHED_LONG_AGO.getTime());
  });
});
