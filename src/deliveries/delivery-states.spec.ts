import {
  bulkRetryStates,
  canMove,
  DELIVERY_STATES,
  DeliveryState,
  FINISHED_STATES,
  isFinished,
  isPending,
  PENDING_STATES,
  sqlStates,
  takesOutcome,
} from './delivery-states';

describe('delivery states', () => {
  it('splits every state but held into exactly one of pending and finished', () => {
    const moving = DELIVERY_STATES.filter((state) => state !== 'held');
    for (const state of moving) expect(isPending(state)).toBe(!isFinished(state));
    expect(isPending('held') || isFinished('held')).toBe(false);
    expect([...PENDING_STATES, ...FINISHED_STATES].sort()).toEqual([...moving].sort());
  });

  it('moves a held delivery only on its rule’s approval or rejection', () => {
    const from = (t: Parameters<typeof canMove>[0]) => DELIVERY_STATES.filter((s) => canMove(t, s));
    expect(from('releaseHeld')).toEqual(['held']);
    expect(from('cancelHeld')).toEqual(['held']);
    expect(canMove('claimQueued', 'held')).toBe(false);
    expect(canMove('claimManual', 'held')).toBe(false);
    expect(canMove('bulkRetry', 'held')).toBe(false);
    expect(canMove('purge', 'held')).toBe(false);
  });

  it('lets a queued attempt claim only a due delivery, a manual one any but held', () => {
    expect(DELIVERY_STATES.filter((s) => canMove('claimQueued', s))).toEqual([
      'scheduled',
      'retrying',
    ]);
    expect(DELIVERY_STATES.filter((s) => canMove('claimManual', s))).toEqual(
      DELIVERY_STATES.filter((s) => s !== 'held'),
    );
  });

  it('cancels an approval on rejection only before anything attempted it', () => {
    expect(DELIVERY_STATES.filter((s) => canMove('cancelPendingApproval', s))).toEqual([
      'scheduled',
    ]);
  });

  it('bulk-retries failed deliveries, delivered ones only when asked for', () => {
    expect(bulkRetryStates(undefined)).toEqual(['failed']);
    expect(bulkRetryStates(false)).toEqual(['failed']);
    expect(bulkRetryStates(true)).toEqual(['failed', 'delivered']);
    for (const state of bulkRetryStates(true)) expect(canMove('bulkRetry', state)).toBe(true);
    for (const state of ['scheduled', 'retrying', 'cancelled'] as DeliveryState[])
      expect(canMove('bulkRetry', state)).toBe(false);
  });

  it('purges finished deliveries only', () => {
    expect(DELIVERY_STATES.filter((s) => canMove('purge', s))).toEqual([
      'delivered',
      'failed',
      'cancelled',
    ]);
  });

  it('writes states as a fixed SQL list', () => {
    expect(sqlStates(PENDING_STATES)).toBe(`'scheduled', 'retrying'`);
    expect(sqlStates(FINISHED_STATES)).toBe(`'delivered', 'failed', 'cancelled'`);
  });
});

describe('takesOutcome', () => {
  it('applies any outcome while the delivery is still pending', () => {
    for (const current of PENDING_STATES) {
      expect(takesOutcome(current, 'retrying', false, 'scheduled')).toBe(true);
      expect(takesOutcome(current, 'failed', true, 'delivered')).toBe(true);
    }
  });

  it('applies a success whatever happened since the claim', () => {
    for (const current of FINISHED_STATES)
      expect(takesOutcome(current, 'delivered', true, 'scheduled')).toBe(true);
  });

  it('lets a manual retry of a finished delivery finish it again', () => {
    expect(takesOutcome('failed', 'failed', true, 'failed')).toBe(true);
    expect(takesOutcome('delivered', 'failed', true, 'delivered')).toBe(true);
  });

  it('never turns a delivery finished since the claim back into a failed or due one', () => {
    // A queued attempt claimed it pending; a manual one delivered it meanwhile.
    expect(takesOutcome('delivered', 'failed', true, 'retrying')).toBe(false);
    expect(takesOutcome('delivered', 'retrying', false, 'retrying')).toBe(false);
    // A non-terminal outcome never reopens a finished delivery, even one unchanged.
    expect(takesOutcome('failed', 'retrying', false, 'failed')).toBe(false);
    expect(takesOutcome('cancelled', 'failed', true, 'scheduled')).toBe(false);
  });
});
