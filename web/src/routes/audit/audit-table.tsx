import { Table, Text } from '@mantine/core';
import type { AuditEntry } from '../../api/types';
import { DateTime } from '../../components/date-time';
import { FieldChanges } from '../../components/field-changes';
import { ENTITY_WORDS } from './audit-filters';

const ACTOR_TYPE_WORDS: Record<AuditEntry['actor']['type'], string> = {
  user: 'person',
  api_key: 'API key',
  bootstrap_key: 'admin key from the environment',
  portal: 'portal link',
  system: 'system',
};

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Entity</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Changes (before → after)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <DateTime value={entry.at} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{entry.actor.label}</Text>
                <Text size="xs" c="dimmed">
                  {ACTOR_TYPE_WORDS[entry.actor.type]}
                  {entry.ip ? ` · ${entry.ip}` : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {ENTITY_WORDS[entry.entityType] ?? entry.entityType} {entry.entityId}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{entry.action.replace(/_/g, ' ')}</Text>
              </Table.Td>
              <Table.Td>
                <FieldChanges changes={entry.changes} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
