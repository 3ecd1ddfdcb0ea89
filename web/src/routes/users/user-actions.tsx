import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/errors';
import type { User } from '../../api/types';
import { newInviteLink, updateUser, userQueries } from '../../api/users';
import { ConfirmButton } from '../../components/confirm-button';
import { InviteLinkPanel } from './invite-link-panel';

// A row's buttons. The admin's own row has none: the API refuses to disable one's own user.
export function UserActions({ user, own }: { user: User; own: boolean }) {
  if (own) return null;
  return (
    <Group gap="xs" justify="flex-end" wrap="nowrap">
      {/* Never signed in: the invite went unused, or the user has no password to sign in with. */}
      {!user.disabled && user.lastSignInAt === null && <NewInviteLink user={user} />}
      {user.disabled ? <EnableUser user={user} /> : <DisableUser user={user} />}
    </Group>
  );
}

function useChangeUser(user: User, done: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (disabled: boolean) => updateUser(user.id, { disabled }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: userQueries.all });
      notifications.show({ color: 'green', message: `${user.name} ${done}.` });
    },
  });
}

function EnableUser({ user }: { user: User }) {
  const mutation = useChangeUser(user, 'can sign in again');
  return (
    <Button
      size="xs"
      variant="light"
      loading={mutation.isPending}
      onClick={() =>
        mutation.mutate(false, {
          onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
        })
      }
      aria-label={`Enable ${user.name}`}
    >
      Enable
    </Button>
  );
}

// Disabling signs the user out everywhere, so it asks first.
function DisableUser({ user }: { user: User }) {
  const queryClient = useQueryClient();
  return (
    <ConfirmButton
      label="Disable"
      title={`Disable ${user.name}?`}
      warning={`${user.name} (${user.email}) is signed out everywhere at once and cannot sign in again until you enable the user. Their rules keep working.`}
      confirmLabel="Disable user"
      action={() => updateUser(user.id, { disabled: true })}
      onDone={() => {
        void queryClient.invalidateQueries({ queryKey: userQueries.all });
        notifications.show({ color: 'green', message: `${user.name} is disabled and signed out.` });
      }}
      buttonProps={{ size: 'xs', 'aria-label': `Disable ${user.name}` }}
    />
  );
}

// A fresh link replaces the previous one, which stops working.
function NewInviteLink({ user }: { user: User }) {
  const mutation = useMutation({ mutationFn: () => newInviteLink(user.id) });
  return (
    <>
      <Button
        size="xs"
        variant="subtle"
        loading={mutation.isPending}
        onClick={() => mutation.mutate()}
        aria-label={`New invite link for ${user.name}`}
      >
        New invite link
      </Button>
      <Modal
        opened={mutation.isSuccess || mutation.isError}
        onClose={() => mutation.reset()}
        title={`Invite link for ${user.name}`}
        size="lg"
      >
        <Stack>
          {mutation.isError && (
            <Alert color="red" role="alert">
              {errorText(mutation.error)}
            </Alert>
          )}
          {mutation.data && (
            <>
              <Text size="sm">Any earlier link for {user.name} no longer works.</Text>
              <InviteLinkPanel link={mutation.data} name={user.name} />
            </>
          )}
          <Group justify="flex-end">
            <Button onClick={() => mutation.reset()}>Done</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
