import { Alert, Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type UseMutationResult } from '@tanstack/react-query';
import { errorText } from '../api/errors';
import { fieldErrorsOf } from './field-errors';
import { type CatalogStatus, statusOptions } from './status-badge';

export interface PartnerValues {
  name: string;
  status: CatalogStatus;
}

const FIELDS = new Set(['name', 'status']);

// An advertiser's or publisher's name and status: to create one, or to change it.
export function PartnerForm({
  initial,
  statuses,
  statusDescription,
  submitLabel,
  mutation,
  onCancel,
}: {
  initial: PartnerValues;
  statuses: readonly CatalogStatus[];
  statusDescription: string;
  submitLabel: string;
  mutation: UseMutationResult<unknown, Error, PartnerValues>;
  onCancel?: () => void;
}) {
  const form = useForm<PartnerValues>({
    initialValues: initial,
    validate: { name: (value) => (value.trim() ? null : 'Enter a name') },
  });
  const submit = form.onSubmit((values) =>
    mutation.mutate(
      { ...values, name: values.name.trim() },
      {
        onSuccess: () => form.resetDirty(),
        onError: (error) => {
          const errors = fieldErrorsOf(error, FIELDS);
          if (errors) form.setErrors(errors);
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {mutation.isError && !fieldErrorsOf(mutation.error, FIELDS) && (
          <Alert color="red" role="alert">
            {errorText(mutation.error)}
          </Alert>
        )}
        <TextInput label="Name" required maxLength={200} {...form.getInputProps('name')} />
        <Select
          label="Status"
          description={statusDescription}
          allowDeselect={false}
          data={statusOptions(statuses)}
          {...form.getInputProps('status')}
        />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={mutation.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
