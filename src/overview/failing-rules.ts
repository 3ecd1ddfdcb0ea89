import { healthBadge } from '../postbacks/rules/rule-health-checks';

// Which rules the overview calls failing: pure, from the counts its queries answer.

export interface RuleCounts {
  delivered: number;
  failed: number;
  retrying: number;
}

// Per rule: the window's delivered and failed deliveries, and the ones retrying now.
export function countsByRule(
  finished: readonly { postback_id: number; state: string; n: number }[],
  pending: readonly { postback_id: number; retrying: number }[],
): Map<number, RuleCounts> {
  const counts = new Map<number, RuleCounts>();
  const of = (id: number) => {
    if (!counts.has(id)) counts.set(id, { delivered: 0, failed: 0, retrying: 0 });
    return counts.get(id)!;
  };
  for (const row of finished) {
    if (row.state === 'delivered' || row.state === 'failed')
      of(row.postback_id)[row.state] += row.n;
  }
  for (const row of pending) if (row.retrying > 0) of(row.postback_id).retrying += row.retrying;
  return counts;
}

// Rules with anything failed or retrying: the only ones worth looking up.
export function suspectIds(counts: ReadonlyMap<number, RuleCounts>): number[] {
  return [...counts].filter(([, c]) => c.failed + c.retrying > 0).map(([id]) => id);
}

// Failing as the rules list's badge says (over 10 % not through, enabled), the most failures
// first, at most `limit`.
export function pickFailing<
  R extends { id: number; enabled: boolean; pausedReason: string | null },
>(
  rules: readonly R[],
  counts: ReadonlyMap<number, RuleCounts>,
  limit: number,
): { rule: R; counts: RuleCounts }[] {
  const troubles = (c: RuleCounts) => c.failed + c.retrying;
  return rules
    .map((rule) => ({
      rule,
      counts: counts.get(rule.id) ?? { delivered: 0, failed: 0, retrying: 0 },
    }))
    .filter(({ rule, counts: c }) => healthBadge(rule, c).state === 'failing')
    .sort((a, b) => troubles(b.counts) - troubles(a.counts) || a.rule.id - b.rule.id)
    .slice(0, limit);
}
