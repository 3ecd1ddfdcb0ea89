import { countsByRule, pickFailing, suspectIds } from './failing-rules';

describe('failing rules', () => {
  const counts = countsByRule(
    [
      { postback_id: 1, state: 'delivered', n: 95 },
      { postback_id: 1, state: 'failed', n: 5 },
      { postback_id: 2, state: 'delivered', n: 10 },
      { postback_id: 2, state: 'failed', n: 10 },
      { postback_id: 2, state: 'cancelled', n: 50 },
      { postback_id: 3, state: 'delivered', n: 4 },
      { postback_id: 5, state: 'failed', n: 3 },
    ],
    [
      { postback_id: 3, retrying: 6 },
      { postback_id: 4, retrying: 0 },
    ],
  );
  const rule = (id: number, enabled = true, pausedReason: string | null = null) => ({
    id,
    enabled,
    pausedReason,
  });

  it('adds the window’s outcomes and the retrying ones per rule, cancelled left out', () => {
    expect(counts.get(2)).toEqual({ delivered: 10, failed: 10, retrying: 0 });
    expect(counts.get(3)).toEqual({ delivered: 4, failed: 0, retrying: 6 });
    expect(counts.has(4)).toBe(false);
    expect(suspectIds(counts).sort()).toEqual([1, 2, 3, 5]);
  });

  it('calls failing over 10 % not through, worst first, never a paused or disabled rule', () => {
    const picked = pickFailing([rule(1), rule(2), rule(3), rule(5, false, '410 Gone')], counts, 10);
    // Rule 1: 5 % failed is not failing; rule 5 is paused.
    expect(picked.map((p) => p.rule.id)).toEqual([2, 3]);
    expect(pickFailing([rule(2), rule(3)], counts, 1).map((p) => p.rule.id)).toEqual([2]);
  });
});
