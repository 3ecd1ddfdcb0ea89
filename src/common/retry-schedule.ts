// Retry schedules as the configuration gives them (DELIVERY_RETRY_SCHEDULE). Pure.

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

const UNIT_MS: Record<string, number> = { ms: 1, s: SECOND_MS, m: MINUTE_MS, h: HOUR_MS };
const SCHEDULE_ENTRY = /^(\d+)(ms|s|m|h)?$/;

// "0,5s,5m,30m,2h" or plain milliseconds "0,200,500" → delays in ms.
export function parseRetrySchedule(csv: string): number[] {
  const entries = csv.split(',').map((entry) => entry.trim());
  return entries.map((entry) => {
    const match = SCHEDULE_ENTRY.exec(entry);
    if (!match) throw new Error(`Invalid retry schedule entry "${entry}" in "${csv}"`);
    const delayMs = Number(match[1]) * UNIT_MS[match[2] ?? 'ms'];
    if (!Number.isSafeInteger(delayMs)) {
      throw new Error(`Retry schedule entry "${entry}" is too large`);
    }
    return delayMs;
  });
}
