import { Alert, Button, type ButtonProps, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { errorText } from '../api/errors';

interface Props {
  label: string;
  // The dialog's title, a question ("Revoke key Billing?"), and what happens, in words.
  title: string;
  warning: ReactNode;
  confirmLabel: string;
  action: () => Promise<unknown>;
  onDone?: () => void;
  buttonProps?: ButtonProps & { 'aria-label'?: string };
}

// A button whose action can't be undone, so it asks first and says what will happen.
export function ConfirmButton({
  label,
  title,
  warning,
  confirmLabel,
  action,
  onDone,
  buttonProps,
}: Props) {
  const [opened, setOpened] = useState(false);
  const mutation = useMutation({ mutationFn: action });
  const close = () => {
    setOpened(false);
    mutation.reset();
  };
  return (
    <>
      <Button variant="default" {...buttonProps} onClick={() => setOpened(true)}>
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={title}>
        <Stack>
          <Text size="sm">{warning}</Text>
          {mutation.isError && (
            <Alert color="red" role="alert">
              {errorText(mutation.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={mutation.isPending}
              onClick={() =>
                mutation.mutate(undefined, {
                  onSuccess: () => {
                    close();
                    onDone?.();
                  },
                })
              }
            >
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
