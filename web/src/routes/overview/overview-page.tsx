import { Group, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { overviewQueries, type OverviewWindow } from '../../api/overview';
import { useMe } from '../../api/session';
import { DateTime } from '../../components/date-time';
import { ErrorState, LoadingState, Refreshing } from '../../components/states';
import { IntakeRefusals } from './intake-refusals';
import { OutcomeChart } from './outcome-chart';
import { FailingRules, PausedRules } from './rule-alerts';
import { StatCards } from './stat-cards';

const WINDOWS: { value: OverviewWindow; label: string }[] = [
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
];

// The landing page: how postbacks are doing, and what needs a look (SPEC §11). The window is in
// the URL, so a view can be shared.
export function OverviewPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const window: OverviewWindow = params.get('window') === '7d' ? '7d' : '24h';
  const overview = useQuery(overviewQueries.window(window));

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Overview</Title>
          <Text c="dimmed" size="sm">
            {me.role === 'admin'
              ? 'How the network’s postbacks are doing, and what needs a look.'
              : 'How your postbacks are doing, and what needs a look.'}
          </Text>
        </div>
        <SegmentedControl
          aria-label="Time window"
          data={WINDOWS}
          value={window}
          onChange={(value) =>
            setParams((current) => {
              const next = new URLSearchParams(current);
              if (value === '24h') next.delete('window');
              else next.set('window', value);
              return next;
            })
          }
        />
      </Group>
      {overview.isPending && <LoadingState label="Loading the overview" />}
      {overview.isError && (
        <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
      )}
      {overview.data && (
        <Refreshing busy={overview.isPlaceholderData}>
          <Stack gap="md">
            <Text size="xs" c="dimmed">
              From <DateTime value={overview.data.from} /> to <DateTime value={overview.data.to} />,
              refreshed every minute.
            </Text>
            <StatCards overview={overview.data} />
            <OutcomeChart series={overview.data.series} bucketHours={overview.data.bucketHours} />
            <FailingRules rules={overview.data.failingRules} from={overview.data.from} />
            <SimpleGrid cols={{ base: 1, md: overview.data.intake ? 2 : 1 }}>
              <PausedRules rules={overview.data.pausedRules} />
              {overview.data.intake && (
                <IntakeRefusals intake={overview.data.intake} from={overview.data.from} />
              )}
            </SimpleGrid>
          </Stack>
        </Refreshing>
      )}
    </Stack>
  );
}
