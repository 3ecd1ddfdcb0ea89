import { Alert, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ruleQueries } from '../../api/rules';
import { DateTime } from '../../components/date-time';
import { ErrorState, LoadingState } from '../../components/states';

const STATES = ['delivered', 'failed', 'retrying', 'scheduled', 'cancelled'];

// A saved rule's last 24 hours (SPEC §14): deliveries by state, success rate, attempt times,
// the last error and the traffic check of its click macros.
export function HealthPanel({ ruleId }: { ruleId: number }) {
  const health = useQuery(ruleQueries.health(ruleId));
  const data = health.data;
  return (
    <Stack gap="sm" component="section" aria-label="Health">
      <Title order={3} size="h4">
        Health, last 24 hours
      </Title>
      {health.isPending && <LoadingState label="Loading health" />}
      {health.isError && <ErrorState error={health.error} onRetry={() => void health.refetch()} />}
      {data && (
        <>
          <SimpleGrid cols={3} spacing="xs">
            {STATES.filter((s) => s in data.deliveries).map((state) => (
              <Stat key={state} label={state} value={String(data.deliveries[state])} />
            ))}
            <Stat
              label="success rate"
              value={data.successRate === null ? '—' : `${Math.round(data.successRate * 100)} %`}
            />
          </SimpleGrid>
          <Text size="sm">
            Attempts took {ms(data.attemptDurationMs.p50)} (median),{' '}
            {ms(data.attemptDurationMs.p95)} (95th percentile). Last success:{' '}
            <DateTime value={data.lastSuccessAt} />
          </Text>
          {data.lastError && (
            <Text size="sm">
              Last error (<DateTime value={data.lastError.at} />
              ): {data.lastError.errorText ?? `HTTP ${data.lastError.statusCode}`}
            </Text>
          )}
          {data.warnings.map((warning) => (
            <Alert key={warning.macro} color="yellow">
              {warning.message}
            </Alert>
          ))}
        </>
      )}
    </Stack>
  );
}

const ms = (value: number | null) => (value === null ? '—' : `${value} ms`);

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text fw={700}>{value}</Text>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
    </Group>
  );
}
