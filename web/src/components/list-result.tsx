import { Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Page } from '../api/types';
import { Pager } from './pager';
import { EmptyState, ErrorState, LoadingState, Refreshing } from './states';

interface Props<T> {
  result: UseQueryResult<Page<T>>;
  loading: string;
  // What an empty page says without filters; with them, that no `noun` match.
  empty: { title: string; hint: string };
  filtered: boolean;
  noun: string;
  paging: { page: number; nextPage: (cursor: string) => void; previousPage: () => void };
  children: (items: T[]) => ReactNode;
}

// A paginated list's states in words (loading, error, empty), its rows and its pager.
export function ListResult<T>(props: Props<T>) {
  const { result, loading, filtered, noun, paging, children } = props;
  const empty = filtered
    ? { title: `No ${noun} match these filters.`, hint: 'Change or clear the filters to see more.' }
    : props.empty;
  return (
    <>
      {result.isPending && <LoadingState label={loading} />}
      {result.isError && <ErrorState error={result.error} onRetry={() => void result.refetch()} />}
      {result.data && result.data.items.length === 0 && (
        <EmptyState title={empty.title}>
          <Text c="dimmed" size="sm">
            {empty.hint}
          </Text>
        </EmptyState>
      )}
      {result.data && result.data.items.length > 0 && (
        <Refreshing busy={result.isPlaceholderData}>{children(result.data.items)}</Refreshing>
      )}
      {result.data && (
        <Pager
          page={paging.page}
          nextCursor={result.data.nextCursor}
          onNext={paging.nextPage}
          onPrevious={paging.previousPage}
        />
      )}
    </>
  );
}
