import { Badge, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import type { User } from '../../api/types';
import { DateTime } from '../../components/date-time';
import { ROLE_WORDS } from '../../components/role-words';
import { UserActions } from './user-actions';

export interface BindingNames {
  publisher: (id: number) => string;
  advertiser: (id: number) => string;
}

export function UsersTable({
  users,
  names,
  meId,
}: {
  users: User[];
  names: BindingNames;
  meId: number | null;
}) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Last sign-in</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.id}>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm" fw={500}>
                    {user.name}
                  </Text>
                  {user.id === meId && (
                    <Badge variant="light" color="gray">
                      You
                    </Badge>
                  )}
                  {user.disabled && (
                    <Badge variant="light" color="red">
                      Disabled
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{user.email}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{roleWords(user, names)}</Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {user.lastSignInAt ? (
                  <DateTime value={user.lastSignInAt} />
                ) : (
                  <Text size="sm" c="dimmed">
                    Never
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <UserActions user={user} own={user.id === meId} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

// The role and whom it is bound to: "Publisher of Acme Media".
function roleWords(user: User, names: BindingNames): string {
  if (user.publisherId !== null)
    return `${ROLE_WORDS.publisher} of ${names.publisher(user.publisherId)}`;
  if (user.advertiserId !== null)
    return `${ROLE_WORDS.advertiser} of ${names.advertiser(user.advertiserId)}`;
  return ROLE_WORDS[user.role];
}
