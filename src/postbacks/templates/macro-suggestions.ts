import { canonicalMacroName, MACROS } from './macros';

// Names other trackers use for the same thing; a publisher pasting them means ours.
const FOREIGN_NAMES: ReadonlyMap<string, string> = new Map([
  ['clickid', 'external_transaction_id'],
  ['click_id', 'external_transaction_id'],
  ['subid', 'external_transaction_id'],
  ['sub_id', 'external_transaction_id'],
  ['aff_sub', 'external_transaction_id'],
  ['cid', 'external_transaction_id'],
  // CAKE's #s1#…#s5# and #price#
  ['s1', 'sub1'],
  ['s2', 'sub2'],
  ['s3', 'sub3'],
  ['s4', 'sub4'],
  ['s5', 'sub5'],
  ['price', 'payout'],
  ['sum', 'payout'],
  ['amount', 'payout'],
  ['conversion_status', 'status'],
  ['tid', 'adv_transaction_id'],
  ['txid', 'transaction_id'],
  ['pubid', 'aff_id'],
  ['affiliate_id', 'aff_id'],
]);

// Every name a suggestion can come from, with the name to suggest: our own names (aliases
// included) as they are, foreign ones as our canonical equivalent.
const CANDIDATES: readonly (readonly [string, string])[] = [
  ...MACROS.flatMap((m) => [m.name, ...m.aliases].map((n) => [n, n] as const)),
  ...FOREIGN_NAMES,
];

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

// The macro a misspelt, wrongly cased or foreign name most likely meant, if any is close enough.
export function suggestMacro(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (canonicalMacroName(lower) !== undefined) return lower;
  const foreign = FOREIGN_NAMES.get(lower);
  if (foreign !== undefined) return foreign;
  const tolerance = Math.max(1, Math.floor(lower.length / 3));
  let best: string | undefined;
  let bestDistance = tolerance + 1;
  for (const [candidate, suggestion] of CANDIDATES) {
    const distance = editDistance(lower, candidate);
    if (distance < bestDistance) {
      best = suggestion;
      bestDistance = distance;
    }
  }
  return best;
}
