import { Logger } from '@nestjs/common';
import { Coalescer } from '../../common/coalescer';
import type { PreparedQuery } from '../../database/prepared-query';

// A claimed delivery: the row as the claim's UPDATE returned it.
export interface ClaimedRow {
  id: string;
  postback_id: number;
  state: string;
  test: boolean;
  snapshot: Record<string, unknown>;
  attempt_count: number;
  next_attempt_at: Date | null;
}

// One attempt's log line and the delivery's new state, written together.
export interface AttemptRecord {
  deliveryId: string;
  n: number;
  firedAt: Date;
  method: string;
  url: string;
  statusCode: number | null;
  responseBody: string | null;
  error: string | null;
  errorMessage: string | null;
  durationMs: number;
  state: string;
  nextAttemptAt: Date | null;
  terminal: boolean;
  // The delivery's state when this attempt claimed it.
  claimedState: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Enough to fill a worker's slots in one round trip; bounded so a statement stays small.
const MAX_BATCH = 100;

const CLAIM_DUE_SQL = `
  UPDATE deliveries SET attempt_count = attempt_count + 1
   WHERE id = ANY($1::uuid[]) AND state IN ('scheduled', 'retrying')
  RETURNING id, postback_id, state, test, snapshot, attempt_count, next_attempt_at`;

// Whether an attempt's outcome replaces the delivery's state, due time and completion: always
// while the delivery is pending; a success always (the receiver has it); a failure only if the
// delivery has not finished since this attempt's claim (a retry of a finished one by hand). So a
// manual attempt racing a queued one never turns a delivered row back into one due again.
// d is the row as the UPDATE locked it, not as the statement's snapshot saw it.
const TAKES_OUTCOME = `(d.state IN ('scheduled', 'retrying') OR v.state = 'delivered'
                        OR (v.terminal AND d.state = v.claimed_state))`;

// One statement (atomic without a transaction): the attempts inserted, their deliveries updated.
// Every attempt is logged, whatever the outcome; last_status_code is the last attempt's.
const RECORD_SQL = `
  WITH v AS (
    SELECT * FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::text[], $5::text[],
                         $6::int[], $7::text[], $8::text[], $9::text[], $10::int[], $11::text[],
                         $12::timestamptz[], $13::boolean[], $14::text[])
      AS v(delivery_id, n, fired_at, method, url, status_code, response_body, error,
           error_message, duration_ms, state, next_attempt_at, terminal, claimed_state)
  ), attempts AS (
    INSERT INTO delivery_attempts
      (delivery_id, n, fired_at, method, url, status_code, response_body, error, error_message,
       duration_ms)
    SELECT delivery_id, n, fired_at, method, url, status_code, response_body, error,
           error_message, duration_ms FROM v
  )
  UPDATE deliveries d
     SET state = CASE WHEN ${TAKES_OUTCOME} THEN v.state ELSE d.state END,
         next_attempt_at = CASE WHEN ${TAKES_OUTCOME} THEN v.next_attempt_at
                                ELSE d.next_attempt_at END,
         completed_at = CASE WHEN v.terminal AND ${TAKES_OUTCOME} THEN now()
                             ELSE d.completed_at END,
         last_status_code = v.status_code
    FROM v WHERE d.id = v.delivery_id`;

// The worker's two writes per delivery (claim before sending, record after), coalesced across
// the deliveries in flight: a round trip and a commit per batch instead of per delivery.
export class DeliveryWrites {
  private readonly logger = new Logger('DeliveryWrites');
  private readonly claims: Coalescer<string, ClaimedRow | null>;
  // Each caller's own outcome: null = written, else the error its line met.
  private readonly records: Coalescer<AttemptRecord, Error | null>;

  constructor(private readonly query: PreparedQuery) {
    this.claims = new Coalescer((ids) => this.claimBatch(ids), MAX_BATCH);
    this.records = new Coalescer((records) => this.recordBatch(records), MAX_BATCH);
  }

  // Takes the next attempt number of a delivery that is still due; null when it is not.
  claimDue(deliveryId: string): Promise<ClaimedRow | null> {
    return this.claims.call(deliveryId);
  }

  // Resolves once the attempt and the delivery's state are committed.
  async record(record: AttemptRecord): Promise<void> {
    const error = await this.records.call(record);
    if (error) throw error;
  }

  private async claimBatch(ids: string[]): Promise<(ClaimedRow | null)[]> {
    // A malformed id (a job not made by us) must not fail the others' claims: it claims nothing.
    const valid = ids.filter((id) => UUID.test(id));
    const rows: ClaimedRow[] = valid.length
      ? await this.query<ClaimedRow>('claim-due-deliveries', CLAIM_DUE_SQL, [valid])
      : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    // The same delivery twice in one batch (a stalled job run again) is claimed once.
    return ids.map((id) => {
      const row = byId.get(id) ?? null;
      byId.delete(id);
      return row;
    });
  }

  private async recordBatch(records: AttemptRecord[]): Promise<(Error | null)[]> {
    try {
      await this.write(records);
      return records.map(() => null);
    } catch (error) {
      if (records.length === 1) return [error as Error];
      // One bad line must not cost the others their log: write them one by one.
      this.logger.warn(`Batch of ${records.length} attempts failed, writing singly: ${error}`);
      const results = await Promise.allSettled(records.map((r) => this.write([r])));
      return results.map((r) => (r.status === 'rejected' ? (r.reason as Error) : null));
    }
  }

  private async write(records: AttemptRecord[]): Promise<void> {
    const column = <K extends keyof AttemptRecord>(key: K) => records.map((r) => r[key]);
    await this.query('record-delivery-attempts', RECORD_SQL, [
      column('deliveryId'),
      column('n'),
      column('firedAt'),
      column('method'),
      column('url'),
      column('statusCode'),
      column('responseBody'),
      column('error'),
      column('errorMessage'),
      column('durationMs'),
      column('state'),
      column('nextAttemptAt'),
      column('terminal'),
      column('claimedState'),
    ]);
  }
}
