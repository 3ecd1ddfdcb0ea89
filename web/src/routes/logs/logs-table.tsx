import { Button, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import type { PostbackLog } from '../../api/types';
import { DateTime } from '../../components/date-time';
import { DeliveryStateBadge } from '../../components/delivery-state-badge';
import { RULE_TYPE_WORDS } from '../../components/rule-words';
import type { RuleType } from '../../api/types';

export interface LogNames {
  rule: (id: number) => string;
  publisher: (id: number) => string;
  offer: (id: number) => string;
}

// One row per delivery; Details opens its attempts in the drawer.
export function LogsTable({
  entries,
  names,
  onOpen,
}: {
  entries: PostbackLog[];
  names: LogNames;
  onOpen: (id: string) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Created</Table.Th>
            <Table.Th miw={110}>State</Table.Th>
            <Table.Th>Rule</Table.Th>
            <Table.Th>Publisher / offer</Table.Th>
            <Table.Th>Click</Table.Th>
            <Table.Th>Last answer</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <LogRow key={entry.id} entry={entry} names={names} onOpen={onOpen} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function LogRow({
  entry,
  names,
  onOpen,
}: {
  entry: PostbackLog;
  names: LogNames;
  onOpen: (id: string) => void;
}) {
  const last = entry.attempts.at(-1);
  return (
    <Table.Tr onClick={() => onOpen(entry.id)} style={{ cursor: 'pointer' }}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <DateTime value={entry.createdAt} />
      </Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <DeliveryStateBadge state={entry.state} />
          {entry.test && (
            <Text size="xs" c="dimmed">
              Test
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{names.rule(entry.postbackId)}</Text>
        <Text size="xs" c="dimmed">
          {RULE_TYPE_WORDS[entry.type as RuleType] ?? entry.type}
          {entry.status ? ` · ${entry.status}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {entry.publisherId === null ? '—' : names.publisher(entry.publisherId)}
        </Text>
        <Text size="xs" c="dimmed">
          {entry.offerId === null ? '' : names.offer(entry.offerId)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {entry.transactionId ?? '—'}
        </Text>
        {entry.externalTransactionId && (
          <Text size="xs" c="dimmed" ff="monospace">
            {entry.externalTransactionId}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {!last ? (
          <Text size="sm" c="dimmed">
            Not sent yet
          </Text>
        ) : (
          <>
            <Text size="sm">
              {last.statusCode === null ? 'No response' : `HTTP ${last.statusCode}`}
            </Text>
            {last.errorText && (
              <Text size="xs" c="red.8" lineClamp={2}>
                {last.errorText}
              </Text>
            )}
          </>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{entry.attempts.length}</Text>
        {entry.nextAttemptAt && (
          <Text size="xs" c="dimmed">
            next <DateTime value={entry.nextAttemptAt} />
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="light"
          onClick={(event) => {
            event.stopPropagation();
            onOpen(entry.id);
          }}
        >
          Details
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}
