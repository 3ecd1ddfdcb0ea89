import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { createPortalLink, endPortalSessions, type Partner } from '../api/catalog';
import { errorText } from '../api/errors';
import { ConfirmButton } from './confirm-button';
import { CopyField } from './copy-field';
import { DateTime, fromNow } from './date-time';

// A one-time link into the console as a publisher or advertiser (SPEC §11), to hand over, and
// the end of every session such links opened.
export function PortalLinkPanel({
  partner,
  id,
  name,
}: {
  partner: Partner;
  id: number;
  name: string;
}) {
  const link = useMutation({ mutationFn: () => createPortalLink(partner, id) });
  return (
    <Stack gap="sm">
      <Text size="sm">
        A portal link opens this console as {name}, without a password: it works once, within 15
        minutes. Hand it over yourself (or redirect to it from your platform).
      </Text>
      {link.data && (
        <>
          <CopyField label="Portal link" value={link.data.url} />
          <Text size="sm" c="dimmed">
            It works once and expires {fromNow(link.data.expiresAt)} (
            <DateTime value={link.data.expiresAt} />
            ).
          </Text>
        </>
      )}
      {link.isError && (
        <Alert color="red" role="alert">
          {errorText(link.error)}
        </Alert>
      )}
      <Group>
        <Button variant="light" loading={link.isPending} onClick={() => link.mutate()}>
          {link.data ? 'Create another portal link' : 'Create portal link'}
        </Button>
        <ConfirmButton
          label="End portal sessions"
          title={`End ${name}'s portal sessions?`}
          warning={`Everyone who opened a portal link of ${name} is signed out at once. Links not yet opened still work; users with a password are not affected.`}
          confirmLabel="End sessions"
          action={() => endPortalSessions(partner, id)}
          onDone={() =>
            notifications.show({ color: 'green', message: `${name}'s portal sessions ended.` })
          }
        />
      </Group>
    </Stack>
  );
}
