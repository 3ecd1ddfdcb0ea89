import { Alert, Badge, Button, Code, Group, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { errorText } from '../../api/errors';
import { sendTest } from '../../api/rules';
import type { Attempt } from '../../api/types';
import { DateTime } from '../../components/date-time';
import { Section } from '../../components/section';

// "Send test": fires the saved rule once now with sample values and shows the logged attempt.
export function SendTestPanel({ ruleId, dirty }: { ruleId: number | null; dirty: boolean }) {
  const test = useMutation({ mutationFn: () => sendTest(ruleId!) });
  const attempt = test.data?.attempts.at(-1);
  return (
    <Section
      title="Send test"
      aside={
        <Button
          variant="light"
          onClick={() => test.mutate()}
          loading={test.isPending}
          disabled={ruleId === null}
        >
          Send test
        </Button>
      }
    >
      <Text size="sm" c="dimmed">
        {ruleId === null
          ? 'Save the rule first: a test sends the saved rule.'
          : dirty
            ? 'Sends the saved rule, not your unsaved changes.'
            : 'Sends the rule once now with the sample values; logged as a test.'}
      </Text>
      {test.isError && (
        <Alert color="red" role="alert">
          The test could not be sent: {errorText(test.error)}
        </Alert>
      )}
      {test.data && !attempt && (
        <Text size="sm">The test is {test.data.state}; no attempt was made yet.</Text>
      )}
      {attempt && <AttemptResult attempt={attempt} state={test.data!.state} />}
    </Section>
  );
}

function AttemptResult({ attempt, state }: { attempt: Attempt; state: string }) {
  const delivered = state === 'delivered';
  return (
    <Stack gap={6} aria-label="Test result" role="group">
      <Group gap="xs">
        <Badge color={delivered ? 'green' : 'red'} variant="light">
          {delivered ? 'Delivered' : 'Failed'}
        </Badge>
        <Text size="sm">
          {attempt.statusCode === null ? 'No response' : `Status ${attempt.statusCode}`}
          {attempt.durationMs === null ? '' : ` in ${attempt.durationMs} ms`}
        </Text>
        <Text size="xs" c="dimmed">
          <DateTime value={attempt.firedAt} />
        </Text>
      </Group>
      <Code
        block
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
        aria-label="Sent request line"
      >
        {`${attempt.method} ${attempt.url}`}
      </Code>
      {attempt.errorText && (
        <Text size="sm" c="red.8">
          {attempt.errorText}
        </Text>
      )}
      <Text size="sm" fw={600}>
        Response body
      </Text>
      <Code
        block
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
        aria-label="Response body"
      >
        {attempt.responseBody || '(empty)'}
      </Code>
    </Stack>
  );
}
