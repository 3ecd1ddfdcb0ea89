import type { Delivery } from '../../deliveries/delivery.entity';
import { attemptsLeft } from './postback-log.view';

const delivery = (fields: Partial<Delivery>) =>
  ({ state: 'scheduled', test: false, attemptCount: 0, ...fields }) as Delivery;
const rule = { maxAttempts: 5, enabled: true };

describe('attemptsLeft', () => {
  it('counts what the rule allows beyond the attempts made, while pending', () => {
    expect(attemptsLeft(delivery({ state: 'retrying', attemptCount: 2 }), rule)).toBe(3);
    expect(attemptsLeft(delivery({ state: 'failed', attemptCount: 2 }), rule)).toBe(0);
    expect(attemptsLeft(delivery({}), { ...rule, enabled: false })).toBe(0);
    expect(attemptsLeft(delivery({}), undefined)).toBe(0);
  });

  it('gives a test fire its one attempt while pending, whatever the rule allows', () => {
    expect(attemptsLeft(delivery({ test: true }), rule)).toBe(1);
    // Claimed, the request under way: still not recorded.
    expect(attemptsLeft(delivery({ test: true, attemptCount: 1 }), rule)).toBe(1);
    expect(attemptsLeft(delivery({ test: true }), { ...rule, enabled: false })).toBe(1);
    expect(attemptsLeft(delivery({ test: true, state: 'failed', attemptCount: 1 }), rule)).toBe(0);
    expect(attemptsLeft(delivery({ test: true, state: 'delivered', attemptCount: 1 }), rule)).toBe(
      0,
    );
  });
});
