import { Anchor, Group, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { catalogQueries, updateOffer } from '../../api/catalog';
import { errorText } from '../../api/errors';
import type { NewOffer, Offer, PresetId } from '../../api/types';
import { DetailHeader } from '../../components/detail-header';
import { Section } from '../../components/section';
import { ErrorState, LoadingState } from '../../components/states';
import { TrackerSelect, TrackingLinkResult } from '../../components/tracking-link';
import { OfferForm, offerValues } from './offer-form';

// One offer (SPEC §4, §12): its fields, and the tracking link for a publisher and its tracker.
export function OfferPage() {
  const id = Number(useParams().id);
  const offer = useQuery(catalogQueries.offer(id));
  if (offer.isPending) return <LoadingState label="Loading the offer" />;
  if (offer.isError) return <ErrorState error={offer.error} onRetry={() => void offer.refetch()} />;
  return <OfferDetails offer={offer.data} />;
}

function OfferDetails({ offer }: { offer: Offer }) {
  const queryClient = useQueryClient();
  const advertiser = useQuery(catalogQueries.advertiser(offer.advertiserId ?? 0));
  const update = useMutation({
    mutationFn: (body: NewOffer) => updateOffer(offer.id, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(catalogQueries.offer(saved.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ['offers'] });
      // A changed status changes the builder's note.
      void queryClient.invalidateQueries({ queryKey: ['tracking-links'] });
      notifications.show({ color: 'green', message: `${saved.name} saved.` });
    },
  });
  return (
    <Stack maw={900} gap="lg">
      <DetailHeader
        back="/offers"
        backLabel="Offers"
        title={offer.name}
        status={offer.status}
        id={offer.id}
      >
        {advertiser.data && (
          <Text size="sm">
            Advertiser:{' '}
            <Anchor component={Link} to={`/advertisers/${advertiser.data.id}`}>
              {advertiser.data.name}
            </Anchor>
          </Text>
        )}
      </DetailHeader>
      <Section title="Tracking link">
        <TrackingLinkBuilder offer={offer} />
      </Section>
      <Section title="Details">
        <OfferForm initial={offerValues(offer)} submitLabel="Save changes" mutation={update} />
      </Section>
    </Stack>
  );
}

// The publisher and tracker live in the URL, so a built link can be shared with a colleague.
function TrackingLinkBuilder({ offer }: { offer: Offer }) {
  const [params, setParams] = useSearchParams();
  const publishers = useQuery(catalogQueries.publishers());
  const publisherId = params.get('publisher');
  const presetId = params.get('tracker') as PresetId | null;
  const set = (name: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  return (
    <Stack gap="sm">
      <Text size="sm">
        The link a publisher gives its traffic source or tracker. Pick the publisher and the tracker
        it uses: the tracker’s click-id macro goes into the link, so the network stores the
        tracker’s click id with every click and sends it back in postbacks.
      </Text>
      <Group align="flex-start">
        <Select
          label="Publisher"
          placeholder="Choose a publisher"
          searchable
          data={(publishers.data?.items ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
          value={publisherId}
          onChange={(value) => set('publisher', value)}
          error={publishers.isError ? errorText(publishers.error) : undefined}
          w={260}
        />
        <TrackerSelect value={presetId} onChange={(value) => set('tracker', value)} />
      </Group>
      {publisherId ? (
        <TrackingLinkResult
          offerId={offer.id}
          publisherId={Number(publisherId)}
          presetId={presetId}
        />
      ) : (
        <Text size="sm" c="dimmed">
          Choose a publisher to see its link.
        </Text>
      )}
    </Stack>
  );
}
