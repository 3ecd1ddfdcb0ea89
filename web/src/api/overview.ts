import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];
export type Overview = Schemas['OverviewView'];
export type OverviewWindow = Overview['window'];
export type OutcomeBucket = Schemas['OutcomeBucketView'];
export type FailingRule = Schemas['FailingRuleView'];
export type PausedRule = Schemas['PausedRuleView'];
export type IntakeSummary = Schemas['IntakeSummaryView'];

// The landing page's numbers; refreshed every minute while it is open.
export const overviewQueries = {
  all: ['overview'] as const,
  window: (window: OverviewWindow) =>
    queryOptions({
      queryKey: [...overviewQueries.all, window] as const,
      queryFn: () => unwrap<Overview>(api.GET('/api/overview', { params: { query: { window } } })),
      placeholderData: keepPreviousData,
      refetchInterval: 60_000,
    }),
};
