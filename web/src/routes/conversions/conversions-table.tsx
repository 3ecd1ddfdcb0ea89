import { Anchor, Table } from '@mantine/core';
import { Link } from 'react-router';
import type { Conversion, Role } from '../../api/types';
import { ConversionStatusBadge } from '../../components/conversion-status-badge';
import { DateTime } from '../../components/date-time';

interface Names {
  offer: (id: number) => string;
  publisher: (id: number) => string;
}

// Columns by role, as the API answers them: publishers have no revenue, advertisers no payout.
export function ConversionsTable({
  conversions,
  names,
  role,
}: {
  conversions: Conversion[];
  names: Names;
  role: Role;
}) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Created</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Offer</Table.Th>
            {role !== 'publisher' && <Table.Th>Publisher</Table.Th>}
            <Table.Th>Event</Table.Th>
            <Table.Th>Transaction id</Table.Th>
            {role !== 'advertiser' && <Table.Th>Payout</Table.Th>}
            {role !== 'publisher' && <Table.Th>Revenue</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {conversions.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <DateTime value={c.createdAt} />
              </Table.Td>
              <Table.Td>
                <ConversionStatusBadge status={c.status} />
              </Table.Td>
              <Table.Td>{names.offer(c.offerId)}</Table.Td>
              {role !== 'publisher' && <Table.Td>{names.publisher(c.publisherId)}</Table.Td>}
              <Table.Td>{c.event ?? 'Base conversion'}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/conversions/${c.id}`} ff="monospace" size="sm">
                  {c.transactionId}
                </Anchor>
              </Table.Td>
              {role !== 'advertiser' && <Table.Td>{money(c.payout, c.currency)}</Table.Td>}
              {role !== 'publisher' && <Table.Td>{money(c.revenue, c.currency)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function money(amount: string | undefined | null, currency: string): string {
  if (amount === undefined || amount === null) return '—';
  // Stored at scale 8: trailing zeros beyond the cents say nothing.
  const trimmed = amount.replace(/(\.\d\d\d*?)0+$/, '$1');
  return `${trimmed} ${currency}`;
}
