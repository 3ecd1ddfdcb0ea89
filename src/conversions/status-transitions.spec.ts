import { DomainError } from '../common/errors/domain-error';
import { CONVERSION_STATUSES } from './conversion.entity';
import { assertTransition, isTransitionAllowed } from './status-transitions';

function caught(fn: () => void): DomainError | undefined {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  return undefined;
}

describe('status transitions', () => {
  it('allows exactly the SPEC transitions for advertisers', () => {
    const allowed: string[] = [];
    for (const from of CONVERSION_STATUSES)
      for (const to of CONVERSION_STATUSES)
        if (from !== to && isTransitionAllowed(from, to, 'advertiser'))
          allowed.push(`${from}>${to}`);
    expect(allowed.sort()).toEqual(['approved>rejected', 'pending>approved', 'pending>rejected']);
  });

  it('lets only the network revive a rejected conversion', () => {
    expect(isTransitionAllowed('rejected', 'approved', 'admin')).toBe(true);
    expect(isTransitionAllowed('rejected', 'approved', 'advertiser')).toBe(false);
  });

  it('never goes back to pending, for anyone', () => {
    for (const actor of ['admin', 'advertiser'] as const) {
      expect(isTransitionAllowed('approved', 'pending', actor)).toBe(false);
      expect(isTransitionAllowed('rejected', 'pending', actor)).toBe(false);
    }
  });

  it('treats the same status as no transition', () => {
    for (const status of CONVERSION_STATUSES)
      expect(isTransitionAllowed(status, status, 'advertiser')).toBe(true);
  });

  it('throws 409 invalid_status_transition when refused', () => {
    expect(caught(() => assertTransition('approved', 'pending', 'admin'))).toMatchObject({
      statusCode: 409,
      code: 'invalid_status_transition',
    });
    expect(caught(() => assertTransition('rejected', 'approved', 'advertiser'))).toMatchObject({
      statusCode: 409,
      code: 'invalid_status_transition',
    });
    expect(() => assertTransition('pending', 'approved', 'advertiser')).not.toThrow();
  });
});
