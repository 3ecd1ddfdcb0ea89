import type { BenchApp } from './app-process';

// The offers' URLs carry `click={transaction_id}`: each 302 names the click it stored.
const CLICK_ID = /[?&]click=([^&]+)/;

export function collectInto(ids: string[]): (location: string) => void {
  return (location) => {
    const match = CLICK_ID.exec(location);
    if (match) ids.push(match[1]);
  };
}

// Every 302 must name a stored click. Rows beyond the 302s can only be the requests cut off
// when autocannon stopped (at most one per connection, `maxCutOff`): anything else fails loudly.
export async function checkStored(
  app: BenchApp,
  phase: string,
  statusCounts: Record<string, number>,
  answeredIds: string[],
  maxCutOff: number,
) {
  const redirects = statusCounts['302'] ?? 0;
  const rows = await app.query<{ transaction_id: string }>(
    'SELECT transaction_id FROM clicks WHERE sub1 = $1',
    [phase],
  );
  const stored = new Set(rows.map((r) => r.transaction_id));
  const distinct = new Set(answeredIds);
  const answeredAndStored = answeredIds.filter((id) => stored.has(id)).length;
  const check = {
    redirects,
    rowsStored: stored.size,
    answeredAndStored,
    cutOffInFlight: stored.size - answeredAndStored,
    otherStatuses: Object.fromEntries(
      Object.entries(statusCounts).filter(([code]) => code !== '302'),
    ),
  };
  const problems: string[] = [];
  if (answeredIds.length !== redirects)
    problems.push(`${redirects} redirects but ${answeredIds.length} had a click id`);
  if (distinct.size !== answeredIds.length) problems.push('a transaction id was answered twice');
  if (answeredAndStored !== redirects)
    problems.push(`${redirects - answeredAndStored} redirects have no stored click`);
  if (check.cutOffInFlight < 0 || check.cutOffInFlight > maxCutOff)
    problems.push(`${check.cutOffInFlight} stored clicks were never answered`);
  if (problems.length > 0)
    throw new Error(`clicks/${phase}: stored rows ≠ 302s: ${problems.join('; ')}`);
  console.log(
    `clicks/${phase}: ${redirects} × 302 = ${answeredAndStored} stored` +
      (check.cutOffInFlight ? ` (+${check.cutOffInFlight} cut off in flight at the end)` : ''),
  );
  return check;
}
