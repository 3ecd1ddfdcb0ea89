import { Badge, Code, Group, Paper, Stack, Text } from '@mantine/core';
import type { AttemptDetail } from '../../api/types';
import { DateTime } from '../../components/date-time';

const block = { whiteSpace: 'pre-wrap', wordBreak: 'break-all' } as const;

// One attempt as sent and answered: request line, headers and body (secrets masked when they
// were recorded), status, response body, the error in words, duration.
export function AttemptCard({ attempt }: { attempt: AttemptDetail }) {
  const ok = attempt.statusCode !== null && attempt.statusCode < 300 && !attempt.error;
  const headers = attempt.requestHeaders
    ? Object.entries(attempt.requestHeaders)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n')
    : null;
  return (
    <Paper withBorder p="sm" role="group" aria-label={`Attempt ${attempt.n}`}>
      <Stack gap={6}>
        <Group gap="xs" justify="space-between">
          <Group gap="xs">
            <Text fw={600}>Attempt {attempt.n}</Text>
            <Badge color={ok ? 'green' : 'red'} variant="light">
              {attempt.statusCode === null ? 'No response' : `HTTP ${attempt.statusCode}`}
            </Badge>
            <Text size="sm" c="dimmed">
              {attempt.durationMs} ms
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            <DateTime value={attempt.firedAt} />
          </Text>
        </Group>
        {attempt.errorText && (
          <Text size="sm" c="red.8">
            {attempt.errorText}
          </Text>
        )}
        <Labelled label="Request">{`${attempt.method} ${attempt.url}`}</Labelled>
        <Labelled label="Request headers">{headers ?? '(not recorded for this attempt)'}</Labelled>
        {attempt.requestBody !== null && (
          <Labelled label="Request body">{attempt.requestBody || '(empty)'}</Labelled>
        )}
        <Labelled label="Response body">{attempt.responseBody || '(empty)'}</Labelled>
      </Stack>
    </Paper>
  );
}

function Labelled({ label, children }: { label: string; children: string }) {
  return (
    <div>
      <Text size="xs" fw={600} c="dimmed">
        {label}
      </Text>
      <Code block style={block} aria-label={label}>
        {children}
      </Code>
    </div>
  );
}
