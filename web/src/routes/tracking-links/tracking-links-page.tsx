import { Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { CATALOG_PAGE_SIZE, catalogQueries, type OfferListQuery } from '../../api/catalog';
import type { Offer, PresetId } from '../../api/types';
import { Pager } from '../../components/pager';
import { EmptyState, ErrorState, LoadingState, Refreshing } from '../../components/states';
import { NO_TRACKER, TrackerSelect, TrackingLinkResult } from '../../components/tracking-link';
import { useUrlList } from '../../components/use-url-list';

const FILTER_NAMES = ['tracker'] as const;
const REMEMBERED_TRACKER = 'pm.trackingLinks.tracker';

// A publisher's tracking links (SPEC §12): one per offer it may run, with its tracker's
// click-id macro in it. The tracker is in the URL, and remembered for the next visit.
export function TrackingLinksPage() {
  const { filters, cursor, page, nextPage, previousPage } = useUrlList(FILTER_NAMES);
  const [, setParams] = useSearchParams();
  const chosen = filters.tracker ?? localStorage.getItem(REMEMBERED_TRACKER);
  const chooseTracker = (value: PresetId | null) => {
    if (value) localStorage.setItem(REMEMBERED_TRACKER, value);
    else localStorage.removeItem(REMEMBERED_TRACKER);
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('tracker', value ?? NO_TRACKER);
        return next;
      },
      { replace: true },
    );
  };
  const query: OfferListQuery = { limit: CATALOG_PAGE_SIZE };
  if (cursor) query.cursor = cursor;
  const offers = useQuery(catalogQueries.offerPage(query));
  const tracker = !chosen || chosen === NO_TRACKER ? null : (chosen as PresetId);

  return (
    <Stack gap="md" maw={960}>
      <div>
        <Title order={2}>Tracking links</Title>
        <Text c="dimmed" size="sm">
          The links to send your traffic to, one per offer you may run. Pick your tracker: its
          click-id macro goes into each link, so our postbacks send your click id back.
        </Text>
      </div>
      <TrackerSelect value={tracker} onChange={chooseTracker} />
      {offers.isPending && <LoadingState label="Loading offers" />}
      {offers.isError && <ErrorState error={offers.error} onRetry={() => void offers.refetch()} />}
      {offers.data && offers.data.items.length === 0 && (
        <EmptyState title="No offers to run yet.">
          <Text c="dimmed" size="sm">
            Offers appear here when the network makes them active. Ask your network manager.
          </Text>
        </EmptyState>
      )}
      {offers.data && offers.data.items.length > 0 && (
        <Refreshing busy={offers.isPlaceholderData}>
          <Stack gap="sm">
            {offers.data.items.map((offer) => (
              <OfferLink key={offer.id} offer={offer} presetId={tracker} />
            ))}
          </Stack>
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
    </Stack>
  );
}

function OfferLink({ offer, presetId }: { offer: Offer; presetId: PresetId | null }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={offer.name}>
      <Stack gap="xs">
        <div>
          <Text fw={600}>{offer.name}</Text>
          <Text size="sm" c="dimmed">
            Offer {offer.id} · payout {offer.payout} {offer.currency}
          </Text>
        </div>
        <TrackingLinkResult
          offerId={offer.id}
          presetId={presetId}
          label={`Tracking link for ${offer.name}`}
        />
      </Stack>
    </Paper>
  );
}
