import { Alert, Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/errors';
import { createNotificationEndpoint, notificationQueries } from '../../api/notifications';
import type { NotificationEventName } from '../../api/types';
import { fieldErrorsOf } from '../../components/field-errors';
import { EVENT_WORDS } from './notification-words';

interface EndpointValues {
  url: string;
  events: NotificationEventName[];
  signingSecret: string;
}

const BLANK: EndpointValues = { url: '', events: [], signingSecret: '' };
const FIELDS = new Set(Object.keys(BLANK));

// A new endpoint: where to POST, which events, and optionally the secret that signs them (kept
// by the server, never shown again).
export function AddEndpointModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<EndpointValues>({
    initialValues: BLANK,
    validate: {
      url: (value) => (/^https?:\/\/\S+$/.test(value.trim()) ? null : 'Enter an http(s) URL'),
      events: (value) => (value.length > 0 ? null : 'Choose at least one event'),
    },
  });
  const close = () => {
    form.reset();
    mutation.reset();
    onClose();
  };
  const mutation = useMutation({
    mutationFn: createNotificationEndpoint,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: notificationQueries.all });
      close();
    },
    onError: (error) => {
      const errors = fieldErrorsOf(error, FIELDS);
      if (errors) form.setErrors(errors);
    },
  });
  const submit = form.onSubmit((values) =>
    mutation.mutate({
      url: values.url.trim(),
      events: values.events,
      ...(values.signingSecret.trim() ? { signingSecret: values.signingSecret.trim() } : {}),
    }),
  );

  return (
    <Modal opened={opened} onClose={close} title="Add notification endpoint" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {mutation.isError && !fieldErrorsOf(mutation.error, FIELDS) && (
            <Alert color="red" role="alert">
              {errorText(mutation.error)}
            </Alert>
          )}
          <TextInput
            label="URL"
            description="Notifications are POSTed here as JSON."
            placeholder="https://hooks.example.com/postback-manager"
            required
            maxLength={2000}
            {...form.getInputProps('url')}
          />
          <Checkbox.Group label="Events" required {...form.getInputProps('events')}>
            <Stack gap="xs" mt="xs">
              {Object.entries(EVENT_WORDS).map(([value, label]) => (
                <Checkbox key={value} value={value} label={label} />
              ))}
            </Stack>
          </Checkbox.Group>
          <TextInput
            label="Signing secret"
            description="Optional, whsec_… (Standard Webhooks). Stored to sign; never shown again."
            {...form.getInputProps('signingSecret')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              Add endpoint
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
