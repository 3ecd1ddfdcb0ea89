import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '../../api/errors';
import { bulkRetry, type LogFilter, logQueries } from '../../api/logs';
import type { BulkRetryResult } from '../../api/types';

// Above this many, a bulk retry asks before it re-sends.
export const CONFIRM_ABOVE = 100;
// One call takes at most this many (SPEC §14).
const MAX_PER_CALL = 10_000;

export function needsConfirmation(matched: number): boolean {
  return matched > CONFIRM_ABOVE;
}

const deliveries = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'delivery' : 'deliveries'}`;

// SPEC §14 for the current filters: the button says how many a retry would take (a dry run),
// asks first above CONFIRM_ABOVE, then says what was matched and queued.
export function BulkRetry({ filter }: { filter: LogFilter }) {
  const queryClient = useQueryClient();
  const [includeDelivered, setIncludeDelivered] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const count = useQuery({
    queryKey: [...logQueries.all, 'retry-count', filter, includeDelivered] as const,
    queryFn: () => bulkRetry({ ...filter, dryRun: true } as LogFilter, includeDelivered),
  });
  const retry = useMutation({
    mutationFn: () => bulkRetry(filter, includeDelivered),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: logQueries.all }),
    onSettled: () => setConfirming(false),
  });
  const matched = count.data?.matched ?? 0;
  const what = includeDelivered ? 'failed or delivered' : 'failed';
  const label = count.data
    ? `Retry ${count.data.more ? `${MAX_PER_CALL.toLocaleString()}+` : matched.toLocaleString()} ${what}`
    : `Retry ${what}`;
  const start = () => (needsConfirmation(matched) ? setConfirming(true) : retry.mutate());

  return (
    <Stack gap="xs">
      <Group gap="md" align="center">
        <Button
          variant="light"
          onClick={start}
          loading={retry.isPending}
          disabled={!count.data || matched === 0}
        >
          {label}
        </Button>
        <Checkbox
          label="Also re-send delivered ones (the tracker lost data)"
          checked={includeDelivered}
          onChange={(event) => setIncludeDelivered(event.currentTarget.checked)}
        />
      </Group>
      {count.isError && (
        <Text size="sm" c="red.8">
          Could not count what a retry would take: {errorText(count.error)}
        </Text>
      )}
      {retry.isError && (
        <Alert color="red" role="alert">
          The retry failed: {errorText(retry.error)}
        </Alert>
      )}
      {retry.data && <RetryOutcome result={retry.data} />}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Retry these deliveries?"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack>
          <Text size="sm">
            {count.data?.more ? `More than ${deliveries(MAX_PER_CALL)}` : deliveries(matched)}
            {` (${what}) match these filters. Each gets one new attempt now, at 250 a second; receivers dedupe by the Idempotency-Key.`}
            {count.data?.more &&
              ` One retry takes the oldest ${MAX_PER_CALL.toLocaleString()}; narrow the time range for the rest.`}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="orange" onClick={() => retry.mutate()} loading={retry.isPending}>
              Retry {count.data?.more ? MAX_PER_CALL.toLocaleString() : matched.toLocaleString()}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function RetryOutcome({ result }: { result: BulkRetryResult }) {
  return (
    <Alert color={result.queued > 0 ? 'green' : 'gray'} role="status" title="Retry sent">
      <Text size="sm">
        {deliveries(result.matched)} matched, {result.queued.toLocaleString()} queued for a new
        attempt.
        {result.skipped > 0 &&
          ` ${result.skipped.toLocaleString()} skipped: their rule is disabled or paused; enable it first.`}
        {result.more &&
          ` More than ${MAX_PER_CALL.toLocaleString()} matched: narrow the time range and retry again for the rest.`}
      </Text>
    </Alert>
  );
}
