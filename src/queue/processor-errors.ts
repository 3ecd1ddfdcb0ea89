// An error a handler did not mean to throw (PostgreSQL away, a bug) is retried with exponential
// backoff: retried at once, it would spin through the job's attempts while the cause is still
// there.

// Unexpected errors a job may meet on top of its own attempts before BullMQ leaves it failed
// (the sweeper hands a failed job whose delivery is still due over again).
export const PROCESSOR_ERROR_ATTEMPTS = 5;
// The first retry's delay; each further one doubles it, up to the cap.
export const PROCESSOR_ERROR_BACKOFF_MS = 1_000;
export const PROCESSOR_ERROR_MAX_BACKOFF_MS = 5 * 60_000;

// attemptsMade counts the failed attempt this delay follows (1 for the first), whatever it met:
// a job that already used some of its own attempts waits longer, within the cap.
export function processorErrorBackoff(attemptsMade: number): number {
  const doublings = Math.max(0, attemptsMade - 1);
  return Math.min(PROCESSOR_ERROR_BACKOFF_MS * 2 ** doublings, PROCESSOR_ERROR_MAX_BACKOFF_MS);
}
