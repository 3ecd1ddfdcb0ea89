import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Coalescer } from '../common/coalescer';
import { preparedQuery, type PreparedQuery } from '../database/prepared-query';
import {
  canMove,
  type DeliveryState,
  INITIAL_STATE,
  PENDING_STATES,
  sqlStates,
  TRANSITIONS,
} from './delivery-states';

// The one place that writes `deliveries` and `delivery_attempts`: every feature that changes a
// delivery calls a method here, and the states each write may move a delivery from are
// delivery-states.ts's.

// A planned delivery row's columns and their types, in the order its values come
// (DeliveryScheduler builds the rows).
const PLANNED_COLUMN_TYPES: [string, string][] = [
  ['id', 'uuid'],
  ['postback_id', 'int'],
  ['type', 'text'],
  ['trigger_key', 'text'],
  ['state', 'text'],
  ['publisher_id', 'int'],
  ['offer_id', 'int'],
  ['transaction_id', 'text'],
  ['external_transaction_id', 'text'],
  ['conversion_id', 'uuid'],
  ['impression_id', 'text'],
  ['status', 'text'],
  ['snapshot', 'jsonb'],
  ['scheduled_for', 'timestamptz'],
  ['next_attempt_at', 'timestamptz'],
];
const PLANNED_COLUMNS = PLANNED_COLUMN_TYPES.map(([name]) => name);
// PostgreSQL takes at most 65535 bind parameters per statement.
const ROWS_PER_INSERT = Math.floor(65535 / PLANNED_COLUMNS.length);

// For an event's own statement that inserts its planned deliveries as one of its CTEs (a new
// conversion: one round trip, atomic without a transaction). `first` is the number of the first
// of plannedRowColumns(rows)'s parameters; `condition` an SQL condition the rows insert under.
export function insertPlannedSql(first: number, condition: string): string {
  const unnest = PLANNED_COLUMN_TYPES.map(([, type], i) => `$${first + i}::${type}[]`).join(', ');
  return `INSERT INTO deliveries (${PLANNED_COLUMNS.join(', ')})
    SELECT * FROM unnest(${unnest}) WHERE ${condition}`;
}

// Planned rows as one array per column, the parameters of insertPlannedSql.
export function plannedRowColumns(rows: unknown[][]): unknown[][] {
  return PLANNED_COLUMNS.map((_, c) => rows.map((row) => row[c]));
}

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
  // Already masked (request-masking.ts): the store writes what it is given.
  requestHeaders: Record<string, string> | null;
  requestBody: string | null;
  state: string;
  nextAttemptAt: Date | null;
  terminal: boolean;
  // The delivery's state when this attempt claimed it.
  claimedState: string;
}

// A test fire's delivery (SPEC §6), inserted right before its one manual attempt.
export interface TestFire {
  id: string;
  postbackId: number;
  type: string;
  publisherId: number | null;
  status: string | number;
  snapshot: Record<string, string | number>;
  // Due only then: if the process dies before recording the attempt, the sweeper fires it.
  dueInSeconds: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Enough to fill a worker's slots in one round trip; bounded so a statement stays small.
const MAX_BATCH = 100;

const CLAIM_DUE_SQL = `
  UPDATE deliveries SET attempt_count = attempt_count + 1
   WHERE id = ANY($1::uuid[]) AND state IN (${sqlStates(TRANSITIONS.claimQueued)})
  RETURNING id, postback_id, state, test, snapshot, attempt_count, next_attempt_at`;

// delivery-states.ts takesOutcome() as SQL. d is the row as the UPDATE locked it, not as the
// statement's snapshot saw it.
const TAKES_OUTCOME = `(d.state IN (${sqlStates(PENDING_STATES)}) OR v.state = 'delivered'
                        OR (v.terminal AND d.state = v.claimed_state))`;

// One statement (atomic without a transaction): the attempts inserted, their deliveries updated.
// Every attempt is logged, whatever the outcome; last_status_code is the last attempt's.
const RECORD_SQL = `
  WITH v AS (
    SELECT * FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::text[], $5::text[],
                         $6::int[], $7::text[], $8::text[], $9::text[], $10::int[], $11::text[],
                         $12::timestamptz[], $13::boolean[], $14::text[], $15::jsonb[],
                         $16::text[])
      AS v(delivery_id, n, fired_at, method, url, status_code, response_body, error,
           error_message, duration_ms, state, next_attempt_at, terminal, claimed_state,
           request_headers, request_body)
  ), attempts AS (
    INSERT INTO delivery_attempts
      (delivery_id, n, fired_at, method, url, status_code, response_body, error, error_message,
       duration_ms, request_headers, request_body)
    SELECT delivery_id, n, fired_at, method, url, status_code, response_body, error,
           error_message, duration_ms, request_headers, request_body FROM v
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
    await this.query('record-delivery-attempts', RECORD_SQL, recordParams(records));
  }
}

// RECORD_SQL's parameters: one array per column.
function recordParams(records: AttemptRecord[]): unknown[] {
  const column = <K extends keyof AttemptRecord>(key: K) => records.map((r) => r[key]);
  return [
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
      records.map((r) => (r.requestHeaders ? JSON.stringify(r.requestHeaders) : null)),
    column('requestBody'),
  ];
}

@Injectable()
export class DeliveryStore {
  private readonly writes: DeliveryWrites;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.writes = new DeliveryWrites(preparedQuery(dataSource));
  }

  // Inserts planned rows (DeliveryScheduler's) in the caller's transaction; answers the ids
  // inserted. The (rule, trigger key) unique constraint makes a repeated event insert nothing.
  async insertPlanned(manager: EntityManager, rows: unknown[][]): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO deliveries (${PLANNED_COLUMNS.join(', ')}) VALUES ${placeholders(chunk.length, PLANNED_COLUMNS.length)}
         ON CONFLICT (postback_id, trigger_key) DO NOTHING RETURNING id`,
        chunk.flat(),
      );
      for (const row of inserted) ids.push(row.id);
    }
    return ids;
  }

  // A rejection before a delayed approval fired cancels that approval (SPEC §6), in the
  // rejection's transaction.
  async cancelPendingApprovals(manager: EntityManager, conversionId: string): Promise<void> {
    await manager.query(
      `UPDATE deliveries SET state = 'cancelled', completed_at = now(), next_attempt_at = NULL
       WHERE conversion_id = $1 AND status = 'approved'
         AND state IN (${sqlStates(TRANSITIONS.cancelPendingApproval)}) AND attempt_count = 0`,
      [conversionId],
    );
  }

  // The rule was approved (SPEC §13), in the approval's transaction: its held deliveries become
  // due (at their planned time, or now if that has passed). Answers them in planned order (ids
  // are time-ordered uuidv7), for the queue after commit.
  async releaseHeld(
    manager: EntityManager,
    ruleId: number,
  ): Promise<{ id: string; next_attempt_at: Date }[]> {
    const [rows]: [{ id: string; next_attempt_at: Date }[], number] = await manager.query(
      `UPDATE deliveries SET state = '${INITIAL_STATE}', state_reason = NULL,
              next_attempt_at = greatest(scheduled_for, now())
        WHERE postback_id = $1 AND state IN (${sqlStates(TRANSITIONS.releaseHeld)})
        RETURNING id, next_attempt_at`,
      [ruleId],
    );
    return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  // The rule was rejected: its held deliveries are cancelled with the reason, never sent.
  async cancelHeld(manager: EntityManager, ruleId: number, reason: string): Promise<number> {
    const [, count]: [unknown, number] = await manager.query(
      `UPDATE deliveries SET state = 'cancelled', completed_at = now(), state_reason = $2
        WHERE postback_id = $1 AND state IN (${sqlStates(TRANSITIONS.cancelHeld)})`,
      [ruleId, reason.slice(0, 600)],
    );
    return count;
  }

  // A queued attempt: takes the next attempt number of a delivery that is still due.
  claimDue(deliveryId: string): Promise<ClaimedRow | null> {
    return this.writes.claimDue(deliveryId);
  }

  // Manual attempts (retry button, test) are rare: one query of their own, whatever the state
  // (but held: nothing is sent for a rule not approved yet).
  async claimAnyState(deliveryId: string): Promise<ClaimedRow | null> {
    const [rows]: [ClaimedRow[], number] = await this.dataSource.query(
      `UPDATE deliveries SET attempt_count = attempt_count + 1
        WHERE id = $1 AND state IN (${sqlStates(TRANSITIONS.claimManual)}) RETURNING *`,
      [deliveryId],
    );
    return rows[0] ?? null;
  }

  // No request was made (the origin was saturated): the claimed attempt number is given back.
  async releaseClaim(deliveryId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE deliveries SET attempt_count = attempt_count - 1 WHERE id = $1`,
      [deliveryId],
    );
  }

  // A claimed delivery whose rule is gone or disabled: no request is made, so the claimed
  // attempt number is given back.
  async cancelClaimed(deliveryId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE deliveries SET state = 'cancelled', completed_at = now(), next_attempt_at = NULL,
         attempt_count = attempt_count - 1
       WHERE id = $1`,
      [deliveryId],
    );
  }

  // The attempt's log line and the delivery's new state; resolves once both are committed.
  recordAttempt(record: AttemptRecord): Promise<void> {
    return this.writes.record(record);
  }

  // The same write in the caller's transaction (not coalesced), for an attempt whose outcome
  // must commit with something else (a delivery.failed notification). Answers the delivery's
  // state after it: the attempt's, unless a newer outcome was already recorded.
  async recordAttemptIn(manager: EntityManager, record: AttemptRecord): Promise<string | null> {
    const [rows]: [{ state: string }[], number] = await manager.query(
      `${RECORD_SQL} RETURNING d.state`,
      recordParams([record]),
    );
    return rows[0]?.state ?? null;
  }

  async insertTestFire(fire: TestFire): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO deliveries (id, postback_id, type, trigger_key, state, test, publisher_id, status, snapshot,
         scheduled_for, next_attempt_at)
       VALUES ($1, $2, $3, $4, '${INITIAL_STATE}', true, $5, $6, $7, now(),
               now() + make_interval(secs => $8))`,
      [
        fire.id,
        fire.postbackId,
        fire.type,
        `test:${fire.id}`,
        fire.publisherId,
        fire.status,
        JSON.stringify(fire.snapshot),
        fire.dueInSeconds,
      ],
    );
  }

  // Bulk retry: one new attempt each, due at `perSecond` from `startAt` (never NULL: the
  // sweeper's work list), `position` being the first id's place in the whole call; the attempt
  // count kept, so the idempotency key and {delivery_id} stay the delivery's. The state is
  // checked again: a row that changed since the caller's select (a manual retry finished) is
  // left alone. Answers the rows moved to retrying.
  async requeueForBulkRetry(
    ids: string[],
    states: DeliveryState[],
    startAt: Date,
    position: number,
    perSecond: number,
  ): Promise<{ id: string; next_attempt_at: Date }[]> {
    const illegal = states.filter((state) => !canMove('bulkRetry', state));
    if (illegal.length > 0) throw new Error(`Bulk retry cannot move ${illegal.join(', ')}`);
    const [updated]: [{ id: string; next_attempt_at: Date }[], number] =
      await this.dataSource.query(
        `UPDATE deliveries d
            SET state = 'retrying', completed_at = NULL,
                next_attempt_at = $5::timestamptz + make_interval(secs => ($3 + o.n - 1) / $4::float8)
           FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, n)
          WHERE d.id = o.id AND d.state = ANY($2::text[]) AND NOT d.test
        RETURNING d.id, d.next_attempt_at`,
        [ids, states, position, perSecond, startAt],
      );
    return updated;
  }

  // Retention: deletes up to `limit` finished deliveries created before `cutoff` (their
  // attempts go with them); answers how many. One still being retried is kept whatever its age.
  async purgeFinished(cutoff: Date, limit: number): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM deliveries WHERE id IN (
         SELECT id FROM deliveries
          WHERE created_at < $1 AND state IN (${sqlStates(TRANSITIONS.purge)})
          LIMIT $2)`,
      [cutoff, limit],
    );
    return count;
  }
}

function placeholders(rows: number, columns: number): string {
  const groups: string[] = [];
  for (let r = 0; r < rows; r++) {
    const params: string[] = [];
    for (let c = 1; c <= columns; c++) params.push(`$${r * columns + c}`);
    groups.push(`(${params.join(', ')})`);
  }
  return groups.join(', ');
}
