// A delivery's life as the `deliveries.state` column records it, and which writes may move it
// from which state. Pure; DeliveryStore builds its WHERE clauses and guards from these lists.
//
// The vocabulary mapped to the states the database really holds:
//   scheduled → our `scheduled`: inserted, not attempted yet (due at next_attempt_at).
//   sending   → no state of its own: a claim adds one to attempt_count and leaves the state as it
//               was; the attempt record carries the state seen at claim (claimedState).
//   retrying  → `retrying`: attempted, due again at next_attempt_at.
//   delivered → `delivered`; failed → `failed`; cancelled → `cancelled` (finished states).
//   held      → `held`: a publisher's new rule waiting for approval (SPEC §13). Never due, never
//               claimed: approval moves it to `scheduled`, rejection to `cancelled`. (A paused
//               rule's deliveries stay pending instead and are cancelled when the worker picks them up.)
export const DELIVERY_STATES = [
  'held',
  'scheduled',
  'retrying',
  'delivered',
  'failed',
  'cancelled',
] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

// Every delivery is inserted in this state.
export const INITIAL_STATE = 'scheduled' satisfies DeliveryState;

// A rule not approved yet plans its deliveries in this state.
export const HELD_STATE = 'held' satisfies DeliveryState;

// Due: the queue and the sweeper carry these, and only these take a queued attempt.
export const PENDING_STATES = ['scheduled', 'retrying'] as const satisfies DeliveryState[];
// Nothing will happen to these by itself: only a manual or bulk retry moves them again.
export const FINISHED_STATES = [
  'delivered',
  'failed',
  'cancelled',
] as const satisfies DeliveryState[];

// What an attempt's outcome may set: a success or failure finishes the delivery; `retrying`
// (or a pending state a manual attempt leaves as it was) keeps it due.
export type OutcomeState = 'delivered' | 'failed' | 'retrying' | 'scheduled';

export function isPending(state: DeliveryState): boolean {
  return (PENDING_STATES as readonly DeliveryState[]).includes(state);
}

export function isFinished(state: DeliveryState): boolean {
  return (FINISHED_STATES as readonly DeliveryState[]).includes(state);
}

// The states each write may move a delivery from (`all` = whatever it is).
export const TRANSITIONS = {
  // Queued attempt (worker): attempt_count + 1 only while due.
  claimQueued: PENDING_STATES,
  // Retry button and test fire: one more attempt whatever the state, but never a held one.
  claimManual: ['scheduled', 'retrying', 'delivered', 'failed', 'cancelled'],
  // A claimed delivery whose rule is gone or disabled → cancelled, the claim given back.
  cancelClaimed: DELIVERY_STATES,
  // A rejection cancels a delayed approval nothing has attempted yet (SPEC §6).
  cancelPendingApproval: ['scheduled'],
  // The rule is approved: its held deliveries go out, in the order they were planned.
  releaseHeld: ['held'],
  // The rule is rejected: its held deliveries end here, never sent.
  cancelHeld: ['held'],
  // Bulk retry → retrying, due again at the call's pace (delivered only when asked for).
  bulkRetry: ['failed', 'delivered'],
  // Retention deletes finished deliveries only: one still being retried is kept.
  purge: FINISHED_STATES,
} as const satisfies Record<string, readonly DeliveryState[]>;

export type Transition = keyof typeof TRANSITIONS;

export function canMove(transition: Transition, from: DeliveryState): boolean {
  return (TRANSITIONS[transition] as readonly DeliveryState[]).includes(from);
}

// The states a bulk retry takes: failed ones, and delivered ones too when the caller asks.
export function bulkRetryStates(includeDelivered: boolean | undefined): DeliveryState[] {
  return TRANSITIONS.bulkRetry.filter((state) => includeDelivered || state !== 'delivered');
}

// Whether an attempt's outcome replaces the delivery's state, due time and completion: always
// while the delivery is pending; a success always (the receiver has it); a failure only if the
// delivery has not finished since this attempt's claim (a retry of a finished one by hand). So a
// manual attempt racing a queued one never turns a delivered row back into one due again.
// `current` is the row as the recording UPDATE locked it. The store's SQL says the same
// (TAKES_OUTCOME); this is its reference, tested on its own.
export function takesOutcome(
  current: DeliveryState,
  outcome: OutcomeState,
  terminal: boolean,
  claimedState: DeliveryState,
): boolean {
  return isPending(current) || outcome === 'delivered' || (terminal && current === claimedState);
}

// The states as an SQL list, `'scheduled', 'retrying'`: fixed text, so prepared statements
// built from it never vary.
export function sqlStates(states: readonly DeliveryState[]): string {
  return states.map((state) => `'${state}'`).join(', ');
}
