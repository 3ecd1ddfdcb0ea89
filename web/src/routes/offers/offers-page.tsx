import { Anchor, Button, Group, Modal, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import {
  CATALOG_PAGE_SIZE,
  catalogQueries,
  createOffer,
  type OfferListQuery,
} from '../../api/catalog';
import type { Offer, OfferStatus } from '../../api/types';
import { DateTime } from '../../components/date-time';
import { Pager } from '../../components/pager';
import { nameLookup } from '../../components/scope-words';
import { EmptyState, ErrorState, LoadingState, Refreshing } from '../../components/states';
import { StatusBadge, statusOptions } from '../../components/status-badge';
import { useUrlList } from '../../components/use-url-list';
import { OfferForm, offerValues } from './offer-form';

const FILTER_NAMES = ['status', 'advertiser'] as const;
const ANY = 'any';

// Every offer (SPEC §4), for network managers: filters in the URL, and a form to add one.
export function OffersPage() {
  const { filters, cursor, page, setFilter, clearFilters, nextPage, previousPage } =
    useUrlList(FILTER_NAMES);
  const query: OfferListQuery = { limit: CATALOG_PAGE_SIZE };
  if (filters.status) query.status = filters.status as OfferStatus; // the API refuses others
  if (filters.advertiser) query.advertiserId = Number(filters.advertiser);
  if (cursor) query.cursor = cursor;
  const offers = useQuery(catalogQueries.offerPage(query));
  const advertisers = useQuery(catalogQueries.advertisers());
  const advertiserName = nameLookup(advertisers.data?.items);
  const filtered = Object.keys(filters).length > 0;
  const [creating, create] = useDisclosure();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: createOffer,
    onSuccess: (offer) => {
      void queryClient.invalidateQueries({ queryKey: ['offers'] });
      void navigate(`/offers/${offer.id}`);
    },
  });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Offers</Title>
          <Text c="dimmed" size="sm">
            What publishers send traffic to: the landing page, the payout and the revenue.
          </Text>
        </div>
        <Button onClick={create.open}>New offer</Button>
      </Group>
      <Group align="flex-end">
        <Select
          label="Status"
          data={[{ value: ANY, label: 'Any' }, ...statusOptions(['active', 'paused'])]}
          value={filters.status ?? ANY}
          onChange={(value) => setFilter('status', value === ANY ? null : value)}
          allowDeselect={false}
          w={160}
        />
        <Select
          label="Advertiser"
          placeholder="Any"
          searchable
          clearable
          data={(advertisers.data?.items ?? []).map((a) => ({
            value: String(a.id),
            label: a.name,
          }))}
          value={filters.advertiser ?? null}
          onChange={(value) => setFilter('advertiser', value)}
          w={240}
        />
        {filtered && (
          <Button variant="subtle" onClick={clearFilters}>
            Clear filters
          </Button>
        )}
      </Group>
      {offers.isPending && <LoadingState label="Loading offers" />}
      {offers.isError && <ErrorState error={offers.error} onRetry={() => void offers.refetch()} />}
      {offers.data && offers.data.items.length === 0 && (
        <EmptyState title={filtered ? 'No offers match these filters.' : 'No offers yet.'}>
          <Text c="dimmed" size="sm">
            {filtered ? 'Change or clear the filters to see more.' : 'Add one with New offer.'}
          </Text>
        </EmptyState>
      )}
      {offers.data && offers.data.items.length > 0 && (
        <Refreshing busy={offers.isPlaceholderData}>
          <OffersTable offers={offers.data.items} advertiserName={advertiserName} />
        </Refreshing>
      )}
      {offers.data && (
        <Pager
          page={page}
          nextCursor={offers.data.nextCursor}
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
        title="New offer"
        size="lg"
      >
        <OfferForm
          initial={offerValues(undefined, filters.advertiser)}
          submitLabel="Create offer"
          mutation={mutation}
          onCancel={create.close}
        />
      </Modal>
    </Stack>
  );
}

function OffersTable({
  offers,
  advertiserName,
}: {
  offers: Offer[];
  advertiserName: (id: number) => string;
}) {
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>ID</Table.Th>
            <Table.Th>Advertiser</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Payout</Table.Th>
            <Table.Th>Revenue</Table.Th>
            <Table.Th>Created</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {offers.map((offer) => (
            <Table.Tr key={offer.id}>
              <Table.Td>
                <Anchor component={Link} to={`/offers/${offer.id}`} fw={500}>
                  {offer.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{offer.id}</Table.Td>
              <Table.Td>{offer.advertiserId && advertiserName(offer.advertiserId)}</Table.Td>
              <Table.Td>
                <StatusBadge status={offer.status} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {offer.payout} {offer.currency}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {offer.revenue} {offer.currency}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <DateTime value={offer.createdAt} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
