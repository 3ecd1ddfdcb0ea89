import { Injectable, Logger } from '@nestjs/common';
import { classifyAttempt } from '../postbacks/delivery/attempt-outcome';
import { OutboundRequest, PostbackSender, USER_AGENT } from '../postbacks/delivery/postback-sender';
import { DeliveryRetryPolicy, nextRetryDelayMs } from '../postbacks/delivery/retry-policy';
import { webhookHeaders } from '../postbacks/delivery/webhook-signer';
import { NOTIFICATION_MAX_ATTEMPTS } from './notification-queue';
import { ClaimedNotification, NotificationState, NotificationStore } from './notification-store';

// Per attempt, like a rule's default (SPEC §8).
export const NOTIFICATION_TIMEOUT_MS = 10_000;

export interface NotifyReport {
  state: NotificationState | 'skipped';
  // Set when the queue should try again after this many milliseconds.
  retryInMs: number | null;
}

// One attempt of one notification, through the delivery engine's parts: the sender (SSRF guard
// at connect time, timeout, bounded response), Standard Webhooks signing, the attempt
// classification and the retry schedule. It is not a rule's delivery: its failures count towards
// no auto-pause and raise no delivery.failed, so a notification never notifies about itself.
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly store: NotificationStore,
    private readonly sender: PostbackSender,
    private readonly retry: DeliveryRetryPolicy,
  ) {}

  async attempt(notificationId: string): Promise<NotifyReport> {
    const notification = await this.store.claim(notificationId);
    if (!notification) return { state: 'skipped', retryInMs: null };
    const firedAt = new Date();
    const result = await this.sender.send(notificationRequest(notification, firedAt.getTime()));
    const { outcome } = classifyAttempt(result);
    let report: NotifyReport = { state: 'failed', retryInMs: null };
    if (outcome === 'delivered') report = { state: 'delivered', retryInMs: null };
    else if (outcome === 'retry') {
      const delay = nextRetryDelayMs(
        notification.attemptCount,
        NOTIFICATION_MAX_ATTEMPTS,
        this.retry.policy,
        result.retryAfterMs,
      );
      if (delay !== null) report = { state: 'retrying', retryInMs: delay };
    }
    await this.store.record({
      notificationId,
      n: notification.attemptCount,
      firedAt,
      statusCode: result.statusCode,
      error: result.error,
      errorMessage: result.errorMessage,
      responseBody: result.responseBody,
      durationMs: result.durationMs,
      state: report.state as NotificationState,
      nextAttemptAt: report.retryInMs === null ? null : new Date(Date.now() + report.retryInMs),
    });
    if (report.state === 'failed') {
      this.logger.warn(`Notification ${notificationId} failed after ${notification.attemptCount} attempts`);
    }
    return report;
  }
}

// A JSON POST; the notification's id is its webhook-id and Idempotency-Key, so a receiver
// dedupes retries.
export function notificationRequest(
  notification: Pick<ClaimedNotification, 'id' | 'body' | 'url' | 'signingSecret'>,
  nowMs: number,
): OutboundRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'idempotency-key': notification.id,
  };
  if (notification.signingSecret) {
    Object.assign(
      headers,
      webhookHeaders(notification.signingSecret, notification.id, nowMs, notification.body),
    );
  }
  return {
    method: 'POST',
    url: notification.url,
    headers,
    body: notification.body,
    timeoutMs: NOTIFICATION_TIMEOUT_MS,
  };
}
