import { Alert, Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { changeConversionStatus, conversionQueries } from '../../api/conversions';
import { errorText } from '../../api/errors';
import { logQueries } from '../../api/logs';
import type { ConversionStatus, ConversionWithHistory } from '../../api/types';
import { CONVERSION_STATUS_WORDS } from '../../components/conversion-status-badge';

// A manager changes a conversion's status (it fires the rules of the new status, SPEC §5.2);
// the API's transition rules decide, and its refusal is shown in its words.
export function StatusChangeForm({ conversion }: { conversion: ConversionWithHistory }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { status: conversion.status as string, reason: '' },
  });
  const change = useMutation({
    mutationFn: (values: { status: string; reason: string }) =>
      changeConversionStatus(conversion.id, {
        status: values.status as ConversionStatus,
        rejectionReason: values.status === 'rejected' ? values.reason.trim() || null : null,
      }),
    onSuccess: (updated) => {
      queryClient.setQueryData(conversionQueries.detail(conversion.id).queryKey, updated);
      void queryClient.invalidateQueries({ queryKey: conversionQueries.all });
      void queryClient.invalidateQueries({ queryKey: logQueries.all });
      notifications.show({
        color: 'green',
        message: `Status changed to ${CONVERSION_STATUS_WORDS[updated.status].label.toLowerCase()}.`,
      });
      form.setValues({ status: updated.status, reason: '' });
    },
  });
  const unchanged = form.values.status === conversion.status;

  return (
    <form onSubmit={form.onSubmit((values) => change.mutate(values))}>
      <Stack gap="xs">
        <Group align="flex-end" gap="sm">
          <Select
            label="New status"
            data={Object.entries(CONVERSION_STATUS_WORDS).map(([value, w]) => ({
              value,
              label: w.label,
            }))}
            allowDeselect={false}
            w={190}
            {...form.getInputProps('status')}
          />
          {form.values.status === 'rejected' && (
            <TextInput
              label="Rejection reason"
              placeholder="e.g. fraud, duplicate"
              w={280}
              maxLength={512}
              {...form.getInputProps('reason')}
            />
          )}
          <Button type="submit" loading={change.isPending} disabled={unchanged}>
            Change status
          </Button>
        </Group>
        {change.isError && (
          <Alert color="red" role="alert" title="The status was not changed">
            {errorText(change.error)}
          </Alert>
        )}
      </Stack>
    </form>
  );
}
