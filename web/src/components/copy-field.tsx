import { Button, CopyButton, Group, Stack, Textarea } from '@mantine/core';
import type { ReactNode } from 'react';

// A value to hand over (a URL, a link, a key): whole (it wraps), selectable, with a copy button.
export function CopyField({
  label,
  value,
  description,
}: {
  label: string;
  value: string;
  description?: ReactNode;
}) {
  return (
    <Stack gap={6}>
      <Textarea
        label={label}
        description={description}
        value={value}
        readOnly
        autosize
        minRows={1}
        onFocus={(event) => event.currentTarget.select()}
        styles={{ input: { fontFamily: 'monospace', wordBreak: 'break-all' } }}
      />
      <Group>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" onClick={copy} aria-label={`Copy ${label}`}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
