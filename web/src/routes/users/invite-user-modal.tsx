import {
  Alert,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '../../api/errors';
import type { CreatedUser } from '../../api/types';
import { createUser, userQueries } from '../../api/users';
import { ROLE_WORDS } from '../../components/role-words';
import { BindingSelect } from './binding-select';
import { InviteLinkPanel } from './invite-link-panel';
import { bodyOf, MIN_PASSWORD, fieldErrorsOf, type UserFormValues, useUserForm } from './user-form';

const ROLE_OPTIONS = Object.entries(ROLE_WORDS).map(([value, label]) => ({ value, label }));

// A new console user: with a password they can sign in at once; without, the answer is an
// invite link the admin hands over. `initial` fills the form in (a publisher page invites its own).
export function InviteUserModal({
  opened,
  onClose,
  initial,
}: {
  opened: boolean;
  onClose: () => void;
  initial?: Partial<UserFormValues>;
}) {
  const queryClient = useQueryClient();
  const form = useUserForm(initial);
  const [invited, setInvited] = useState<CreatedUser | null>(null);
  const { role } = form.values;
  const mutation = useMutation({
    mutationFn: createUser,
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: userQueries.all });
      if (user.inviteUrl) return setInvited(user);
      notifications.show({
        color: 'green',
        message: `${user.name} can now sign in with the password you set.`,
      });
      close();
    },
    onError: (error) => {
      const errors = fieldErrorsOf(error);
      if (errors) form.setErrors(errors);
    },
  });

  const close = () => {
    form.reset();
    mutation.reset();
    setInvited(null);
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title="Invite user" size="lg">
      {invited?.inviteUrl && invited.inviteExpiresAt ? (
        <Stack>
          <Alert color="green" variant="light" role="status">
            {invited.name} ({invited.email}) was added. Send them this link to choose their
            password.
          </Alert>
          <InviteLinkPanel
            link={{ inviteUrl: invited.inviteUrl, inviteExpiresAt: invited.inviteExpiresAt }}
            name={invited.name}
          />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((values) => mutation.mutate(bodyOf(values)))} noValidate>
          <Stack>
            {mutation.isError && !fieldErrorsOf(mutation.error) && (
              <Alert color="red" role="alert">
                {errorText(mutation.error)}
              </Alert>
            )}
            <TextInput label="Email" type="email" required {...form.getInputProps('email')} />
            <TextInput label="Name" required {...form.getInputProps('name')} />
            <Select
              label="Role"
              placeholder="Choose a role"
              required
              allowDeselect={false}
              data={ROLE_OPTIONS}
              {...form.getInputProps('role')}
            />
            {role === 'publisher' && <BindingSelect kind="publisher" form={form} />}
            {role === 'advertiser' && <BindingSelect kind="advertiser" form={form} />}
            <PasswordInput
              label="Password"
              description={`Optional. Leave empty to send an invite link; otherwise at least ${MIN_PASSWORD} characters.`}
              autoComplete="new-password"
              {...form.getInputProps('password')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                Create user
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
