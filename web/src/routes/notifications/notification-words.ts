import type { NotificationEventName } from '../../api/types';

// Each event in words, in the order the API lists them (SPEC §13).
export const EVENT_WORDS: Record<NotificationEventName, string> = {
  'postback.paused': 'Rule paused',
  'postback.resumed': 'Rule resumed',
  'postback.approval_requested': 'Approval requested',
  'postback.approved': 'Change approved',
  'postback.rejected': 'Change rejected',
  'delivery.failed': 'Delivery failed',
};
