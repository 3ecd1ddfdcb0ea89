import { Badge, Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications as toasts } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { deleteNotificationEndpoint, notificationQueries } from '../../api/notifications';
import { useMe } from '../../api/session';
import { ConfirmButton } from '../../components/confirm-button';
import { DateTime } from '../../components/date-time';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { AddEndpointModal } from './add-endpoint-modal';
import { EVENT_WORDS } from './notification-words';
import { SentNotifications } from './sent-notifications';

// Notification endpoints (SPEC §13): where pauses, approvals and failed deliveries are sent, with
// what was sent to each. A publisher manages its own, about its own rules.
export function NotificationsPage() {
  const me = useMe();
  const endpoints = useQuery(notificationQueries.endpoints());
  const [adding, add] = useDisclosure();
  const [open, setOpen] = useState<number | null>(null);
  const queryClient = useQueryClient();

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Notifications</Title>
          <Text c="dimmed" size="sm">
            {me.role === 'admin'
              ? 'Endpoints told when rules pause, resume, wait for approval or fail to deliver.'
              : 'Endpoints told when your rules pause, resume, wait for approval or fail to deliver.'}
          </Text>
        </div>
        <Button onClick={add.open}>Add endpoint</Button>
      </Group>
      {endpoints.isPending && <LoadingState label="Loading notification endpoints" />}
      {endpoints.isError && (
        <ErrorState error={endpoints.error} onRetry={() => void endpoints.refetch()} />
      )}
      {endpoints.data && endpoints.data.items.length === 0 && (
        <EmptyState title="No notification endpoints yet.">
          <Text c="dimmed" size="sm">
            Add one with Add endpoint.
          </Text>
        </EmptyState>
      )}
      {endpoints.data && endpoints.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" aria-label="Notification endpoints">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>URL</Table.Th>
                <Table.Th>Events</Table.Th>
                <Table.Th>Signed</Table.Th>
                <Table.Th>Added</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {endpoints.data.items.map((endpoint) => (
                <Fragment key={endpoint.id}>
                  <Table.Tr>
                    <Table.Td style={{ wordBreak: 'break-all' }}>{endpoint.url}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {endpoint.events.map((event) => (
                          <Badge key={event} variant="light" size="sm">
                            {EVENT_WORDS[event]}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>{endpoint.hasSigningSecret ? 'Yes' : 'No'}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <DateTime value={endpoint.createdAt} />
                      <Text size="xs" c="dimmed">
                        {endpoint.createdBy}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="subtle"
                          aria-expanded={open === endpoint.id}
                          aria-label={`Recent notifications to ${endpoint.url}`}
                          onClick={() => setOpen(open === endpoint.id ? null : endpoint.id)}
                        >
                          Recent
                        </Button>
                        <ConfirmButton
                          label="Delete"
                          title="Delete this notification endpoint?"
                          warning={`${endpoint.url} is told nothing more, and what was sent to it is forgotten.`}
                          confirmLabel="Delete endpoint"
                          action={() => deleteNotificationEndpoint(endpoint.id)}
                          onDone={() => {
                            void queryClient.invalidateQueries({
                              queryKey: notificationQueries.all,
                            });
                            toasts.show({ color: 'green', message: 'Endpoint deleted.' });
                          }}
                          buttonProps={{ size: 'xs', 'aria-label': `Delete ${endpoint.url}` }}
                        />
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {open === endpoint.id && (
                    <Table.Tr>
                      <Table.Td colSpan={5}>
                        <SentNotifications endpointId={endpoint.id} url={endpoint.url} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AddEndpointModal opened={adding} onClose={add.close} />
    </Stack>
  );
}
