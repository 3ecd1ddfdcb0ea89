import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { NewNotificationEndpoint, NotificationEndpoint, Page, SentNotification } from './types';

// How many notifications an endpoint's row shows: the recent ones a manager checks.
export const RECENT_NOTIFICATIONS = 20;

// Query keys and fetchers of notification endpoints (SPEC §13); adding or removing one
// invalidates `all`.
export const notificationQueries = {
  all: ['notification-endpoints'] as const,
  endpoints: () =>
    queryOptions({
      queryKey: [...notificationQueries.all, 'list'] as const,
      queryFn: () =>
        unwrap<Page<NotificationEndpoint>>(
          api.GET('/api/notification-endpoints', { params: { query: { limit: 500 } } }),
        ),
    }),
  sent: (endpointId: number) =>
    queryOptions({
      queryKey: [...notificationQueries.all, endpointId, 'sent'] as const,
      queryFn: () =>
        unwrap<Page<SentNotification>>(
          api.GET('/api/notification-endpoints/{id}/notifications', {
            params: { path: { id: endpointId }, query: { limit: RECENT_NOTIFICATIONS } },
          }),
        ),
    }),
};

export function createNotificationEndpoint(
  body: NewNotificationEndpoint,
): Promise<NotificationEndpoint> {
  return unwrap(api.POST('/api/notification-endpoints', { body }));
}

export function deleteNotificationEndpoint(id: number): Promise<void> {
  return unwrap(api.DELETE('/api/notification-endpoints/{id}', { params: { path: { id } } }));
}
