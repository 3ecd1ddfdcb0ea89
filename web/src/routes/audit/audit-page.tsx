import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { AUDIT_PAGE_SIZE, type AuditListQuery, governanceQueries } from '../../api/governance';
import { Pager } from '../../components/pager';
import { EmptyState, ErrorState, LoadingState, Refreshing } from '../../components/states';
import { useUrlList } from '../../components/use-url-list';
import { AUDIT_FILTERS, AuditFilters } from './audit-filters';
import { AuditTable } from './audit-table';

// The audit log (SPEC §13): who changed what, from what to what, newest first.
export function AuditPage() {
  const list = useUrlList(AUDIT_FILTERS);
  const { filters, cursor } = list;
  // The API refuses a malformed filter with words; the error state shows them.
  const query = { limit: AUDIT_PAGE_SIZE, ...filters } as AuditListQuery;
  if (cursor) query.cursor = cursor;
  const entries = useQuery(governanceQueries.audit(query));
  const filtered = Object.keys(filters).length > 0;

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>Audit log</Title>
        <Text c="dimmed" size="sm">
          Every change to rules, the catalog, users, keys, settings and rates, and every approval,
          pause and resume: who made it, when, from where, and what each field was before and after.
          Secrets read [redacted].
        </Text>
      </div>
      <AuditFilters filters={filters} setFilter={list.setFilter} clearFilters={list.clearFilters} />
      {entries.isPending && <LoadingState label="Loading the audit log" />}
      {entries.isError && (
        <ErrorState error={entries.error} onRetry={() => void entries.refetch()} />
      )}
      {entries.data && entries.data.items.length === 0 && (
        <EmptyState title={filtered ? 'No entries match these filters.' : 'No entries yet.'}>
          <Text c="dimmed" size="sm">
            {filtered ? 'Clear a filter to see more.' : 'Changes appear here as they are made.'}
          </Text>
        </EmptyState>
      )}
      {entries.data && entries.data.items.length > 0 && (
        <Refreshing busy={entries.isPlaceholderData}>
          <AuditTable entries={entries.data.items} />
        </Refreshing>
      )}
      {entries.data && (
        <Pager
          page={list.page}
          nextCursor={entries.data.nextCursor}
          onNext={list.nextPage}
          onPrevious={list.previousPage}
        />
      )}
    </Stack>
  );
}
