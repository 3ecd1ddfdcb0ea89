import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { operations } from './schema';
import type { BulkRetryResult, Page, PostbackLog, PostbackLogEntry } from './types';

export type LogListQuery = NonNullable<
  operations['PostbackLogsController_list']['parameters']['query']
>;
export type LogFilter = Omit<LogListQuery, 'limit' | 'cursor'>;

export const LOGS_PAGE_SIZE = 50;

// Query keys and fetchers of the postback log (retries invalidate `all`).
export const logQueries = {
  all: ['postback-logs'] as const,
  list: (query: LogListQuery) =>
    queryOptions({
      queryKey: [...logQueries.all, 'list', query] as const,
      queryFn: () =>
        unwrap<Page<PostbackLog>>(api.GET('/api/postback-logs', { params: { query } })),
      placeholderData: keepPreviousData,
    }),
  entry: (id: string) =>
    queryOptions({
      queryKey: [...logQueries.all, 'entry', id] as const,
      queryFn: () =>
        unwrap<PostbackLogEntry>(api.GET('/api/postback-logs/{id}', { params: { path: { id } } })),
    }),
};

export function retryEntry(id: string): Promise<PostbackLogEntry> {
  return unwrap(api.POST('/api/postback-logs/{id}/retry', { params: { path: { id } } }));
}

export function bulkRetry(filter: LogFilter, includeDelivered: boolean): Promise<BulkRetryResult> {
  return unwrap(api.POST('/api/postback-logs/retry', { body: { ...filter, includeDelivered } }));
}

// The CSV export of these filters: a plain link, so the browser downloads it with the session
// cookie (a GET needs no CSRF token).
export function exportUrl(filter: LogFilter): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) {
    if (value !== undefined && value !== null) params.set(name, String(value));
  }
  const query = params.toString();
  return `/api/postback-logs/export${query ? `?${query}` : ''}`;
}
