import { Alert, Anchor, Button, Drawer, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { errorText } from '../../api/errors';
import { logQueries, retryEntry } from '../../api/logs';
import type { PostbackLogEntry } from '../../api/types';
import { DateTime } from '../../components/date-time';
import { DeliveryStateBadge } from '../../components/delivery-state-badge';
import { FactsTable } from '../../components/facts-table';
import { ErrorState, LoadingState } from '../../components/states';
import { AttemptCard } from './attempt-card';
import type { LogNames } from './logs-table';

// One delivery's attempts, newest first, with its next retry and a Retry button.
export function LogEntryDrawer({
  id,
  names,
  onClose,
}: {
  id: string | null;
  names: LogNames;
  onClose: () => void;
}) {
  return (
    <Drawer
      opened={id !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title="Delivery"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {id && <EntryDetails id={id} names={names} />}
    </Drawer>
  );
}

function EntryDetails({ id, names }: { id: string; names: LogNames }) {
  const queryClient = useQueryClient();
  const entry = useQuery(logQueries.entry(id));
  const retry = useMutation({
    mutationFn: () => retryEntry(id),
    onSuccess: (updated) => {
      queryClient.setQueryData(logQueries.entry(id).queryKey, updated);
      void queryClient.invalidateQueries({ queryKey: [...logQueries.all, 'list'] });
      const last = updated.attempts.at(-1);
      notifications.show({
        color: updated.state === 'delivered' ? 'green' : 'red',
        message:
          updated.state === 'delivered'
            ? 'Retried: the receiver took it.'
            : `Retried: ${last?.errorText ?? 'the receiver did not take it'}.`,
      });
    },
  });

  if (entry.isPending) return <LoadingState label="Loading the delivery" />;
  if (entry.isError) return <ErrorState error={entry.error} onRetry={() => void entry.refetch()} />;
  const data = entry.data;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <DeliveryStateBadge state={data.state} />
        <Button onClick={() => retry.mutate()} loading={retry.isPending}>
          Retry now
        </Button>
      </Group>
      {retry.isError && (
        <Alert color="red" role="alert">
          The retry could not be sent: {errorText(retry.error)}
        </Alert>
      )}
      <Facts entry={data} names={names} />
      <Text fw={600}>Attempts</Text>
      {data.attempts.length === 0 && (
        <Text size="sm" c="dimmed">
          No attempt yet: it is due {data.nextAttemptAt ? 'at the time above' : 'soon'}.
        </Text>
      )}
      {[...data.attempts].reverse().map((attempt) => (
        <AttemptCard key={attempt.n} attempt={attempt} />
      ))}
    </Stack>
  );
}

function Facts({ entry, names }: { entry: PostbackLogEntry; names: LogNames }) {
  const rows: [string, ReactNode][] = [
    ['Rule', names.rule(entry.postbackId)],
    ['Publisher', entry.publisherId === null ? '—' : names.publisher(entry.publisherId)],
    ['Offer', entry.offerId === null ? '—' : names.offer(entry.offerId)],
    ['Transaction id', entry.transactionId ?? '—'],
    ['Publisher click id', entry.externalTransactionId ?? '—'],
    [
      'Conversion',
      entry.conversionId ? (
        <Anchor component={Link} to={`/conversions/${entry.conversionId}`}>
          {entry.conversionId}
        </Anchor>
      ) : (
        '—'
      ),
    ],
    ['Created', <DateTime key="c" value={entry.createdAt} />],
    ['Finished', <DateTime key="f" value={entry.completedAt} />],
    ['Next retry', entry.nextAttemptAt ? <DateTime key="n" value={entry.nextAttemptAt} /> : 'None'],
    [
      'Attempts left',
      entry.attemptsLeft === 0
        ? 'None: no more automatic attempts'
        : `${entry.attemptsLeft} automatic attempt${entry.attemptsLeft === 1 ? '' : 's'}`,
    ],
  ];
  return <FactsTable rows={rows} labelWidth={160} />;
}
