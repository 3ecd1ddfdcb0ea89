import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { operations } from './schema';
import type { Conversion, ConversionStatus, ConversionWithHistory, IntakeLog, Page } from './types';

export type ConversionListQuery = NonNullable<
  operations['ConversionsController_list']['parameters']['query']
>;
export type IntakeLogListQuery = NonNullable<
  operations['IntakeLogsController_list']['parameters']['query']
>;

export const CONVERSIONS_PAGE_SIZE = 50;

// Query keys and fetchers of conversions and the advertisers' intake log.
export const conversionQueries = {
  all: ['conversions'] as const,
  list: (query: ConversionListQuery) =>
    queryOptions({
      queryKey: [...conversionQueries.all, 'list', query] as const,
      queryFn: () => unwrap<Page<Conversion>>(api.GET('/api/conversions', { params: { query } })),
      placeholderData: keepPreviousData,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...conversionQueries.all, 'detail', id] as const,
      queryFn: () =>
        unwrap<ConversionWithHistory>(
          api.GET('/api/conversions/{id}', { params: { path: { id } } }),
        ),
    }),
  intakeLogs: (query: IntakeLogListQuery) =>
    queryOptions({
      queryKey: ['intake-logs', 'list', query] as const,
      queryFn: () => unwrap<Page<IntakeLog>>(api.GET('/api/intake-logs', { params: { query } })),
      placeholderData: keepPreviousData,
    }),
};

export function changeConversionStatus(
  id: string,
  change: { status: ConversionStatus; rejectionReason: string | null },
): Promise<ConversionWithHistory> {
  return unwrap(api.PATCH('/api/conversions/{id}', { params: { path: { id } }, body: change }));
}
