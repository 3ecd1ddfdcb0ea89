import { Button, Code, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { accessQueries, revokeApiKey } from '../../api/access';
import { catalogQueries } from '../../api/catalog';
import type { ApiKey } from '../../api/types';
import { ConfirmButton } from '../../components/confirm-button';
import { DateTime } from '../../components/date-time';
import { ROLE_WORDS } from '../../components/role-words';
import { nameLookup } from '../../components/scope-words';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { CreateKeyModal } from './create-key-modal';

// API keys for servers (SPEC §11): every key not revoked, a new one shown once, revoke.
export function ApiKeysPage() {
  const keys = useQuery(accessQueries.apiKeys());
  const publishers = useQuery(catalogQueries.publishers());
  const advertisers = useQuery(catalogQueries.advertisers());
  const publisherName = nameLookup(publishers.data?.items);
  const advertiserName = nameLookup(advertisers.data?.items);
  const [creating, create] = useDisclosure();
  const queryClient = useQueryClient();

  const roleWords = (key: ApiKey) => {
    if (key.publisherId !== null) return `Publisher ${publisherName(key.publisherId)}`;
    if (key.advertiserId !== null) return `Advertiser ${advertiserName(key.advertiserId)}`;
    return ROLE_WORDS[key.role];
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>API keys</Title>
          <Text c="dimmed" size="sm">
            Keys for servers calling the API, each with a role. People sign in instead.
          </Text>
        </div>
        <Button onClick={create.open}>New API key</Button>
      </Group>
      {keys.isPending && <LoadingState label="Loading API keys" />}
      {keys.isError && <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />}
      {keys.data && keys.data.items.length === 0 && (
        <EmptyState title="No API keys yet.">
          <Text c="dimmed" size="sm">
            Create one with New API key.
          </Text>
        </EmptyState>
      )}
      {keys.data && keys.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={700}>
          <Table striped highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Key starts with</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.items.map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td fw={500}>{key.name}</Table.Td>
                  <Table.Td>{roleWords(key)}</Table.Td>
                  <Table.Td>
                    <Code>{key.keyPrefix}…</Code>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <DateTime value={key.createdAt} />
                  </Table.Td>
                  <Table.Td>
                    <ConfirmButton
                      label="Revoke"
                      title={`Revoke the key ${key.name}?`}
                      warning="Every call made with this key is refused from now on. This cannot be undone: a server that still needs access needs a new key."
                      confirmLabel="Revoke key"
                      action={() => revokeApiKey(key.id)}
                      onDone={() => {
                        void queryClient.invalidateQueries({
                          queryKey: accessQueries.apiKeys().queryKey,
                        });
                        notifications.show({ color: 'green', message: `${key.name} revoked.` });
                      }}
                      buttonProps={{ size: 'xs', 'aria-label': `Revoke ${key.name}` }}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CreateKeyModal opened={creating} onClose={create.close} />
    </Stack>
  );
}
