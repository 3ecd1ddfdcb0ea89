import { Alert, Group, SimpleGrid, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ruleQueries } from '../../api/rules';
import type { RuleHealth } from '../../api/types';
import { DateTime } from '../../components/date-time';
import { DELIVERY_STATE_WORDS } from '../../components/delivery-state-badge';
import { ErrorState, LoadingState } from '../../components/states';
import { Section } from '../../components/section';

// Every state the logs know, `held` included (a new rule waiting for approval).
const STATES = Object.keys(DELIVERY_STATE_WORDS);

// A saved rule's last 24 hours (SPEC §14): deliveries by state, success rate, attempt times,
// the last error and the traffic check of its click macros.
export function HealthPanel({ ruleId }: { ruleId: number }) {
  const health = useQuery(ruleQueries.health(ruleId));
  const data = health.data;
  return (
    <Section title="Health, last 24 hours">
      {health.isPending && <LoadingState label="Loading health" />}
      {health.isError && <ErrorState error={health.error} onRetry={() => void health.refetch()} />}
      {data && total(data) === 0 && (
        <Text size="sm" c="dimmed">
          No deliveries in the last 24 hours (tests are not counted).
        </Text>
      )}
      {data && total(data) > 0 && (
        <>
          <SimpleGrid cols={3} spacing="xs">
            {STATES.filter((s) => data.deliveries[s]).map((state) => (
              <Stat key={state} label={state} value={String(data.deliveries[state])} />
            ))}
            {data.successRate !== null && (
              <Stat label="success rate" value={`${Math.round(data.successRate * 100)} %`} />
            )}
          </SimpleGrid>
          {data.attemptDurationMs.p50 !== null && (
            <Text size="sm">
              Attempts took {data.attemptDurationMs.p50} ms (median), {data.attemptDurationMs.p95}{' '}
              ms (95th percentile).
            </Text>
          )}
          <Text size="sm">
            Last success:{' '}
            {data.lastSuccessAt ? <DateTime value={data.lastSuccessAt} /> : 'none in this window'}
          </Text>
          {data.lastError && (
            <Text size="sm">
              Last error (<DateTime value={data.lastError.at} />
              ): {data.lastError.errorText ?? `HTTP ${data.lastError.statusCode}`}
            </Text>
          )}
        </>
      )}
      {data?.warnings.map((warning) => (
        <Alert key={warning.macro} color="yellow">
          {warning.message}
        </Alert>
      ))}
    </Section>
  );
}

const total = (health: RuleHealth) => Object.values(health.deliveries).reduce((a, b) => a + b, 0);

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
