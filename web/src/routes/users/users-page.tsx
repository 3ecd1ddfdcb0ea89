import { Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { catalogQueries } from '../../api/catalog';
import { useMe } from '../../api/session';
import type { Role } from '../../api/types';
import { type UserListQuery, USERS_PAGE_SIZE, userQueries } from '../../api/users';
import { Pager } from '../../components/pager';
import { ROLE_WORDS } from '../../components/role-words';
import { nameLookup } from '../../components/scope-words';
import { EmptyState, ErrorState, LoadingState, Refreshing } from '../../components/states';
import { useUrlList } from '../../components/use-url-list';
import { InviteUserModal } from './invite-user-modal';
import { UsersTable } from './users-table';

const FILTER_NAMES = ['role'] as const;
const ANY = 'any';

// The people who sign in to the console (SPEC §11), for network managers.
export function UsersPage() {
  const me = useMe();
  const [inviting, invite] = useDisclosure();
  const { filters, cursor, page, setFilter, nextPage, previousPage } = useUrlList(FILTER_NAMES);
  const query: UserListQuery = { limit: USERS_PAGE_SIZE };
  if (filters.role) query.role = filters.role as Role; // the API refuses an unknown one
  if (cursor) query.cursor = cursor;
  const users = useQuery(userQueries.list(query));
  const publishers = useQuery(catalogQueries.publishers());
  const advertisers = useQuery(catalogQueries.advertisers());
  const names = {
    publisher: nameLookup(publishers.data?.items),
    advertiser: nameLookup(advertisers.data?.items),
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Users</Title>
          <Text c="dimmed" size="sm">
            The people who sign in to this console, and whose data each of them sees.
          </Text>
        </div>
        <Button onClick={invite.open}>Invite user</Button>
      </Group>
      <Group align="flex-end">
        <Select
          label="Role"
          data={[
            { value: ANY, label: 'Any' },
            ...Object.entries(ROLE_WORDS).map(([value, label]) => ({ value, label })),
          ]}
          value={filters.role ?? ANY}
          onChange={(value) => setFilter('role', value === ANY ? null : value)}
          allowDeselect={false}
          w={190}
        />
      </Group>
      {users.isPending && <LoadingState label="Loading users" />}
      {users.isError && <ErrorState error={users.error} onRetry={() => void users.refetch()} />}
      {users.data && users.data.items.length === 0 && (
        <EmptyState title={filters.role ? 'No users have this role.' : 'No users yet.'}>
          <Text c="dimmed" size="sm">
            {filters.role ? 'Choose another role to see more.' : 'Add one with Invite user.'}
          </Text>
        </EmptyState>
      )}
      {users.data && users.data.items.length > 0 && (
        <Refreshing busy={users.isPlaceholderData}>
          <UsersTable users={users.data.items} names={names} meId={me.userId} />
        </Refreshing>
      )}
      {users.data && (
        <Pager
          page={page}
          nextCursor={users.data.nextCursor}
          onNext={nextPage}
          onPrevious={previousPage}
        />
      )}
      <InviteUserModal opened={inviting} onClose={invite.close} />
    </Stack>
  );
}
