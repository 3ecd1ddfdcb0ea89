import { Button, CopyButton, Stack, Text, Textarea } from '@mantine/core';
import type { InviteLink } from '../../api/types';
import { DateTime, fromNow } from '../../components/date-time';

// An invite link to hand over: whole (it wraps), copyable, with when it stops working.
export function InviteLinkPanel({ link, name }: { link: InviteLink; name: string }) {
  return (
    <Stack gap="xs">
      <Textarea
        label="Invite link"
        value={link.inviteUrl}
        readOnly
        autosize
        minRows={1}
        onFocus={(event) => event.currentTarget.select()}
        styles={{ input: { fontFamily: 'monospace', wordBreak: 'break-all' } }}
      />
      <CopyButton value={link.inviteUrl}>
        {({ copied, copy }) => (
          <Button variant="light" onClick={copy} style={{ alignSelf: 'flex-start' }}>
            {copied ? 'Copied' : 'Copy the link'}
          </Button>
        )}
      </CopyButton>
      <Text size="sm" c="dimmed">
        It works once and expires {fromNow(link.inviteExpiresAt)} (
        <DateTime value={link.inviteExpiresAt} />
        ). Hand it to {name} yourself: whoever opens it chooses the password.
      </Text>
    </Stack>
  );
}
