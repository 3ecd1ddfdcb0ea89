import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { notificationQueries } from '../../api/notifications';
import type { SentNotification } from '../../api/types';
import { DateTime } from '../../components/date-time';
import { ErrorState, LoadingState } from '../../components/states';
import { EVENT_WORDS } from './notification-words';

const STATE_COLORS: Record<SentNotification['state'], string> = {
  scheduled: 'gray',
  retrying: 'yellow',
  delivered: 'green',
  failed: 'red',
};

// What the last attempt got back, in a few words.
function lastAnswer(notification: SentNotification): string {
  const last = notification.attempts[notification.attempts.length - 1];
  if (!last) return 'Not sent yet';
  const status = last.statusCode !== null ? `HTTP ${last.statusCode}` : null;
  return [status, last.error, last.errorMessage].filter(Boolean).join(' · ');
}

// An endpoint's recent notifications, each with its state and last answer.
export function SentNotifications({ endpointId, url }: { endpointId: number; url: string }) {
  const sent = useQuery(notificationQueries.sent(endpointId));
  if (sent.isPending) return <LoadingState label="Loading notifications" />;
  if (sent.isError) return <ErrorState error={sent.error} onRetry={() => void sent.refetch()} />;
  if (sent.data.items.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        Nothing sent yet.
      </Text>
    );
  }
  return (
    <Table aria-label={`Notifications sent to ${url}`} verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>Event</Table.Th>
          <Table.Th>Rule</Table.Th>
          <Table.Th>State</Table.Th>
          <Table.Th>Attempts</Table.Th>
          <Table.Th>Last answer</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sent.data.items.map((n) => (
          <Table.Tr key={n.id}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <DateTime value={n.createdAt} />
            </Table.Td>
            <Table.Td>{EVENT_WORDS[n.type]}</Table.Td>
            <Table.Td>
              {n.ruleId === null ? (
                '—'
              ) : (
                <Anchor component={Link} to={`/rules/${n.ruleId}`}>
                  Rule {n.ruleId}
                </Anchor>
              )}
            </Table.Td>
            <Table.Td>
              <Badge color={STATE_COLORS[n.state]} variant="light">
                {n.state}
              </Badge>
            </Table.Td>
            <Table.Td>{n.attemptCount}</Table.Td>
            <Table.Td>{lastAnswer(n)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
