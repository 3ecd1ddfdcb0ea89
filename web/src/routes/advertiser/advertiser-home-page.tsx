import { Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { catalogQueries } from '../../api/catalog';
import { useMe } from '../../api/session';
import { PostbackUrlPanel } from '../../components/postback-url-panel';
import { ErrorState, LoadingState } from '../../components/states';

// An advertiser's own S2S postback URL (SPEC §5.2), ready to copy.
export function AdvertiserHomePage() {
  const me = useMe();
  const advertiser = useQuery(catalogQueries.advertiser(me.advertiserId ?? 0));
  if (advertiser.isPending) return <LoadingState />;
  if (advertiser.isError) {
    return <ErrorState error={advertiser.error} onRetry={() => void advertiser.refetch()} />;
  }
  return (
    <Stack maw={820} gap="lg">
      <Title order={2}>Postback URL</Title>
      <PostbackUrlPanel advertiser={advertiser.data} />
    </Stack>
  );
}
