import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

// One record's fields as label/value rows (a delivery, a conversion).
export function FactsTable({
  rows,
  labelWidth = 180,
  maw,
}: {
  rows: [string, ReactNode][];
  labelWidth?: number;
  maw?: number;
}) {
  return (
    <Table variant="vertical" layout="fixed" withTableBorder maw={maw}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={labelWidth}>{label}</Table.Th>
            <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
