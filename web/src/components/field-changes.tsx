import { Code, Stack, Table, Text } from '@mantine/core';

type Changes = Record<string, { before?: unknown; after?: unknown }>;

// A JSON value in words: none for null, text as is, anything else as compact JSON.
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  return JSON.stringify(value);
}

// An audit entry's or revision's changes, one line per field: before → after.
export function FieldChanges({ changes }: { changes: Changes }) {
  const fields = Object.entries(changes);
  if (fields.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No field changed
      </Text>
    );
  return (
    <Stack gap={4}>
      {fields.map(([field, change]) => (
        <Text key={field} size="sm" style={{ wordBreak: 'break-all' }}>
          <Text span fw={600}>
            {field}
          </Text>
          : <Code>{valueText(change.before)}</Code> → <Code>{valueText(change.after)}</Code>
        </Text>
      ))}
    </Stack>
  );
}

// Two versions side by side, one row per field; changed rows marked. `left` null: no first
// version (a new rule).
export function SideBySide({
  fields,
  left,
  right,
  leftLabel,
  rightLabel,
}: {
  fields: string[];
  left: Record<string, unknown> | null;
  right: Record<string, unknown>;
  leftLabel: string;
  rightLabel: string;
}) {
  return (
    <Table withTableBorder withColumnBorders layout="fixed" verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={130}>Field</Table.Th>
          <Table.Th>{leftLabel}</Table.Th>
          <Table.Th>{rightLabel}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {fields.map((field) => {
          const before = left ? valueText(left[field]) : '—';
          const after = valueText(right[field]);
          // Against nothing (a new rule) every field is new: nothing to mark.
          const changed = left !== null && before !== after;
          return (
            <Table.Tr key={field} bg={changed ? 'var(--mantine-color-yellow-light)' : undefined}>
              <Table.Td>
                <Text size="sm" fw={changed ? 700 : 400}>
                  {field}
                  {changed && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      (changed)
                    </Text>
                  )}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {before}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {after}
                </Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
