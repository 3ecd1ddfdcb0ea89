import { Anchor, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { catalogQueries } from '../../api/catalog';
import {
  type ConversionListQuery,
  CONVERSIONS_PAGE_SIZE,
  conversionQueries,
} from '../../api/conversions';
import { useMe } from '../../api/session';
import type { Conversion, ConversionStatus } from '../../api/types';
import {
  CONVERSION_STATUS_WORDS,
  ConversionStatusBadge,
} from '../../components/conversion-status-badge';
import { DateTime } from '../../components/date-time';
import { Pager } from '../../components/pager';
import { nameLookup } from '../../components/scope-words';
import { EmptyState, ErrorState, LoadingState, Refreshing } from '../../components/states';
import { TextFilter, TimeFilter } from '../../components/text-filter';
import { useUrlList } from '../../components/use-url-list';

const FILTER_NAMES = ['offerId', 'publisherId', 'status', 'transactionId', 'from', 'to'] as const;
const ANY = 'any';

// Conversions in the viewer's scope (the API's): publishers see their payout, never revenue;
// advertisers their revenue, never the publisher's payout.
export function ConversionsPage() {
  const me = useMe();
  const list = useUrlList(FILTER_NAMES);
  const { filters } = list;
  const query: ConversionListQuery = { limit: CONVERSIONS_PAGE_SIZE };
  if (filters.offerId) query.offerId = Number(filters.offerId);
  if (filters.publisherId) query.publisherId = Number(filters.publisherId);
  if (filters.status) query.status = filters.status as ConversionStatus;
  if (filters.transactionId) query.transactionId = filters.transactionId;
  if (filters.from) query.from = filters.from;
  if (filters.to) query.to = filters.to;
  if (list.cursor) query.cursor = list.cursor;

  const conversions = useQuery(conversionQueries.list(query));
  const offers = useQuery(catalogQueries.offers());
  const publishers = useQuery({ ...catalogQueries.publishers(), enabled: me.role === 'admin' });
  const offerName = nameLookup(offers.data?.items);
  const publisherName = nameLookup(publishers.data?.items);
  const filtered = Object.keys(filters).length > 0;

  const select = (
    name: (typeof FILTER_NAMES)[number],
    label: string,
    data: { value: string; label: string }[],
  ) => (
    <Select
      label={label}
      data={[{ value: ANY, label: 'Any' }, ...data]}
      value={filters[name] ?? ANY}
      onChange={(value) => list.setFilter(name, value === ANY ? null : value)}
      allowDeselect={false}
      searchable={data.length > 8}
      w={190}
    />
  );

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>Conversions</Title>
        <Text c="dimmed" size="sm">
          Conversions reported by advertisers, with their status; open one for its history and the
          postbacks it fired.
        </Text>
      </div>
      <Group align="flex-end" gap="sm" wrap="wrap">
        {select(
          'status',
          'Status',
          Object.entries(CONVERSION_STATUS_WORDS).map(([value, w]) => ({ value, label: w.label })),
        )}
        {select(
          'offerId',
          'Offer',
          (offers.data?.items ?? []).map((o) => ({
            value: String(o.id),
            label: `${o.name} (#${o.id})`,
          })),
        )}
        {me.role === 'admin' &&
          select(
            'publisherId',
            'Publisher',
            (publishers.data?.items ?? []).map((p) => ({ value: String(p.id), label: p.name })),
          )}
        <TextFilter
          label="Transaction id"
          value={filters.transactionId}
          onChange={(v) => list.setFilter('transactionId', v)}
        />
        <TimeFilter label="From" value={filters.from} onChange={(v) => list.setFilter('from', v)} />
        <TimeFilter label="Before" value={filters.to} onChange={(v) => list.setFilter('to', v)} />
        {filtered && (
          <Button variant="subtle" onClick={list.clearFilters}>
            Clear filters
          </Button>
        )}
      </Group>
      {conversions.isPending && <LoadingState label="Loading conversions" />}
      {conversions.isError && (
        <ErrorState error={conversions.error} onRetry={() => void conversions.refetch()} />
      )}
      {conversions.data && conversions.data.items.length === 0 && (
        <EmptyState
          title={filtered ? 'No conversions match these filters.' : 'No conversions yet.'}
        >
          <Text c="dimmed" size="sm">
            {filtered
              ? 'Change or clear the filters to see more.'
              : 'They appear here when an advertiser reports one.'}
          </Text>
        </EmptyState>
      )}
      {conversions.data && conversions.data.items.length > 0 && (
        <Refreshing busy={conversions.isPlaceholderData}>
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Offer</Table.Th>
                  {me.role !== 'publisher' && <Table.Th>Publisher</Table.Th>}
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Transaction id</Table.Th>
                  {me.role !== 'advertiser' && <Table.Th>Payout</Table.Th>}
                  {me.role !== 'publisher' && <Table.Th>Revenue</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {conversions.data.items.map((c) => (
                  <ConversionRow
                    key={c.id}
                    conversion={c}
                    offer={offerName(c.offerId)}
                    publisher={
                      me.role === 'admin' ? publisherName(c.publisherId) : `#${c.publisherId}`
                    }
                    role={me.role}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Refreshing>
      )}
      {conversions.data && (
        <Pager
          page={list.page}
          nextCursor={conversions.data.nextCursor}
          onNext={list.nextPage}
          onPrevious={list.previousPage}
        />
      )}
    </Stack>
  );
}

function ConversionRow({
  conversion: c,
  offer,
  publisher,
  role,
}: {
  conversion: Conversion;
  offer: string;
  publisher: string;
  role: string;
}) {
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <DateTime value={c.createdAt} />
      </Table.Td>
      <Table.Td>
        <ConversionStatusBadge status={c.status} />
      </Table.Td>
      <Table.Td>{offer}</Table.Td>
      {role !== 'publisher' && <Table.Td>{publisher}</Table.Td>}
      <Table.Td>{c.event ?? 'Base conversion'}</Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/conversions/${c.id}`} ff="monospace" size="sm">
          {c.transactionId}
        </Anchor>
      </Table.Td>
      {role !== 'advertiser' && <Table.Td>{money(c.payout, c.currency)}</Table.Td>}
      {role !== 'publisher' && <Table.Td>{money(c.revenue, c.currency)}</Table.Td>}
    </Table.Tr>
  );
}

export function money(amount: string | undefined | null, currency: string): string {
  if (amount === undefined || amount === null) return '—';
  // Stored at scale 8: trailing zeros beyond the cents say nothing.
  const trimmed = amount.replace(/(\.\d\d\d*?)0+$/, '$1');
  return `${trimmed} ${currency}`;
}
