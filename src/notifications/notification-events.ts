// What a notification says (SPEC §13). Pure: the events, their JSON body, and the per-rule limit
// on delivery.failed.

export const NOTIFICATION_EVENTS = [
  'postback.paused',
  'postback.resumed',
  'postback.approval_requested',
  'postback.approved',
  'postback.rejected',
  'delivery.failed',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

// The rule a notification is about, as it fires (the approved URL: a change waiting for
// approval is not on the rule's row). A PostbackRule fits.
export interface NotifiedRule {
  id: number;
  name: string;
  publisherId: number | null;
  offerIds: number[];
  url: string;
}

export interface RuleEvent {
  type: Exclude<NotificationEvent, 'delivery.failed'>;
  rule: NotifiedRule;
  reason: string;
}

export interface DeliveryFailedEvent {
  type: 'delivery.failed';
  rule: NotifiedRule;
  reason: string;
  // Failed deliveries of the rule this notification reports, since `since`.
  failures: number;
  since: Date;
  lastError: string;
  deliveryId: string;
}

export type RaisedEvent = RuleEvent | DeliveryFailedEvent;

// The body sent to an endpoint, stored as text so every attempt sends (and signs) the same bytes.
export function notificationBody(
  id: string,
  event: RaisedEvent,
  occurredAt: Date,
  publicBaseUrl: string,
): string {
  const { rule } = event;
  const body: Record<string, unknown> = {
    type: event.type,
    id,
    occurredAt: occurredAt.toISOString(),
    rule: {
      id: rule.id,
      name: rule.name,
      publisherId: rule.publisherId,
      offerIds: rule.offerIds,
      url: rule.url,
    },
    reason: event.reason,
    consoleUrl: `${publicBaseUrl}/app/rules/${rule.id}`,
  };
  if (event.type === 'delivery.failed') {
    Object.assign(body, {
      failures: event.failures,
      since: event.since.toISOString(),
      lastError: event.lastError,
      deliveryId: event.deliveryId,
    });
  }
  return JSON.stringify(body);
}

// A rule's delivery.failed state: when one was last raised, the failures not reported since.
export interface FailureWindow {
  lastRaisedAt: Date | null;
  unreported: number;
  unreportedSince: Date | null;
}

export interface FailureDecision {
  // Set when this failure raises a notification: how many it reports, counted from when.
  raise: { failures: number; since: Date } | null;
  next: FailureWindow;
}

// At most one delivery.failed per rule per window; the next one carries the failures held back
// meanwhile (this one included), so a dead tracker can't flood a manager, and nothing is hidden.
export function nextFailure(
  window: FailureWindow,
  now: Date,
  windowMs: number,
): FailureDecision {
  const open =
    window.lastRaisedAt === null || now.getTime() - window.lastRaisedAt.getTime() >= windowMs;
  if (open) {
    return {
      raise: { failures: window.unreported + 1, since: window.unreportedSince ?? now },
      next: { lastRaisedAt: now, unreported: 0, unreportedSince: null },
    };
  }
  return {
    raise: null,
    next: {
      lastRaisedAt: window.lastRaisedAt,
      unreported: window.unreported + 1,
      unreportedSince: window.unreportedSince ?? now,
    },
  };
}

// An attempt's error in a few words: the status, the error code, what the sender said.
export function lastErrorText(attempt: {
  statusCode: number | null;
  error: string | null;
  errorMessage: string | null;
}): string {
  const parts = [
    attempt.statusCode !== null ? `HTTP ${attempt.statusCode}` : null,
    attempt.error,
    attempt.errorMessage,
  ].filter((part): part is string => part !== null && part !== '');
  return (parts.join(': ') || 'failed').slice(0, 500);
}
