import { Code, Stack, Table, Text } from '@mantine/core';
import type { Advertiser } from '../api/types';
import { CopyField } from './copy-field';

const PARAMETERS: [name: string, meaning: string][] = [
  ['transaction_id', 'The network click id your landing page received (required).'],
  [
    'status',
    'approved (or sale, confirmed), pending (lead, hold) or rejected (declined, trash); left out means approved.',
  ],
  ['payout', 'The publisher payout, e.g. 12.50; left out means the offer’s payout.'],
  ['revenue', 'What you pay the network; left out means the offer’s revenue.'],
  ['currency', 'The currency of payout and revenue, e.g. USD; left out means the offer’s.'],
  ['tid', 'Your own order or transaction id: a new tid is a new conversion (rebills).'],
  ['rejection_reason', 'Why a conversion was rejected, with status=rejected.'],
];

// An advertiser's S2S postback URL (SPEC §5.2) with examples, each ready to copy; the same for
// the network manager's advertiser page and the advertiser's own view.
export function PostbackUrlPanel({ advertiser }: { advertiser: Advertiser }) {
  const url = advertiser.postbackUrl;
  return (
    <Stack gap="md">
      <Text size="sm">
        Called from the advertiser’s system when a conversion happens, with the network’s click id
        in <Code>transaction_id</Code>. The URL identifies {advertiser.name}: keep it private.
      </Text>
      <CopyField label="Postback URL" value={url} />
      <CopyField
        label="Example: a sale"
        value={`${url}?transaction_id={transaction_id}&status=approved`}
        description="Replace {transaction_id} with your platform's macro for the click id."
      />
      <CopyField
        label="Example: a lead with its payout and order id"
        value={`${url}?transaction_id={transaction_id}&status=pending&payout=12.50&currency=USD&tid={order_id}`}
      />
      <CopyField
        label="Example: a chargeback"
        value={`${url}?transaction_id={transaction_id}&status=rejected&tid={order_id}&rejection_reason=chargeback`}
      />
      <CopyField label="Example with every parameter" value={advertiser.postbackUrlExample} />
      <Table withTableBorder verticalSpacing={6} aria-label="Postback URL parameters">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Parameter</Table.Th>
            <Table.Th>Meaning</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {PARAMETERS.map(([name, meaning]) => (
            <Table.Tr key={name}>
              <Table.Td>
                <Code>{name}</Code>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{meaning}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
