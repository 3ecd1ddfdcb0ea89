import { Button, Code, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { catalogQueries } from '../../api/catalog';
import { useMe } from '../../api/session';
import { ErrorState, LoadingState } from '../../components/states';

// An advertiser's S2S postback URL (SPEC §5.2), ready to copy.
export function AdvertiserHomePage() {
  const me = useMe();
  const advertiser = useQuery(catalogQueries.advertiser(me.advertiserId ?? 0));
  if (advertiser.isPending) return <LoadingState />;
  if (advertiser.isError) {
    return <ErrorState error={advertiser.error} onRetry={() => void advertiser.refetch()} />;
  }
  const { postbackUrl, postbackUrlExample } = advertiser.data;
  return (
    <Stack maw={820} gap="lg">
      <Title order={2}>Postback URL</Title>
      <Text>
        Call this URL from your system when a conversion happens, with the network's click id in{' '}
        <Code>transaction_id</Code>. It identifies {advertiser.data.name}: keep it private.
      </Text>
      <UrlBlock label="Your postback URL" url={postbackUrl} />
      <UrlBlock label="Example with every parameter" url={postbackUrlExample} />
    </Stack>
  );
}

function UrlBlock({ label, url }: { label: string; url: string }) {
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text fw={600} size="sm">
          {label}
        </Text>
        <CopyButton value={url}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" onClick={copy} aria-label={`Copy: ${label}`}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
        {url}
      </Code>
    </Stack>
  );
}
