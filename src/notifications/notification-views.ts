import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_EVENTS, NotificationEvent } from './notification-events';
import type { NotificationState } from './notification-store';

// An endpoint as the API shows it: never its signing secret.
export class NotificationEndpointView {
  id: number;
  // null = the network's endpoint (every rule); else the publisher whose rules it hears about.
  publisherId: number | null;
  url: string;
  @ApiProperty({ enum: NOTIFICATION_EVENTS, isArray: true })
  events: NotificationEvent[];
  hasSigningSecret: boolean;
  createdAt: Date;
  createdBy: string;
}

export class NotificationAttemptView {
  n: number;
  firedAt: Date;
  statusCode: number | null;
  // timeout, network_error, destination_not_allowed, … (as a rule's delivery attempts)
  error: string | null;
  errorMessage: string | null;
  // The first 4 KiB of the answer.
  responseBody: string | null;
  durationMs: number;
}

// One notification sent (or being sent) to an endpoint, with every attempt.
export class NotificationView {
  id: string;
  @ApiProperty({ enum: NOTIFICATION_EVENTS })
  type: NotificationEvent;
  ruleId: number | null;
  @ApiProperty({ enum: ['scheduled', 'retrying', 'delivered', 'failed'] })
  state: NotificationState;
  attemptCount: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
  // The JSON body as sent.
  body: string;
  attempts: NotificationAttemptView[];
}

export interface EndpointRow {
  id: number;
  publisher_id: number | null;
  url: string;
  events: NotificationEvent[];
  has_signing_secret: boolean;
  created_at: Date;
  created_by: string;
}

export function endpointView(row: EndpointRow): NotificationEndpointView {
  return {
    id: row.id,
    publisherId: row.publisher_id,
    url: row.url,
    events: row.events,
    hasSigningSecret: row.has_signing_secret,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}
