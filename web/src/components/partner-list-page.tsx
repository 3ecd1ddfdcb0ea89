import { Anchor, Button, Group, Modal, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  type QueryKey,
  useMutation,
  useQuery,
  useQueryClient,
  type UseQueryOptions,
} from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { CATALOG_PAGE_SIZE } from '../api/catalog';
import type { Page } from '../api/types';
import { DateTime } from './date-time';
import { Pager } from './pager';
import { PartnerForm, type PartnerValues } from './partner-form';
import { EmptyState, ErrorState, LoadingState, Refreshing } from './states';
import { type CatalogStatus, StatusBadge, statusOptions } from './status-badge';
import { useUrlList } from './use-url-list';

export interface PartnerRow {
  id: number;
  name: string;
  status: CatalogStatus;
  createdAt: string;
}

export interface PartnerListQuery {
  limit: number;
  cursor?: string;
  status?: CatalogStatus;
}

export interface PartnerKind {
  noun: string; // "advertiser"
  title: string; // "Advertisers"
  description: string;
  path: string; // "/advertisers", also the query key's root
  statuses: readonly CatalogStatus[];
  statusDescription: string;
  // The API's list of it, as a query (the kind's own statuses are the only ones the filter offers).
  list: (
    query: PartnerListQuery,
  ) => UseQueryOptions<Page<PartnerRow>, Error, Page<PartnerRow>, QueryKey>;
  create: (values: PartnerValues) => Promise<{ id: number }>;
}

const FILTER_NAMES = ['status'] as const;
const ANY = 'any';

// Advertisers and publishers (SPEC §4): the same list of names and statuses, a status filter in
// the URL, and a form to add one, which opens the new one's page.
export function PartnerListPage({ kind }: { kind: PartnerKind }) {
  const { filters, cursor, page, setFilter, nextPage, previousPage } = useUrlList(FILTER_NAMES);
  const query: PartnerListQuery = { limit: CATALOG_PAGE_SIZE };
  if (cursor) query.cursor = cursor;
  if (filters.status) query.status = filters.status as CatalogStatus; // the API refuses others
  const rows = useQuery(kind.list(query));
  const [creating, create] = useDisclosure();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: kind.create,
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: [kind.path.slice(1)] });
      void navigate(`${kind.path}/${created.id}`);
    },
  });
  const newLabel = `New ${kind.noun}`;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{kind.title}</Title>
          <Text c="dimmed" size="sm">
            {kind.description}
          </Text>
        </div>
        <Button onClick={create.open}>{newLabel}</Button>
      </Group>
      <Select
        label="Status"
        data={[{ value: ANY, label: 'Any' }, ...statusOptions(kind.statuses)]}
        value={filters.status ?? ANY}
        onChange={(value) => setFilter('status', value === ANY ? null : value)}
        allowDeselect={false}
        w={190}
      />
      {rows.isPending && <LoadingState label={`Loading ${kind.title.toLowerCase()}`} />}
      {rows.isError && <ErrorState error={rows.error} onRetry={() => void rows.refetch()} />}
      {rows.data && rows.data.items.length === 0 && (
        <EmptyState
          title={
            filters.status
              ? `No ${kind.title.toLowerCase()} have this status.`
              : `No ${kind.title.toLowerCase()} yet.`
          }
        >
          <Text c="dimmed" size="sm">
            {filters.status ? 'Choose another status to see more.' : `Add one with ${newLabel}.`}
          </Text>
        </EmptyState>
      )}
      {rows.data && rows.data.items.length > 0 && (
        <Refreshing busy={rows.isPlaceholderData}>
          <PartnerTable rows={rows.data.items} path={kind.path} />
        </Refreshing>
      )}
      {rows.data && (
        <Pager
          page={page}
          nextCursor={rows.data.nextCursor}
          onNext={nextPage}
          onPrevious={previousPage}
        />
      )}
      <Modal
        opened={creating}
        onClose={() => {
          mutation.reset();
          create.close();
        }}
        title={newLabel}
      >
        <PartnerForm
          initial={{ name: '', status: 'active' }}
          statuses={kind.statuses}
          statusDescription={kind.statusDescription}
          submitLabel={`Create ${kind.noun}`}
          mutation={mutation}
          onCancel={create.close}
        />
      </Modal>
    </Stack>
  );
}

function PartnerTable({ rows, path }: { rows: PartnerRow[]; path: string }) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>ID</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Created</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td>
                <Anchor component={Link} to={`${path}/${row.id}`} fw={500}>
                  {row.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{row.id}</Table.Td>
              <Table.Td>
                <StatusBadge status={row.status} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <DateTime value={row.createdAt} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
