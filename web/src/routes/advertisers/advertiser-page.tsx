import { Anchor, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { catalogQueries, rotatePostbackKey, updateAdvertiser } from '../../api/catalog';
import type { Advertiser } from '../../api/types';
import { ConfirmButton } from '../../components/confirm-button';
import { DetailHeader } from '../../components/detail-header';
import { PartnerForm, type PartnerValues } from '../../components/partner-form';
import { PortalLinkPanel } from '../../components/portal-link-panel';
import { PostbackUrlPanel } from '../../components/postback-url-panel';
import { Section } from '../../components/section';
import { ErrorState, LoadingState } from '../../components/states';
import { ADVERTISER_STATUS_HELP } from './advertisers-page';

// One advertiser (SPEC §4, §11): its details, its S2S postback URL and key, its offers and a
// portal link into the console as it.
export function AdvertiserPage() {
  const id = Number(useParams().id);
  const advertiser = useQuery(catalogQueries.advertiser(id));
  if (advertiser.isPending) return <LoadingState label="Loading the advertiser" />;
  if (advertiser.isError) {
    return <ErrorState error={advertiser.error} onRetry={() => void advertiser.refetch()} />;
  }
  return <AdvertiserDetails advertiser={advertiser.data} />;
}

function AdvertiserDetails({ advertiser }: { advertiser: Advertiser }) {
  const queryClient = useQueryClient();
  const changed = (saved: Advertiser) => {
    queryClient.setQueryData(catalogQueries.advertiser(saved.id).queryKey, saved);
    void queryClient.invalidateQueries({ queryKey: ['advertisers'] });
  };
  const update = useMutation({
    mutationFn: (values: PartnerValues) =>
      updateAdvertiser(advertiser.id, values as Partial<Advertiser>),
    onSuccess: (saved) => {
      changed(saved);
      notifications.show({ color: 'green', message: `${saved.name} saved.` });
    },
  });

  return (
    <Stack maw={900} gap="lg">
      <DetailHeader
        back="/advertisers"
        backLabel="Advertisers"
        title={advertiser.name}
        status={advertiser.status}
        id={advertiser.id}
      />
      <Section title="Details">
        <PartnerForm
          initial={{ name: advertiser.name, status: advertiser.status }}
          statuses={['active', 'paused']}
          statusDescription={ADVERTISER_STATUS_HELP}
          submitLabel="Save changes"
          mutation={update}
        />
      </Section>
      <Section
        title="S2S postback URL"
        aside={
          <ConfirmButton
            label="Rotate key"
            title="Rotate the postback key?"
            warning={`${advertiser.name}'s current postback URL stops working at once: conversions sent to it are refused until the advertiser switches to the new URL. Do this when the URL has leaked.`}
            confirmLabel="Rotate key"
            action={() => rotatePostbackKey(advertiser.id).then(changed)}
            onDone={() =>
              notifications.show({
                color: 'green',
                message: 'New postback URL ready: hand it to the advertiser.',
              })
            }
          />
        }
      >
        <PostbackUrlPanel advertiser={advertiser} />
      </Section>
      <Section title="Offers">
        <Text size="sm">
          <Anchor component={Link} to={`/offers?advertiser=${advertiser.id}`}>
            {advertiser.name}'s offers
          </Anchor>
        </Text>
      </Section>
      <Section title="Portal link">
        <PortalLinkPanel partner="advertiser" id={advertiser.id} name={advertiser.name} />
      </Section>
    </Stack>
  );
}
