import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { accessQueries, createApiKey } from '../../api/access';
import { errorText } from '../../api/errors';
import type { NewApiKey, Role } from '../../api/types';
import { CopyField } from '../../components/copy-field';
import { fieldErrorsOf } from '../../components/field-errors';
import { ROLE_WORDS } from '../../components/role-words';
import { BindingSelect } from '../users/binding-select';

interface KeyValues {
  name: string;
  role: Role | '';
  publisherId: string | null;
  advertiserId: string | null;
}

const BLANK: KeyValues = { name: '', role: '', publisherId: null, advertiserId: null };
const FIELDS = new Set(Object.keys(BLANK));
const ROLE_OPTIONS = Object.entries(ROLE_WORDS).map(([value, label]) => ({ value, label }));

// A new API key for a server; its secret is in the answer only, so it is shown once, here.
export function CreateKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<KeyValues>({
    initialValues: BLANK,
    validate: {
      name: (value) => (value.trim() ? null : 'Enter a name'),
      role: (value) => (value ? null : 'Choose a role'),
      publisherId: (value, values) =>
        values.role === 'publisher' && !value ? 'Choose the publisher' : null,
      advertiserId: (value, values) =>
        values.role === 'advertiser' && !value ? 'Choose the advertiser' : null,
    },
  });
  const mutation = useMutation({
    mutationFn: createApiKey,
    onSuccess: () =>
      void queryClient.invalidateQueries({ queryKey: accessQueries.apiKeys().queryKey }),
    onError: (error) => {
      const errors = fieldErrorsOf(error, FIELDS);
      if (errors) form.setErrors(errors);
    },
  });
  const close = () => {
    form.reset();
    mutation.reset();
    onClose();
  };
  const submit = form.onSubmit((values) => {
    const body: NewApiKey = { name: values.name.trim(), role: values.role as Role };
    if (values.role === 'publisher') body.publisherId = Number(values.publisherId);
    if (values.role === 'advertiser') body.advertiserId = Number(values.advertiserId);
    mutation.mutate(body);
  });

  return (
    <Modal opened={opened} onClose={close} title="New API key" size="lg">
      {mutation.data ? (
        <Stack>
          <Alert color="yellow" role="status" title="Copy the key now">
            This is the only time {mutation.data.name}’s key is shown: only its hash is kept. If it
            is lost, revoke it and create another.
          </Alert>
          <CopyField label="API key" value={mutation.data.key} />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {mutation.isError && !fieldErrorsOf(mutation.error, FIELDS) && (
              <Alert color="red" role="alert">
                {errorText(mutation.error)}
              </Alert>
            )}
            <TextInput
              label="Name"
              description="Where the key is used, e.g. the server or integration."
              required
              maxLength={200}
              {...form.getInputProps('name')}
            />
            <Select
              label="Role"
              placeholder="Choose a role"
              required
              allowDeselect={false}
              data={ROLE_OPTIONS}
              {...form.getInputProps('role')}
            />
            {form.values.role === 'publisher' && <BindingSelect kind="publisher" form={form} />}
            {form.values.role === 'advertiser' && <BindingSelect kind="advertiser" form={form} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                Create key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
