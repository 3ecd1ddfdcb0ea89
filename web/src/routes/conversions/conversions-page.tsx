import { Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { catalogQueries } from '../../api/catalog';
import {
  type ConversionListQuery,
  CONVERSIONS_PAGE_SIZE,
  conversionQueries,
} from '../../api/conversions';
import { useMe } from '../../api/session';
import type { ConversionStatus } from '../../api/types';
import { CONVERSION_STATUS_WORDS } from '../../components/conversion-status-badge';
import { FilterSelect, optionsFromWords, optionsOf } from '../../components/filter-select';
import { ListResult } from '../../components/list-result';
import { nameLookup } from '../../components/scope-words';
import { TextFilter, TimeRangeFilters } from '../../components/text-filter';
import { useUrlList } from '../../components/use-url-list';
import { ConversionsTable } from './conversions-table';

const FILTER_NAMES = ['offerId', 'publisherId', 'status', 'transactionId', 'from', 'to'] as const;

// Conversions in the viewer's scope (the API's): publishers see their payout, never revenue;
// advertisers their revenue, never the publisher's payout.
export function ConversionsPage() {
  const me = useMe();
  const list = useUrlList(FILTER_NAMES);
  const { filters, setFilter } = list;
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
  // Advertisers may not list publishers: they see ids.
  const publishers = useQuery({
    ...catalogQueries.publishers(),
    enabled: me.role !== 'advertiser',
  });
  const names = {
    offer: nameLookup(offers.data?.items),
    publisher: nameLookup(publishers.data?.items),
  };
  const filtered = Object.keys(filters).length > 0;

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
        <FilterSelect
          label="Status"
          value={filters.status}
          onChange={(v) => setFilter('status', v)}
          options={optionsFromWords(CONVERSION_STATUS_WORDS)}
        />
        <FilterSelect
          label="Offer"
          value={filters.offerId}
          onChange={(v) => setFilter('offerId', v)}
          options={optionsOf(offers.data?.items, true)}
        />
        {me.role === 'admin' && (
          <FilterSelect
            label="Publisher"
            value={filters.publisherId}
            onChange={(v) => setFilter('publisherId', v)}
            options={optionsOf(publishers.data?.items)}
          />
        )}
        <TextFilter
          label="Transaction id"
          value={filters.transactionId}
          onChange={(v) => setFilter('transactionId', v)}
        />
        <TimeRangeFilters
          filters={filters}
          onChange={setFilter}
          onClear={filtered ? list.clearFilters : null}
        />
      </Group>
      <ListResult
        result={conversions}
        loading="Loading conversions"
        filtered={filtered}
        noun="conversions"
        empty={{
          title: 'No conversions yet.',
          hint: 'They appear here when an advertiser reports one.',
        }}
        paging={list}
      >
        {(items) => <ConversionsTable conversions={items} names={names} role={me.role} />}
      </ListResult>
    </Stack>
  );
}
